"""Houdini scene files analysed without Houdini: the corpus in ../shared/scenes/houdini, and small
.hip/.hipnc files built here section by section (cpio ``odc`` and the marker-split form)."""

from __future__ import annotations

import os
import random
import time
import tracemalloc
from pathlib import Path
from typing import List, Sequence, Tuple

import pytest

from rb_dcc.adapters import analyze_file
from rb_dcc.adapters.houdini import scenefile
from rb_dcc.adapters.houdini._hipcontainer import HipFormatError, iter_sections
from rb_dcc.adapters.houdini._hipparse import parse_channels, parse_parms, parse_start, string_literal
from rb_dcc.scene import AssetKind, FrameRange, SceneFileError, Severity

Section = Tuple[str, str]

# builders --------------------------------------------------------------------------------------


def cpio(sections: Sequence[Section], trailer: bool = True) -> bytes:
    """An odc cpio archive as Houdini writes .hip files."""
    out = bytearray()
    items = list(sections) + ([("TRAILER!!!", "")] if trailer else [])
    for name, body in items:
        data = body.encode("utf-8") if isinstance(body, str) else body
        raw_name = name.encode("utf-8") + b"\0"
        header = b"070707" + b"000001" + b"000000" + b"000666" + b"000000" + b"000000" + b"000001" + b"000000"
        header += b"%011o" % 1413256773 + b"%06o" % len(raw_name) + b"%011o" % len(data)
        assert len(header) == 76
        out += header + raw_name + data
    return bytes(out)


def marker_file(sections: Sequence[Section], marker: bytes = b"HouNC\x1a", trailer: bool = True) -> bytes:
    """The Apprentice/Indie form: marker + 28 hex digits + name NUL + body, up to the next marker."""
    closing = "NON_COMMERCIAL_FILE!!!" if marker.startswith(b"HouNC") else "LIMITED_COMMERCIAL_FILE!!!"
    out = bytearray()
    items = list(sections) + ([(closing, "")] if trailer else [])
    for i, (name, body) in enumerate(items):
        data = body.encode("utf-8") if isinstance(body, str) else body
        out += marker + (b"1033600ba%019x" % (i * 7919)) + name.encode("utf-8") + b"\0" + data
    return bytes(out)


def node(path: str, type_name: str, parms: str, chn: str = "", bypass: bool = False) -> List[Section]:
    flags = "flags =  lock off bypass %s display off render off" % ("on" if bypass else "off")
    out = [
        (path + ".init", "type = %s\nmatchesdef = 0\n" % type_name),
        (path + ".def", 'comment ""\nposition 0 0\n%s\nend\n' % flags),
    ]
    if chn:
        out.append((path + ".chn", chn))
    out.append((path + ".parm", "{\nversion 0.8\n" + parms + "}\n"))
    return out


def parm(name: str, *values: str) -> str:
    return "%s\t[ 0\tlocks=0 ]\t(\t%s\t)\n" % (name, "\t".join(values))


