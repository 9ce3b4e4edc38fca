"""The scene a fake Maya session holds: nodes, attributes, connections, references, plug-ins.

Loaded from a JSON description (see tests/hostfakes/scenes/maya/*.json). Attribute values are kept
as Maya keeps them; time attributes are stored in seconds and handed back in the current unit.
"""

from __future__ import annotations

import copy

TIME_UNITS = {
    "game": 15.0, "film": 24.0, "pal": 25.0, "ntsc": 30.0, "show": 48.0, "palf": 50.0, "ntscf": 60.0,
    "23.976fps": 24000 / 1001.0, "29.97fps": 30000 / 1001.0, "59.94fps": 60000 / 1001.0, "sec": 1.0,
}

# attribute defaults per node type, as a new Maya scene has them
DEFAULTS = {
    "renderGlobals": {
        "currentRenderer": "mayaSoftware", "animation": False, "startFrame": 1.0, "endFrame": 10.0,
        "byFrameStep": 1.0, "imageFilePrefix": None, "imageFormat": 7, "imfPluginKey": None,
        "extensionPadding": 1, "outFormatControl": 0,
    },
    "resolution": {"width": 640, "height": 480, "deviceAspectRatio": 1.333},
    "camera": {"renderable": False, "orthographic": False},
    "renderLayer": {"renderable": True},
    "renderSetupLayer": {"renderable": True},
    "file": {"fileTextureName": None, "uvTilingMode": 0, "useFrameExtension": False, "computedFileTextureNamePattern": None},
    "aiAOVDriver": {"ai_translator": "exr"},
    "aiOptions": {"renderDevice": 0},
}
TIME_ATTRS = {("renderGlobals", "startFrame"), ("renderGlobals", "endFrame")}
SHORT_NAMES = {
    "ren": "currentRenderer", "fs": "startFrame", "ef": "endFrame", "bfs": "byFrameStep", "an": "animation",
    "ifp": "imageFilePrefix", "imfkey": "imfPluginKey", "imfkey ": "imfPluginKey", "rnd": "renderable",
    "ftn": "fileTextureName", "w": "width", "h": "height", "rndr": "renderable",
}


class Scene:
    def __init__(self, desc: dict):
        desc = copy.deepcopy(desc)
        self.about = desc.get("about", {})
        self.ui = bool(desc.get("ui", False))
        self.main_window_ptr = None
        self.scene = desc.get("scene", "")
        self.modified = bool(desc.get("modified", False))
        self.workspace = desc.get("workspace", "")
        self.time_unit = desc.get("currentUnit", {}).get("time", "film")
        self.current_time = float(desc.get("currentTime", 1.0))
        self.playback = desc.get("playback", {"min": 1.0, "max": 24.0})
        self.plugins = desc.get("plugins", {})
        self.file_info = dict(desc.get("fileInfo", {}))
        self.extra_files = list(desc.get("extraFiles", []))
        self.references = desc.get("references", [])
        self.selection = []
        self.saves = 0
        self.nodes = {}
        fps = TIME_UNITS[self.time_unit]
        for name, node in desc.get("nodes", {}).items():
            ntype = node["type"]
            attrs = dict(DEFAULTS.get(ntype, {}))
            for key, value in node.get("attrs", {}).items():
                attrs[SHORT_NAMES.get(key, key)] = value
            for key in list(attrs):
                if (ntype, key) in TIME_ATTRS and attrs[key] is not None:
                    attrs[key] = float(attrs[key]) / fps  # stored in seconds
            self.nodes[name] = {
                "type": ntype,
                "parent": node.get("parent"),
                "attrs": attrs,
                "adjustments": node.get("adjustments", []),
                "reference": node.get("reference"),
            }
        self.render_setup = desc.get("renderSetup", {})
        self.layer_switches = []
        # each render setup override is a node whose .attrValue holds the value, as in Maya
        for layer in self.render_setup.get("layers", {}).values():
            stack = list(layer.get("collections", []))
            while stack:
                col = stack.pop()
                self.nodes[col["name"]] = {"type": "collection", "parent": None, "attrs": {}, "adjustments": [], "reference": None}
                for ov in col.get("overrides", []):
                    attrs = {"attribute": ov["attribute"], "enabled": ov.get("enabled", True)}
                    if ov.get("type") == "rel":
                        attrs.update(multiply=ov.get("multiply", 1.0), offset=ov.get("offset", 0.0))
                    else:
                        attrs["attrValue"] = ov.get("value")
                    self.nodes[ov["name"]] = {
                        "type": "relOverride" if ov.get("type") == "rel" else "absOverride",
                        "parent": None, "attrs": attrs, "adjustments": [], "reference": None,
                    }
                stack.extend(col.get("children", []))
        self.connections = [tuple(c) for c in desc.get("connections", [])]
        # a render layer adjustment is a connection from the adjusted plug to adjustments[i].plug
        for name, node in self.nodes.items():
            for i, adj in enumerate(node["adjustments"]):
                self.connections.append((adj["plug"], "%s.adjustments[%d].plug" % (name, i)))

    @property
    def fps(self) -> float:
        return TIME_UNITS[self.time_unit]

    def is_time_attr(self, node: str, attr: str) -> bool:
        return (self.nodes[node]["type"], attr) in TIME_ATTRS

    def all_references(self):
        out = []

        def walk(refs, parent):
            for ref in refs:
                out.append((ref, parent))
                walk(ref.get("children", []), ref)

        walk(self.references, None)
        return out


SCENE = Scene({})


def load(desc: dict) -> Scene:
    global SCENE
    SCENE = Scene(desc)
    return SCENE


def set_main_window(pointer) -> None:
    SCENE.main_window_ptr = pointer
