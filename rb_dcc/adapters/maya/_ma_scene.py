"""What a Maya scene file says, whichever format it is in, turned into a ``SceneSpec``.

The ASCII reader (``_ma_reader``) and the binary reader (``_mb_reader``) both feed a
``MayaSceneBuilder`` with the same events: the header, ``requires``, ``fileInfo``, node
creation/selection, attribute values and file references. The builder keeps only the nodes and
attributes that matter to a render farm (render globals, cameras, layers, and every node type that
holds a file path), so memory stays small however large the file is.
"""

from __future__ import annotations

import os
import re
from typing import Dict, List, NamedTuple, Optional, Set, Tuple, Union

from ...scene import (
    AssetKind,
    Camera,
    FrameRange,
    FrameRangeError,
    Host,
    Plugin,
    RenderLayer,
    Resolution,
    SceneSpec,
)
from ._tables import RENDERER_PLUGINS, fps_for_unit, image_format, render_device

__all__ = ["MayaSceneBuilder", "PATH_ATTRS", "SETTINGS_ATTRS", "INTERESTING_TYPES", "INTERESTING_ATTRS"]

K = AssetKind

# node type -> {attribute (short and long names) -> asset kind}
PATH_ATTRS: Dict[str, Dict[str, AssetKind]] = {
    "file": {"ftn": K.TEXTURE, "fileTextureName": K.TEXTURE},
    "psdFileTex": {"ftn": K.TEXTURE, "fileTextureName": K.TEXTURE},
    "movie": {"ftn": K.MOVIE, "fileTextureName": K.MOVIE},
    "mentalrayTexture": {"ftn": K.TEXTURE, "fileTextureName": K.TEXTURE},
    "imagePlane": {"imn": K.TEXTURE, "imageName": K.TEXTURE},
    "audio": {"f": K.SOUND, "filename": K.SOUND},
    "cacheFile": {},  # cachePath + cacheName, handled on its own
    "gpuCache": {"cfn": K.CACHE, "cacheFileName": K.CACHE},
    "AlembicNode": {"fn": K.CACHE, "abc_File": K.CACHE},
    "aiImage": {"filename": K.TEXTURE},
    "aiStandIn": {"dso": K.PROXY},
    "aiVolume": {"filename": K.VOLUME, "fn": K.VOLUME},
    "aiPhotometricLight": {"aiFilename": K.IES, "ai_filename": K.IES},
    "aiMaterialx": {"filename": K.OTHER},
    "RedshiftProxyMesh": {"fn": K.PROXY, "fileName": K.PROXY},
    "RedshiftVolumeShape": {"fn": K.VOLUME, "fileName": K.VOLUME},
    "RedshiftDomeLight": {"tex0": K.TEXTURE, "tex1": K.TEXTURE},
    "RedshiftEnvironment": {"tex0": K.TEXTURE, "tex1": K.TEXTURE, "tex2": K.TEXTURE, "tex3": K.TEXTURE, "tex4": K.TEXTURE},
    "RedshiftNormalMap": {"tex0": K.TEXTURE},
    "RedshiftSprite": {"tex0": K.TEXTURE},
    "RedshiftIESLight": {"profile": K.IES},
    "RedshiftCameraMap": {"tex0": K.TEXTURE},
    "VRayMesh": {"fn": K.PROXY, "fileName": K.PROXY},
    "VRayScene": {"FilePath": K.PROXY, "fp": K.PROXY},
    "VRayVolumeGrid": {"inPath": K.VOLUME, "inFile": K.VOLUME},
    "VRayLightIESShape": {"iesFile": K.IES},
    "PxrTexture": {"filename": K.TEXTURE},
    "PxrNormalMap": {"filename": K.TEXTURE},
    "PxrBump": {"filename": K.TEXTURE},
    "PxrPtexture": {"filename": K.TEXTURE},
    "PxrDomeLight": {"lightColorMap": K.TEXTURE},
    "PxrRectLight": {"lightColorMap": K.TEXTURE},
    "RenderManArchive": {"filename": K.PROXY},
    "xgmPalette": {"xfn": K.OTHER, "xgFileName": K.OTHER},
    "xgmSplineCache": {"fileName": K.CACHE, "fn": K.CACHE},
    "pgYetiMaya": {"cfn": K.CACHE, "cacheFileName": K.CACHE, "imageSearchPath": K.TEXTURE, "isp": K.TEXTURE},
    "houdiniAsset": {"otlFilePath": K.HDA},
    "colorManagementGlobals": {"cfp": K.COLOR, "configFilePath": K.COLOR},
}