def scene_sections(tmp: Path) -> List[Section]:
    """A scene with a Mantra ROP, a Redshift ROP and a bypassed geometry ROP, each with its own range."""
    job = tmp / "job"
    sections: List[Section] = [
        (".start", "fplayback -i on -r off -f 1 -e on -h on -t on -a on -k on -s 1\ntcur 0\nfps 25\n"
                   "tset 0 4\nframe 1 100\nframe 1 100\nfrange 1 100\n"),
        (".variables", "set -g HIP = '/somewhere/else'\nset -g HIPNAME = 'old'\nset -g JOB = '%s'\n"
                       "set -g _HIP_SAVEVERSION = '20.5.410'\nset -g _HIP_SAVEPLATFORM = 'linux'\n" % job),
        (".OPlibraries", "# libraries\n$HIP/otls/studio_tools.hda\nScanned Asset Library Directories\n"),
        (".OPfallbacks", "Sop/studio::scatterer::1.0 /studio/otls/studio_scatterer.hda\n"
                         "Driver/ifd /opt/hfs20.5/houdini/otls/OPlibDriver.hda\nDriver/ifd otls/OPlibDriver.hda\n"),
        (".OPdummydefs", "INDX\0\0\0" + "x" * 1000),
    ]
    sections += node("obj/cam1", "cam", parm("res", "1920", "1080") + parm("vm_background", '""'))
    sections += node("obj/geo1", "geo", parm("RS_objprop_proxy_enable", '"off"') + parm("RS_objprop_proxy_file", "$HIP/p.rs"))
    sections += node("obj/geo1/file1", "file", parm("file", "$HIP/geo/sim.$F4.bgeo.sc"))
    sections += node("obj/geo1/file2", "file", parm("file", "`chs(\\\"../file1/file\\\")`"))
    sections += node("obj/geo1/file3", "file", parm("file", '"$HIP/geo/wedge_`@wedgeindex`.bgeo.sc"'))
    sections += node("obj/geo1/font1", "font", parm("file", '"Lato Bold"'))
    sections += node("obj/geo1/defcam", "file", parm("file", "defcam.bgeo"))
    sections += node("obj/geo1/abc", "alembic", parm("fileName", "$JOB/cache/hero.abc"))
    sections += node("mat/principled1", "principledshader::2.0",
                     parm("basecolor_useTexture", '"on"') + parm("basecolor_texture", "$JOB/tex/wood_<UDIM>.rat")
                     + parm("rough_useTexture", '"off"') + parm("rough_texture", "$JOB/tex/unused.rat"))
    sections += node(
        "out/mantra1", "ifd",
        parm("trange", '"normal"') + parm("f", "[ f1\t10 ]", "[ f2\t100 ]", "2") + parm("camera", "/obj/cam1")
        + parm("vm_picture", "[ vm_picture\t/somewhere/else/render/old.mantra1.0010.exr ]")
        + parm("vm_deepresolver", "camera") + parm("vm_dcmfilename", "$HIP/dcm.rat"),
        chn="{\n    channel f1 {\n      segment { length = 0 value = 10 10 expr = $FSTART }\n    }\n"
            "    channel vm_picture {\n      defaultString = \\\"x\\\"\n      segment { options = {\t autoslope  ai ao }\n\n"
            "\t length = 0 expr = \\\"$HIP/render/$HIPNAME.$OS.$F4.exr\\\" }\n    }\n  }\n",
    )
    sections += node(
        "out/rs_beauty", "Redshift_ROP",
        parm("trange", '"normal"') + parm("f", "1001", "1050", "1") + parm("RS_renderCamera", "/obj/cam1")
        + parm("RS_outputFileNamePrefix", '"$HIP/render/beauty.$F4.exr"'),
    )
    sections += node(
        "out/cache", "geometry",
        parm("trange", '"on"') + parm("f", "1", "24", "1") + parm("sopoutput", "$HIP/geo/out.$F4.bgeo.sc"),
        bypass=True,
    )
    sections += node("out/preview", "opengl", parm("trange", '"off"') + parm("f", "1", "24", "1")
                     + parm("camera", "/obj/nocam") + parm("picture", "ip"))
    sections.append(("out.net", "1\n"))
    return sections


def make_files(tmp: Path) -> None:
    (tmp / "geo").mkdir()
    for f in (1, 2, 3):
        (tmp / "geo" / ("sim.%04d.bgeo.sc" % f)).write_bytes(b"B" * (10 * f))
    (tmp / "otls").mkdir()
    (tmp / "otls" / "studio_tools.hda").write_bytes(b"HDA")
    tex = tmp / "job" / "tex"
    tex.mkdir(parents=True)
    (tex / "wood_1001.rat").write_bytes(b"12345")
    (tex / "wood_1002.rat").write_bytes(b"123")


@pytest.fixture()
def synthetic(tmp_path: Path) -> Path:
    make_files(tmp_path)
    p = tmp_path / "shot.hip"
    p.write_bytes(cpio(scene_sections(tmp_path)))
    return p


def layer(spec, name):
    return next(l for l in spec.layers if l.name == name)


def asset(spec, ref):
    return next(a for a in spec.assets if ref in a.node.split(", "))


def messages(spec, severity=None):
    return [p.message for p in spec.problems if severity is None or p.severity == severity]


# synthetic scenes --------------------------------------------------------------------------------


