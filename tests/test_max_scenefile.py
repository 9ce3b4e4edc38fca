"""3ds Max scene files analysed without 3ds Max: the corpus in ../shared/scenes/max (checked against
the file's own property sets and asset table), damaged copies of it, and the stream readers."""

from __future__ import annotations

import random
import struct
import time
from pathlib import Path

import pytest

from rb_dcc.adapters import analyze_file
from rb_dcc.adapters.max import scenefile
from rb_dcc.adapters.max._maxstreams import StreamError, doc_sections, parse_assets, parse_dll_directory
from rb_dcc.scene import AssetKind, SceneFileError, Severity

MAX = {
    # file: (host version, renderer, (width, height), render cameras, asset paths as stored)
    "Manpos__Dojo-Modeling__Dojo.max": ("2016", "scanline", (640, 480), [], []),
    "Manpos__Dojo-Modeling__test.max": (
        "2016", "mentalray", (640, 480), [], ["D:\\Documents\\Dojo3dsMax\\Dojo-PilarsUVs.psd"],
    ),
    "radobaychev__3D-RoomProject__lamp.max": ("2023", "arnold", (1280, 720), [], []),
    "radobaychev__3D-RoomProject__scene.max": (
        "2023", "arnold", (1280, 720), [],
        ["C:\\Users\\Rado\\OneDrive\\Работен плот\\textures\\%s" % n for n in (
            "Fabric023_2K_Displacement.jpg", "Fabric032_4K_Color.jpg", "Fabric023_2K_NormalGL.jpg",
            "Fabric023_2K_Roughness.jpg", "Fabric023_2K_NormalDX.jpg", "Fabric032_4K_Displacement.jpg",
            "Fabric032_4K_Roughness.jpg", "Fabric032_4K_NormalGL.jpg")]
        + ["C:\\Users\\rbayc\\OneDrive\\Работен плот\\Проект Комп. Графика\\Проект Комп. Графика\\textures\\coolPurple.png"],
    ),
    "theMaxscriptGuy__GlobalGameJam-2020__Stone.max": (
        "2019", "scanline", (800, 450), ["Camera001"], ["C:\\Users\\Videep\\Desktop\\GGJ\\download.jpg"],
    ),
    "theMaxscriptGuy__GlobalGameJam-2020__WheelCart_Poly.max": (
        "2019", "scanline", (216, 233), ["Camera001"],
        ["C:\\Users\\Videep\\Desktop\\download.png", "C:\\Users\\Videep\\Desktop\\GGJ\\download.jpg"],
    ),
}
# maps that ship in the 3ds Max install folder: listed in the asset table, not sent
SHIPPED = {
    "Manpos__Dojo-Modeling__test.max": 1,
    "theMaxscriptGuy__GlobalGameJam-2020__Stone.max": 2,
    "theMaxscriptGuy__GlobalGameJam-2020__WheelCart_Poly.max": 2,
}


def messages(spec, severity=None):
    return [p.message for p in spec.problems if severity is None or p.severity == severity]


def test_corpus_covers_every_max_file(scenes_dir: Path):
    assert sorted(p.name for p in (scenes_dir / "max").iterdir()) == sorted(MAX)


@pytest.mark.parametrize("name", sorted(MAX))
def test_corpus_file(scenes_dir: Path, name: str):
    import olefile

    path = scenes_dir / "max" / name
    version, renderer, res, cameras, assets = MAX[name]
    t0 = time.perf_counter()
    spec = analyze_file(str(path))
    assert time.perf_counter() - t0 < 5
    assert spec.host.value == "max" and spec.analyser == "max.scenefile" and spec.scene_path == str(path)
    assert spec.host_version == version
    assert spec.renderer == renderer and spec.renderer_version == ""
    assert (spec.resolution.width, spec.resolution.height) == res
    assert [(c.name, c.renderable) for c in spec.cameras] == [(c, True) for c in cameras]
    assert str(spec.frames) == "0"  # Animation Start=0, Animation End=0 in every one of them
    assert [a.path for a in spec.assets] == assets
    for a in spec.assets:
        assert a.kind == AssetKind.TEXTURE and not a.exists and a.node == "FileAssetMetaData3 (Bitmap)"
        assert "Windows path" in a.note

    # cross-check with the other record of external files, the document properties
    with olefile.OleFileIO(str(path)) as ole:
        props = ole.getproperties("\x05DocumentSummaryInformation")
    sections = doc_sections(props)
    deps = {d.lower() for d in sections["External Dependencies"]}
    assert {a.path.rsplit("\\", 1)[-1].lower() for a in spec.assets} <= deps
    used = [u.lower() for u in sections["Used Plug-Ins"]]
    assert [p.name for p in spec.plugins if "." in p.name] == used
    if renderer == "arnold":
        assert spec.plugin_version("arnold") == "" and any(p.name == "maxtoa.dlr" for p in spec.plugins)
    assert [p.name for p in spec.plugins if p.required and "." in p.name] == []  # all stock 3ds Max DLLs

    warnings = messages(spec, Severity.WARNING)
    assert any("active time segment" in m for m in warnings)
    assert any("render output path is not stored" in m for m in warnings)
    if name in SHIPPED:
        assert any("%d map(s) come from the 3ds Max install folder" % SHIPPED[name] in m for m in messages(spec))


