"""The .blend analyser on the real corpus (no bpy needed: runs on Python 3.9 too).

Expected values were read with other tools: bpy 5.0.1 (``bpy.data.version``, render settings,
``bpy.utils.blend_paths(absolute=False, packed=False, local=False)`` minus library weak
references) for every file bpy opens, and the MANIFEST / blender-asset-tracer notes for the
big-endian file bpy refuses. ``tests/test_blender_live.py`` re-checks the same files against bpy
live, so this table cannot drift from what Blender says.
"""

from __future__ import annotations

import gzip
import os
import shutil
import time

import pytest

from rb_dcc.adapters import analyze_file
from rb_dcc.adapters.blender import scenefile
from rb_dcc.adapters.blender._blendfile import BlendFile
from rb_dcc.adapters.blender._blendpaths import modern_engine, parse_node_ref, sequence_pattern
from rb_dcc.scene import AssetKind, SceneFileError

NOT_A_BLEND = "JohnnieWooker__Linker__test.blend"

# file -> (version, subversion, engine as stored, frames, fps, (x, y, %), image format, scene camera,
#          view layers, external paths as written (slashes normalised), packed paths)
EXPECTED = {
    "assimp__assimp__BlenderDefault_248.blend": ("2.48", 1, "BLENDER_RENDER", "1-250", 25.0, (800, 600, 100), "JPEG", "Camera", ["1 RenderLayer"], [], []),
    "assimp__assimp__TexturedCube_ImageGlob_248.blend": ("2.48", 1, "BLENDER_RENDER", "1-250", 25.0, (800, 600, 100), "JPEG", "Camera", ["1 RenderLayer"], ["e:/dev/assimp/assimp6/test/models/3DS/UVTransformTest/UVTransformTestImg.png"], []),
    "assimp__assimp__TexturedPlane_ImageUvPacked_248.blend": ("2.48", 1, "BLENDER_RENDER", "1-250", 25.0, (800, 600, 100), "JPEG", "Camera", ["1 RenderLayer"], [], ["e:/dev/assimp/assimp6/test/models/3DS/UVTransformTest/UVTransformTestImg.png"]),
    "assimp__assimp__TexturedPlane_ImageUv_248.blend": ("2.48", 1, "BLENDER_RENDER", "1-250", 25.0, (800, 600, 100), "JPEG", "Camera", ["1 RenderLayer"], ["e:/dev/assimp/assimp6/test/models/3DS/UVTransformTest/UVTransformTestImg.png"], []),
    "assimp__assimp__HUMAN.blend": ("2.49", 2, "BLENDER_RENDER", "1-250", 25.0, (800, 600, 100), "JPEG", "Camera", ["1 RenderLayer"], ["C:/Users/Tobias/Pictures/human-proportion2.jpeg"], []),
    "assimp__assimp__yxa_1.blend": ("2.60", 0, "BLENDER_RENDER", "1-250", 24.0, (1026, 320, 100), "PNG", "Camera", ["RenderLayer"], ["//../corrosive_med.jpg", "//../oak_golden.jpg"], ["//../sapele.jpg"]),
    "assimp__assimp__TorusLightsCams_250_compressed.blend": ("2.52", 13, "BLENDER_RENDER", "1-250", 24.0, (1920, 1080, 25), "PNG", "Camera", ["RenderLayer"], [], []),
    "assimp__assimp__BlenderDefault_250_Compressed.blend": ("2.52", 13, "BLENDER_RENDER", "1-250", 24.0, (1920, 1080, 25), "PNG", "Camera", ["RenderLayer"], [], []),
    "assimp__assimp__BlenderDefault_262.blend": ("2.62", 0, "BLENDER_RENDER", "1-250", 24.0, (1920, 1080, 50), "PNG", "Camera", ["RenderLayer"], [], []),
    "assimp__assimp__AreaLight_269.blend": ("2.69", 0, "BLENDER_RENDER", "1-250", 24.0, (1920, 1080, 50), "PNG", "Camera", ["RenderLayer"], [], []),
    "assimp__assimp__BlenderMaterial_269.blend": ("2.69", 0, "BLENDER_RENDER", "1-250", 24.0, (1920, 1080, 50), "PNG", "Camera", ["RenderLayer"], [], []),
    "assimp__assimp__BlenderDefault_276.blend": ("2.76", 0, "BLENDER_RENDER", "1-250", 24.0, (1920, 1080, 50), "PNG", "Camera", ["RenderLayer"], [], []),
    "assimp__assimp__subdivision_test_277.blend": ("2.77", 0, "BLENDER_RENDER", "1-250", 24.0, (1920, 1080, 50), "PNG", "Camera", ["RenderLayer"], [], []),
    "assimp__assimp__plane_2_textures_2_texcoords_279.blend": ("2.79", 0, "BLENDER_RENDER", "1-250", 24.0, (1920, 1080, 50), "PNG", "Camera", ["RenderLayer"], ["//DROPLETS.tga", "//rgb_test.png"], []),
    "assimp__assimp__box.blend": ("2.93", 21, "BLENDER_EEVEE", "1-250", 24.0, (1920, 1080, 100), "PNG", "Camera", ["View Layer"], [], []),
    "KhronosGroup__glTF-Blender-IO__01_linked_collection.blend": ("4.3", 34, "BLENDER_EEVEE_NEXT", "1-200", 24.0, (1920, 1080, 100), "PNG", "", ["ViewLayer"], ["//collection_to_link.blend"], []),
    "KhronosGroup__glTF-Blender-IO__B.blend": ("2.92", 15, "BLENDER_EEVEE", "1-250", 24.0, (1920, 1080, 100), "PNG", "", ["View Layer"], ["//A.blend"], []),
    "KhronosGroup__glTF-Blender-IO__C.blend": ("2.92", 15, "BLENDER_EEVEE", "1-250", 24.0, (1920, 1080, 100), "PNG", "", ["View Layer"], ["//B.blend"], []),
    "KhronosGroup__glTF-Blender-IO__33_udim.blend": ("4.1", 3, "BLENDER_EEVEE", "1-250", 24.0, (1920, 1080, 100), "PNG", "", ["ViewLayer"], ["//test.<UDIM>.png", "//test2.<UDIM>.png", "//test3.<UDIM>.png", "//test4.<UDIM>.png"], []),
    "KhronosGroup__glTF-Blender-IO__01_principled_material.blend": ("2.79", 0, "CYCLES", "1-250", 24.0, (1920, 1080, 50), "PNG", "Camera", ["RenderLayer"], ["//01_principled_baseColor.png", "//01_principled_emissive.png", "//01_principled_normal.png", "//01_principled_occlusionRoughnessMetallic.png"], []),
    "KhronosGroup__glTF-Blender-IO__01_textured_sphere.blend": ("2.78", 0, "CYCLES", "1-250", 24.0, (1920, 1080, 50), "PNG", "Camera", ["RenderLayer"], ["//../environments/field.hdr", "//../pbr_node/glTF2.blend", "//01_Textured_Sphere_BaseColor.png", "//01_Textured_Sphere_Normal.png", "//01_Textured_Sphere_OcclusionRoughnessMetallic.png"], []),
    "KhronosGroup__glTF-Blender-IO__16_volume.blend": ("3.3", 0, "BLENDER_EEVEE", "1-250", 24.0, (1920, 1080, 100), "PNG", "", ["ViewLayer"], [], []),
    "KhronosGroup__glTF-Blender-IO__32_uvmap_indices.blend": ("4.0", 23, "BLENDER_EEVEE", "1-250", 24.0, (1920, 1080, 100), "PNG", "", ["ViewLayer"], ["//GlTF_logo.svg.png"], []),
    "KhronosGroup__glTF-Blender-IO__38_pointcloud_GN.blend": ("5.1", 18, "BLENDER_EEVEE", "1-250", 24.0, (1920, 1080, 100), "PNG", "Camera", ["ViewLayer"], [], []),
    "KhronosGroup__glTF-Blender-IO__00_extras_action_fcurve.blend": ("5.2", 29, "BLENDER_EEVEE", "1-250", 24.0, (1920, 1080, 100), "PNG", "Camera", ["ViewLayer"], [], []),
}

