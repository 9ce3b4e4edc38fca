"""Path tokens and ``resolve_asset``: real files in a tmp dir, hypothesis for the token grammar."""

from __future__ import annotations

import fnmatch
import os

import pytest
from hypothesis import given, settings, strategies as st

from rb_dcc.scene import AssetKind, FrameRange
from rb_dcc.scene.tokens import (
    expand_tokens,
    expand_variables,
    has_frame_tokens,
    has_sequence_tokens,
    has_udim_tokens,
    resolve_asset,
    split_tokens,
    tokens_to_glob,
    tokens_to_regex,
    unknown_variables,
)


def touch(path, size=3):
    os.makedirs(os.path.dirname(str(path)), exist_ok=True)
    with open(str(path), "wb") as fh:
        fh.write(b"x" * size)
    return str(path)


# --- token grammar -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "path, frame, expected",
    [
        ("a.<f>.exr", 7, "a.7.exr"),
        ("a.<f4>.exr", 7, "a.0007.exr"),
        ("a.<frame>.exr", 12, "a.12.exr"),
        ("a.####.exr", 7, "a.0007.exr"),
        ("a.#.exr", 7, "a.7.exr"),
        ("a.$F.exr", 7, "a.7.exr"),
        ("a.$F4.exr", 7, "a.0007.exr"),
        ("a.${F4}.exr", 7, "a.0007.exr"),
        ("a.%04d.exr", 7, "a.0007.exr"),
        ("a.%d.exr", 7, "a.7.exr"),
        ("a.$F4.exr", -3, "a.-003.exr"),
        ("a.$FF.exr", 2.5, "a.2.5.exr"),
    ],
)
def test_frame_tokens_expand(path, frame, expected):
    assert has_frame_tokens(path) and has_sequence_tokens(path)
    assert expand_tokens(path, frame=frame) == expected
    assert tokens_to_regex(path).fullmatch(expected)


@pytest.mark.parametrize(
    "path, udim, expected",
    [
        ("t.<UDIM>.png", 1012, "t.1012.png"),
        ("t.<udim>.png", 1001, "t.1001.png"),
        ("t_u<U>_v<V>.png", 1012, "t_u2_v2.png"),
        ("t_u<u>_v<v>.png", 1012, "t_u1_v1.png"),
        ("t.<UVTILE>.png", 1023, "t.u3_v3.png"),
        ("t.%(UDIM)d.png", 1005, "t.1005.png"),
    ],
)
def test_udim_tokens_expand(path, udim, expected):
    assert has_udim_tokens(path) and not has_frame_tokens(path)
    assert expand_tokens(path, udim=udim) == expected
    assert tokens_to_regex(path).fullmatch(expected)


def test_plain_paths_have_no_tokens_and_globs_are_escaped():
    for p in ("/a/b.png", "D:/x/y[1].tif", "$HIP/geo.bgeo", "<MAYA_RESOURCES>/x.ocio", "$FOO.png"):
        assert not has_sequence_tokens(p), p
    assert tokens_to_glob("/a/[x]*.####.exr") == "/a/[[]x][*].*.exr"


def test_houdini_backtick_expression_is_a_wildcard():
    p = "$HIP/images/Camera`@View`.`padzero(4, @rangeValue)`.jpg"
    assert [t.kind for t in split_tokens(p)] == ["text", "expr", "text", "expr", "text"]
    assert tokens_to_regex(p).fullmatch("$HIP/images/Camera1.0003.jpg")


