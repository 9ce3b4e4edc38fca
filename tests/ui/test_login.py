"""The profile dialog: one-click local farm, sign-in checked against the farm, refused keys."""

from __future__ import annotations

import pytest

pytest.importorskip("qtpy")
import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from qtpy.QtCore import Qt  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps passwords in a dict (the test machine has no keyring)."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.store = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    old = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(old)


def _dialog(panel, qtbot):
    from rb_dcc.ui.widgets.login import ProfileDialog

    panel.open_profile()
    dlg = panel._dialog
    assert isinstance(dlg, ProfileDialog)
    qtbot.waitUntil(lambda: not panel.profiles.busy, timeout=5000)
    return dlg


def test_one_click_local_farm(make_panel, qtbot):
    from rb_dcc.config import get_profile
    from rb_dcc.ui.control.profiles import stop_local_farms

    panel = make_panel()
    qtbot.waitUntil(lambda: not panel.monitor_view.banner.isHidden(), timeout=5000)
    assert panel.monitor_view.banner.button("profile") is not None  # "not signed in" offers the dialog
    try:
        dlg = _dialog(panel, qtbot)
        qtbot.mouseClick(dlg.local_btn, Qt.LeftButton)
        qtbot.waitUntil(lambda: panel.client is not None, timeout=20000)
        assert get_profile().name == "local" and get_profile().local_farm_dir
        assert "local farm" in panel.farm_label.text()
        qtbot.waitUntil(lambda: panel.monitor_ctl.error is None and not panel.monitor_ctl.loading, timeout=10000)
        assert panel.monitor_view.banner.isHidden()
    finally:
        panel.runner.close(3000)
        stop_local_farms()


def test_sign_in_checks_the_key_with_the_farm(make_panel, ui_farm, memory_keyring, qtbot):
    from rb_dcc.config import get_profile, load_profiles

    panel = make_panel()
    dlg = _dialog(panel, qtbot)
    dlg.name.setText("studio")
    dlg.domain.setCurrentText(ui_farm.domain)
    dlg.platform.setText("2")
    dlg.protocol.setCurrentText("http")
    dlg.access_id.setText(ui_farm.access_id)
    dlg.access_key.setText("wrong-key")
    qtbot.mouseClick(dlg.ok_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: not panel.profiles.busy and panel.profiles.error is not None, timeout=10000)
    assert not dlg.banner.isHidden()
    assert "studio" not in load_profiles()
    assert "wrong-key" not in dlg.banner.text.text() and "Traceback" not in dlg.banner.text.text()

    dlg.access_key.setText(ui_farm.access_key)
    qtbot.mouseClick(dlg.ok_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.client is not None, timeout=10000)
    assert get_profile().name == "studio"
    assert ui_farm.access_key in memory_keyring.store.values()  # the key went to the keyring ...
    from rb_dcc.config import settings_path

    assert ui_farm.access_key not in settings_path().read_text(encoding="utf-8")  # ... not to the file
    try:
        assert not dlg.isVisible()
    except RuntimeError:  # PyQt deletes it at once (WA_DeleteOnClose); PySide a little later
        pass
    panel.profiles.changed.emit()  # the closed dialog no longer listens
    qtbot.waitUntil(lambda: panel.monitor_ctl.error is None and not panel.monitor_ctl.loading, timeout=10000)


def test_copy_diagnostics_has_versions_and_no_key(make_panel, ui_farm, ui_client, qtbot):
    from qtpy.QtWidgets import QApplication

    panel = make_panel(client=ui_client)
    qtbot.mouseClick(panel.diag_btn, Qt.LeftButton)
    text = QApplication.clipboard().text()
    assert "rb_dcc" in text and ui_client.domain in text and "Qt binding" in text
    assert ui_farm.access_key not in text
