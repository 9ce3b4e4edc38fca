"""Benchmark: analysing a large Maya ASCII scene vs reading the file once.

Generates a Maya ASCII file of about ``--size-mb`` MB (default 100) in a temporary folder: file
texture nodes with place2dTexture nodes and their connections (unique texture paths, some of them
real files on disk, some UDIM sets), and meshes with Maya-style ``setAttr ".vt[0:165]" ...`` vertex
data filling the rest. Then it times

- reading the file once in 1 MiB chunks (``cat``-like; the file is in the page cache by then),
- iterating its lines in Python (for scale),
- ``rb_dcc.adapters.maya.scenefile.analyze`` (best of ``--repeat`` runs),

and reports the analysis' peak Python memory (``tracemalloc``, a separate run) and the process'
peak resident size. Target: analysis within 5x the read time, memory independent of file size.

    .venv/bin/python benchmarks/bench_scenefile.py [--size-mb 100] [--textures 20000] [--dir DIR] [--blend]

``--blend`` also runs the Blender engineer's ``bench_scenefile_blend.py`` (a large .blend) after.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from rb_dcc.adapters.maya.scenefile import analyze  # noqa: E402

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None


def _mesh(out, i: int, rng: random.Random, vertices: int) -> int:
    name = "geo%dShape" % i
    parts = [
        'createNode transform -n "geo%d";\n' % i,
        '\trename -uid "%08X-0000-0000-0000-%012X";\n' % (i, i),
        'createNode mesh -n "%s" -p "geo%d";\n' % (name, i),
        '\tsetAttr -k off ".v";\n\tsetAttr ".vir" yes;\n\tsetAttr ".vif" yes;\n',
        '\tsetAttr ".uvst[0].uvsn" -type "string" "map1";\n',
        '\tsetAttr -s %d ".vt";\n' % vertices,
    ]
    size = sum(len(p) for p in parts)
    out.write("".join(parts))
    for start in range(0, vertices, 166):
        end = min(vertices, start + 166) - 1
        lines = ['\tsetAttr ".vt[%d:%d]"' % (start, end)]
        row = []
        for _v in range(start, end + 1):
            row.append("%.7g %.7g %.7g" % (rng.uniform(-50, 50), rng.uniform(-50, 50), rng.uniform(-50, 50)))
            if len(row) == 2:
                lines.append("\t\t " + " ".join(row))
                row = []
        if row:
            lines.append("\t\t " + " ".join(row))
        text = "\n".join(lines) + ";\n"
        out.write(text)
        size += len(text)
    return size


def _texture(out, i: int, path: str, udim: bool) -> int:
    text = (
        'createNode file -n "file%d";\n' % i
        + '\trename -uid "%08X-1111-1111-1111-%012X";\n' % (i, i)
        + '\tsetAttr ".ftn" -type "string" "%s";\n' % path
        + ('\tsetAttr ".uvt" 3;\n' if udim else "")
        + '\tsetAttr ".cs" -type "string" "sRGB";\n'
        + 'createNode place2dTexture -n "place2dTexture%d";\n' % i
        + '\trename -uid "%08X-2222-2222-2222-%012X";\n' % (i, i)
        + "".join(
            'connectAttr "place2dTexture%d.%s" "file%d.%s";\n' % (i, a, i, a)
            for a in ("c", "tf", "rf", "mu", "mv", "s", "wu", "wv", "re", "of", "r", "n", "vt1", "vt2", "vt3", "vc1", "o", "ofs")
        )
    )
    out.write(text)
    return len(text)


def generate(path: str, size_mb: int, textures: int, real_files: int, seed: int = 5) -> dict:
    rng = random.Random(seed)
    project = os.path.dirname(os.path.dirname(path))
    tex_dir = os.path.join(project, "sourceimages")
    os.makedirs(tex_dir, exist_ok=True)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(os.path.join(project, "workspace.mel"), "w") as fh:
        fh.write('workspace -fr "sourceimages" "sourceimages";\n')
    for i in range(real_files):
        name = "tex%05d.png" % i if i % 10 else "skin%05d.<UDIM>.exr" % i
        for tile in ((1001, 1002) if "<UDIM>" in name else (None,)):
            real = name.replace("<UDIM>", str(tile)) if tile else name
            with open(os.path.join(tex_dir, real), "wb") as fh:
                fh.write(b"\0" * 64)
    target = size_mb * 1024 * 1024
    written = 0
    n_mesh = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        head = (
            "//Maya ASCII 2025ff03 scene\n//Name: big.ma\n//Codeset: UTF-8\n"
            'requires maya "2025ff03";\n'
            'requires -nodeType "aiOptions" -nodeType "aiAOVDriver" -nodeType "aiAOVFilter" "mtoa" "5.4.5";\n'
            'currentUnit -l centimeter -a degree -t film;\n'
            'fileInfo "application" "maya";\nfileInfo "product" "Maya 2025";\nfileInfo "version" "2025";\n'
            'createNode transform -s -n "persp";\ncreateNode camera -s -n "perspShape" -p "persp";\n'
            '\tsetAttr -k off ".v" no;\n'
            'createNode transform -n "renderCam";\ncreateNode camera -n "renderCamShape" -p "renderCam";\n'
        )
        out.write(head)
        written += len(head)
        per_texture_budget = max(1, textures)
        tex_i = 0
        while written < target:
            # interleave: one mesh of ~40 KB after every few textures, like a real scene's order
            for _ in range(max(1, textures * 1000 // max(1, target // 1000))):
                if tex_i < per_texture_budget:
                    k = tex_i % max(1, real_files * 2)
                    if k < real_files:
                        name = "tex%05d.png" % k if k % 10 else "skin%05d.<UDIM>.exr" % k
                        p = "sourceimages/" + name
                    else:
                        p = "D:/projects/show/sourceimages/missing%06d.tif" % tex_i
                    written += _texture(out, tex_i, p, "<UDIM>" in p)
                    tex_i += 1
            written += _mesh(out, n_mesh, rng, 900)
            n_mesh += 1
        tail = (
            'select -ne :time1;\n\tsetAttr ".o" 1001;\n'
            'select -ne :defaultRenderGlobals;\n\tsetAttr ".ren" -type "string" "arnold";\n'
            '\tsetAttr ".an" yes;\n\tsetAttr ".fs" 1001;\n\tsetAttr ".ef" 1240;\n'
            'select -ne :defaultResolution;\n\tsetAttr ".w" 2048;\n\tsetAttr ".h" 858;\n'
            "// End of big.ma\n"
        )
        out.write(tail)
    return {"meshes": n_mesh, "textures": tex_i}


def read_once(path: str) -> float:
    start = time.perf_counter()
    with open(path, "rb") as fh:
        while fh.read(1 << 20):
            pass
    return time.perf_counter() - start


def read_lines(path: str) -> float:
    start = time.perf_counter()
    n = 0
    with open(path, "rb") as fh:
        for _line in fh:
            n += 1
    return time.perf_counter() - start


def measure(work: str, name: str, size_mb: int, textures: int, real_files: int, repeat: int) -> dict:
    path = os.path.join(work, name, "proj", "scenes", "big.ma")
    t0 = time.perf_counter()
    counts = generate(path, size_mb, textures, real_files)
    gen_s = time.perf_counter() - t0
    size = os.path.getsize(path)
    read_once(path)  # warm the page cache
    read_s = min(read_once(path) for _ in range(3))
    lines_s = min(read_lines(path) for _ in range(2))
    times = []
    spec = None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        spec = analyze(path)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    analyze(path)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert spec is not None
    found = sum(1 for a in spec.assets if a.exists)
    return {
        "name": name, "size": size, "gen_s": gen_s, "read_s": read_s, "lines_s": lines_s,
        "analyse_s": min(times), "runs": len(times), "peak": peak, "found": found,
        "missing": len(spec.assets) - found, "counts": counts,
        "renderer": "%s %s, frames %s" % (spec.renderer, spec.renderer_version, spec.frames),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=int, default=100)
    ap.add_argument("--textures", type=int, default=20000, help="file texture nodes (unique paths)")
    ap.add_argument("--real-files", type=int, default=1000, help="how many of those paths exist on disk")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dir", help="work here instead of a temporary folder (kept)")
    ap.add_argument("--blend", action="store_true", help="also run benchmarks/bench_scenefile_blend.py")
    args = ap.parse_args(argv)

    tmp = None
    if args.dir:
        work = args.dir
    else:
        tmp = tempfile.TemporaryDirectory(prefix="rb_bench_ma_")
        work = tmp.name
    scenarios = [
        ("geometry", 1, 1),
        ("geometry+%dk files" % max(1, args.textures // 1000) if args.textures >= 1000 else "geometry+%d files" % args.textures,
         args.textures, args.real_files),
    ]
    rows = []
    for name, textures, real in scenarios:
        r = measure(work, name.replace("+", "_"), args.size_mb, textures, real, args.repeat)
        r["name"] = name
        rows.append(r)
    load = ""
    if hasattr(os, "getloadavg"):
        load = "; load average %.1f on %d CPUs" % (os.getloadavg()[0], os.cpu_count() or 0)
    rss = ""
    if resource is not None:
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rss = "; peak RSS of this process %.0f MB" % (maxrss / 1024.0 if sys.platform != "darwin" else maxrss / 1048576.0)
    print("Maya ASCII analysis vs reading the file (Python %s; best of %d%s%s)" % (sys.version.split()[0], args.repeat, load, rss))
    print("| scene | size MB | meshes | file nodes | read once s | read lines s | analyse s | analyse / read once | analyse / read lines | peak Python MB | files found / missing |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print("| %s | %.1f | %d | %d | %.3f | %.3f | %.3f | %.1fx | %.1fx | %.1f | %d / %d |" % (
            r["name"], r["size"] / 1e6, r["counts"]["meshes"], r["counts"]["textures"], r["read_s"], r["lines_s"],
            r["analyse_s"], r["analyse_s"] / r["read_s"], r["analyse_s"] / r["lines_s"], r["peak"] / 1e6,
            r["found"], r["missing"]))
    print("target: analyse within 5x of one read; memory independent of the file size")
    if tmp is not None:
        tmp.cleanup()
    if args.blend:
        print()
        sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
        import bench_scenefile_blend

        return int(bench_scenefile_blend.main([]) or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
