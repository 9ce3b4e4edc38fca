"""The Renderbus menu in 3ds Max (called by ``hosts/max/startup/rb_dcc_startup.py``).

Each entry is a macroscript (category "Renderbus") whose body runs ``python_call``; the menu is
built with the menu system of the running Max: 2025 and later register through the
``#cuiRegisterMenus`` callback (the callback receives the menu manager and adds a "Renderbus"
sub-menu to the main menu bar); 2024 and earlier use ``menuMan``. Both are idempotent.
"""

from __future__ import annotations

from typing import Any

from . import MENU_ENTRIES, MENU_TITLE, python_call

__all__ = ["CATEGORY", "CALLBACK_ID", "MACRO_ACTION_TABLE", "MENU_ID", "ITEM_IDS", "install", "max_year", "uninstall"]

CATEGORY = "Renderbus"
CALLBACK_ID = "rb_dcc"
MACRO_ACTION_TABLE = 647394  # the action table of all macroscripts
MENU_ID = "6f1b9d0e-52a7-4c55-9b3e-0d6a1c2f7e11"
ITEM_IDS = {
    "submit": "6f1b9d0e-52a7-4c55-9b3e-0d6a1c2f7e12",
    "monitor": "6f1b9d0e-52a7-4c55-9b3e-0d6a1c2f7e13",
}


def _rt() -> Any:
    from ..adapters.max.live import host_runtime

    return host_runtime()


def max_year() -> int:
    """The release year of the running 3ds Max (``maxVersion()`` item 8; older ones: from the major)."""
    version = list(_rt().maxVersion())
    if len(version) > 7 and int(version[7] or 0) > 0:
        return int(version[7])
    return 1998 + int(version[0]) // 1000


def define_macros() -> None:
    rt = _rt()
    for entry in MENU_ENTRIES:
        body = 'python.Execute "%s"' % python_call("max", entry.action)
        rt.macros.new(CATEGORY, entry.macro, entry.tooltip, entry.label.replace("\u2026", "..."), body)


def _action(entry) -> str:
    return "%s`%s" % (entry.macro, CATEGORY)


def _on_cui_register_menus() -> None:
    """``#cuiRegisterMenus`` (2025+): add the Renderbus sub-menu to the main menu bar."""
    rt = _rt()
    manager = rt.callbacks.notificationParam()
    menu = manager.mainMenuBar.CreateSubMenu(MENU_ID, MENU_TITLE)
    for entry in MENU_ENTRIES:
        menu.CreateAction(ITEM_IDS[entry.action], MACRO_ACTION_TABLE, _action(entry))


def _register_cui() -> None:
    rt = _rt()
    rt.callbacks.removeScripts(id=rt.Name(CALLBACK_ID))
    rt.callbacks.addScript(rt.Name("cuiRegisterMenus"), _on_cui_register_menus, id=rt.Name(CALLBACK_ID))


def _register_menuman() -> None:
    rt = _rt()
    menu_man = rt.menuMan
    old = menu_man.findMenu(MENU_TITLE)
    if old:
        menu_man.unRegisterMenu(old)  # also drops the main-bar item that opened it
    menu = menu_man.createMenu(MENU_TITLE)
    for entry in MENU_ENTRIES:
        menu.addItem(menu_man.createActionItem(entry.macro, CATEGORY), -1)
    main = menu_man.getMainMenuBar()
    # before Help, the last entry of the main menu bar
    main.addItem(menu_man.createSubMenuItem(MENU_TITLE, menu), max(1, main.numItems()))
    menu_man.updateMenuBar()


def install() -> str:
    """Define the macroscripts and add the menu; returns which menu system was used."""
    define_macros()
    if max_year() >= 2025:
        _register_cui()
        return "cui"
    _register_menuman()
    return "menuMan"


def uninstall() -> None:
    rt = _rt()
    rt.callbacks.removeScripts(id=rt.Name(CALLBACK_ID))
    if max_year() < 2025:
        old = rt.menuMan.findMenu(MENU_TITLE)
        if old:
            rt.menuMan.unRegisterMenu(old)
            rt.menuMan.updateMenuBar()
