"""``rb-dcc package blender``: build the Blender extension zip (install with Blender's "Install from Disk")."""

from __future__ import annotations

from pathlib import Path

from . import CliError


def add_arguments(parser) -> None:
    parser.add_argument("host", choices=("blender",), help="the host to package for (Blender extension)")
    parser.add_argument("--out", metavar="DIR", default="dist", help="folder for the zip (default: ./dist)")
    parser.add_argument("--no-wheels", action="store_true",
                        help="no wheels: the extension uses the rb_dcc of this machine (and its Python's packages)")
    parser.add_argument("--no-deps", action="store_true",
                        help="bundle rb_dcc's own wheel only, not its dependencies")
    parser.add_argument("--wheels-from", metavar="DIR",
                        help="take the dependency wheels from DIR instead of downloading them")


def run(args) -> int:
    from rb_dcc.hostintegration.blenderpkg import build_extension
    from rb_dcc.hostintegration.installer import InstallError

    wheel_dir = Path(args.wheels_from).expanduser() if args.wheels_from else None
    if wheel_dir is not None and not wheel_dir.is_dir():
        raise CliError("--wheels-from %s: no such folder" % wheel_dir)
    try:
        pkg = build_extension(Path(args.out), wheels=not args.no_wheels, deps=not args.no_deps, wheel_dir=wheel_dir)
    except InstallError as exc:
        raise CliError(str(exc), exit_code=1) from None
    size = pkg.path.stat().st_size
    print("Built %s (%.1f MB)" % (pkg.path, size / 1e6))
    if pkg.wheels:
        print("  wheels: %s" % ", ".join(pkg.wheels))
        print("  platforms: %s" % (", ".join(pkg.platforms) or "any"))
    else:
        print("  no wheels: the extension imports rb_dcc from this machine")
    print("Install it in Blender 4.2+: Edit > Preferences > Get Extensions > Install from Disk "
          "(or: blender --command extension install-file -r user_default -e %s)" % pkg.path)
    return 0