# header facts (pointer size, endian, compression, header text) for the layouts the reader must handle
LAYOUTS = {
    "assimp__assimp__BlenderDefault_248.blend": (4, "<", "none", "BLENDER_v248"),
    "assimp__assimp__yxa_1.blend": (4, ">", "none", "BLENDER_V260"),
    "assimp__assimp__BlenderDefault_250_Compressed.blend": (8, "<", "gzip", "BLENDER-v252"),
    "assimp__assimp__plane_2_textures_2_texcoords_279.blend": (8, "<", "none", "BLENDER-v279"),
    "KhronosGroup__glTF-Blender-IO__38_pointcloud_GN.blend": (8, "<", "zstd", "BLENDER17-01v0501"),
}


def _slashes(path: str) -> str:
    return path.replace("\\", "/")


@pytest.fixture(scope="module")
def blend_dir(scenes_dir):
    d = scenes_dir / "blender"
    if not d.is_dir():
        pytest.skip("the corpus has no blender/ folder")
    return d


def test_corpus_is_covered(blend_dir):
    present = {p.name for p in blend_dir.glob("*.blend")}
    assert present - set(EXPECTED) == {NOT_A_BLEND}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(blend_dir, name):
    (version, sub, engine, frames, fps, res, fmt, camera, layers, paths, packed) = EXPECTED[name]
    path = blend_dir / name
    spec = analyze_file(str(path))
    assert spec.analyser == "blender.scenefile"
    assert spec.host.value == "blender"
    assert spec.host_version == "%s (sub %d)" % (version, sub)
    assert spec.renderer == engine
    assert str(spec.frames) == frames
    assert spec.fps == fps
    assert (spec.resolution.width, spec.resolution.height, spec.resolution.percentage) == res
    assert spec.image_format == fmt
    assert _slashes(spec.output_pattern) == "/tmp/"
    assert spec.renderable_cameras == ([camera] if camera else [])
    assert [l.name for l in spec.layers] == layers
    assert all(l.renderable and l.kind == "view_layer" for l in spec.layers)
    on_disk = sorted(_slashes(a.path) for a in spec.assets if not a.packed)
    assert on_disk == sorted(paths)
    assert sorted(_slashes(a.path) for a in spec.assets if a.packed) == sorted(packed)
    # the corpus is bare scene files: nothing they point at is beside them
    for asset in spec.assets:
        if asset.packed:
            assert asset.exists and not asset.missing and asset.size > 0
        else:
            assert not asset.exists and asset.missing
            assert asset in spec.missing_assets
    if engine == "CYCLES":
        assert spec.render_device == "CPU"
    assert spec.scene_path == str(path)