def test_corpus_last_found_paths_are_kept(scenes_dir: Path):
    spec = scenefile.analyze(str(scenes_dir / "max" / "theMaxscriptGuy__GlobalGameJam-2020__Stone.max"))
    (dl,) = spec.assets
    assert "last found it at C:\\+Projects\\GGJ020\\GlobalGameJam-2020\\Assets\\3D\\WheelCart\\download.jpg" in dl.note
    spec = scenefile.analyze(str(scenes_dir / "max" / "radobaychev__3D-RoomProject__scene.max"))
    assert any(p.name == "cloth.dlm" and p.version == "2.3.0.51" for p in spec.plugins)
    assert any("build 25.0.0.997" in m for m in messages(spec, Severity.NOTICE))


def test_asset_beside_the_scene_is_found(scenes_dir: Path, tmp_path: Path):
    src = scenes_dir / "max" / "theMaxscriptGuy__GlobalGameJam-2020__Stone.max"
    copy = tmp_path / "Stone.max"
    copy.write_bytes(src.read_bytes())
    (tmp_path / "download.jpg").write_bytes(b"\xff\xd8jpeg")
    (dl,) = scenefile.analyze(str(copy)).assets
    assert dl.exists and dl.resolved == [str(tmp_path / "download.jpg")] and dl.size == 6
    assert "found beside the scene" in dl.note


@pytest.mark.parametrize("major, year", [(10, 2008), (18, 2016), (20, 2018), (21, 2019), (22, 2020), (23, 2021),
                                         (24, 2022), (25, 2023), (26, 2024), (27, 2025), (28, 2026), (9, None)])
def test_release_years(major, year):
    assert scenefile.max_release_year(major) == year


def test_renderer_names():
    assert scenefile.renderer_id("V-Ray Adv 3.00.08") == "vray"
    assert scenefile._renderer_version("V-Ray Adv 3.00.08") == "3.00.08"
    assert scenefile._renderer_version("V-Ray 6 Update 2.1") == "6 Update 2.1"
    assert scenefile.renderer_id("Corona 11") == "corona"
    assert scenefile.renderer_id("Default Scanline Renderer") == "scanline"
    assert scenefile.renderer_id("ART Renderer") == "art"
    assert scenefile.renderer_id("NVIDIA mental ray") == "mentalray"


def test_render_data_with_output_and_camera(tmp_path: Path):
    """The items 3ds Max writes when Render Output and a render camera are set (as a V-Ray scene does)."""
    a = scenefile._Analysis(str(tmp_path / "v.max"), None, 0)
    items = ["User Name=JohnDoe", "Render Width=1024", "Render Height=768", "Renderer Name=V-Ray Adv 3.00.08",
             "Render Output=C:\\out\\shot.png", "Render Camera 00=CamMain", "Animation Start=10",
             "Animation End=120", "RenderElements=0"]
    a._render_data(items, {"Scene Totals": ["Cameras: 1"]})
    a._not_in_file()
    spec = a.spec
    assert (spec.renderer, spec.renderer_version) == ("vray", "3.00.08")
    assert spec.plugin_version("vray") == "3.00.08"
    assert spec.output_pattern == "C:\\out\\shot.png" and spec.image_format == "png"
    assert [(c.name, c.renderable) for c in spec.cameras] == [("CamMain", True)]
    assert str(spec.frames) == "10-120" and (spec.resolution.width, spec.resolution.height) == (1024, 768)
    assert not any("render output path" in m for m in messages(spec))


