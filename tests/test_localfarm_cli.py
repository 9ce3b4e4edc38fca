"""``python -m rb_dcc.localfarm`` / ``rb-dcc farm``: prints URL and credentials, saves a ready ``local`` profile."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
import requests

from tests.conftest import ROOT


def test_farm_command_saves_a_local_profile_the_client_uses(tmp_path, monkeypatch):
    config = pytest.importorskip("rb_dcc.config")
    conf_dir = tmp_path / "config"
    data = tmp_path / "farm"
    env = dict(os.environ, PYTHONPATH=str(ROOT), RB_DCC_CONFIG_DIR=str(conf_dir))
    for var in ("RB_ACCESS_ID", "RB_ACCESS_KEY", "RB_DOMAIN", "RB_PLATFORM", "RB_PROTOCOL"):
        env.pop(var, None)
        monkeypatch.delenv(var, raising=False)
    proc = subprocess.Popen([sys.executable, "-m", "rb_dcc", "farm", "--data", str(data), "--speed", "100"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=str(ROOT), text=True)
    try:
        first = proc.stdout.readline()
        assert first.startswith("rb_dcc local farm at http://127.0.0.1:"), first + proc.stdout.read()
        url = first.split(" at ", 1)[1].strip()
        lines = [proc.stdout.readline() for _ in range(6)]
        assert any("access key:" in l for l in lines) and any("profile 'local' saved" in l for l in lines), lines
        assert requests.get(url + "/localfarm/health", timeout=5).json()["code"] == 200
        monkeypatch.setenv("RB_DCC_CONFIG_DIR", str(conf_dir))
        profile = config.get_profile()  # the first saved profile is the default
        assert profile.name == "local" and profile.protocol == "http" and "http://" + profile.domain == url
        client = config.client_for("local")
        assert client.user.query_user_profile().user_id == 10007893
        client.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    assert proc.returncode == 0  # SIGTERM stops it cleanly


def test_bad_options_are_refused_with_a_message(tmp_path):
    out = subprocess.run([sys.executable, "-m", "rb_dcc.localfarm", "--data", str(tmp_path), "--speed", "0"],
                         capture_output=True, text=True, cwd=str(ROOT), env=dict(os.environ, PYTHONPATH=str(ROOT)),
                         timeout=60)
    assert out.returncode == 2 and "--speed must be a positive number" in out.stderr
