"""Maya scene files with no Maya: the corpus (read in place) and scenes written here with real files."""

from __future__ import annotations

import io
import os
import re
import struct

import pytest

from rb_dcc.adapters import analyze_file
from rb_dcc.adapters.maya._ma_lexer import MaSyntaxError, StatementReader, tokenize
from rb_dcc.adapters.maya._ma_reader import read_ma
from rb_dcc.adapters.maya._ma_scene import MayaSceneBuilder
from rb_dcc.adapters.maya._mb_reader import iter_chunks
from rb_dcc.adapters.maya.scenefile import analyze
from rb_dcc.scene import AssetKind, SceneFileError, Severity

# --- the corpus ------------------------------------------------------------------------------
# What each file holds, read from the files themselves (header, requires/PLUG, fileInfo/FINF,
# defaultRenderGlobals, cameras' .rnd, file -r). Plugins are {name: version}.
CORPUS = {
    "LumaPictures__pymel__skel.ma": dict(
        version="2008", renderer="mayaSoftware", plugins={}, refs=[], fps=25.0, frames="0",
        cameras={"persp": True, "top": False, "front": False, "side": False}, textures=0,
    ),
    "MakeThatMatt__ModelingClass__WhiteboxRoom.ma": dict(
        version="2025ff03", renderer="arnold", plugins={"stereoCamera": "10.0", "mtoa": "5.4.5"}, refs=[],
        fps=24.0, frames="18", cameras={"persp": True, "top": False, "front": False, "side": False, "camera1": False},
        textures=0,
    ),
    "MakeThatMatt__ModelingClass__test.mb": dict(
        version="2025ff03", renderer="arnold", plugins={"mtoa": "5.4.5"}, refs=[], fps=24.0, frames="1",
        cameras={"persp": True, "top": False, "front": False, "side": False}, textures=0,
    ),
    "kingmax__cppMaya__ConeAndSphereMeshTextured.ma": dict(
        version="5.0", renderer="mayaSoftware", plugins={}, refs=[], fps=24.0, frames="1",
        cameras={"persp": True, "top": False, "front": False, "side": False}, textures=0,
    ),
    "kingmax__cppMaya__MotionPathCone.ma": dict(
        version="4.0", renderer="mayaSoftware", plugins={"MayaMan_m4": "1.0.15"}, refs=[], fps=24.0, frames="1",
        cameras={"persp": True, "top": False, "front": False, "side": False}, textures=0,
    ),
    "kingmax__cppMaya__ParticleGrid.ma": dict(
        version="4.0", renderer="mayaSoftware", plugins={}, refs=[], fps=24.0, frames="1",
        cameras={"persp": True, "top": False, "front": False, "side": False}, textures=0,
    ),
    "kingmax__cppMaya__SphereMeshTextured.ma": dict(
        version="5.0", renderer="mayaSoftware", plugins={}, refs=[], fps=24.0, frames="1",
        cameras={"persp": True, "top": False, "front": False, "side": False}, textures=0,
    ),
    "kingmax__cppMaya__clock.ma": dict(
        version="2018ff09", renderer="arnold", plugins={"mtoa": "3.1.1.1"}, refs=[], fps=24.0, frames="1",
        cameras={"persp": True, "top": False, "front": False, "side": False}, textures=0,
    ),
    "kingmax__cppMaya__goRollingTest.ma": dict(
        version="2018ff09", renderer="arnold", plugins={"mtoa": "3.1.1.1", "GoRolling": "1.0"}, refs=[], fps=24.0,
        frames="1", cameras={"persp": True, "top": False, "front": False, "side": False}, textures=0,
    ),
    "kingmax__cppMaya__test.mb": dict(
        version="2018ff08", renderer="arnold", plugins={"mtoa": "3.0.0.2"}, refs=[], fps=24.0, frames="1",
        cameras={"persp": True, "top": False, "front": False, "side": False, "camera1": False}, textures=0,
    ),
    "kingmax__cppMaya__vol1_src_ref_Clock.ma": dict(
        version="4.0", renderer="mayaSoftware", plugins={}, refs=[], fps=24.0, frames="1",
        cameras={"persp": True, "top": False, "front": False, "side": False}, textures=0,
    ),
    "maciejgryka__shadow-gen__scene.mb": dict(
        version="2013", renderer="mentalRay", plugins={"Mayatomr": "2013.0 - 3.10.1.4", "stereoCamera": "10.0"},
        refs=[], fps=24.0, frames="1",
        cameras={"persp": True, "top": False, "front": False, "side": False, "renderCam": False}, textures=340,
    ),
    "stringnotfound1__MayaModels__head_1.mb": dict(
        version="2017", renderer="arnold", plugins={}, refs=[], fps=24.0, frames="1",
        cameras={"persp": True, "top": False, "front": False, "side": False}, textures=0,
    ),
    "stringnotfound1__MayaModels__player_1.mb": dict(
        version="2018", renderer="arnold", plugins={}, refs=[], fps=24.0, frames="1",
        cameras={"persp": True, "top": False, "front": False, "side": False}, textures=0,
    ),
    "stringnotfound1__MayaModels__ufo_2.mb": dict(
        version="2018", renderer="arnold", plugins={}, refs=[], fps=24.0, frames="1",
        cameras={"persp": True, "top": False, "front": False, "side": False}, textures=0,
    ),
    "zclongpop123__asset_exporter__ball.ma": dict(
        version="2018ff09", renderer="mayaSoftware", plugins={}, refs=[], fps=24.0, frames="1", cameras={},
        textures=0,
    ),
    "zclongpop123__asset_exporter__test_scene1.ma": dict(
        version="2018ff09", renderer="mayaSoftware", plugins={"stereoCamera": "10.0"},
        refs=["D:/work/asset_exporter/example/ball.ma"], fps=24.0, frames="1",
        cameras={"camera1": False, "camera2": False}, textures=0,
    ),
    "zclongpop123__asset_exporter__test_scene2.ma": dict(
        version="2018ff09", renderer="mayaSoftware", plugins={"stereoCamera": "10.0"},
        refs=["D:/work/asset_exporter/example/ball.ma"], fps=24.0, frames="1",
        cameras={"camera1": False, "camera2": False}, textures=0,
    ),
}