# node type -> attributes read for settings (short and long names)
SETTINGS_ATTRS: Dict[str, Set[str]] = {
    "renderGlobals": {
        "ren", "currentRenderer", "an", "animation", "fs", "startFrame", "ef", "endFrame", "bfs",
        "byFrameStep", "by", "byFrame", "ifp", "imageFilePrefix", "imfkey", "imfPluginKey", "if",
        "imageFormat",
    },
    "resolution": {"w", "width", "h", "height"},
    "camera": {"rnd", "renderable"},
    "renderLayer": {"rndr", "renderable"},
    "renderSetupLayer": {"rndr", "renderable"},
    "aiAOVDriver": {"ai_translator", "aiTranslator"},
    "aiOptions": {"renderDevice", "rdev"},
    "RedshiftOptions": {"imageFormat", "if"},
    "VRaySettingsNode": {"imageFormatStr", "imgfs"},
    "colorManagementGlobals": {"cfe", "cmEnabled"},
    "time": {"o", "outTime"},
    "file": {"uvt", "uvTilingMode", "ufe", "useFrameExtension", "cfnp", "computedFileTextureNamePattern"},
    "aiStandIn": {"ufe", "useFrameExtension"},
    "cacheFile": {"cp", "cachePath", "cn", "cacheName"},
    "reference": set(),
    # render setup overrides: attribute name, target node, value
    "absOverride": {"atr", "attribute", "tgName", "targetNodeName", "atv", "attrValue", "en", "enabled"},
    "absUniqueOverride": {"atr", "attribute", "tgName", "targetNodeName", "atv", "attrValue", "en", "enabled"},
}
# render-globals attributes a render setup layer may override, long name -> our key
_LAYER_OVERRIDES = {
    "startFrame": "fs", "endFrame": "ef", "byFrameStep": "bfs", "animation": "an",
    "currentRenderer": "ren", "imageFilePrefix": "ifp",
}

INTERESTING_TYPES: Set[str] = set(PATH_ATTRS) | set(SETTINGS_ATTRS)
INTERESTING_ATTRS: Set[str] = {a for d in PATH_ATTRS.values() for a in d} | {
    a for s in SETTINGS_ATTRS.values() for a in s
}

# long name -> short name, so one lookup serves both spellings
_ALIASES = {
    "currentRenderer": "ren", "animation": "an", "startFrame": "fs", "endFrame": "ef", "byFrameStep": "bfs",
    "byFrame": "by", "imageFilePrefix": "ifp", "imfPluginKey": "imfkey", "imageFormat": "if", "width": "w",
    "height": "h", "renderable": "rnd", "rndr": "rnd", "aiTranslator": "ai_translator", "rdev": "renderDevice",
    "imgfs": "imageFormatStr", "cmEnabled": "cfe", "outTime": "o", "uvTilingMode": "uvt",
    "useFrameExtension": "ufe", "computedFileTextureNamePattern": "cfnp", "cachePath": "cp", "cacheName": "cn",
    "attribute": "atr", "targetNodeName": "tgName", "attrValue": "atv", "enabled": "en",
}

# nodes every scene has, met through ``select -ne :name``
DEFAULT_NODES = {
    "defaultRenderGlobals": "renderGlobals",
    "defaultResolution": "resolution",
    "defaultColorMgtGlobals": "colorManagementGlobals",
    "defaultArnoldDriver": "aiAOVDriver",
    "defaultArnoldRenderOptions": "aiOptions",
    "redshiftOptions": "RedshiftOptions",
    "vraySettings": "VRaySettingsNode",
    "defaultRenderLayer": "renderLayer",
    "time1": "time",
}

_ADJ_VALUE = re.compile(r"^(?:adjs|adjustments)\[(\d+)\]\.(?:val|value)$")
_ADJ_PLUG = re.compile(r"^(?:adjs|adjustments)\[(\d+)\]\.(?:plg|plug)$")
# render-globals attributes a legacy render layer may override (short and long names) -> our key
_LEGACY_OVERRIDES = {
    "fs": "fs", "startFrame": "fs", "ef": "ef", "endFrame": "ef", "bfs": "bfs", "byFrameStep": "bfs",
    "an": "an", "animation": "an", "ren": "ren", "currentRenderer": "ren", "ifp": "ifp", "imageFilePrefix": "ifp",
}
_TRUE = {"yes", "on", "true", "1"}
_FALSE = {"no", "off", "false", "0"}
_MAX_PROBLEMS_PER_KIND = 20

