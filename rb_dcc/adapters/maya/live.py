"""Maya adapter: reads the open scene through ``maya.cmds`` (imported inside functions only).

What it collects: Maya's version, the renderer and its plug-in version, plug-ins in use, frames
from ``defaultRenderGlobals``, renderable cameras, render setup / legacy render layers with their
per-layer overrides (renderer, frames, cameras, image prefix), image prefix and format,
resolution, and every file the scene reads (texture and cache nodes, references incl. nested,
``file -q -list``). Sticky submit settings live in the scene's ``fileInfo``.
"""

from __future__ import annotations

import contextlib
import os
import re
from typing import Any, Dict, Iterator, List, Optional, Tuple

from ...scene import AssetKind, Camera, Host, Plugin, RenderLayer, Resolution, SceneSpec
from ..base import (
    SETTINGS_KEY,
    AssetCollector,
    HostAdapterBase,
    HostError,
    decode_settings,
    encode_settings,
    frame_range,
    reading,
    wrap_qt_pointer,
)
from ._tables import RENDERER_PLUGINS, fps_for_unit, image_format, render_device

__all__ = ["MayaAdapter", "RENDERER_PLUGINS", "PATH_NODES"]

# node type -> (path attribute, asset kind)
PATH_NODES: Dict[str, Tuple[str, AssetKind]] = {
    "file": ("fileTextureName", AssetKind.TEXTURE),
    "aiImage": ("filename", AssetKind.TEXTURE),
    "aiStandIn": ("dso", AssetKind.PROXY),
    "aiVolume": ("filename", AssetKind.VOLUME),
    "aiPhotometricLight": ("aiFilename", AssetKind.IES),
    "RedshiftProxyMesh": ("fileName", AssetKind.PROXY),
    "RedshiftVolumeShape": ("fileName", AssetKind.VOLUME),
    "VRayMesh": ("fileName", AssetKind.PROXY),
    "AlembicNode": ("abc_File", AssetKind.CACHE),
    "gpuCache": ("cacheFileName", AssetKind.CACHE),
    "xgmPalette": ("xgFileName", AssetKind.OTHER),
    "pgYetiMaya": ("cacheFileName", AssetKind.CACHE),
    "audio": ("filename", AssetKind.SOUND),
    "imagePlane": ("imageName", AssetKind.TEXTURE),
}

_RG = "defaultRenderGlobals"


def _cmds():
    from maya import cmds  # noqa: WPS433 - the host module, only ever imported here

    return cmds


def host_modules():
    """``(maya.cmds, maya.mel)`` for the bootstraps in rb_dcc.hostintegration (host modules load only here)."""
    from maya import mel  # noqa: WPS433

    return _cmds(), mel


