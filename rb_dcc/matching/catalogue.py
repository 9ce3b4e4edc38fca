"""The farm's catalogue as matching sees it: software versions, plugins, saved envs, hardware.

Fetched through ``rb_dcc.api`` once per client and host, and kept for a few minutes so the
panel can re-match on every settings change without asking the farm again.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Tuple

from .plugins import canonical

__all__ = ["Catalogue", "CACHE_SECONDS"]

CACHE_SECONDS = 300.0
_cache: Dict[Tuple[Any, ...], Tuple[float, "Catalogue"]] = {}
_cache_lock = threading.Lock()


def _num(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@dataclass
class Catalogue:
    """What the farm offers for one host (``cg_id``) on one platform, and the user's saved envs."""

    cg_id: int
    platform: int
    versions: List[Any] = field(default_factory=list)  # api.models.CgVersion
    plugins: List[Any] = field(default_factory=list)  # api.models.CgPlugin
    envs: List[Any] = field(default_factory=list)  # api.models.RenderEnv
    hardware: List[Any] = field(default_factory=list)  # api.models.HardwareConfig
    platforms: List[Any] = field(default_factory=list)  # api.models.Platform
    fetched_at: float = field(default_factory=time.time)

    # reading --------------------------------------------------------------------------------
    def envs_for_host(self) -> List[Any]:
        return [e for e in self.envs if _num(getattr(e, "cg_id", 0)) == self.cg_id]

    def plugins_for_version(self, version_id: Any) -> Dict[str, List[Any]]:
        """canonical plugin key -> the plugin versions the farm offers with that software version."""
        out: Dict[str, List[Any]] = {}
        for group in self.plugins:
            if _num(getattr(group, "cv_id", None), -1) != _num(version_id, -2):
                continue
            for pv in getattr(group, "plugin_versions", None) or []:
                name = getattr(pv, "plugin_name", None) or getattr(group, "plugin_name", "")
                out.setdefault(canonical(name), []).append(pv)
        return out

    def platform_name(self) -> str:
        for p in self.platforms:
            if _num(getattr(p, "platform", None), -1) == self.platform:
                return str(getattr(p, "name", "") or self.platform)
        return str(self.platform)

    # fetching ---------------------------------------------------------------------------------
    @classmethod
    def fetch(cls, client: Any, cg_id: int, *, os_name: str = "windows", use_cache: bool = True) -> "Catalogue":
        """Ask the farm (4 calls, or none within ``CACHE_SECONDS`` of the last fetch)."""
        key = (getattr(client, "domain", None), getattr(client, "access_id", None), str(getattr(client, "platform", "")), int(cg_id), os_name)
        now = time.monotonic()
        if use_cache:
            with _cache_lock:
                hit = _cache.get(key)
            if hit and now - hit[0] < CACHE_SECONDS:
                return hit[1]
        detail = client.query.supported_plugin(int(cg_id), os_name=os_name)
        envs = client.env.get_render_env(int(cg_id))
        hardware = client.user.get_hardware_config()
        try:
            platforms = client.query.platforms()
        except Exception:  # the platform list only names things; matching works without it
            platforms = []
        catalogue = cls(
            cg_id=int(cg_id),
            platform=_num(getattr(client, "platform", 0)),
            versions=list(getattr(detail, "cg_version", None) or []),
            plugins=list(getattr(detail, "cg_plugin", None) or []),
            envs=list(envs or []),
            hardware=list(hardware or []),
            platforms=list(platforms or []),
        )
        with _cache_lock:
            _cache[key] = (now, catalogue)
        return catalogue

    @staticmethod
    def invalidate(client: Any = None) -> None:
        """Forget cached catalogues (all, or one client's) — after creating or editing an env."""
        with _cache_lock:
            if client is None:
                _cache.clear()
                return
            for key in [k for k in _cache if k[0] == getattr(client, "domain", None) and k[1] == getattr(client, "access_id", None)]:
                del _cache[key]
