from hypothesis import given, strategies as st
import pytest

from rb_dcc.scene import FrameRange, FrameRangeError, SceneSpec, to_farm_path, PathMappingError


@pytest.mark.parametrize(
    "text, frames, printed",
    [
        ("1-5", [1, 2, 3, 4, 5], "1-5"),
        ("1-10[3]", [1, 4, 7, 10], "1-10[3]"),
        ("1-10x3", [1, 4, 7, 10], "1-10[3]"),
        ("1,5,10-12", [1, 5, 10, 11, 12], "1,5,10-12"),
        ("-3--1", [-3, -2, -1], "-3--1"),
        ("7", [7], "7"),
    ],
)
def test_frame_range_parse_and_print(text, frames, printed):
    r = FrameRange.parse(text)
    assert r.frames() == frames
    assert str(r) == printed
    assert FrameRange.parse(str(r)) == r


@pytest.mark.parametrize("bad", ["", "a-b", "10-1", "1-10[0]", "1--"])
def test_frame_range_rejects_with_the_text_named(bad):
    with pytest.raises(FrameRangeError):
        FrameRange.parse(bad)


chunks = st.tuples(st.integers(-1000, 1000), st.integers(0, 500), st.integers(1, 20)).map(
    lambda t: (t[0], t[0] + t[1], t[2])
)


@given(st.lists(chunks, min_size=1, max_size=6))
def test_frame_range_round_trips_through_text(cs):
    r = FrameRange(cs)
    again = FrameRange.parse(str(r))
    assert again.frames() == r.frames()
    assert all(f in again for f in r.frames())


@pytest.mark.parametrize(
    "local, farm",
    [
        ("D:\\work\\scene.ma", "/D/work/scene.ma"),
        ("d:/work/tex/a.png", "/d/work/tex/a.png"),
        ("\\\\nas01\\proj\\tex\\b.exr", "/nas01/proj/tex/b.exr"),
        ("/home/art/proj/c.hip", "/home/art/proj/c.hip"),
        ("C:/a:b.png", "/C/a:b.png"),
    ],
)
def test_farm_path_mapping(local, farm):
    assert to_farm_path(local) == farm


@pytest.mark.parametrize("bad", ["", "rel/path.ma", "x"])
def test_farm_path_mapping_refuses_relative(bad):
    with pytest.raises(PathMappingError):
        to_farm_path(bad)


def test_scene_spec_round_trips():
    spec = SceneSpec(host="maya", host_version="2025ff03", frames="1-100[2]")
    spec.warn("a texture is missing", ref="file1.fileTextureName", code="10012")
    again = SceneSpec.model_validate_json(spec.model_dump_json())
    assert again == spec
    assert again.cg_id == 2000
