"""The ``rb-dcc`` command.

Each sub-command lives in its own module ``rb_dcc.cli.<name>`` that defines
``add_arguments(parser)`` and ``run(args) -> int``; modules are imported only when their command
runs, so ``rb-dcc --help`` stays fast and needs no Qt. Exit codes: 0 done, 1 the farm said no or
a task failed, 2 bad input (file, option), 3 cannot reach the farm, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import sys
from typing import List, Optional

from .. import __version__

# name -> (module, one-line help). Order is the order of ``--help``.
COMMANDS = {
    "demo": ("rb_dcc.cli.demo", "start the local farm and open the panel (or --headless: submit and render in the terminal)"),
    "panel": ("rb_dcc.cli.panel", "open the submit/monitor panel outside any host"),
    "analyze": ("rb_dcc.cli.analyze", "analyse a scene file with no host running"),
    "submit": ("rb_dcc.cli.submit", "analyse, match and submit a scene file"),
    "resume": ("rb_dcc.cli.submit_resume", "finish an interrupted submission from its journal"),
    "tasks": ("rb_dcc.cli.tasks", "list tasks"),
    "frames": ("rb_dcc.cli.tasks_frames", "list the frames of a task"),
    "log": ("rb_dcc.cli.tasks_log", "show the render log of a frame"),
    "stop": ("rb_dcc.cli.tasks_action_stop", "stop a task"),
    "start": ("rb_dcc.cli.tasks_action_start", "start a stopped task"),
    "retry": ("rb_dcc.cli.tasks_action_retry", "re-render the failed frames of a task"),
    "abandon": ("rb_dcc.cli.tasks_action_abandon", "abandon a task"),
    "delete": ("rb_dcc.cli.tasks_action_delete", "delete a task"),
    "download": ("rb_dcc.cli.download", "download a task's outputs"),
    "farm": ("rb_dcc.cli.farm", "run the local Renderbus-compatible farm on loopback"),
    "login": ("rb_dcc.cli.login", "save a profile (domain, platform, access id; key to the keyring)"),
    "profiles": ("rb_dcc.cli.profiles", "list saved profiles"),
    "install": ("rb_dcc.cli.install", "install the Renderbus menu into Maya, Houdini, 3ds Max or Blender"),
    "package": ("rb_dcc.cli.package", "build the Blender extension zip"),
}


class CliError(Exception):
    """Bad input on the command line: printed as one line, exit code 2 (or ``exit_code``)."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


def _available() -> dict:
    out = {}
    for name, (module, help_text) in COMMANDS.items():
        if importlib.util.find_spec(module) is not None:
            out[name] = (module, help_text)
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rb-dcc",
        description="Send scenes to the Renderbus render farm and watch them render.",
    )
    parser.add_argument("--version", action="version", version="rb-dcc %s" % __version__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens (no secrets)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in _available().items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_module=module)
        mod = importlib.import_module(module)
        mod.add_arguments(p)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    mod = importlib.import_module(args._module)
    try:
        return int(mod.run(args) or 0)
    except CliError as exc:
        print("rb-dcc %s: %s" % (args.command, exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("rb-dcc %s: interrupted" % args.command, file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