def test_doc_sections_follow_heading_pairs():
    props = {1: -535, 12: [b"General", 2, b"Used Plug-Ins", 1, b"Render Data", 1],
             13: ["3ds Max Version: 27.00".encode(), b"Build: 27.0", b"vrender2025.dlr", "Renderer Name=V-Ray 7".encode()]}
    assert doc_sections(props) == {"General": ["3ds Max Version: 27.00", "Build: 27.0"],
                                   "Used Plug-Ins": ["vrender2025.dlr"], "Render Data": ["Renderer Name=V-Ray 7"]}
    with pytest.raises(StreamError, match="claims 5 items"):
        doc_sections({12: [b"General", 5], 13: [b"a"]})
    with pytest.raises(StreamError):
        doc_sections({1: 1252})


def _u16(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le") + b"\0\0"


def test_asset_table_records_and_damage():
    rec = b"\x01" * 16 + _u16("Bitmap") + _u16("C:\\maps\\a.png") + _u16("D:\\found\\a.png")
    out = b"\x02" * 16 + _u16("RenderOutput") + _u16("C:\\out\\b.exr") + _u16("")
    got = parse_assets(rec + out, 3)
    assert [(g.type, g.path, g.resolved) for g in got] == [
        ("Bitmap", "C:\\maps\\a.png", "D:\\found\\a.png"), ("RenderOutput", "C:\\out\\b.exr", "")]
    v2 = parse_assets(b"\x03" * 16 + _u16("XRef") + _u16("\\\\nas\\x.max"), 2)
    assert [(g.type, g.path) for g in v2] == [("XRef", "\\\\nas\\x.max")]
    with pytest.raises(StreamError, match="cut short"):
        parse_assets((rec + out)[:-5], 3)
    with pytest.raises(StreamError, match="implausible"):
        parse_assets(b"\x01" * 16 + struct.pack("<I", 10 ** 9), 3)


def test_dll_directory_chunks():
    def chunk(cid: int, body: bytes, children: bool = False) -> bytes:
        size = 6 + len(body)
        return struct.pack("<HI", cid, size | (0x80000000 if children else 0)) + body

    entry = chunk(0x2038, chunk(0x2039, "V-Ray for 3ds Max (v. 6.20.03)".encode("utf-16-le"))
                  + chunk(0x2037, "vrender2024.dlr".encode("utf-16-le")), children=True)
    data = chunk(0x21C0, b"\0\0\0\0") + entry
    assert parse_dll_directory(data) == {"vrender2024.dlr": "V-Ray for 3ds Max (v. 6.20.03)"}
    with pytest.raises(StreamError, match="claims"):
        parse_dll_directory(data[:-3])


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"Kaydara FBX Binary  \x00\x1a\x00" + b"\0" * 100, "not an OLE compound file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50, "damaged or truncated"),
])
def test_not_a_max_file(tmp_path: Path, content: bytes, reason: str):
    p = tmp_path / "bad.max"
    p.write_bytes(content)
    with pytest.raises(SceneFileError) as err:
        scenefile.analyze(str(p))
    assert str(err.value).startswith(str(p)) and reason in str(err.value)


def test_folder_is_an_error(tmp_path: Path):
    with pytest.raises(SceneFileError, match="folder|cannot be read"):
        scenefile.analyze(str(tmp_path))


def test_ole_file_without_a_scene_stream(scenes_dir: Path, tmp_path: Path):
    data = bytearray((scenes_dir / "max" / "Manpos__Dojo-Modeling__Dojo.max").read_bytes())
    name = "Scene".encode("utf-16-le") + b"\0\0"
    hits = [i for i in range(len(data)) if data[i:i + 12] == name and data[i + 64:i + 66] == b"\x0c\x00"]
    assert len(hits) == 1  # the directory entry of the Scene stream
    data[hits[0]:hits[0] + 10] = "Scenx".encode("utf-16-le")
    p = tmp_path / "noscene.max"
    p.write_bytes(bytes(data))
    with pytest.raises(SceneFileError, match="no Scene stream"):
        scenefile.analyze(str(p))