def test_layouts(blend_dir):
    for name, (ptr, endian, compression, header) in LAYOUTS.items():
        with BlendFile(str(blend_dir / name)) as bf:
            assert (bf.ptr_size, bf.endian, bf.compression, bf.header_text) == (ptr, endian, compression, header), name
            assert bf.sdna.struct("Scene") is not None
            # offsets come from the file: RenderData sits at different places in different versions
            assert bf.sdna.struct("Scene").fields["r"].offset > 0


def test_sdna_offsets_differ_between_versions(blend_dir):
    offsets = set()
    for name in LAYOUTS:
        with BlendFile(str(blend_dir / name)) as bf:
            offsets.add(bf.sdna.struct("Scene").fields["r"].offset)
    assert len(offsets) >= 3


def test_udim_tiles_listed(blend_dir):
    spec = scenefile.analyze(str(blend_dir / "KhronosGroup__glTF-Blender-IO__33_udim.blend"))
    for asset in spec.assets:
        assert asset.sequence and asset.kind == AssetKind.TEXTURE
        # each image lists tiles 1001, 1002, 1011, 1012 (bpy: image.tiles); each is checked by number
        assert [os.path.basename(m).split(".")[1] for m in asset.missing] == ["1001", "1002", "1011", "1012"]


def test_libraries_and_weak_references(blend_dir):
    spec = scenefile.analyze(str(blend_dir / "KhronosGroup__glTF-Blender-IO__01_linked_collection.blend"))
    libs = [a for a in spec.assets if a.kind == AssetKind.LIBRARY]
    assert [a.path for a in libs] == ["//collection_to_link.blend"]
    assert libs[0].missing == [str(blend_dir / "collection_to_link.blend")]
    # the appended material's origin is a weak reference: a notice, not an asset
    assert any("basic.blend" in p.message and p.severity.value == "notice" for p in spec.problems)


def test_no_settings_in_corpus_files(blend_dir):
    for name in ("assimp__assimp__yxa_1.blend", "KhronosGroup__glTF-Blender-IO__38_pointcloud_GN.blend"):
        assert scenefile.read_settings(str(blend_dir / name)) == {}
    with pytest.raises(SceneFileError):
        scenefile.read_settings(str(blend_dir / NOT_A_BLEND))


def test_not_a_blend_file(blend_dir):
    with pytest.raises(SceneFileError) as err:
        analyze_file(str(blend_dir / NOT_A_BLEND))
    assert NOT_A_BLEND in str(err.value)
    assert "FBX" in str(err.value)


