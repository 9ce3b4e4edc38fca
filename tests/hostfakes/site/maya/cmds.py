"""Fake ``maya.cmds``: answers the queries rb_dcc's Maya adapter makes, the way Maya does.

Quirks kept on purpose: ``ls`` / ``listConnections`` / ``listRelatives`` answer ``None`` when
nothing matches; ``getAttr`` on an empty string attribute answers ``None``; time attributes come
back as floats in the current time unit; ``fileInfo`` queries answer a list with quotes and
backslashes escaped; unknown objects raise ``ValueError`` ("No object matches name"), bad
command use raises ``RuntimeError``. No MagicMock: every answer comes from the scene description.
"""

from __future__ import annotations

import fnmatch
import ntpath
import os
import re

from . import _state


def _scene():
    return _state.SCENE


def _no_match(name):
    return ValueError("No object matches name: %s" % name)


def _flag(kwargs, *names):
    for n in names:
        if n in kwargs:
            return kwargs[n]
    return None


# ---------------------------------------------------------------------------------------- about
def about(**kwargs):
    a = _scene().about
    if _flag(kwargs, "version", "v"):
        return a.get("version", "2025")
    if _flag(kwargs, "product", "p"):
        return a.get("product", "Maya %s" % a.get("version", "2025"))
    if _flag(kwargs, "installedVersion", "iv"):
        return a.get("installedVersion", "Autodesk Maya %s" % a.get("version", "2025"))
    if _flag(kwargs, "apiVersion", "api"):
        return int(a.get("apiVersion", 20250000))
    if _flag(kwargs, "batch", "b"):
        return not _scene().ui
    if _flag(kwargs, "cutIdentifier", "c"):
        return a.get("cutIdentifier", "")
    if _flag(kwargs, "operatingSystem", "os"):
        return a.get("operatingSystem", "linux")
    raise RuntimeError("about: no query flag given")


# ------------------------------------------------------------------------------------ plug-ins
def pluginInfo(*args, **kwargs):
    plugins = _scene().plugins
    if not (kwargs.get("query") or kwargs.get("q")):
        raise RuntimeError("pluginInfo: only queries are supported in this session")
    if _flag(kwargs, "listPlugins", "ls"):
        names = [n for n, p in plugins.items() if p.get("loaded", True)]
        return names or None
    if not args:
        raise RuntimeError("pluginInfo: a plug-in name is required for this query")
    name = args[0]
    plugin = plugins.get(name)
    if plugin is None:
        # Maya also accepts the file name (mtoa.mll) — try that
        for n, p in plugins.items():
            if os.path.splitext(ntpath.basename(p.get("path", "")))[0] == os.path.splitext(name)[0]:
                plugin = p
                break
    if _flag(kwargs, "loaded", "l"):
        return bool(plugin and plugin.get("loaded", True))
    if plugin is None:
        raise RuntimeError('Plug-in, "%s", was not found on MAYA_PLUG_IN_PATH.' % name)
    if _flag(kwargs, "version", "v"):
        return plugin.get("version", "Unknown")
    if _flag(kwargs, "path", "p"):
        return plugin.get("path", "")
    if _flag(kwargs, "dependNode", "dn"):
        return list(plugin.get("nodeTypes", [])) or None
    if _flag(kwargs, "vendor", "vd"):
        return plugin.get("vendor", "")
    raise RuntimeError("pluginInfo: unsupported query %r" % sorted(kwargs))


# ---------------------------------------------------------------------------------------- nodes
def objExists(name):
    node, _, attr = str(name).partition(".")
    s = _scene()
    if node not in s.nodes:
        return False
    return not attr or _split_attr(attr)[0] in s.nodes[node]["attrs"] or attr.startswith("adjustments")


def nodeType(name, **kwargs):
    node = str(name).split(".")[0]
    try:
        return _scene().nodes[node]["type"]
    except KeyError:
        raise RuntimeError("No object matches name: %s" % name) from None


