"""``rb-dcc analyze SCENE [--json]``: what the farm needs to know about a scene file, with no host.

Prints a short summary (host and version, renderer, plug-ins, frames, cameras, layers, output,
files found and missing, problems) or, with ``--json``, the whole ``SceneSpec``. A file that
cannot be analysed is one line on stderr and exit code 2.
"""

from __future__ import annotations

import os
import sys
from typing import List, TextIO

from .._text import human_bytes
from . import CliError

__all__ = ["add_arguments", "run", "format_summary"]

_MAX_LISTED = 15


def add_arguments(parser) -> None:
    parser.add_argument("scene", metavar="SCENE", help="a .ma, .mb, .hip/.hipnc/.hiplc, .max or .blend file")
    parser.add_argument("--json", action="store_true", help="print the whole analysis as JSON")
    parser.add_argument(
        "--all-files", action="store_true", help="list every external file, not only the first %d" % _MAX_LISTED
    )


def run(args) -> int:
    from ..adapters import analyze_file
    from ..scene import SceneFileError

    path = args.scene
    if not os.path.exists(path):
        raise CliError("%s: no such file" % path)
    try:
        spec = analyze_file(path)
    except SceneFileError as exc:
        raise CliError(str(exc)) from None
    except ImportError as exc:
        raise CliError("%s: this kind of scene cannot be analysed here (%s)" % (path, exc)) from None
    except Exception as exc:  # an analyser bug must still not show a traceback to an artist
        raise CliError("%s: the analysis failed unexpectedly (%s: %s); please report it" % (path, type(exc).__name__, exc)) from None
    out = sys.stdout
    try:
        if args.json:
            out.write(spec.model_dump_json(indent=2))
            out.write("\n")
        else:
            format_summary(spec, out, all_files=getattr(args, "all_files", False))
        out.flush()
    except BrokenPipeError:  # `rb-dcc analyze x | head`: the reader left; not an error
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
    return 0


def format_summary(spec, out: TextIO, *, all_files: bool = False) -> None:
    from ..scene import Host

    w = out.write
    host = Host(spec.host)
    w("%s\n" % spec.scene_path)
    w("  host       %s %s\n" % (host.label, spec.host_version or "(version unknown)"))
    renderer = spec.renderer or "(unknown)"
    if spec.renderer_version:
        renderer += " " + spec.renderer_version
    if getattr(spec, "render_device", ""):
        renderer += " (%s)" % spec.render_device
    w("  renderer   %s\n" % renderer)
    if spec.plugins:
        w("  plug-ins   %s\n" % ", ".join("%s %s" % (p.name, p.version) if p.version else p.name for p in spec.plugins))
    frames = str(spec.frames) if spec.frames else "(not set)"
    if spec.fps:
        frames += " @ %g fps" % spec.fps
    w("  frames     %s\n" % frames)
    if spec.resolution.width:
        w("  resolution %dx%d\n" % (spec.resolution.width, spec.resolution.height))
    if spec.output_pattern or spec.image_format:
        w("  output     %s%s\n" % (spec.output_pattern or "(default)", (" [%s]" % spec.image_format) if spec.image_format else ""))
    if spec.cameras:
        w("  cameras    %s\n" % ", ".join(c.name + (" *" if c.renderable else "") for c in spec.cameras))
    for layer in spec.layers:
        bits: List[str] = [layer.kind]
        if not layer.renderable:
            bits.append("not renderable")
        if layer.frames:
            bits.append("frames %s" % layer.frames)
        if layer.cameras:
            bits.append("camera %s" % ", ".join(layer.cameras))
        if layer.renderer and layer.renderer != spec.renderer:
            bits.append(layer.renderer)
        if layer.output and layer.output != spec.output_pattern:
            bits.append("-> %s" % layer.output)
        w("  layer      %s (%s)\n" % (layer.name, "; ".join(bits)))
    missing = [a for a in spec.assets if not a.exists and not a.packed]
    w(
        "  files      %d (%d found, %d missing%s), %s\n"
        % (
            len(spec.assets),
            sum(1 for a in spec.assets if a.exists),
            len(missing),
            (", %d packed" % sum(1 for a in spec.assets if a.packed)) if any(a.packed for a in spec.assets) else "",
            human_bytes(spec.total_asset_bytes),
        )
    )
    listed = spec.assets if all_files else spec.assets[:_MAX_LISTED]
    for a in listed:
        state = "packed " if a.packed else ("ok     " if a.exists else "MISSING")
        count = " (%d files)" % len(a.resolved) if a.sequence and a.exists else ""
        w("    %s %-9s %s%s%s\n" % (state, a.kind.value if hasattr(a.kind, "value") else a.kind, a.path, count,
                                   ("  [%s]" % a.node) if a.node else ""))
    if len(spec.assets) > len(listed):
        w("    ... %d more (--all-files lists them)\n" % (len(spec.assets) - len(listed)))
    for p in spec.problems:
        label = {"error": "ERROR  ", "warning": "warning", "notice": "note   "}[p.severity.value if hasattr(p.severity, "value") else p.severity]
        w("  %s %s\n" % (label, p.message))
        if p.fix:
            w("          -> %s\n" % p.fix)
    w("  analysed by %s\n" % spec.analyser)
