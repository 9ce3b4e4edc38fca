"""The Maya live adapter against the behavioural ``maya.cmds`` fake (tests/hostfakes)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rb_dcc.adapters import base
from rb_dcc.scene import AssetKind, FrameRange, Severity
from rb_dcc.adapters.maya.scenefile import analyze as analyze_file



def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def shot(host_fake, tmp_path):
    """The render-setup shot with its files on disk (one texture left missing on purpose)."""
    for tile in (1001, 1002, 1011):
        _touch(tmp_path / "sourceimages" / ("wood.%d.png" % tile), b"t" * 10)
    for tile in (1001, 1002):
        _touch(tmp_path / "sourceimages" / ("old.%d.tif" % tile))
    for frame in (1001, 1002, 1003):
        _touch(tmp_path / "sourceimages" / "flip" / ("flip.%d.exr" % frame), b"f" * 5)
        _touch(tmp_path / "cache" / ("tree.%04d.ass" % frame))
    for frame in (1001, 1002):
        _touch(tmp_path / "cache" / "fur" / ("fur.%04d.fur" % frame))
    for name in ("cache/rocks.vrmesh", "ies/spot.ies", "sourceimages/rel.png", "sourceimages/sky.hdr", "cache/char.abc", "cache/rock.abc",
                 "scenes/shot010__fur.xgen", "assets/set.ma", "assets/props.ma", "assets/char.ma",
                 "data/ocio/config.ocio", "scenes/shot010.ma"):
        _touch(tmp_path / name)
    state = host_fake("maya", "shot_rendersetup")
    return state


def _qtpy_or_skip():
    try:
        import qtpy
        from qtpy import QtWidgets  # noqa: F401
    except Exception as exc:  # qtpy without a binding raises its own error type
        pytest.skip("no Qt binding here: %s" % exc)
    return qtpy


def _assets(spec):
    return {a.node or a.path: a for a in spec.assets}


def test_detect_inside_and_after_the_fake(host_fake):
    host_fake("maya", "clock")
    adapter = base.detect()
    assert adapter.name == "maya"
    assert type(adapter).__name__ == "MayaAdapter"
    assert isinstance(adapter, base.HostAdapter)


def test_detect_is_not_maya_after_the_test():
    assert "maya" not in sys.modules and "maya.cmds" not in sys.modules
    assert base.running_host() != "maya"


def test_clock_mirror(host_fake, tmp_path):
    host_fake("maya", "clock")
    adapter = base.get_adapter("maya")
    spec = adapter.collect()
    assert spec.host_version == "2018"
    assert spec.scene_path == str(tmp_path / "clock.ma")
    assert spec.renderer == "arnold" and spec.renderer_version == "3.1.1.1"
    # fbxmaya is loaded but nothing in the scene needs it
    assert [(p.name, p.version) for p in spec.plugins] == [("mtoa", "3.1.1.1")]
    assert spec.renderable_cameras == ["persp"]
    assert {c.name for c in spec.cameras} == {"persp", "top", "front", "side"}
    # animation is off in clock.ma: Maya renders the current frame only, and says so
    assert spec.frames == FrameRange.parse("1")
    assert any(p.severity == Severity.NOTICE and "animation is off" in p.message for p in spec.problems)
    assert (spec.resolution.width, spec.resolution.height) == (640, 480)
    assert spec.fps == 24.0
    assert spec.assets == []
    assert [l.name for l in spec.layers] == ["defaultRenderLayer"]
    assert not [p for p in spec.problems if p.severity == Severity.ERROR]


def test_shot_renderer_frames_and_layers(shot):
    spec = base.get_adapter("maya").collect()
    assert spec.host_version == "2025.3"
    assert spec.renderer == "arnold" and spec.renderer_version == "5.4.5"
    assert spec.render_device == "GPU"
    names = {p.name for p in spec.plugins}
    assert {"mtoa", "AbcImport", "gpuCache", "xgenToolkit"} <= names
    assert "bifrostGraph" not in names  # loaded, unused
    assert spec.fps == 25.0
    assert spec.frames == FrameRange.from_bounds(1001, 1100)
    assert spec.output_pattern == "<Scene>/<RenderLayer>/<Scene>"
    assert spec.image_format == "exr"
    assert (spec.resolution.width, spec.resolution.height) == (1920, 1080)
    layers = {l.name: l for l in spec.layers}
    # render setup layers go by their legacy names, which Maya's command-line renderer takes
    assert list(layers) == ["defaultRenderLayer", "rs_beauty", "rs_fx"]
    assert [l.node_type for l in spec.layers] == ["renderLayer", "renderSetupLayer", "renderSetupLayer"]
    assert not layers["defaultRenderLayer"].renderable
    assert layers["rs_beauty"].renderable and layers["rs_beauty"].cameras == ["shotCam"]
    assert layers["rs_beauty"].frames == spec.frames
    fx = layers["rs_fx"]
    assert fx.frames == FrameRange.from_bounds(1010, 1020, 2)
    assert fx.cameras == ["fxCam"]  # the layer swaps the camera
    assert fx.output == "fx/<Scene>"
    assert fx.renderer == "arnold"  # the disabled renderer override does not count
    assert spec.renderable_cameras == ["shotCam"]
    # fx was the visible layer: the master values were read on the master layer, then fx came back
    assert shot.layer_switches == ["defaultRenderLayer", "fx"]
    assert shot.render_setup["visible"] == "fx"


def test_render_setup_without_its_python_model_falls_back_to_legacy_layers(shot, monkeypatch):
    # a Maya where the render setup model cannot be imported: the layer list still comes from nodes
    monkeypatch.setitem(sys.modules, "maya.app.renderSetup.model.renderSetup", None)
    spec = base.get_adapter("maya").collect()
    layers = {l.name: l for l in spec.layers}
    assert list(layers) == ["defaultRenderLayer", "rs_beauty", "rs_fx"]
    assert layers["rs_fx"].frames == spec.frames  # no overrides known
    assert any("master layer" in p.message for p in spec.problems)


def test_shot_assets(shot, tmp_path):
    spec = base.get_adapter("maya").collect()
    by_node = _assets(spec)
    wood = by_node["wood.fileTextureName"]
    assert wood.sequence and wood.exists
    assert sorted(Path(p).name for p in wood.resolved) == ["wood.1001.png", "wood.1002.png", "wood.1011.png"]
    assert wood.size == 30
    # a file node with no computed pattern (older Maya): the pattern is made from the first tile
    old = by_node["oldUdim.fileTextureName"]
    assert old.path == str(tmp_path / "sourceimages" / "old.<UDIM>.tif") and len(old.resolved) == 2
    flip = by_node["flipbook.fileTextureName"]
    assert flip.sequence and len(flip.resolved) == 3 and flip.size == 15
    stand_in = by_node["treeStandInShape.dso"]
    assert stand_in.kind == AssetKind.PROXY and len(stand_in.resolved) == 3
    assert by_node["charAbc.abc_File"].kind == AssetKind.CACHE and by_node["charAbc.abc_File"].exists
    assert by_node["rockShape.cacheFileName"].exists
    assert by_node["rocksProxy.fileName"].kind == AssetKind.PROXY and by_node["rocksProxy.fileName"].exists
    fur = by_node["furShape.cacheFileName"]
    assert fur.kind == AssetKind.CACHE and fur.sequence and len(fur.resolved) == 2
    assert by_node["ies1.aiFilename"].kind == AssetKind.IES
    # relative paths: the project rule for the texture, the scene's folder for the .xgen
    assert by_node["relTex.fileTextureName"].resolved == [str(tmp_path / "sourceimages" / "rel.png")]
    assert by_node["furPalette.xgFileName"].resolved == [str(tmp_path / "scenes" / "shot010__fur.xgen")]
    lost = by_node["lostTex.fileTextureName"]
    assert not lost.exists and lost.missing == [str(tmp_path / "sourceimages" / "missing.png")]
    assert [a.node for a in spec.missing_assets] == ["lostTex.fileTextureName"]
    assert any(p.severity == Severity.WARNING and p.ref == "lostTex.fileTextureName" for p in spec.problems)
    # references: nested one found through its parent; copy number dropped; unloaded one noticed
    refs = {a.node: a for a in spec.assets if a.kind == AssetKind.REFERENCE}
    assert set(refs) == {"setRN", "set:propsRN", "charRN"}
    assert refs["charRN"].path == str(tmp_path / "assets" / "char.ma")
    assert any("unloaded" in p.message and p.ref == "charRN" for p in spec.problems)
    # file -q -list: the UDIM tile already in the set is not listed twice; the OCIO config is new
    others = [a for a in spec.assets if not a.node]
    assert [Path(a.path).name for a in others] == ["config.ocio"]
    paths = [a.path for a in spec.assets]
    assert len(paths) == len(set(paths))
    assert str(tmp_path / "scenes" / "shot010.ma") not in paths  # the scene itself is not an asset


def test_settings_round_trip_through_fileinfo(shot):
    import maya.cmds as cmds

    adapter = base.get_adapter("maya")
    # stored by an earlier session: fileInfo hands it back escaped, the adapter reads it anyway
    raw = cmds.fileInfo(base.SETTINGS_KEY, query=True)
    assert raw and '\\"' in raw[0]
    assert adapter.read_settings() == {"env_name": "maya2025_arnold", "priority": 60, "output_dir": "C:\\renders\\shot010"}
    assert not adapter.is_dirty()
    new = {"env_name": 'odd "quoted" env', "frames": "1-10", "path": "D:\\a\\b", "labels": ["x", "y"]}
    adapter.write_settings(new)
    assert adapter.read_settings() == new
    assert adapter.is_dirty()
    with pytest.raises(TypeError):
        adapter.write_settings(["not", "a", "dict"])


def test_save_select_and_window(shot):
    import maya.cmds as cmds

    adapter = base.get_adapter("maya")
    adapter.write_settings({"a": 1})
    assert adapter.is_dirty()
    adapter.save()
    assert not adapter.is_dirty() and shot.saves == 1
    assert adapter.select_node("lostTex.fileTextureName") is True
    assert cmds.ls(selection=True) == ["lostTex"]
    assert adapter.select_node("noSuchNode.fileTextureName") is False
    assert adapter.main_window() is None  # batch: no main window


def test_untitled_redshift(host_fake):
    host_fake("maya", "untitled_redshift")
    adapter = base.get_adapter("maya")
    assert adapter.scene_path() == "" and adapter.is_dirty()
    with pytest.raises(base.HostError, match="never been saved"):
        adapter.save()
    spec = adapter.collect()
    assert spec.host_version == "2024.2"
    assert spec.renderer == "redshift" and spec.renderer_version == "3.5.19" and spec.render_device == "GPU"
    assert [p.name for p in spec.plugins] == ["redshift4maya"]  # mtoa loaded, unused
    assert spec.image_format == "png" and spec.fps == 30.0
    errors = [p.message for p in spec.problems if p.severity == Severity.ERROR]
    assert "the scene is untitled" in errors
    assert "no camera is renderable" in errors
    layers = {l.name: l for l in spec.layers}
    assert [n for n, l in layers.items() if l.renderable] == ["charLayer"]
    assert layers["charLayer"].frames.first == 5 and layers["charLayer"].frames.last <= 50
    assert set(layers) == {"defaultRenderLayer", "charLayer", "bgLayer"}  # not Maya 4's globalRender
    # a layer's own renderer and camera
    assert layers["bgLayer"].renderer == "mayaHardware2" and layers["bgLayer"].cameras == ["persp"]
    assert layers["charLayer"].renderer == "redshift" and layers["charLayer"].cameras == []
    assert any("2.5 is not a whole frame" in p.message for p in spec.problems)
    assert [a.node for a in spec.assets] == ["crowdShape.fileName"]  # the empty file node is ignored
    assert spec.assets[0].kind == AssetKind.PROXY and not spec.assets[0].exists


def test_reference_on_a_windows_drive(host_fake, tmp_path):
    host_fake("maya", "asset_exporter_scene1")
    spec = base.get_adapter("maya").collect()
    refs = [a for a in spec.assets if a.kind == AssetKind.REFERENCE]
    assert [(a.path, a.node, a.exists) for a in refs] == [("D:/work/asset_exporter/example/ball.ma", "rigRN", False)]
    assert spec.renderable_cameras == ["persp"]
    assert spec.plugins == []


def test_fake_keeps_maya_quirks(host_fake):
    host_fake("maya", "clock")
    import maya.cmds as cmds

    assert cmds.ls(type="aiStandIn") is None
    assert cmds.listRelatives("persp", parent=True) is None
    assert cmds.getAttr("defaultRenderGlobals.imageFilePrefix") is None
    with pytest.raises(ValueError, match="No object matches name"):
        cmds.getAttr("noSuchNode.attr")
    with pytest.raises(ValueError):
        cmds.getAttr("persp.noSuchAttr")
    with pytest.raises(RuntimeError, match="MAYA_PLUG_IN_PATH"):
        cmds.pluginInfo("redshift4maya", query=True, version=True)
    # time attributes come back in the current unit
    assert cmds.getAttr("defaultRenderGlobals.endFrame") == 10.0
    cmds.currentUnit(time="ntsc")
    assert cmds.getAttr("defaultRenderGlobals.endFrame") == pytest.approx(12.5)


def test_main_window_wraps_the_qt_pointer(host_fake):
    qtpy = _qtpy_or_skip()
    if qtpy.API_NAME != "PySide6":
        pytest.skip("the pointer round trip is checked with PySide6")
    import shiboken6
    from qtpy import QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    window = QtWidgets.QMainWindow()
    window.setObjectName("MayaWindow")
    state = host_fake("maya", "clock")
    state.ui = True
    state.main_window_ptr = shiboken6.getCppPointer(window)[0]
    parent = base.get_adapter("maya").main_window()
    assert parent is not None and parent.objectName() == "MayaWindow"
    window.deleteLater()
    assert app is not None


# -- live vs file analysis ---------------------------------------------------------------------
@pytest.mark.parametrize("scene, corpus", [
    ("clock", "kingmax__cppMaya__clock.ma"),
    ("asset_exporter_scene1", "zclongpop123__asset_exporter__test_scene1.ma"),
])
def test_live_and_file_analysis_agree(host_fake, scenes_dir, scene, corpus):
    path = scenes_dir / "maya" / corpus
    file_spec = analyze_file(str(path))
    host_fake("maya", scene)
    live = base.get_adapter("maya").collect()
    # the file says "2018ff09", Maya says "2018": same major version
    assert file_spec.host_version[:4] == live.host_version[:4]
    if file_spec.renderer:
        assert file_spec.renderer == live.renderer
    if live.renderer_version and file_spec.renderer_version:
        assert file_spec.renderer_version == live.renderer_version
    live_refs = sorted(a.path for a in live.assets if a.kind == AssetKind.REFERENCE)
    file_refs = sorted(a.path for a in file_spec.assets if a.kind == AssetKind.REFERENCE)
    assert file_refs == live_refs
    # cameras both know about agree on renderable (Maya adds the default cameras a file may omit)
    live_cams = {c.name: c.renderable for c in live.cameras}
    for cam in file_spec.cameras:
        if cam.name in live_cams:
            assert cam.renderable == live_cams[cam.name], cam.name
    assert file_spec.frames == live.frames
    assert file_spec.fps == live.fps
    assert file_spec.image_format == live.image_format
    assert (file_spec.resolution.width, file_spec.resolution.height) == (live.resolution.width, live.resolution.height)
    assert file_spec.output_pattern == live.output_pattern
    assert [(l.name, l.renderable, l.frames) for l in file_spec.layers] == [(l.name, l.renderable, l.frames) for l in live.layers]
    plugin = {"arnold": "mtoa"}.get(live.renderer)
    if plugin:
        assert file_spec.plugin_version(plugin) == live.plugin_version(plugin)


def test_a_failing_host_call_becomes_a_warning(shot, monkeypatch):
    import maya.cmds as cmds

    real_file = cmds.file

    def file_without_list(*args, **kwargs):
        if kwargs.get("list"):
            raise RuntimeError("file: the file list is not available while a reference is loading")
        return real_file(*args, **kwargs)

    monkeypatch.setattr(cmds, "file", file_without_list)
    spec = base.get_adapter("maya").collect()
    warnings = [p for p in spec.problems if p.message.startswith("could not read Maya's file list")]
    assert len(warnings) == 1 and "reference is loading" in warnings[0].message
    assert "wood.fileTextureName" in _assets(spec)  # the rest was still read
    assert spec.frames == FrameRange.from_bounds(1001, 1100)