def ls(*args, **kwargs):
    s = _scene()
    if _flag(kwargs, "selection", "sl"):
        return list(s.selection) or None
    types = _flag(kwargs, "type", "typ")
    if isinstance(types, str):
        types = [types]
    patterns = []
    for a in args:
        patterns.extend(a if isinstance(a, (list, tuple)) else [a])
    out = []
    for name, node in s.nodes.items():
        if types and node["type"] not in types:
            continue
        if patterns and not any(fnmatch.fnmatchcase(name, p) for p in patterns):
            continue
        if _flag(kwargs, "referencedNodes", "rn") and not node.get("reference"):
            continue
        out.append(_long_name(name) if _flag(kwargs, "long", "l") else name)
    return out or None


def _long_name(name):
    s = _scene()
    parts = [name]
    parent = s.nodes[name].get("parent")
    while parent:
        parts.append(parent)
        parent = s.nodes.get(parent, {}).get("parent")
    return "|" + "|".join(reversed(parts))


def listRelatives(*args, **kwargs):
    s = _scene()
    name = args[0] if args else None
    if name is None:
        return None
    name = str(name).split("|")[-1]
    if name not in s.nodes:
        raise _no_match(name)
    if _flag(kwargs, "parent", "p"):
        parent = s.nodes[name].get("parent")
        return [parent] if parent else None
    children = [n for n, node in s.nodes.items() if node.get("parent") == name]
    types = _flag(kwargs, "type", "typ")
    if types:
        types = [types] if isinstance(types, str) else types
        children = [c for c in children if s.nodes[c]["type"] in types]
    if _flag(kwargs, "shapes", "s"):
        children = [c for c in children if s.nodes[c]["type"] in ("mesh", "camera", "nurbsCurve", "gpuCache", "aiStandIn", "pgYetiMaya")]
    return children or None


def select(*args, **kwargs):
    s = _scene()
    if _flag(kwargs, "clear", "cl"):
        s.selection = []
        return None
    names = []
    for a in args:
        names.extend(a if isinstance(a, (list, tuple)) else [a])
    for n in names:
        if n not in s.nodes:
            raise _no_match(n)
    if _flag(kwargs, "add", "af"):
        s.selection.extend(n for n in names if n not in s.selection)
    else:
        s.selection = list(names)
    return None


# ----------------------------------------------------------------------------------- attributes
_INDEXED = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?$")


def _split_attr(attr):
    m = _INDEXED.match(attr)
    if m:
        return m.group(1), int(m.group(2)), m.group(3)
    return _state.SHORT_NAMES.get(attr, attr), None, None


def _plug(plug):
    s = _scene()
    node, dot, attr = str(plug).partition(".")
    if not dot or node not in s.nodes:
        raise _no_match(plug)
    return node, attr


def getAttr(plug, **kwargs):
    s = _scene()
    node, attr = _plug(plug)
    name, index, child = _split_attr(attr)
    data = s.nodes[node]
    if name == "adjustments":
        adjustments = data["adjustments"]
        if index is None:
            if _flag(kwargs, "multiIndices", "mi"):
                return list(range(len(adjustments))) or None
            raise RuntimeError("getAttr: %s is a multi attribute; query an element" % plug)
        if index >= len(adjustments) or child not in ("value", None):
            raise _no_match(plug)
        return _time_or_value(node, adjustments[index]["plug"], adjustments[index]["value"])
    if name not in data["attrs"]:
        raise _no_match(plug)
    value = data["attrs"][name]
    if s.is_time_attr(node, name) and value is not None:
        return float(value) * s.fps
    if isinstance(value, str) and value == "":
        return None
    if isinstance(value, list):
        return [tuple(value)] if value and not isinstance(value[0], (list, tuple)) else value
    return value


def _time_or_value(layer, target_plug, value):
    s = _scene()
    tnode, _, tattr = target_plug.partition(".")
    if tnode in s.nodes and s.is_time_attr(tnode, tattr):
        return float(value)  # adjustments were written in the scene's unit
    return value


