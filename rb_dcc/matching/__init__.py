"""Choosing the render environment and hardware configuration for a scene, with reasons.

``plan(spec, catalogue)`` returns both choices; each carries ``chosen``, ranked ``alternatives``,
``reasons`` (translatable ``Reason`` objects: ``str()`` is English, ``.text("zh_CN")`` Chinese)
and ``issues`` (an error blocks submission). Nothing here talks to Qt; only ``Catalogue.fetch``
talks to the farm.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from ..scene import SceneSpec
from .catalogue import Catalogue
from .env import EnvCandidate, EnvMatch, Issue, PluginNeed, match_env, required_plugins
from .hardware import HardwareCandidate, HardwareMatch, estimate_memory_gb, match_hardware
from .reasons import Reason
from .versions import Version, parse_version, release_key

__all__ = [
    "Catalogue", "EnvCandidate", "EnvMatch", "HardwareCandidate", "HardwareMatch", "Issue", "Plan",
    "PluginNeed", "Reason", "Version", "estimate_memory_gb", "match_env", "match_hardware",
    "parse_version", "plan", "release_key", "required_plugins",
]


@dataclass
class Plan:
    env: EnvMatch
    hardware: HardwareMatch
    frames: int

    @property
    def issues(self) -> List[Issue]:
        return self.env.issues + self.hardware.issues

    @property
    def blocking(self) -> bool:
        return self.env.blocking or self.hardware.blocking

    @property
    def reasons(self) -> List[Reason]:
        return self.env.reasons + self.hardware.reasons


def plan(spec: SceneSpec, catalogue: Catalogue, prefs: Optional[Dict[str, Any]] = None, frames: Optional[int] = None) -> Plan:
    """Choose env and hardware for ``spec``; ``frames`` defaults to the scene's frame count."""
    prefs = dict(prefs or {})
    if frames is None:
        frames = len(spec.frames) if spec.frames else 1
    env = match_env(spec, catalogue, prefs)
    env_version = ""
    if env.chosen is not None:
        env_version = str(getattr(env.chosen.env, "cg_version", "") if env.chosen.saved else env.chosen.body["cgVersion"])
    hardware = match_hardware(spec, catalogue, frames, prefs, env_version=env_version)
    return Plan(env=env, hardware=hardware, frames=frames)
