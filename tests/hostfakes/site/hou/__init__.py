"""Fake ``hou`` for tests: nodes, parms, HDAs, file references and user data from a JSON session.

Behaves like Houdini where rb_dcc's adapter depends on it: ``hou.node()`` answers None for a path
that does not exist, ``Node.parm()`` answers None for a missing parm, ``Parm.eval()`` expands
variables and evaluates expressions while ``unexpandedString()`` gives the raw text (and raises
``hou.OperationFailed`` on a non-string parm), menu parms evaluate to their index while
``evalAsString()`` gives the token, ``setUserData`` only takes strings, ``hou.playbar`` is not
available without a UI (``hou.NotAvailable``), ``hipFile.path()`` of an untitled session is
``$HIP/untitled.hip``.
"""

from __future__ import annotations

import posixpath
import re

from . import _state

# ------------------------------------------------------------------------------------- errors


class Error(Exception):
    def instanceMessage(self):
        return str(self)


class OperationFailed(Error):
    pass


class ObjectWasDeleted(Error):
    pass


class NotAvailable(Error):
    pass


class InvalidInput(Error):
    pass


class LoadWarning(Error):
    pass


def _s():
    return _state.SESSION


# ---------------------------------------------------------------------------------- versions
def applicationVersionString():
    return _s().version


def applicationVersion():
    return tuple(int(p) for p in _s().version.split("."))


def applicationName():
    return _s().app


def isUIAvailable():
    return _s().ui


def fps():
    return _s().fps


def frame():
    return _s().frame


def setFrame(value):
    _s().frame = float(value)


# --------------------------------------------------------------------------------- variables
_VAR = re.compile(r"\$\{(\w+)\}|\$(\w+)")
_BACKTICK = re.compile(r"`([^`]*)`")


def getenv(name, default_value=None):
    return _s().variables().get(name, default_value)


def putenv(name, value):
    _s().env[name] = str(value)


def _expand(text, frame_value=None, node_path=""):
    variables = _s().variables()
    if frame_value is not None:
        variables["F"] = "%d" % int(frame_value)
        variables["FF"] = "%g" % frame_value
    if node_path:
        variables["OS"] = posixpath.basename(node_path)

    def sub(m):
        name = m.group(1) or m.group(2)
        fm = re.match(r"^F(\d)$", name)
        if fm:
            return str(int(float(variables["FF"]))).zfill(int(fm.group(1)))
        # unknown variables stay as written, like Houdini
        return variables.get(name, m.group(0))

    def tick(m):
        expr = m.group(1)
        pm = re.match(r"^\s*padzero\(\s*(\d+)\s*,\s*(.+)\)\s*$", expr)
        if pm:
            return str(int(float(_expand(pm.group(2), frame_value, node_path)))).zfill(int(pm.group(1)))
        return _expand(expr, frame_value, node_path)

    return _VAR.sub(sub, _BACKTICK.sub(tick, text))


class _Text:
    @staticmethod
    def expandString(text):
        return _expand(text)


text = _Text()


def expandString(text_value):
    return _expand(text_value)


def _arith(expr, frame_value, node_path):
    value = _expand(expr, frame_value, node_path)
    if not re.match(r"^[\d\s.+\-*/()]+$", value):
        raise OperationFailed("The attempted operation failed.\nUnable to evaluate expression (%s)" % expr)
    return eval(value, {"__builtins__": {}}, {})  # digits and operators only


# ------------------------------------------------------------------------------------- parms
MENUS = {"trange": ("off", "normal", "on")}


class ParmTemplateType:
    String = "String"
    Int = "Int"
    Float = "Float"
    Menu = "Menu"
    Toggle = "Toggle"