def test_corpus_list_matches_the_folder(scenes_dir):
    present = sorted(p.name for p in (scenes_dir / "maya").iterdir() if p.suffix in (".ma", ".mb"))
    assert present == sorted(CORPUS)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_file(scenes_dir, name):
    want = CORPUS[name]
    path = scenes_dir / "maya" / name
    spec = analyze_file(str(path))
    assert spec.host.value == "maya" and spec.analyser == "maya.scenefile"
    assert spec.host_version == want["version"]
    assert spec.renderer == want["renderer"]
    assert {p.name: p.version for p in spec.plugins} == want["plugins"]
    renderer_plugin = {"arnold": "mtoa", "mentalRay": "Mayatomr"}.get(spec.renderer)
    if renderer_plugin in want["plugins"]:
        assert spec.renderer_version == want["plugins"][renderer_plugin]
    refs = [a for a in spec.assets if a.kind == AssetKind.REFERENCE]
    assert sorted({a.path for a in refs}) == want["refs"]
    for a in refs:  # Windows paths cannot exist here: missing, never a crash
        assert not a.exists and a.missing
    assert spec.fps == want["fps"]
    assert str(spec.frames) == want["frames"]
    assert {c.name: c.renderable for c in spec.cameras} == want["cameras"]
    textures = [a for a in spec.assets if a.kind == AssetKind.TEXTURE]
    assert len(textures) == want["textures"]
    assert [layer.name for layer in spec.layers] == ["defaultRenderLayer"]
    raw = path.read_bytes()
    if name.endswith(".mb"):
        # independent check: the version and plug-ins straight from the VERS / PLUG chunk bytes
        assert raw[:4] in (b"FOR4", b"FOR8")
        assert want["version"].encode() in raw[:200]
        for plug, version in want["plugins"].items():
            assert plug.encode() + b"\0" + version.encode() in raw
        assert len(set(re.findall(rb"ftn\x00.([^\x00]+)", raw))) == want["textures"]
    else:
        assert raw.startswith(b"//Maya ASCII " + want["version"].encode() + b" scene")


def test_whitebox_room_ocio_config_is_maya_resources_not_a_missing_file(scenes_dir):
    spec = analyze(str(scenes_dir / "maya" / "MakeThatMatt__ModelingClass__WhiteboxRoom.ma"))
    assert not [a for a in spec.assets if "MAYA_RESOURCES" in a.path]
    assert any("<MAYA_RESOURCES>/OCIO-configs/Maya2022-default/config.ocio" in p.message for p in spec.problems)
    assert spec.render_device == "CPU"
    assert spec.image_format == "exr"


def test_shadow_gen_render_settings(scenes_dir):
    spec = analyze(str(scenes_dir / "maya" / "maciejgryka__shadow-gen__scene.mb"))
    assert (spec.resolution.width, spec.resolution.height) == (512, 512)
    assert spec.image_format == "png"
    assert spec.output_pattern == "C:\\Work\\research\\shadow_removal\\shadow_gen\\output\\<Scene>"
    first = spec.assets[0]
    assert first.path == "C:/Work/research/shadow_removal/shadow_gen/contours/001_0043.jpg.png"
    assert first.node == "_0043_file.ftn" and not first.exists
    assert sum(1 for p in spec.problems if p.code == "10012") == 21  # 20 named, then a count


def test_references_are_deferred_and_deduplicated(scenes_dir):
    spec = analyze(str(scenes_dir / "maya" / "zclongpop123__asset_exporter__test_scene2.ma"))
    refs = [a for a in spec.assets if a.kind == AssetKind.REFERENCE]
    assert len(refs) == 1 and "deferred" in refs[0].note and refs[0].node == "rigRN"


def test_fast_and_full_tokenizing_agree_on_the_corpus(scenes_dir):
    for path in sorted((scenes_dir / "maya").glob("*.ma")):
        results = []
        for fast, chunk in ((True, 1 << 22), (False, 1 << 22), (True, 97), (False, 4093)):
            b = MayaSceneBuilder(str(path), "ascii")
            with open(str(path), "rb") as fh:
                read_ma(fh, b, fast=fast, chunk_size=chunk)
            spec = b.build()
            results.append((spec.model_dump(), b.path_values(), b.references, b.file_info))
        assert all(r == results[0] for r in results[1:]), path.name


def test_reference_recursion_into_an_existing_scene(scenes_dir, tmp_path):
    ball = scenes_dir / "maya" / "zclongpop123__asset_exporter__ball.ma"
    shot = tmp_path / "shot.ma"
    shot.write_text(
        '//Maya ASCII 2024 scene\n'
        'file -r -ns "ball" -rfn "ballRN" -typ "mayaAscii" "%s";\n'
        'file -r -ns "ball1" -rfn "ballRN1" -typ "mayaAscii" "%s{1}";\n'
        'requires maya "2024";\nrequires "mtoa" "5.3.4";\n'
        'createNode camera -n "shotCamShape" -p "shotCam";\n'
        '// End of shot.ma\n' % (str(ball).replace("\\", "/"), str(ball).replace("\\", "/"))
    )
    spec = analyze(str(shot))
    ref = [a for a in spec.assets if a.kind == AssetKind.REFERENCE]
    assert len(ref) == 2 and all(r.exists and r.size == ball.stat().st_size for r in ref)
    assert ref[1].path.endswith("ball.ma{1}") and ref[1].resolved == ref[0].resolved  # copy number
    assert ref[0].node == "ballRN"
    assert spec.plugin_version("mtoa") == "5.3.4"


def test_reference_cycles_and_nesting(tmp_path):
    a, b, c = tmp_path / "a.ma", tmp_path / "b.ma", tmp_path / "c.mb"
    tex = tmp_path / "tex.png"
    tex.write_bytes(b"png")
    a.write_text('//Maya ASCII 2024 scene\nfile -r -ns "b" -rfn "bRN" "b.ma";\n// End of a.ma\n')
    b.write_text(
        '//Maya ASCII 2024 scene\nfile -r -ns "a" -rfn "aRN" "%s";\nrequires "redshift4maya" "3.5.1";\n'
        'createNode file -n "f1";\n\tsetAttr ".ftn" -type "string" "tex.png";\n'
        'createNode camera -n "cShape" -p "cam";\n// End of b.ma\n' % str(a)
    )
    spec = analyze(str(a))
    assert spec.plugin_version("redshift4maya") == "3.5.1"
    assert any("cycle" in p.message for p in spec.problems)
    texs = [x for x in spec.assets if x.kind == AssetKind.TEXTURE]
    assert len(texs) == 1 and texs[0].exists and texs[0].node == "b:f1.ftn"
    assert "b:cam" in [cam.name for cam in spec.cameras]


