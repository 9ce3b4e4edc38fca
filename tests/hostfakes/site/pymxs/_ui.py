"""Fake 3ds Max UI globals: ``macros``, ``menuMan`` (up to 2024), ``callbacks`` and the 2025+ menu manager.

- ``macros.new category name tooltip buttonText body`` defines a macroscript; ``macros.run``
  runs it. The fake understands one kind of body, the one Python tools use:
  ``python.Execute "<python source>"`` (MAXScript string escapes ``\\"`` and ``\\\\``).
- ``menuMan``: registered menus, a main menu bar with Max's top-level menus, action items that
  must name a defined macroscript (``createActionItem`` answers undefined otherwise).
- ``callbacks.addScript #event fn id:#x`` / ``removeScripts id:#x`` / ``notificationParam()``;
  ``broadcast(event, param)`` is what Max does when the event happens.
- ``build_cui_menus()``: what 3ds Max 2025+ does when it builds its menus: a fresh menu manager
  is handed to every ``#cuiRegisterMenus`` callback; answers the manager.
"""

from __future__ import annotations

import re

MACRO_ACTION_TABLE = 647394
MAIN_MENUS = ("&File", "&Edit", "&Tools", "&Group", "&Views", "&Create", "Modifiers", "Animation",
              "Graph Editors", "&Rendering", "Customize", "Scripting", "&Help")


def _name(value):
    return str(value).lstrip("#").lower()


class _Macros:
    def __init__(self):
        self.defined = {}  # (category, name) lower -> dict

    def new(self, category, name, tooltip, buttontext, body):
        key = (category.lower(), name.lower())
        self.defined[key] = {"category": category, "name": name, "tooltip": tooltip, "text": buttontext, "body": body}
        return len(self.defined)

    def find(self, category, name):
        return self.defined.get((str(category).lower(), str(name).lower()))

    def run(self, category, name):
        macro = self.find(category, name)
        if macro is None:
            raise RuntimeError("-- Runtime error: macros.run: no macroscript %s`%s" % (name, category))
        m = re.match(r'^\s*python\.Execute\s+"((?:[^"\\]|\\.)*)"\s*$', macro["body"], re.S)
        if m is None:
            raise RuntimeError("fake MAXScript runs python.Execute \"...\" bodies only, not %r" % macro["body"])
        source = re.sub(r"\\(.)", r"\1", m.group(1))
        namespace = {"__name__": "__main__"}
        exec(compile(source, "<macroscript %s>" % name, "exec"), namespace)
        return True


class MenuItem:
    def __init__(self, title, macro=None, category=None, submenu=None):
        self.title, self.macro, self.category, self.submenu = title, macro, category, submenu

    def getTitle(self):
        return self.title

    def getSubMenu(self):
        return self.submenu


class Menu:
    def __init__(self, title):
        self.title = title
        self.items = []

    def getTitle(self):
        return self.title

    def numItems(self):
        return len(self.items)

    def getItem(self, index):
        if not 1 <= index <= len(self.items):
            raise RuntimeError("-- Runtime error: getItem index out of range: %d" % index)
        return self.items[index - 1]

    def addItem(self, item, position):
        if position == -1 or position > len(self.items):
            self.items.append(item)
        else:
            self.items.insert(max(0, position - 1), item)
        return True

    def removeItemByPosition(self, position):
        del self.items[position - 1]
        return True


class _MenuMan:
    def __init__(self, macros):
        self._macros = macros
        self.menus = []
        self.main = Menu("Main Menu Bar")
        for title in MAIN_MENUS:
            sub = Menu(title)
            self.menus.append(sub)
            self.main.items.append(MenuItem(title, submenu=sub))
        self.updates = 0

    def getMainMenuBar(self):
        return self.main

    def findMenu(self, title):
        from . import undefined

        for m in self.menus:
            if m.title.lower() == str(title).lower():
                return m
        return undefined

    def createMenu(self, title):
        m = Menu(title)
        self.menus.append(m)
        return m

    def registerMenuContext(self, context_id):
        return True

    def createActionItem(self, macro, category):
        from . import undefined

        found = self._macros.find(category, macro)
        if found is None:
            return undefined
        return MenuItem(found["text"], macro=macro, category=category)

    def createSubMenuItem(self, title, menu):
        return MenuItem(title, submenu=menu)

    def createSeparatorItem(self):
        return MenuItem("-")

    def unRegisterMenu(self, menu):
        self.menus = [m for m in self.menus if m is not menu]
        for m in self.menus + [self.main]:
            m.items = [i for i in m.items if i.submenu is not menu]
        return True

    def updateMenuBar(self):
        self.updates += 1
        return True


class _Callbacks:
    def __init__(self):
        self.scripts = []  # (event, fn, id)
        self._param = None

    def addScript(self, event, script, id=None, persistent=False):
        self.scripts.append((_name(event), script, _name(id) if id is not None else None))
        return True

    def removeScripts(self, event=None, id=None):
        self.scripts = [
            s for s in self.scripts
            if not ((event is None or s[0] == _name(event)) and (id is None or s[2] == _name(id)))
        ]
        return True

    def notificationParam(self):
        return self._param

    def broadcast(self, event, param=None):
        self._param = param
        try:
            for ev, script, _id in list(self.scripts):
                if ev != _name(event):
                    continue
                if not callable(script):
                    raise RuntimeError("fake MAXScript calls Python callbacks only, not %r" % script)
                script()
        finally:
            self._param = None


class CuiAction:
    def __init__(self, item_id, table_id, action_id):
        self.id, self.table_id, self.action_id = item_id, table_id, action_id


class CuiMenu:
    def __init__(self, manager, item_id, title):
        self._manager, self.id, self.title, self.items = manager, item_id, title, []

    def _claim(self, item_id):
        if item_id in self._manager.ids:
            raise RuntimeError("-- Runtime error: a menu item with id %s already exists" % item_id)
        self._manager.ids.add(item_id)

    def CreateSubMenu(self, item_id, title, beforeID=None):
        self._claim(item_id)
        sub = CuiMenu(self._manager, item_id, title)
        self.items.append(sub)
        return sub

    def CreateAction(self, item_id, table_id, action_id, beforeID=None):
        self._claim(item_id)
        if int(table_id) != MACRO_ACTION_TABLE:
            raise RuntimeError("-- Runtime error: unknown action table %s" % table_id)
        macro, _, category = str(action_id).partition("`")
        if self._manager.macros.find(category, macro) is None:
            raise RuntimeError("-- Runtime error: no action %s in table %d" % (action_id, table_id))
        action = CuiAction(item_id, table_id, action_id)
        self.items.append(action)
        return action


class CuiMenuManager:
    def __init__(self, macros):
        self.macros = macros
        self.ids = set()
        self.mainMenuBar = CuiMenu(self, "main-menu-bar", "Main Menu Bar")
        for title in MAIN_MENUS:
            self.mainMenuBar.items.append(CuiMenu(self, "max-" + title, title))


class UI:
    """The UI globals of one fake Max session."""

    def __init__(self):
        self.macros = _Macros()
        self.menuman = _MenuMan(self.macros)
        self.callbacks = _Callbacks()
        self.cui = None

    def members(self):
        return {"macros": self.macros, "menuman": self.menuman, "callbacks": self.callbacks}

    def build_cui_menus(self):
        self.cui = CuiMenuManager(self.macros)
        self.callbacks.broadcast("cuiRegisterMenus", self.cui)
        return self.cui
