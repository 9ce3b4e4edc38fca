"""``DirCache``: globbing sequences and UDIM sets through one listing per folder.

The cached matcher must name exactly the files the plain ``glob`` + regex matcher named before
it (hidden files, folders, tokens in folder names, glob-special characters), and list each
folder once however many sets it holds.
"""

from __future__ import annotations

import glob
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from rb_dcc.adapters.base import AssetCollector
from rb_dcc.scene import FrameRange
from rb_dcc.scene.tokens import DirCache, _glob_matches, resolve_asset, tokens_to_glob, tokens_to_regex


def touch(path, size=3):
    os.makedirs(os.path.dirname(str(path)), exist_ok=True)
    with open(str(path), "wb") as fh:
        fh.write(b"x" * size)
    return str(path)


def reference_matches(pattern):
    """What resolve_asset found before the cache: glob the pattern, keep regex full matches."""
    regex = tokens_to_regex(pattern)
    out = []
    for cand in glob.glob(tokens_to_glob(pattern)):
        if regex.fullmatch(cand):
            try:
                st_ = os.stat(cand)
            except OSError:
                continue
            out.append((cand, 0 if os.path.isdir(cand) else st_.st_size))
    return sorted(out)


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "proj"
    for name in (
        "tex/skin.1001.exr", "tex/skin.1002.exr", "tex/skin.1011.exr", "tex/skin.exr", "tex/skin.10x1.exr",
        "tex/.skin.1003.exr", "tex/.hidden.0001.exr", "tex/skin_u1_v1.exr", "tex/skin_u2_v1.exr",
        "tex/a[1].0001.png", "tex/a[1].0002.png", "tex/a*b.0001.png", "tex/a?b.0001.png",
        "seq/shot.0001.exr", "seq/shot.0002.exr", "seq/shot.-001.exr", "seq/shot.12345.exr", "seq/shot.01.exr",
        "seq/shot.0001.exr.bak", "seq/shotX0001.exr",
        "frames/0001/beauty.exr", "frames/0002/beauty.exr", "frames/0003/other.exr", "frames/abc/beauty.exr",
        "frames/.0004/beauty.exr", "frames/0005",  # a file where a folder is expected
        "tiles/1001/t.png", "tiles/1002/t.png",
        "cache/sim.2.5.bgeo", "cache/sim.3.bgeo", "cache/sim.x.bgeo",
        "back\\slash.0001.exr",
    ):
        touch(root / name, size=len(name))
    (root / "tex" / "skin.1021.exr").mkdir()  # a folder that matches a UDIM name
    return root


PATTERNS = [
    "tex/skin.<UDIM>.exr",
    "tex/skin_<UVTILE>.exr",
    "tex/skin_u<U>_v<V>.exr",
    "tex/.skin.<UDIM>.exr",  # a literal leading dot finds hidden files
    "tex/<UDIM>.exr",
    "tex/.hidden.####.exr",
    "tex/`chs(\"../name\")`.1001.exr",  # an expression holding a slash
    "tex/`x`",  # any visible name
    "tex/a[1].####.png",
    "tex/a*b.####.png",
    "tex/a?b.####.png",
    "seq/shot.####.exr",
    "seq/shot.$F4.exr",
    "seq/shot.%d.exr",
    "seq/shot.#.exr",
    "seq/shot<f>.exr",
    "frames/####/beauty.exr",
    "frames/$F4/`x`.exr",
    "frames/<f>",
    "tiles/<UDIM>/t.png",
    "cache/sim.$FF.bgeo",
    "nowhere/x.####.exr",
    "tex/nowhere/x.<UDIM>.exr",
    "back\\slash.####.exr",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_cached_matches_equal_plain_glob(tree, pattern):
    full = str(tree / pattern)
    expected = reference_matches(full)
    listing = DirCache()
    assert _glob_matches(full, listing) == expected
    assert _glob_matches(full, listing) == expected  # the second look uses the listing only
    assert _glob_matches(full) == expected  # no cache given


def test_the_tree_has_hits_and_misses(tree):
    """Guard for the comparison above: it must compare real matches, not empty lists."""
    counts = {p: len(reference_matches(str(tree / p))) for p in PATTERNS}
    assert counts["tex/skin.<UDIM>.exr"] == 4  # three tiles and the folder named like one
    assert counts["tex/.skin.<UDIM>.exr"] == 1
    assert counts["frames/####/beauty.exr"] == 2
    assert counts["seq/shot.####.exr"] == 4
    assert counts["nowhere/x.####.exr"] == 0
    assert sum(1 for n in counts.values() if n) >= 15


def test_a_relative_pattern_lists_the_current_folder(tree, monkeypatch):
    monkeypatch.chdir(tree / "seq")
    assert _glob_matches("shot.####.exr", DirCache()) == reference_matches("shot.####.exr")
    assert [p for p, _ in _glob_matches("shot.####.exr")][:2] == ["shot.-001.exr", "shot.0001.exr"]


_NAME = st.text(alphabet="ab.1_0-9", min_size=1, max_size=8)
_TOKEN = st.sampled_from(["<UDIM>", "####", "#", "$F", "%02d", "<f>", "`e`", "<U>", "$FF", ""])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(_NAME, min_size=1, max_size=25, unique=True), head=_NAME, token=_TOKEN, tail=st.text(alphabet="ab.1", max_size=3))
def test_any_folder_and_pattern_agree_with_glob(tmp_path_factory, names, head, token, tail):
    folder = tmp_path_factory.mktemp("h")
    for n in names:
        if n not in (".", ".."):
            touch(folder / n)
    pattern = str(folder / (head + token + tail))
    assert _glob_matches(pattern, DirCache()) == reference_matches(pattern)


