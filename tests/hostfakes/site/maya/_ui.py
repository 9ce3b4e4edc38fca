"""Fake Maya UI commands (``menu``, ``menuItem``, ``shelfLayout``, ``shelfButton``, ``deleteUI``, ``setParent``).

A tree of named controls under ``MayaWindow`` and ``ShelfLayout``, present only when the scene
has a UI (``"ui": true``); in batch mode creating UI raises like Maya does. Names are unique
(Maya refuses a second control of the same name). ``invoke(name)`` runs an item's command the way
Maya does when it is clicked: a callable gets the checkbox state, Python source runs in ``__main__``.
"""

from __future__ import annotations

import itertools

from . import _state

ROOTS = {"MayaWindow": "window", "ShelfLayout": "shelfTabLayout"}
CONTROLS = {}  # name -> {"type", "parent", props...}
_current = {"menu": None}
_counter = itertools.count(1)


def _flag(kwargs, *names, default=None):
    for n in names:
        if n in kwargs:
            return kwargs[n]
    return default


def _ui_or_raise(what):
    if not _state.SCENE.ui:
        raise RuntimeError("%s: Maya is running in batch mode, there is no UI" % what)


def exists(name):
    if name in ROOTS:
        return _state.SCENE.ui
    return name in CONTROLS


def children(name):
    return [n for n, c in CONTROLS.items() if c["parent"] == name]


def _create(kind, name, parent, props):
    _ui_or_raise(kind)
    if parent is None or not exists(parent):
        raise RuntimeError("%s: the parent %r does not exist" % (kind, parent))
    if name is None:
        name = "%s%d" % (kind, next(_counter))
    if exists(name):
        raise RuntimeError("%s: Object's name '%s' is not unique." % (kind, name))
    CONTROLS[name] = dict(props, type=kind, parent=parent)
    return name


def _query(kind, name, kwargs):
    if name not in CONTROLS or CONTROLS[name]["type"] != kind:
        raise RuntimeError("%s: object '%s' not found." % (kind, name))
    ctl = CONTROLS[name]
    if _flag(kwargs, "itemArray", "ia") or _flag(kwargs, "childArray", "ca"):
        return children(name) or None
    for key in ("label", "command", "annotation", "docTag", "image", "sourceType", "tearOff", "imageOverlayLabel"):
        if kwargs.get(key):
            return ctl.get(key)
    short = {"l": "label", "c": "command", "ann": "annotation", "dtg": "docTag", "i": "image", "stp": "sourceType"}
    for key, long_name in short.items():
        if kwargs.get(key):
            return ctl.get(long_name)
    raise RuntimeError("%s: unsupported query %r" % (kind, sorted(kwargs)))


def _props(kwargs):
    names = {
        "label": ("label", "l"), "command": ("command", "c"), "annotation": ("annotation", "ann"),
        "sourceType": ("sourceType", "stp"), "docTag": ("docTag", "dtg"), "image": ("image", "i", "image1", "i1"),
        "tearOff": ("tearOff", "to"), "imageOverlayLabel": ("imageOverlayLabel", "iol"), "divider": ("divider", "d"),
    }
    return {key: _flag(kwargs, *alts) for key, alts in names.items() if _flag(kwargs, *alts) is not None}


def menu(name=None, **kwargs):
    if _flag(kwargs, "exists", "ex"):
        return name in CONTROLS and CONTROLS[name]["type"] == "menu"
    if _flag(kwargs, "query", "q"):
        return _query("menu", name, kwargs)
    if _flag(kwargs, "deleteAllItems", "dai"):
        for child in children(name):
            deleteUI(child)
        return name
    name = _create("menu", name, _flag(kwargs, "parent", "p"), _props(kwargs))
    _current["menu"] = name
    return name


def menuItem(name=None, **kwargs):
    if _flag(kwargs, "exists", "ex"):
        return name in CONTROLS and CONTROLS[name]["type"] == "menuItem"
    if _flag(kwargs, "query", "q"):
        return _query("menuItem", name, kwargs)
    parent = _flag(kwargs, "parent", "p", default=_current["menu"])
    if parent in CONTROLS and CONTROLS[parent]["type"] != "menu":
        raise RuntimeError("menuItem: %r is not a menu" % parent)
    return _create("menuItem", name, parent, _props(kwargs))


def setParent(*args, **kwargs):
    if _flag(kwargs, "menu", "m") and args:
        _current["menu"] = None if args[0] == ".." else args[0]
    return args[0] if args else None


def shelfLayout(name=None, **kwargs):
    if _flag(kwargs, "exists", "ex"):
        return name in CONTROLS and CONTROLS[name]["type"] == "shelfLayout"
    if _flag(kwargs, "query", "q"):
        return _query("shelfLayout", name, kwargs)
    return _create("shelfLayout", name, _flag(kwargs, "parent", "p"), _props(kwargs))


def shelfButton(name=None, **kwargs):
    if _flag(kwargs, "exists", "ex"):
        return name in CONTROLS and CONTROLS[name]["type"] == "shelfButton"
    if _flag(kwargs, "query", "q"):
        return _query("shelfButton", name, kwargs)
    parent = _flag(kwargs, "parent", "p")
    if parent in CONTROLS and CONTROLS[parent]["type"] != "shelfLayout":
        raise RuntimeError("shelfButton: %r is not a shelf" % parent)
    return _create("shelfButton", name, parent, _props(kwargs))


def deleteUI(*names, **kwargs):
    for name in names:
        if name not in CONTROLS:
            raise RuntimeError("deleteUI: object '%s' not found." % name)
        for child in children(name):
            deleteUI(child)
        del CONTROLS[name]
        if _current["menu"] == name:
            _current["menu"] = None


def invoke(name):
    """Click a menu item or shelf button: run its command as Maya would."""
    ctl = CONTROLS[name]
    command = ctl.get("command")
    if callable(command):
        return command(False)
    if ctl.get("sourceType", "mel") != "python":
        raise RuntimeError("fake Maya runs Python commands only; %s has a MEL command" % name)
    namespace = {"__name__": "__main__"}
    exec(compile(command, "<%s command>" % name, "exec"), namespace)
    return namespace
