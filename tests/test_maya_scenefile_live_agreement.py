"""The Maya file analyser and the live adapter describe the same scene the same way.

A small render-setup scene is written as a .ma here, and the same scene is described for the
behavioural ``maya.cmds`` fake (tests/hostfakes/scenes/maya/rendersetup_agreement.json). Layer
names matter most: Renderbus's task.json keys Maya layers by renderLayer node names
(``defaultRenderLayer``, ``rs_beauty``), so both readers must give those, whichever one the
artist's submission came from.
"""

from __future__ import annotations

from pathlib import Path

from rb_dcc.adapters import base
from rb_dcc.adapters.maya._ma_reader import read_ma
from rb_dcc.adapters.maya._ma_scene import MayaSceneBuilder
from rb_dcc.adapters.maya.scenefile import analyze

RS_SMALL = r'''//Maya ASCII 2024 scene
//Name: rs_small.ma
requires maya "2024";
requires -nodeType "aiOptions" -nodeType "aiAOVDriver" "mtoa" "5.3.4.1";
requires -nodeType "renderSetupLayer" -nodeType "absUniqueOverride" "renderSetup.py" "1.0";
currentUnit -l centimeter -a degree -t pal;
fileInfo "product" "Maya 2024";
createNode transform -s -n "persp";
createNode camera -s -n "perspShape" -p "persp";
	setAttr -k off ".v" no;
	setAttr ".rnd" no;
createNode transform -n "shotCam";
createNode camera -n "shotCamShape" -p "shotCam";
	setAttr ".rnd" yes;
createNode renderLayer -n "defaultRenderLayer";
	setAttr ".g" yes;
	setAttr ".rndr" no;
createNode renderSetup -n "renderSetup";
createNode renderSetupLayer -n "beauty";
createNode renderLayer -n "rs_beauty";
createNode renderSetupLayer -n "fx";
	setAttr ".rndr" no;
createNode renderLayer -n "rs_fx";
	setAttr ".rndr" no;
createNode renderSetupLayer -n "bg";
createNode transform -n "rs_bg";
createNode renderLayer -n "rs_bg1";
createNode renderSettingsCollection -n "fxSettings";
createNode absUniqueOverride -n "fxStart";
	addAttr -ci true -sn "atv" -ln "attrValue" -at "time";
	setAttr ".atr" -type "string" "startFrame";
	setAttr ".tgName" -type "string" "defaultRenderGlobals";
	setAttr ".atv" 10;
createNode absUniqueOverride -n "fxEnd";
	addAttr -ci true -sn "atv" -ln "attrValue" -at "time";
	setAttr ".atr" -type "string" "endFrame";
	setAttr ".tgName" -type "string" "defaultRenderGlobals";
	setAttr ".atv" 20;
createNode absUniqueOverride -n "fxPrefix";
	addAttr -ci true -sn "atv" -ln "attrValue" -dt "string";
	setAttr ".atr" -type "string" "imageFilePrefix";
	setAttr ".tgName" -type "string" "defaultRenderGlobals";
	setAttr ".atv" -type "string" "fx/<Scene>";
createNode absUniqueOverride -n "fxOff";
	setAttr ".atr" -type "string" "startFrame";
	setAttr ".tgName" -type "string" "defaultRenderGlobals";
	setAttr ".atv" 500;
	setAttr ".en" no;
select -ne :time1;
	setAttr ".o" 1;
select -ne :defaultRenderGlobals;
	setAttr ".ren" -type "string" "arnold";
	setAttr ".an" yes;
	setAttr ".fs" 1;
	setAttr ".ef" 50;
	setAttr ".bfs" 1;
	setAttr ".ifp" -type "string" "<RenderLayer>/<Scene>";
select -ne :defaultResolution;
	setAttr ".w" 1280;
	setAttr ".h" 720;
select -ne :defaultArnoldDriver;
	setAttr ".ai_translator" -type "string" "png";
select -ne :defaultArnoldRenderOptions;
	setAttr ".renderDevice" 0;
connectAttr "rs_beauty.msg" "beauty.lrl";
connectAttr "rs_fx.msg" "fx.lrl";
connectAttr "rs_bg1.msg" "bg.lrl";
connectAttr "renderSetup.lit" "beauty.pls";
connectAttr "renderSetup.lit" "fx.pls";
connectAttr "renderSetup.lit" "bg.pls";
connectAttr "fx.lit" "fxSettings.pls";
connectAttr "fxSettings.lit" "fxStart.pls";
connectAttr "fxSettings.lit" "fxEnd.pls";
connectAttr "fxSettings.lit" "fxPrefix.pls";
connectAttr "fxSettings.lit" "fxOff.pls";
// End of rs_small.ma
'''