# --- a scene written here, with real files ----------------------------------------------------

def _touch(path, data=b"x"):
    os.makedirs(os.path.dirname(str(path)), exist_ok=True)
    with open(str(path), "wb") as fh:
        fh.write(data)


SCENE = r'''//Maya ASCII 2024ff01 scene
//Name: shot.ma
//Codeset: UTF-8
requires maya "2024ff01";
requires -nodeType "aiStandIn" -nodeType "aiImage" -nodeType "aiVolume"
		 "mtoa" "5.3.4.1";
requires -nodeType "RedshiftProxyMesh" "redshift4maya" "3.5.19";
requires "AbcImport" "1.0";
currentUnit -l centimeter -a degree -t ntsc;
fileInfo "application" "maya";
fileInfo "product" "Maya 2024";
fileInfo "version" "2024";
fileInfo "cutIdentifier" "202302170737-4500172811";
fileInfo "comment" "a \"quoted\" ; semicolon // not a comment";
/* a block comment
   createNode file -n "notANode"; */
createNode transform -s -n "persp";
createNode camera -s -n "perspShape" -p "persp";
	setAttr -k off ".v" no;
	setAttr ".rnd" no;
createNode transform -n "shotCam";
createNode camera -n "shotCamShape" -p "shotCam";
	setAttr ".imn" -type "string" "shotCam";
createNode camera -n "witnessShape" -p "witness";
	setAttr ".rnd" yes;
createNode mesh -n "bigShape" -p "big";
	setAttr -s 4 ".vt[0:3]"  -0.5 -0.5 0.5 0.5 -0.5 0.5
		 -0.5 0.5 0.5 0.5 0.5 0.5;
	setAttr ".ftn" -type "string" "not/a/texture/of/a/mesh.png";
createNode file -n "diffuse";
	setAttr ".ftn" -type "string" "sourceimages/wood/diffuse.<UDIM>.exr";
	setAttr ".uvt" 3;
createNode file -n "mari";
	setAttr ".ftn" -type "string" "sourceimages/skin/skin.1001.tx";
	setAttr ".uvt" 3;
createNode file -n "seq";
	setAttr ".ftn" -type "string" // a comment inside a statement
		"sourceimages/seq/frame.0001.png";
	setAttr ".ufe" yes;
createNode file -n "longname";
	setAttr ".fileTextureName" -type "string" ("sourceimages/" +
		"long.png");
createNode file -n "gone";
	setAttr ".ftn" -type "string" "D:/textures/gone.png";
createNode file -n "esc";
	setAttr ".ftn" -type "string" "sourceimages/we\"ird;name.png";
createNode aiStandIn -n "standInShape" -p "standIn";
	setAttr ".dso" -type "string" "cache/crowd.####.ass.gz";
createNode aiImage -n "aiImage1";
	setAttr ".filename" -type "string" "$TEXROOT/hdr/sky.hdr";
createNode aiVolume -n "vol";
	setAttr ".filename" -type "string" "cache/smoke.vdb";
createNode RedshiftProxyMesh -n "rsProxy";
	setAttr ".fn" -type "string" "cache/tree.rs";
createNode VRayMesh -n "vrmesh";
	setAttr ".fn" -type "string" "cache/rock.vrmesh";
createNode gpuCache -n "gpuShape" -p "gpu";
	setAttr ".cfn" -type "string" "cache/city.abc";
createNode AlembicNode -n "abcNode";
	setAttr ".fn" -type "string" "cache/anim.abc";
createNode cacheFile -n "clothCache";
	setAttr ".cp" -type "string" "cache/nCache";
	setAttr ".cn" -type "string" "clothShape";
createNode audio -n "music";
	setAttr ".f" -type "string" "sound/music.wav";
createNode imagePlane -n "planeShape" -p "plane";
	setAttr ".imn" -type "string" "sourceimages/plate.jpg";
createNode xgmPalette -n "hair";
	setAttr ".xfn" -type "string" "shot__hair.xgen";
createNode pgYetiMaya -n "furShape" -p "fur";
	setAttr ".cfn" -type "string" "cache/fur.%04d.fur";
createNode RedshiftDomeLight -n "domeShape" -p "dome";
	setAttr ".tex0" -type "string" "sourceimages/dome.hdr";
createNode renderLayer -n "defaultRenderLayer";
	setAttr ".g" yes;
	setAttr ".rndr" no;
createNode renderSetupLayer -n "beauty";
createNode renderLayer -n "rs_beauty";
createNode renderSetupLayer -n "shadow";
createNode renderLayer -n "rs_shadow";
	setAttr ".rndr" no;
select -ne :time1;
	setAttr ".o" 1001;
select -ne :defaultRenderGlobals;
	setAttr ".ren" -type "string" "arnold";
	setAttr ".an" yes;
	setAttr ".fs" 1001;
	setAttr ".ef" 1100;
	setAttr ".bfs" 2;
	setAttr ".ifp" -type "string" "<Scene>/<RenderLayer>/<Scene>";
select -ne :defaultResolution;
	setAttr ".w" 1920;
	setAttr ".h" 1080;
select -ne :defaultArnoldDriver;
	setAttr ".ai_translator" -type "string" "tif";
select -ne :defaultArnoldRenderOptions;
	setAttr ".renderDevice" 1;
select -ne :defaultColorMgtGlobals;
	setAttr ".cfe" yes;
	setAttr ".cfp" -type "string" "color/studio.ocio";
connectAttr "diffuse.oc" "lambert1.c";
// End of shot.ma
'''


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    _touch(root / "workspace.mel", b'workspace -fr "images" "images";\n')
    for tile in (1001, 1002, 1011):
        _touch(root / "sourceimages" / "wood" / ("diffuse.%d.exr" % tile), b"e" * 10)
    for tile in (1001, 1002):
        _touch(root / "sourceimages" / "skin" / ("skin.%d.tx" % tile), b"t" * 3)
    for f in (1, 2, 3):
        _touch(root / "sourceimages" / "seq" / ("frame.%04d.png" % f))
    _touch(root / "sourceimages" / "long.png")
    _touch(root / "sourceimages" / 'we"ird;name.png')
    for f in (1, 2):
        _touch(root / "cache" / ("crowd.%04d.ass.gz" % f))
        _touch(root / "cache" / ("fur.%04d.fur" % f))
    for name in ("smoke.vdb", "tree.rs", "rock.vrmesh", "city.abc", "anim.abc"):
        _touch(root / "cache" / name, b"c" * 4)
    _touch(root / "cache" / "nCache" / "clothShape.xml")
    _touch(root / "sound" / "music.wav")
    _touch(root / "sourceimages" / "plate.jpg")
    _touch(root / "sourceimages" / "dome.hdr")
    _touch(root / "color" / "studio.ocio")
    _touch(root / "tex" / "hdr" / "sky.hdr", b"h" * 5)
    monkeypatch.setenv("TEXROOT", str(root / "tex"))
    scene = root / "scenes" / "shot.ma"
    _touch(scene, SCENE.encode("utf-8"))
    _touch(root / "scenes" / "shot__hair.xgen")
    return root, scene