def test_variables_expand_and_unknown_ones_stay():
    env = {"HIP": "/proj/shot", "JOB": "/proj", "MAYA_RESOURCES": "/opt/maya/resources"}
    assert expand_variables("$HIP/geo/$F4.bgeo", env, environ=False) == "/proj/shot/geo/$F4.bgeo"
    assert expand_variables("${JOB}/tex/a.<UDIM>.exr", env, environ=False) == "/proj/tex/a.<UDIM>.exr"
    assert expand_variables("<MAYA_RESOURCES>/c.ocio", env) == "/opt/maya/resources/c.ocio"
    assert expand_variables("$NOPE/a.png", env, environ=False) == "$NOPE/a.png"
    assert unknown_variables("$NOPE/<MAYA_RESOURCES>/a", {}, environ=False) == ["$NOPE", "<MAYA_RESOURCES>"]
    assert unknown_variables("<Scene>/<RenderLayer>/<f4>", {}, environ=False) == []
    # values holding variables expand, self-references do not loop
    assert expand_variables("$A/x", {"A": "$B/y", "B": "/root"}, environ=False) == "/root/y/x"
    assert expand_variables("$A/x", {"A": "$A"}, environ=False) == "$A/x"


def test_home_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    f = touch(tmp_path / "Documents" / "sky.hdr", 10)
    a = resolve_asset("$HOME/Documents/sky.hdr", kind="texture")
    assert a.exists and a.resolved == [f] and a.size == 10


# --- hypothesis: every expanded token matches its own regex and glob ---------------------

literal = st.text(alphabet="abcxyz_-.", min_size=0, max_size=6)
frame_tokens = st.sampled_from(["<f>", "<f4>", "####", "#", "$F", "$F4", "${F4}", "${F}", "%04d", "%d", "<frame>"])
udim_tokens = st.sampled_from(["<UDIM>", "<udim>", "<UVTILE>", "_u<U>_v<V>", "%(UDIM)d"])


@settings(max_examples=200, deadline=None)
@given(literal, frame_tokens, literal, st.integers(-999, 99999))
def test_any_frame_matches_its_token(pre, token, post, frame):
    path = "/r/" + pre + token + post + ".exr"
    name = expand_tokens(path, frame=frame)
    assert not has_sequence_tokens(name)
    assert tokens_to_regex(path).fullmatch(name), (path, name)
    assert fnmatch.fnmatchcase(name, tokens_to_glob(path))


@settings(max_examples=200, deadline=None)
@given(literal, udim_tokens, literal, st.integers(1001, 1999))
def test_any_udim_matches_its_token(pre, token, post, udim):
    path = "/r/" + pre + token + post + ".tx"
    name = expand_tokens(path, udim=udim)
    assert tokens_to_regex(path).fullmatch(name), (path, name)
    assert fnmatch.fnmatchcase(name, tokens_to_glob(path))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_text_never_crashes(text):
    split = split_tokens(text)
    assert "".join(t.text for t in split) == text
    tokens_to_regex(text)
    tokens_to_glob(text)
    expand_variables(text, {"HIP": "/h"}, environ=False)
    a = resolve_asset(text, kind="texture", base_dir="/nonexistent-rb-dcc")
    assert a.path == text


@settings(max_examples=100, deadline=None)
@given(st.sampled_from("CDEZ"), st.lists(st.text(alphabet="abc _.-", min_size=1, max_size=5), min_size=1, max_size=4))
def test_windows_paths_are_missing_on_posix(drive, parts):
    path = drive + ":\\" + "\\".join(parts) + ".png"
    a = resolve_asset(path, kind="texture", base_dir="/tmp")
    if os.name != "nt":
        assert not a.exists and a.missing and a.missing[0].startswith(drive + ":/")
        assert "Windows path" in a.note


# --- resolve_asset on real files ------------------------------------------------------------

def test_udim_set_is_globbed(tmp_path):
    for tile in (1001, 1002, 1011):
        touch(tmp_path / "tex" / ("skin.%d.tx" % tile), 5)
    touch(tmp_path / "tex" / "skin.10x1.tx")  # not a tile
    a = resolve_asset(str(tmp_path / "tex" / "skin.<UDIM>.tx"), kind=AssetKind.TEXTURE, node="file1.ftn")
    assert a.exists and a.sequence and a.size == 15
    assert [os.path.basename(p) for p in a.resolved] == ["skin.1001.tx", "skin.1002.tx", "skin.1011.tx"]
    assert a.node == "file1.ftn" and a.kind == AssetKind.TEXTURE