def _list(value: Any) -> List[Any]:
    """Maya answers None for 'nothing'; a list otherwise."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


_LAST_NUMBER = re.compile(r"(\d+)(?=\.[^./\\]+$)")


def _pattern_from_example(path: str, tiling: int, animated: bool) -> str:
    """'wood.1001.png' -> 'wood.<UDIM>.png' (UDIM tiling), 'flip.0012.exr' -> 'flip.<f>.exr' (frames).

    For scenes whose file nodes lack computedFileTextureNamePattern (it is filled on load in
    newer Maya versions only). Other tiling modes (0-based u_v, Mudbox) are left as written.
    """
    m = _LAST_NUMBER.search(path)
    if not m:
        return path
    if tiling == 3 and len(m.group(1)) == 4 and m.group(1).startswith("1"):
        return path[: m.start()] + "<UDIM>" + path[m.end():]
    if animated and not tiling:
        return path[: m.start()] + "<f>" + path[m.end():]
    return path


class MayaAdapter(HostAdapterBase):
    name = "maya"

    # -- basics ------------------------------------------------------------------------------
    def host_version(self) -> str:
        cmds = _cmds()
        version = str(cmds.about(version=True))
        try:  # "Autodesk Maya 2025.3" is more precise than "2025"
            installed = str(cmds.about(installedVersion=True))
        except (RuntimeError, TypeError):
            installed = ""
        m = re.search(r"(\d{4}(?:\.\d+)*)", installed)
        if m and m.group(1).startswith(version[:4]):
            return m.group(1)
        return version

    def scene_path(self) -> str:
        return str(_cmds().file(query=True, sceneName=True) or "")

    def is_dirty(self) -> bool:
        return bool(_cmds().file(query=True, modified=True))

    def save(self) -> None:
        if not self.scene_path():
            raise HostError("the scene has never been saved; use File > Save Scene As before submitting")
        try:
            _cmds().file(save=True, force=True)
        except RuntimeError as exc:
            raise HostError("Maya could not save %s: %s" % (self.scene_path(), exc)) from exc

    def main_window(self) -> Optional[Any]:
        try:
            from maya import OpenMayaUI
        except ImportError:
            return None
        try:
            pointer = OpenMayaUI.MQtUtil.mainWindow()
        except Exception:
            return None
        return wrap_qt_pointer(pointer, "QMainWindow")

    # -- settings ----------------------------------------------------------------------------
    def read_settings(self) -> dict:
        return decode_settings(_cmds().fileInfo(SETTINGS_KEY, query=True))

    def write_settings(self, settings: dict) -> None:
        _cmds().fileInfo(SETTINGS_KEY, encode_settings(settings))

    def select_node(self, ref: str) -> bool:
        cmds = _cmds()
        node = str(ref).split(".")[0].strip()
        if not node or not cmds.objExists(node):
            return False
        cmds.select(node, replace=True)
        return True

    # -- collect -----------------------------------------------------------------------------
    def _get(self, plug: str, default: Any = None) -> Any:
        cmds = _cmds()
        try:
            value = cmds.getAttr(plug)
        except (ValueError, RuntimeError):
            return default
        return default if value is None else value

    def _get_plug(self, node: str, attr: str) -> Any:
        """``node.attr``'s value, None when it cannot be read (the shared tables' way of asking)."""
        return self._get("%s.%s" % (node, attr))

    @contextlib.contextmanager
    def _on_master_layer(self, spec: SceneSpec) -> Iterator[None]:
        """Read the scene as the master layer has it; Render Setup applies the visible layer's overrides."""
        rs = previous = None
        if _list(_cmds().ls(type="renderSetupLayer")):
            try:
                from maya.app.renderSetup.model import renderSetup

                rs = renderSetup.instance()
                previous = rs.getVisibleRenderLayer()
                if previous.name() != "defaultRenderLayer":
                    rs.switchToLayer(rs.getDefaultRenderLayer())
                else:
                    previous = None
            except Exception as exc:
                spec.warn("could not switch Render Setup to the master layer: %s" % exc,
                          fix="switch to masterLayer in the Render Setup window and collect again")
                rs = previous = None
        try:
            yield
        finally:
            if rs is not None and previous is not None:
                rs.switchToLayer(previous)

    def collect(self, options: Optional[dict] = None) -> SceneSpec:
        cmds = _cmds()
        scene = self.scene_path()
        spec = SceneSpec(host=Host.MAYA, host_version=self.host_version(), scene_path=scene, analyser="maya.live")
        project = str(cmds.workspace(query=True, rootDirectory=True) or "")
        spec.project_path = project.rstrip("/\\")
        if not scene:
            spec.error("the scene is untitled", fix="save the scene before submitting (File > Save Scene As)")

        unit = str(cmds.currentUnit(query=True, time=True))
        spec.fps = fps_for_unit(unit)

        with self._on_master_layer(spec):
            self._collect_settings(spec)

        collector = AssetCollector(
            host="maya",
            base_dir=os.path.dirname(scene) or None,
            project_dir=spec.project_path or None,
        )
        with reading(spec, "references"):
            self._references(collector, spec)
        with reading(spec, "texture and cache nodes"):
            self._node_assets(collector)
        with reading(spec, "Maya's file list (file -query -list)"):
            for path in _list(cmds.file(query=True, list=True)):
                if scene and os.path.normcase(str(path)) == os.path.normcase(scene):
                    continue
                collector.add(path, AssetKind.OTHER, "")
        collector.report(spec)
        return spec

    def _collect_settings(self, spec: SceneSpec) -> None:
        """Renderer, plug-ins, frames, image settings, cameras and layers (on the master layer)."""
        renderer = str(self._get(_RG + ".currentRenderer", "mayaSoftware"))
        spec.renderer = renderer
        with reading(spec, "plug-ins"):
            spec.plugins = self._plugins(renderer, spec)
        plugin = RENDERER_PLUGINS.get(renderer)
        if plugin:
            spec.renderer_version = spec.plugin_version(plugin) or ""
        spec.render_device = render_device(renderer, self._get_plug)

        with reading(spec, "the frame range in Render Settings", blocking=True):
            spec.frames = self._frames(spec)
        width = int(self._get("defaultResolution.width", 0) or 0)
        height = int(self._get("defaultResolution.height", 0) or 0)
        spec.resolution = Resolution(width=width, height=height)
        spec.output_pattern = str(self._get(_RG + ".imageFilePrefix", "") or "")
        spec.image_format = image_format(renderer, self._get_plug)

        with reading(spec, "cameras"):
            spec.cameras = self._cameras()
        with reading(spec, "render layers"):
            spec.layers = self._layers(spec)
        if not any(c.renderable for c in spec.cameras) and not any(l.cameras for l in spec.layers if l.renderable):
            spec.error("no camera is renderable", fix="tick Renderable on a camera in Render Settings > Common")
        if spec.layers and not any(l.renderable for l in spec.layers):
            spec.error("no render layer is renderable", fix="make at least one render layer renderable")

    # plug-ins ----------------------------------------------------------------------------------
    def _plugins(self, renderer: str, spec: SceneSpec) -> List[Plugin]:
        cmds = _cmds()
        renderer_plugin = RENDERER_PLUGINS.get(renderer)
        plugins: List[Plugin] = []
        loaded = _list(cmds.pluginInfo(query=True, listPlugins=True))
        for name in loaded:
            node_types = _list(cmds.pluginInfo(name, query=True, dependNode=True))
            # one ls per plug-in, not one nodeType per node: scenes have 100k nodes
            if name != renderer_plugin and not (node_types and _list(cmds.ls(type=node_types))):
                continue  # loaded but the scene does not need it
            version = str(cmds.pluginInfo(name, query=True, version=True) or "")
            plugins.append(Plugin(name=name, version="" if version == "Unknown" else version, required=True))
        if renderer_plugin and renderer_plugin not in loaded:
            spec.error(
                "the renderer %r needs the %s plug-in, which is not loaded" % (renderer, renderer_plugin),
                fix="load %s in the Plug-in Manager or choose another renderer" % renderer_plugin,
                ref=_RG,
            )
        return plugins

    # frames ------------------------------------------------------------------------------------
    def _frames(self, spec: SceneSpec):
        cmds = _cmds()
        if not self._get(_RG + ".animation", False):
            frame = cmds.currentTime(query=True)
            spec.notice(
                "animation is off in Render Settings: only the current frame %g renders" % frame,
                fix="set Frame/Animation ext to a name.#.ext option to render a range",
                ref=_RG,
            )
            return frame_range(frame, frame, 1, spec=spec, where=_RG)
        return frame_range(
            self._get(_RG + ".startFrame", 1.0),
            self._get(_RG + ".endFrame", 1.0),
            self._get(_RG + ".byFrameStep", 1.0),
            spec=spec,
            where=_RG,
        )

    # cameras -----------------------------------------------------------------------------------
    def _camera_transform(self, shape: str) -> str:
        parents = _list(_cmds().listRelatives(shape, parent=True))
        return str(parents[0]) if parents else shape

    def _cameras(self) -> List[Camera]:
        cams = []
        for shape in _list(_cmds().ls(type="camera")):
            cams.append(Camera(name=self._camera_transform(shape), renderable=bool(self._get(shape + ".renderable", False))))
        return cams

    # layers ------------------------------------------------------------------------------------
    def _adjustments(self, legacy: str) -> Dict[str, Any]:
        """The plugs a legacy render layer overrides, and their values on that layer."""
        cmds = _cmds()
        out: Dict[str, Any] = {}
        try:
            indices = _list(cmds.getAttr(legacy + ".adjustments", multiIndices=True))
        except (ValueError, RuntimeError):
            return out
        for i in indices:
            plug = _list(cmds.listConnections("%s.adjustments[%d].plug" % (legacy, i), source=True, destination=False, plugs=True))
            if not plug:
                continue
            node, _, attr = str(plug[0]).partition(".")
            try:
                value = cmds.getAttr("%s.adjustments[%d].value" % (legacy, i))
            except (ValueError, RuntimeError):
                continue
            out["%s.%s" % (node.split("|")[-1], attr)] = value
        return out

    def _setup_overrides(self, layer_name: str) -> Optional[Dict[str, Any]]:
        """Absolute overrides of a Render Setup layer as {"node.attr": value}, weakest first.

        None when Maya's render setup model cannot be used here (legacy layers then tell).
        """
        cmds = _cmds()
        try:
            from maya.app.renderSetup.model import renderSetup, utils as rs_utils
            from maya.app.renderSetup.model.override import AbsOverride
        except ImportError:
            return None
        out: Dict[str, Any] = {}
        layer = renderSetup.instance().getRenderLayer(layer_name)
        for override in rs_utils.getOverridesRecursive(layer):
            if not override.isEnabled() or not isinstance(override, AbsOverride):
                continue  # relative overrides scale transforms and lights, not render settings
            attr = override.attributeName()
            value = cmds.getAttr(override.name() + ".attrValue")
            for node in override.parent().selector().nodes():
                out["%s.%s" % (str(node).split("|")[-1], attr)] = value
        return out

    def _layer(
        self, name: str, legacy: str, renderable: bool, spec: SceneSpec, base_cams: List[Camera],
        adj: Optional[Dict[str, Any]] = None,
    ) -> RenderLayer:
        if adj is None:
            adj = self._adjustments(legacy) if legacy else {}

        def over(attr: str, default: Any) -> Any:
            return adj.get("%s.%s" % (_RG, attr), default)

        renderer = str(over("currentRenderer", spec.renderer))
        frames = spec.frames
        if any("%s.%s" % (_RG, a) in adj for a in ("startFrame", "endFrame", "byFrameStep", "animation")):
            frames = frame_range(
                over("startFrame", self._get(_RG + ".startFrame", 1.0)),
                over("endFrame", self._get(_RG + ".endFrame", 1.0)),
                over("byFrameStep", self._get(_RG + ".byFrameStep", 1.0)),
                spec=spec,
                where=name,
            )
        cameras = []
        for cam in base_cams:
            shapes = [k[: -len(".renderable")] for k in adj if k.endswith(".renderable")]
            on = cam.renderable
            for shape in shapes:
                if self._camera_transform(shape) == cam.name:
                    on = bool(adj[shape + ".renderable"])
            if on:
                cameras.append(cam.name)
        return RenderLayer(
            name=name,
            kind="layer",
            renderable=renderable,
            renderer=renderer,
            node_type="renderLayer",
            frames=frames,
            cameras=cameras,
            output=str(over("imageFilePrefix", spec.output_pattern) or ""),
            image_format=spec.image_format,
        )

    def _layers(self, spec: SceneSpec) -> List[RenderLayer]:
        cmds = _cmds()
        cams = spec.cameras
        layers: List[RenderLayer] = []
        setup = _list(cmds.ls(type="renderSetupLayer"))
        if setup:
            # render setup: the master layer is defaultRenderLayer; each setup layer drives a legacy
            # one (rs_<name>), and that is the name Maya's command-line renderer takes (-rl)
            layers.append(self._layer("defaultRenderLayer", "", bool(self._get("defaultRenderLayer.renderable", True)), spec, cams))
            for rsl in setup:
                legacy = _list(cmds.listConnections(rsl + ".legacyRenderLayer", source=True, destination=False))
                legacy_name = str(legacy[0]) if legacy else "rs_" + rsl
                # the legacy layer's flag is the one Maya's renderer obeys; the setup layer mirrors it
                renderable = self._get(legacy_name + ".renderable", None) if legacy else None
                if renderable is None:
                    renderable = self._get(rsl + ".renderable", True)
                try:
                    overrides = self._setup_overrides(rsl)
                except Exception as exc:  # render setup raises plain Exceptions for odd layers
                    spec.warn("could not read the overrides of render setup layer %s: %s" % (rsl, exc), ref=rsl)
                    overrides = None
                layer = self._layer(legacy_name, legacy_name if legacy else "", bool(renderable), spec, cams, overrides)
                layer.node_type = "renderSetupLayer"
                layers.append(layer)
            return layers
        for layer in _list(cmds.ls(type="renderLayer")):
            if layer == "globalRender" or ":" in layer:
                continue  # Maya 4-era global layer; namespaced layers come from references
            try:
                if cmds.referenceQuery(layer, isNodeReferenced=True):
                    continue  # a referenced scene's layers do not render here
            except RuntimeError:
                pass
            legacy = "" if layer == "defaultRenderLayer" else layer
            layers.append(self._layer(layer, legacy, bool(self._get(layer + ".renderable", True)), spec, cams))
        return layers

    # files -------------------------------------------------------------------------------------
    def _references(self, collector: AssetCollector, spec: SceneSpec) -> None:
        cmds = _cmds()
        seen = set()

        def walk(paths: List[str], depth: int) -> None:
            for path in paths:
                if path in seen or depth > 32:
                    continue
                seen.add(path)
                try:
                    node = str(cmds.referenceQuery(path, referenceNode=True))
                    raw = str(cmds.referenceQuery(path, filename=True, unresolvedName=True, withoutCopyNumber=True))
                    loaded = bool(cmds.referenceQuery(node, isLoaded=True))
                except RuntimeError as exc:
                    spec.warn("could not read reference %s: %s" % (path, exc), ref=path)
                    continue
                asset = collector.add(raw, AssetKind.REFERENCE, node)
                if not loaded:
                    spec.notice(
                        "reference %s (%s) is unloaded; it is uploaded but will stay unloaded on the farm" % (node, raw),
                        ref=node,
                    )
                if asset is not None and not asset.exists:
                    continue
                try:
                    children = _list(cmds.file(path, query=True, reference=True))
                except RuntimeError:
                    children = []
                walk([str(c) for c in children], depth + 1)

        walk([str(p) for p in _list(cmds.file(query=True, reference=True))], 0)

    def _node_assets(self, collector: AssetCollector) -> None:
        cmds = _cmds()
        for node_type in PATH_NODES:
            attr, kind = PATH_NODES[node_type]
            for node in _list(cmds.ls(type=node_type)):
                path = self._get("%s.%s" % (node, attr), "")
                if not path:
                    continue
                if node_type == "file":
                    tiling = int(self._get(node + ".uvTilingMode", 0) or 0)
                    animated = bool(self._get(node + ".useFrameExtension", False))
                    if tiling or animated:
                        # Maya keeps the first tile / frame in fileTextureName and the pattern here
                        pattern = self._get(node + ".computedFileTextureNamePattern", "")
                        path = pattern or _pattern_from_example(str(path), tiling, animated)
                collector.add(str(path), kind, "%s.%s" % (node, attr))