@pytest.mark.parametrize("name", sorted(MAX))
def test_corpus_truncated_copies_fail_cleanly(scenes_dir: Path, tmp_path: Path, name: str):
    data = (scenes_dir / "max" / name).read_bytes()
    p = tmp_path / name
    rnd = random.Random(name)
    cuts = [1, 100, 600, len(data) // 3, len(data) - 4096, len(data) - 1] + [rnd.randrange(len(data)) for _ in range(3)]
    for cut in cuts:
        p.write_bytes(data[:cut])
        t0 = time.perf_counter()
        with pytest.raises(SceneFileError) as err:
            scenefile.analyze(str(p))
        assert time.perf_counter() - t0 < 5
        text = str(err.value)
        assert text.startswith(str(p)) and ("truncated" in text or "damaged" in text or "not" in text)


def test_corpus_flipped_bytes_give_an_error_or_a_spec(scenes_dir: Path, tmp_path: Path):
    rnd = random.Random(11)
    for src in sorted((scenes_dir / "max").iterdir()):
        data = src.read_bytes()
        p = tmp_path / src.name
        for _ in range(6):
            b = bytearray(data)
            # flip bytes in the header/directory area as well as anywhere in the file
            for _ in range(rnd.randrange(1, 12)):
                b[rnd.randrange(min(len(b), 4096))] = rnd.randrange(256)
            for _ in range(rnd.randrange(1, 40)):
                b[rnd.randrange(len(b))] = rnd.randrange(256)
            p.write_bytes(bytes(b))
            t0 = time.perf_counter()
            try:
                scenefile.analyze(str(p))
            except SceneFileError as exc:
                assert str(exc).startswith(str(p))
            assert time.perf_counter() - t0 < 5


def test_saved_as_an_older_version(tmp_path: Path):
    a = scenefile._Analysis(str(tmp_path / "old.max"), None, 0)
    a._general(["3ds Max Version: 27.00", "Uncompressed", "Build: 27.1.0.2231", "Saved As Version: 25.00"])
    assert a.spec.host_version == "2023"
    notes = messages(a.spec, Severity.NOTICE)
    assert "saved by 3ds Max 2025 (build 27.1.0.2231)" in notes
    assert any("as a 3ds Max 2023 file" in m for m in notes)


def test_damaged_document_properties_are_a_warning(scenes_dir: Path, tmp_path: Path):
    data = bytearray((scenes_dir / "max" / "theMaxscriptGuy__GlobalGameJam-2020__Stone.max").read_bytes())
    marker = "3ds Max Version".encode("ascii")
    i = data.find(marker)
    assert i > 0
    # the DocParts vector: make its first string claim more bytes than the property set holds
    length_at = i - 4
    data[length_at:length_at + 4] = struct.pack("<I", 0x7FFFFFF0)
    p = tmp_path / "props.max"
    p.write_bytes(bytes(data))
    spec = scenefile.analyze(str(p))  # the scene data is whole: a spec, with what is unknown said
    assert spec.host_version == "" and spec.renderer == ""
    assert any("version, renderer" in m for m in messages(spec, Severity.WARNING))
    assert [a.path for a in spec.assets] == ["C:\\Users\\Videep\\Desktop\\GGJ\\download.jpg"]


def test_houdini_scene_named_max(scenes_dir: Path, tmp_path: Path):
    src = scenes_dir / "houdini" / "captainhammy__Houdini-Toolbox__test_parameters.hip"
    p = tmp_path / "renamed.max"
    p.write_bytes(src.read_bytes())
    with pytest.raises(SceneFileError, match="looks like a Houdini .hip"):
        scenefile.analyze(str(p))


def test_third_party_plugins_from_used_dlls(tmp_path: Path):
    a = scenefile._Analysis(str(tmp_path / "v.max"), None, 0)
    a._render_data(["Renderer Name=V-Ray 6 Update 2.1"], {})
    a._plugins(["vrender2024.dlr", "forestpack.dlo", "kernel.dlk", "studiotool.dlu"],
               {"forestpack.dlo": "Forest Pack Pro (v. 8.2.1)", "vrender2024.dlr": "V-Ray renderer"})
    got = {(p.name, p.version, p.required) for p in a.spec.plugins}
    assert got == {
        ("vray", "6 Update 2.1", True), ("vrender2024.dlr", "", False),
        ("forestpack", "8.2.1", True), ("forestpack.dlo", "8.2.1", False),
        ("kernel.dlk", "", False), ("studiotool.dlu", "", True),
    }