def test_mari_tiles_and_sequences(tmp_path):
    touch(tmp_path / "d_u1_v1.exr")
    touch(tmp_path / "d_u2_v1.exr")
    a = resolve_asset(str(tmp_path / "d_u<U>_v<V>.exr"), kind="texture")
    assert len(a.resolved) == 2
    for f in (1, 2, 3):
        touch(tmp_path / "geo" / ("sim.%04d.bgeo.sc" % f))
    b = resolve_asset("$HIP/geo/sim.$F4.bgeo.sc", kind="cache", variables={"HIP": str(tmp_path)})
    assert b.exists and len(b.resolved) == 3 and b.sequence


def test_frames_argument_reports_gaps(tmp_path):
    for f in (1, 2, 4):
        touch(tmp_path / ("c.%04d.abc" % f))
    a = resolve_asset(str(tmp_path / "c.####.abc"), kind="cache", frames=FrameRange.parse("1-4"))
    assert not a.exists
    assert a.missing == [str(tmp_path / "c.0003.abc")]
    assert a.size == 9


def test_missing_sequence_and_missing_file(tmp_path):
    a = resolve_asset(str(tmp_path / "none.<UDIM>.png"), kind="texture")
    assert not a.exists and a.missing == [str(tmp_path / "none.<UDIM>.png")]
    b = resolve_asset("gone.png", kind="texture", base_dir=str(tmp_path))
    assert not b.exists and b.missing == [str(tmp_path / "gone.png")]


def test_blender_relative_paths(tmp_path):
    f = touch(tmp_path / "textures" / "wood.png")
    a = resolve_asset("//textures/wood.png", kind="texture", base_dir=str(tmp_path), host="blender")
    assert a.exists and a.resolved == [f]
    up = resolve_asset("//../x/y.png", kind="texture", base_dir=str(tmp_path / "sub"), host="blender")
    assert up.missing == [str(tmp_path / "x" / "y.png")]
    # for Maya a leading // is a UNC path: missing, never looked up under the scene folder
    unc = resolve_asset("//textures/wood.png", kind="texture", base_dir=str(tmp_path), host="maya")
    assert not unc.exists


def test_maya_project_rule(tmp_path):
    proj = tmp_path / "proj"
    f = touch(proj / "sourceimages" / "brick" / "diffuse.png", 7)
    rel = resolve_asset("sourceimages/brick/diffuse.png", kind="texture", project_dir=str(proj), base_dir=str(proj / "scenes"))
    assert rel.exists and rel.resolved == [f]
    # an absolute path from another machine is found again under this project
    win = resolve_asset("D:/old/proj/sourceimages/brick/diffuse.png", kind="texture", project_dir=str(proj))
    assert win.exists and win.resolved == [f] and "project rule" in win.note
    posix = resolve_asset("/mnt/old/proj/sourceimages/brick/diffuse.png", kind="texture", project_dir=str(proj))
    assert posix.exists and posix.resolved == [f]


def test_unc_and_drive_paths_never_hit_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    touch(tmp_path / "D:" / "work" / "a.png")  # a POSIX path that looks like a drive path
    a = resolve_asset("D:/work/a.png", kind="texture")
    assert not a.exists and a.missing == ["D:/work/a.png"]
    b = resolve_asset("\\\\nas\\share\\a.png", kind="texture")
    assert not b.exists and b.missing == ["//nas/share/a.png"]


def test_unknown_variable_is_noted_not_guessed(tmp_path):
    a = resolve_asset("<MAYA_RESOURCES>/OCIO-configs/config.ocio", kind="color", base_dir=str(tmp_path))
    assert not a.exists and "<MAYA_RESOURCES>" in a.note
    assert a.kind == AssetKind.COLOR


def test_directory_asset_exists_with_size_zero(tmp_path):
    (tmp_path / "cache").mkdir()
    a = resolve_asset(str(tmp_path / "cache"), kind="cache")
    assert a.exists and a.size == 0