def setAttr(plug, *values, **kwargs):
    s = _scene()
    node, attr = _plug(plug)
    name = _split_attr(attr)[0]
    if name not in s.nodes[node]["attrs"]:
        raise _no_match(plug)
    value = values[0] if len(values) == 1 else list(values)
    if s.is_time_attr(node, name):
        value = float(value) / s.fps
    s.nodes[node]["attrs"][name] = value
    s.modified = True


def listConnections(*args, **kwargs):
    s = _scene()
    if not args:
        return None
    target = str(args[0])
    node = target.split(".")[0]
    if node not in s.nodes:
        raise _no_match(target)
    source = _flag(kwargs, "source", "s")
    dest = _flag(kwargs, "destination", "d")
    if source is None and dest is None:
        source = dest = True
    plugs = _flag(kwargs, "plugs", "p")
    types = _flag(kwargs, "type", "t")
    out = []

    def matches(plug):
        return plug == target if "." in target else plug.split(".")[0] == target

    for src, dst in s.connections:
        if source and matches(dst):
            out.append(src)
        if dest and matches(src):
            out.append(dst)
    if types:
        out = [p for p in out if s.nodes.get(p.split(".")[0], {}).get("type") == types]
    if not plugs:
        out = [p.split(".")[0] for p in out]
    return out or None


# --------------------------------------------------------------------------------------- time
def currentUnit(**kwargs):
    s = _scene()
    if kwargs.get("query") or kwargs.get("q"):
        if _flag(kwargs, "time", "t"):
            return s.time_unit
        if _flag(kwargs, "linear", "l"):
            return "cm"
        raise RuntimeError("currentUnit: no query flag given")
    unit = _flag(kwargs, "time", "t")
    if unit:
        if unit not in _state.TIME_UNITS:
            raise RuntimeError("currentUnit: invalid time unit %r" % unit)
        s.time_unit = unit


def currentTime(*args, **kwargs):
    s = _scene()
    if kwargs.get("query") or kwargs.get("q"):
        return s.current_time
    s.current_time = float(args[0])
    return s.current_time


def playbackOptions(**kwargs):
    s = _scene()
    if _flag(kwargs, "minTime", "min"):
        return float(s.playback["min"])
    if _flag(kwargs, "maxTime", "max"):
        return float(s.playback["max"])
    raise RuntimeError("playbackOptions: unsupported flags %r" % sorted(kwargs))


# --------------------------------------------------------------------------------------- files
def _strip_copy(path):
    return re.sub(r"\{\d+\}$", "", path)


def _find_ref(path):
    for ref, parent in _scene().all_references():
        if path in (ref["path"], _strip_copy(ref["path"]), ref.get("node"), ref.get("unresolved")):
            return ref, parent
    return None, None


def _path_attrs():
    """(node, attr, value) of every path attribute the scene's nodes carry."""
    out = []
    for name, node in _scene().nodes.items():
        for attr in PATH_ATTRS.get(node["type"], ()):
            value = node["attrs"].get(attr)
            if value:
                out.append((name, attr, value))
    return out


PATH_ATTRS = {
    "file": ("fileTextureName",),
    "aiImage": ("filename",),
    "aiStandIn": ("dso",),
    "aiVolume": ("filename",),
    "aiPhotometricLight": ("aiFilename",),
    "RedshiftProxyMesh": ("fileName",),
    "RedshiftVolumeShape": ("fileName",),
    "VRayMesh": ("fileName",),
    "AlembicNode": ("abc_File",),
    "gpuCache": ("cacheFileName",),
    "xgmPalette": ("xgFileName",),
    "pgYetiMaya": ("cacheFileName",),
    "audio": ("filename",),
    "imagePlane": ("imageName",),
}