EXPECTED_LAYERS = [
    # name, node type, renderable, frames, output, renderer, cameras
    ("defaultRenderLayer", "renderLayer", False, "1-50", "<RenderLayer>/<Scene>", "arnold", ["shotCam"]),
    ("rs_beauty", "renderSetupLayer", True, "1-50", "<RenderLayer>/<Scene>", "arnold", ["shotCam"]),
    ("rs_fx", "renderSetupLayer", False, "10-20", "fx/<Scene>", "arnold", ["shotCam"]),
    ("rs_bg1", "renderSetupLayer", True, "1-50", "<RenderLayer>/<Scene>", "arnold", ["shotCam"]),
]


def _layers(spec):
    return [(l.name, l.node_type, l.renderable, str(l.frames), l.output, l.renderer, l.cameras) for l in spec.layers]


def _settings(spec):
    return {
        "renderer": spec.renderer,
        "renderer_version": spec.renderer_version,
        "render_device": spec.render_device,
        "frames": str(spec.frames),
        "fps": spec.fps,
        "output": spec.output_pattern,
        "image_format": spec.image_format,
        "resolution": (spec.resolution.width, spec.resolution.height),
        "cameras": sorted((c.name, c.renderable) for c in spec.cameras),
        "scene": Path(spec.scene_path),
    }


def _both(host_fake, tmp_path):
    scene = tmp_path / "scenes" / "rs_small.ma"
    scene.parent.mkdir(parents=True)
    scene.write_text(RS_SMALL, encoding="utf-8")
    from_file = analyze(str(scene))
    host_fake("maya", "rendersetup_agreement")
    live = base.get_adapter("maya").collect()
    return from_file, live


def test_file_and_live_name_layers_alike(host_fake, tmp_path):
    from_file, live = _both(host_fake, tmp_path)
    assert _layers(from_file) == EXPECTED_LAYERS
    assert _layers(live) == EXPECTED_LAYERS


def test_file_and_live_agree_on_render_settings(host_fake, tmp_path):
    from_file, live = _both(host_fake, tmp_path)
    assert _settings(from_file) == _settings(live)
    assert _settings(live) == {
        "renderer": "arnold", "renderer_version": "5.3.4.1", "render_device": "CPU", "frames": "1-50",
        "fps": 25.0, "output": "<RenderLayer>/<Scene>", "image_format": "png", "resolution": (1280, 720),
        "cameras": [("persp", False), ("shotCam", True)], "scene": tmp_path / "scenes" / "rs_small.ma",
    }


def test_every_reader_path_finds_the_layer_links(tmp_path):
    """The fast skipper keeps the ``.lrl`` connections, whatever the read chunk size."""
    path = tmp_path / "rs_small.ma"
    path.write_text(RS_SMALL, encoding="utf-8")
    for fast, chunk in ((True, 1 << 20), (False, 1 << 20), (True, 7), (False, 5)):
        b = MayaSceneBuilder(str(path), "ascii")
        with open(str(path), "rb") as fh:
            read_ma(fh, b, fast=fast, chunk_size=chunk)
        assert b.legacy_layers == {"beauty": "rs_beauty", "fx": "rs_fx", "bg": "rs_bg1"}, (fast, chunk)
        assert _layers(b.build()) == EXPECTED_LAYERS, (fast, chunk)


def test_a_setup_layer_without_its_link_falls_back_to_rs_name(tmp_path):
    """An older file without the ``.lrl`` connection: the layer still goes by ``rs_<name>``."""
    text = "\n".join(l for l in RS_SMALL.splitlines() if '.lrl"' not in l)
    scene = tmp_path / "old.ma"
    scene.write_text(text, encoding="utf-8")
    names = [l.name for l in analyze(str(scene)).layers]
    assert names == ["defaultRenderLayer", "rs_beauty", "rs_fx", "rs_bg"]


def test_one_set_of_tables_serves_both_readers():
    import subprocess
    import sys

    from rb_dcc.adapters.maya import _ma_scene, _tables, live

    assert live.RENDERER_PLUGINS is _tables.RENDERER_PLUGINS is _ma_scene.RENDERER_PLUGINS
    code = ("import sys, rb_dcc.adapters.maya._tables; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('maya', 'qtpy', 'PySide6', 'PySide2', 'PyQt5', 'PyQt6')]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)
    assert [_tables.fps_for_unit(u) for u in ("pal", "29.97df", "millisec", "120fps", "2.5fps", "bogus")] == [
        25.0, 30000 / 1001.0, 1000.0, 120.0, 2.5, None]


def test_image_format_rules_are_the_same_for_both():
    """Redshift's and the Maya globals' format codes read alike from a file and from a session."""
    from rb_dcc.adapters.maya._tables import image_format

    stored = {("redshiftOptions", "imageFormat"): 2.0, ("defaultRenderGlobals", "imageFormat"): 51,
              ("defaultRenderGlobals", "imfPluginKey"): "exr"}
    get = lambda node, attr: stored.get((node, attr))  # noqa: E731
    assert image_format("redshift", get) == "png"
    assert image_format("mayaSoftware", get) == "exr"
    assert image_format("arnold", get) == "exr"  # nothing set: Arnold's default driver
    assert image_format("redshift", lambda n, a: 99) == ""  # an unknown code is not guessed
    assert image_format("mayaHardware2", lambda n, a: None) == "iff"
