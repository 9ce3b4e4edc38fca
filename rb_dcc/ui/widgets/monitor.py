"""The Monitor tab: tasks (with layers as children), their frames, log, pictures and actions."""

from __future__ import annotations

import os
from typing import Any, Callable, List

from qtpy.QtCore import QItemSelectionModel, QRect, QSize, Qt, QTimer, QUrl
from qtpy.QtGui import QColor, QDesktopServices, QPainter, QPalette, QPixmap
from qtpy.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit,
    QProgressBar, QPushButton, QSpinBox, QSplitter, QStyle, QStyledItemDelegate, QStyleOptionViewItem,
    QApplication, QTableView, QTabWidget, QTreeView, QVBoxLayout, QWidget,
)

from .. import format as fmt
from ..control.monitor import STATUS_GROUPS, MonitorController
from ..i18n import tr
from ..models import TONE_COLOURS, FrameModel, Role, TaskModel
from .common import Banner, ControllerBindings, image_label, set_tone, tool_button, wrap_label


class ProgressDelegate(QStyledItemDelegate):
    """Draws ``Role.PROGRESS`` as a slim bar with the percentage beside it."""

    def paint(self, painter, option, index):
        value = index.data(Role.PROGRESS)
        if value is None:
            return super().paint(painter, option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.CE_ItemViewItem, opt, painter, option.widget)  # background, selection
        r = option.rect.adjusted(6, 0, -6, 0)
        fm = option.fontMetrics
        label = "%d%%" % int(value)
        text_w = fm.horizontalAdvance("100%") + 6
        bar_h = max(4, fm.height() // 3)
        bar = QRect(r.left(), r.center().y() - bar_h // 2, max(10, r.width() - text_w), bar_h)
        tone = index.data(Role.TONE) or ""
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor("#e3e8ef"))
        painter.drawRoundedRect(bar, bar_h / 2, bar_h / 2)
        if value > 0:
            fill = QRect(bar.left(), bar.top(), max(bar_h, int(bar.width() * min(100, value) / 100.0)), bar_h)
            # the task's own tone (failed, held) wins; otherwise green when done, blue while running
            colour = TONE_COLOURS.get(tone) if tone in ("bad", "held") else None
            painter.setBrush(QColor(colour or (TONE_COLOURS["ok"] if value >= 100 else TONE_COLOURS["busy"])))
            painter.drawRoundedRect(fill, bar_h / 2, bar_h / 2)
        painter.setPen(option.palette.color(QPalette.Text))
        painter.drawText(QRect(bar.right() + 6, r.top(), text_w, r.height()), int(Qt.AlignRight | Qt.AlignVCenter), label)
        painter.restore()

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        return QSize(max(size.width(), 110), max(size.height(), option.fontMetrics.height() + 10))


def _row_height(widget) -> int:
    return widget.fontMetrics().height() + 10


class MonitorView(ControllerBindings, QWidget):
    """Binds a ``MonitorController``; owns only the widgets and the refresh timer."""

    def __init__(self, controller: MonitorController, parent=None, *, interval_s: float = 10.0):
        super().__init__(parent)
        self.setObjectName("rbMonitor")
        self.c = controller
        self.notify = None  # callable(title, text) for tray messages, set by the panel
        self.open_url: Callable[[str], Any] = lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(path))
        self.buttons = {}
        self._bindings = []
        self._build()
        self._bind()
        self.timer = QTimer(self)
        self.timer.setInterval(int(interval_s * 1000))
        self.timer.timeout.connect(lambda: self.c.refresh(auto=True))
        self.auto.toggled.connect(lambda on: self.timer.start() if on else self.timer.stop())
        self.timer.start()
        self._refresh_state()

    # --- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        self.status_box = QComboBox()
        self.status_box.setObjectName("rbStatusFilter")
        for key, label, _codes in STATUS_GROUPS:
            self.status_box.addItem(tr(label), key)
        self.search = QLineEdit()
        self.search.setObjectName("rbSearch")
        self.search.setPlaceholderText(tr("Filter by task id, scene, layer or project"))
        self.search.setClearButtonEnabled(True)
        self.refresh_btn = tool_button(tr("Refresh"), "refresh", lambda: self.c.refresh())
        self.auto = QCheckBox(tr("Auto-refresh"))
        self.auto.setChecked(True)
        self.count = QLabel()
        self.count.setObjectName("rbCount")
        self.count.setProperty("tone", "muted")
        self.prev_btn = QPushButton("‹")
        self.prev_btn.setObjectName("rbPrevPage")
        self.prev_btn.setToolTip(tr("Previous page"))
        self.prev_btn.clicked.connect(lambda: self.c.set_page(self.c.page - 1))
        self.next_btn = QPushButton("›")
        self.next_btn.setObjectName("rbNextPage")
        self.next_btn.setToolTip(tr("Next page"))
        self.next_btn.clicked.connect(lambda: self.c.set_page(self.c.page + 1))
        self.prev_btn.hide()
        self.next_btn.hide()
        self.more_btn = tool_button(tr("Load more"), "download", self.c.load_more)
        self.more_btn.setObjectName("rbLoadMore")
        top.addWidget(self.status_box)
        top.addWidget(self.search, 1)
        top.addWidget(self.refresh_btn)
        top.addWidget(self.auto)
        top.addWidget(self.prev_btn)
        top.addWidget(self.count)
        top.addWidget(self.next_btn)
        top.addWidget(self.more_btn)

        self.banner = Banner()
        self.banner.action.connect(self._banner_action)

        self.model = TaskModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("rbTasks")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        # the controller sorts every loaded task and the view shows one page of them
        self.tree.header().setSectionsClickable(True)
        self.tree.header().setSortIndicatorShown(True)
        keys = [col.key for col in self.model.columns]
        self.tree.header().setSortIndicator(keys.index(self.c.sort_key),
                                            Qt.DescendingOrder if self.c.sort_desc else Qt.AscendingOrder)
        self.tree.header().sortIndicatorChanged.connect(
            lambda section, order: self.c.set_sort(keys[section], order == Qt.DescendingOrder))
        self.tree.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemDelegateForColumn(3, ProgressDelegate(self.tree))
        self.tree.setAllColumnsShowFocus(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        fm = self.fontMetrics()
        widths = {"id": fm.horizontalAdvance("2W0000000") + self.tree.indentation() + 28,
                  "status": max(fm.horizontalAdvance(tr("Done with failures")), fm.horizontalAdvance(tr("Test frames done"))) + 24,
                  "progress": fm.horizontalAdvance("100%") + 90,
                  "frames": fm.horizontalAdvance("0000 / 000 / 0000") + 20,
                  "cost": fm.horizontalAdvance("00000.00") + 20,
                  "submitted": fm.horizontalAdvance("2026-11-25 00:00") + 24,
                  "duration": fm.horizontalAdvance("00h 00m") + 24}
        for i, col in enumerate(self.model.columns):
            if col.key in widths:
                header.resizeSection(i, max(widths[col.key], fm.horizontalAdvance(tr(col.title)) + 36))
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        self.empty = wrap_label("", "muted")
        self.empty.setAlignment(Qt.AlignCenter)

        # details ------------------------------------------------------------------------------
        details = QWidget()
        dl = QVBoxLayout(details)
        dl.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(tr("Select a task to see its frames."))
        self.title.setObjectName("rbHeading")
        self.title.setWordWrap(True)
        dl.addWidget(self.title)

        row1 = QHBoxLayout()
        for key, text, ic, tip in (
            ("stop", tr("Stop"), "stop", tr("Stop rendering; start it again later")),
            ("start", tr("Start"), "start", tr("Start a stopped task again")),
            ("retry_failed", tr("Retry failed"), "retry", tr("Render the failed frames again")),
            ("retry_selected", tr("Retry selected frames"), "retry", tr("Render the frames selected below again")),
            ("full_speed", tr("Full speed"), "fullspeed", tr("After test frames: render everything now")),
            ("abandon", tr("Abandon"), "abandon", tr("Give up this task for good")),
            ("delete", tr("Delete"), "delete", tr("Remove the task from the farm")),
        ):
            b = tool_button(text, ic, lambda key=key: self._action(key), tip,
                            role="danger" if key in ("abandon", "delete") else "")
            b.setObjectName("rbAction_" + key)
            self.buttons[key] = b
            row1.addWidget(b)
        row1.addStretch(1)
        dl.addLayout(row1)

        row2 = QHBoxLayout()
        row2.addWidget(QLabel(tr("Priority")))
        self.priority = QSpinBox()
        self.priority.setRange(0, 100)
        self.priority.setValue(60)
        row2.addWidget(self.priority)
        self.buttons["priority"] = tool_button(tr("Set priority"), "priority", lambda: self._action("priority"))
        row2.addWidget(self.buttons["priority"])
        row2.addSpacing(12)
        row2.addWidget(QLabel(tr("Hardware")))
        self.hardware = QComboBox()
        self.hardware.setObjectName("rbHardware")
        self.hardware.setMinimumContentsLength(14)
        self.hardware.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        row2.addWidget(self.hardware)
        self.buttons["hardware"] = tool_button(tr("Change hardware"), "hardware", lambda: self._action("hardware"))
        row2.addWidget(self.buttons["hardware"])
        row2.addStretch(1)
        dl.addLayout(row2)
        row2 = QHBoxLayout()  # downloads
        self.buttons["download"] = tool_button(tr("Download outputs"), "download", self._download)
        self.buttons["open_folder"] = tool_button(tr("Open folder"), "folder", self._open_folder)
        self.follow = QCheckBox(tr("Keep downloading as frames finish"))
        self.follow.setObjectName("rbFollow")
        self.dl_bar = QProgressBar()
        self.dl_bar.setObjectName("rbDownloadProgress")
        self.dl_bar.setMinimumWidth(120)
        self.dl_bar.hide()
        self.dl_text = QLabel()
        self.dl_text.setProperty("tone", "muted")
        self.dl_cancel = tool_button(tr("Cancel"), "cancel", self._cancel_download)
        self.dl_cancel.hide()
        for w in (self.buttons["download"], self.follow, self.dl_bar, self.dl_text, self.dl_cancel,
                  self.buttons["open_folder"]):
            row2.addWidget(w)
        row2.addStretch(1)
        dl.addLayout(row2)
        for key in ("priority", "hardware", "download", "open_folder"):
            self.buttons[key].setObjectName("rbAction_" + key)

        self.message = wrap_label("", "muted", "rbMessage")
        dl.addWidget(self.message)

        lower = QSplitter(Qt.Horizontal)
        self.frames_model = FrameModel(self)
        self.frames = QTableView()
        self.frames.setObjectName("rbFrames")
        self.frames.setModel(self.frames_model)
        self.frames.setSortingEnabled(True)
        self.frames.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.frames.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.frames.verticalHeader().hide()
        self.frames.setAlternatingRowColors(True)
        self.frames.horizontalHeader().setStretchLastSection(True)
        self.frames.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.frames.verticalHeader().setDefaultSectionSize(_row_height(self))
        self.frames.setWordWrap(False)
        lower.addWidget(self.frames)

        side = QTabWidget()
        side.setObjectName("rbDetailTabs")
        self.log = QPlainTextEdit()
        self.log.setObjectName("rbLog")
        self.log.setReadOnly(True)
        self.log.setPlaceholderText(tr("Select a frame to read its render log."))
        side.addTab(self.log, tr("Render log"))
        pics = QWidget()
        pl = QHBoxLayout(pics)
        self.thumb = image_label(tr("Select a finished frame to see it."))
        self.thumb.setObjectName("rbThumbnail")
        self.progress_img = image_label(tr("No progress picture yet."))
        self.progress_img.setObjectName("rbProgressImage")
        pl.addWidget(self._captioned(self.thumb, tr("Frame")))
        pl.addWidget(self._captioned(self.progress_img, tr("Task progress")))
        side.addTab(pics, tr("Pictures"))
        self.side = side
        lower.addWidget(side)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        dl.addWidget(lower, 1)

        split = QSplitter(Qt.Vertical)
        upper = QWidget()
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 0, 0, 0)
        ul.addWidget(self.tree, 1)
        ul.addWidget(self.empty)
        split.addWidget(upper)
        split.addWidget(details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 4)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.banner)
        lay.addWidget(split, 1)

    def _captioned(self, widget, caption):
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        cap = QLabel(caption)
        cap.setProperty("tone", "muted")
        v.addWidget(cap)
        v.addWidget(widget, 1)
        return box

    # --- binding ------------------------------------------------------------------------------
    def _bind(self) -> None:
        c = self.c
        self._on(c.tasks_changed, self._tasks_changed)
        self._on(c.state_changed, self._refresh_state)
        self._on(c.details_changed, self._details_changed)
        self._on(c.log_changed, lambda: self.log.setPlainText("\n".join(c.log_lines)))
        self._on(c.images_changed, self._images_changed)
        self._on(c.confirm_needed, self._confirm)
        self._on(c.download_changed, self._download_changed)
        self._on(c.hardware_changed, self._hardware_changed)
        self._on(c.task_finished, self._task_finished)
        self.status_box.currentIndexChanged.connect(lambda i: c.set_filter(status_group=self.status_box.itemData(i)))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(lambda: c.set_filter(text=self.search.text()))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.frames.selectionModel().selectionChanged.connect(self._frame_selected)

    def _tasks_changed(self) -> None:
        c = self.c
        self.model.set_tasks(c.page_tasks())
        self._reselect()
        n, loaded = len(c.visible), len(c.tasks)
        first = c.page * c.rows_per_page
        shown = len(self.model.tasks())
        if n <= c.rows_per_page:
            text = tr("%d tasks") % n
        else:
            text = tr("%d–%d of %d tasks") % (first + 1, first + shown, n)
        if n != loaded:
            text += " " + tr("(%d loaded)") % loaded
        self.count.setText(text)
        self.prev_btn.setVisible(c.page_count > 1)
        self.next_btn.setVisible(c.page_count > 1)
        self.prev_btn.setEnabled(c.page > 0)
        self.next_btn.setEnabled(c.page < c.page_count - 1)
        self._details_header()
        self._refresh_state()

    def _reselect(self) -> None:
        if self.c.selected_id is None:
            return
        idx = self.model.index_of_id(self.c.selected_id)
        sm = self.tree.selectionModel()
        if idx.isValid() and not sm.isSelected(idx):
            sm.blockSignals(True)
            sm.select(idx, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
            sm.setCurrentIndex(idx, QItemSelectionModel.NoUpdate)
            sm.blockSignals(False)
            self.tree.viewport().update()

    def select_task(self, task_id) -> bool:
        """Select a task by id (used after a submission). True when it is in the list."""
        self.c.select_task(task_id)
        for n, t in enumerate(self.c.visible):  # turn to the page that holds it
            if t.id == task_id or any(k.id == task_id for k in (t.resp_rendering_task_list or [])):
                self.c.set_page(n // self.c.rows_per_page)
                break
        idx = self.model.index_of_id(task_id)
        if idx.isValid():
            if idx.parent().isValid():
                self.tree.expand(idx.parent())
            self.tree.selectionModel().select(idx, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
            self.tree.scrollTo(idx)
            return True
        return False

    def selected_task_ids(self) -> List[int]:
        ids = []
        for idx in self.tree.selectionModel().selectedRows(0):
            t = self.model.task(idx)
            if t is not None:
                ids.append(t.id)
        return ids

    def _selection_changed(self, *_):
        ids = self.selected_task_ids()
        self.c.select_task(ids[0] if ids else None)
        t = self.c.selected
        if t is not None and getattr(t, "task_user_level", None) is not None:
            self.priority.setValue(int(t.task_user_level))  # start from the task's own priority
        self._details_header()

    def _frame_selected(self, *_):
        rows = self.frames.selectionModel().selectedRows(0)
        self.c.select_frame(self.frames_model.row(rows[0].row()) if rows else None)
        self._update_buttons()

    def _details_changed(self) -> None:
        self.frames_model.set_rows(self.c.frames)
        if self.c.frames_error is not None:
            self.message.setText(self.c.frames_error.text())
            set_tone(self.message, "bad")
        self._details_header()

    def _details_header(self) -> None:
        t = self.c.selected
        if t is None:
            self.title.setText(tr("Select a task to see its frames."))
        else:
            name = getattr(t, "layer_name", None) or t.scene_name or ""
            self.title.setText("%s · %s · %s · %s" % (
                t.task_alias or t.id, name, fmt.task_status_text(t.task_status),
                tr("%d of %d frames done") % (t.done_frames or 0, t.total_frames or 0)))
            if self.c.hardware == [] and self.c.client is not None and not self.c.runner.busy("hardware"):
                self.c.load_hardware()
        self._update_buttons()

    def _update_buttons(self) -> None:
        """Each action is offered only where the farm would accept it for the selected task."""
        t = self.c.selected
        has = t is not None and self.c.client is not None
        for key, b in self.buttons.items():
            b.setEnabled(has)
        if not has:
            return
        code = int(t.task_status or 0)
        kids = list(t.resp_rendering_task_list or [])
        failed = (t.failed_frames or 0) + sum(k.failed_frames or 0 for k in kids)
        active = code in (0, 5, 8, 50, 60, 100)
        allowed = {
            "stop": active,
            "start": code in (10, 15, 20, 23),
            "full_speed": active or code == 40,
            "retry_failed": failed > 0 and code not in (35,),
            "abandon": code not in (25, 35),
            "retry_selected": bool(self.frames.selectionModel().selectedRows()) and code != 35,
            "hardware": self.hardware.count() > 0 and code not in (25, 35),
        }
        for key, ok in allowed.items():
            self.buttons[key].setEnabled(ok)
        state = self.c.downloads.get(self.c.selected_id)
        self.buttons["download"].setEnabled(not (state and state["running"]))

    def _images_changed(self) -> None:
        for label, data, empty in ((self.thumb, self.c.thumbnail, tr("Select a finished frame to see it.")),
                                   (self.progress_img, self.c.progress_image, tr("No progress picture yet."))):
            pix = QPixmap()
            if data and pix.loadFromData(data):
                label.setPixmap(pix.scaled(QSize(max(label.width(), 160), max(label.height(), 100)),
                                           Qt.KeepAspectRatio, Qt.SmoothTransformation))
            else:
                label.setPixmap(QPixmap())
                label.setText(empty)

    def _hardware_changed(self) -> None:
        self.hardware.clear()
        for h in self.c.hardware:
            gpu = getattr(h, "gpu_num", None)
            text = "%s · %s%s" % (h.model, h.ram, (" · " + str(gpu)) if gpu else "")
            self.hardware.addItem(text, h)
        self._update_buttons()

    # --- state --------------------------------------------------------------------------------
    def _refresh_state(self) -> None:
        c = self.c
        if c.pending:
            pass  # the confirmation strip stays until answered
        elif c.error is not None:
            actions = [("retry", tr("Retry"))]
            if c.error.kind == "auth":
                actions.append(("profile", tr("Profile…")))
            self.banner.show_message(c.error.title, c.error.text(), "bad", actions,
                                     icon_name="offline" if c.error.kind == "offline" else None)
        else:
            self.banner.hide()
        self.refresh_btn.setText(tr("Refreshing…") if c.loading else tr("Refresh"))
        self.more_btn.setVisible(c.more_available)
        if not c.visible:
            if c.loading:
                self.empty.setText(tr("Loading tasks…"))
            elif c.error is not None:
                self.empty.setText(tr("The task list could not be loaded; see the message above."))
            elif c.tasks or c.status_group != "all" or c.text.strip():
                self.empty.setText(tr("No task matches the filter."))
            else:
                self.empty.setText(tr("No tasks yet. Submit a scene from the Submit tab."))
            self.empty.show()
        else:
            self.empty.hide()
        if c.message:
            self.message.setText(c.message)
            set_tone(self.message, c.message_tone)
        self._update_buttons()

    def _banner_action(self, key: str) -> None:
        if key == "retry":
            self.c.refresh()
        elif key == "profile":
            win = self.window()
            if hasattr(win, "open_profile"):
                win.open_profile()
        elif key in ("yes_delete", "yes_abandon"):
            self.banner.hide()
            self.c.confirm()
        elif key == "no":
            self.c.cancel_pending()
            self._refresh_state()

    def _confirm(self, question: str) -> None:
        if not question:
            self.banner.hide()
            return
        action = (self.c.pending or {}).get("action", "")
        yes = tr("Delete") if action == "delete" else tr("Abandon")
        self.banner.show_message(tr("Please confirm"), question, "held",
                                 [("yes_" + action, yes), ("no", tr("Keep it"))])

    # --- actions ------------------------------------------------------------------------------
    def _action(self, key: str) -> None:
        ids = self.selected_task_ids() or ([self.c.selected_id] if self.c.selected_id else [])
        kw = {}
        if key == "retry_selected":
            rows = self.frames.selectionModel().selectedRows(0)
            frames = [self.frames_model.row(r.row()).frame for r in rows]
            if not frames:
                return
            ids = [frames[0].task_id]
            kw["frame_ids"] = [f.id for f in frames if f.task_id == frames[0].task_id]
        elif key == "priority":
            kw["priority"] = self.priority.value()
        elif key == "hardware":
            hw = self.hardware.currentData()
            if hw is None:
                return
            kw["hardware"] = hw
        self.c.request(key, ids, **kw)

    def _download(self) -> None:
        if self.c.selected_id is not None:
            self.c.download(self.c.selected_id, follow=self.follow.isChecked())

    def _cancel_download(self) -> None:
        if self.c.selected_id is not None:
            self.c.cancel_download(self.c.selected_id)

    def _open_folder(self) -> None:
        t = self.c.selected
        if t is None:
            return
        state = self.c.downloads.get(t.id)
        folder = state["dest"] if state else self.c.output_folder(t)

        def opened(exists):
            if exists:
                self.open_url(folder)
            else:
                self.message.setText(tr("Nothing downloaded yet for this task: %s does not exist.") % folder)
                set_tone(self.message, "held")

        # even a folder check is disk work: it runs in the background like everything else
        self.c.runner.run("open_folder", lambda job: os.path.isdir(folder), on_result=opened,
                          on_error=lambda info: opened(False))

    def _download_changed(self, task_id) -> None:
        if task_id != self.c.selected_id:
            return
        state = self.c.downloads.get(task_id) or {}
        running = bool(state.get("running"))
        self.dl_bar.setVisible(running or state.get("result") is not None)
        self.dl_cancel.setVisible(running)
        ev = state.get("event")
        if ev is not None:
            total = getattr(ev, "bytes_total", 0) or 0
            done = getattr(ev, "bytes_done", 0) or 0
            self.dl_bar.setRange(0, 1000)
            self.dl_bar.setValue(int(1000 * done / total) if total else 0)
            self.dl_text.setText(tr("%s of %s · %s") % (fmt.size(done), fmt.size(total), fmt.rate(getattr(ev, "rate_bps", 0))))
        if state.get("result") is not None:
            self.dl_bar.setRange(0, 1)
            self.dl_bar.setValue(1)
            set_tone(self.dl_bar, "ok")
            self.dl_text.setText(tr("Saved in %s") % state["dest"])
        elif state.get("error") is not None:
            set_tone(self.dl_bar, "bad")
            self.dl_text.setText(state["error"].title)
        self._update_buttons()

    def _task_finished(self, task, failed: bool) -> None:
        if self.notify is None:
            return
        name = task.task_alias or str(task.id)
        if failed:
            self.notify(tr("Render failed"), tr("%s: %s") % (name, fmt.task_status_text(task.task_status)))
        else:
            self.notify(tr("Render finished"), tr("%s: %s") % (name, fmt.task_status_text(task.task_status)))
