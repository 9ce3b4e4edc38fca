"""The rb-dcc submit / tasks / frames / log / actions / download commands against a real local farm."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rb_dcc.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCENE = "max/radobaychev__3D-RoomProject__lamp.max"


@pytest.fixture
def cli_env(farm, tmp_path, monkeypatch):
    env = {
        "RB_ACCESS_ID": farm.access_id, "RB_ACCESS_KEY": farm.access_key, "RB_DOMAIN": farm.domain,
        "RB_PROTOCOL": "http", "RB_PLATFORM": farm.platform,
        "RB_DCC_CONFIG_DIR": str(tmp_path / "config"), "RB_DCC_DATA_DIR": str(tmp_path / "data"),
        "RB_DCC_CACHE_DIR": str(tmp_path / "cache"),
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return env


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _wait_done(farm_client, task_id, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        t = farm_client.query.task_info([task_id]).items[0]
        if t.is_terminal:
            return t
        time.sleep(0.1)
    raise AssertionError("task %s did not finish" % task_id)


def test_submit_then_manage_and_download(cli_env, farm_client, scenes_dir, capsys, tmp_path):
    code, out, err = run_cli(capsys, "submit", str(scenes_dir / SCENE), "--frames", "1-2", "--yes", "--json")
    assert code == 0, err
    res = json.loads(out)
    task_id = res["task_id"]
    assert res["ok"] and res["uploaded_files"] == 1 and res["alias"].endswith(str(task_id))
    _wait_done(farm_client, task_id)

    code, out, _ = run_cli(capsys, "tasks", "--json")
    assert code == 0 and [t["id"] for t in json.loads(out)] == [task_id] and "taskStatus" in json.loads(out)[0]
    code, out, _ = run_cli(capsys, "tasks")
    assert code == 0 and "ALIAS" in out and res["alias"] in out

    code, out, _ = run_cli(capsys, "frames", res["alias"], "--json")
    frames = json.loads(out)
    assert code == 0 and len(frames) == 2 and {f["frameStatus"] for f in frames} == {4}
    code, out, _ = run_cli(capsys, "frames", str(task_id))
    assert "FRAME" in out and "done" in out.lower()

    code, out, _ = run_cli(capsys, "log", str(task_id), "2")
    assert code == 0 and out.strip()
    code, out, err = run_cli(capsys, "log", str(task_id), "99")
    assert code == 2 and "no frame 99" in err

    dest = tmp_path / "dl"
    code, out, _ = run_cli(capsys, "download", str(task_id), "--to", str(dest), "--json")
    got = json.loads(out)
    assert code == 0 and got["files_downloaded"] == 2 and got["refused"] == []
    assert len(list(dest.rglob("*.png"))) == 2
    code, out, _ = run_cli(capsys, "download", str(task_id), "--to", str(dest))
    assert code == 0 and "0 files downloaded" in out and "2 already there" in out

    # re-submit of the unchanged scene sends nothing
    code, out, err = run_cli(capsys, "submit", str(scenes_dir / SCENE), "--frames", "1-2", "--yes", "--json")
    again = json.loads(out)
    assert code == 0, (out, err)
    assert again["uploaded_bytes"] == 0 and again["skipped_files"] == 1


def test_task_actions(cli_env, farm_client, capsys):
    from tests.fixtures.farm import task_json

    task_id = farm_client.task.create_task().task_id_list[0]
    farm_client.transmit.upload_json_content(task_id, json.dumps(task_json(common_frames="1-400")), "task.json")
    farm_client.task.submit_task(task_id)
    code, out, _ = run_cli(capsys, "stop", str(task_id))
    assert code == 0 and "stopped" in out
    assert int(farm_client.query.task_info([task_id]).items[0].task_status) in (10, 15)
    code, out, _ = run_cli(capsys, "start", str(task_id), "--json")
    assert code == 0 and json.loads(out) == {"ok": True, "task_id": task_id, "action": "start"}
    code, out, _ = run_cli(capsys, "retry", str(task_id))
    assert code == 0
    code, out, _ = run_cli(capsys, "abandon", str(task_id), "--yes")
    assert code == 0 and "abandoned" in out
    assert int(farm_client.query.task_info([task_id]).items[0].task_status) == 35
    code, out, _ = run_cli(capsys, "delete", str(task_id), "--yes")
    assert code == 0
    assert [t.id for t in farm_client.iter_tasks()] == []


def test_exit_codes(cli_env, capsys, monkeypatch, tmp_path, scenes_dir):
    code, _, err = run_cli(capsys, "stop", "not-a-task")
    assert code == 2 and "not a task id" in err
    code, _, err = run_cli(capsys, "stop", "987654")
    assert code == 1 and err.startswith("rb-dcc stop:")
    code, _, err = run_cli(capsys, "submit", str(tmp_path / "nope.ma"), "--yes")
    assert code == 2 and "no such scene file" in err
    code, _, err = run_cli(capsys, "submit", str(scenes_dir / SCENE), "--frames", "9-1", "--yes")
    assert code == 2 and "--frames" in err
    code, _, err = run_cli(capsys, "submit", str(scenes_dir / SCENE), "--env", "no_such_env", "--hardware", "301",
                           "--yes")
    assert code == 2 and "no_such_env" in (err + capsys.readouterr().out) or code == 2
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    monkeypatch.setenv("RB_DOMAIN", "127.0.0.1:%d" % port)
    code, _, err = run_cli(capsys, "tasks")
    assert code == 3 and "connect" in err
    assert "secret" not in err and os.environ["RB_ACCESS_KEY"] not in err


def test_ctrl_c_stops_download_follow_cleanly(cli_env, farm_client, tmp_path):
    task_id = farm_client.task.create_task().task_id_list[0]  # never submitted: never finishes
    env = dict(os.environ, **cli_env)
    proc = subprocess.Popen([sys.executable, "-m", "rb_dcc", "download", str(task_id), "--to", str(tmp_path / "o"),
                             "--follow", "--poll", "0.2"], env=env, cwd=str(ROOT), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err


def test_resume_uses_the_saved_profile_of_the_journals_farm(cli_env, farm, farm_client, scenes_dir, capsys,
                                                             monkeypatch):
    import threading

    from rb_dcc.adapters import analyze_file
    from rb_dcc.config import Profile, save_profile
    from rb_dcc.submit import JobSettings, Submission, SubmissionCancelled

    save_profile(Profile(name="lf", domain=farm.domain, access_id=farm.access_id, protocol="http",
                         local_farm_dir=str(farm.data_dir)))
    spec = analyze_file(str(scenes_dir / SCENE))
    code, out, _ = run_cli(capsys, "submit", str(scenes_dir / SCENE), "--frames", "1", "--yes", "--json")
    env_name = json.loads(out)["env"]
    cancel = threading.Event()
    sub = Submission(farm_client, spec, JobSettings(frames="1-2", env_name=env_name, hardware_config_id=301))
    with pytest.raises(SubmissionCancelled):
        sub.run(on_progress=lambda e: cancel.set() if e.stage == "jobfiles" else None, cancel=cancel)
    for k in ("RB_ACCESS_ID", "RB_ACCESS_KEY", "RB_DOMAIN"):
        monkeypatch.delenv(k)
    code, out, err = run_cli(capsys, "resume", "--list")
    assert code == 0 and "jobfiles" not in out and str(sub.task_id) in out
    code, out, err = run_cli(capsys, "resume", "--json")
    assert code == 0, err
    assert json.loads(out)["task_id"] == sub.task_id
    code, out, err = run_cli(capsys, "resume")
    assert code == 2 and "no unfinished submission" in err