def test_written_scene_render_settings(project):
    root, scene = project
    spec = analyze(str(scene))
    assert spec.project_path == str(root)
    assert spec.host_version == "2024ff01"
    assert spec.renderer == "arnold" and spec.renderer_version == "5.3.4.1" and spec.render_device == "GPU"
    assert {p.name: p.version for p in spec.plugins} == {"mtoa": "5.3.4.1", "redshift4maya": "3.5.19", "AbcImport": "1.0"}
    assert str(spec.frames) == "1001-1100[2]" and spec.fps == 30.0
    assert (spec.resolution.width, spec.resolution.height) == (1920, 1080)
    assert spec.image_format == "tif" and spec.output_pattern == "<Scene>/<RenderLayer>/<Scene>"
    assert {c.name: c.renderable for c in spec.cameras} == {"persp": False, "shotCam": True, "witness": True}
    assert [(l.name, l.renderable, l.node_type) for l in spec.layers] == [
        ("defaultRenderLayer", False, "renderLayer"),
        ("rs_beauty", True, "renderSetupLayer"),
        ("rs_shadow", False, "renderSetupLayer"),
    ]
    assert spec.layers[1].cameras == ["shotCam", "witness"] and str(spec.layers[1].frames) == "1001-1100[2]"


def test_written_scene_every_path_attribute(project):
    root, scene = project
    spec = analyze(str(scene))
    by_node = {a.node: a for a in spec.assets}
    assert "bigShape.ftn" not in by_node  # a mesh has no texture path, whatever it says
    udim = by_node["diffuse.ftn"]
    assert udim.exists and udim.sequence and len(udim.resolved) == 3 and udim.size == 30
    mari = by_node["mari.ftn"]  # uvTilingMode 3 turns the 1001 in the name into a UDIM token
    assert mari.path == "sourceimages/skin/skin.<UDIM>.tx" and len(mari.resolved) == 2
    seq = by_node["seq.ftn"]  # useFrameExtension: the frame number becomes a token
    assert seq.path == "sourceimages/seq/frame.<f>.png" and len(seq.resolved) == 3
    assert by_node["longname.fileTextureName"].exists  # "a" + "b" concatenation
    assert by_node["esc.ftn"].path == 'sourceimages/we"ird;name.png' and by_node["esc.ftn"].exists
    gone = by_node["gone.ftn"]
    assert not gone.exists and "Windows path" in gone.note
    kinds = {
        "standInShape.dso": (AssetKind.PROXY, 2),
        "aiImage1.filename": (AssetKind.TEXTURE, 1),
        "vol.filename": (AssetKind.VOLUME, 1),
        "rsProxy.fn": (AssetKind.PROXY, 1),
        "vrmesh.fn": (AssetKind.PROXY, 1),
        "gpuShape.cfn": (AssetKind.CACHE, 1),
        "abcNode.fn": (AssetKind.CACHE, 1),
        "music.f": (AssetKind.SOUND, 1),
        "planeShape.imn": (AssetKind.TEXTURE, 1),
        "hair.xfn": (AssetKind.OTHER, 1),
        "furShape.cfn": (AssetKind.CACHE, 2),
        "domeShape.tex0": (AssetKind.TEXTURE, 1),
        "defaultColorMgtGlobals.cfp": (AssetKind.COLOR, 1),
    }
    for node, (kind, count) in kinds.items():
        asset = by_node[node]
        assert asset.kind == kind, node
        assert asset.exists and len(asset.resolved) == count, (node, asset)
    assert "shotCamShape.imn" not in by_node  # a camera's image name is not a file
    cache = [a for a in spec.assets if a.node == "clothCache.cachePath"]
    assert [a.exists for a in cache] == [True, False]  # the .xml exists; the .mc data does not
    missing = {p.ref for p in spec.problems if p.code == "10012"}
    assert missing == {"gone.ftn", "clothCache.cachePath"}


def test_written_scene_is_read_the_same_in_tiny_chunks(project):
    _root, scene = project
    results = []
    for fast, chunk in ((True, 1 << 22), (False, 1), (True, 3), (False, 64)):
        b = MayaSceneBuilder(str(scene), "ascii")
        with open(str(scene), "rb") as fh:
            read_ma(fh, b, fast=fast, chunk_size=chunk)
        results.append((b.build().model_dump(), b.path_values(), b.file_info))
    assert all(r == results[0] for r in results[1:])
    assert results[0][2]["comment"] == 'a "quoted" ; semicolon // not a comment'


# --- the tokenizer --------------------------------------------------------------------------------

