"""``rb-dcc submit SCENE``: analyse a scene file, choose env and hardware, show the plan, submit.

Exit codes: 0 submitted, 1 the farm refused, 2 the scene or an option needs fixing (the problems
are listed), 3 the farm cannot be reached, 130 cancelled with Ctrl-C (``rb-dcc resume`` finishes).
"""

from __future__ import annotations

import os
import sys
from typing import Any, Dict, List

from . import CliError
from ._tasks_common import (
    EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, ProgressBar, add_common, client_for_args, confirm, guarded,
    human_bytes, print_json, run_cancellable,
)


def add_arguments(parser) -> None:
    parser.add_argument("scene", metavar="SCENE", help="scene file (.ma .mb .hip .hipnc .hiplc .max .blend)")
    add_common(parser)
    parser.add_argument("--frames", metavar="RANGE", help="frames to render, e.g. 1-100, 1-100[2], 1,5,10-20")
    parser.add_argument("--env", default="auto", metavar="auto|NAME",
                        help="render environment: 'auto' (match the scene) or a saved environment's name")
    parser.add_argument("--hardware", default="auto", metavar="auto|ID",
                        help="machine type: 'auto' (cheapest that fits) or a hardware configuration id")
    parser.add_argument("--layers", metavar="A,B", help="render only these layers / ROPs")
    parser.add_argument("--cameras", metavar="A,B", help="render these cameras")
    parser.add_argument("--test-frames", default="", metavar="WHICH",
                        help="render these first: 'first', 'first,middle,last' or frame numbers")
    parser.add_argument("--stop-after-test", action="store_true", help="wait after the test frames")
    parser.add_argument("--frames-per-machine", type=int, default=1, metavar="N")
    parser.add_argument("--priority", type=int, default=50, metavar="N", help="50 normal, 60 high")
    parser.add_argument("--project", default="", metavar="NAME")
    parser.add_argument("--label", action="append", default=[], metavar="TEXT", help="task label (repeatable)")
    parser.add_argument("--notes", default="", metavar="TEXT")
    parser.add_argument("--accept-missing", action="store_true", help="submit even when files are missing")
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask before submitting")


def _split(text) -> List[str]:
    return [x.strip() for x in (text or "").split(",") if x.strip()]


def settings_from_args(args):
    from ..submit.settings import JobSettings, SettingsError

    data: Dict[str, Any] = {
        "frames_per_machine": args.frames_per_machine, "test_frames": args.test_frames,
        "stop_after_test": args.stop_after_test, "priority": args.priority, "project": args.project,
        "labels": args.label, "notes": args.notes, "layers": _split(args.layers), "cameras": _split(args.cameras),
    }
    if args.frames:
        data["frames"] = args.frames
    if args.hardware not in ("auto", "", None):
        try:
            data["hardware_config_id"] = int(args.hardware)
        except ValueError:
            raise CliError("--hardware takes 'auto' or a configuration id (a number), not %r" % args.hardware)
    if args.env not in ("auto", "", None):
        data["env_name"] = args.env
    try:
        return JobSettings.checked(data)
    except SettingsError as exc:
        raise CliError("; ".join("--%s: %s" % (k.replace("_", "-"), v) for k, v in exc.errors.items()))


def choose(client, spec, settings, args, out: Dict[str, Any]):
    """Fill env_name / hardware_config_id by matching when 'auto'; returns the updated settings."""
    if settings.env_name and settings.hardware_config_id is not None:
        return settings
    try:
        from ..matching import Catalogue, plan
    except ImportError:
        raise CliError("automatic matching is not available; give --env NAME and --hardware ID")
    catalogue = Catalogue.fetch(client, spec.cg_id)
    frames = len(settings.frames) if settings.frames else None
    p = plan(spec, catalogue, frames=frames)
    updates: Dict[str, Any] = {}
    issues = []
    if not settings.env_name:
        out["env_reasons"] = [str(r) for r in p.env.reasons]
        if p.env.chosen is None or p.env.blocking:
            issues += [str(i.reason) for i in p.env.issues if i.blocking] or ["no render environment fits the scene"]
        elif p.env.needs_creation:
            body = p.env.chosen.body
            out["env_created"] = body.get("editName")
            if not args.json:
                print("No saved render environment matches; rb-dcc will create %r: %s %s%s" % (
                    body.get("editName"), body.get("cgName"), body.get("cgVersion"), p.env.chosen.summary))
            if not confirm("Create this render environment?", args.yes):
                raise CliError("no render environment; give --env NAME", exit_code=EXIT_INPUT)
            _create_env(client, body, spec.cg_id)
            Catalogue.invalidate(client)
            updates["env_name"] = body.get("editName")
        else:
            updates["env_name"] = p.env.chosen.name
    if settings.hardware_config_id is None:
        out["hardware_reasons"] = [str(r) for r in p.hardware.reasons]
        if p.hardware.hardware_config_id is None or p.hardware.blocking:
            issues += [str(i.reason) for i in p.hardware.issues if i.blocking] or ["no machine type fits the scene"]
        else:
            updates["hardware_config_id"] = p.hardware.hardware_config_id
            out["hardware_label"] = p.hardware.chosen.label
    for i in p.issues:
        if not i.blocking:
            out.setdefault("match_warnings", []).append(str(i.reason))
    if issues:
        raise CliError("cannot choose automatically: %s" % "; ".join(issues), exit_code=EXIT_INPUT)
    return settings.model_copy(update=updates)


