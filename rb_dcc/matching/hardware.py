"""Choose the hardware configuration: the right kind of machine, enough memory, lowest cost.

GPU renderers (Redshift, Octane, Cycles/Arnold/V-Ray set to GPU) get GPU configs, the rest CPU
configs; memory is estimated from the assets and the image size (and said to be an estimate);
the configs that fit are ranked by the estimated cost of the frames to render.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from .._text import human_bytes
from ..scene import AssetKind, Host, SceneSpec, Severity
from .catalogue import Catalogue
from .env import Issue, required_plugins
from .plugins import display_name, renderer_device, renderer_key
from .reasons import Reason

__all__ = ["HardwareCandidate", "HardwareMatch", "estimate_memory_gb", "match_hardware", "DEFAULT_MINUTES_PER_FRAME"]

# Assumed render time of one frame on the reference machine (28 CPU cores / 2 GPUs of the
# 1080 Ti class). Only the ranking depends on it; the panel says it is an estimate.
DEFAULT_MINUTES_PER_FRAME = {"CPU": 10.0, "GPU": 4.0}
_REFERENCE = {"CPU": 28, "GPU": 2}
_GPU_SPEED = {"1080ti": 1.0, "2080ti": 1.4, "3090": 2.0, "4090": 3.0, "a6000": 2.2, "l40s": 3.0, "a100": 2.6}
_BASE_GB = {"maya": 4.0, "max": 4.0, "houdini": 6.0, "blender": 3.0}
_HEAVY_KINDS = {AssetKind.TEXTURE, AssetKind.CACHE, AssetKind.VOLUME, AssetKind.PROXY, AssetKind.REFERENCE, AssetKind.LIBRARY}


def _get(obj: Any, snake: str, camel: str = "", default: Any = None) -> Any:
    """Read a model field by its Python name, or an extra field by its wire name."""
    value = getattr(obj, snake, None)
    if value is None and camel:
        value = getattr(obj, camel, None)
        if value is None and isinstance(getattr(obj, "model_extra", None), dict):
            value = obj.model_extra.get(camel)
    return default if value is None else value


def _gb(text: Any) -> float:
    m = re.search(r"(\d+(?:\.\d+)?)", str(text or ""))
    return float(m.group(1)) if m else 0.0


def _cards(gpu_num: Any) -> int:
    m = re.search(r"(\d+)", str(gpu_num or ""))
    return int(m.group(1)) if m else 0


def estimate_memory_gb(spec: SceneSpec) -> float:
    """A rough memory need: host baseline + heavy assets (x1.5 once decoded) + frame buffers."""
    host = Host(spec.host).value
    heavy = sum(a.size for a in spec.assets if a.kind in _HEAVY_KINDS)
    w = spec.resolution.width or 1920
    h = spec.resolution.height or 1080
    scale = (spec.resolution.percentage or 100) / 100.0
    framebuffer = w * h * scale * scale * 4 * 4 * 8  # RGBA float, ~8 AOVs / buffers
    need = _BASE_GB.get(host, 4.0) + (heavy * 1.5 + framebuffer) / 1024.0 ** 3
    return round(need * 1.25, 1)  # headroom


@dataclass
class HardwareCandidate:
    config: Any  # api.models.HardwareConfig
    usable: bool = True
    why_not: List[Reason] = field(default_factory=list)
    hours_per_frame: float = 0.0
    cost: Optional[float] = None  # for all frames, in the farm's currency

    @property
    def id(self) -> int:
        return int(_get(self.config, "id"))

    @property
    def kind(self) -> str:
        return "GPU" if int(_get(self.config, "type", default=1)) == 2 else "CPU"

    @property
    def label(self) -> str:
        model = str(_get(self.config, "model", default=""))
        ram = str(_get(self.config, "ram", default=""))
        if self.kind == "GPU":
            return "%s %s, %s" % (model, _get(self.config, "gpu_num", "gpuNum", ""), ram)
        cores = _get(self.config, "cores", "cores")
        return "%s%s, %s" % (model, " (%s cores)" % cores if cores else "", ram)

    def sort_key(self):
        return (not self.usable, self.cost if self.cost is not None else float("inf"), self.hours_per_frame, self.id)


@dataclass
class HardwareMatch:
    chosen: Optional[HardwareCandidate]
    alternatives: List[HardwareCandidate] = field(default_factory=list)
    reasons: List[Reason] = field(default_factory=list)
    issues: List[Issue] = field(default_factory=list)
    device: str = "CPU"
    memory_gb: float = 0.0

    @property
    def blocking(self) -> bool:
        return any(i.blocking for i in self.issues)

    @property
    def hardware_config_id(self) -> Optional[int]:
        return self.chosen.id if self.chosen else None


def _cost(cand: HardwareCandidate, frames: int, minutes: float) -> None:
    cfg = cand.config
    if cand.kind == "GPU":
        cards = _cards(_get(cfg, "gpu_num", "gpuNum")) or 1
        speed = _GPU_SPEED.get(str(_get(cfg, "model", default="")).lower(), 1.0)
        hours = minutes / 60.0 * _REFERENCE["GPU"] / cards / speed
        price = _get(cfg, "price_per_card_hour", "pricePerCardHour")
        cand.hours_per_frame = hours
        cand.cost = None if price is None else round(float(price) * cards * hours * frames, 2)
    else:
        cores = int(_get(cfg, "cores", "cores", 0) or _REFERENCE["CPU"])
        hours = minutes / 60.0 * _REFERENCE["CPU"] / cores
        price = _get(cfg, "price_per_core_hour", "pricePerCoreHour")
        cand.hours_per_frame = hours
        cand.cost = None if price is None else round(float(price) * cores * hours * frames, 2)


def match_hardware(
    spec: SceneSpec,
    catalogue: Catalogue,
    frames: int,
    prefs: Optional[Dict[str, Any]] = None,
    env_version: str = "",
) -> HardwareMatch:
    """Pick a hardware config for ``frames`` frames of ``spec`` (``prefs``: ``hardware_id``, ``minutes_per_frame``, ``device``)."""
    prefs = dict(prefs or {})
    device = renderer_device(spec.renderer, prefs.get("device") or spec.render_device)
    renderer_label = display_name(renderer_key(spec.renderer) or spec.renderer or "the renderer")
    need_gb = estimate_memory_gb(spec)
    minutes = float(prefs.get("minutes_per_frame") or DEFAULT_MINUTES_PER_FRAME[device])
    plugin_texts = ["%s %s" % (n.name, n.version) for n in required_plugins(spec)]
    match = HardwareMatch(chosen=None, device=device, memory_gb=need_gb)
    match.reasons.append(Reason("hw.gpu_needed" if device == "GPU" else "hw.cpu_needed", renderer=renderer_label))

    candidates = []
    for cfg in catalogue.hardware:
        if int(_get(cfg, "status", default=1)) != 1:
            continue
        platform = _get(cfg, "platform")
        if platform is not None and int(platform) != catalogue.platform:
            continue
        cand = HardwareCandidate(cfg)
        model = str(_get(cfg, "model", default=""))
        if cand.kind != device:
            cand.usable = False
            cand.why_not.append(Reason("hw.unusable.kind", model=model, kind=cand.kind, renderer=renderer_label, need=device))
        if _gb(_get(cfg, "ram")) < need_gb:
            cand.usable = False
            cand.why_not.append(Reason("hw.unusable.memory", model=model, ram=_get(cfg, "ram", default="?"), need=need_gb))
        if catalogue.cg_id in [int(x) for x in (_get(cfg, "not_support_cg_id", "notSupportCgId") or [])]:
            cand.usable = False
            cand.why_not.append(Reason("hw.unusable.software", model=model, what=Host(spec.host).label))
        for entry in _get(cfg, "not_support_cg_versions", "notSupportCgVersions") or []:
            cg = entry.get("cgId") if isinstance(entry, dict) else getattr(entry, "cg_id", None)
            name = entry.get("cgVersionName") if isinstance(entry, dict) else getattr(entry, "cg_version_name", None)
            if cg is not None and int(cg) == catalogue.cg_id and env_version and str(name) == str(env_version):
                cand.usable = False
                cand.why_not.append(Reason("hw.unusable.software", model=model, what="%s %s" % (Host(spec.host).label, name)))
        for pattern in _get(cfg, "not_support_plugin_list", "notSupportPluginList") or []:
            try:
                rx = re.compile(str(pattern), re.IGNORECASE)
            except re.error:
                continue
            hit = next((t for t in plugin_texts if rx.search(t)), None)
            if hit:
                cand.usable = False
                cand.why_not.append(Reason("hw.unusable.software", model=model, what=hit))
        _cost(cand, max(int(frames), 1), minutes)
        candidates.append(cand)
    candidates.sort(key=HardwareCandidate.sort_key)

    forced = prefs.get("hardware_id")
    if forced not in (None, "", "auto"):
        hit = [c for c in candidates if c.id == int(forced)]
        if not hit:
            match.issues.append(Issue(Severity.ERROR, Reason("problem.hardware_forced_missing", id=forced, platform=catalogue.platform_name())))
            match.alternatives = candidates
            return match
        match.chosen = hit[0]
        match.alternatives = [c for c in candidates if c is not hit[0]]
        match.reasons.append(_chosen_reason(hit[0], catalogue, Reason("hw.forced")))
        for r in hit[0].why_not:
            match.issues.append(Issue(Severity.WARNING, r))
        return match

    usable = [c for c in candidates if c.usable]
    if not usable:
        why = "; ".join(sorted({str(r) for c in candidates for r in c.why_not})[:3]) or "none offered"
        match.issues.append(Issue(Severity.ERROR, Reason("problem.no_hardware", kind=device, platform=catalogue.platform_name(), why=why)))
        match.alternatives = candidates
        return match
    best = usable[0]
    match.chosen = best
    match.alternatives = [c for c in candidates if c is not best]
    match.reasons.append(_chosen_reason(best, catalogue, Reason("hw.only" if len(usable) == 1 else "hw.cheapest")))
    match.reasons.append(
        Reason("hw.memory", need=need_gb, textures=human_bytes(sum(a.size for a in spec.assets)),
               width=spec.resolution.width or 1920, height=spec.resolution.height or 1080)
    )
    if best.cost is not None:
        match.reasons.append(Reason("hw.cost", cost="%.2f %s" % (best.cost, "RMB"), frames=frames, minutes=round(minutes, 1)))
    return match


def _chosen_reason(cand: HardwareCandidate, catalogue: Catalogue, why: Reason) -> Reason:
    return Reason("hw.chosen", model=cand.label, kind=cand.kind, ram=_get(cand.config, "ram", default="?"),
                  platform=catalogue.platform_name(), why=why)