def test_cpio_scene_rops_each_with_own_range_camera_output(synthetic: Path):
    spec = scenefile.analyze(str(synthetic))
    assert spec.host.value == "houdini" and spec.host_version == "20.5.410"
    assert spec.analyser == "houdini.scenefile"
    assert spec.fps == 25 and spec.frames == FrameRange.parse("1-100")
    assert spec.project_path == str(synthetic.parent / "job")

    mantra = layer(spec, "/out/mantra1")
    assert (mantra.kind, mantra.renderer, mantra.node_type) == ("rop", "mantra", "ifd")
    assert mantra.frames == FrameRange.parse("10-100[2]")
    assert mantra.cameras == ["/obj/cam1"]
    # the channel's expression, not the value evaluated at save time on another machine
    assert mantra.output == "$HIP/render/$HIPNAME.$OS.$F4.exr" and mantra.image_format == "exr"

    rs = layer(spec, "/out/rs_beauty")
    assert (rs.renderer, rs.node_type, str(rs.frames), rs.cameras) == ("redshift", "Redshift_ROP", "1001-1050", ["/obj/cam1"])
    assert rs.output == "$HIP/render/beauty.$F4.exr"

    cache = layer(spec, "/out/cache")
    assert cache.renderer == "" and cache.renderable is False and str(cache.frames) == "1-24"
    assert cache.output == "$HIP/geo/out.$F4.bgeo.sc" and cache.image_format == "bgeo.sc"

    preview = layer(spec, "/out/preview")
    assert str(preview.frames) == "1" and preview.output == ""  # current frame only, to MPlay
    assert any("renders to MPlay" in m for m in messages(spec, Severity.WARNING))
    assert any("/obj/nocam, which is not in the scene" in m for m in messages(spec))

    assert spec.renderer == "mantra"  # the first renderable image ROP in /out
    assert spec.output_pattern == mantra.output and spec.image_format == "exr"
    assert (spec.resolution.width, spec.resolution.height) == (1920, 1080)
    assert [(c.name, c.renderable) for c in spec.cameras] == [("/obj/cam1", True)]
    assert [p.name for p in spec.plugins] == ["redshift"]


def test_cpio_scene_assets(synthetic: Path):
    spec = scenefile.analyze(str(synthetic))
    hip = str(synthetic.parent)

    seq = asset(spec, "/obj/geo1/file1/file")
    assert seq.path == "$HIP/geo/sim.$F4.bgeo.sc" and seq.kind == AssetKind.CACHE
    assert seq.sequence and seq.exists and seq.size == 60
    assert seq.resolved == [os.path.join(hip, "geo", "sim.%04d.bgeo.sc" % f) for f in (1, 2, 3)]
    # chs("../file1/file") is followed to the same files, not reported twice
    assert "/obj/geo1/file2/file" in seq.node

    udim = asset(spec, "/mat/principled1/basecolor_texture")
    assert udim.kind == AssetKind.TEXTURE and udim.exists and udim.size == 8 and len(udim.resolved) == 2
    assert not any(a.path.endswith("unused.rat") for a in spec.assets)  # its texture toggle is off

    abc = asset(spec, "/obj/geo1/abc/fileName")
    assert abc.kind == AssetKind.CACHE and not abc.exists
    assert abc.missing == [os.path.join(hip, "job", "cache", "hero.abc")]

    hda = [a for a in spec.assets if a.kind == AssetKind.HDA]
    assert {a.path for a in hda} == {"$HIP/otls/studio_tools.hda", "/studio/otls/studio_scatterer.hda"}
    assert next(a for a in hda if a.path.startswith("$HIP")).exists
    assert not any("OPlibDriver" in a.path for a in spec.assets)  # Houdini's own library
    assert any("'Scanned Asset Library Directories'" in m for m in messages(spec, Severity.NOTICE))

    paths = {a.path for a in spec.assets}
    assert "Lato Bold" not in paths and "defcam.bgeo" not in paths and "$HIP/p.rs" not in paths
    assert "$HIP/dcm.rat" not in paths and "$HIP/geo/out.$F4.bgeo.sc" not in paths  # outputs, not inputs
    assert "ROP /out/mantra1 also writes deep images (camera) to $HIP/dcm.rat" in messages(spec, Severity.NOTICE)
    wedge = asset(spec, "/obj/geo1/file3/file")
    assert wedge.path == "$HIP/geo/wedge_`@wedgeindex`.bgeo.sc" and not wedge.exists
    assert any("backtick expression" in m and "/obj/geo1/file3/file" in m for m in messages(spec, Severity.WARNING))
    assert any("ship with Houdini" in m for m in messages(spec, Severity.NOTICE))


def test_marker_form_reads_the_same_scene(tmp_path: Path):
    make_files(tmp_path)
    sections = scene_sections(tmp_path)
    a = tmp_path / "shot.hipnc"
    a.write_bytes(marker_file(sections))
    b = tmp_path / "shot.hip"
    b.write_bytes(cpio(sections))
    spec_nc, spec = scenefile.analyze(str(a)), scenefile.analyze(str(b))
    assert [(l.name, str(l.frames), l.output) for l in spec_nc.layers] == [
        (l.name, str(l.frames), l.output) for l in spec.layers
    ]
    assert [x.path for x in spec_nc.assets] == [x.path for x in spec.assets]
    assert any("Apprentice" in m for m in messages(spec_nc, Severity.WARNING))
    lc = tmp_path / "shot.hiplc"
    lc.write_bytes(marker_file(sections, marker=b"HouLC\x1a"))
    assert any("Indie" in m for m in messages(scenefile.analyze(str(lc)), Severity.NOTICE))


