"""Version reading and ordering, plugin naming and device choice used by matching."""

import pytest
from hypothesis import given, strategies as st

from rb_dcc.matching.plugins import canonical, is_builtin, renderer_device, renderer_key
from rb_dcc.matching.versions import parse_version, release_key


@pytest.mark.parametrize(
    "text, parts",
    [
        ("2023.3.1", (2023, 3, 1)),
        ("2023.10", (2023, 10)),
        ("5.2.01", (5, 2, 1)),
        ("6.00.04", (6, 0, 4)),
        ("3.6.1 (Arnold 7.1.4)", (3, 6, 1)),
        ("mtoa 5.3.1", (5, 3, 1)),
        ("redshift4maya 3.5.1", (3, 5, 1)),
        ("2025ff03", (2025, 3)),
        ("v6", (6,)),
        ("", ()),
        ("undefined", ()),
    ],
)
def test_parse_version(text, parts):
    assert tuple(parse_version(text)) == parts


def test_numeric_not_text_order():
    assert parse_version("2023.10") > parse_version("2023.3.1")
    assert parse_version("5.2.01") == parse_version("5.2.1")
    assert parse_version("6.00.04") < parse_version("6.20.03")
    assert parse_version("3.6.1 (Arnold 7.1.4)") < parse_version("3.10")


@pytest.mark.parametrize(
    "host, version, key",
    [("maya", "2025ff03", (2025,)), ("houdini", "20.5.278", (20, 5)), ("blender", "4.2.3", (4, 2)), ("max", "2024", (2024,))],
)
def test_release_key(host, version, key):
    assert release_key(host, version) == key


parts = st.lists(st.integers(0, 3000), min_size=1, max_size=5)


@given(parts, parts)
def test_ordering_matches_numeric_tuples(a, b):
    va, vb = parse_version(".".join(map(str, a))), parse_version(".".join(map(str, b)))
    assert (va < vb) == (tuple(a) < tuple(b))
    assert (va == vb) == (tuple(a) == tuple(b))


@given(parts, st.integers(1, 3))
def test_zero_padding_does_not_change_the_number(a, width):
    padded = ".".join(str(x).zfill(width) for x in a)
    assert tuple(parse_version(padded)) == tuple(a)


@given(parts, st.sampled_from(["mtoa", "vrayformaya", "redshift4maya", "htoa"]))
def test_farm_plugin_version_text_reads_the_version(a, name):
    assert tuple(parse_version("%s %s" % (name, ".".join(map(str, a))))) == tuple(a)


@pytest.mark.parametrize(
    "names, key",
    [
        (["mtoa", "htoa", "MAXtoA", "Arnold"], "arnold"),
        (["vrayformaya", "V-Ray", "vray_for_houdini"], "vray"),
        (["redshift4maya", "Redshift", "redshift4max"], "redshift"),
        (["pgYetiMaya", "yeti"], "yeti"),
        (["RenderMan_for_Maya", "rfm"], "renderman"),
    ],
)
def test_plugin_aliases(names, key):
    assert {canonical(n) for n in names} == {key}


def test_builtin_plugins_never_block():
    assert is_builtin("maya", "stereoCamera")
    assert is_builtin("houdini", "karma")
    assert not is_builtin("maya", "mtoa")
    assert not is_builtin("max", "MAXtoA")


@pytest.mark.parametrize(
    "renderer, device, expected",
    [
        ("arnold", "", "CPU"),
        ("redshift", "", "GPU"),
        ("Octane", "", "GPU"),
        ("cycles", "GPU", "GPU"),
        ("cycles", "CPU", "CPU"),
        ("BLENDER_EEVEE", "", "GPU"),
        ("V_Ray_GPU_6", "", "GPU"),
        ("V_Ray_6_Hotfix_2", "", "CPU"),
        ("mantra", "", "CPU"),
    ],
)
def test_renderer_device(renderer, device, expected):
    assert renderer_device(renderer, device) == expected


def test_renderer_key_reads_host_spellings():
    assert renderer_key("V_Ray_6_Hotfix_2") == "vray"
    assert renderer_key("Corona_10") == "corona"
    assert renderer_key("BLENDER_EEVEE_NEXT") == "eevee"
