"""Save offscreen screenshots of every tab of the panel, in English and Chinese, at 100% and 200%.

    .venv/bin/python scripts/screenshots.py [--out screenshots]

A local farm (its own process) gets a few real tasks (the bundled sample scene, one with failed
frames, one still rendering), then the panel is grabbed on each tab and dialog. Every visible label,
button, check box, tab and column header is checked: its text must fit (size >= size hint).
Problems are listed in <out>/report.txt and the exit code is 1 when any text is cut.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def wait(app, cond, timeout=20.0):
    t0 = time.monotonic()
    while not cond():
        app.processEvents()
        time.sleep(0.01)
        if time.monotonic() - t0 > timeout:
            return False
    for _ in range(5):
        app.processEvents()
    return True


def cut_texts(root):
    """Texts that do not fit their widget, as ``(widget kind, text, have, need)``."""
    from qtpy.QtWidgets import QAbstractButton, QAbstractItemView, QCheckBox, QLabel, QTabBar

    out = []

    def shown(w):
        return w.isVisibleTo(root) and w.width() > 0

    for w in root.findChildren(QLabel):
        if not shown(w) or not w.text() or w.wordWrap() or w.pixmap() is not None and not w.pixmap().isNull():
            continue
        need = w.sizeHint().width()
        if w.width() + 1 < need:
            out.append(("label", w.text(), w.width(), need))
    for w in root.findChildren(QAbstractButton):
        if not shown(w) or not w.text() or isinstance(w, QCheckBox) and False:
            continue
        need = w.sizeHint().width()
        if w.width() + 1 < need:
            out.append((type(w).__name__, w.text(), w.width(), need))
    for bar in root.findChildren(QTabBar):
        if not shown(bar):
            continue
        for i in range(bar.count()):
            if bar.tabRect(i).width() + 1 < bar.tabSizeHint(i).width():
                out.append(("tab", bar.tabText(i), bar.tabRect(i).width(), bar.tabSizeHint(i).width()))
    for view in root.findChildren(QAbstractItemView):
        header = getattr(view, "horizontalHeader", None) or getattr(view, "header", None)
        header = header() if header else None
        if header is None or not shown(view) or header.isHidden():
            continue
        model = view.model()
        fm = header.fontMetrics()
        for s in range(header.count()):
            if header.isSectionHidden(s):
                continue
            text = str(model.headerData(s, 1) or "")  # Qt.Horizontal == 1
            need = fm.horizontalAdvance(text) + 16
            if header.sectionSize(s) and header.sectionSize(s) < need and s != header.count() - 1:
                out.append(("column", text, header.sectionSize(s), need))
    return out


def child(out_dir: Path, scale: str) -> int:
    import logging

    logging.getLogger("rb_dcc").setLevel(logging.ERROR)  # the offline shots fail on purpose
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="rb-shots-"))
    os.environ["RB_DCC_CONFIG_DIR"] = str(tmp / "cfg")
    os.environ["RB_DCC_DATA_DIR"] = str(tmp / "data")
    os.environ["RB_DCC_LANG"] = "en_US"

    from rb_dcc.adapters import analyze_file
    from rb_dcc.adapters.base import StandaloneHost
    from rb_dcc.api import RenderbusClient
    from rb_dcc.cli.demo import sample_scene
    from rb_dcc.matching import Catalogue, plan
    from rb_dcc.submit import JobSettings, Submission
    from rb_dcc.ui import ensure_app, i18n
    from rb_dcc.ui.control.profiles import FarmProcess
    from rb_dcc.ui.widgets.login import ProfileDialog
    from rb_dcc.ui.widgets.panel import Panel

    app = ensure_app()
    farm = FarmProcess(str(tmp / "farm"), speed=3000)
    problems = []
    try:
        client = RenderbusClient(farm.access_id, farm.access_key, domain=farm.domain, platform=farm.platform,
                                 protocol=farm.protocol)
        scene = sample_scene()
        spec = analyze_file(scene)
        cat = Catalogue.fetch(client, spec.cg_id)
        p = plan(spec, cat)
        if p.env.needs_creation:
            client.env.add_render_env((p.env.proposal or p.env.chosen).body)
            Catalogue.invalidate(client)
        cat = Catalogue.fetch(client, spec.cg_id, use_cache=False)
        p = plan(spec, cat)
        base = dict(env_name=p.env.env_name, hardware_config_id=p.hardware.hardware_config_id)
        done = Submission(client, spec, JobSettings(**base, project="demo")).run().task_id
        Submission(client, spec, JobSettings(**base, frames="1-6", labels=["fail:2,5"])).run()
        time.sleep(1.5)
        client.post("/api/render/local/admin/state", {"speed": 1})
        Submission(client, spec, JobSettings(**base, frames="1-12", priority=60)).run()
        time.sleep(0.5)

        def grab(widget, name):
            path = out_dir / ("%s-%s-%sx.png" % (name, i18n.current_language(), scale))
            widget.grab().save(str(path))
            for kind, text, have, need in cut_texts(widget):
                problems.append("%s: %s %r is %d px wide, needs %d" % (path.name, kind, text, have, need))
            return path

        for lang in ("en_US", "zh_CN"):
            i18n.install(lang)
            panel = Panel(StandaloneHost(scene), None, client=client, load_profile=False, refresh_s=3600)
            panel.resize(1280, 860)
            panel.show()
            wait(app, lambda: panel.submit_ctl.plan is not None and not panel.submit_ctl.fetching)
            grab(panel, "submit")
            # the progress strip as it looks mid-upload (values set by hand: an upload on
            # loopback is over before it can be photographed)
            from rb_dcc.submit import ProgressEvent

            sc = panel.submit_ctl
            sc.submitting = True
            sc.state_changed.emit()
            sc._submit_progress(ProgressEvent(stage="upload", message="sourceimages/wood_albedo.png", files_done=2,
                                              files_total=4, bytes_done=37 << 20, bytes_total=92 << 20,
                                              rate_bps=6.5 * (1 << 20), eta_s=9))
            app.processEvents()
            grab(panel, "submit-progress")
            sc.submitting = False
            sc.progress = None
            sc.state_changed.emit()
            sc.progress_changed.emit()

            panel.tabs.setCurrentWidget(panel.monitor_view)
            mv, mc = panel.monitor_view, panel.monitor_ctl
            wait(app, lambda: len(mc.tasks) >= 3 and not mc.loading)
            wait(app, lambda: mv.select_task(done))
            mv.tree.expandAll()
            wait(app, lambda: mv.frames_model.rowCount() > 0)
            mv.frames.selectRow(0)
            wait(app, lambda: mc.thumbnail is not None and bool(mc.log_lines))
            wait(app, lambda: bool(mc.hardware))
            grab(panel, "monitor")
            mv.side.setCurrentIndex(1)
            wait(app, lambda: mc.progress_image is not None, 5)
            grab(panel, "monitor-pictures")
            mv.side.setCurrentIndex(0)
            mc.request("delete", [done])
            app.processEvents()
            grab(panel, "monitor-confirm")
            mc.cancel_pending()

            dlg = ProfileDialog(panel.profiles, panel)
            dlg.show()
            wait(app, lambda: not panel.profiles.busy, 5)
            grab(dlg, "profile")
            dlg.close()
            panel.monitor_view.timer.stop()
            panel.runner.close(2000)
            panel.close()

            dead = RenderbusClient("AKIDdead", "x", domain="127.0.0.1:9", platform="2", protocol="http",
                                   timeout=(0.5, 1))
            off = Panel(StandaloneHost(scene), None, client=dead, load_profile=False, refresh_s=3600)
            off.resize(1280, 860)
            off.show()
            wait(app, lambda: off.submit_ctl.catalogue_error is not None and off.monitor_ctl.error is not None)
            grab(off, "offline-submit")
            off.tabs.setCurrentWidget(off.monitor_view)
            wait(app, lambda: True)
            grab(off, "offline-monitor")
            off.monitor_view.timer.stop()
            off.runner.close(2000)
            off.close()
    finally:
        farm.stop()
    with open(out_dir / ("report-%sx.txt" % scale), "w", encoding="utf-8") as fh:
        fh.write("\n".join(problems) + ("\n" if problems else ""))
    for line in problems:
        print("CUT " + line)
    return 1 if problems else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "screenshots"))
    ap.add_argument("--scale", help=argparse.SUPPRESS)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.scale:
        return child(out, args.scale)
    rc = 0
    for scale in ("1", "2"):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=scale, QT_LOGGING_RULES="*.warning=false")
        code = subprocess.call([sys.executable, __file__, "--out", str(out), "--scale", scale], env=env)
        rc = rc or code
    print("screenshots in %s (%s)" % (out, "text fits everywhere" if rc == 0 else "some text is cut: see report-*.txt"))
    return rc


if __name__ == "__main__":
    sys.exit(main())
