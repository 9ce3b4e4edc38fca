"""``rb-dcc demo``: the local farm plus the panel on a bundled sample scene.

``rb-dcc demo --headless`` needs no display: it analyses the sample scene, picks the render env and
hardware, submits, follows the render and downloads the frames, with progress bars in the terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Optional

from . import CliError

DEFAULT_SPEED = 40.0


def sample_scene() -> str:
    from rb_dcc.resources import resource_path

    return str(resource_path("samples", "demo_shot", "scenes", "demo_shot.ma"))


def add_arguments(parser) -> None:
    parser.add_argument("--headless", action="store_true",
                        help="no window: submit, render and download in the terminal")
    parser.add_argument("--scene", help="scene file to use instead of the bundled sample")
    parser.add_argument("--speed", type=float, default=DEFAULT_SPEED,
                        help="how many times faster than real time the local farm renders (default %(default)s)")
    parser.add_argument("--data", help="local farm data folder (default: the user data folder)")
    parser.add_argument("--output", help="where --headless puts the downloaded frames "
                                         "(default: demo_output in rb_dcc's data folder)")
    parser.add_argument("--lang", choices=("en_US", "zh_CN"), help="panel language (default: the system's)")
    parser.add_argument("--quit-after", type=float, default=0, help=argparse.SUPPRESS)  # smoke tests


def _start_farm(args, own_process: bool = False):
    """Start the local farm (in this process, or with ``own_process`` as a child process) and save
    the ``local`` profile for it."""
    from rb_dcc.ui.control.profiles import FarmProcess, ensure_local_farm, local_farm_dir, save_local_profile

    data = os.path.abspath(args.data or local_farm_dir())
    try:
        farm = FarmProcess(data, speed=args.speed) if own_process else ensure_local_farm(data, speed=args.speed)
    except OSError as exc:
        raise CliError("could not start the local farm in %s: %s" % (data, exc), 3)
    profile = save_local_profile(farm, make_default=True)
    return farm, profile


def open_demo(args, scene: str):
    """Start the farm as a child process and open the panel on ``scene``; returns (panel, farm)."""
    farm, profile = _start_farm(args, own_process=True)
    from rb_dcc.adapters.base import StandaloneHost
    from rb_dcc.config import client_for
    from rb_dcc.ui import open_panel

    panel = open_panel(StandaloneHost(scene), client=client_for(profile), refresh_s=2.0)
    panel.profiles.current = profile
    panel._farm_text()
    return panel, farm


def run(args) -> int:
    scene = os.path.abspath(args.scene or sample_scene())
    if not os.path.isfile(scene):
        raise CliError("%s: no such scene file" % scene)
    if args.headless:
        return Headless(args, scene).run()
    try:
        from qtpy.QtWidgets import QApplication  # noqa: F401
    except Exception as exc:
        raise CliError("the panel needs a Qt binding and a display (%s); run 'rb-dcc demo --headless'" % exc, 3)
    if args.lang:
        os.environ["RB_DCC_LANG"] = args.lang
    from rb_dcc.ui import ensure_app

    app = ensure_app()
    panel, farm = open_demo(args, scene)
    print("Local farm running at %s (data in %s); profile 'local' saved. Close the window to stop it."
          % (farm.url, farm.data_dir))
    if args.quit_after:
        from qtpy.QtCore import QTimer

        QTimer.singleShot(int(args.quit_after * 1000), panel.close)
        QTimer.singleShot(int(args.quit_after * 1000) + 100, app.quit)
    try:
        code = app.exec() if hasattr(app, "exec") else app.exec_()
        done = panel.shutdown()
    finally:
        farm.stop()
    if not done:  # see rb_dcc.cli.panel
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(int(code))
    return int(code)


class Bar:
    """A one-line progress bar on stderr (a plain line per update when not a terminal)."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last = ""
        self._last_time = 0.0

    def show(self, label: str, fraction: Optional[float], text: str = "") -> None:
        if fraction is None:
            bar = " " * self.width
            pct = "    "
        else:
            fraction = max(0.0, min(1.0, fraction))
            filled = int(round(self.width * fraction))
            bar = "#" * filled + "." * (self.width - filled)
            pct = "%3d%%" % int(fraction * 100)
        line = "%-12s [%s] %s %s" % (label, bar, pct, text)
        if self.tty:
            self.stream.write("\r" + line[:118].ljust(118))
            self.stream.flush()
        else:
            now = time.monotonic()
            if line != self._last and (now - self._last_time > 1.0 or fraction in (0.0, 1.0)):
                self.stream.write(line.rstrip() + "\n")
                self._last_time = now
        self._last = line

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