Value = Union[str, float, bool]


class Node:
    __slots__ = ("type", "name", "parent", "attrs", "line")

    def __init__(self, type_: str, name: str, parent: str = "", line: int = 0):
        self.type = type_
        self.name = name
        self.parent = parent
        self.attrs: Dict[str, Value] = {}
        self.line = line


class Reference(NamedTuple):
    path: str
    namespace: str
    node: str
    deferred: bool
    file_type: str


def _as_bool(value: Optional[Value], default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value != 0.0
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    try:
        return float(text) != 0.0
    except ValueError:
        return default


def _as_float(value: Optional[Value]) -> Optional[float]:
    if value is None or isinstance(value, bool):
        return None if value is None else float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def find_project(scene_path: str) -> Optional[str]:
    """The Maya project of a scene: a folder with ``workspace.mel`` at or above the scene (3 levels),
    else the parent of a ``scenes`` folder that holds the scene."""
    d = os.path.dirname(os.path.abspath(scene_path))
    probe = d
    for _ in range(4):
        if os.path.isfile(os.path.join(probe, "workspace.mel")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    if os.path.basename(d) == "scenes":
        return os.path.dirname(d)
    return None


class MayaSceneBuilder:
    """Collects what the readers find; ``build()`` makes the ``SceneSpec``."""

    def __init__(self, path: str, fmt: str):
        self.path = path
        self.format = fmt  # "ascii" or "binary"
        self.header_version = ""
        self.requires_maya = ""
        self.plugins: Dict[str, Tuple[str, List[str]]] = {}
        self.file_info: Dict[str, str] = {}
        self.time_unit = "film"
        self.ticks_per_second: Optional[float] = None  # binary files: TDUR
        self.nodes: Dict[str, Node] = {}  # interesting nodes only, by name
        self.order: List[Node] = []
        self.current: Optional[Node] = None
        self.references: List[Reference] = []
        self.list_parent: Dict[str, str] = {}  # render setup: item -> the list (layer/collection) holding it
        self.legacy_layers: Dict[str, str] = {}  # render setup layer -> the renderLayer node it drives
        self.adjusted: Dict[Tuple[str, int], str] = {}  # (legacy layer, adjustment index) -> our key
        self.warnings: List[Tuple[str, str]] = []  # (message, ref)
        self.notices: List[Tuple[str, str]] = []
        self.statements = 0
        self.bad_statements = 0
        self.ended_cleanly = True

    # events -------------------------------------------------------------------------------------
    def on_requires(self, name: str, version: str, node_types: List[str]) -> None:
        if name.lower() == "maya":
            self.requires_maya = version
            return
        old = self.plugins.get(name)
        types = (old[1] if old else []) + [t for t in node_types if not old or t not in old[1]]
        self.plugins[name] = (version.strip() or (old[0] if old else ""), types)

    def on_file_info(self, key: str, value: str) -> None:
        self.file_info[key] = value

    def on_create(self, type_: str, name: str, parent: str = "", line: int = 0) -> bool:
        """A new node; True when its attributes are of interest."""
        if type_ not in INTERESTING_TYPES or not name:
            self.current = None
            return False
        node = Node(type_, name, parent, line)
        self.nodes[name] = node
        self.order.append(node)
        self.current = node
        return True

    def on_select(self, name: str) -> bool:
        name = name.lstrip(":")
        node = self.nodes.get(name)
        if node is None and name in DEFAULT_NODES:
            node = Node(DEFAULT_NODES[name], name)
            self.nodes[name] = node
            self.order.append(node)
        self.current = node
        return node is not None

    def wants(self, attr: str, node: Optional[Node] = None) -> bool:
        node = node if node is not None else self.current
        if node is None:
            return False
        if attr in PATH_ATTRS.get(node.type, ()) or attr in SETTINGS_ATTRS.get(node.type, ()):
            return True
        return node.type == "renderLayer" and _ADJ_VALUE.match(attr) is not None

    def on_set_attr(self, attr: str, value: Value, node_name: Optional[str] = None) -> None:
        node = self.current if node_name is None else self.nodes.get(node_name.lstrip(":"))
        if node is None or not self.wants(attr, node):
            return
        node.attrs[_ALIASES.get(attr, attr)] = value

    def on_connect(self, source: str, destination: str) -> None:
        """Render setup's links (``X.lit -> Y.pls`` puts Y in list X; ``rs_X.msg -> X.lrl`` names
        the renderLayer node a setup layer drives) and legacy layers' adjustment plugs."""
        src_node, _, src_attr = source.lstrip(":").partition(".")
        dst_node, _, dst_attr = destination.lstrip(":").partition(".")
        if src_attr == "lit" and dst_attr == "pls":
            self.list_parent[dst_node] = src_node
            return
        if dst_attr in ("lrl", "legacyRenderLayer") and src_attr in ("msg", "message"):
            self.legacy_layers[dst_node] = src_node
            return
        m = _ADJ_PLUG.match(dst_attr)
        if m and src_node == "defaultRenderGlobals" and src_attr in _LEGACY_OVERRIDES:
            self.adjusted[(dst_node, int(m.group(1)))] = _LEGACY_OVERRIDES[src_attr]

    def layer_overrides(self, layer: str) -> Dict[str, Value]:
        """Render-globals values a render setup layer overrides (startFrame, renderer...)."""
        out: Dict[str, Value] = {}
        for node in self.order:
            if node.type not in ("absOverride", "absUniqueOverride") or not _as_bool(node.attrs.get("en"), True):
                continue
            attr = node.attrs.get("atr")
            if attr not in _LAYER_OVERRIDES or node.attrs.get("tgName", "defaultRenderGlobals") != "defaultRenderGlobals":
                continue
            if "atv" not in node.attrs:
                continue
            parent, hops = self.list_parent.get(node.name), 0
            while parent is not None and parent != layer and hops < 16:
                parent, hops = self.list_parent.get(parent), hops + 1
            if parent == layer:
                out[_LAYER_OVERRIDES[str(attr)]] = node.attrs["atv"]
        return out

    def on_reference(self, ref: Reference) -> None:
        self.references.append(ref)

    def warn(self, message: str, ref: str = "") -> None:
        self.warnings.append((message, ref))

    # results ------------------------------------------------------------------------------------
    def _get(self, name: str, attr: str) -> Optional[Value]:
        node = self.nodes.get(name)
        return None if node is None else node.attrs.get(attr)

    def _get_long(self, name: str, attr: str) -> Optional[Value]:
        """``_get`` by Maya's long attribute name (the shared tables' way of asking)."""
        return self._get(name, _ALIASES.get(attr, attr))

    def host_version(self) -> str:
        return self.requires_maya or self.header_version or self.file_info.get("version", "")

    def build(self) -> SceneSpec:
        spec = SceneSpec(
            host=Host.MAYA,
            host_version=self.host_version(),
            scene_path=os.path.abspath(self.path),
            analyser="maya.scenefile",
        )
        project = find_project(self.path)
        spec.project_path = project or ""
        if not spec.host_version:
            spec.warn("the file does not say which Maya version saved it", ref=self.path)
        product = self.file_info.get("product", "")
        if product:
            spec.notice("saved by %s%s" % (product, (" (cut %s)" % self.file_info["cutIdentifier"]) if "cutIdentifier" in self.file_info else ""))
        for msg, ref in self.warnings:
            spec.warn(msg, ref=ref)
        for msg, ref in self.notices:
            spec.notice(msg, ref=ref)
        if self.bad_statements:
            spec.warn("%d statement(s) could not be read and were skipped" % self.bad_statements, ref=self.path)

        spec.plugins = [Plugin(name=n, version=v) for n, (v, _t) in self.plugins.items()]
        fps = fps_for_unit(self.time_unit)
        spec.fps = fps

        # renderer -----------------------------------------------------------------------------
        renderer = str(self._get("defaultRenderGlobals", "ren") or "mayaSoftware")
        spec.renderer = renderer
        plugin = RENDERER_PLUGINS.get(renderer)
        if plugin:
            if plugin in self.plugins:
                spec.renderer_version = self.plugins[plugin][0]
            else:
                spec.warn(
                    "the renderer is %s but the file does not require the %s plug-in" % (renderer, plugin),
                    fix="load %s in Maya, set the renderer again and save" % plugin,
                    ref="defaultRenderGlobals",
                )
        spec.render_device = render_device(renderer, self._get_long)

        # frames --------------------------------------------------------------------------------
        spec.frames = self._frames(spec)
        # output ---------------------------------------------------------------------------------
        prefix = self._get("defaultRenderGlobals", "ifp")
        spec.output_pattern = str(prefix) if prefix else ""
        spec.image_format = image_format(renderer, self._get_long)
        w = _as_float(self._get("defaultResolution", "w"))
        h = _as_float(self._get("defaultResolution", "h"))
        spec.resolution = Resolution(width=int(w) if w else 640, height=int(h) if h else 480)

        # cameras --------------------------------------------------------------------------------
        for node in self.order:
            if node.type == "camera":
                name = node.parent or node.name
                spec.cameras.append(Camera(name=name, renderable=_as_bool(node.attrs.get("rnd"), True)))
        if spec.cameras and not spec.renderable_cameras:
            spec.warn("no camera is renderable", fix="turn on Renderable for the render camera in Render Settings")

        # layers ---------------------------------------------------------------------------------
        spec.layers = self._layers(spec)
        return spec

    @staticmethod
    def _time(value: Optional[Value]) -> Optional[float]:
        """A time attribute in frames: ASCII files store the file's time unit (frames); the binary
        reader turns its ticks into frames before they get here."""
        return _as_float(value)

    def _frames(self, spec: SceneSpec) -> Optional[FrameRange]:
        rg = "defaultRenderGlobals"
        animation = _as_bool(self._get(rg, "an"), False)
        if not animation:
            current = self._time(self._get("time1", "o"))
            frame = int(round(current)) if current is not None else 1
            spec.notice(
                "animation is off in Render Settings: only the current frame %d renders" % frame,
                fix="set Frame/Animation ext to a name.#.ext option to render a range",
                ref=rg,
            )
            return FrameRange.from_bounds(frame, frame)
        start = self._time(self._get(rg, "fs"))
        end = self._time(self._get(rg, "ef"))
        step = _as_float(self._get(rg, "bfs"))
        if step is None:
            step = _as_float(self._get(rg, "by"))
        start = 1.0 if start is None else start
        end = 10.0 if end is None else end
        step = 1.0 if step is None else step
        for label, v in (("start frame", start), ("end frame", end)):
            if v != int(v):
                spec.warn("the %s %g is not a whole frame; the farm renders whole frames" % (label, v), ref=rg)
        if step < 1 or step != int(step):
            spec.warn("the frame step %g is not a whole number of 1 or more; using 1" % step, ref=rg)
            step = 1.0
        try:
            return FrameRange.from_bounds(int(round(start)), int(round(end)), int(step))
        except FrameRangeError as exc:
            spec.error("render frame range: %s" % exc, fix="set start and end frames in Render Settings", ref=rg)
            return None

    def _layers(self, spec: SceneSpec) -> List[RenderLayer]:
        cams = spec.renderable_cameras
        setup = [n for n in self.order if n.type == "renderSetupLayer" and ":" not in n.name]
        legacy = [
            n for n in self.order
            if n.type == "renderLayer" and ":" not in n.name and n.name != "globalRender"
        ]
        if "defaultRenderLayer" not in self.nodes and not legacy:
            legacy = [Node("renderLayer", "defaultRenderLayer")]

        def layer(name: str, node_type: str, renderable: bool) -> RenderLayer:
            return RenderLayer(
                name=name,
                kind="layer",
                renderable=renderable,
                renderer=spec.renderer,
                node_type=node_type,
                frames=spec.frames,
                cameras=list(cams),
                output=spec.output_pattern,
                image_format=spec.image_format,
            )

        if setup:
            # named as the live adapter and Renderbus's task.json name them: the master layer is
            # defaultRenderLayer, a setup layer goes by the renderLayer node it drives (rs_<name>),
            # the name Maya's command-line renderer takes (-rl)
            master = self.nodes.get("defaultRenderLayer")
            out = [layer("defaultRenderLayer", "renderLayer", _as_bool(master.attrs.get("rnd") if master else None, True))]
            for rsl in setup:
                legacy = self.legacy_layers.get(rsl.name) or "rs_" + rsl.name
                rs = self.nodes.get(legacy)
                # the renderLayer's flag is the one Maya's renderer obeys; the setup layer mirrors it
                renderable = _as_bool(rs.attrs.get("rnd") if rs else rsl.attrs.get("rnd"), True)
                item = layer(legacy, "renderSetupLayer", renderable)
                self._apply_overrides(item, self.layer_overrides(rsl.name), spec)
                out.append(item)
            return out
        out = []
        for n in legacy:
            item = layer(n.name, "renderLayer", _as_bool(n.attrs.get("rnd"), True))
            over: Dict[str, Value] = {}
            for (owner, index), key in self.adjusted.items():
                if owner == n.name:
                    value = n.attrs.get("adjs[%d].val" % index, n.attrs.get("adjustments[%d].value" % index))
                    if value is not None:
                        over[key] = value
            self._apply_overrides(item, over, spec)
            out.append(item)
        return out

    def _apply_overrides(self, item: RenderLayer, over: Dict[str, Value], spec: SceneSpec) -> None:
        """A render setup layer's own renderer, output prefix and frames."""
        if not over:
            return
        if "ren" in over:
            item.renderer = str(over["ren"])
        if "ifp" in over:
            item.output = str(over["ifp"])
        if any(k in over for k in ("fs", "ef", "bfs", "an")):
            rg = self.nodes.get("defaultRenderGlobals")
            base = dict(rg.attrs) if rg else {}
            base.update(over)
            if not _as_bool(base.get("an"), False):
                current = self._time(self._get("time1", "o"))
                frame = int(round(current)) if current is not None else 1
                item.frames = FrameRange.from_bounds(frame, frame)
                return
            start = _as_float(base.get("fs"))
            end = _as_float(base.get("ef"))
            step = _as_float(base.get("bfs")) or 1.0
            try:
                item.frames = FrameRange.from_bounds(
                    int(round(1.0 if start is None else start)), int(round(10.0 if end is None else end)), max(1, int(step))
                )
            except FrameRangeError as exc:
                spec.warn("render setup layer %s: %s" % (item.name, exc), ref=item.name)

    # assets -----------------------------------------------------------------------------------
    def path_values(self) -> List[Tuple[str, AssetKind, str]]:
        """(path as written, kind, node.attr) for every path-bearing attribute, in file order."""
        out: List[Tuple[str, AssetKind, str]] = []
        for node in self.order:
            attrs = PATH_ATTRS.get(node.type)
            if attrs is None:
                continue
            if node.type == "cacheFile":
                cp, cn = node.attrs.get("cp"), node.attrs.get("cn")
                if isinstance(cp, str) and isinstance(cn, str) and cp and cn:
                    base = cp.rstrip("/\\") + "/" + cn
                    out.append((base + ".xml", K.CACHE, node.name + ".cachePath"))
                    out.append((base + ".mc", K.CACHE, node.name + ".cachePath"))
                continue
            for attr, kind in attrs.items():
                value = node.attrs.get(attr)
                if not isinstance(value, str) or not value.strip():
                    continue
                if node.type == "colorManagementGlobals" and not _as_bool(node.attrs.get("cfe"), True):
                    continue
                value = self._sequence_pattern(node, value)
                out.append((value, kind, "%s.%s" % (node.name, attr)))
        return out

    @staticmethod
    def _sequence_pattern(node: Node, value: str) -> str:
        """A file node's UDIM / frame-sequence settings turned into tokens in its path."""
        if node.type not in ("file", "aiStandIn") or not (
            node.attrs.get("uvt") or node.attrs.get("ufe") or node.attrs.get("cfnp")
        ):
            return value  # no UDIM or sequence settings: the path is the path
        pattern = node.attrs.get("cfnp")
        uvt = int(_as_float(node.attrs.get("uvt")) or 0)
        if uvt and isinstance(pattern, str) and "<" in pattern:
            return pattern
        head, tail = os.path.split(value.replace("\\", "/"))
        if uvt == 3 and "<" not in tail:
            tail = re.sub(r"(?<!\d)1\d{3}(?!\d)(?!.*(?<!\d)1\d{3}(?!\d))", "<UDIM>", tail)
        elif uvt == 2:
            tail = re.sub(r"u\d+_v\d+", "u<U>_v<V>", tail)
        elif uvt == 1:
            tail = re.sub(r"u\d+_v\d+", "u<u>_v<v>", tail)
        if _as_bool(node.attrs.get("ufe"), False) and "<f" not in tail and "#" not in tail:
            tail = re.sub(r"(\d+)(?!.*\d)", "<f>", tail)
        if tail == os.path.split(value.replace("\\", "/"))[1]:
            return value
        return (head + "/" + tail) if head else tail