def test_tokenize_flags_strings_words():
    cmd, args = tokenize(b'setAttr -k off ".t" -type "double3" 1 -2.5e-3 3 ;')
    assert cmd == "setAttr"
    assert [(a.kind, a.value) for a in args] == [
        ("f", "-k"), ("w", "off"), ("s", ".t"), ("f", "-type"), ("s", "double3"), ("w", "1"), ("w", "-2.5e-3"), ("w", "3"),
    ]
    _, args = tokenize(b'fileInfo "a\\\\b" "tab\\there\\nnl";')
    assert [a.value for a in args] == ["a\\b", "tab\there\nnl"]


def test_statements_keep_their_line_numbers():
    text = b'requires maya "2024";\n\n// c\ncreateNode file\n   -n "f";\nselect -ne :time1;'
    stmts = list(StatementReader(io.BytesIO(text), chunk_size=5, fast=False))
    assert [(s.command, s.line) for s in stmts] == [("requires", 1), ("createNode", 4), ("select", 6)]


def test_unterminated_string_names_its_line():
    with pytest.raises(MaSyntaxError) as exc:
        list(StatementReader(io.BytesIO(b'requires maya "2024";\nfileInfo "a" "never ends;\n'), chunk_size=4))
    assert exc.value.line == 2


def test_huge_statement_keeps_only_its_head_and_bounded_memory():
    big = b'setAttr ".vt[0:99999]" ' + b"0.125 " * 400000 + b";\nrequires maya \"2024\";\n"
    reader = StatementReader(io.BytesIO(big), chunk_size=1 << 16, max_kept=1 << 14, fast=False)
    stmts = list(reader)
    assert stmts[0].truncated and stmts[0].command == "setAttr" and stmts[0].args[0].value == ".vt[0:99999]"
    assert stmts[1].command == "requires" and stmts[1].line == 2
    assert len(reader._buf) < (1 << 16) + (1 << 15)


def test_comment_without_newline_at_the_end():
    stmts = list(StatementReader(io.BytesIO(b'requires maya "1";\n// End of x.ma'), chunk_size=7))
    assert [s.command for s in stmts] == ["requires"]


# --- binary files written here ----------------------------------------------------------------------

def _chunk(tag: bytes, data: bytes, wide: bool) -> bytes:
    if wide:
        pad = (-len(data)) % 8
        return tag + b"\0\0\0\0" + struct.pack(">Q", len(data)) + data + b"\0" * pad
    pad = (-len(data)) % 4
    return tag + struct.pack(">I", len(data)) + data + b"\0" * pad


def _group(tag: bytes, form: bytes, children: bytes, wide: bool) -> bytes:
    body = form + children
    if wide:
        return tag + b"\0\0\0\0" + struct.pack(">Q", len(body)) + body
    return tag + struct.pack(">I", len(body)) + body


def _mb(wide: bool, ticks_per_second: int) -> bytes:
    F = b"FOR8" if wide else b"FOR4"
    head = b"".join([
        _chunk(b"VERS", b"2024", wide),
        _chunk(b"TUNI", b"film", wide),
        _chunk(b"TDUR", str(ticks_per_second).encode(), wide),
        _chunk(b"FINF", b"product\0Maya 2024\0", wide),
        _chunk(b"PLUG", b"mtoa\x005.3.4.1\0", wide),
        _chunk(b"FREF", b"D:/assets/chair.mb\0chairRN\0", wide),
    ])
    per_frame = ticks_per_second // 24

    def time(attr: bytes, frame: int) -> bytes:
        if wide:
            return _chunk(b"DBLE", attr + b"\0 " + struct.pack(">q", frame * per_frame), wide)
        return _chunk(b"DBLE", attr + b"\0 " + struct.pack(">i", frame * per_frame), wide)

    nodes = [
        _group(F, b"DCAM", _chunk(b"CREA", b"\x05camShape\0cam\0", wide) + _chunk(b"DBLE", b"rnd\0 " + struct.pack(">d", 1.0), wide), wide),
        _group(F, b"RTFT", _chunk(b"CREA", b"\x00wood\0", wide) + _chunk(b"STR ", b"ftn\0 /textures/wood.png\0", wide), wide),
        _group(F, b"\x00\x10\x51\x04", _chunk(b"CREA", b"\x04crowdShape\0crowd\0", wide) + _chunk(b"STR ", b"dso\0 /cache/crowd.####.ass\0", wide), wide),
        _group(F, b"\x00\x12\x34\x56", _chunk(b"CREA", b"\x00abc\0", wide) + _chunk(b"STR ", b"fn\0 /cache/a.abc\0", wide), wide),
        _group(F, b"SLCT", _chunk(b"SLCT", b":hardwareRenderGlobals", wide) + _chunk(b"STR ", b"fn\0 im\0", wide), wide),
        _group(F, b"SLCT", _chunk(b"SLCT", b":defaultRenderGlobals", wide)
               + _chunk(b"STR ", b"ren\0 arnold\0", wide)
               + _chunk(b"DBLE", b"an\0 " + struct.pack(">d", 1.0), wide)
               + time(b"fs", 5) + time(b"ef", 25), wide),
        _group(b"LIS8" if wide else b"LIS4", b"CONS", _group(F, b"CONN", _chunk(b"RELA", b"x\0", wide), wide), wide),
    ]
    return _group(F, b"Maya", _group(F, b"HEAD", head, wide) + b"".join(nodes), wide)


@pytest.mark.parametrize("wide, tps", [(False, 6000), (True, 141120000)])
def test_binary_written_here(tmp_path, wide, tps):
    data = _mb(wide, tps)
    path = tmp_path / "shot.mb"
    path.write_bytes(data)
    tags = [(d, t, f) for d, t, f, _o, _s in iter_chunks(io.BytesIO(data))]
    assert (1, b"FOR8" if wide else b"FOR4", b"HEAD") in tags
    spec = analyze(str(path))
    assert spec.host_version == "2024" and spec.renderer == "arnold" and spec.renderer_version == "5.3.4.1"
    assert str(spec.frames) == "5-25"
    assert [(c.name, c.renderable) for c in spec.cameras] == [("cam", True)]
    by_node = {a.node: a for a in spec.assets}
    assert by_node["wood.ftn"].path == "/textures/wood.png" and by_node["wood.ftn"].kind == AssetKind.TEXTURE
    assert by_node["crowdShape.dso"].kind == AssetKind.PROXY and by_node["crowdShape.dso"].sequence
    assert by_node["abc.fn"].kind == AssetKind.CACHE
    assert by_node["chairRN"].kind == AssetKind.REFERENCE and by_node["chairRN"].path == "D:/assets/chair.mb"
    assert not any(a.path == "im" for a in spec.assets)


