"""3ds Max adapter: reads the open scene through ``pymxs.runtime`` (imported inside functions only).

What it collects: 3ds Max's version; the renderer class and its plug-in version; the Render
Setup time output (single frame, active segment, range with every Nth frame, or a frame list);
output file, image format and resolution; render elements; cameras (the active one renders);
every asset the Asset Tracking System knows (after ``ATSOps.Refresh()``), scene and object XRefs
incl. nested ones; third-party plug-in DLLs loaded for the scene, with their file versions.
Sticky submit settings live in the scene's custom file properties.
"""

from __future__ import annotations

import ntpath
import os
import re
from typing import Any, Dict, List, Optional, Tuple

from ...scene import AssetKind, Camera, FrameRange, FrameRangeError, Host, Plugin, RenderLayer, Resolution, SceneSpec
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

__all__ = ["MaxAdapter", "renderer_name"]

# renderer class name prefix -> short name (as the .max analyser reports it) and DLL name pattern
RENDERERS: List[Tuple[str, str, str]] = [
    ("default_scanline", "scanline", r"^rend\.dlr$"),
    ("scanline", "scanline", r"^rend\.dlr$"),
    ("arnold", "arnold", r"^maxtoa.*\.dlr$"),
    ("v_ray_gpu", "vray", r"^vrender.*\.dlr$"),
    ("v_ray", "vray", r"^vrender.*\.dlr$"),
    ("vray", "vray", r"^vrender.*\.dlr$"),
    ("corona", "corona", r"^corona.*\.dlr$"),
    ("redshift", "redshift", r"^redshift.*\.dlr$"),
    ("art_renderer", "art", r"^art.*\.dlr$"),
    ("quicksilver", "quicksilver", r"^quicksilver.*"),
    ("nvidia_mental_ray", "mentalray", r"^mentalray.*"),
    ("mental_ray", "mentalray", r"^mentalray.*"),
    ("fstorm", "fstorm", r"^fstorm.*\.dlr$"),
    ("octane", "octane", r"^octane.*\.dlr$"),
]
GPU_RENDERERS = {"redshift", "octane", "fstorm"}
BUILTIN_RENDERERS = {"scanline", "art", "quicksilver", "mentalray", "vue"}

# third-party DLL name pattern -> plug-in name
PLUGIN_NAMES = [
    (r"^vrender", "vray"), (r"^vray", "vray"), (r"^maxtoa", "arnold"), (r"^corona", "corona"), (r"^redshift", "redshift"),
    (r"^forestpack", "forestpack"), (r"^railclone", "railclone"), (r"^tyflow", "tyflow"),
    (r"^phoenixfd", "phoenixfd"), (r"^fstorm", "fstorm"), (r"^octane", "octane"), (r"^multiscatter", "multiscatter"),
]

# AssetManager asset types -> kinds
ASSET_KINDS = {
    "bitmap": AssetKind.TEXTURE, "xref": AssetKind.REFERENCE, "photometric": AssetKind.IES,
    "animation": AssetKind.CACHE, "video_post": AssetKind.OTHER, "batch_render": AssetKind.OTHER,
    "renderoutput": None, "render_output": None, "preview": None, "autobackup": None,
    "sound": AssetKind.SOUND, "container": AssetKind.REFERENCE, "bitmap_proxy": None,
}
_CACHE_EXT = (".abc", ".vrmesh", ".rs", ".ass", ".xmesh", ".pc2", ".mdd", ".fbx", ".obj", ".usd", ".usdc", ".usda", ".vdb", ".aur", ".f3d", ".bgeo")


def _rt():
    from pymxs import runtime  # noqa: WPS433 - the host module, only ever imported here

    return runtime


def host_runtime():
    """``pymxs.runtime`` for the bootstraps in rb_dcc.hostintegration (host modules load only here)."""
    return _rt()


def _defined(value: Any) -> bool:
    """MAXScript ``undefined`` reaches Python as runtime.undefined (falsy) or None."""
    if value is None:
        return False
    try:
        return value is not _rt().undefined and repr(value) != "undefined"
    except Exception:
        return True