def file(*args, **kwargs):
    s = _scene()
    query = kwargs.get("query") or kwargs.get("q")
    if query:
        if _flag(kwargs, "sceneName", "sn"):
            if _flag(kwargs, "shortName", "shn"):
                return ntpath.basename(s.scene.replace("\\", "/")) if s.scene else ""
            return s.scene
        if _flag(kwargs, "modified", "amf"):
            return s.modified
        if _flag(kwargs, "reference", "r"):
            if args:
                ref, _ = _find_ref(args[0])
                if ref is None:
                    raise RuntimeError("file: %s is not a reference file in this scene" % args[0])
                children = ref.get("children", [])
            else:
                children = s.references
            paths = [r["path"] for r in children]
            if _flag(kwargs, "withoutCopyNumber", "wcn"):
                paths = [_strip_copy(p) for p in paths]
            return paths
        if _flag(kwargs, "list", "l"):
            out = [s.scene] if s.scene else []
            out += [_strip_copy(r["path"]) for r, _ in s.all_references()]
            out += [v for _, _, v in _path_attrs()]
            out += s.extra_files
            return out or None
        raise RuntimeError("file: unsupported query %r" % sorted(kwargs))
    if _flag(kwargs, "rename", "rn"):
        s.scene = _flag(kwargs, "rename", "rn")
        return s.scene
    if _flag(kwargs, "save", "s"):
        if not s.scene:
            raise RuntimeError("File has no name; use file -rename to give it one before saving")
        s.modified = False
        s.saves += 1
        return s.scene
    raise RuntimeError("file: unsupported flags %r" % sorted(kwargs))


def referenceQuery(target, **kwargs):
    s = _scene()
    ref, parent = _find_ref(str(target))
    if ref is None:
        node = s.nodes.get(str(target).split(".")[0])
        if node and node.get("reference"):
            ref, parent = _find_ref(node["reference"])
    if _flag(kwargs, "isNodeReferenced", "inr"):
        node = s.nodes.get(str(target).split(".")[0])
        if node is None:
            raise RuntimeError("referenceQuery: object '%s' not found" % target)
        return bool(node.get("reference"))
    if ref is None:
        raise RuntimeError("referenceQuery: '%s' is not a reference node, reference file or referenced node" % target)
    if _flag(kwargs, "referenceNode", "rfn"):
        if _flag(kwargs, "parent", "p"):
            return parent["node"] if parent else None
        return ref["node"]
    if _flag(kwargs, "filename", "f"):
        path = ref.get("unresolved", ref["path"]) if _flag(kwargs, "unresolvedName", "un") else ref["path"]
        if _flag(kwargs, "withoutCopyNumber", "wcn"):
            path = _strip_copy(path)
        return path
    if _flag(kwargs, "isLoaded", "il"):
        return bool(ref.get("loaded", True))
    if _flag(kwargs, "namespace", "ns"):
        return ":" + ref.get("namespace", "")
    raise RuntimeError("referenceQuery: unsupported flags %r" % sorted(kwargs))


def workspace(*args, **kwargs):
    s = _scene()
    if _flag(kwargs, "rootDirectory", "rd"):
        return (s.workspace.rstrip("/") + "/") if s.workspace else ""
    if _flag(kwargs, "fileRuleEntry", "fre"):
        return {"images": "images", "sourceImages": "sourceimages", "scene": "scenes"}.get(_flag(kwargs, "fileRuleEntry", "fre"), "")
    raise RuntimeError("workspace: unsupported flags %r" % sorted(kwargs))


def fileInfo(*args, **kwargs):
    s = _scene()
    if _flag(kwargs, "remove", "rm"):
        s.file_info.pop(_flag(kwargs, "remove", "rm"), None)
        s.modified = True
        return None
    if kwargs.get("query") or kwargs.get("q"):
        def esc(v):
            return v.replace("\\", "\\\\").replace('"', '\\"')

        if args:
            value = s.file_info.get(args[0])
            return [esc(value)] if value is not None else []
        flat = []
        for k, v in s.file_info.items():
            flat += [k, esc(v)]
        return flat
    if len(args) != 2:
        raise RuntimeError("fileInfo: give a keyword and a value")
    key, value = args
    if not isinstance(value, str):
        raise TypeError("fileInfo: the value must be a string")
    s.file_info[key] = value
    s.modified = True
    return None


# ---------------------------------------------------------------------------------------- UI
from ._ui import deleteUI, menu, menuItem, setParent, shelfButton, shelfLayout  # noqa: E402,F401
