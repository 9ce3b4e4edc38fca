"""kill -9 the farm process while it renders; restart it on the same data dir: nothing is lost and
rendering carries on."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from tests.conftest import ROOT
from tests.fixtures.farm import FarmCaller, task_json

SPEED = 500


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(data: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "rb_dcc.localfarm", "--data", str(data), "--port", str(port),
                             "--speed", str(SPEED), "--no-profile"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=env, cwd=str(ROOT))
    deadline = time.time() + 20
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail("the farm exited: %s" % proc.stdout.read().decode(errors="replace"))
        try:
            if requests.get("http://127.0.0.1:%d/localfarm/health" % port, timeout=1).status_code == 200:
                return proc
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    pytest.fail("the farm did not come up on port %d" % port)


def _caller(data: Path) -> FarmCaller:
    creds = json.loads((data / "credentials.json").read_text())
    farm = SimpleNamespace(domain=creds["domain"], url="http://" + creds["domain"], access_id=creds["access_id"],
                           access_key=creds["access_key"])
    return FarmCaller(farm)


def _frames(c: FarmCaller, tid: int):
    out = []
    for page in (1, 2):
        out += c.ok("/api/render/handle/queryTaskFrames", {"taskId": tid, "pageNum": page, "pageSize": 100})["items"]
    return out


@pytest.mark.slow
def test_kill_9_during_rendering_loses_nothing(tmp_path):
    data = tmp_path / "farm"
    port = _free_port()
    procs = [_start(data, port)]
    try:
        c = _caller(data)
        tid = c.submit(task_json({"beauty": "1-80", "matte": "1-40"}))
        deadline = time.time() + 30
        while True:
            task = c.ok("/api/render/handle/queryTaskInfo/v2", {"taskIds": [tid]})["items"][0]
            if task["doneFrames"] >= 10 and task["executingFrames"] > 0:
                break
            assert time.time() < deadline, task
            time.sleep(0.02)
        kids = [k["id"] for k in task["respRenderingTaskList"]]
        before = {k: _frames(c, k) for k in kids}
        done_before = {f["id"] for fs in before.values() for f in fs if f["frameStatus"] == 4}
        procs[0].send_signal(signal.SIGKILL)
        procs[0].wait(10)

        procs.append(_start(data, port))
        c = _caller(data)
        after = c.ok("/api/render/handle/queryTaskInfo/v2", {"taskIds": [tid]})["items"][0]
        assert after["totalFrames"] == 120 and [k["id"] for k in after["respRenderingTaskList"]] == kids
        assert after["doneFrames"] >= len(done_before)
        for k in kids:
            now = _frames(c, k)
            assert [(f["id"], f["frameIndex"]) for f in now] == [(f["id"], f["frameIndex"]) for f in before[k]]
            assert {f["id"] for f in now if f["frameStatus"] == 4} >= done_before & {f["id"] for f in now}
        final = c.wait(tid, (25,), timeout=60)
        assert final["doneFrames"] == 120 and final["failedFrames"] == 0
        listing = c.ok("/api/render/transfer/local/list", {"storage": "output", "treePath": "/"})
        assert len(listing) == 120 and all(x["size"] > 100 for x in listing)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(10)
