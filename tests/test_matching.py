"""Matching, table-driven, against the local farm's real catalogue over HTTP.

Each case saves its render environments on the farm through the API, fetches the catalogue the
way the panel does, and checks the env and hardware chosen, with the reason or problem given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import pytest

from rb_dcc.api import RenderbusClient
from rb_dcc.localfarm import LocalFarm
from rb_dcc.matching import Catalogue, plan
from rb_dcc.scene import Asset, AssetKind, Plugin, Resolution, SceneSpec

CG = {"maya": 2000, "max": 2001, "houdini": 2004, "blender": 2007}
NAMES = {"maya": "Maya", "max": "3ds Max", "houdini": "Houdini", "blender": "Blender"}


@dataclass
class Case:
    id: str
    host: str
    version: str
    renderer: str = ""
    plugins: List[Tuple[str, str]] = field(default_factory=list)
    saved: List[Tuple[str, str, List[Tuple[str, str]]]] = field(default_factory=list)  # name, cg version, plugins
    default: str = ""
    platform: str = "2"
    device: str = ""
    heavy_gb: float = 0
    prefs: Dict = field(default_factory=dict)
    # expectations
    env: Optional[str] = None  # chosen saved env name, or "NEW" for a proposal
    exact: Optional[bool] = None
    env_problem: str = ""  # reason code of a blocking env issue
    reason: str = ""  # a reason code that must be among the env reasons
    new_plugins: Optional[List[str]] = None  # plugin versions of a proposed env ("mtoa 5.3.1")
    new_version: str = ""
    hw_kind: str = "CPU"
    hw_id: Optional[int] = None
    hw_problem: str = ""


CASES = [
    # --- Maya ------------------------------------------------------------------------------
    Case("maya-exact", "maya", "2024", "arnold", [("mtoa", "5.3.1")],
         saved=[("m24", "2024", [("mtoa", "5.3.1")])], env="m24", exact=True, reason="env.exact"),
    Case("maya-exact-from-ff-version", "maya", "2024ff03", "arnold", [("mtoa", "5.3.1")],
         saved=[("m24", "2024", [("mtoa", "5.3.1")])], env="m24", exact=True),
    Case("maya-closest-patch", "maya", "2024", "arnold", [("mtoa", "5.3.2")],
         saved=[("m24", "2024", [("mtoa", "5.3.1")])], env="m24", exact=False, reason="env.diff.plugin"),
    Case("maya-closest-but-exact-creatable", "maya", "2024", "arnold", [("mtoa", "5.3.1")],
         saved=[("m24b", "2024", [("mtoa", "5.3.4")])], env="m24b", exact=False, reason="env.propose_better"),
    Case("maya-saved-other-major-host", "maya", "2024", "arnold", [("mtoa", "5.3.1")],
         saved=[("m20", "2020", [("mtoa", "4.2.4")])], env="NEW", exact=True, new_plugins=["mtoa 5.3.1"], new_version="2024"),
    Case("maya-renderer-major-mismatch-saved", "maya", "2024", "arnold", [("mtoa", "5.3.1")],
         saved=[("m24old", "2024", [("vrayformaya", "6.20.03")])], env="NEW", new_plugins=["mtoa 5.3.1"]),
    Case("maya-no-saved-env", "maya", "2025", "arnold", [("mtoa", "5.4.5")],
         env="NEW", exact=True, new_plugins=["mtoa 5.4.5"], new_version="2025", reason="env.propose"),
    Case("maya-no-saved-closest-plugin", "maya", "2025", "arnold", [("mtoa", "5.4.6")],
         env="NEW", exact=False, new_plugins=["mtoa 5.4.5"]),
    Case("maya-unsupported-old", "maya", "4.0", "mayaSoftware", [], env_problem="problem.host_unsupported"),
    Case("maya-2021-does-not-exist", "maya", "2021", "arnold", [("mtoa", "4.2.1")], env_problem="problem.host_unsupported"),
    Case("maya-vray-exact", "maya", "2024", "vray", [("vrayformaya", "6.20.03")], env="NEW", exact=True,
         new_plugins=["vrayformaya 6.20.03"]),
    Case("maya-vray-major-missing", "maya", "2025", "vray", [("vrayformaya", "6.20.03")], env_problem="problem.plugin_major"),
    Case("maya-custom-plugin", "maya", "2018", "arnold", [("mtoa", "3.1.2"), ("GoRolling", "1.0")],
         env_problem="problem.plugin_unsupported"),
    Case("maya-builtin-plugins-ignored", "maya", "2025", "mayaSoftware", [("stereoCamera", "10.0"), ("AbcImport", "1.0")],
         env="NEW", exact=True, new_plugins=[], new_version="2025"),
    Case("maya-default-wins-among-exact", "maya", "2024", "arnold", [("mtoa", "5.3.1")],
         saved=[("a_first", "2024", [("mtoa", "5.3.1")]), ("z_default", "2024", [("mtoa", "5.3.1")])],
         default="z_default", env="z_default", exact=True, reason="env.default"),
    Case("maya-exact-beats-default-closest", "maya", "2024", "arnold", [("mtoa", "5.3.1")],
         saved=[("closest_default", "2024", [("mtoa", "5.3.4")]), ("exact", "2024", [("mtoa", "5.3.1")])],
         default="closest_default", env="exact", exact=True),
    Case("maya-several-nearest-patch", "maya", "2024", "arnold", [("mtoa", "5.3.2")],
         saved=[("far", "2024", [("mtoa", "5.4.5")]), ("near", "2024", [("mtoa", "5.3.1")])], env="near", exact=False),
    Case("maya-yeti-and-arnold", "maya", "2024", "arnold", [("mtoa", "5.3.1"), ("pgYetiMaya", "4.2.11")],
         env="NEW", exact=True, new_plugins=["mtoa 5.3.1", "yeti 4.2.11"]),
    Case("maya-saved-lacks-yeti", "maya", "2024", "arnold", [("mtoa", "5.3.1"), ("pgYetiMaya", "4.2.11")],
         saved=[("noyeti", "2024", [("mtoa", "5.3.1")])], env="NEW", new_plugins=["mtoa 5.3.1", "yeti 4.2.11"]),
    Case("maya-forced-env", "maya", "2024", "arnold", [("mtoa", "5.3.1")],
         saved=[("exact", "2024", [("mtoa", "5.3.1")]), ("mine", "2024", [("mtoa", "5.3.4")])],
         prefs={"env_name": "mine"}, env="mine", reason="env.forced"),
    Case("maya-forced-env-missing", "maya", "2024", "arnold", [("mtoa", "5.3.1")],
         prefs={"env_name": "nope"}, env_problem="problem.env_forced_missing"),
    Case("maya-redshift-gpu-on-cpu-platform", "maya", "2024", "redshift", [("redshift4maya", "3.5.24")],
         env="NEW", hw_kind="GPU", hw_problem="problem.no_hardware"),
    Case("maya-redshift-gpu-platform", "maya", "2024", "redshift", [("redshift4maya", "3.5.24")],
         platform="21", env="NEW", hw_kind="GPU"),
    Case("maya-arnold-gpu-device", "maya", "2024", "arnold", [("mtoa", "5.3.1")], device="GPU", platform="21",
         env="NEW", hw_kind="GPU"),
    # --- 3ds Max -------------------------------------------------------------------------------
    Case("max-vray-exact", "max", "2023", "V_Ray_6_Hotfix_2", [("vray", "6.10.06")], env="NEW", exact=True,
         new_plugins=["vray 6.10.06"]),
    Case("max-corona-saved", "max", "2022", "Corona_10", [("corona", "10")],
         saved=[("corona10", "2022", [("corona", "10")])], env="corona10", exact=True),
    Case("max-corona-major", "max", "2022", "Corona_4", [("corona", "4")], env_problem="problem.plugin_major"),
    Case("max-scanline-no-plugins", "max", "2019", "Default_Scanline_Renderer", [], env="NEW", new_plugins=[]),
    Case("max-arnold-is-a-plugin", "max", "2024", "Arnold", [("MAXtoA", "5.6.0")], env="NEW", exact=True,
         new_plugins=["maxtoa 5.6.0"]),
    Case("max-2017-unsupported", "max", "2017", "V_Ray_Adv_3_60_03", [("vray", "3.60.03")], env_problem="problem.host_unsupported"),
    Case("max-heavy-textures", "max", "2023", "V_Ray_6_Hotfix_2", [("vray", "6.10.06")], heavy_gb=40, env="NEW",
         hw_kind="CPU"),
    # --- Houdini ---------------------------------------------------------------------------------
    Case("houdini-mantra-build", "houdini", "20.0.751", "mantra", [], env="NEW", exact=True, new_version="20.0"),
    Case("houdini-saved-release", "houdini", "19.5.805", "karma", [], saved=[("h195", "19.5", [])], env="h195", exact=True),
    Case("houdini-closest-release", "houdini", "20.5.278", "mantra", [], saved=[("h20", "20.0", [])], env="h20",
         exact=False, reason="env.diff.host"),
    Case("houdini-redshift-gpu", "houdini", "20.5.278", "redshift", [("redshift", "2025.4.0")], platform="21",
         env="NEW", exact=True, hw_kind="GPU"),
    Case("houdini-htoa", "houdini", "20.5.278", "arnold", [("htoa", "6.4.0.1")], env="NEW", exact=True,
         new_plugins=["htoa 6.4.0.1"]),
    Case("houdini-17-older-than-farm", "houdini", "16.5.268", "mantra", [], env_problem="problem.host_unsupported"),
    Case("houdini-octane-excluded-on-1080ti", "houdini", "20.0.751", "octane", [("octane", "2024.1")], platform="21",
         env="NEW", hw_kind="GPU"),
    # --- Blender ---------------------------------------------------------------------------------
    Case("blender-cycles-cpu", "blender", "4.2.3", "CYCLES", [], device="CPU", env="NEW", exact=True, new_version="4.2"),
    Case("blender-cycles-gpu-on-cpu-platform", "blender", "4.2.3", "CYCLES", [], device="GPU", env="NEW",
         hw_kind="GPU", hw_problem="problem.no_hardware"),
    Case("blender-eevee-needs-gpu", "blender", "4.2.3", "BLENDER_EEVEE_NEXT", [], platform="21", env="NEW", hw_kind="GPU"),
    Case("blender-newer-than-farm", "blender", "5.1", "CYCLES", [], env="NEW", exact=False, new_version="5.0"),
    Case("blender-279-nearest", "blender", "2.79", "CYCLES", [], env="NEW", exact=False, new_version="2.83"),
    Case("blender-saved-exact", "blender", "4.2.0", "CYCLES", [], saved=[("b42", "4.2", [])], env="b42", exact=True),
    Case("blender-unknown-version", "blender", "", "CYCLES", [], env=None, reason=""),
    Case("blender-forced-hardware", "blender", "4.2.0", "CYCLES", [], prefs={"hardware_id": 303}, env="NEW", hw_id=303),
    Case("blender-forced-hardware-missing", "blender", "4.2.0", "CYCLES", [], prefs={"hardware_id": 349}, env="NEW",
         hw_problem="problem.hardware_forced_missing"),
]


@pytest.fixture(scope="module")
def module_farm(tmp_path_factory):
    with LocalFarm(tmp_path_factory.mktemp("match-farm"), speed=1000.0) as farm:
        yield farm


def _client(farm, platform: str) -> RenderbusClient:
    return RenderbusClient(farm.access_id, farm.access_key, domain=farm.domain, platform=platform, protocol=farm.protocol)


def _plugin_id(detail, cg_version: str, plugin: str, version: str) -> int:
    cv = next(v for v in detail.cg_version if v.cg_version == cg_version)
    for group in detail.cg_plugin:
        if group.cv_id != cv.id:
            continue
        for pv in group.plugin_versions:
            if pv.plugin_name == plugin and pv.plugin_version.split(" ", 1)[-1] == version:
                return pv.plugin_id
    raise AssertionError("the catalogue has no %s %s for %s" % (plugin, version, cg_version))


def _spec(case: Case, tmp_path) -> SceneSpec:
    assets = []
    if case.heavy_gb:
        assets.append(Asset(path="D:/tex/huge.exr", kind=AssetKind.TEXTURE, exists=True, size=int(case.heavy_gb * 1024 ** 3)))
    return SceneSpec(host=case.host, host_version=case.version, renderer=case.renderer, render_device=case.device,
                     plugins=[Plugin(name=n, version=v) for n, v in case.plugins], frames="1-10",
                     resolution=Resolution(width=1920, height=1080), assets=assets)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matching_case(case: Case, module_farm, tmp_path):
    client = _client(module_farm, case.platform)
    cg = CG[case.host]
    detail = client.query.supported_plugin(cg, os_name="windows")
    created = []
    try:
        for name, cg_version, plugins in case.saved:
            body = {"cgId": cg, "cgName": NAMES[case.host], "cgVersion": cg_version, "editName": name,
                    "renderSystem": 1, "pluginIds": [_plugin_id(detail, cg_version, p, v) for p, v in plugins]}
            if case.host == "maya":
                body["renderLayerType"] = 1
            client.env.add_render_env(body)
            created.append(name)
        if case.default:
            client.env.set_default_render_env(case.default)
        catalogue = Catalogue.fetch(client, cg, use_cache=False)
        result = plan(_spec(case, tmp_path), catalogue, case.prefs)
    finally:
        for name in created:
            client.env.delete_render_env(name)

    env = result.env
    env_codes = {i.reason.code for i in env.issues if i.blocking}
    if case.env_problem:
        assert case.env_problem in env_codes, [str(i.reason) for i in env.issues]
        assert result.blocking
        assert all(str(i.reason) and "{" not in str(i.reason) for i in env.issues)
    else:
        assert not env_codes, [str(i.reason) for i in env.issues]
    if case.env == "NEW":
        assert env.needs_creation and env.chosen.body["cgId"] == cg
        assert env.chosen.body["cgName"] == NAMES[case.host]
    elif case.env is not None:
        assert env.chosen is not None and env.chosen.saved and env.chosen.name == case.env
    if case.exact is not None:
        assert env.exact is case.exact
    if case.reason:
        assert case.reason in {r.code for r in env.reasons}, [str(r) for r in env.reasons]
    if case.new_version:
        assert env.chosen.body["cgVersion"] == case.new_version
    if case.new_plugins is not None:
        chosen = {pv.plugin_id: pv.plugin_version for g in detail.cg_plugin for pv in g.plugin_versions}
        assert sorted(chosen[i] for i in env.chosen.body["pluginIds"]) == sorted(case.new_plugins)
    for reason in env.reasons + result.hardware.reasons:  # every reason renders in both languages
        assert "{" not in reason.text("en") and "{" not in reason.text("zh_CN")

    hw = result.hardware
    assert hw.device == case.hw_kind
    hw_codes = {i.reason.code for i in hw.issues if i.blocking}
    if case.hw_problem:
        assert case.hw_problem in hw_codes, [str(i.reason) for i in hw.issues]
        return
    assert not hw_codes, [str(i.reason) for i in hw.issues]
    assert hw.chosen is not None and hw.chosen.kind == case.hw_kind
    assert int(hw.chosen.config.platform) == int(case.platform)
    if case.hw_id is not None:
        assert hw.chosen.id == case.hw_id
    else:
        ranked = [c for c in [hw.chosen] + hw.alternatives if c.usable]
        assert [c.cost for c in ranked] == sorted(c.cost for c in ranked), "usable configs must be ranked by cost"
    assert hw.chosen.config.ram and float(hw.chosen.config.ram.rstrip("GB")) >= hw.memory_gb


def test_heavy_scene_gets_a_machine_with_enough_memory(module_farm):
    client = _client(module_farm, "2")
    catalogue = Catalogue.fetch(client, 2001, use_cache=False)
    light = SceneSpec(host="max", host_version="2023", renderer="V_Ray_6", plugins=[Plugin(name="vray", version="6.10.06")])
    heavy = light.model_copy(update={"assets": [Asset(path="D:/t.exr", kind=AssetKind.TEXTURE, exists=True, size=60 * 1024 ** 3)]})
    small = plan(light, catalogue).hardware
    big = plan(heavy, catalogue).hardware
    assert big.memory_gb > 60 > small.memory_gb
    assert float(big.chosen.config.ram.rstrip("GB")) >= big.memory_gb
    assert float(small.chosen.config.ram.rstrip("GB")) < big.memory_gb  # the light scene stays on a cheaper box
    assert any(r.code == "hw.memory" for r in big.reasons)


def test_octane_version_barred_by_hardware_regex(module_farm):
    """The 1080 Ti config lists '^octane 2024.*' as unsupported: never chosen for an Octane 2024 scene."""
    client = _client(module_farm, "21")
    catalogue = Catalogue.fetch(client, 2004, use_cache=False)
    spec = SceneSpec(host="houdini", host_version="20.0.751", renderer="octane", plugins=[Plugin(name="octane", version="2024.1")])
    hw = plan(spec, catalogue).hardware
    barred = [c for c in hw.alternatives + [hw.chosen] if str(c.config.model) == "1080Ti" and c.config.gpu_num == "2*GPU"]
    assert barred and all(not c.usable for c in barred)
    assert any(r.code == "hw.unusable.software" for c in barred for r in c.why_not)


def test_catalogue_is_cached_per_client(module_farm):
    client = _client(module_farm, "2")
    Catalogue.invalidate()
    first = Catalogue.fetch(client, 2000)
    assert Catalogue.fetch(client, 2000) is first
    Catalogue.invalidate(client)
    assert Catalogue.fetch(client, 2000) is not first


def test_reasons_translate(module_farm):
    client = _client(module_farm, "2")
    catalogue = Catalogue.fetch(client, 2000, use_cache=False)
    spec = SceneSpec(host="maya", host_version="2025", renderer="arnold", plugins=[Plugin(name="mtoa", version="5.4.5")])
    result = plan(spec, catalogue)
    en = [r.text("en") for r in result.reasons]
    zh = [r.text("zh_CN") for r in result.reasons]
    assert en != zh and all(zh)
    assert any("mtoa" in t.lower() or "arnold" in t.lower() for t in en)
