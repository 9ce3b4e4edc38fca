"""The Houdini live adapter against the behavioural ``hou`` fake (tests/hostfakes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rb_dcc.adapters import base
from rb_dcc.scene import AssetKind, FrameRange, Severity
from rb_dcc.adapters.houdini.scenefile import analyze as analyze_file



def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def shot(host_fake, tmp_path):
    proj = tmp_path / "proj"
    hip = proj / "shots" / "sh010"
    for name in ("otls/rb_tree.hda", "otls/rb_unused.hda", "abc/char.abc", "tex/leaf.png"):
        _touch(proj / name)
    for tile in (1001, 1002):
        _touch(proj / "tex" / ("wood.%d.rat" % tile), b"w" * 4)
    for frame in (1001, 1002, 1003):
        _touch(hip / "vdb" / ("smoke.%04d.vdb" % frame), b"v" * 3)
        _touch(hip / "tex" / ("plate.%04d.jpg" % frame))
    _touch(hip / "geo" / "rock.bgeo.sc")
    _touch(hip / "sh010_fx_v003.hip")
    return host_fake("houdini", "shot_karma_redshift")


def test_test_parameters_mirror(host_fake, tmp_path):
    host_fake("houdini", "test_parameters")
    spec = base.get_adapter("houdini").collect()
    assert spec.host_version == "18.5.732"
    assert spec.scene_path == str(tmp_path / "test_parameters.hip")
    assert spec.project_path == "/home/graham/Houdini-Toolbox"
    assert [(l.name, l.node_type, l.renderer) for l in spec.layers] == [("/out/mantra1", "ifd", "mantra")]
    mantra = spec.layers[0]
    # trange "off": the current frame only
    assert mantra.frames == FrameRange.parse("1")
    assert spec.frames == FrameRange.from_bounds(1, 240)  # the scene's range is the playbar's
    assert mantra.output == "$HIP/render/$HIPNAME.$OS.$F4.exr"  # as written, not expanded
    assert mantra.image_format == "exr"
    assert mantra.cameras == ["/obj/cam1"]
    assert any("/obj/cam1, which does not exist" in p.message for p in spec.problems)
    # the deep-map outputs and Houdini's own bokeh image are not uploads
    assert spec.assets == []
    assert spec.plugins == []
    assert spec.renderer == "mantra" and spec.render_device == "CPU"


def test_shot_drivers(shot):
    spec = base.get_adapter("houdini").collect()
    assert spec.host_version == "20.5.278" and spec.fps == 25.0
    layers = {l.name: l for l in spec.layers}
    assert list(layers) == ["/out/karma1", "/out/Redshift_ROP1", "/out/cache_sim", "/out/old_mantra", "/stage/usdrender_rop1"]
    assert "/out/merge1" not in layers
    assert layers["/out/karma1"].frames == FrameRange.from_bounds(1001, 1100)
    # f1/f2 are $FSTART/$FEND expressions: evaluated, with the step from f3
    assert layers["/out/Redshift_ROP1"].frames == FrameRange.from_bounds(1001, 1100, 2)
    assert layers["/out/Redshift_ROP1"].output == "$JOB/render/rs/$OS.$F4.exr"
    assert layers["/out/cache_sim"].renderer == "" and layers["/out/cache_sim"].image_format == ""
    assert not layers["/out/old_mantra"].renderable
    assert layers["/stage/usdrender_rop1"].renderer == "karma"
    assert spec.renderer == "karma" and spec.frames == FrameRange.from_bounds(1001, 1100)
    assert (spec.resolution.width, spec.resolution.height) == (1920, 1080)
    assert {c.name: c.renderable for c in spec.cameras} == {"/obj/shotcam": True, "/obj/witnesscam": True}
    assert [(p.name, p.version) for p in spec.plugins] == [("redshift", "3.6.04")]
    assert any(p.message == "ROPs use several renderers: karma, redshift" for p in spec.problems)


def test_shot_files(shot, tmp_path):
    spec = base.get_adapter("houdini").collect()
    by_node = {a.node: a for a in spec.assets}
    proj = tmp_path / "proj"
    hip = proj / "shots" / "sh010"
    # the studio HDA in use is uploaded; unused, Houdini's own and Redshift's libraries are not
    hdas = [a for a in spec.assets if a.kind == AssetKind.HDA]
    assert [(a.path, a.node) for a in hdas] == [(str(proj / "otls" / "rb_tree.hda"), "/obj/tree1")]
    assert by_node["/obj/geo1/rock/file"].resolved == [str(hip / "geo" / "rock.bgeo.sc")]
    assert by_node["/obj/geo1/rock/file"].kind == AssetKind.CACHE
    smoke = by_node["/obj/geo1/smoke/file"]
    assert smoke.kind == AssetKind.VOLUME and smoke.sequence and len(smoke.resolved) == 3 and smoke.size == 9
    assert by_node["/obj/geo1/char/fileName"].resolved == [str(proj / "abc" / "char.abc")]
    plate = by_node["/obj/geo1/plate/file"]
    assert plate.path == "$HIP/tex/plate.`padzero(4, $F)`.jpg" and len(plate.resolved) == 3
    wood = by_node["/mat/wood/basecolor_texture"]
    assert wood.sequence and sorted(Path(p).name for p in wood.resolved) == ["wood.1001.rat", "wood.1002.rat"]
    assert by_node["/obj/tree1/leaf_map"].exists
    assert [a.node for a in spec.missing_assets] == ["/mat/wood/rough_texture"]
    # outputs of drivers, $HFS/$HH files and op: references are not uploads
    for a in spec.assets:
        assert not a.node.startswith("/out/") and not a.node.startswith("/stage/")
        assert "$HFS" not in a.path and "$HH" not in a.path and not a.path.startswith("op:")


def test_settings_in_root_user_data(shot):
    import hou

    adapter = base.get_adapter("houdini")
    assert adapter.read_settings() == {}
    assert not adapter.is_dirty()
    settings = {"env_name": "houdini20.5_redshift", "layers": ["/out/karma1"], "notes": 'a "quoted" note'}
    adapter.write_settings(settings)
    assert adapter.read_settings() == settings
    assert hou.node("/").userData(base.SETTINGS_KEY) == base.encode_settings(settings)
    assert adapter.is_dirty()
    adapter.save()
    assert not adapter.is_dirty() and shot.saves == 1


def test_select_node_and_main_window(shot):
    import hou

    adapter = base.get_adapter("houdini")
    assert adapter.select_node("/mat/wood/rough_texture") is True  # a parm path selects its node
    assert [n.path() for n in hou.selectedNodes()] == ["/mat/wood"]
    assert adapter.select_node("/obj/nothing/here") is False
    assert adapter.select_node("") is False
    assert adapter.main_window() is None  # hython: no UI


def test_untitled_arnold(host_fake):
    host_fake("houdini", "untitled_arnold")
    adapter = base.get_adapter("houdini")
    assert adapter.scene_path() == "" and adapter.is_dirty()
    with pytest.raises(base.HostError, match="never been saved"):
        adapter.save()
    spec = adapter.collect()
    assert spec.host_version == "19.5.605"
    assert "the hip file is untitled" in [p.message for p in spec.problems if p.severity == Severity.ERROR]
    layers = {l.name: l for l in spec.layers}
    assert layers["/out/arnold1"].frames == FrameRange.from_bounds(2, 24)
    assert any("1.5 is not a whole frame" in p.message for p in spec.problems)
    assert layers["/out/current"].frames == FrameRange.parse("12")  # trange off: frame 12
    assert spec.frames == FrameRange.from_bounds(1, 48)
    assert layers["/out/current"].image_format == "png"
    assert spec.renderer == "arnold" and spec.renderer_version == "6.2.1.0"
    assert [(p.name, p.version) for p in spec.plugins] == [("htoa", "6.2.1.0")]
    assert spec.assets == []  # HtoA's own library is not uploaded


def test_fake_keeps_houdini_quirks(host_fake, tmp_path):
    host_fake("houdini", "test_parameters")
    import hou

    assert hou.node("/obj/nothing") is None
    rop = hou.node("/out/mantra1")
    assert rop.parm("nothing") is None
    assert rop.parm("trange").eval() == 0 and rop.parm("trange").evalAsString() == "off"
    assert rop.parm("vm_picture").unexpandedString() == "$HIP/render/$HIPNAME.$OS.$F4.exr"
    assert rop.parm("vm_picture").eval() == (tmp_path / "render" / "test_parameters.mantra1.0001.exr").as_posix()
    with pytest.raises(hou.OperationFailed):
        rop.parm("f3").unexpandedString()
    assert rop.parmTuple("f").eval() == (1.0, 240.0, 1)
    with pytest.raises(TypeError):
        hou.node("/").setUserData("x", 1)
    with pytest.raises(hou.NotAvailable):
        hou.playbar.frameRange()
    assert hou.text.expandString("$JOB/x") == "/home/graham/Houdini-Toolbox/x"


def test_main_window_with_a_ui(host_fake):
    try:
        from qtpy import QtWidgets
    except Exception as exc:  # qtpy without a binding raises its own error type
        pytest.skip("no Qt binding here: %s" % exc)

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    window = QtWidgets.QMainWindow()
    state = host_fake("houdini", "test_parameters")
    state.ui = True
    state.main_window = window
    assert base.get_adapter("houdini").main_window() is window
    assert app is not None


# -- live vs file analysis ---------------------------------------------------------------------
def test_live_and_file_analysis_agree(host_fake, scenes_dir):
    file_spec = analyze_file(str(scenes_dir / "houdini" / "captainhammy__Houdini-Toolbox__test_parameters.hip"))
    host_fake("houdini", "test_parameters")
    live = base.get_adapter("houdini").collect()
    assert file_spec.host_version == live.host_version
    assert file_spec.frames == live.frames
    assert file_spec.fps == live.fps
    assert file_spec.renderer == live.renderer
    assert file_spec.output_pattern == live.output_pattern
    assert file_spec.image_format == live.image_format
    file_rops = {l.name: l for l in file_spec.layers}
    live_rops = {l.name: l for l in live.layers}
    assert set(file_rops) == set(live_rops)
    for name, rop in file_rops.items():
        if rop.node_type:
            assert rop.node_type == live_rops[name].node_type
        if rop.renderer:
            assert rop.renderer == live_rops[name].renderer
        if rop.cameras:
            assert rop.cameras == live_rops[name].cameras
        if rop.frames is not None:
            assert rop.frames == live_rops[name].frames
        if rop.output:
            assert rop.output == live_rops[name].output
        assert rop.renderable == live_rops[name].renderable
    assert sorted(a.path for a in file_spec.assets) == sorted(a.path for a in live.assets)
    assert {a.path for a in file_spec.assets if a.kind == AssetKind.HDA} == {a.path for a in live.assets if a.kind == AssetKind.HDA}


def test_a_driver_that_fails_to_evaluate_does_not_stop_the_rest(shot):
    # an expression referencing a channel that is gone: Houdini raises OperationFailed on eval()
    shot.nodes["/out/karma1"]["parms"]["f2"] = {"expr": 'ch("../gone/f2")'}
    spec = base.get_adapter("houdini").collect()
    assert "/out/karma1" not in [l.name for l in spec.layers]
    problems = [p for p in spec.problems if p.ref == "output driver /out/karma1"]
    assert len(problems) == 1 and "Unable to evaluate expression" in problems[0].message
    assert spec.renderer == "redshift"  # the next render driver leads now
    assert "/out/Redshift_ROP1" in [l.name for l in spec.layers]