class Parm:
    def __init__(self, node_path, name):
        self._node = node_path
        self._name = name

    def _raw(self):
        s = _s()
        if self._node in s.deleted or self._node not in s.nodes:
            raise ObjectWasDeleted("Attempt to access an object that no longer exists in Houdini.")
        return s.nodes[self._node]["parms"][self._name]

    def name(self):
        return self._name

    def path(self):
        return self._node.rstrip("/") + "/" + self._name

    def node(self):
        return Node(self._node)

    def isString(self):
        raw = self._raw()
        return isinstance(raw, str) or (isinstance(raw, dict) and raw.get("type") == "string")

    def evalAtFrame(self, frame_value):
        raw = self._raw()
        if isinstance(raw, dict):
            if "expr" in raw:
                value = _arith(raw["expr"], frame_value, self._node)
                return int(value) if raw.get("type") == "int" else float(value)
            raw = raw.get("value")
        if isinstance(raw, str):
            return _expand(raw, frame_value, self._node)
        if isinstance(raw, bool):
            return int(raw)
        return raw

    def eval(self):
        return self.evalAtFrame(_s().frame)

    def evalAsString(self):
        value = self.eval()
        if self._name in MENUS and isinstance(value, int):
            return MENUS[self._name][value]
        return value if isinstance(value, str) else ("%g" % value)

    def evalAsInt(self):
        return int(self.eval())

    def evalAsFloat(self):
        return float(self.eval())

    def unexpandedString(self):
        raw = self._raw()
        if isinstance(raw, dict):
            raw = raw.get("value", raw.get("expr"))
        if not isinstance(raw, str):
            raise OperationFailed("The attempted operation failed.\nParameter is not a string parameter")
        return raw

    def rawValue(self):
        raw = self._raw()
        if isinstance(raw, dict):
            return raw.get("expr", raw.get("value"))
        return raw if isinstance(raw, str) else str(raw)

    def set(self, value):
        _s().nodes[self._node]["parms"][self._name] = value
        _s().modified = True

    def menuItems(self):
        return MENUS.get(self._name, ())

    def __repr__(self):
        return "<hou.Parm %s in %s>" % (self._name, self._node)

    def __eq__(self, other):
        return isinstance(other, Parm) and (other._node, other._name) == (self._node, self._name)

    def __hash__(self):
        return hash((self._node, self._name))


class ParmTuple(tuple):
    def eval(self):
        return tuple(p.eval() for p in self)

    def name(self):
        return self[0].name()[:-1] if self else ""


# ------------------------------------------------------------------------------------- types
class NodeTypeCategory:
    def __init__(self, name):
        self._name = name

    def name(self):
        return self._name

    def __eq__(self, other):
        return isinstance(other, NodeTypeCategory) and other._name == self._name

    def __hash__(self):
        return hash(self._name)


class HDADefinition:
    def __init__(self, key, data):
        self._key = key
        self._data = data

    def nodeTypeName(self):
        return self._key.split("/", 1)[1]

    def nodeTypeCategory(self):
        return NodeTypeCategory(self._key.split("/", 1)[0])

    def libraryFilePath(self):
        return self._data.get("library", "Embedded")

    def version(self):
        return self._data.get("version", "")

    def description(self):
        return self._data.get("description", self.nodeTypeName())

    def isInstalled(self):
        return True

    def nodeType(self):
        category, name = self._key.split("/", 1)
        return NodeType(category, name)


class NodeType:
    def __init__(self, category, name):
        self._category = category
        self._name = name

    def name(self):
        return self._name

    def category(self):
        return NodeTypeCategory(self._category)

    def nameWithCategory(self):
        return "%s/%s" % (self._category, self._name)

    def definition(self):
        data = _s().definitions.get(self.nameWithCategory())
        return HDADefinition(self.nameWithCategory(), data) if data is not None else None

    def description(self):
        return self._name

    def instances(self):
        return tuple(
            Node(p) for p, d in _s().nodes.items()
            if d["type"] == self._name and d["category"] == self._category and p not in _s().deleted
        )


# ------------------------------------------------------------------------------------- nodes
class Node:
    def __init__(self, path):
        self._path = path

    def _data(self):
        s = _s()
        if self._path in s.deleted or self._path not in s.nodes:
            raise ObjectWasDeleted("Attempt to access an object that no longer exists in Houdini.")
        return s.nodes[self._path]

    def path(self):
        return self._path

    def name(self):
        return posixpath.basename(self._path) or "/"

    def type(self):
        d = self._data()
        return NodeType(d["category"], d["type"])

    def parent(self):
        if self._path == "/":
            return None
        return Node(posixpath.dirname(self._path))

    def parm(self, name):
        return Parm(self._path, name) if name in self._data()["parms"] else None

    def evalParm(self, name):
        p = self.parm(name)
        if p is None:
            raise OperationFailed("Invalid parameter name: %s" % name)
        return p.eval()

    def parms(self):
        return tuple(Parm(self._path, n) for n in self._data()["parms"])

    def parmTuple(self, name):
        parms = [n for n in self._data()["parms"] if re.match(r"^%s\d$|^%s[xyz]$" % (name, name), n)]
        if not parms:
            return None
        return ParmTuple(Parm(self._path, n) for n in sorted(parms))

    def children(self):
        prefix = self._path.rstrip("/") + "/"
        return tuple(Node(p) for p in _s().nodes if p.startswith(prefix) and "/" not in p[len(prefix):] and p != self._path)

    def allSubChildren(self, top_down=True, recurse_in_locked_nodes=True):
        prefix = self._path.rstrip("/") + "/"
        return tuple(Node(p) for p in _s().nodes if p.startswith(prefix) and p != self._path)

    def isBypassed(self):
        return bool(self._data().get("bypass"))

    def isSelected(self):
        return self._path in _s().selected

    def setSelected(self, on, clear_all_selected=False, show_asset_if_selected=False):
        s = _s()
        if clear_all_selected:
            s.selected = []
        if on and self._path not in s.selected:
            s.selected.append(self._path)
        if not on and self._path in s.selected:
            s.selected.remove(self._path)

    def setCurrent(self, on, clear_all_selected=False):
        self.setSelected(on, clear_all_selected)
        if on:
            _s().current = self._path

    # user data: strings only, like Houdini
    def setUserData(self, name, value):
        if not isinstance(value, str):
            raise TypeError("in method 'Node_setUserData', argument 3 of type 'std::string const &'")
        self._data()
        _s().user_data.setdefault(self._path, {})[name] = value
        _s().modified = True

    def userData(self, name):
        self._data()
        return _s().user_data.get(self._path, {}).get(name)

    def userDataDict(self):
        return dict(_s().user_data.get(self._path, {}))

    def destroyUserData(self, name, must_exist=True):
        data = _s().user_data.get(self._path, {})
        if name not in data:
            if must_exist:
                raise OperationFailed("User data %r does not exist" % name)
            return
        del data[name]
        _s().modified = True

    def __eq__(self, other):
        return isinstance(other, Node) and other._path == self._path

    def __hash__(self):
        return hash(self._path)

    def __repr__(self):
        return "<hou.Node at %s>" % self._path