def _frame(value: Any) -> float:
    """A MAXScript time (``.frame``) or a plain number of frames."""
    frame = getattr(value, "frame", None)
    if frame is not None:
        return float(frame)
    return float(value)


def renderer_name(class_name: str) -> Tuple[str, str]:
    key = class_name.lower()
    for prefix, name, dll in RENDERERS:
        if key.startswith(prefix):
            return name, dll
    return re.sub(r"[^a-z0-9]+", "_", key).strip("_"), ""


class MaxAdapter(HostAdapterBase):
    name = "max"

    def host_version(self) -> str:
        version = list(_rt().maxVersion())
        release = int(version[0]) // 1000
        year = int(version[7]) if len(version) > 7 and version[7] else 1998 + release
        update = int(version[4]) if len(version) > 4 and version[4] else 0
        return "%d.%d" % (year, update) if update else str(year)

    def scene_path(self) -> str:
        rt = _rt()
        name = str(rt.maxFileName or "")
        if not name:
            return ""
        folder = str(rt.maxFilePath or "")
        return folder + name if folder.endswith(("\\", "/")) else (folder + "\\" + name if folder else name)

    def is_dirty(self) -> bool:
        return bool(_rt().getSaveRequired())

    def save(self) -> None:
        path = self.scene_path()
        if not path:
            raise HostError("the scene has never been saved; use File > Save As before submitting")
        try:
            ok = _rt().saveMaxFile(path, quiet=True)
        except RuntimeError as exc:
            raise HostError("3ds Max could not save %s: %s" % (path, exc)) from exc
        if ok is False:
            raise HostError("3ds Max could not save %s (is the file read-only?)" % path)

    def main_window(self) -> Optional[Any]:
        try:
            import qtmax
        except ImportError:
            return None
        try:
            return qtmax.GetQMaxMainWindow()
        except Exception:
            return None

    # settings: custom file properties --------------------------------------------------------
    def read_settings(self) -> dict:
        rt = _rt()
        custom = rt.Name("custom")
        index = rt.fileProperties.findProperty(custom, SETTINGS_KEY)
        if not index:
            return {}
        return decode_settings(rt.fileProperties.getPropertyValue(custom, index))

    def write_settings(self, settings: dict) -> None:
        rt = _rt()
        rt.fileProperties.addProperty(rt.Name("custom"), SETTINGS_KEY, encode_settings(settings))

    def select_node(self, ref: str) -> bool:
        rt = _rt()
        name = str(ref).split(".")[0].strip()
        if not name:
            return False
        node = rt.getNodeByName(name)
        if not _defined(node):
            return False
        rt.select(node)
        return True

    # collect -------------------------------------------------------------------------------------
    def collect(self, options: Optional[dict] = None) -> SceneSpec:
        rt = _rt()
        scene = self.scene_path()
        spec = SceneSpec(host=Host.MAX, host_version=self.host_version(), scene_path=scene, analyser="max.live")
        if not scene:
            spec.error("the scene is untitled", fix="save the scene before submitting (File > Save As)")
        spec.fps = float(rt.frameRate)

        renderer = rt.renderers.current
        class_name = str(rt.classOf(renderer))
        spec.renderer, renderer_dll = renderer_name(class_name)
        dll_versions: List[Tuple[str, str]] = []
        with reading(spec, "plug-in DLLs"):
            spec.plugins, dll_versions = self._plugins()
        if renderer_dll and spec.renderer not in BUILTIN_RENDERERS:  # built-ins are versioned with 3ds Max
            for dll, version in dll_versions:
                if re.match(renderer_dll, dll.lower()):
                    spec.renderer_version = version
                    break
        if spec.renderer not in BUILTIN_RENDERERS and spec.plugin_version(spec.renderer) is None:
            # e.g. MAXtoA installs into the 3ds Max folder, but the farm still needs its version
            spec.plugins.insert(0, Plugin(name=spec.renderer, version=spec.renderer_version, required=True))
        if spec.renderer in GPU_RENDERERS or "gpu" in class_name.lower():
            spec.render_device = "GPU"
        elif spec.renderer:
            spec.render_device = "CPU"

        with reading(spec, "Render Setup > Time Output", blocking=True):
            spec.frames = self._frames(spec)
        spec.resolution = Resolution(width=int(rt.renderWidth), height=int(rt.renderHeight))
        output = str(rt.rendOutputFilename or "")
        spec.output_pattern = output
        spec.image_format = ntpath.splitext(output)[1].lstrip(".").lower()
        if not output or not rt.rendSaveFile:
            spec.notice(
                "Render Setup > Render Output is %s; the farm saves the frames to its own output folder"
                % ("empty" if not output else "not set to Save File"),
                fix="set an output file and tick Save File to choose the image format",
            )
        with reading(spec, "render elements"):
            spec.layers = self._render_elements(spec)
        with reading(spec, "cameras"):
            spec.cameras = self._cameras()
        if not any(c.renderable for c in spec.cameras):
            spec.warn(
                "no camera view is active: the farm renders the active viewport",
                fix="set a camera as the View to Render in Render Setup",
            )

        collector = AssetCollector(host="max", base_dir=ntpath.dirname(scene) if scene else None)
        with reading(spec, "XRefs"):
            self._xrefs(collector, spec)
        with reading(spec, "the asset list (Asset Tracking)"):
            self._assets(collector)
        collector.report(spec)
        return spec

    # frames --------------------------------------------------------------------------------------
    def _frames(self, spec: SceneSpec) -> Optional[FrameRange]:
        rt = _rt()
        kind = int(rt.rendTimeType)
        if kind == 1:  # single frame: the current one
            f = _frame(rt.currentTime)
            return frame_range(f, f, 1, spec=spec, where="Render Setup > Time Output")
        if kind == 2:  # active time segment
            r = rt.animationRange
            return frame_range(_frame(r.start), _frame(r.end), int(rt.rendNThFrame) or 1, spec=spec, where="active time segment")
        if kind == 3:  # range
            return frame_range(_frame(rt.rendStart), _frame(rt.rendEnd), int(rt.rendNThFrame) or 1, spec=spec, where="Render Setup > Time Output")
        if kind == 4:  # frame list
            text = str(rt.rendPickupFrames or "")
            try:
                return FrameRange.parse(text)
            except (FrameRangeError, ValueError) as exc:
                spec.error(
                    "the frame list %r in Render Setup cannot be read: %s" % (text, exc),
                    fix="write frames like 1,3,5-12",
                    ref="Render Setup > Time Output",
                )
                return None
        spec.warn("unknown Time Output type %d in Render Setup" % kind, ref="Render Setup > Time Output")
        return None

    # render elements -------------------------------------------------------------------------------
    def _render_elements(self, spec: SceneSpec) -> List[RenderLayer]:
        rt = _rt()
        mgr = rt.maxOps.GetCurRenderElementMgr()
        if not _defined(mgr):
            return []
        out = []
        for i in range(int(mgr.NumRenderElements())):  # the element manager counts from 0
            element = mgr.GetRenderElement(i)
            if not _defined(element):
                continue
            filename = str(mgr.GetRenderElementFilename(i) or "")
            out.append(
                RenderLayer(
                    name=str(element.elementName),
                    kind="pass",
                    renderable=bool(element.enabled),
                    renderer=spec.renderer,
                    node_type=str(rt.classOf(element)),
                    frames=spec.frames,
                    output=filename,
                    image_format=ntpath.splitext(filename)[1].lstrip(".").lower() or spec.image_format,
                )
            )
        return out

    def _cameras(self) -> List[Camera]:
        rt = _rt()
        active = rt.getActiveCamera()
        active_name = str(active.name) if _defined(active) else ""
        return [Camera(name=str(c.name), renderable=str(c.name) == active_name) for c in rt.cameras]

    # plug-ins ------------------------------------------------------------------------------------
    def _plugins(self) -> Tuple[List[Plugin], List[Tuple[str, str]]]:
        rt = _rt()
        root = str(rt.getDir(rt.Name("maxroot")) or "").replace("/", "\\").lower()
        pm = rt.pluginManager
        plugins: List[Plugin] = []
        versions: List[Tuple[str, str]] = []
        seen = set()
        for i in range(1, int(pm.pluginDllCount) + 1):  # MAXScript counts from 1
            if not pm.isPluginDllLoaded(i):
                continue  # deferred and never needed by this scene
            dll = str(pm.pluginDllName(i))
            path = str(pm.pluginDllFullPath(i))
            raw = str(rt.getFileVersion(path) or "")
            version = raw.split("\t")[-1].strip() if raw else ""
            versions.append((dll, version))
            if root and path.replace("/", "\\").lower().startswith(root):
                continue  # ships with 3ds Max
            name = ntpath.splitext(dll)[0].lower()
            for pattern, plugin in PLUGIN_NAMES:
                if re.match(pattern, dll.lower()):
                    name = plugin
                    break
            if name in seen:
                continue
            seen.add(name)
            plugins.append(Plugin(name=name, version=version, required=True))
        return plugins, versions

    # files ---------------------------------------------------------------------------------------
    def _builtin(self, path: str) -> bool:
        rt = _rt()
        root = str(rt.getDir(rt.Name("maxroot")) or "").replace("/", "\\").lower()
        return bool(root) and path.replace("/", "\\").lower().startswith(root)

    def _xrefs(self, collector: AssetCollector, spec: SceneSpec) -> None:
        rt = _rt()

        def walk(root: Any, depth: int) -> None:
            count = int(rt.xrefs.getXRefFileCount(root=root) if root is not None else rt.xrefs.getXRefFileCount())
            for i in range(1, count + 1):
                xref = rt.xrefs.getXRefFile(i, root=root) if root is not None else rt.xrefs.getXRefFile(i)
                path = str(xref.fileName)
                if xref.disabled:
                    spec.notice("scene XRef %s is disabled; it is uploaded but stays off" % path, ref=path)
                collector.add(path, AssetKind.REFERENCE, "XRef scene %d" % i if depth == 0 else "nested XRef scene")
                if depth < 16:
                    walk(xref, depth + 1)

        walk(None, 0)
        mgr = rt.objXRefMgr
        for i in range(1, int(mgr.recordCount) + 1):
            record = mgr.GetRecord(i)
            collector.add(str(record.srcFileName), AssetKind.REFERENCE, "XRef object record %d" % i)

    def _bitmap_users(self) -> Dict[str, str]:
        """Bitmap file (lower case) -> the first scene node using it, so select_node can show it."""
        rt = _rt()
        out: Dict[str, str] = {}
        try:
            maps = rt.getClassInstances(rt.BitmapTexture)
        except RuntimeError:
            return out
        for bitmap in maps or []:
            filename = str(getattr(bitmap, "filename", "") or "")
            if not filename or filename.lower() in out:
                continue
            nodes = rt.refs.dependentNodes(bitmap, firstOnly=True)
            if nodes:
                out[filename.lower()] = str(nodes[0].name)
        return out

    def _assets(self, collector: AssetCollector) -> None:
        rt = _rt()
        rt.ATSOps.Refresh()  # make the Asset Tracking System look at the scene as it is now
        users = self._bitmap_users()
        am = rt.AssetManager
        for i in range(1, int(am.GetNumAssets()) + 1):
            asset = am.GetAssetByIndex(i)
            path = str(asset.GetFileName() or "")
            if not path or self._builtin(path):
                continue
            kind_name = str(asset.GetType()).lower()
            kind = ASSET_KINDS.get(kind_name, AssetKind.OTHER)
            if kind is None:
                continue  # render outputs, previews, autobackups: written, not read
            if kind == AssetKind.OTHER and os.path.splitext(path.lower())[1] in _CACHE_EXT:
                kind = AssetKind.CACHE
            collector.add(path, kind, users.get(path.lower(), "AssetManager %s" % kind_name))
