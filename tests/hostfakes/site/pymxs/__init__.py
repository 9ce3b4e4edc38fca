"""Fake ``pymxs`` for tests: ``pymxs.runtime`` answers from a JSON scene, the way 3ds Max does.

Quirks kept: names on ``runtime`` (and on scene objects) are case-insensitive; MAXScript
``undefined`` comes back as ``runtime.undefined`` (falsy, not None) from properties and functions
that find nothing; MAXScript collections are 1-based (``AssetManager.GetAssetByIndex 0`` is an
error); time values are ``Time`` objects (``.frame``; ``int()`` gives ticks, 160 per frame);
``maxFilePath`` ends with a backslash and is "" for an untitled scene; runtime errors raise
``RuntimeError`` with MAXScript's wording.
"""

from __future__ import annotations

import re

from . import _state, _ui

TICKS_PER_FRAME = 160


def _s():
    return _state.SCENE


class _Undefined:
    _inst = None

    def __new__(cls):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst

    def __bool__(self):
        return False

    def __repr__(self):
        return "undefined"

    __str__ = __repr__


undefined = _Undefined()


def _mxs_error(text):
    return RuntimeError("-- Runtime error: %s" % text)


class Name:
    def __init__(self, value):
        self.value = str(value).lstrip("#")

    def __eq__(self, other):
        if isinstance(other, Name):
            return self.value.lower() == other.value.lower()
        if isinstance(other, str):
            return self.value.lower() == other.lstrip("#").lower()
        return False

    def __hash__(self):
        return hash(self.value.lower())

    def __str__(self):
        return self.value

    def __repr__(self):
        return "#" + self.value


class Time:
    def __init__(self, frame):
        self.frame = float(frame)

    @property
    def ticks(self):
        return int(round(self.frame * TICKS_PER_FRAME))

    def __int__(self):
        return self.ticks

    def __repr__(self):
        return "%gf" % self.frame


class Interval:
    def __init__(self, start, end):
        self.start = Time(start)
        self.end = Time(end)


class MxsClass:
    def __init__(self, name):
        self._name = name

    def __str__(self):
        return self._name

    __repr__ = __str__

    def __eq__(self, other):
        return isinstance(other, MxsClass) and other._name.lower() == self._name.lower()

    def __hash__(self):
        return hash(self._name.lower())


class MxsObject:
    """A MAXScript value with case-insensitive properties; missing ones raise like MAXScript."""

    def __init__(self, cls, **props):
        object.__setattr__(self, "_cls", MxsClass(cls))
        object.__setattr__(self, "_props", {k.lower(): v for k, v in props.items()})

    def __getattr__(self, name):
        props = object.__getattribute__(self, "_props")
        try:
            return props[name.lower()]
        except KeyError:
            raise AttributeError("Unknown property: \"%s\" in %s" % (name, object.__getattribute__(self, "_cls"))) from None

    def __setattr__(self, name, value):
        self._props[name.lower()] = value

    def __repr__(self):
        return "$%s:%s" % (self._props.get("name", "?"), self._cls)


def _node(name):
    s = _s()
    for cam in s.cameras:
        if cam["name"].lower() == str(name).lower():
            return MxsObject(cam.get("class", "Targetcamera"), name=cam["name"])
    for obj in s.objects:
        if obj.lower() == str(name).lower():
            return MxsObject("Editable_Poly", name=obj)
    return undefined


# ------------------------------------------------------------------------- runtime members
class _RenderElementMgr:
    def NumRenderElements(self):
        return len(_s().render_elements)

    def _get(self, index):
        elements = _s().render_elements
        if not 0 <= index < len(elements):  # the element manager is 0-based, unlike most of MAXScript
            raise _mxs_error("Render element index out of range: %d" % index)
        return elements[index]

    def GetRenderElement(self, index):
        e = self._get(index)
        return MxsObject(e.get("class", "RenderElement"), elementName=e["name"], enabled=e.get("enabled", True))

    def GetRenderElementFilename(self, index):
        return self._get(index).get("filename", "")


class _MaxOps:
    def GetCurRenderElementMgr(self):
        return _RenderElementMgr()


class _Renderers:
    @property
    def current(self):
        r = _s().render.get("renderer", "Default_Scanline_Renderer")
        return MxsObject(r, name=r)