def test_marker_bytes_inside_a_body_do_not_split_it(tmp_path: Path):
    body = "text with HouNC\x1a inside and HouNC\x1a1033600ba0 too\n"
    p = tmp_path / "x.hipnc"
    p.write_bytes(marker_file([(".start", "fps 24\nfrange 1 10\n"), ("obj/a.userdata", body)]))
    with open(p, "rb") as f:
        got = dict(iter_sections(f, lambda n: True))
    assert got["obj/a.userdata"] == body.encode()
    assert got["NON_COMMERCIAL_FILE!!!"] == b""


@pytest.mark.parametrize("form", ["cpio", "marker"])
def test_truncated_synthetic_file_is_a_clean_error(tmp_path: Path, form: str):
    data = cpio(scene_sections(tmp_path)) if form == "cpio" else marker_file(scene_sections(tmp_path))
    p = tmp_path / ("cut.hip" if form == "cpio" else "cut.hipnc")
    for cut in (len(data) - 1, len(data) // 2, 80):
        p.write_bytes(data[:cut])
        with pytest.raises(SceneFileError) as err:
            scenefile.analyze(str(p))
        assert str(p) in str(err.value) and "truncated" in str(err.value)
    p.write_bytes(data[:3])
    with pytest.raises(SceneFileError, match="not a Houdini scene"):
        scenefile.analyze(str(p))


def test_missing_trailer_is_truncation(tmp_path: Path):
    p = tmp_path / "notrailer.hip"
    p.write_bytes(cpio([(".start", "fps 24\n")], trailer=False))
    with pytest.raises(SceneFileError, match="TRAILER"):
        scenefile.analyze(str(p))


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"Kaydara FBX Binary  \x00\x1a\x00", "not a Houdini scene"),
        (b"070707" + b"z" * 80, "bad name size"),
        (b"070707000001000000000666000000000000000001000000" + b"14132567737" + b"000007" + b"77777777777"
         + b".start\0fps 24\n", "claims"),
    ],
)
def test_not_a_hip_file(tmp_path: Path, content: bytes, reason: str):
    p = tmp_path / "bad.hip"
    p.write_bytes(content)
    with pytest.raises(SceneFileError) as err:
        scenefile.analyze(str(p))
    assert str(err.value).startswith(str(p)) and reason in str(err.value)


def test_folder_and_missing_file(tmp_path: Path):
    with pytest.raises(SceneFileError, match="folder"):
        scenefile.analyze(str(tmp_path))
    with pytest.raises(SceneFileError, match="cannot be read"):
        scenefile.analyze(str(tmp_path / "nope.hip"))


def test_wrong_extension_is_a_warning_when_the_content_is_a_hip(synthetic: Path, tmp_path: Path):
    other = tmp_path / "shot.txt"
    other.write_bytes(synthetic.read_bytes())
    spec = scenefile.analyze(str(other))
    assert any("extension '.txt'" in m for m in messages(spec, Severity.WARNING))


def test_huge_sections_are_streamed_not_kept(tmp_path: Path):
    """A 24 MB section in each form: analysed fast with bounded memory."""
    big = "x" * (24 << 20)
    sections = [(".start", "fps 24\nfrange 1 5\n"), (".variables", "set -g _HIP_SAVEVERSION = '19.5.303'\n"),
                ("obj/geo1.data", big)] + node("out/m", "ifd", parm("trange", '"normal"') + parm("f", "1", "5", "1"))
    del big
    for name, data in (("big.hip", cpio(sections)), ("big.hipnc", marker_file(sections))):
        p = tmp_path / name
        p.write_bytes(data)
        del data
        tracemalloc.start()
        t0 = time.perf_counter()
        spec = scenefile.analyze(str(p))
        elapsed = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        p.unlink()
        assert str(layer(spec, "/out/m").frames) == "1-5"
        assert peak < 12 << 20, "peak %d bytes while reading %s" % (peak, name)
        assert elapsed < 10


def test_wanted_section_over_the_limit_is_skipped_with_a_warning(tmp_path: Path):
    p = tmp_path / "s.hip"
    p.write_bytes(cpio([(".start", "fps 24\nfrange 1 5\n"), (".variables", "set -g A = '" + "v" * 5000 + "'\n")]))
    with open(p, "rb") as f:
        got = dict(iter_sections(f, lambda n: True, max_body=1000))
    assert got[".variables"] is None and got[".start"] is not None


# the parsers on their own ---------------------------------------------------------------------------