def test_binary_truncated_and_corrupt(tmp_path):
    data = _mb(True, 141120000)
    cut = tmp_path / "cut.mb"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(SceneFileError) as exc:
        analyze(str(cut))
    assert "cut.mb" in str(exc.value) and "truncated" in str(exc.value)
    bad = bytearray(data)
    bad[0x20:0x28] = struct.pack(">Q", 1 << 40)  # HEAD group claims a terabyte
    (tmp_path / "bad.mb").write_bytes(bytes(bad))
    with pytest.raises(SceneFileError, match="past the end"):
        analyze(str(tmp_path / "bad.mb"))


# --- files that are not what they say ----------------------------------------------------------------

@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "empty"),
        (b"BLENDER-v293RENDH", "Blender"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "OLE"),
        (b"\x00\x01\x02garbage", "not a Maya scene"),
        (b'//Maya ASCII 2024 scene\nfileInfo "x" "never closed;\n', "truncated or damaged"),
    ],
)
def test_not_a_maya_scene(tmp_path, content, words):
    path = tmp_path / "x.ma"
    path.write_bytes(content)
    with pytest.raises(SceneFileError) as exc:
        analyze(str(path))
    assert str(path) in str(exc.value) and words in str(exc.value)


def test_folder_and_absent(tmp_path):
    with pytest.raises(SceneFileError, match="folder"):
        analyze(str(tmp_path))
    with pytest.raises(SceneFileError, match="does not exist"):
        analyze(str(tmp_path / "nope.mb"))


def test_binary_content_with_ascii_extension(tmp_path):
    path = tmp_path / "really_binary.ma"
    path.write_bytes(_mb(False, 6000))
    spec = analyze(str(path))
    assert spec.renderer == "arnold"
    assert any("named .ma" in p.message and p.severity == Severity.NOTICE for p in spec.problems)


def test_cut_ascii_file_is_reported(tmp_path, project):
    _root, scene = project
    text = scene.read_bytes()
    cut = tmp_path / "cut.ma"
    cut.write_bytes(text[: text.index(b"createNode renderLayer")])
    spec = analyze(str(cut))  # it ends between statements: readable, but flagged
    assert any("truncated" in p.message for p in spec.problems)


# --- the fast reader agrees with full tokenizing on nasty generated text ---------------------------

_TYPES = ["file", "file", "file", "camera", "mesh", "transform", "place2dTexture", "aiStandIn", "renderLayer", "lambert", "audio"]
_ATTRS = ["ftn", "ftn", "ftn", "dso", "rnd", "rndr", "f", "vt[0:3]", "cs", "c", "imn", "uvt"]
_NASTY = [
    "a;b", 'q\\"uote', "select -ne :time1;", 'createNode file -n \\"x\\";', "// not a comment", "/* nor this */",
    "back\\\\slash", "sourceimages/t.<UDIM>.exr", "D:\\\\win\\\\path.png", "plain.png", "",
]


def _random_scene(rng) -> bytes:
    out = ['//Maya ASCII 2024 scene\nrequires maya "2024";\nrequires "mtoa" "5.0";\n']
    for i in range(rng.randint(20, 120)):
        r = rng.random()
        if r < 0.2:
            out.append('createNode %s -n "n%d"%s;\n' % (rng.choice(_TYPES), i, rng.choice(["", ' -p "p%d"' % i, " -s"])))
            out.append('\tsetAttr ".ftn" -type "string" "t%d.png";\n' % i)
        elif r < 0.55:
            value = rng.choice(_NASTY)
            flags = rng.choice(["", "-k on ", "-l on -k off ", "-av "])
            out.append('\tsetAttr %s".%s" -type "string" "%s";\n' % (flags, rng.choice(_ATTRS), value))
        elif r < 0.65:
            nums = " ".join("%g" % rng.uniform(-9, 9) for _ in range(rng.randint(1, 40)))
            out.append('\tsetAttr ".%s" %s\n\t\t%s;\n' % (rng.choice(_ATTRS), nums[:20], nums))
        elif r < 0.72:
            out.append("// comment with \"quote and ; and createNode file -n \"c\";\n")
        elif r < 0.76:
            out.append("/* block ; \" */ ")
        elif r < 0.82:
            out.append('connectAttr "n%d.oc" "n%d.c" -na;\n' % (i, i + 1))
        elif r < 0.88:
            out.append("select -ne :%s;\n" % rng.choice(["defaultRenderGlobals", "time1", "defaultResolution", "n3"]))
        elif r < 0.93:
            out.append('setAttr "n%d.%s" -type "string" "%s";\n' % (rng.randrange(i + 1), rng.choice(_ATTRS), rng.choice(_NASTY)))
        else:
            out.append('\tsetAttr ".%s" %s;\n' % (rng.choice(["an", "fs", "ef", "rnd", "uvt"]), rng.choice(["yes", "no", "1", "12", "3.5"])))
    out.append('createNode file -n "last";\n\tsetAttr ".ftn" -type "string" "%s";\n' % rng.choice(_NASTY[:-1]))
    out.append("// End of x.ma\n")
    return "".join(out).encode()


@pytest.mark.parametrize("seed", range(40))
def test_fast_reader_agrees_with_full_tokenizing(tmp_path, seed):
    import random

    data = _random_scene(random.Random(seed))
    path = tmp_path / "x.ma"
    path.write_bytes(data)
    results = []
    for fast, chunk in ((True, 1 << 20), (False, 1 << 20), (True, 7), (True, 61), (False, 13)):
        b = MayaSceneBuilder(str(path), "ascii")
        with open(str(path), "rb") as fh:
            read_ma(fh, b, fast=fast, chunk_size=chunk)
        results.append((b.build().model_dump(), b.path_values(), b.references))
    for r in results[1:]:
        assert r == results[0]
    assert results[0][1]  # the text does name files (so the comparison means something)


