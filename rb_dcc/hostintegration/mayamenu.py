"""The Renderbus menu and shelf in Maya (called by ``hosts/maya/scripts/userSetup.py``, deferred).

``install()`` is idempotent: it rebuilds the menu and the shelf's buttons, so running it twice
(or after ``rb-dcc install maya`` updated the files) leaves one menu and one button per entry.
Menu and shelf commands are Python source (``python_call``), so a shelf saved by Maya keeps
working in later sessions.
"""

from __future__ import annotations

from typing import List

from . import MENU_ENTRIES, MENU_TITLE, python_call

__all__ = ["MENU_NAME", "SHELF_NAME", "install", "uninstall"]

MENU_NAME = "rbDccRenderbusMenu"
SHELF_NAME = "Renderbus"
ICON = "renderbus.svg"  # in the module's icons/ folder (on XBMLANGPATH through the module)


def _maya():
    from ..adapters.maya.live import host_modules

    return host_modules()


def _mel_global(name: str, default: str) -> str:
    try:
        mel = _maya()[1]
        value = mel.eval("$rbDccTmp = $%s" % name)
    except Exception:
        return default
    return value or default


def install() -> List[str]:
    """Add the Renderbus menu to Maya's main window and its buttons to the Renderbus shelf.

    Returns the names of the UI items created; ``[]`` in batch mode (no UI to add to).
    """
    cmds = _maya()[0]

    if cmds.about(batch=True):
        return []
    created = [_menu(cmds)]
    created += _shelf(cmds)
    return created


def _menu(cmds) -> str:
    if cmds.menu(MENU_NAME, exists=True):
        cmds.deleteUI(MENU_NAME, menu=True)
    main = _mel_global("gMainWindow", "MayaWindow")
    menu = cmds.menu(MENU_NAME, label=MENU_TITLE, parent=main, tearOff=True)
    for entry in MENU_ENTRIES:
        cmds.menuItem(
            entry.macro,
            label=entry.label,
            annotation=entry.tooltip,
            command=python_call("maya", entry.action),
            sourceType="python",
            parent=menu,
        )
    return menu


def _shelf(cmds) -> List[str]:
    top = _mel_global("gShelfTopLevel", "ShelfLayout")
    if not cmds.shelfLayout(SHELF_NAME, exists=True):
        cmds.shelfLayout(SHELF_NAME, parent=top)
    for child in cmds.shelfLayout(SHELF_NAME, query=True, childArray=True) or []:
        if cmds.shelfButton(child, exists=True) and cmds.shelfButton(child, query=True, docTag=True).startswith("rb_dcc"):
            cmds.deleteUI(child)
    buttons = []
    for entry in MENU_ENTRIES:
        buttons.append(
            cmds.shelfButton(
                parent=SHELF_NAME,
                label=entry.label,
                imageOverlayLabel="RB" if entry.action == "submit" else "Mon",
                image=ICON,
                annotation=entry.tooltip,
                docTag=entry.macro,
                command=python_call("maya", entry.action),
                sourceType="python",
            )
        )
    return buttons


def uninstall() -> None:
    """Remove the menu and the shelf from the running Maya (the files are ``rb-dcc install --uninstall``'s)."""
    cmds = _maya()[0]

    if cmds.menu(MENU_NAME, exists=True):
        cmds.deleteUI(MENU_NAME, menu=True)
    if cmds.shelfLayout(SHELF_NAME, exists=True):
        cmds.deleteUI(SHELF_NAME, layout=True)