def test_parm_values_quotes_channels_and_multiline_strings():
    text = (
        "{\nversion 0.8\n"
        'f\t[ 0\tlocks=0 ]\t(\t[ f1\t1 ] \t[ f2\t240 ] \t1\t)\n'
        'text\t[ 0\tlocks=0 ]\t(\t"line one\nline \\"two\\""\t)\n'
        "path\t[ 0\tlocks=0 ]\t(\tC:/work/render(v2)/a.exr\t)\n"
        'ref\t[ 0\tlocks=0 ]\t(\t`chs(\\"../x/file\\")`\t)\n'
        "}\n"
    )
    parms = parse_parms(text)
    assert [(v.value, v.channel) for v in parms["f"].values] == [("1", "f1"), ("240", "f2"), ("1", "")]
    assert parms["text"].values[0].value == 'line one\nline "two"'
    assert parms["path"].values[0].value == "C:/work/render(v2)/a.exr"
    assert parms["ref"].values[0].value == '`chs("../x/file")`'


def test_channels_and_string_literals():
    chn = ('{\n channel f1 {\n segment { length = 0 value = 1 1 expr = $FSTART }\n }\n'
           ' channel pic {\n segment { options = { autoslope ai } length = 0 expr = \\"$HIP/a.$F4.exr\\" }\n }\n'
           ' channel sp {\n segment { length = 0 expr = "\\"$HIP/my file.exr\\"" }\n }\n'
           ' channel d {\n segment { length = 0 expr = "if(ch(\'./x\'), 1, 0)" }\n }\n}\n')
    chans = parse_channels(chn)
    assert chans["f1"] == "$FSTART"
    assert string_literal(chans["pic"]) == "$HIP/a.$F4.exr"
    assert string_literal(chans["sp"]) == "$HIP/my file.exr"
    assert string_literal(chans["d"]) is None
    assert string_literal('"$HIP/render/$OS.exr"') == "$HIP/render/$OS.exr"
    assert string_literal("ch(\"x\")") is None


def test_start_section_falls_back_to_tset():
    pb = parse_start("tcur 0.5\nfps 24\ntset 0 10\n")
    assert (pb.start, pb.end, pb.fps, pb.current) == (1.0, 240.0, 24.0, 13.0)


# the corpus -------------------------------------------------------------------------------------------

HOUDINI = {
    # file: (version, playbar, fps, renderer, [(ROP, type, renderer, frames, cameras, output)])
    "captainhammy__Houdini-Toolbox__test_parameters.hip": (
        "18.5.732", "1-240", 24.0, "mantra",
        [("/out/mantra1", "ifd", "mantra", "1", ["/obj/cam1"], "$HIP/render/$HIPNAME.$OS.$F4.exr")],
    ),
    "captainhammy__Houdini-Toolbox__test_pointcloud.hip": ("18.5.732", "1-240", 24.0, "", []),
    "captainhammy__Houdini-Toolbox__test_utils.hip": ("18.0.532", "1-240", 24.0, "", []),
    "Kartaverse__Kartaverse-for-Houdini__TOPs_FFmpeg_Movies_to_Frameset_Images_V001.hip": (
        "20.5.278", "1-240", 24.0, "", []),
    "Kartaverse__Kartaverse-for-Houdini__COPS_PBR_PreviewMaterial_v001.hip": ("20.5.445", "0", 24.0, "", []),
    "EFV0804__houdini_pdg_wedger_tool__test.hipnc": (
        "18.5.563", "1-240", 24.0, "mantra",
        [("/out/mantra1", "ifd", "mantra", "1", ["/obj/cam1"], "$HIP/render/$HIPNAME.$OS.$F4.exr"),
         ("/out/opengl1", "opengl", "opengl", "1", ["/obj/cam1"], "")],
    ),
    "EFV0804__houdini_pdg_wedger_tool__fxworkflow_tutorial.hipnc": (
        "18.5.596", "1-200", 24.0, "mantra",
        [("/out/comp1", "comp", "", "1-240", [], "$HIP/render/$HIPNAME.$OS.$F4.exr"),
         ("/out/smoke_mantra", "ifd", "mantra", "1-200", ["/obj/render_cam"], "$HIP/render/$OS.$F4.exr"),
         ("/tasks/topnet1/opengl_render/mantra1", "ifd", "mantra", "1", ["/obj/render_cam"],
          "$HIP/render/mantra/$HIPNAME.$OS.`@wedgeindex`.$F4.exr"),
         ("/tasks/topnet1/opengl_render/opengl", "opengl", "opengl", "1", ["/obj/render_cam"],
          "$HIP/render/opengl/$OS.`@wedgeindex`.$F4.exr"),
         ("/tasks/topnet1/opengl_render/opengl_preview", "opengl", "opengl", "1", ["/obj/render_cam"],
          "$HIP/render/opengl/$OS.`@wedgeindex`.$F4.exr")],
    ),
    "fabriciochamon__houdini-hips__bullet_growing_chain_links.hiplc": ("18.0.287", "1-200", 24.0, "", []),
    "fabriciochamon__houdini-hips__filament_solver.hiplc": ("18.5.462", "1-240", 24.0, "", []),
    "fabriciochamon__houdini-hips__vex_rand_rot_on_points.hiplc": ("21.0.559", "1-240", 24.0, "", []),
}