def test_large_file_streams_in_bounded_memory(tmp_path):
    import tracemalloc

    path = tmp_path / "huge.ma"
    row = " ".join("%.6f" % (i * 0.37) for i in range(498))
    with open(str(path), "w") as fh:
        fh.write('//Maya ASCII 2024 scene\nrequires maya "2024";\ncreateNode mesh -n "m";\n')
        n = 0
        while fh.tell() < 24 * 1024 * 1024:
            fh.write('\tsetAttr ".vt[%d:%d]" %s\n\t\t%s;\n' % (n, n + 165, row[:100], row))
            n += 166
        fh.write('createNode file -n "late";\n\tsetAttr ".ftn" -type "string" "late.png";\n// End of huge.ma\n')
    tracemalloc.start()
    try:
        spec = analyze(str(path))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [a.path for a in spec.assets] == ["late.png"]
    assert peak < 16 * 1024 * 1024, "peak %d bytes for a 24 MB file: not streaming" % peak


class _CountingReader(io.BufferedReader):
    """A real buffered file that counts the reads the lexer makes."""

    reads = 0

    def read(self, size=-1):
        self.reads += 1
        return super().read(size)


def test_a_long_statement_is_read_in_growing_chunks(tmp_path):
    """Small reads keep each chunk in the CPU cache; a statement longer than one chunk must then
    grow the reads, or every small read would copy the whole statement kept so far."""
    path = tmp_path / "long.ma"
    numbers = " ".join("%.5f" % (i * 0.37) for i in range(200000))  # ~1.7 MB
    path.write_text(
        '//Maya ASCII 2024 scene\ncreateNode mesh -n "m";\n\tsetAttr ".vt[0:66666]" ' + numbers + ";\n"
        'createNode file -n "f";\n\tsetAttr ".cs" ' + numbers + ';\n\tsetAttr ".ftn" -type "string" "f.png";\n'
        "// End of long.ma\n"
    )
    size = path.stat().st_size
    for fast in (True, False):
        b = MayaSceneBuilder(str(path), "ascii")
        with _CountingReader(io.FileIO(str(path), "rb")) as fh:
            read_ma(fh, b, fast=fast, chunk_size=4096)
            reads = fh.reads
        assert [p for p, _k, _n in b.path_values()] == ["f.png"]
        assert reads < 120, "%d reads of a %d-byte file in 4 KiB chunks: reads do not grow" % (reads, size)


def test_trouble_far_ahead_does_not_make_the_reader_quadratic(tmp_path):
    """Many small statements of no interest, then a string with '/' and '\\' (a script node),
    then a node of interest: the reader must stay linear."""
    import time

    path = tmp_path / "s.ma"
    with open(str(path), "w") as fh:
        fh.write('//Maya ASCII 2024 scene\ncreateNode mesh -n "m";\n')
        for i in range(60000):
            fh.write('\tsetAttr ".pt[%d]" 1 2 3;\n' % i)
        fh.write('createNode script -n "ui";\n\tsetAttr ".b" -type "string" "// a\\\\b /c ; \\" select x;";\n')
        for i in range(60000):
            fh.write('connectAttr "a%d.o" "b%d.i";\n' % (i, i))
        fh.write('createNode file -n "tex";\n\tsetAttr ".ftn" -type "string" "t.png";\n// End of s.ma\n')
    start = time.monotonic()
    spec = analyze(str(path))
    assert [a.path for a in spec.assets] == ["t.png"]
    assert time.monotonic() - start < 5  # a quadratic reader takes far longer here


RENDER_SETUP = r'''//Maya ASCII 2024 scene
requires maya "2024";
requires -nodeType "renderSetupLayer" -nodeType "absUniqueOverride" "renderSetup.py" "1.0";
currentUnit -l centimeter -a degree -t film;
createNode camera -n "camShape" -p "cam";
createNode renderLayer -n "defaultRenderLayer";
	setAttr ".rndr" no;
createNode renderSetup -n "renderSetup";
createNode renderSetupLayer -n "beauty";
createNode renderLayer -n "rs_beauty";
createNode renderSetupLayer -n "fx";
createNode renderLayer -n "rs_fx";
createNode renderSettingsCollection -n "RenderSettingsCollection";
createNode absUniqueOverride -n "startFrame";
	addAttr -ci true -sn "atv" -ln "attrValue" -at "time";
	setAttr ".atr" -type "string" "startFrame";
	setAttr ".tgName" -type "string" "defaultRenderGlobals";
	setAttr ".atv" 10;
createNode absUniqueOverride -n "endFrame";
	addAttr -ci true -sn "atv" -ln "attrValue" -at "time";
	setAttr ".atr" -type "string" "endFrame";
	setAttr ".tgName" -type "string" "defaultRenderGlobals";
	setAttr ".atv" 20;
createNode absUniqueOverride -n "AASamples";
	setAttr ".atr" -type "string" "AASamples";
	setAttr ".tgName" -type "string" "defaultArnoldRenderOptions";
	setAttr ".atv" 2;
createNode renderSettingsCollection -n "fxSettings";
createNode absUniqueOverride -n "prefix";
	setAttr ".atr" -type "string" "imageFilePrefix";
	setAttr ".tgName" -type "string" "defaultRenderGlobals";
	setAttr ".atv" -type "string" "fx/<Scene>";
createNode absUniqueOverride -n "off";
	setAttr ".atr" -type "string" "startFrame";
	setAttr ".tgName" -type "string" "defaultRenderGlobals";
	setAttr ".atv" 500;
	setAttr ".en" no;
select -ne :defaultRenderGlobals;
	setAttr ".ren" -type "string" "arnold";
	setAttr ".an" yes;
	setAttr ".fs" 1;
	setAttr ".ef" 100;
connectAttr "rs_beauty.msg" "beauty.lrl";
connectAttr "renderSetup.lit" "beauty.pls";
connectAttr "beauty.lit" "RenderSettingsCollection.pls";
connectAttr "RenderSettingsCollection.lit" "startFrame.pls";
connectAttr "RenderSettingsCollection.lit" "endFrame.pls";
connectAttr "RenderSettingsCollection.lit" "AASamples.pls";
connectAttr "renderSetup.lit" "fx.pls";
connectAttr "fx.lit" "fxSettings.pls";
connectAttr "fxSettings.lit" "prefix.pls";
connectAttr "fxSettings.lit" "off.pls";
// End of rs.ma
'''


