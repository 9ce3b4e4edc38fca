"""The profile dialog: farm address, platform, access id and key; or the local farm in one click."""

from __future__ import annotations

from qtpy.QtCore import Qt
from qtpy.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout,
)

from ..control.profiles import ProfileController
from ..i18n import tr
from .common import Banner, icon, set_role, style_sheet, wrap_label

DOMAINS = ("task.renderbus.com", "task.foxrenderfarm.com", "jop.foxrenderfarm.com")


class ProfileDialog(QDialog):
    def __init__(self, controller: ProfileController, parent=None):
        super().__init__(parent)
        self.setObjectName("rbDialog")
        self.setWindowTitle(tr("Renderbus profile"))
        self.setStyleSheet(style_sheet())
        self.c = controller
        lay = QVBoxLayout(self)
        intro = wrap_label(tr("Sign in with the access id and key from your Renderbus account page "
                              "(User centre → API). The key is kept in the system keyring."), "muted")
        lay.addWidget(intro)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight)
        self.saved = QComboBox()
        self.saved.setObjectName("rbSavedProfiles")
        form.addRow(tr("Saved profiles"), self.saved)
        self.name = QLineEdit("default")
        form.addRow(tr("Profile name"), self.name)
        self.domain = QComboBox()
        self.domain.setEditable(True)
        self.domain.addItems(DOMAINS)
        form.addRow(tr("Farm address"), self.domain)
        self.platform = QLineEdit("2")
        self.platform.setToolTip(tr("The platform number shown on your account page, e.g. 2"))
        form.addRow(tr("Platform"), self.platform)
        self.protocol = QComboBox()
        self.protocol.addItems(["https", "http"])
        form.addRow(tr("Protocol"), self.protocol)
        self.access_id = QLineEdit()
        self.access_id.setObjectName("rbAccessId")
        form.addRow(tr("Access id"), self.access_id)
        self.access_key = QLineEdit()
        self.access_key.setObjectName("rbAccessKey")
        self.access_key.setEchoMode(QLineEdit.Password)
        self.access_key.setPlaceholderText(tr("leave empty to keep the saved key"))
        form.addRow(tr("Access key"), self.access_key)
        lay.addLayout(form)

        self.banner = Banner()
        self.banner.setObjectName("rbBanner")
        lay.addWidget(self.banner)
        self.status = wrap_label("", "muted")
        lay.addWidget(self.status)

        row = QHBoxLayout()
        self.local_btn = QPushButton(icon("localfarm"), tr("Use the local farm"))
        self.local_btn.setObjectName("rbUseLocal")
        self.local_btn.setToolTip(tr("A farm on this computer for trying things out: no account needed"))
        self.local_btn.clicked.connect(lambda: self.c.use_local_farm())
        row.addWidget(self.local_btn)
        row.addStretch(1)
        self.cancel_btn = QPushButton(tr("Close"))
        self.cancel_btn.clicked.connect(self.reject)
        self.ok_btn = QPushButton(tr("Sign in"))
        self.ok_btn.setObjectName("rbSignIn")
        set_role(self.ok_btn, "primary")
        self.ok_btn.setDefault(True)
        self.ok_btn.clicked.connect(self._sign_in)
        row.addWidget(self.cancel_btn)
        row.addWidget(self.ok_btn)
        lay.addLayout(row)

        self.saved.activated.connect(self._pick_saved)
        self.c.changed.connect(self._changed)
        self.c.client_changed.connect(self._signed_in)
        self.finished.connect(self._unbind)  # the controller outlives this dialog
        self._waiting = False
        self._changed()
        self.resize(max(self.sizeHint().width(), 460), self.sizeHint().height())

    def _unbind(self, *_):
        self.c.changed.disconnect(self._changed)
        self.c.client_changed.disconnect(self._signed_in)

    def _fill_saved(self) -> None:
        current = self.saved.currentData()
        self.saved.clear()
        self.saved.addItem(tr("(new profile)"), "")
        for name in sorted(self.c.profiles):
            self.saved.addItem(name, name)
        if current:
            i = self.saved.findData(current)
            if i >= 0:
                self.saved.setCurrentIndex(i)
        elif self.c.current is not None:
            i = self.saved.findData(self.c.current.name)
            if i >= 0:
                self.saved.setCurrentIndex(i)
                self._pick_saved(i)

    def _pick_saved(self, i: int) -> None:
        name = self.saved.itemData(i)
        p = self.c.profiles.get(name) if name else None
        if p is None:
            return
        self.name.setText(p.name)
        self.domain.setCurrentText(p.domain)
        self.platform.setText(str(p.platform))
        self.protocol.setCurrentText(p.protocol)
        self.access_id.setText(p.access_id)
        self.access_key.clear()

    def _changed(self) -> None:
        self._fill_saved()
        busy = self.c.busy
        for w in (self.ok_btn, self.local_btn):
            w.setEnabled(not busy)
        self.status.setText(tr("Checking with the farm…") if busy else "")
        if self.c.error is not None:
            self.banner.show_message(self.c.error.title, self.c.error.text(), "bad")
        else:
            self.banner.hide()

    def _sign_in(self) -> None:
        self._waiting = True
        self.c.sign_in(self.name.text(), self.domain.currentText(), self.platform.text(),
                       self.access_id.text(), self.access_key.text(), self.protocol.currentText())

    def _signed_in(self, client) -> None:
        if self.isVisible():
            self.accept()
