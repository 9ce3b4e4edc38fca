"""``rb-dcc demo``: the panel on the sample scene with a local farm; ``--headless`` end to end."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

pytest.importorskip("qtpy")

from tests.fixtures.ui import ROOT  # noqa: E402


def test_demo_opens_the_panel_on_the_sample_scene(ui_config, qtbot, tmp_path, monkeypatch):
    import rb_dcc.ui as ui
    from rb_dcc.cli import demo
    from rb_dcc.config import get_profile

    monkeypatch.setattr(ui, "_panel", None)
    args = argparse.Namespace(data=str(tmp_path / "farm"), speed=500.0)
    panel, farm = demo.open_demo(args, demo.sample_scene())
    qtbot.addWidget(panel)
    try:
        assert ui.open_panel() is panel  # one panel per session
        assert get_profile().name == "local"
        qtbot.waitUntil(lambda: panel.submit_ctl.plan is not None, timeout=20000)
        assert panel.submit_ctl.spec.scene_path.endswith("demo_shot.ma")
        assert "local farm" in panel.farm_label.text()
        qtbot.waitUntil(lambda: panel.monitor_ctl.error is None and not panel.monitor_ctl.loading, timeout=10000)
    finally:
        panel.monitor_view.timer.stop()
        panel.runner.close(3000)
        panel.close()
        farm.stop()


@pytest.mark.slow
def test_headless_demo_submits_renders_and_downloads(tmp_path):
    env = dict(os.environ, RB_DCC_CONFIG_DIR=str(tmp_path / "cfg"), RB_DCC_DATA_DIR=str(tmp_path / "data"),
               RB_DCC_FARM_DIR=str(tmp_path / "farm"))
    out = subprocess.run([sys.executable, "-m", "rb_dcc", "demo", "--headless", "--output", str(tmp_path / "out")],
                         env=env, cwd=str(ROOT), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "5/5" in out.stdout and "Done in" in out.stdout
    pngs = [f for _r, _d, files in os.walk(tmp_path / "out") for f in files if f.endswith(".png")]
    assert len(pngs) == 24  # two render layers x 12 frames


def _rb(args, tmp_path, timeout=90):
    env = dict(os.environ, RB_DCC_CONFIG_DIR=str(tmp_path / "cfg"), RB_DCC_DATA_DIR=str(tmp_path / "data"),
               RB_DCC_FARM_DIR=str(tmp_path / "farm"), QT_QPA_PLATFORM="offscreen", RB_DCC_LANG="en_US")
    return subprocess.run([sys.executable, "-m", "rb_dcc"] + args, env=env, cwd=str(ROOT), capture_output=True,
                          text=True, timeout=timeout)


def test_rb_dcc_panel_opens_a_scene_and_quits(tmp_path, sample_scene):
    out = _rb(["panel", sample_scene, "--quit-after", "1.5"], tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    bad = _rb(["panel", str(tmp_path / "nope.ma")], tmp_path)
    assert bad.returncode == 2 and "no such scene file" in bad.stderr and "Traceback" not in bad.stderr


def test_rb_dcc_demo_window_starts_and_stops_the_farm(tmp_path):
    out = _rb(["demo", "--quit-after", "2", "--speed", "200"], tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Local farm running at http://127.0.0.1:" in out.stdout
    assert (tmp_path / "farm" / "credentials.json").is_file()


def test_open_panel_reuses_one_panel_and_reopens_after_close(ui_config, qtbot, monkeypatch, ui_client, sample_scene):
    import rb_dcc.ui as ui
    from rb_dcc.adapters.base import StandaloneHost

    monkeypatch.setattr(ui, "_panel", None)
    first = ui.open_panel(StandaloneHost(sample_scene), client=ui_client, refresh_s=0.3)
    qtbot.addWidget(first)
    try:
        assert ui.open_panel() is first
        first.close()
        again = ui.open_panel()
        assert again is first and again.isVisible()
        # background work still runs after the window was closed and shown again
        again.monitor_ctl.refresh()
        qtbot.waitUntil(lambda: not again.monitor_ctl.loading and again.monitor_ctl.error is None, timeout=10000)
        other = StandaloneHost(sample_scene)
        assert ui.open_panel(other) is first and first.submit_ctl.adapter is other
    finally:
        first.shutdown(3000)