class CountingCache(DirCache):
    """A real DirCache that remembers which folders it listed."""

    def __init__(self):
        super().__init__()
        self.listed = []

    def _scan(self, folder):
        self.listed.append(folder)
        return super()._scan(folder)


def test_each_folder_is_listed_once_for_many_sets(tmp_path):
    for i in range(40):
        for tile in (1001, 1002):
            touch(tmp_path / "tex" / ("t%d.%d.exr" % (i, tile)))
        for f in (1, 2, 3):
            touch(tmp_path / "seq" / ("s%d.%04d.exr" % (i, f)))
    listing = CountingCache()
    assets = []
    for i in range(40):
        assets.append(resolve_asset(str(tmp_path / "tex" / ("t%d.<UDIM>.exr" % i)), listing=listing))
        assets.append(resolve_asset(str(tmp_path / "seq" / ("s%d.####.exr" % i)), listing=listing))
    assert sorted(listing.listed) == sorted([str(tmp_path / "tex") + os.sep, str(tmp_path / "seq") + os.sep])
    assert listing.scans == 2
    assert all(a.exists and a.sequence for a in assets)
    assert assets[0].resolved == [str(tmp_path / "tex" / "t0.1001.exr"), str(tmp_path / "tex" / "t0.1002.exr")]
    assert assets[1].resolved == [str(tmp_path / "seq" / ("s0.%04d.exr" % f)) for f in (1, 2, 3)]
    # t1 must not pick up t10..t19 (same prefix, other sets)
    assert assets[2].resolved == [str(tmp_path / "tex" / "t1.1001.exr"), str(tmp_path / "tex" / "t1.1002.exr")]


def test_frames_with_udims_share_one_listing(tmp_path):
    for f in (1, 2):
        for tile in (1001, 1002):
            touch(tmp_path / ("t.%04d.%d.exr" % (f, tile)))
    listing = CountingCache()
    asset = resolve_asset(str(tmp_path / "t.####.<UDIM>.exr"), frames=FrameRange.parse("1-3"), listing=listing)
    assert listing.scans == 1
    assert len(asset.resolved) == 5 and asset.missing == [str(tmp_path / "t.0003.<UDIM>.exr")]


def test_the_collector_lists_each_folder_once(tmp_path):
    for i in range(30):
        touch(tmp_path / "tex" / ("t%d.1001.exr" % i))
    collector = AssetCollector(host="maya", base_dir=str(tmp_path))
    for i in range(30):
        collector.add("tex/t%d.<UDIM>.exr" % i, "texture", "file%d" % i)
    assert collector.listing.scans == 1
    assert len(collector.assets) == 30 and all(a.exists for a in collector.assets)


def test_a_listing_is_a_snapshot_and_a_new_cache_sees_new_files(tmp_path):
    touch(tmp_path / "a.1001.exr")
    pattern = str(tmp_path / "a.<UDIM>.exr")
    listing = DirCache()
    assert len(resolve_asset(pattern, listing=listing).resolved) == 1
    touch(tmp_path / "a.1002.exr")
    assert len(resolve_asset(pattern, listing=listing).resolved) == 1  # same read, same snapshot
    assert len(resolve_asset(pattern, listing=DirCache()).resolved) == 2
    assert len(resolve_asset(pattern).resolved) == 2  # no cache: always a fresh look


def test_an_unreadable_folder_lists_as_empty(tmp_path):
    listing = DirCache()
    assert listing.names(str(tmp_path / "missing")) == ()
    assert listing.starting_with(str(tmp_path / "missing"), "a") == []
    bad = "bad\0name"
    assert listing.names(bad) == ()
    assert listing.scans == 2
