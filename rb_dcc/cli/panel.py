"""``rb-dcc panel [SCENE]``: the submit/monitor panel outside any host."""

from __future__ import annotations

import argparse
import os
import sys

from . import CliError


def add_arguments(parser) -> None:
    parser.add_argument("scene", nargs="?", help="scene file to open (.ma .mb .hip .max .blend); "
                                                 "without it, pick one in the panel")
    parser.add_argument("--profile", help="profile to use (default: the default profile)")
    parser.add_argument("--lang", choices=("en_US", "zh_CN"), help="language (default: the system's)")
    parser.add_argument("--quit-after", type=float, default=0, help=argparse.SUPPRESS)  # smoke tests


def run(args) -> int:
    try:
        import qtpy  # noqa: F401
        from qtpy.QtWidgets import QApplication  # noqa: F401
    except Exception as exc:  # no binding, or it cannot load (no display libraries)
        raise CliError("the panel needs a Qt binding (PySide6, PySide2, PyQt6 or PyQt5): %s; "
                       "try 'rb-dcc demo --headless' on a machine without a display" % exc, 3)
    if args.scene and not os.path.isfile(args.scene):
        raise CliError("%s: no such scene file" % args.scene)
    if args.lang:
        os.environ["RB_DCC_LANG"] = args.lang
    from rb_dcc.adapters.base import StandaloneHost
    from rb_dcc.ui import ensure_app, open_panel

    app = ensure_app()
    panel = open_panel(StandaloneHost(args.scene), load_profile=not args.profile)
    if args.profile:
        panel.profiles.load(args.profile)
    if args.quit_after:
        from qtpy.QtCore import QTimer

        QTimer.singleShot(int(args.quit_after * 1000), panel.close)
        QTimer.singleShot(int(args.quit_after * 1000) + 100, app.quit)
    code = int(app.exec() if hasattr(app, "exec") else app.exec_())
    if not panel.shutdown():
        # a request to a farm that does not answer would keep the process alive until its
        # timeout: everything is saved, so leave now
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
