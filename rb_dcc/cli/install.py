"""``rb-dcc install maya|houdini|max|blender``: put the Renderbus menu into a host.

Finds the host's user preference folder for this OS (or the one ``--platform``/``--home`` name),
writes the integration files from ``hosts/<host>/`` with the path of this rb_dcc in them, and
says what it did. Running it again changes nothing; ``--uninstall`` removes exactly what it added.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import CliError

NEXT_STEP = {
    "maya": "Start Maya: the Renderbus menu is in the main menu bar, the buttons on the Renderbus shelf.",
    "houdini": "Start Houdini: the Renderbus menu is in the main menu bar, the tools on the Renderbus shelf.",
    "max": "Start 3ds Max: the Renderbus menu is in the main menu bar (macroscripts in the \"Renderbus\" category).",
    "blender": "Start Blender and enable \"Renderbus\" in Edit > Preferences > Add-ons; then Render > Renderbus.",
}


def add_arguments(parser) -> None:
    parser.add_argument("host", choices=("maya", "houdini", "max", "blender"), help="the host to install into")
    parser.add_argument("--version", dest="host_version", metavar="V",
                        help="host version (Houdini 20.5, Max 2025, Blender 4.2; Maya: a version folder). "
                             "Default: the newest one found (Maya: all versions)")
    parser.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    parser.add_argument("--uninstall", action="store_true", help="remove what an earlier install added")
    parser.add_argument("--home", metavar="DIR", help="use DIR as the home folder (default: yours)")
    parser.add_argument("--platform", choices=("linux", "macos", "windows"),
                        help="the OS whose folder layout to use (default: this one, or $RB_DCC_INSTALL_PLATFORM)")


def run(args) -> int:
    from rb_dcc.hostintegration.installer import InstallError, install, plan, uninstall
    from rb_dcc.hostintegration.layout import LayoutError, resolve_target

    try:
        target = resolve_target(
            args.host, version=args.host_version, platform=args.platform,
            home=Path(args.home).expanduser() if args.home else None, env=os.environ,
        )
    except LayoutError as exc:
        raise CliError(str(exc)) from None
    verb = "would be " if args.dry_run else ""
    try:
        if args.uninstall:
            steps, found = uninstall(target, dry_run=args.dry_run)
            if not found:
                print("rb_dcc is not installed in the %s (%s): nothing to remove" % (target.where, target.base))
                return 0
            print("%s: %s" % ("Uninstall (dry run)" if args.dry_run else "Uninstalled", target.where))
            for step in steps:
                print("  %s%-10s %s" % (verb, step.action, step.path))
            return 0
        p = plan(target)
        steps = install(p, dry_run=args.dry_run)
    except InstallError as exc:
        raise CliError(str(exc), exit_code=1) from None
    changed = [s for s in steps if s.action != "unchanged"]
    print("%s rb_dcc %s (%s) into the %s: %s" % (
        "Would install" if args.dry_run else "Installed", _version(), p.rb_dcc_path, target.where, target.base))
    for step in steps:
        print("  %s%-10s %s" % (verb if step.action != "unchanged" else "", step.action, step.path))
    if not changed:
        print("Already installed: nothing changed.")
    if not args.dry_run:
        print(NEXT_STEP[args.host])
        if args.host in ("maya", "houdini", "max") and Path(p.rb_dcc_path).name in ("site-packages", "dist-packages"):
            print("Note: rb_dcc is in %s, so every package there is importable in the host too; "
                  "a checkout or a folder of its own (pip install --target DIR rb_dcc) keeps the host's Qt safe."
                  % p.rb_dcc_path)
        if args.host in ("maya", "houdini", "max"):
            print("The host's Python needs rb_dcc's dependencies (pydantic 2, requests, qtpy, keyring, platformdirs): "
                  "install them with the host's pip if it lacks them.")
    return 0


def _version() -> str:
    import rb_dcc

    return rb_dcc.__version__
