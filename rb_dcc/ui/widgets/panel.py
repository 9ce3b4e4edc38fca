"""The panel: a header (farm, profile, language) over the Submit and Monitor tabs."""

from __future__ import annotations


from qtpy.QtCore import Qt, QTimer
from qtpy.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QLabel, QSystemTrayIcon, QTabWidget, QVBoxLayout, QWidget,
)

from .. import i18n
from ..control.monitor import MonitorController
from ..control.profiles import ProfileController
from ..control.submit import SubmitController
from ..i18n import tr
from ..runner import Runner
from .common import icon, set_tone, style_sheet, tool_button
from .monitor import MonitorView
from .submit import SubmitView

SCENE_FILTER = "Scenes (*.ma *.mb *.hip *.hipnc *.hiplc *.max *.blend)"


class Panel(QWidget):
    """One panel per host session (see ``rb_dcc.ui.open_panel``)."""

    def __init__(self, adapter=None, parent=None, *, client=None, load_profile: bool = True,
                 refresh_s: float = 10.0):
        super().__init__(parent, Qt.Window)
        self.setObjectName("rbPanel")
        self.setWindowTitle(tr("Renderbus"))
        self.setWindowIcon(icon("app"))
        self.setStyleSheet(style_sheet())
        self.runner = Runner(self)
        self.profiles = ProfileController(self.runner)
        self.submit_ctl = SubmitController(self.runner, adapter, client)
        self.monitor_ctl = MonitorController(self.runner, client)
        import rb_dcc.ui as _ui

        self.monitor_ctl.freeze_gc = _ui._app is not None  # our own application, not a host's
        self.profiles.own_process_farm = _ui._app is not None
        self.tray = None
        self._refresh_s = refresh_s
        self._adapter_is_file = getattr(adapter, "name", "") == "standalone"
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(10, 10, 10, 10)
        self._body = None
        self._build()

        self.profiles.client_changed.connect(self._client_changed)
        self.profiles.changed.connect(self._farm_text)
        self.submit_ctl.submitted.connect(self._submitted)
        self._shortcuts()
        self.resize(1180, 800)

        self._farm_text()
        # the first paint comes first: reading the scene and asking the farm start right after it
        QTimer.singleShot(0, lambda: self._start(adapter, client, load_profile))

    def _start(self, adapter, client, load_profile: bool) -> None:
        if self.monitor_ctl.freeze_gc:
            # our own process: everything built so far lives as long as the app; keeping it out of
            # the collector's full scans keeps those scans (which hold the GUI thread) short
            import gc

            gc.freeze()
        if client is not None:
            self.monitor_ctl.refresh()
        elif load_profile:
            self.profiles.load()
        self._farm_text()
        if adapter is not None and (adapter.scene_path() or getattr(adapter, "name", "") != "standalone"):
            self.submit_ctl.load()

    def _build(self) -> None:
        """(Re)build the visible part: header and tabs. Controllers keep their state across."""
        index = 0
        if self._body is not None:
            index = self.tabs.currentIndex()
            self.submit_view.unbind()
            self.monitor_view.unbind()
            self.monitor_view.timer.stop()
            self._lay.removeWidget(self._body)
            self._body.deleteLater()
        self.setWindowTitle(tr("Renderbus"))
        body = QWidget()
        bl = QVBoxLayout(body)
        bl.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        title = QLabel(tr("Renderbus"))
        title.setObjectName("rbHeading")
        self.farm_label = QLabel()
        self.farm_label.setObjectName("rbFarm")
        self.farm_label.setProperty("tone", "muted")
        self.profile_btn = tool_button(tr("Profile…"), "profile", self.open_profile)
        self.profile_btn.setObjectName("rbProfileButton")
        self.lang = QComboBox()
        self.lang.setObjectName("rbLanguage")
        for code, name in i18n.LANGUAGES.items():
            self.lang.addItem(name, code)
        self.lang.setCurrentIndex(max(0, self.lang.findData(i18n.current_language())))
        self.lang.activated.connect(self._language)
        header.addWidget(title)
        header.addSpacing(12)
        header.addWidget(self.farm_label, 1)
        self.diag_btn = tool_button(tr("Copy diagnostics"), "notice", self.copy_diagnostics,
                                    tr("Copy versions and settings (no keys) for a support request"))
        self.diag_btn.setObjectName("rbDiagnostics")
        header.addWidget(self.diag_btn)
        header.addWidget(self.lang)
        header.addWidget(self.profile_btn)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("rbTabs")
        self.submit_view = SubmitView(self.submit_ctl)
        self.monitor_view = MonitorView(self.monitor_ctl, interval_s=self._refresh_s)
        self.tabs.addTab(self.submit_view, icon("scene"), tr("Submit"))
        self.tabs.addTab(self.monitor_view, icon("refresh"), tr("Monitor"))
        if self._adapter_is_file:
            self.submit_view.open_scene = self.choose_scene
            self.submit_view.open_btn.show()
        self.monitor_view.notify = self._notify
        bl.addLayout(header)
        bl.addWidget(self.tabs, 1)
        self._lay.addWidget(body)
        self._body = body
        self.tabs.setCurrentIndex(index)
        self._farm_text()

    def _shortcuts(self) -> None:
        """F5 refreshes, Delete deletes the selected tasks (after the usual question),
        Ctrl+Enter submits."""
        from qtpy.QtGui import QKeySequence, QShortcut

        def on(keys, fn):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.WindowShortcut)
            sc.activated.connect(fn)
            return sc

        on("F5", lambda: self.monitor_ctl.refresh() if self.tabs.currentWidget() is self.monitor_view
           else self.submit_ctl.load())
        on("Delete", lambda: self.tabs.currentWidget() is self.monitor_view and self.monitor_view.tree.hasFocus()
           and self.monitor_ctl.request("delete", self.monitor_view.selected_task_ids()))
        on("Ctrl+Return", lambda: self.tabs.currentWidget() is self.submit_view and self.submit_ctl.submit())

    # --- farm / profile -----------------------------------------------------------------------
    @property
    def client(self):
        return self.monitor_ctl.client

    def set_client(self, client) -> None:
        self.submit_ctl.set_client(client)
        self.monitor_ctl.set_client(client)
        self._farm_text()

    def _client_changed(self, client) -> None:
        self.set_client(client)
        if self.profiles.current is not None and self.profiles.current.local_farm_dir:
            self.monitor_view.timer.setInterval(3000)  # the local farm renders fast: follow it closely

    def _farm_text(self) -> None:
        client, p = self.client, self.profiles.current
        if self.profiles.busy and client is None:
            self.farm_label.setText(tr("Connecting…"))
            set_tone(self.farm_label, "muted")
        elif client is None:
            if not self.profiles.busy and self.monitor_ctl.error is None:
                self.monitor_ctl.refresh()  # shows "not signed in" with a Profile… button
            err = self.profiles.error
            self.farm_label.setText(err.message if err else tr("Not signed in"))
            set_tone(self.farm_label, "bad" if err else "held")
        else:
            where = getattr(client, "domain", "")
            name = p.name if p is not None else ""
            text = tr("Farm: %s") % where
            if name == "local":
                text = tr("Farm: local farm on this computer (%s)") % where
            elif name:
                text += " · " + tr("profile %s") % name
            self.farm_label.setText(text)
            set_tone(self.farm_label, "muted")

    def open_profile(self) -> None:
        from .login import ProfileDialog

        if not self.profiles.profiles and not self.profiles.busy:
            self.profiles.load(connect=False)
        dlg = ProfileDialog(self.profiles, self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.open()
        self._dialog = dlg

    def diagnostics(self) -> str:
        """Versions and settings for a support request; never a key."""
        import platform
        import sys

        import qtpy

        import rb_dcc

        adapter = self.submit_ctl.adapter
        host = getattr(adapter, "name", "") or "-"
        try:
            host += " " + (adapter.host_version() or "")
        except Exception:
            pass
        client, p = self.client, self.profiles.current
        lines = [
            "rb_dcc %s" % rb_dcc.__version__,
            "Python %s on %s" % (sys.version.split()[0], platform.platform()),
            "Qt binding %s %s, Qt %s" % (qtpy.API_NAME, getattr(qtpy, "PYSIDE_VERSION", None) or
                                         getattr(qtpy, "PYQT_VERSION", None) or "", qtpy.QT_VERSION),
            "host %s" % host.strip(),
            "scene %s" % (adapter.scene_path() if adapter is not None else "-"),
            "farm %s://%s platform %s" % (getattr(client, "protocol", "-"), getattr(client, "domain", "-"),
                                          getattr(client, "platform", "-")),
            "profile %s" % (p.name if p is not None else "-"),
            "language %s" % i18n.current_language(),
        ]
        if self.submit_ctl.result is not None:
            lines.append("last task %s" % self.submit_ctl.result.task_id)
        return "\n".join(lines)

    def copy_diagnostics(self) -> None:
        from qtpy.QtWidgets import QApplication

        QApplication.clipboard().setText(self.diagnostics())
        self.farm_label.setText(tr("Diagnostics copied to the clipboard."))

    # --- scene (standalone) -------------------------------------------------------------------
    def choose_scene(self) -> None:
        start = ""
        if self.submit_ctl.adapter is not None:
            start = self.submit_ctl.adapter.scene_path()
        path, _ = QFileDialog.getOpenFileName(self, tr("Open a scene file"), start, SCENE_FILTER)
        if path:
            self.open_scene_file(path)

    def open_scene_file(self, path: str) -> None:
        adapter = self.submit_ctl.adapter
        if adapter is not None and hasattr(adapter, "set_scene_path"):
            adapter.set_scene_path(path)
            self.submit_ctl.load()
        else:
            from rb_dcc.adapters.base import StandaloneHost

            self.submit_ctl.set_adapter(StandaloneHost(path))
        self.tabs.setCurrentWidget(self.submit_view)

    # --- after submit -------------------------------------------------------------------------
    def _submitted(self, task_id) -> None:
        self.tabs.setCurrentWidget(self.monitor_view)
        self.monitor_ctl.selected_id = None
        self.monitor_ctl.select_task(task_id)
        self._pending_select = task_id
        self.monitor_ctl.tasks_changed.connect(self._select_pending)
        self.monitor_ctl.refresh()

    def _select_pending(self) -> None:
        task_id = getattr(self, "_pending_select", None)
        if task_id is not None and self.monitor_view.select_task(task_id):
            self._pending_select = None
            self.monitor_ctl.tasks_changed.disconnect(self._select_pending)

    # --- language, tray -----------------------------------------------------------------------
    def _language(self, i: int) -> None:
        code = self.lang.itemData(i)
        if code == i18n.current_language():
            return
        i18n.install(code)
        i18n.remember_language(code, self.runner)
        self._build()
        self.submit_view._scene_changed()
        self.submit_view._plan_changed()
        self.submit_view._state_changed()
        self.monitor_view._tasks_changed()
        self.monitor_view._details_changed()

    def _setup_tray(self) -> None:
        """The tray icon appears with the first notification only (no extra icon in a host)."""
        if self.tray is not None:
            return
        try:
            if QSystemTrayIcon.isSystemTrayAvailable():
                self.tray = QSystemTrayIcon(icon("app"), self)
                self.tray.setToolTip(tr("Renderbus"))
                self.tray.activated.connect(lambda *_: (self.show(), self.raise_()))
                self.tray.show()
        except Exception:
            self.tray = None

    def _notify(self, title: str, text: str) -> None:
        """A desktop notification when a task ends (where the desktop has a tray)."""
        self.last_notification = (title, text)
        self._setup_tray()
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.Information, 8000)

    # --- lifetime -----------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        """Hide: the panel lives on for the host session (``open_panel`` shows it again)."""
        self.monitor_view.timer.stop()
        self.submit_ctl.save_settings()
        for key in ("tasks", "frames", "log", "thumbnail", "progress_image"):
            self.runner.cancel(key)  # reads only; a submission or a download goes on
        super().closeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.monitor_view.auto.isChecked() and not self.monitor_view.timer.isActive():
            self.monitor_view.timer.start()
            if self.client is not None and self.monitor_ctl.tasks:
                self.monitor_ctl.refresh(auto=True)

    def shutdown(self, timeout_ms: int = 1500) -> bool:
        """End background work for good (the application is quitting); stop farms started here.

        False when a worker is still waiting on the network after ``timeout_ms``."""
        from ..control.profiles import stop_local_farms

        self.monitor_view.timer.stop()
        done = self.runner.close(timeout_ms=timeout_ms)
        stop_local_farms()
        return done
        if self.tray is not None:
            self.tray.hide()