def _create_env(client, body, cg_id) -> None:
    """Create the proposed env; if its name is taken meanwhile by the same env, use that one."""
    from ..api.errors import RenderbusError

    try:
        client.env.add_render_env(body)
    except RenderbusError:
        names = {e.edit_name for e in client.env.get_render_env(cg_id, os_name=None)}
        if body.get("editName") not in names:
            raise


def show_plan(spec, settings, out: Dict[str, Any], problems) -> None:
    frames = settings.frames or spec.frames
    layers = settings.layers or [l.name for l in spec.layers if l.renderable]
    print("Scene     %s" % spec.scene_path)
    print("Host      %s %s%s" % (spec.host.label if hasattr(spec.host, "label") else spec.host, spec.host_version,
                                 (", renderer %s %s" % (spec.renderer, spec.renderer_version)).rstrip()
                                 if spec.renderer else ""))
    print("Frames    %s (%d)" % (frames, len(frames)) if frames else "Frames    (none found)")
    if layers:
        print("Layers    %s" % ", ".join(layers))
    print("Files     %d (%s), %d missing" % (sum(len(a.resolved) for a in spec.assets), human_bytes(spec.total_asset_bytes),
                                              len(spec.missing_assets)))
    print("Env       %s" % settings.env_name)
    for r in out.get("env_reasons", []):
        print("            %s" % r)
    print("Hardware  %s%s" % (settings.hardware_config_id, (" (%s)" % out["hardware_label"]) if out.get("hardware_label") else ""))
    for r in out.get("hardware_reasons", []):
        print("            %s" % r)
    for w in out.get("match_warnings", []):
        print("warning   %s" % w)
    for p in problems:
        print("%-9s %s%s" % (p.severity.value if hasattr(p.severity, "value") else p.severity, p.message,
                             ("  -> %s" % p.fix) if p.fix else ""))


@guarded
def run(args) -> int:
    from ..adapters import analyze_file
    from ..scene import SceneFileError, Severity
    from ..submit.pipeline import Submission, SubmissionCancelled, SubmissionError

    if not os.path.isfile(args.scene):
        raise CliError("%s: no such scene file" % args.scene)
    settings = settings_from_args(args)
    try:
        spec = analyze_file(os.path.abspath(args.scene))
    except SceneFileError as exc:
        raise CliError(str(exc))
    client = client_for_args(args)
    out: Dict[str, Any] = {}
    settings = choose(client, spec, settings, args, out)
    sub = Submission(client, spec, settings, accept_missing=args.accept_missing)
    problems = sub.validate()
    errors = [p for p in problems if p.severity == Severity.ERROR]
    if args.json and errors:
        print_json({"ok": False, "problems": [p.model_dump(mode="json") for p in problems]})
        return EXIT_INPUT
    if not args.json:
        show_plan(spec, settings, out, problems)
    if errors:
        print("rb-dcc submit: fix the errors above (or use --accept-missing for missing files)", file=sys.stderr)
        return EXIT_INPUT
    if not args.json and not confirm("Submit?", args.yes):
        print("not submitted")
        return EXIT_INPUT
    bar = None if args.json else ProgressBar()

    def interrupted():
        print("\nrb-dcc submit: cancelling...", file=sys.stderr)

    try:
        result = run_cancellable(lambda cancel: sub.run(on_progress=bar.event if bar else None, cancel=cancel),
                                 on_interrupt=interrupted)
    except (SubmissionCancelled, KeyboardInterrupt):
        if bar:
            bar.close()
        where = sub.journal_path
        print("rb-dcc submit: cancelled%s" % ("; finish it with: rb-dcc resume %s" % where if where else ""),
              file=sys.stderr)
        if args.json:
            print_json({"ok": False, "cancelled": True, "journal": where})
        return EXIT_INTERRUPTED
    except SubmissionError as exc:
        if bar:
            bar.close()
        if args.json:
            print_json({"ok": False, "error": str(exc), "journal": exc.journal_path or sub.journal_path})
        raise CliError(str(exc), exit_code=EXIT_INPUT if exc.problems else 1)
    if bar:
        bar.close()
    if args.json:
        print_json({"ok": True, "task_id": result.task_id, "alias": result.alias,
                    "uploaded_bytes": result.uploaded_bytes, "uploaded_files": result.uploaded_files,
                    "skipped_files": result.skipped_files, "journal": result.journal_path,
                    "env": settings.env_name, "hardware_config_id": settings.hardware_config_id,
                    "warnings": [p.message for p in problems if p.severity != Severity.ERROR]})
    else:
        print("submitted task %s (id %d): %d files sent (%s), %d already on the farm" % (
            result.alias, result.task_id, result.uploaded_files, human_bytes(result.uploaded_bytes),
            result.skipped_files))
    return EXIT_OK
