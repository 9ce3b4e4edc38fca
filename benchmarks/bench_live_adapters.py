"""How long ``collect()`` takes on big scenes, per host, through the behavioural host fakes.

Builds a synthetic scene per host with N texture/cache users (a third of them UDIM or frame
sequences, a tenth missing), writes the files to a temp folder, installs the fake host module
(tests/hostfakes) and times the adapter's ``collect()``. The fakes answer in microseconds, so
this measures the adapter's own work: host calls made, path resolution, de-duplication.
Sequences and UDIM sets share one listing per folder (``rb_dcc.scene.tokens.DirCache``), so the
time per asset stays flat as the scene grows (try ``--nodes 500`` and ``--nodes 4000``).

    .venv/bin/python benchmarks/bench_live_adapters.py [--nodes 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rb_dcc.adapters import base  # noqa: E402
from tests.fixtures.hostfakes import HostFake  # noqa: E402


def _touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")


def _paths(root: Path, n: int):
    """(pattern, files on disk) for n assets: plain, UDIM (3 tiles), sequence (5 frames), missing."""
    out = []
    for i in range(n):
        if i % 10 == 9:
            out.append((str(root / "tex" / ("missing_%d.png" % i)), []))
        elif i % 3 == 1:
            out.append((str(root / "tex" / ("udim_%d.<UDIM>.exr" % i)),
                        [root / "tex" / ("udim_%d.%d.exr" % (i, t)) for t in (1001, 1002, 1011)]))
        elif i % 3 == 2:
            out.append((str(root / "seq" / ("seq_%d.####.exr" % i)),
                        [root / "seq" / ("seq_%d.%04d.exr" % (i, f)) for f in range(1, 6)]))
        else:
            out.append((str(root / "tex" / ("plain_%d.png" % i)), [root / "tex" / ("plain_%d.png" % i)]))
    for _, files in out:
        for f in files:
            _touch(f)
    return out


def maya_scene(root: Path, n: int) -> dict:
    nodes = {
        "persp": {"type": "transform"},
        "perspShape": {"type": "camera", "parent": "persp", "attrs": {"renderable": True}},
        "defaultRenderGlobals": {"type": "renderGlobals", "attrs": {"currentRenderer": "arnold", "animation": True}},
        "defaultResolution": {"type": "resolution"},
        "defaultRenderLayer": {"type": "renderLayer"},
    }
    for i, (pattern, _) in enumerate(_paths(root, n)):
        udim = "<UDIM>" in pattern
        seq = "####" in pattern
        nodes["file%d" % i] = {"type": "file", "attrs": {
            "fileTextureName": pattern.replace("<UDIM>", "1001").replace("####", "0001"),
            "uvTilingMode": 3 if udim else 0, "useFrameExtension": seq,
            "computedFileTextureNamePattern": pattern if (udim or seq) else None}}
        nodes["mesh%d" % i] = {"type": "mesh"}  # nodes that carry no paths, as real scenes have
    return {"about": {"version": "2025"}, "scene": str(root / "big.ma"), "workspace": str(root),
            "plugins": {"mtoa": {"version": "5.4.5", "nodeTypes": ["aiOptions"]}}, "nodes": nodes}


def houdini_scene(root: Path, n: int) -> dict:
    nodes = [{"path": "/out/karma1", "type": "karma", "category": "Driver",
              "parms": {"trange": 1, "f1": 1, "f2": 100, "f3": 1, "picture": "$HIP/render/$F4.exr"}}]
    for i, (pattern, _) in enumerate(_paths(root, n)):
        nodes.append({"path": "/obj/geo1/file%d" % i, "type": "file", "category": "Sop",
                      "parms": {"file": pattern.replace("####", "$F4"), "npts": i}})
    return {"version": "20.5.278", "hip": str(root / "big.hip"), "nodes": nodes}


def max_scene(root: Path, n: int) -> dict:
    assets = [{"file": p, "type": "bitmap"} for p, _ in _paths(root, n)]
    return {"maxVersion": [27000, 0, 0, 27, 0, 0, 0, 2025, ""], "maxFilePath": str(root) + "/",
            "maxFileName": "big.max", "render": {"renderer": "Arnold", "rendTimeType": 3, "rendEnd": 100},
            "cameras": [{"name": "Cam"}], "activeCamera": "Cam", "assets": assets}


BUILDERS = {"maya": maya_scene, "houdini": houdini_scene, "max": max_scene}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000, help="asset-bearing nodes per scene")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("%-8s %8s %8s %8s %10s %12s" % ("host", "nodes", "assets", "missing", "best s", "ms / asset"))
    for host, build in BUILDERS.items():
        with tempfile.TemporaryDirectory(prefix="rb-bench-") as tmp:
            desc = build(Path(tmp), args.nodes)
            fake = HostFake()
            fake.install(host, desc, tmp)
            try:
                adapter = base.get_adapter(host)
                best = float("inf")
                spec = None
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    spec = adapter.collect()
                    best = min(best, time.perf_counter() - t0)
            finally:
                fake.uninstall()
            n_assets = len(spec.assets)
            print("%-8s %8d %8d %8d %10.3f %12.3f" % (
                host, args.nodes, n_assets, len(spec.missing_assets), best, 1000.0 * best / max(n_assets, 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
