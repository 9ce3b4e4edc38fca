"""Load on the local farm: 50 client threads, 20 s of mixed reads and writes over loopback.

Prints requests/s, p50/p99 latency and the error count, overall and per call. Target on a
2-core machine: >= 300 req/s with 0 errors. The farm runs in its own process (as it would for a
studio), rendering three tasks in the background while the clients hammer it.

    .venv/bin/python benchmarks/bench_farm.py [--threads 50] [--seconds 20] [--speed 50]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import requests

ROOT = Path(__file__).resolve().parent.parent


# -- a farm in its own process ------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn_farm(data: Path, speed: float, port: Optional[int] = None) -> Tuple[subprocess.Popen, dict]:
    port = port or free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "rb_dcc.localfarm", "--data", str(data), "--port", str(port),
                             "--speed", str(speed), "--no-profile"], stdout=subprocess.DEVNULL, stderr=None,
                            env=env, cwd=str(ROOT))
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if requests.get("http://127.0.0.1:%d/localfarm/health" % port, timeout=1).ok:
                creds = json.loads((data / "credentials.json").read_text())
                return proc, creds
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the farm did not start on port %d" % port)


# -- a small signer (protocol doc §b) -------------------------------------------------------------

def _flatten(value, key, out):
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, k if not key else "%s.%s" % (key, k), out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _flatten(v, "%s%d" % (key, i), out)
    else:
        out[key] = value


_NONCES = __import__("itertools").count()
_NONCE_LOCK = threading.Lock()


def next_nonce() -> str:
    """Nonces that do not repeat within a run (the farm refuses a replayed signed request)."""
    with _NONCE_LOCK:
        return str(100000 + next(_NONCES) % 899999)


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


class Caller:
    """A lean signed client (http.client, one keep-alive connection per thread), so the client side
    costs little CPU and the numbers measure the farm."""

    def __init__(self, creds: dict, domain: Optional[str] = None):
        self.domain = domain or creds["domain"]
        self.id = creds["access_id"]
        self.key = creds["access_key"].encode()
        host, _, port = self.domain.partition(":")
        self.address = (host, int(port or 80))
        self.conn: Optional[http.client.HTTPConnection] = None

    def post(self, path: str, body: dict) -> dict:
        h = {"accessId": self.id, "channel": "4", "platform": "2", "UTCTimestamp": str(int(time.time())),
             "nonce": next_nonce(), "version": "2.0.0"}
        merged = dict(h)
        merged.update(body)
        flat: Dict[str, object] = {}
        _flatten(merged, None, flat)
        text = "[POST]%s:%s&" % (self.domain, path) + "&".join("%s=%s" % (k, flat[k]) for k in sorted(flat))
        h["signature"] = base64.b64encode(hmac.new(self.key, text.encode(), hashlib.sha256).digest()).decode()
        h["Content-Type"] = "application/json"
        h["Host"] = self.domain
        payload = json.dumps(body).encode()
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(*self.address, timeout=30)
            try:
                self.conn.request("POST", path, payload, h)
                r = self.conn.getresponse()
                raw = r.read()
                break
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        if r.status != 200:
            raise RuntimeError("HTTP %d" % r.status)
        env = json.loads(raw)
        if env.get("code") != 200:
            raise RuntimeError("code %s: %s" % (env.get("code"), env.get("message")))
        return env["data"]


def task_json(frames: str, layers: int = 1) -> str:
    sir = {"layer": {"layer%d" % i: {"renderable": "1", "common": {"frames": frames}} for i in range(layers)}}
    return json.dumps({"task_info": {"input_cg_file": "D:/proj/bench.mb", "cg_id": "2000",
                                     "hardwareConfigIds": ["301"]},
                       "software_config": {"cg_name": "Maya", "cg_version": "2024", "plugins": {"mtoa": "5.3.1"}},
                       "scene_info_render": sir})


def submit(c: Caller, frames: str, layers: int = 1) -> int:
    tid = c.post("/api/render/submit/createTask", {"count": 1, "taskUserLevel": 50})["taskIdList"][0]
    c.post("/api/render/submit/taskJsonFile", {"taskId": tid, "fileName": "task.json",
                                               "content": task_json(frames, layers)})
    c.post("/api/render/submit/task", {"taskId": tid})
    return tid


# -- the load -----------------------------------------------------------------------------------

def operations(render_ids: List[int], frame_ids: List[int]):
    """(name, weight, is_write, fn(caller, state))"""

    def mine(state):
        return state.setdefault("tasks", [])

    def create(c, s):
        tid = c.post("/api/render/submit/createTask", {"count": 1, "taskUserLevel": 50})["taskIdList"][0]
        mine(s).append(tid)

    def upload(c, s):
        if mine(s):
            c.post("/api/render/submit/taskJsonFile", {"taskId": mine(s)[-1], "fileName": "upload.json",
                                                       "content": json.dumps({"scene": [], "asset": []})})

    def label(c, s):
        if mine(s):
            c.post("/api/render/handle/addTaskLabel", {"label": "bench", "taskIds": [random.choice(mine(s))]})

    def priority(c, s):
        c.post("/api/rendering/task/renderingTask/updateTaskUserLevel",
               {"taskId": random.choice(render_ids), "taskUserLevel": random.choice([50, 60, 70])})

    return [
        ("getTaskList", 20, False, lambda c, s: c.post("/api/render/handle/getTaskList/v2", {"pageNum": 1, "pageSize": 20})),
        ("queryTaskInfo", 20, False, lambda c, s: c.post("/api/render/handle/queryTaskInfo/v2", {"taskIds": render_ids})),
        ("queryTaskFrames", 15, False, lambda c, s: c.post("/api/render/handle/queryTaskFrames", {
            "taskId": random.choice(render_ids), "pageNum": random.randint(1, 5), "pageSize": 100})),
        ("showLog", 5, False, lambda c, s: c.post("/api/render/handle/showLog", {
            "renderingType": "render", "pageNum": 1, "pageSize": 1, "id": random.choice(frame_ids)})),
        ("querySoftwareDetail", 5, False, lambda c, s: c.post("/api/render/plugin/querySoftwareDetail", {
            "cgId": random.choice([2000, 2001, 2004, 2007]), "osName": "windows"})),
        ("hardwareConfig", 5, False, lambda c, s: c.post("/api/render/hardwareConfig/list", {"cloneTask": "false"})),
        ("queryAllFrameStats", 5, False, lambda c, s: c.post("/api/render/handle/queryAllFrameStats", {})),
        ("createTask", 8, True, create),
        ("taskJsonFile", 7, True, upload),
        ("addTaskLabel", 5, True, label),
        ("updateTaskUserLevel", 5, True, priority),
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--speed", type=float, default=50.0)
    args = ap.parse_args()

    data = Path(tempfile.mkdtemp(prefix="bench-farm-"))
    proc, creds = spawn_farm(data, args.speed)
    try:
        setup = Caller(creds)
        render_ids = [submit(setup, "1-2000") for _ in range(3)]
        deadline = time.time() + 30
        while True:
            info = setup.post("/api/render/handle/queryTaskInfo/v2", {"taskIds": render_ids})["items"]
            if all(t["totalFrames"] for t in info) or time.time() > deadline:
                break
            time.sleep(0.1)
        frame_ids = [f["id"] for f in setup.post("/api/render/handle/queryTaskFrames",
                                                 {"taskId": render_ids[0], "pageNum": 1, "pageSize": 100})["items"]]
        ops = operations(render_ids, frame_ids)
        weights = [o[1] for o in ops]
        lat: Dict[str, List[float]] = {o[0]: [] for o in ops}
        errs: Dict[str, int] = {o[0]: 0 for o in ops}
        samples: List[str] = []
        lock = threading.Lock()
        stop_at = time.time() + args.seconds
        start = threading.Barrier(args.threads + 1)

        def worker():
            c = Caller(creds)
            state: dict = {}
            mine_lat: Dict[str, List[float]] = {o[0]: [] for o in ops}
            mine_err: Dict[str, int] = {o[0]: 0 for o in ops}
            start.wait()
            while time.time() < stop_at:
                name, _, _, fn = random.choices(ops, weights)[0]
                t0 = time.perf_counter()
                try:
                    fn(c, state)
                except Exception as exc:
                    mine_err[name] += 1
                    with lock:
                        if len(samples) < 5:
                            samples.append("%s: %s" % (name, exc))
                mine_lat[name].append(time.perf_counter() - t0)
            with lock:
                for k in ops:
                    lat[k[0]] += mine_lat[k[0]]
                    errs[k[0]] += mine_err[k[0]]

        threads = [threading.Thread(target=worker) for _ in range(args.threads)]
        for t in threads:
            t.start()
        start.wait()
        t_begin = time.time()
        farm_cpu0, client_cpu0 = cpu_seconds(proc.pid), sum(os.times()[:2])
        for t in threads:
            t.join()
        elapsed = time.time() - t_begin
        farm_cpu = cpu_seconds(proc.pid) - farm_cpu0
        client_cpu = sum(os.times()[:2]) - client_cpu0
        final = setup.post("/api/render/handle/queryTaskInfo/v2", {"taskIds": render_ids})["items"]
    finally:
        proc.terminate()
        proc.wait(10)

    def pct(xs, p):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(p / 100.0 * len(xs)))] * 1000 if xs else 0.0

    total = sum(len(v) for v in lat.values())
    all_lat = [x for v in lat.values() for x in v]
    writes = sum(len(lat[o[0]]) for o in ops if o[2])
    print("bench_farm: %d threads, %.1f s, farm in its own process (speed x%g, 3 tasks rendering)"
          % (args.threads, elapsed, args.speed))
    print("%-22s %8s %9s %9s %9s %7s" % ("call", "requests", "req/s", "p50 ms", "p99 ms", "errors"))
    for name, _, is_write, _ in ops:
        xs = lat[name]
        print("%-22s %8d %9.1f %9.1f %9.1f %7d" % (name + (" (w)" if is_write else ""), len(xs), len(xs) / elapsed,
                                                  pct(xs, 50), pct(xs, 99), errs[name]))
    print("%-22s %8d %9.1f %9.1f %9.1f %7d" % ("TOTAL", total, total / elapsed, pct(all_lat, 50), pct(all_lat, 99),
                                              sum(errs.values())))
    print("writes: %d (%.0f%%); frames rendered meanwhile: %d" % (writes, 100.0 * writes / max(1, total),
                                                                 sum(t["doneFrames"] for t in final)))
    print("cpu: farm %.1f s (%.2f ms/request), clients %.1f s, over %.1f s wall; load average %s"
          % (farm_cpu, 1000 * farm_cpu / max(1, total), client_cpu, elapsed, os.getloadavg()[0]))
    for s in samples:
        print("  error sample:", s)
    ok = total / elapsed >= 300 and sum(errs.values()) == 0
    print("target >= 300 req/s with 0 errors: %s" % ("MET" if ok else "NOT MET"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
