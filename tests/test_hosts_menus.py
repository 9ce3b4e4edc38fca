"""Each host bootstrap, run with the behavioural host fake, adds its menu; the entry opens the panel.

The bootstraps are the files ``rb-dcc install`` writes (rendered by the installer), run the way
the host runs them: Maya's ``userSetup.py`` (menu deferred until the UI is idle), Houdini's
``MainMenuCommon.xml`` / shelf script code, 3ds Max's startup script (``menuMan`` up to 2024, the
``#cuiRegisterMenus`` callback from 2025). Clicking an entry must open the shared panel parented to
the host's main window, collected from the fake scene, on the right tab.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest

pytest.importorskip("qtpy")

pytestmark = pytest.mark.qt

from rb_dcc.hostintegration import MENU_ENTRIES, installer  # noqa: E402
from rb_dcc.hostintegration.layout import resolve_target  # noqa: E402


@pytest.fixture
def panel_session(ui_config, qtbot, monkeypatch):
    """A session with no panel yet; whatever panel the test opens is closed afterwards."""
    import rb_dcc.ui as ui

    monkeypatch.setattr(ui, "_panel", None)
    yield SimpleNamespace(current_panel=ui.current_panel, qtbot=qtbot)
    panel = ui.current_panel()
    if panel is not None:
        panel.monitor_view.timer.stop()
        panel.runner.close(3000)
        panel.close()
        panel.deleteLater()


@pytest.fixture
def main_window(qtbot):
    from qtpy.QtWidgets import QMainWindow

    window = QMainWindow()
    window.setObjectName("hostMainWindow")
    qtbot.addWidget(window)
    return window


def installed_file(host, rel, tmp_path, version=None, platform="linux") -> str:
    target = resolve_target(host, version=version, platform=platform, home=tmp_path / "home")
    files = {f.rel: f.data for f in installer.plan(target).files}
    return files[rel].decode("utf-8")


def run_source(source: str, name: str) -> dict:
    namespace = {"__name__": "__main__", "__file__": name}
    exec(compile(source, name, "exec"), namespace)
    return namespace


def assert_panel(panel_session, adapter_name, scene_path, tab_index, window):
    panel = panel_session.current_panel()
    assert panel is not None and panel.isVisible()
    ctl = panel.submit_ctl
    panel_session.qtbot.waitUntil(lambda: ctl.spec is not None or ctl.scene_error is not None, timeout=10000)
    assert panel.submit_ctl.adapter.name == adapter_name
    assert panel.submit_ctl.spec is not None, panel.submit_ctl.scene_error
    assert Path(panel.submit_ctl.spec.scene_path) == Path(scene_path)
    assert panel.tabs.currentIndex() == tab_index
    assert panel.parentWidget() is not None and panel.parentWidget().objectName() == window.objectName()
    return panel


# ------------------------------------------------------------------------------------------ Maya
def _maya_ui(host_fake, main_window, ui=True):
    state = host_fake("maya", "clock")
    state.ui = ui
    if ui:
        import shiboken6

        state.main_window_ptr = shiboken6.getCppPointer(main_window)[0]
    return state


def test_maya_user_setup_adds_the_menu_and_shelf_when_idle(host_fake, main_window, panel_session, tmp_path):
    pytest.importorskip("shiboken6")
    state = _maya_ui(host_fake, main_window)
    from maya import _ui, cmds, utils
    from rb_dcc.hostintegration.mayamenu import MENU_NAME, SHELF_NAME

    source = installed_file("maya", "rb_dcc/scripts/userSetup.py", tmp_path)
    run_source(source, "userSetup.py")
    assert not cmds.menu(MENU_NAME, exists=True)  # deferred: Maya's UI is not there yet
    utils.processIdleEvents()

    assert cmds.menu(MENU_NAME, query=True, label=True) == "Renderbus"
    assert _ui.CONTROLS[MENU_NAME]["parent"] == "MayaWindow"
    items = cmds.menu(MENU_NAME, query=True, itemArray=True)
    assert [cmds.menuItem(i, query=True, label=True) for i in items] == [e.label for e in MENU_ENTRIES]
    buttons = cmds.shelfLayout(SHELF_NAME, query=True, childArray=True)
    assert [cmds.shelfButton(b, query=True, docTag=True) for b in buttons] == [e.macro for e in MENU_ENTRIES]
    assert all(cmds.shelfButton(b, query=True, image=True) == "renderbus.svg" for b in buttons)

    run_source(source, "userSetup.py")  # a second start-up script run (e.g. after an update)
    utils.processIdleEvents()
    assert len(cmds.menu(MENU_NAME, query=True, itemArray=True)) == len(MENU_ENTRIES)
    assert len(cmds.shelfLayout(SHELF_NAME, query=True, childArray=True)) == len(MENU_ENTRIES)

    items = cmds.menu(MENU_NAME, query=True, itemArray=True)
    _ui.invoke(items[0])
    panel = assert_panel(panel_session, "maya", state.scene, 0, main_window)
    _ui.invoke(cmds.shelfLayout(SHELF_NAME, query=True, childArray=True)[1])  # the Monitor shelf button
    assert panel_session.current_panel() is panel  # one panel per session
    assert panel.tabs.currentIndex() == 1


def test_maya_batch_mode_adds_nothing(host_fake, main_window, tmp_path):
    _maya_ui(host_fake, main_window, ui=False)
    from maya import _ui, utils

    run_source(installed_file("maya", "rb_dcc/scripts/userSetup.py", tmp_path), "userSetup.py")
    utils.processIdleEvents()
    assert _ui.CONTROLS == {}


# --------------------------------------------------------------------------------------- Houdini
def test_houdini_menu_and_shelf_open_the_panel(host_fake, main_window, panel_session, tmp_path):
    state = host_fake("houdini", "shot_karma_redshift")
    state.ui = True
    state.main_window = main_window
    menu = ElementTree.fromstring(installed_file("houdini", "rb_dcc/MainMenuCommon.xml", tmp_path, "20.5"))
    items = {i.findtext("label"): i.findtext("scriptCode") for i in menu.iter("scriptItem")}
    assert list(items) == ["Submit...", "Monitor"]
    run_source(items["Submit..."], "MainMenuCommon.xml")
    assert_panel(panel_session, "houdini", state.hip, 0, main_window)

    shelf = ElementTree.fromstring(installed_file("houdini", "rb_dcc/toolbar/rb_dcc.shelf", tmp_path, "20.5"))
    tool = next(t for t in shelf.iter("tool") if t.get("name") == "rb_dcc_monitor")
    run_source(tool.find("script").text, "rb_dcc.shelf")
    assert panel_session.current_panel().tabs.currentIndex() == 1


# ------------------------------------------------------------------------------------------- Max
def _max(host_fake, main_window, year):
    state = host_fake("max", "lamp")
    state.max_version[7] = year
    state.max_version[0] = (year - 1998) * 1000
    state.main_window = main_window
    return state


def _startup(tmp_path):
    return installed_file("max", "startup/rb_dcc_startup.py", tmp_path, "2025", "windows")


def test_max_2024_menu_through_menuman(host_fake, main_window, panel_session, tmp_path):
    state = _max(host_fake, main_window, 2024)
    import pymxs

    rt = pymxs.runtime
    run_source(_startup(tmp_path), "rb_dcc_startup.py")
    run_source(_startup(tmp_path), "rb_dcc_startup.py")  # idempotent
    bar = rt.menuMan.getMainMenuBar()
    titles = [bar.getItem(i).getTitle() for i in range(1, bar.numItems() + 1)]
    assert titles.count("Renderbus") == 1
    assert titles[-2:] == ["Renderbus", "&Help"]
    menu = rt.menuMan.findMenu("Renderbus")
    entries = [menu.getItem(i) for i in range(1, menu.numItems() + 1)]
    assert [(e.macro, e.category) for e in entries] == [(m.macro, "Renderbus") for m in MENU_ENTRIES]
    assert rt.callbacks.scripts == []  # no 2025 menu callback on an older Max
    rt.macros.run(entries[0].category, entries[0].macro)
    assert_panel(panel_session, "max", Path(state.file_path) / state.file_name, 0, main_window)


def test_max_2025_menu_through_the_cui_callback(host_fake, main_window, panel_session, tmp_path):
    state = _max(host_fake, main_window, 2025)
    import pymxs

    rt = pymxs.runtime
    run_source(_startup(tmp_path), "rb_dcc_startup.py")
    run_source(_startup(tmp_path), "rb_dcc_startup.py")  # one callback, not two
    assert not rt.menuMan.findMenu("Renderbus")
    manager = pymxs.UI.build_cui_menus()  # Max builds its menus: our callback adds ours
    (menu,) = [m for m in manager.mainMenuBar.items if getattr(m, "title", "") == "Renderbus"]
    assert [a.action_id for a in menu.items] == ["%s`Renderbus" % e.macro for e in MENU_ENTRIES]
    assert all(a.table_id == 647394 for a in menu.items)
    macro, _, category = menu.items[1].action_id.partition("`")
    rt.macros.run(category, macro)
    assert_panel(panel_session, "max", Path(state.file_path) / state.file_name, 1, main_window)


def test_a_failing_launch_tells_the_artist(panel_session, capsys):
    import rb_dcc.hostintegration as integration

    assert integration.launch("nuke", "submit") is None
    box = integration._last_message
    assert box is not None and box.isVisible() and not box.isModal()
    assert "nuke" in box.text() and "Traceback" not in box.text()
    box.close()
    assert panel_session.current_panel() is None