# what each file reads from disk (paths as written), checked by reading the sections by hand
HOUDINI_ASSETS = {
    "Kartaverse__Kartaverse-for-Houdini__COPS_PBR_PreviewMaterial_v001.hip": {
        ("$HIP/comp/0001/%s/$F4.png" % n, "/obj/copnet1/%s/filename" % n, "texture")
        for n in ("alpha", "basecolor", "normal", "roughness", "specular")
    } | {("$HOME/Documents/HoudiniProjects/COPS_PBR/comp/0001/hdri/StinsonBeach.hdr", "/obj/envlight1/env_map", "texture")},
    # the file SOPs read the geometry ROP outputs through chs(); @wedgeindex stays an expression
    "EFV0804__houdini_pdg_wedger_tool__fxworkflow_tutorial.hipnc": {
        ("$HIP/geo/sim/$HIPNAME.$OS.`@wedgeindex`.$F.bgeo.sc", "/obj/render_smoke/file1/file", "cache"),
        ("$HIP/geo/source/$HIPNAME.$OS.`@wedgeindex`.$F.bgeo.sc", "/obj/smoke_src/in_source/file", "cache"),
    },
}


def test_corpus_covers_every_houdini_file(scenes_dir: Path):
    assert sorted(p.name for p in (scenes_dir / "houdini").iterdir()) == sorted(HOUDINI)


@pytest.mark.parametrize("name", sorted(HOUDINI))
def test_corpus_file(scenes_dir: Path, name: str):
    path = scenes_dir / "houdini" / name
    version, playbar, fps, renderer, rops = HOUDINI[name]
    t0 = time.perf_counter()
    spec = analyze_file(str(path))
    assert time.perf_counter() - t0 < 5
    assert spec.host.value == "houdini" and spec.scene_path == str(path)
    assert spec.host_version == version
    assert str(spec.frames) == playbar and spec.fps == fps
    assert spec.renderer == renderer
    got = [(l.name, l.node_type, l.renderer, str(l.frames), l.cameras, l.output) for l in spec.layers]
    assert got == rops
    want_assets = HOUDINI_ASSETS.get(name, set())
    got_assets = set()
    for a in spec.assets:
        for ref in a.node.split(", "):
            got_assets.add((a.path, ref, AssetKind(a.kind).value))
    assert {(p, k) for p, _, k in got_assets} == {(p, k) for p, _, k in want_assets}
    assert want_assets <= got_assets or not want_assets
    for a in spec.assets:
        assert not a.exists  # none of these files is beside the corpus
    if not rops:
        assert any("no ROP" in m for m in messages(spec, Severity.WARNING))
    if name.endswith(".hipnc"):
        assert any("Apprentice" in m for m in messages(spec, Severity.WARNING))


def test_corpus_mantra_deep_outputs_are_parms_not_inputs(scenes_dir: Path):
    """test_parameters.hip holds vm_dcmfilename=$HIP/dcm.rat: a deep-image output of the ROP
    (vm_deepresolver is null), read as a parm but never offered for upload."""
    path = scenes_dir / "houdini" / "captainhammy__Houdini-Toolbox__test_parameters.hip"
    with open(path, "rb") as f:
        sections = dict(iter_sections(f, lambda n: n == "out/mantra1.parm"))
    parms = parse_parms(sections["out/mantra1.parm"].decode())
    assert parms["vm_dcmfilename"].values[0].value == "$HIP/dcm.rat"
    assert parms["vm_dsmfilename"].values[0].value == "$HIP/dsm.rat"
    assert parms["vm_deepresolver"].values[0].value == "null"
    spec = scenefile.analyze(str(path))
    assert spec.assets == []
    notes = messages(spec)
    assert not any("deep images" in m for m in notes)  # the deep resolver is off
    assert any("/obj/cam1, which is not in the scene" in m for m in notes)
    assert any("renders only the current frame" in m for m in notes)