class _AssetUser:
    def __init__(self, data, index):
        self._data = data
        self._index = index

    def GetFileName(self):
        return self._data["file"]

    def GetFullFilePath(self):
        return self._data.get("full", self._data["file"])

    def GetType(self):
        return Name(self._data.get("type", "other"))

    def GetAssetId(self):
        return "{%08d-0000-0000-0000-000000000000}" % self._index


class _AssetManager:
    def GetNumAssets(self):
        return len(_s().assets)

    def GetAssetByIndex(self, index):
        assets = _s().assets
        if not 1 <= index <= len(assets):
            raise _mxs_error("Array index out of bounds: %d" % index)
        return _AssetUser(assets[index - 1], index)


class _ATSOps:
    def Refresh(self):
        _s().ats_refreshes += 1
        return True


class _XRefScene(MxsObject):
    pass


class _XRefs:
    def _children(self, root):
        if root is None or root is undefined:
            return _s().xref_scenes
        return object.__getattribute__(root, "_props").get("_children", [])

    def getXRefFileCount(self, root=None):
        return len(self._children(root))

    def getXRefFile(self, index, root=None):
        children = self._children(root)
        if not 1 <= index <= len(children):
            raise _mxs_error("Array index out of bounds: %d" % index)
        x = children[index - 1]
        return _XRefScene("XRefScene", fileName=x["filename"], disabled=x.get("disabled", False), _children=x.get("children", []))


class _ObjXRefMgr:
    @property
    def recordCount(self):
        return len(_s().xref_objects)

    def GetRecord(self, index):
        records = _s().xref_objects
        if not 1 <= index <= len(records):
            raise _mxs_error("Array index out of bounds: %d" % index)
        r = records[index - 1]
        return MxsObject("XRefRecord", srcFileName=r["srcFileName"], nested=r.get("nested", False))


class _PluginManager:
    @property
    def pluginDllCount(self):
        return len(_s().plugins)

    def _get(self, index):
        plugins = _s().plugins
        if not 1 <= index <= len(plugins):
            raise _mxs_error("Plugin DLL index out of range: %d" % index)
        return plugins[index - 1]

    def pluginDllName(self, index):
        return self._get(index)["name"]

    def pluginDllFullPath(self, index):
        return self._get(index)["path"]

    def isPluginDllLoaded(self, index):
        return bool(self._get(index).get("loaded", True))


class _FileProperties:
    def _bucket(self, kind):
        return _s().file_properties.setdefault(str(Name(kind) if not isinstance(kind, Name) else kind).lower(), {})

    def findProperty(self, kind, name):
        keys = list(self._bucket(kind))
        for i, k in enumerate(keys):
            if k == name:
                return i + 1
        return 0

    def getPropertyValue(self, kind, index):
        items = list(self._bucket(kind).items())
        if not 1 <= index <= len(items):
            raise _mxs_error("Property index out of range: %d" % index)
        return items[index - 1][1]

    def addProperty(self, kind, name, value):
        if not isinstance(value, (str, int, float, bool)):
            raise _mxs_error("addProperty: value must be a string, number or boolean")
        self._bucket(kind)[name] = value
        _s().save_required = True
        return True

    def deleteProperty(self, kind, name):
        self._bucket(kind).pop(name, None)
        _s().save_required = True
        return True


class _Refs:
    def dependentNodes(self, obj, firstOnly=False, baseObjectOnly=False):
        props = object.__getattribute__(obj, "_props")
        nodes = [_node(n) for n in props.get("_nodes", [])]
        nodes = [n for n in nodes if n is not undefined]
        return nodes[:1] if firstOnly else nodes


class _Viewport:
    def getCamera(self):
        cam = _s().active_camera
        return _node(cam) if cam else undefined


