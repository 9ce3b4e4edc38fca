"""The four Renderbus job files, built fresh for every job from a ``SceneSpec`` and the settings.

Shapes follow the protocol doc ("Job files"): ``task.json`` (task_info, software_config,
scene_info_render per host, scene_info), ``upload.json`` (scene + asset lists with local and farm
paths), ``asset.json`` (dependency report) and ``tips.json`` (tip code → messages). Nothing is kept
between jobs (the SDK's module-level TASK_INFO leaks state, defect D26; here every call starts
from empty dicts). Values in ``task_info`` are strings, as the service expects, except
``hardwareConfigIds`` (a list of strings).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from ..scene import FrameRange, Host, PathMappingError, SceneSpec, Severity, to_farm_path
from ..scene.paths import normalize_slashes
from .settings import JobSettings
from .._atomic import write_atomic

__all__ = [
    "EnvChoice",
    "HardwareChoice",
    "JobFiles",
    "JobFilesError",
    "build_job_files",
    "tip_code_for",
    "TIP_MISSING_FILE",
    "TIP_CG_VERSION_MISMATCH",
    "TIP_CG_NOT_INSTALLED",
]

TIP_MISSING_FILE = "10012"
TIP_CG_VERSION_MISMATCH = "15013"
TIP_CG_NOT_INSTALLED = "15019"

CG_NAMES = {Host.MAYA: "Maya", Host.MAX: "3ds Max", Host.HOUDINI: "Houdini", Host.BLENDER: "Blender"}


class JobFilesError(ValueError):
    """The job cannot be described to the farm (no frames, a path that cannot be mapped...)."""


@dataclass(frozen=True)
class EnvChoice:
    """The render environment the job runs in (a farm ``RenderEnv`` reduced to what task.json needs)."""

    edit_name: str
    cg_name: str
    cg_version: str
    plugins: Dict[str, str] = field(default_factory=dict)
    os_name: int = 1  # 1 Windows, 0 Linux
    render_layer_type: int = 0  # Maya: 0 legacy render layers, 1 Render Setup
    project_path: str = ""

    @classmethod
    def from_api(cls, env: Any) -> "EnvChoice":
        """From an ``rb_dcc.api.models.RenderEnv`` (or anything with the same attributes)."""
        plugins = {}
        for p in getattr(env, "resp_user_plugin_info_vos", None) or []:
            plugins[str(getattr(p, "plugin_name", ""))] = str(getattr(p, "plugin_version", ""))
        return cls(
            edit_name=str(getattr(env, "edit_name", "") or ""),
            cg_name=str(getattr(env, "cg_name", "") or ""),
            cg_version=str(getattr(env, "cg_version", "") or ""),
            plugins=plugins,
            os_name=int(getattr(env, "os_name", 1) if getattr(env, "os_name", None) is not None else 1),
            render_layer_type=int(getattr(env, "render_layer_type", 0) or 0),
            project_path=str(getattr(env, "project_path", "") or ""),
        )

    def to_dict(self) -> Dict[str, Any]:
        return {
            "edit_name": self.edit_name, "cg_name": self.cg_name, "cg_version": self.cg_version,
            "plugins": dict(self.plugins), "os_name": self.os_name,
            "render_layer_type": self.render_layer_type, "project_path": self.project_path,
        }

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "EnvChoice":
        return cls(**d)


@dataclass(frozen=True)
class HardwareChoice:
    """The machine type (a farm ``HardwareConfig`` reduced to what task.json needs)."""

    id: int
    model: str = "Default"
    ram: str = "64GB"
    gpu_num: Optional[str] = None

    @classmethod
    def from_api(cls, hw: Any) -> "HardwareChoice":
        gpu = getattr(hw, "gpu_num", None)
        return cls(
            id=int(getattr(hw, "id")),
            model=str(getattr(hw, "model", "") or "Default"),
            ram=str(getattr(hw, "ram", "") or "64GB"),
            gpu_num=str(gpu) if gpu not in (None, "") else None,
        )

    @property
    def ram_gb(self) -> str:
        m = re.search(r"\d+", self.ram or "")
        return m.group(0) if m else "64"

    @property
    def gpu_count(self) -> str:
        """'2*GPU' → '2' (the whole number, not its first character: SDK defect D23)."""
        m = re.search(r"\d+", self.gpu_num or "")
        return m.group(0) if m else "2"

    def to_dict(self) -> Dict[str, Any]:
        return {"id": self.id, "model": self.model, "ram": self.ram, "gpu_num": self.gpu_num}

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "HardwareChoice":
        return cls(**d)


@dataclass
class JobFiles:
    """The four files as dicts; ``texts()`` gives what is uploaded (UTF-8 JSON, indent 2)."""

    task: Dict[str, Any]
    upload: Dict[str, Any]
    asset: Dict[str, Any]
    tips: Dict[str, List[str]]

    def as_dict(self) -> Dict[str, Dict[str, Any]]:
        return {"task.json": self.task, "upload.json": self.upload, "asset.json": self.asset, "tips.json": self.tips}

    def texts(self) -> Dict[str, str]:
        return {name: dump_json(content) for name, content in self.as_dict().items()}

    def write(self, folder: str) -> Dict[str, str]:
        """Write the four files into ``folder`` (atomically each); returns name → path."""
        os.makedirs(folder, exist_ok=True)
        out = {}
        for name, text in self.texts().items():
            path = os.path.join(folder, name)
            write_atomic(path, text)
            out[name] = path
        return out


def dump_json(content: Any) -> str:
    return json.dumps(content, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------------------------
def local_path(path: str) -> str:
    """A local path as task.json / upload.json write it: forward slashes."""
    return normalize_slashes(path)


def _farm(path: str, what: str) -> str:
    try:
        return to_farm_path(path)
    except PathMappingError as exc:
        raise JobFilesError("%s: %s" % (what, exc)) from None


def file_md5(path: str) -> str:
    h = hashlib.md5()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _frames_text(frames: FrameRange) -> str:
    """Renderbus spells every chunk with its step: '1-100[1]', '1,5,10-20[1]'."""
    parts = []
    for c in frames.chunks:
        last = c.start + (len(c) - 1) * c.step
        parts.append(str(c.start) if c.start == last else "%d-%d[%d]" % (c.start, last, c.step))
    return ",".join(parts)


def _layer_frames(spec: SceneSpec, settings: JobSettings, layer_frames: Optional[FrameRange]) -> Optional[FrameRange]:
    return settings.frames or layer_frames or spec.frames


def _frame_fields(frames: FrameRange) -> Dict[str, str]:
    return {
        "start": str(frames.first),
        "end": str(frames.last),
        "by_frame": str(frames.step),
        "frames": _frames_text(frames),
    }


def _cameras(spec: SceneSpec, settings: JobSettings) -> List[str]:
    if settings.cameras:
        return list(settings.cameras)
    return spec.renderable_cameras


def _chosen_layers(spec: SceneSpec, settings: JobSettings):
    if settings.layers:
        wanted = set(settings.layers)
        known = {l.name for l in spec.layers}
        unknown = sorted(wanted - known)
        if unknown:
            raise JobFilesError(
                "layers/ROPs %s are not in the scene (it has: %s)"
                % (", ".join(unknown), ", ".join(sorted(known)) or "none")
            )
        return [l for l in spec.layers if l.name in wanted]
    return [l for l in spec.layers if l.renderable]


def _need_frames(frames: Optional[FrameRange], where: str) -> FrameRange:
    if not frames:
        raise JobFilesError("no frames to render for %s; set the frames (e.g. '1-100') in the job settings" % where)
    return frames


def _scene_info_render(spec: SceneSpec, settings: JobSettings) -> Dict[str, Any]:
    host = Host(spec.host)
    width, height = str(spec.resolution.width), str(spec.resolution.height)
    all_cams = [c.name for c in spec.cameras]
    render_cams = _cameras(spec, settings)
    if host == Host.MAYA:
        layers = _chosen_layers(spec, settings)
        if not spec.layers:  # a scene with only the master layer
            frames = _need_frames(_layer_frames(spec, settings, None), "the master layer")
            out_layers = {"defaultRenderLayer": _maya_layer(spec, frames, None, all_cams, render_cams, width, height)}
        else:
            if not layers:
                raise JobFilesError("no renderable render layer; tick one in the job settings")
            out_layers = {}
            for layer in layers:
                frames = _need_frames(_layer_frames(spec, settings, layer.frames), "render layer %r" % layer.name)
                out_layers[layer.name] = _maya_layer(spec, frames, layer, all_cams, render_cams, width, height)
        return {"layer": out_layers}
    if host == Host.HOUDINI:
        rops = _chosen_layers(spec, settings)
        if not rops:
            raise JobFilesError("no ROP to render; the scene needs a render node (Mantra, Karma, Redshift...) in /out or /stage")
        render_node = []
        for rop in rops:
            frames = _need_frames(_layer_frames(spec, settings, rop.frames), "ROP %r" % rop.name)
            render_node.append({
                "node": rop.name,
                "node_type": rop.node_type,
                "renderable": "1",
                "render": "1",
                "option": "-1",
                "frames": _frames_text(frames),
                "output": rop.output,
                "cameras": list(rop.cameras) or render_cams,
            })
        return {"render_node": render_node, "geo_node": []}
    # Max and Blender: one "common" block
    frames = _need_frames(_layer_frames(spec, settings, None), "the scene")
    common: Dict[str, Any] = dict(_frame_fields(frames))
    common.update({
        "width": width,
        "height": height,
        "renderer": spec.renderer,
        "image_format": spec.image_format,
        "output_file": spec.output_pattern,
        "all_camera": all_cams,
    })
    if host == Host.MAX:
        common["renderable_camera"] = render_cams
        out: Dict[str, Any] = {"common": common}
    else:
        common["camera"] = render_cams[0] if render_cams else ""
        out = {"common": common}
        views = [l.name for l in _chosen_layers(spec, settings)]
        if views:
            common["view_layers"] = views
    return out


def _maya_layer(spec, frames, layer, all_cams, render_cams, width, height) -> Dict[str, Any]:
    cams = render_cams
    if layer is not None and layer.cameras and not render_cams:
        cams = list(layer.cameras)
    common: Dict[str, Any] = dict(_frame_fields(frames))
    common.update({
        "renderer": (layer.renderer if layer is not None and layer.renderer else spec.renderer),
        "image_format": (layer.image_format if layer is not None and layer.image_format else spec.image_format),
        "width": width,
        "height": height,
        "all_camera": all_cams,
        "render_camera": cams,
    })
    if layer is not None and layer.output:
        common["output_file"] = layer.output
    is_default = "1" if cams and all(c in ("persp", "top", "front", "side") for c in cams) else "0"
    return {"renderable": "1", "is_default_camera": is_default, "common": common}


def tip_code_for(problem) -> str:
    """The service tip code of a ``Problem`` ('' when the service has none for it)."""
    if problem.code:
        return str(problem.code)
    text = problem.message.lower()
    if "missing" in text or "not found" in text or "does not exist" in text:
        return TIP_MISSING_FILE
    return ""


def build_job_files(
    spec: SceneSpec,
    settings: JobSettings,
    env: EnvChoice,
    hardware: Optional[HardwareChoice],
    *,
    task_id: Any,
    user_id: Any,
    platform: str = "2",
    project_id: Any = "0",
    scene_md5: Optional[str] = None,
) -> JobFiles:
    """Build task.json, upload.json, asset.json and tips.json for one job (see module doc)."""
    if not spec.scene_path:
        raise JobFilesError("the scene has no file path; save the scene first")
    host = Host(spec.host)
    scene_local = local_path(spec.scene_path)
    scene_server = _farm(spec.scene_path, "scene file")
    project_path = env.project_path or spec.project_path
    layered = host == Host.MAYA and len(_chosen_layers(spec, settings)) > 1
    hw_ids = [str(hardware.id)] if hardware is not None else []
    explicit_tests = settings.explicit_test_frames

    task_info: Dict[str, Any] = {
        "task_id": str(task_id),
        "user_id": str(user_id),
        "project_name": settings.project,
        "project_id": str(project_id or "0"),
        "cg_id": str(host.cg_id),
        "platform": str(platform),
        "os_name": str(env.os_name),
        "channel": "4",
        "input_cg_file": scene_local,
        "input_project_path": local_path(project_path) if project_path else "",
        "render_layer_type": str(env.render_layer_type),
        "enable_layered": "1" if layered else "0",
        "is_layer_rendering": "1",
        "is_picture": "0",
        "frames_per_task": str(settings.frames_per_machine),
        "pre_frames": settings.pre_frames,
        "stop_after_test": "1" if settings.stop_after_test else "2",
        "job_stop_time": str(settings.overtime_stop_s or 259200),
        "task_stop_time": "0",
        "time_out": str(settings.timeout_s),
        "tiles_type": "block",
        "tiles": "1",
        "is_distribute_render": "0",
        "distribute_render_node": "3",
        "ram": hardware.ram_gb if hardware is not None else "64",
        "hardwareConfigId": "",
        "hardwareConfigIds": hw_ids,
        "graphics_cards_num": hardware.gpu_count if hardware is not None else "2",
    }
    if explicit_tests:
        task_info["test_frames"] = _frames_text(explicit_tests)
    if host == Host.MAX:
        task_info["version"] = "2"

    software_config = {
        "cg_name": env.cg_name or CG_NAMES[host],
        "cg_version": env.cg_version,
        "plugins": dict(sorted(env.plugins.items())),
    }
    task: Dict[str, Any] = {
        "task_info": task_info,
        "software_config": software_config,
        "scene_info_render": _scene_info_render(spec, settings),
        "scene_info": {},
    }
    extra = {}
    if settings.notes:
        extra["notes"] = settings.notes
    if settings.labels:
        extra["labels"] = list(settings.labels)
    if env.edit_name:
        extra["env_name"] = env.edit_name
    if extra:
        task["additional_info"] = extra

    # upload.json ---------------------------------------------------------------------------------
    if scene_md5 is None:
        scene_md5 = file_md5(spec.scene_path) if os.path.isfile(spec.scene_path) else ""
    assets: List[Dict[str, str]] = []
    seen = {scene_server}
    asset_lines: List[str] = []
    missing: List[str] = []
    for asset in spec.assets:
        if asset.packed:
            continue
        for path in asset.resolved:
            if path in asset.missing:
                continue
            server = _farm(path, "asset %r (%s)" % (asset.path, asset.node or asset.kind))
            if server in seen:
                continue
            seen.add(server)
            assets.append({"local": local_path(path), "server": server})
            asset_lines.append(_asset_line(path))
        for path in asset.missing or ([] if asset.exists or asset.resolved else [asset.path]):
            missing.append(local_path(path))
    assets.append({"local": scene_local, "server": scene_server})
    upload = {
        "scene": [{"local": scene_local, "server": scene_server, "hash": scene_md5}],
        "asset": assets,
    }
    asset_json: Dict[str, Any] = {"asset": asset_lines}
    if missing:
        asset_json["missing_file"] = {"file": sorted(set(missing))}

    # tips.json ----------------------------------------------------------------------------------
    tips: Dict[str, List[str]] = {}
    for path in sorted(set(missing)):
        tips.setdefault(TIP_MISSING_FILE, []).append(path)
    for problem in spec.problems:
        if problem.severity == Severity.NOTICE:
            continue
        code = tip_code_for(problem)
        if not code or (code == TIP_MISSING_FILE and missing):
            continue
        text = problem.ref or problem.message
        if text not in tips.setdefault(code, []):
            tips[code].append(text)
    return JobFiles(task=task, upload=upload, asset=asset_json, tips=tips)


def _asset_line(path: str) -> str:
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        return local_path(path)
    stamp = _dt.datetime.fromtimestamp(mtime).strftime("%Y-%m-%d %H:%M:%S")
    return "%s  (mtime: %s)" % (local_path(path), stamp)