def test_corpus_chs_reference_is_followed(scenes_dir: Path):
    spec = scenefile.analyze(str(scenes_dir / "houdini" / "EFV0804__houdini_pdg_wedger_tool__fxworkflow_tutorial.hipnc"))
    sim = next(a for a in spec.assets if a.path.startswith("$HIP/geo/sim/"))
    # /obj/smoke_import/IN_SIM reads `chs("/tasks/topnet1/smoke_sim/sopoutput")`, file1 reads IN_SIM's file
    assert set(sim.node.split(", ")) == {
        "/obj/render_smoke/file1/file", "/obj/smoke_import/IN_SIM/file", "/obj/smoke_import/import_pyrofields/file"}
    # $OS is the name of the node that holds the path (smoke_sim), not the node reading it
    assert sim.resolved[0].endswith("/geo/sim/EFV0804__houdini_pdg_wedger_tool__fxworkflow_tutorial.smoke_sim."
                                    "`@wedgeindex`.$F.bgeo.sc")


def test_corpus_truncation_and_flipped_bytes(scenes_dir: Path, tmp_path: Path):
    """Each corpus file cut short at random points must fail cleanly; flipped bytes give an error or a
    spec; never a hang or another exception."""
    rnd = random.Random(5)
    for src in sorted((scenes_dir / "houdini").iterdir()):
        data = src.read_bytes()
        target = tmp_path / ("m" + src.suffix)
        for i in range(5):
            cut = rnd.randrange(len(data))
            target.write_bytes(data[:cut])
            t0 = time.perf_counter()
            with pytest.raises(SceneFileError) as err:
                scenefile.analyze(str(target))
            assert str(target) in str(err.value)
            assert time.perf_counter() - t0 < 5
        for i in range(4):
            b = bytearray(data)
            for _ in range(rnd.randrange(1, 30)):
                b[rnd.randrange(len(b))] = rnd.randrange(256)
            target.write_bytes(bytes(b))
            t0 = time.perf_counter()
            try:
                scenefile.analyze(str(target))
            except SceneFileError as exc:
                assert str(target) in str(exc)
            assert time.perf_counter() - t0 < 5


def test_container_errors_are_hipformaterror(tmp_path: Path):
    p = tmp_path / "x.hip"
    p.write_bytes(b"garbage")
    with open(p, "rb") as f, pytest.raises(HipFormatError):
        list(iter_sections(f, lambda n: True))


def test_every_renderer_rop_type(tmp_path: Path):
    rng = lambda a, b: parm("trange", '"normal"') + parm("f", str(a), str(b), "1")  # noqa: E731
    sections: List[Section] = [(".start", "fps 24\nfrange 1 10\ntcur 0\n"),
                               (".variables", "set -g _HIP_SAVEVERSION = '21.0.440'\n")]
    sections += node("obj/cam1", "cam", parm("res", "640", "360"))
    sections += node("out/karma1", "karma", rng(1, 2) + parm("camera", "/obj/cam1") + parm("picture", "$HIP/k.$F4.exr"))
    sections += node("out/usd_k", "usdrender", rng(3, 4) + parm("renderer", "BRAY_HdKarmaXPU")
                     + parm("outputimage", "$HIP/x.$F4.exr"))
    sections += node("out/usd_a", "usdrender", rng(5, 6) + parm("renderer", "HdArnoldRendererPlugin")
                     + parm("outputimage", "$HIP/a.$F4.exr"))
    sections += node("out/htoa", "arnold", rng(7, 8) + parm("camera", "/obj/cam1") + parm("ar_picture", "$HIP/ar.$F4.exr"))
    sections += node("out/vray", "vray_renderer", rng(9, 10) + parm("render_camera", "/obj/cam1")
                     + parm("SettingsOutput_img_file_path", "$HIP/vr.$F4.exr"))
    sections += node("out/prman", "ris::3.0", rng(11, 12) + parm("camera", "/obj/cam1")
                     + parm("ri_display_0_name", "$HIP/rm.$F4.exr"))
    sections += node("out/oct", "Octane_ROP", rng(13, 14) + parm("HO_renderCamera", "/obj/cam1")
                     + parm("HO_img_fileName", "$HIP/oc.$F4.exr"))
    sections += node("out/abc", "alembic", rng(15, 16) + parm("filename", "$HIP/a.abc"))
    sections += node("out/usd", "usd", rng(17, 18) + parm("lopoutput", "$HIP/s.usd"))
    sections += node("obj/geo1", "geo", "")
    sections += node("obj/geo1/rop_geometry1", "rop_geometry", rng(19, 20) + parm("sopoutput", "$HIP/g.$F4.bgeo.sc"))
    sections += node("obj/geo1/alembic1", "alembic", parm("fileName", "$HIP/a.abc"))  # an Alembic SOP reads
    sections += node("stage/usdrender_rop1", "usdrender_rop", rng(21, 22) + parm("renderer", "HdPrmanLoaderRendererPlugin")
                     + parm("outputimage", "$HIP/st.$F4.exr"))
    p = tmp_path / "all.hip"
    p.write_bytes(cpio(sections))
    spec = scenefile.analyze(str(p))
    got = {l.name: (l.renderer, str(l.frames), l.output) for l in spec.layers}
    assert got == {
        "/out/karma1": ("karma", "1-2", "$HIP/k.$F4.exr"),
        "/out/usd_k": ("karma", "3-4", "$HIP/x.$F4.exr"),
        "/out/usd_a": ("arnold", "5-6", "$HIP/a.$F4.exr"),
        "/out/htoa": ("arnold", "7-8", "$HIP/ar.$F4.exr"),
        "/out/vray": ("vray", "9-10", "$HIP/vr.$F4.exr"),
        "/out/prman": ("renderman", "11-12", "$HIP/rm.$F4.exr"),
        "/out/oct": ("octane", "13-14", "$HIP/oc.$F4.exr"),
        "/out/abc": ("", "15-16", "$HIP/a.abc"),
        "/out/usd": ("", "17-18", "$HIP/s.usd"),
        "/obj/geo1/rop_geometry1": ("", "19-20", "$HIP/g.$F4.bgeo.sc"),
        "/stage/usdrender_rop1": ("renderman", "21-22", "$HIP/st.$F4.exr"),
    }
    assert [a.node for a in spec.assets] == ["/obj/geo1/alembic1/fileName"]
    assert {p.name for p in spec.plugins} == {"htoa", "vray", "renderman", "octane"}
    assert spec.renderer == "arnold"  # /out/abc sorts first but writes a cache; /out/htoa is the first image ROP
    assert any("several renderers" in m for m in messages(spec, Severity.NOTICE))