def test_render_setup_layer_overrides(tmp_path):
    path = tmp_path / "rs.ma"
    path.write_text(RENDER_SETUP)
    spec = analyze(str(path))
    layers = {l.name: l for l in spec.layers}
    # named like the live adapter and task.json: defaultRenderLayer and the renderLayer nodes (rs_<name>)
    assert list(layers) == ["defaultRenderLayer", "rs_beauty", "rs_fx"]
    assert not layers["defaultRenderLayer"].renderable
    assert str(spec.frames) == "1-100"
    assert str(layers["rs_beauty"].frames) == "10-20"  # its RenderSettingsCollection overrides the frames
    assert layers["rs_beauty"].output == ""
    assert str(layers["rs_fx"].frames) == "1-100"  # a disabled override does not count
    assert layers["rs_fx"].output == "fx/<Scene>"
    for fast, chunk in ((False, 1 << 20), (True, 5)):
        b = MayaSceneBuilder(str(path), "ascii")
        with open(str(path), "rb") as fh:
            read_ma(fh, b, fast=fast, chunk_size=chunk)
        assert [(l.name, str(l.frames), l.output) for l in b.build().layers] == [
            (l.name, str(l.frames), l.output) for l in spec.layers
        ]


LEGACY_LAYERS = r'''//Maya ASCII 2014 scene
requires maya "2014";
requires "Mayatomr" "2014.0 - 3.11.1.4 ";
currentUnit -l centimeter -a degree -t pal;
createNode camera -n "camShape" -p "cam";
createNode renderLayerManager -n "renderLayerManager";
	setAttr -s 3 ".rlmi[1:2]"  1 2;
createNode renderLayer -n "defaultRenderLayer";
	setAttr ".g" yes;
	setAttr -s 2 ".adjs";
	setAttr ".adjs[0].val" -type "string" "mentalRay";
	setAttr ".adjs[1].val" 1;
createNode renderLayer -n "fg";
	setAttr -s 3 ".adjs";
	setAttr ".adjs[0].val" 20;
	setAttr ".adjs[1].val" 40;
	setAttr ".adjs[2].val" -type "string" "fg/<Scene>_<RenderLayer>";
createNode renderLayer -n "bg";
	setAttr ".rndr" no;
select -ne :defaultRenderGlobals;
	setAttr ".ren" -type "string" "mayaSoftware";
	setAttr ".an" yes;
	setAttr ".fs" 1;
	setAttr ".ef" 100;
connectAttr ":defaultRenderGlobals.ren" "defaultRenderLayer.adjs[0].plg";
connectAttr ":defaultRenderGlobals.an" "defaultRenderLayer.adjs[1].plg";
connectAttr "renderLayerManager.rlmi[1]" "fg.rlid";
connectAttr ":defaultRenderGlobals.fs" "fg.adjs[0].plg";
connectAttr ":defaultRenderGlobals.ef" "fg.adjs[1].plg";
connectAttr ":defaultRenderGlobals.ifp" "fg.adjs[2].plg";
// End of legacy.ma
'''


def test_legacy_render_layer_adjustments(tmp_path):
    """Saved with layer bg current: the globals hold bg's values, the master layer's own renderer
    is in defaultRenderLayer's adjustments, fg's frame range and prefix in fg's."""
    path = tmp_path / "legacy.ma"
    path.write_text(LEGACY_LAYERS)
    spec = analyze(str(path))
    assert spec.fps == 25.0 and spec.plugin_version("Mayatomr") == "2014.0 - 3.11.1.4"
    layers = {l.name: l for l in spec.layers}
    assert list(layers) == ["defaultRenderLayer", "fg", "bg"]
    assert layers["defaultRenderLayer"].renderer == "mentalRay"
    assert str(layers["defaultRenderLayer"].frames) == "1-100"
    assert str(layers["fg"].frames) == "20-40" and layers["fg"].output == "fg/<Scene>_<RenderLayer>"
    assert layers["fg"].renderer == "mayaSoftware"
    assert not layers["bg"].renderable and str(layers["bg"].frames) == "1-100"
    for fast, chunk in ((False, 1 << 20), (True, 3)):
        b = MayaSceneBuilder(str(path), "ascii")
        with open(str(path), "rb") as fh:
            read_ma(fh, b, fast=fast, chunk_size=chunk)
        got = [(l.name, l.renderer, str(l.frames), l.output) for l in b.build().layers]
        assert got == [(l.name, l.renderer, str(l.frames), l.output) for l in spec.layers]


def test_layer_connections_are_found_among_many_others(tmp_path):
    """The fast skipper stops only at the connections layers need (list links, adjustments, the
    setup layer's renderLayer), among thousands of others, exactly as the full tokenizer reads."""
    lines = ['//Maya ASCII 2024 scene', 'createNode renderLayer -n "fg";', 'createNode mesh -n "m";']
    for i in range(2000):
        lines.append('connectAttr "place2dTexture%d.c" "file%d.c";' % (i, i))
        lines.append('connectAttr "a%d.lit" "b%d.plsx";' % (i, i))  # look-alikes: not ours
        lines.append('connectAttr "a%d.msg" "b%d.lrlx";' % (i, i))
    lines += [
        'connectAttr "renderSetup.lit" "beauty.pls";',
        'connectAttr ":defaultRenderGlobals.fs" "fg.adjs[0].plg";',
        'connectAttr "odd.x" "fg.weird[0].plg";',  # passes the pre-filter, ignored by the builder
        'connectAttr "rs_beauty.msg" "beauty.lrl";',
        'connectAttr "rs_fx2.message" "fx.legacyRenderLayer";',
        '// End of c.ma',
    ]
    path = tmp_path / "c.ma"
    path.write_text("\n".join(lines) + "\n")
    seen = []
    for fast in (True, False):
        b = MayaSceneBuilder(str(path), "ascii")
        with open(str(path), "rb") as fh:
            read_ma(fh, b, fast=fast, chunk_size=4096)
        seen.append((dict(b.list_parent), dict(b.legacy_layers), dict(b.adjusted)))
    assert seen[0] == seen[1] == (
        {"beauty": "renderSetup"}, {"beauty": "rs_beauty", "fx": "rs_fx2"}, {("fg", 0): "fs"},
    )
