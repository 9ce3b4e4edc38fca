"""Houdini adapter: reads the open hip through ``hou`` (imported inside functions only).

What it collects: Houdini's version; every output driver in /out and /stage (and ROP networks
below them) with its renderer, frame range (``trange`` / ``f1..f3``), camera and output;
cameras; the files the session reads (``hou.fileReferences()``, minus the drivers' own outputs
and Houdini's own files); HDAs in use with their library files; $HIP / $JOB; render plug-ins
(Redshift, Arnold, V-Ray, RenderMan, Octane) with the version their library path shows. Sticky
submit settings live in the user data of the root node ``/``.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any, Dict, List, Optional, Tuple

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
)

__all__ = ["HoudiniAdapter", "ROP_TYPES"]


class RopInfo:
    __slots__ = ("renderer", "output", "camera", "kind", "plugin")

    def __init__(self, renderer: str, output: str, camera: str = "", kind: str = "render", plugin: str = ""):
        self.renderer = renderer
        self.output = output
        self.camera = camera
        self.kind = kind  # "render" makes images; "cache" writes geometry the farm can also make
        self.plugin = plugin


# node type name (without namespace/version) -> what it renders and where its output/camera parms are
ROP_TYPES: Dict[str, RopInfo] = {
    "ifd": RopInfo("mantra", "vm_picture", "camera"),
    "karma": RopInfo("karma", "picture", "camera"),
    "usdrender": RopInfo("karma", "outputimage", "override_camera"),
    "usdrender_rop": RopInfo("karma", "outputimage", "override_camera"),
    "Redshift_ROP": RopInfo("redshift", "RS_outputFileNamePrefix", "RS_renderCamera", plugin="redshift"),
    "arnold": RopInfo("arnold", "ar_picture", "camera", plugin="htoa"),
    "vray_renderer": RopInfo("vray", "SettingsOutput_img_file_path", "render_camera", plugin="vray"),
    "ris": RopInfo("renderman", "ri_display_0_name", "camera", plugin="renderman"),
    "Octane_ROP": RopInfo("octane", "HO_img_fileName", "HO_renderCamera", plugin="octane"),
    "opengl": RopInfo("opengl", "picture", "camera"),
    "geometry": RopInfo("", "sopoutput", kind="cache"),
    "rop_geometry": RopInfo("", "sopoutput", kind="cache"),
    "alembic": RopInfo("", "filename", kind="cache"),
    "rop_alembic": RopInfo("", "filename", kind="cache"),
    "usd": RopInfo("", "lopoutput", kind="cache"),
    "usd_rop": RopInfo("", "lopoutput", kind="cache"),
    "comp": RopInfo("", "copoutput", kind="cache"),
}
_RENDER_LOPS = {"usdrender_rop", "usd_rop", "karma"}

_EXT_KINDS = {
    AssetKind.CACHE: (".abc", ".bgeo", ".sc", ".gz", ".geo", ".usd", ".usda", ".usdc", ".usdz", ".fbx", ".obj", ".rs", ".ass", ".vrmesh", ".bhclassic", ".ply"),
    AssetKind.VOLUME: (".vdb",),
    AssetKind.HDA: (".hda", ".otl", ".hdanc", ".hdalc", ".otlnc", ".otllc"),
    AssetKind.IES: (".ies",),
    AssetKind.COLOR: (".ocio", ".cube", ".lut", ".3dl", ".csp"),
    AssetKind.SOUND: (".wav", ".mp3", ".aif", ".aiff"),
    AssetKind.MOVIE: (".mp4", ".mov", ".avi"),
    AssetKind.SCRIPT: (".py", ".vfl", ".vex", ".cmd", ".json", ".txt"),
    AssetKind.TEXTURE: (".png", ".jpg", ".jpeg", ".exr", ".tif", ".tiff", ".rat", ".hdr", ".tx", ".tga", ".pic", ".psd", ".bmp"),
}


def _hou():
    import hou  # noqa: WPS433 - the host module, only ever imported here

    return hou


def _base_type(name: str) -> str:
    """'sidefx::karma::2.0' -> 'karma'."""
    parts = name.split("::")
    if len(parts) >= 2 and re.match(r"^[\d.]+$", parts[-1]):
        parts = parts[:-1]
    return parts[-1]


def kind_for(path: str) -> AssetKind:
    p = path.lower()
    for suffix in (".gz", ".sc"):
        if p.endswith(suffix):
            p = p[: -len(suffix)]
    ext = posixpath.splitext(p)[1]
    for kind, exts in _EXT_KINDS.items():
        if ext in exts:
            return kind
    return AssetKind.OTHER


class HoudiniAdapter(HostAdapterBase):
    name = "houdini"

    def host_version(self) -> str:
        return str(_hou().applicationVersionString())

    def scene_path(self) -> str:
        hou = _hou()
        if hou.hipFile.isNewFile():
            return ""
        return str(hou.hipFile.path())

    def is_dirty(self) -> bool:
        return bool(_hou().hipFile.hasUnsavedChanges())

    def save(self) -> None:
        hou = _hou()
        if hou.hipFile.isNewFile():
            raise HostError("the hip file has never been saved; use File > Save As before submitting")
        try:
            hou.hipFile.save()
        except hou.OperationFailed as exc:
            raise HostError("Houdini could not save %s: %s" % (self.scene_path(), exc)) from exc

    def main_window(self) -> Optional[Any]:
        hou = _hou()
        if not hou.isUIAvailable():
            return None
        try:
            return hou.qt.mainWindow()
        except Exception:
            return None

    def read_settings(self) -> dict:
        return decode_settings(_hou().node("/").userData(SETTINGS_KEY))

    def write_settings(self, settings: dict) -> None:
        _hou().node("/").setUserData(SETTINGS_KEY, encode_settings(settings))

    def select_node(self, ref: str) -> bool:
        hou = _hou()
        path = str(ref).strip()
        node = hou.node(path) if path.startswith("/") else None
        if node is None and "/" in path.strip("/"):
            node = hou.node(path.rsplit("/", 1)[0])  # a parm path: /obj/geo1/file1/file
        if node is None:
            return False
        node.setCurrent(True, clear_all_selected=True)
        return True

    # -- collect -----------------------------------------------------------------------------
    def collect(self, options: Optional[dict] = None) -> SceneSpec:
        hou = _hou()
        scene = self.scene_path()
        spec = SceneSpec(host=Host.HOUDINI, host_version=self.host_version(), scene_path=scene, analyser="houdini.live")
        if not scene:
            spec.error("the hip file is untitled", fix="save the hip file before submitting (File > Save As)")
        variables = {}
        for name in ("HIP", "JOB", "HIPNAME", "HIPFILE"):
            value = hou.getenv(name)
            if value:
                variables[name] = str(value)
        spec.project_path = variables.get("JOB", "")
        spec.fps = float(hou.fps())

        spec.frames = self._playbar(spec)
        spec.layers, rop_cameras, plugin_types = self._rops(spec)
        renders = [l for l in spec.layers if l.renderable and l.renderer and l.renderer != "opengl"]
        first = renders[0] if renders else next((l for l in spec.layers if l.renderable and l.renderer), None)
        if first is not None:
            spec.renderer = first.renderer
            spec.output_pattern = first.output
            spec.image_format = first.image_format
        renderers = sorted({l.renderer for l in renders})
        if len(renderers) > 1:
            spec.notice("ROPs use several renderers: %s" % ", ".join(renderers))
        if not any(l.renderable for l in spec.layers):
            spec.error("no output driver to render", fix="add a render node (Mantra, Karma, Redshift...) in /out and un-bypass it")

        with reading(spec, "cameras"):
            spec.cameras = self._cameras(rop_cameras)
        if first is not None and first.cameras:
            cam = hou.node(first.cameras[0])
            if cam is not None and cam.parm("resx") is not None:
                spec.resolution = Resolution(width=int(cam.parm("resx").eval()), height=int(cam.parm("resy").eval()))

        with reading(spec, "render plug-ins"):
            spec.plugins = self._plugins(plugin_types, spec)
        info = ROP_TYPES.get(_base_type(first.node_type)) if first is not None else None
        plugin = info.plugin if info is not None else ""
        if plugin:
            spec.renderer_version = spec.plugin_version(plugin) or ""
        if spec.renderer in ("redshift", "octane"):
            spec.render_device = "GPU"
        elif spec.renderer in ("mantra", "arnold", "renderman", "vray", "karma"):
            spec.render_device = "CPU"

        collector = AssetCollector(host="houdini", base_dir=variables.get("HIP") or None, variables=variables)
        with reading(spec, "digital assets (HDAs)"):
            self._hdas(collector, spec, plugin_types)
        with reading(spec, "file references"):
            self._file_references(collector, spec)
        collector.report(spec)
        return spec

    def _playbar(self, spec: SceneSpec):
        """The scene's frame range ($FSTART-$FEND); each driver has its own range on its layer."""
        hou = _hou()
        expand = getattr(getattr(hou, "text", None), "expandString", None) or hou.expandString
        try:
            start, end = float(expand("$FSTART")), float(expand("$FEND"))
        except (ValueError, TypeError):
            return None
        return frame_range(start, end, 1, spec=spec, where="playbar")

    # drivers -----------------------------------------------------------------------------------
    def _rop_nodes(self) -> List[Any]:
        hou = _hou()
        out = []
        for root in ("/out", "/stage"):
            top = hou.node(root)
            if top is None:
                continue
            for node in top.allSubChildren():
                cat = node.type().category().name()
                base = _base_type(node.type().name())
                if cat == "Driver" or (cat == "Lop" and base in _RENDER_LOPS):
                    out.append(node)
        return out

    def _frames(self, node: Any, spec: SceneSpec):
        hou = _hou()
        trange = node.parm("trange")
        mode = trange.eval() if trange is not None else 1
        if mode == 0:  # "Render Current Frame"
            f = hou.frame()
            return frame_range(f, f, 1, spec=spec, where=node.path())
        f = node.parmTuple("f")
        if f is None:
            return None
        values = list(f.eval()) + [1]
        return frame_range(values[0], values[1], values[2], spec=spec, where=node.path())

    def _rops(self, spec: SceneSpec) -> Tuple[List[RenderLayer], List[str], Dict[str, Any]]:
        layers: List[RenderLayer] = []
        cameras: List[str] = []
        plugin_types: Dict[str, Any] = {}
        for node in self._rop_nodes():
            with reading(spec, "output driver %s" % node.path()):
                self._rop(node, spec, layers, cameras, plugin_types)
        return layers, cameras, plugin_types

    def _rop(
        self, node: Any, spec: SceneSpec, layers: List[RenderLayer], cameras: List[str], plugin_types: Dict[str, Any]
    ) -> None:
        hou = _hou()
        type_name = node.type().name()
        info = ROP_TYPES.get(_base_type(type_name))
        if info is None:
            if _base_type(type_name) in ("merge", "fetch", "batch", "null", "wedge", "shell", "subnet", "switch"):
                return  # flow nodes: nothing of their own to render
            info = RopInfo("", "", kind="unknown")
        if info.plugin:
            plugin_types.setdefault(info.plugin, node.type())
        output = ""
        parm = node.parm(info.output) if info.output else None
        expanded = ""
        if parm is not None:
            try:
                output = parm.unexpandedString()
            except hou.OperationFailed:
                output = str(parm.eval())
            expanded = str(parm.eval())
        cams: List[str] = []
        cam_parm = node.parm(info.camera) if info.camera else None
        if cam_parm is not None:
            cam = str(cam_parm.eval()).strip()
            if cam:
                if hou.node(cam) is None:
                    spec.warn(
                        "%s renders through camera %s, which does not exist" % (node.path(), cam),
                        fix="pick an existing camera on the driver",
                        ref=node.path(),
                    )
                cams.append(cam)
                cameras.append(cam)
        ext = posixpath.splitext(expanded)[1].lstrip(".").lower()
        layers.append(
            RenderLayer(
                name=node.path(),
                kind="rop",
                renderable=not node.isBypassed(),
                renderer=info.renderer,
                node_type=type_name,
                frames=self._frames(node, spec),
                cameras=cams,
                output=output,
                image_format=ext if info.kind == "render" else "",
            )
        )

    def _cameras(self, rop_cameras: List[str]) -> List[Camera]:
        hou = _hou()
        obj = hou.node("/obj")
        out: List[Camera] = []
        seen = set()
        if obj is not None:
            for node in obj.allSubChildren():
                if _base_type(node.type().name()) in ("cam", "stereocamrig"):
                    out.append(Camera(name=node.path(), renderable=node.path() in rop_cameras))
                    seen.add(node.path())
        for cam in rop_cameras:
            if cam not in seen and hou.node(cam) is not None:
                out.append(Camera(name=cam, renderable=True))
                seen.add(cam)
        return out

    # plug-ins ----------------------------------------------------------------------------------
    def _plugins(self, plugin_types: Dict[str, Any], spec: SceneSpec) -> List[Plugin]:
        plugins = []
        for plugin, node_type in plugin_types.items():
            version = ""
            definition = node_type.definition()
            if definition is not None:
                # installers put the version in the folder name: htoa-6.3.1.0_r..., redshift/3.5.19/...
                m = re.search(r"(?:%s|%s)[-_/\\]?v?(\d+(?:\.\d+){1,3})" % (re.escape(plugin), re.escape(node_type.name())),
                              definition.libraryFilePath(), re.I)
                if m:
                    version = m.group(1)
            if not version:
                spec.notice(
                    "could not tell which %s version is installed; the farm picks its default" % plugin,
                    fix="choose the plug-in version in the render environment",
                )
            plugins.append(Plugin(name=plugin, version=version, required=True))
        return plugins

    # files -------------------------------------------------------------------------------------
    def _builtin_prefixes(self) -> List[str]:
        hou = _hou()
        out = []
        for name in ("HFS", "HH"):
            value = hou.getenv(name)
            if value:
                out.append(str(value).replace("\\", "/").rstrip("/") + "/")
        return out

    def _is_builtin(self, path: str) -> bool:
        p = path.replace("\\", "/")
        if re.match(r"^\$\{?(HFS|HH)\b", p):
            return True
        return any(p.startswith(prefix) for prefix in self._builtin_prefixes())

    def _hdas(self, collector: AssetCollector, spec: SceneSpec, plugin_types: Dict[str, Any]) -> None:
        hou = _hou()
        plugin_libs = set()
        for node_type in plugin_types.values():
            definition = node_type.definition()
            if definition is not None:
                plugin_libs.add(definition.libraryFilePath())  # the farm installs the plug-in itself
        for lib in hou.hda.loadedFiles():
            lib = str(lib)
            if lib == "Embedded" or self._is_builtin(lib) or lib in plugin_libs:
                continue  # embedded in the hip, shipped with Houdini, or a render plug-in's own
            try:
                definitions = hou.hda.definitionsInFile(lib)
            except hou.OperationFailed as exc:
                spec.warn("could not read the digital asset library %s: %s" % (lib, exc), ref=lib)
                continue
            for definition in definitions:
                node_type = definition.nodeType()
                users = node_type.instances() if node_type is not None else ()
                if users:
                    collector.add(lib, AssetKind.HDA, users[0].path())
                    break  # loaded but unused libraries stay home

    def _file_references(self, collector: AssetCollector, spec: SceneSpec) -> None:
        hou = _hou()
        outputs = set()
        drivers = set()
        for node in self._rop_nodes():
            if node.type().category().name() == "Driver":
                drivers.add(node.path())
            info = ROP_TYPES.get(_base_type(node.type().name()))
            if info and info.output:
                outputs.add(node.path() + "/" + info.output)
        for parm, path in hou.fileReferences():
            path = str(path)
            if not path or path.startswith("op:") or self._is_builtin(path):
                continue
            if parm is None:
                continue  # HDA libraries: handled with their users above
            if parm.path() in outputs or parm.node().path() in drivers:
                continue  # what a driver writes (images, deep maps, IFDs) is not something to upload
            kind = kind_for(path)
            if kind == AssetKind.HDA:
                continue
            try:
                raw = parm.unexpandedString()
            except hou.OperationFailed:
                raw = path
            # backtick expressions stay: rb_dcc.scene.tokens globs them like a frame token
            collector.add(raw, kind, parm.path())