def node(path):
    if not isinstance(path, str):
        raise TypeError("hou.node() needs a string path")
    s = _s()
    if path != "/" and path.endswith("/"):
        path = path.rstrip("/")
    if path in s.nodes and path not in s.deleted:
        return Node(path)
    return None


def selectedNodes():
    return tuple(Node(p) for p in _s().selected)


def clearAllSelected():
    _s().selected = []


# ------------------------------------------------------------------------- file references
_FILE_PARM = re.compile(r"(file|path|picture|output|dso|texture|map|hdr|filename|lopoutput|sopoutput)", re.I)


def fileReferences(project_dir_variable="HIP", include_all_refs=True):
    """(parm, raw path) for every string parm that names a file, like Houdini's own scan."""
    out = []
    for path, data in _s().nodes.items():
        for name, raw in data["parms"].items():
            value = raw.get("value") if isinstance(raw, dict) else raw
            if not isinstance(value, str) or not value:
                continue
            if value.startswith("op:") or value.startswith("/obj/") or value.startswith("/stage/"):
                continue  # node references, not files
            if _FILE_PARM.search(name) or re.search(r"\.\w{2,5}$", value):
                out.append((Parm(path, name), value))
    for lib in _s().hda_files:
        out.append((None, lib))
    return tuple(out)


# --------------------------------------------------------------------------------------- hda
class _Hda:
    @staticmethod
    def loadedFiles():
        return tuple(_s().hda_files)

    @staticmethod
    def definitionsInFile(file_path):
        if file_path not in _s().hda_files:
            raise OperationFailed("The attempted operation failed.\nUnable to open file: %s" % file_path)
        return tuple(HDADefinition(k, v) for k, v in _s().definitions.items() if v.get("library") == file_path)


hda = _Hda()


# ----------------------------------------------------------------------------------- hipFile
class _HipFile:
    @staticmethod
    def path():
        s = _s()
        return s.hip or posixpath.join(s.hip_dir(), "untitled.hip")

    @staticmethod
    def name():
        return posixpath.basename(_HipFile.path())

    @staticmethod
    def basename():
        return _HipFile.name()

    @staticmethod
    def isNewFile():
        return not _s().hip

    @staticmethod
    def hasUnsavedChanges():
        return _s().modified

    @staticmethod
    def save(file_name=None, save_to_recent_files=True):
        s = _s()
        if file_name:
            s.hip = file_name
        s.modified = False
        s.saves += 1


hipFile = _HipFile()


# ---------------------------------------------------------------------------------- playbar
class _Playbar:
    def _check(self):
        if not _s().ui:
            raise NotAvailable("The attempted operation is not available without a graphical user interface.")

    def frameRange(self):
        self._check()
        return _s().playbar

    def playbackRange(self):
        self._check()
        return _s().playbar


playbar = _Playbar()


# ---------------------------------------------------------------------------------------- qt
class _Qt:
    @staticmethod
    def mainWindow():
        s = _s()
        if not s.ui:
            raise NotAvailable("The attempted operation is not available without a graphical user interface.")
        return s.main_window


qt = _Qt()