class _Runtime:
    """``pymxs.runtime``: every name is case-insensitive, as in MAXScript."""

    def __init__(self):
        members = {
            "undefined": undefined,
            "name": Name,
            "maxops": _MaxOps(),
            "renderers": _Renderers(),
            "assetmanager": _AssetManager(),
            "atsops": _ATSOps(),
            "xrefs": _XRefs(),
            "objxrefmgr": _ObjXRefMgr(),
            "pluginmanager": _PluginManager(),
            "fileproperties": _FileProperties(),
            "viewport": _Viewport(),
            "refs": _Refs(),
            "bitmaptexture": MxsClass("BitmapTexture"),
        }
        members.update(UI.members())  # macros, menuMan, callbacks (pymxs._ui)
        object.__setattr__(self, "_members", members)

    # values that read the scene each time
    def _dynamic(self, key):
        s = _s()
        r = s.render
        table = {
            "maxfilepath": lambda: s.file_path,
            "maxfilename": lambda: s.file_name,
            "framerate": lambda: s.frame_rate,
            "currenttime": lambda: Time(s.current_time),
            "animationrange": lambda: Interval(*s.animation_range),
            "rendstart": lambda: Time(r.get("rendStart", 0)),
            "rendend": lambda: Time(r.get("rendEnd", 100)),
            "rendnthframe": lambda: int(r.get("rendNThFrame", 1)),
            "rendtimetype": lambda: int(r.get("rendTimeType", 1)),
            "rendpickupframes": lambda: r.get("rendPickupFrames", ""),
            "rendoutputfilename": lambda: r.get("rendOutputFilename", ""),
            "rendsavefile": lambda: bool(r.get("rendSaveFile", False)),
            "renderwidth": lambda: int(r.get("renderWidth", 640)),
            "renderheight": lambda: int(r.get("renderHeight", 480)),
            "cameras": lambda: [_node(c["name"]) for c in s.cameras],
            "selection": lambda: [_node(n) for n in s.selection],
        }
        return table[key]() if key in table else None

    def __getattr__(self, name):
        key = name.lower()
        members = object.__getattribute__(self, "_members")
        if key in members:
            return members[key]
        value = self._dynamic(key)
        if value is not None:
            return value
        fn = getattr(type(self), "_fn_" + key, None)
        if fn is not None:
            return fn.__get__(self)
        # an unknown global is undefined in MAXScript, not an error
        return undefined

    def __setattr__(self, name, value):
        key = name.lower()
        s = _s()
        render_keys = {"rendstart": "rendStart", "rendend": "rendEnd", "rendnthframe": "rendNThFrame",
                       "rendtimetype": "rendTimeType", "rendoutputfilename": "rendOutputFilename"}
        if key in render_keys:
            s.render[render_keys[key]] = value.frame if isinstance(value, Time) else value
            s.save_required = True
            return
        raise _mxs_error("Cannot set %s" % name)

    # functions ---------------------------------------------------------------------------------
    def _fn_maxversion(self):
        return list(_s().max_version)

    def _fn_getsaverequired(self):
        return _s().save_required

    def _fn_setsaverequired(self, value):
        _s().save_required = bool(value)
        return True

    def _fn_savemaxfile(self, path, quiet=False, useNewFile=True, clearNeedSaveFlag=True):
        s = _s()
        if not path:
            raise _mxs_error("saveMaxFile requires a file name")
        s.saves.append(path)
        if clearNeedSaveFlag:
            s.save_required = False
        return True

    def _fn_classof(self, obj):
        cls = getattr(obj, "_cls", None)
        if cls is None:
            try:
                cls = object.__getattribute__(obj, "_cls")
            except AttributeError:
                return MxsClass(type(obj).__name__)
        return cls

    def _fn_getclassinstances(self, cls, target=None, processAllAnimatables=False, asTrackViewPick=False):
        if cls == MxsClass("BitmapTexture"):
            return [
                MxsObject("Bitmaptexture", name=b["name"], filename=b["filename"], _nodes=b.get("nodes", []))
                for b in _s().desc.get("bitmaps", [])
            ]
        return []

    def _fn_getactivecamera(self):
        cam = _s().active_camera
        return _node(cam) if cam else undefined

    def _fn_getnodebyname(self, name, exact=True, ignoreCase=True, all=False):
        return _node(name)

    def _fn_select(self, node):
        if node is undefined or node is None:
            raise _mxs_error("select requires a node, got undefined")
        _s().selection = [node.name]
        return True

    def _fn_clearselection(self):
        _s().selection = []
        return True

    def _fn_getfileversion(self, path):
        for p in _s().plugins:
            if p["path"].lower() == str(path).lower():
                v = p.get("version", "")
                if not v:
                    return ""
                return "%s\t%s" % (v.replace(".", ","), v)
        return ""

    def _fn_getdir(self, which):
        if Name("maxroot") == which:
            return _s().max_root
        raise _mxs_error("getDir: unknown directory %r" % which)

    def _fn_doesfileexist(self, path):
        import os

        return os.path.exists(str(path).replace("\\", "/"))

    def _fn_filenamefrompath(self, path):
        return re.split(r"[\\/]", str(path))[-1]


UI = _ui.UI()
runtime = _Runtime()


def mxsreference(value):
    return [value]