def test_library_recursion_and_cycle(blend_dir, tmp_path):
    # C links //B.blend, B links //A.blend; A is a copy of C, so A -> B -> A is a cycle
    shutil.copy(str(blend_dir / "KhronosGroup__glTF-Blender-IO__C.blend"), str(tmp_path / "C.blend"))
    shutil.copy(str(blend_dir / "KhronosGroup__glTF-Blender-IO__B.blend"), str(tmp_path / "B.blend"))
    shutil.copy(str(blend_dir / "KhronosGroup__glTF-Blender-IO__C.blend"), str(tmp_path / "A.blend"))
    started = time.monotonic()
    spec = scenefile.analyze(str(tmp_path / "C.blend"))
    assert time.monotonic() - started < 10
    libs = {a.node: a for a in spec.assets if a.kind == AssetKind.LIBRARY}
    assert set(libs) == {"Library:B.blend", "Library:B.blend > Library:A.blend"}
    assert all(a.exists for a in libs.values())
    assert libs["Library:B.blend > Library:A.blend"].resolved == [str(tmp_path / "A.blend")]
    # A links B again: reported once, not followed forever
    assert any("already read" in p.message for p in spec.problems)


def test_gzip_of_a_plain_file_reads_the_same(blend_dir, tmp_path):
    src = blend_dir / "assimp__assimp__plane_2_textures_2_texcoords_279.blend"
    packed = tmp_path / "plane.blend"
    with open(str(src), "rb") as fin, gzip.open(str(packed), "wb") as fout:
        fout.write(fin.read())
    a = scenefile.analyze(str(src))
    b = scenefile.analyze(str(packed))
    assert (a.host_version, a.renderer, str(a.frames), [x.path for x in a.assets]) == (
        b.host_version, b.renderer, str(b.frames), [x.path for x in b.assets]
    )
    with BlendFile(str(packed)) as bf:
        assert bf.compression == "gzip"


def test_zstd_of_a_plain_file_reads_the_same(blend_dir, tmp_path):
    zstandard = pytest.importorskip("zstandard")
    src = blend_dir / "KhronosGroup__glTF-Blender-IO__33_udim.blend"
    dst = tmp_path / "udim.blend"
    dst.write_bytes(zstandard.ZstdCompressor().compress(src.read_bytes()))
    (tmp_path / "test.1002.png").write_bytes(b"x" * 10)
    spec = scenefile.analyze(str(dst))
    first = [a for a in spec.assets if a.path == "//test.<UDIM>.png"][0]
    assert first.resolved[1] == str(tmp_path / "test.1002.png") and first.size == 10
    assert str(tmp_path / "test.1002.png") not in first.missing


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"BLENDER-v27", "header"),
    (b"BLENDER-v279", "cut short"),
    (b"BLENDER-v279REND\x10\x00\x00\x00", "cut short"),
    (b"BLENDER-v279ENDB", "no DNA1"),
    (b"\x1f\x8b\x08\x00garbage", "decompress"),
    (b"version https://git-lfs.github.com/spec/v1\n", "Git LFS"),
])
def test_bad_files(tmp_path, content, words):
    path = tmp_path / "bad.blend"
    path.write_bytes(content)
    with pytest.raises(SceneFileError) as err:
        scenefile.analyze(str(path))
    assert str(path) in str(err.value)
    assert words in str(err.value)


def test_missing_and_folder(tmp_path):
    with pytest.raises(SceneFileError, match="does not exist"):
        scenefile.analyze(str(tmp_path / "nope.blend"))
    folder = tmp_path / "dir.blend"
    folder.mkdir()
    with pytest.raises(SceneFileError, match="folder"):
        scenefile.analyze(str(folder))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_mutations_give_a_spec_or_a_clean_error(blend_dir, tmp_path, name):
    """Truncate and flip bytes: never a hang, never an exception other than SceneFileError."""
    import random

    data = (blend_dir / name).read_bytes()
    rng = random.Random(name)
    cases = [data[: int(len(data) * f)] for f in (0.002, 0.5, 0.999)]
    for _ in range(5):
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        cases.append(bytes(mutated))
    # the header area and the SDNA (at the end) are where damage hurts most
    head = bytearray(data)
    head[12:40] = bytes(rng.randrange(256) for _ in range(28))
    tail = bytearray(data)
    for i in range(len(tail) - 2000, len(tail), 37):
        tail[i] = rng.randrange(256)
    cases += [bytes(head), bytes(tail)]
    for i, case in enumerate(cases):
        path = tmp_path / ("m%02d.blend" % i)
        path.write_bytes(case)
        started = time.monotonic()
        try:
            spec = scenefile.analyze(str(path))
        except SceneFileError as exc:
            assert str(path) in str(exc)
        else:
            assert spec.host.value == "blender"
        assert time.monotonic() - started < 5, "case %d took too long" % i


