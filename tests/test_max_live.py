"""The 3ds Max live adapter against the behavioural ``pymxs`` fake (tests/hostfakes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rb_dcc.adapters import base
from rb_dcc.scene import AssetKind, FrameRange, Severity
from rb_dcc.adapters.max.scenefile import analyze as analyze_file



def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def shot(host_fake, tmp_path):
    for name in ("maps/wood.png", "ies/spot.ies", "cache/cloth.abc", "proxies/rocks.vrmesh",
                 "xref/set.max", "xref/props.max", "xref/tree.max", "scenes/shot020_v012.max"):
        _touch(tmp_path / name)
    for tile in (1001, 1002, 1003):
        _touch(tmp_path / "maps" / ("tile.%d.exr" % tile), b"t" * 2)
    return host_fake("max", "vray_shot")


def test_stone_mirror(host_fake, tmp_path):
    host_fake("max", "stone")
    spec = base.get_adapter("max").collect()
    assert spec.host_version == "2019"
    assert spec.scene_path == str(tmp_path / "Stone.max")
    assert spec.renderer == "scanline" and spec.renderer_version == ""
    assert spec.plugins == []  # only 3ds Max's own DLLs
    assert spec.frames == FrameRange.parse("0")  # single frame: the current one
    assert (spec.resolution.width, spec.resolution.height) == (800, 450)
    assert spec.renderable_cameras == ["Camera001"]
    # the two maps inside the 3ds Max folder are the farm's; the Windows path is reported missing
    assert [(a.path, a.kind, a.exists) for a in spec.assets] == [
        ("C:\\Users\\Videep\\Desktop\\GGJ\\download.jpg", AssetKind.TEXTURE, False)]
    assert "Windows path" in spec.assets[0].note


def test_lamp_mirror_arnold_inside_the_max_folder(host_fake):
    host_fake("max", "lamp")
    spec = base.get_adapter("max").collect()
    assert spec.host_version == "2023.3"
    assert spec.renderer == "arnold" and spec.renderer_version == "5.6.4.0"
    assert [(p.name, p.version) for p in spec.plugins] == [("arnold", "5.6.4.0")]
    assert spec.frames == FrameRange.parse("0")  # active time segment 0-0
    assert spec.cameras == []
    assert any("no camera view is active" in p.message for p in spec.problems)


def test_vray_shot(shot, tmp_path):
    spec = base.get_adapter("max").collect()
    assert spec.host_version == "2024.2" and spec.fps == 25.0
    assert spec.renderer == "vray" and spec.renderer_version == "6.20.03" and spec.render_device == "CPU"
    # V-Ray's DLLs are one plug-in; tyFlow is deferred (not loaded): not needed by this scene
    assert [(p.name, p.version) for p in spec.plugins] == [("vray", "6.20.03"), ("forestpack", "8.2.4")]
    assert spec.frames == FrameRange.from_bounds(1001, 1100, 2)
    assert spec.output_pattern == str(tmp_path / "render" / "shot020.exr") and spec.image_format == "exr"
    assert (spec.resolution.width, spec.resolution.height) == (2048, 858)
    assert {c.name: c.renderable for c in spec.cameras} == {"CamMain": True, "CamAlt": False}
    passes = {l.name: l for l in spec.layers}
    assert set(passes) == {"VRayDiffuseFilter", "VRayZDepth"}
    assert passes["VRayDiffuseFilter"].renderable and not passes["VRayZDepth"].renderable
    assert all(l.kind == "pass" for l in spec.layers)


def test_vray_shot_assets(shot, tmp_path):
    import pymxs

    spec = base.get_adapter("max").collect()
    assert shot.ats_refreshes == 1  # the asset list was refreshed before reading
    by_path = {a.path: a for a in spec.assets}
    udim = by_path[str(tmp_path / "maps" / "tile.<UDIM>.exr")]
    assert udim.sequence and len(udim.resolved) == 3 and udim.size == 6
    assert by_path[str(tmp_path / "ies" / "spot.ies")].kind == AssetKind.IES
    assert by_path[str(tmp_path / "cache" / "cloth.abc")].kind == AssetKind.CACHE
    assert by_path[str(tmp_path / "proxies" / "rocks.vrmesh")].kind == AssetKind.CACHE
    refs = [a.path for a in spec.assets if a.kind == AssetKind.REFERENCE]
    assert refs == [str(tmp_path / "xref" / n) for n in ("set.max", "props.max", "old_layout.max", "tree.max")]
    assert any("disabled" in p.message for p in spec.problems)
    # written files (render output) and 3ds Max's own maps are not uploads; the XRef is listed once
    assert str(tmp_path / "render" / "shot020.exr") not in by_path
    assert not any("3ds Max 2024" in a.path for a in spec.assets)
    assert sorted(Path(a.path).name for a in spec.missing_assets) == ["missing.jpg", "old_layout.max"]
    # a bitmap names the object that uses it, so "show me the missing texture" can select it
    missing = by_path[str(tmp_path / "maps" / "missing.jpg")]
    assert missing.node == "Tree001"
    assert by_path[str(tmp_path / "maps" / "wood.png")].node == "Ground"
    assert base.get_adapter("max").select_node(missing.node) is True
    assert pymxs.runtime.undefined is not None


def test_settings_in_file_properties(shot):
    from pymxs import runtime as rt

    adapter = base.get_adapter("max")
    assert adapter.read_settings() == {"env_name": "max2024_vray6", "priority": 40}
    assert not adapter.is_dirty()
    new = {"env_name": "max2024_vray6", "frames": "1001-1010", "notes": 'say "hi" \\ there'}
    adapter.write_settings(new)
    assert adapter.read_settings() == new
    assert adapter.is_dirty()
    # the artist's own custom property is untouched
    index = rt.fileProperties.findProperty(rt.Name("custom"), "Client")
    assert rt.fileProperties.getPropertyValue(rt.Name("custom"), index) == "ACME"
    adapter.save()
    assert not adapter.is_dirty() and shot.saves == [adapter.scene_path()]


def test_select_node_and_main_window(shot):
    from pymxs import runtime as rt

    adapter = base.get_adapter("max")
    assert adapter.select_node("CamAlt") is True
    assert [n.name for n in rt.selection] == ["CamAlt"]
    assert adapter.select_node("NoSuchNode") is False
    assert adapter.main_window() is None  # no window was set up in the fake
    shot.main_window = "the-main-window"
    assert adapter.main_window() == "the-main-window"


def test_untitled_corona(host_fake):
    host_fake("max", "untitled_corona")
    adapter = base.get_adapter("max")
    assert adapter.scene_path() == "" and adapter.is_dirty()
    with pytest.raises(base.HostError, match="never been saved"):
        adapter.save()
    spec = adapter.collect()
    assert spec.host_version == "2025"
    assert spec.renderer == "corona" and spec.renderer_version == "10.0"
    assert [(p.name, p.version) for p in spec.plugins] == [("corona", "10.0")]
    assert spec.frames == FrameRange.parse("1,3,5-12")
    assert "the scene is untitled" in [p.message for p in spec.problems if p.severity == Severity.ERROR]
    assert spec.renderable_cameras == []
    assert adapter.main_window() is None  # no UI (3dsmaxbatch)


def test_bad_frame_list_is_an_error_not_a_crash(host_fake):
    state = host_fake("max", "untitled_corona")
    state.render["rendPickupFrames"] = "1,3,x-"
    spec = base.get_adapter("max").collect()
    assert spec.frames is None
    assert any("frame list" in p.message and p.severity == Severity.ERROR for p in spec.problems)


def test_fake_keeps_maxscript_quirks(host_fake):
    host_fake("max", "stone")
    from pymxs import runtime as rt

    assert rt.MAXFILENAME == rt.maxFileName == "Stone.max"  # names are case-insensitive
    assert rt.maxFilePath.endswith("/")
    assert rt.getNodeByName("nothing") is rt.undefined and not rt.undefined
    assert rt.someGlobalNobodyDefined is rt.undefined
    with pytest.raises(RuntimeError, match="Runtime error"):
        rt.AssetManager.GetAssetByIndex(0)  # 1-based
    assert int(rt.rendEnd) == 100 * 160 and rt.rendEnd.frame == 100.0  # time: ticks vs frames
    cam = rt.getActiveCamera()
    assert cam.NAME == cam.name == "Camera001"


# -- live vs file analysis ---------------------------------------------------------------------
@pytest.mark.parametrize("scene, corpus", [
    ("stone", "theMaxscriptGuy__GlobalGameJam-2020__Stone.max"),
    ("lamp", "radobaychev__3D-RoomProject__lamp.max"),
])
def test_live_and_file_analysis_agree(host_fake, scenes_dir, scene, corpus):
    file_spec = analyze_file(str(scenes_dir / "max" / corpus))
    host_fake("max", scene)
    live = base.get_adapter("max").collect()
    assert file_spec.host_version.split(".")[0] == live.host_version.split(".")[0]
    assert file_spec.renderer == live.renderer
    assert (file_spec.resolution.width, file_spec.resolution.height) == (live.resolution.width, live.resolution.height)
    if file_spec.frames is not None:
        assert file_spec.frames == live.frames
    assert {c.name for c in file_spec.cameras} == {c.name for c in live.cameras}
    # third-party plug-ins the file requires are the ones the live scene reports
    assert {p.name for p in file_spec.plugins if p.required} == {p.name for p in live.plugins}
    assert sorted(a.path for a in file_spec.assets) == sorted(a.path for a in live.assets)


def test_a_failing_asset_tracker_becomes_a_warning(shot, monkeypatch):
    from pymxs import runtime as rt

    def refresh():
        raise RuntimeError("-- Runtime error: Asset Tracking provider is not available")

    monkeypatch.setattr(rt.ATSOps, "Refresh", refresh)
    spec = base.get_adapter("max").collect()
    assert any(p.message.startswith("could not read the asset list") for p in spec.problems)
    assert [a.kind for a in spec.assets] == [AssetKind.REFERENCE] * 4  # XRefs were still read