def test_unc_and_windows_paths_are_not_relative(tmp_path: Path):
    sections: List[Section] = [(".start", "fps 24\nfrange 1 1\n"), (".variables", "set -g _HIP_SAVEVERSION = '20.0.1'\n")]
    sections += node("obj/geo1", "geo", "")
    sections += node("obj/geo1/nas", "file", parm("file", "//nas/proj/geo/a.bgeo.sc"))
    sections += node("obj/geo1/win", "file", parm("file", "D:/proj/geo/b.bgeo.sc"))
    p = tmp_path / "paths.hip"
    p.write_bytes(cpio(sections))
    spec = scenefile.analyze(str(p))
    nas, win = asset(spec, "/obj/geo1/nas/file"), asset(spec, "/obj/geo1/win/file")
    assert not nas.exists and nas.missing == ["//nas/proj/geo/a.bgeo.sc"]
    assert not win.exists and win.missing == ["D:/proj/geo/b.bgeo.sc"]
    assert str(tmp_path) not in nas.missing[0] + win.missing[0]


def test_file_parms_of_unknown_node_types(tmp_path: Path):
    """Studio HDAs: a parm named like a file parm whose value looks like a file is an input;
    known output parms and non-paths are not."""
    sections: List[Section] = [(".start", "fps 24\nfrange 1 1\n"), (".variables", "set -g _HIP_SAVEVERSION = '20.0.1'\n")]
    sections += node("obj/geo1", "geo", "")
    sections += node("obj/geo1/loader", "studio::loader::2.0",
                     parm("geo_file", "$HIP/in/a.abc") + parm("label_file", '"not a path"')
                     + parm("lut_texture", "$HIP/lut.cube") + parm("count_file", "3"))
    sections += node("obj/light1", "hlight::2.0", parm("shadowmap_file", "$HIP/shadow.rat")
                     + parm("light_texture", "temp:tex.rat"))
    p = tmp_path / "studio.hip"
    p.write_bytes(cpio(sections))
    spec = scenefile.analyze(str(p))
    assert sorted((a.path, AssetKind(a.kind).value) for a in spec.assets) == [
        ("$HIP/in/a.abc", "cache"), ("$HIP/lut.cube", "color")]


def test_other_scene_types_are_named(scenes_dir: Path, tmp_path: Path):
    src = scenes_dir / "max" / "Manpos__Dojo-Modeling__Dojo.max"
    p = tmp_path / "renamed.hip"
    p.write_bytes(src.read_bytes()[:4096])
    with pytest.raises(SceneFileError, match="looks like a 3ds Max scene"):
        scenefile.analyze(str(p))