class Headless:
    def __init__(self, args, scene: str):
        self.args = args
        self.scene = scene
        self.bar = Bar()

    def say(self, text: str) -> None:
        print(text, flush=True)

    def run(self) -> int:
        from rb_dcc.adapters import analyze_file
        from rb_dcc.api.status import TaskStatus
        from rb_dcc.config import client_for
        from rb_dcc.matching import Catalogue, plan
        from rb_dcc.scene import SceneFileError
        from rb_dcc.submit import JobSettings, Submission, SubmissionCancelled, SubmissionError
        from rb_dcc.transfer import download_outputs
        from rb_dcc.ui import format as fmt

        started = time.monotonic()
        farm, profile = _start_farm(self.args)
        self.say("1/5  Local farm running at %s" % farm.url)
        client = client_for(profile)
        try:
            try:
                spec = analyze_file(self.scene)
            except SceneFileError as exc:
                raise CliError(str(exc))
            n_missing = len(spec.missing_assets)
            self.say("2/5  Scene %s: %s %s, %s %s, frames %s, %d files (%s)%s" % (
                os.path.basename(self.scene), spec.host.value if hasattr(spec.host, "value") else spec.host,
                spec.host_version, spec.renderer, spec.renderer_version, spec.frames, len(spec.assets),
                fmt.size(spec.total_asset_bytes), (", %d missing" % n_missing) if n_missing else ""))
            for p in spec.problems:
                self.say("     %s: %s%s" % (p.severity.value, p.message, (" — " + p.fix) if p.fix else ""))

            catalogue = Catalogue.fetch(client, spec.cg_id)
            chosen = plan(spec, catalogue)
            if chosen.env.needs_creation or (chosen.env.chosen is None and chosen.env.proposal is not None):
                proposal = chosen.env.proposal or chosen.env.chosen
                client.env.add_render_env(proposal.body)
                self.say("     created render environment %s" % proposal.name)
                catalogue = Catalogue.fetch(client, spec.cg_id, use_cache=False)
                chosen = plan(spec, catalogue, {"env_name": proposal.name})
            if chosen.env.chosen is None or chosen.hardware.chosen is None:
                for issue in chosen.issues:
                    self.say("     %s" % issue.reason)
                raise CliError("no render environment or hardware fits the scene", 1)
            self.say("3/5  Render env %s; hardware %s" % (chosen.env.env_name, chosen.hardware.chosen.label))
            for reason in chosen.reasons:
                self.say("     - %s" % reason)

            settings = JobSettings(env_name=chosen.env.env_name,
                                   hardware_config_id=chosen.hardware.hardware_config_id)
            sub = Submission(client, spec, settings, accept_missing=True)

            def on_progress(ev):
                total = ev.bytes_total or 0
                frac = (ev.bytes_done / total) if total else (ev.files_done / ev.files_total if ev.files_total else None)
                bits = []
                if ev.files_total:
                    bits.append("%d/%d files" % (ev.files_done, ev.files_total))
                if ev.rate_bps:
                    bits.append(fmt.rate(ev.rate_bps))
                if ev.eta_s:
                    bits.append("ETA " + fmt.duration(ev.eta_s))
                self.bar.show(ev.stage, frac, " ".join(bits) or ev.message)

            try:
                result = sub.run(on_progress=on_progress)
            except SubmissionError as exc:
                self.bar.done()
                raise CliError(str(exc), 1)
            except SubmissionCancelled:
                self.bar.done()
                return 130
            self.bar.done()
            self.say("4/5  Submitted task %s (id %s): %d files uploaded, %d already on the farm" % (
                result.alias, result.task_id, result.uploaded_files, result.skipped_files))

            task = None
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                task = client.query.task_info([result.task_id]).items[0]
                kids = task.resp_rendering_task_list or []
                total = sum(k.total_frames or 0 for k in kids) or (task.total_frames or 0)
                done = sum(k.done_frames or 0 for k in kids) or (task.done_frames or 0)
                status = TaskStatus(int(task.task_status))
                self.bar.show("render", (done / total) if total else 0.0,
                              "%d/%d frames · %s" % (done, total, fmt.task_status_text(task.task_status)))
                if status.is_terminal:
                    break
                time.sleep(0.3)
            self.bar.done()
            if task is None or not TaskStatus(int(task.task_status)).is_terminal:
                raise CliError("the render did not finish within 10 minutes", 1)
            if TaskStatus(int(task.task_status)).is_failure:
                self.say("     the task ended as: %s" % fmt.task_status_text(task.task_status))

            from rb_dcc.submit.journal import data_dir

            dest = os.path.abspath(self.args.output or os.path.join(data_dir(), "demo_output"))

            def on_dl(ev):
                total = getattr(ev, "bytes_total", 0) or 0
                done = getattr(ev, "bytes_done", 0) or 0
                self.bar.show("download", (done / total) if total else None,
                              "%s of %s" % (fmt.size(done), fmt.size(total)))

            got = download_outputs(client, result.task_id, dest, on_progress=on_dl)
            self.bar.done()
            self.say("5/5  Downloaded %d files (%s) into %s" % (got.files_downloaded + got.files_skipped,
                                                               fmt.size(got.bytes_downloaded), dest))
            for root in got.roots:
                self.say("     %s" % os.path.join(dest, root.strip("/")))
            self.say("Done in %.1f s." % (time.monotonic() - started))
            return 0 if not TaskStatus(int(task.task_status)).is_failure else 1
        finally:
            from rb_dcc.ui.control.profiles import stop_local_farms

            stop_local_farms()
