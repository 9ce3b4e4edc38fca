"""The farm's catalogue (platforms, software, plugins, hardware, error codes, demo account).

Read from ``resources/catalogue/*.json`` (see its README); ``RB_DCC_RESOURCES`` or the
``catalogue_dir`` argument point elsewhere.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

FILES = ("platforms.json", "software.json", "hardware.json", "errors.json", "account.json")


def find_catalogue_dir() -> Path:
    candidates = []
    if os.environ.get("RB_DCC_RESOURCES"):
        candidates.append(Path(os.environ["RB_DCC_RESOURCES"]) / "catalogue")
    candidates.append(Path(__file__).resolve().parent.parent.parent / "resources" / "catalogue")
    candidates.append(Path(sys.prefix) / "share" / "rb_dcc" / "resources" / "catalogue")
    for c in candidates:
        if (c / "software.json").is_file():
            return c
    raise FileNotFoundError("the local farm's catalogue was not found (looked in: %s); set RB_DCC_RESOURCES"
                            % ", ".join(str(c) for c in candidates))


class CatalogueError(ValueError):
    pass


class Catalogue:
    def __init__(self, folder: Optional[Path] = None):
        self.folder = Path(folder) if folder else find_catalogue_dir()
        data: Dict[str, Any] = {}
        for name in FILES:
            path = self.folder / name
            try:
                data[name] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CatalogueError("cannot read the farm catalogue file %s: %s" % (path, exc)) from exc
        self.platforms: List[dict] = data["platforms.json"]["platforms"]
        sw = data["software.json"]
        self.is_auto_commit = sw.get("isAutoCommit", 2)
        self.default_cg_id = sw.get("defaultCgId", 2000)
        self.software: List[dict] = sw["software"]
        self.hardware: List[dict] = data["hardware.json"]["configs"]
        self.errors: List[dict] = data["errors.json"]["errors"]
        self.account: dict = data["account.json"]
        self._by_cg = {s["cgId"]: s for s in self.software}
        self._hw = {h["id"]: h for h in self.hardware}
        self._plugins: Dict[int, dict] = {}
        self._details: Dict[tuple, Optional[dict]] = {}
        for s in self.software:
            for p in s.get("plugins", []):
                for v in p["versions"]:
                    self._plugins[v["pluginId"]] = {"cgId": s["cgId"], "pluginName": p["pluginName"], **v}

    def software_by_id(self, cg_id: int) -> Optional[dict]:
        return self._by_cg.get(cg_id)

    def hardware_by_id(self, hw_id: int) -> Optional[dict]:
        return self._hw.get(hw_id)

    def plugin_by_id(self, plugin_id: int) -> Optional[dict]:
        return self._plugins.get(plugin_id)

    def platform(self, number: int) -> Optional[dict]:
        for p in self.platforms:
            if p["platform"] == number:
                return p
        return None

    def default_hardware(self, platform: int) -> Optional[dict]:
        for h in self.hardware:
            if h["status"] == 1 and platform in h["platforms"]:
                return h
        return self.hardware[0] if self.hardware else None

    # -- wire shapes -------------------------------------------------------------------------
    @staticmethod
    def plugin_wire(p: dict) -> dict:
        return {"pluginId": p["pluginId"], "pluginName": p["pluginName"],
                "pluginVersion": "%s %s" % (p["pluginName"], p["pluginVersion"])}

    def software_list(self) -> dict:
        keys = ("cgId", "cgName", "cgType", "iconPath", "isNeedProjectPath", "isNeedAnalyse", "isSupportLinux")
        return {"isAutoCommit": self.is_auto_commit, "defaultCgId": self.default_cg_id,
                "renderInfoList": [{k: s[k] for k in keys} for s in self.software]}

    def software_detail(self, cg_id: int, os_name: str) -> Optional[dict]:
        key = (cg_id, os_name)
        if key not in self._details:
            self._details[key] = self._software_detail(cg_id, os_name)
        return self._details[key]  # shared: callers serialise it, never change it

    def _software_detail(self, cg_id: int, os_name: str) -> Optional[dict]:
        s = self._by_cg.get(cg_id)
        if s is None:
            return None
        if os_name == "linux" and not s.get("isSupportLinux"):
            return {"cgVersion": [], "cgPlugin": []}
        versions = [{"id": v["id"], "cgId": cg_id, "cgName": s["cgName"], "cgVersion": v["cgVersion"]}
                    for v in s["versions"]]
        plugins = []
        for v in s["versions"]:
            for p in s.get("plugins", []):
                pv = [self.plugin_wire({"pluginName": p["pluginName"], **x})
                      for x in p["versions"] if v["cgVersion"] in x.get("cgVersions", [])]
                if pv:
                    plugins.append({"cvId": v["id"], "pluginName": p["pluginName"], "pluginVersions": pv})
        return {"cgVersion": versions, "cgPlugin": plugins}

    def hardware_rows(self, platform: int, current: Optional[int] = None) -> List[dict]:
        rows = []
        for h in self.hardware:
            if platform not in h["platforms"]:
                continue
            rows.append({
                "id": h["id"], "type": h["type"], "model": h["model"], "gpuNum": h.get("gpuNum"),
                "ram": h["ram"], "platform": platform, "current": current == h["id"],
                "notSupportCgId": list(h.get("notSupportCgId", [])), "status": h["status"],
                "notSupportCode": list(h.get("notSupportCode", [])),
                "notSupportCgVersions": list(h.get("notSupportCgVersions", [])),
                "notSupportPluginList": list(h.get("notSupportPluginList", [])),
                "cores": h.get("cores"), "cpuModel": h.get("cpuModel"), "gpuModel": h.get("gpuModel"),
                "pricePerCoreHour": h.get("pricePerCoreHour"), "pricePerCardHour": h.get("pricePerCardHour"),
            })
        return rows