def test_udim_paths(tmp_path):
    from rb_dcc.adapters.blender._blendpaths import udim_asset

    for tile in (1001, 1002):
        (tmp_path / ("skin.%d.png" % tile)).write_bytes(b"x")
    (tmp_path / "flat.png").write_bytes(b"xy")
    old_style = udim_asset("//skin.1001.png", [1001, 1002, 1011], "Image:skin", str(tmp_path))  # Blender 2.8x
    assert old_style.resolved == [str(tmp_path / n) for n in ("skin.1001.png", "skin.1002.png", "skin.1011.png")]
    assert old_style.missing == [str(tmp_path / "skin.1011.png")] and old_style.sequence
    globbed = udim_asset("//skin.<UDIM>.png", [], "Image:skin", str(tmp_path))  # no tile list: what is on disk
    assert globbed.resolved == [str(tmp_path / "skin.1001.png"), str(tmp_path / "skin.1002.png")]
    flat = udim_asset("//flat.png", [1001, 1002], "Image:flat", str(tmp_path))
    assert flat.resolved == [str(tmp_path / "flat.png")] and flat.size == 2


def test_path_helpers():
    assert sequence_pattern("//seq/shot.0012.png") == "//seq/shot.####.png"
    assert sequence_pattern("C:\\r\\v2\\img_7.exr") == "C:\\r\\v2\\img_#.exr"
    assert sequence_pattern("//noframe.png") == "//noframe.png"
    assert modern_engine("BLENDER_RENDER") == "BLENDER_EEVEE"
    assert modern_engine("BLENDER_EEVEE_NEXT") == "BLENDER_EEVEE"
    assert modern_engine("CYCLES") == "CYCLES"
    assert parse_node_ref("Object:Cube.001.modifiers[Mesh Cache]") == ("Object", "Cube.001", "modifiers", "Mesh Cache")
    assert parse_node_ref("Library:lib.blend > Image:tex.png") == ("Image", "tex.png", "", "")
    assert parse_node_ref("Scene:Scene.sequence_editor[clip]") == ("Scene", "Scene", "sequence_editor", "clip")
    assert parse_node_ref("whatever") == ("", "whatever", "", "")


def test_live_module_imports_without_bpy():
    """``live.py`` may be imported anywhere (the registry does); bpy is only touched inside calls."""
    import subprocess
    import sys

    code = (
        "import sys; import rb_dcc.adapters.blender.live as m; "
        "assert 'bpy' not in sys.modules, 'bpy imported at import time'; print(m.BlenderAdapter.name)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "blender"


def test_cache_folders(tmp_path):
    from rb_dcc.adapters.blender._blendpaths import folder_asset

    assert folder_asset("//nothing_baked", "Object:Domain.modifiers[Fluid]", str(tmp_path)) is None
    (tmp_path / "bake" / "data").mkdir(parents=True)
    (tmp_path / "bake" / "data" / "fluid_0001.vdb").write_bytes(b"12345")
    (tmp_path / "bake" / "config.uni").write_bytes(b"123")
    asset = folder_asset("//bake", "Object:Domain.modifiers[Fluid]", str(tmp_path))
    assert asset.exists and asset.size == 8 and asset.kind == AssetKind.CACHE
    assert asset.resolved == [str(tmp_path / "bake" / "config.uni"), str(tmp_path / "bake" / "data" / "fluid_0001.vdb")]
    (tmp_path / "empty").mkdir()
    empty = folder_asset("//empty", "n", str(tmp_path))
    assert empty.exists and empty.size == 0 and "not baked" in empty.note


def test_reader_without_pread(blend_dir, monkeypatch):
    """Windows has no os.pread: the header pass falls back to seek + read and finds the same blocks."""
    path = str(blend_dir / "KhronosGroup__glTF-Blender-IO__01_principled_material.blend")
    with BlendFile(path) as bf:
        expected = [(b.code, b.size, b.old, b.sdna) for b in bf.blocks]
    monkeypatch.delattr("os.pread", raising=False)
    with BlendFile(path) as bf:
        assert [(b.code, b.size, b.old, b.sdna) for b in bf.blocks] == expected
    assert scenefile.analyze(path).renderer == "CYCLES"
