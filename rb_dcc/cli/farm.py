"""``rb-dcc farm``: run the local Renderbus-compatible farm on loopback, in the foreground.

Prints its URL and demo credentials and saves a ``local`` profile so ``rb-dcc`` commands and the
panel talk to it with no set-up. ``python -m rb_dcc.localfarm`` runs the same thing.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import List, Optional


def default_data_dir() -> Path:
    env = os.environ.get("RB_DCC_FARM_DIR")
    if env:
        return Path(env)
    try:
        import platformdirs

        return Path(platformdirs.user_data_dir("rb_dcc", appauthor=False)) / "localfarm"
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        return Path.home() / ".rb_dcc" / "localfarm"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: any free port)")
    parser.add_argument("--data", type=Path, default=None,
                        help="folder for the farm's state, storage and credentials (default: %s)" % default_data_dir())
    parser.add_argument("--speed", type=float, default=10.0,
                        help="simulated seconds per wall second (default 10: a 2-minute frame takes 12 s)")
    parser.add_argument("--nodes", type=int, default=16, help="simulated render nodes (default 16)")
    parser.add_argument("--profile", default="local", help="name of the profile to save (default 'local')")
    parser.add_argument("--no-profile", action="store_true", help="do not save a profile")
    parser.add_argument("--make-default", action="store_true", help="make the saved profile the default one")


def _save_profile(farm, name: str, make_default: bool) -> str:
    """Save the profile through rb_dcc.config; returns what happened, for the banner."""
    try:
        from rb_dcc.config import Profile, save_profile
    except ImportError:
        return "profile not saved: rb_dcc.config is not available in this install"
    profile = Profile(name=name, domain=farm.domain, protocol=farm.protocol, platform=farm.platform,
                      access_id=farm.access_id, local_farm_dir=str(farm.data_dir))
    save_profile(profile, make_default=make_default)
    return "profile %r saved%s" % (name, " (default)" if make_default else "")


def run(args: argparse.Namespace) -> int:
    from rb_dcc.localfarm import LocalFarm

    if args.speed <= 0:
        _fail("--speed must be a positive number, got %s" % args.speed)
    if not 0 <= args.port <= 65535:
        _fail("--port must be between 0 and 65535, got %d" % args.port)
    if args.nodes < 1:
        _fail("--nodes must be at least 1, got %d" % args.nodes)
    data = (args.data or default_data_dir()).expanduser()
    # The farm owns this process: hand the GIL over more often so a thread holding the write lock
    # is not parked behind dozens of readers (cuts write latency under load several-fold).
    sys.setswitchinterval(0.0005)
    farm = LocalFarm(data, host=args.host, port=args.port, speed=args.speed, nodes=args.nodes)
    try:
        farm.start()
    except OSError as exc:
        _fail("cannot listen on %s:%d (%s); pick another --port" % (args.host, args.port, exc.strerror or exc), 3)
    note = "profile not saved (--no-profile)"
    if not args.no_profile:
        try:
            note = _save_profile(farm, args.profile, args.make_default)
        except Exception as exc:  # the farm runs anyway; say why the profile is missing
            note = "profile not saved: %s" % exc
    print("rb_dcc local farm at %s" % farm.url)
    print("  data:       %s" % farm.data_dir)
    print("  access id:  %s" % farm.access_id)
    print("  access key: %s   (demo credentials, also in %s)" % (farm.access_key, farm.data_dir / "credentials.json"))
    print("  platform:   %s   speed: x%g   nodes: %d" % (farm.platform, farm.speed, farm.nodes))
    print("  %s" % note)
    print("Ctrl+C stops it; its state stays in the data folder.")
    sys.stdout.flush()
    farm.serve_forever()
    return 0


def _fail(message: str, code: int = 2) -> None:
    from rb_dcc.cli import CliError

    raise CliError(message, code)


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point of ``python -m rb_dcc.localfarm``."""
    from rb_dcc.cli import CliError

    parser = argparse.ArgumentParser(prog="python -m rb_dcc.localfarm",
                                     description="Run the local Renderbus-compatible farm on loopback.")
    add_arguments(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="log requests (no secrets)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return run(args)
    except CliError as exc:
        print("rb_dcc.localfarm: %s" % exc, file=sys.stderr)
        return exc.exit_code
