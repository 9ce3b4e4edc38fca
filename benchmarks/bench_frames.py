"""Fetching every frame of a 10,000-frame task: our client's ``iter_frames`` vs the official SDK's
``get_all_frames``, through a loopback proxy adding 20 ms of round trip (a studio's link).

The SDK walks pages one after another (and keys frames by ``frameIndex``, so frames of
different layers sharing an index are dropped); ours reads the total from page 1 and fetches the
remaining pages concurrently. Target: <= 0.25x the SDK's time, with every frame returned.

    .venv/bin/python benchmarks/bench_frames.py [--frames 10000] [--rtt-ms 20] [--layers 1] [--workers 8]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_farm import ROOT, Caller, spawn_farm, submit  # noqa: E402
from latency_proxy import LatencyProxy  # noqa: E402

SDK_PY = Path(os.environ.get("RB_DCC_SDK_VENV", ROOT / ".cache" / "sdk-venv")) / "bin" / "python"

SDK_SCRIPT = r"""
import json, os, sys, time, tempfile
from rayvision_api import RayvisionAPI
cfg = json.loads(os.environ["FARM_CFG"])
api = RayvisionAPI(access_id=cfg["access_id"], access_key=cfg["access_key"], domain=cfg["domain"], platform="2",
                   protocol="http", log_folder=tempfile.mkdtemp(), log_level="WARNING")
api.query.task_frames(cfg["task_id"], page_num=1, page_size=1)  # warm the connection like ours
t0 = time.perf_counter()
frames = api.query.get_all_frames(cfg["task_id"])
print(json.dumps({"seconds": time.perf_counter() - t0, "count": len(frames)}))
"""


def run_sdk(creds: dict, domain: str, task_id: int) -> dict:
    env = dict(os.environ, FARM_CFG=json.dumps(dict(creds, domain=domain, task_id=task_id)))
    env.pop("PYTHONPATH", None)
    out = subprocess.run([str(SDK_PY), "-c", SDK_SCRIPT], capture_output=True, text=True, env=env, timeout=600)
    if out.returncode != 0:
        raise SystemExit("the SDK run failed:\n" + out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_ours(creds: dict, domain: str, task_id: int, workers: int) -> dict:
    from rb_dcc.api import RenderbusClient

    with RenderbusClient(creds["access_id"], creds["access_key"], domain=domain, protocol="http",
                         page_workers=workers) as client:
        client.query.task_frames(task_id, 1, 1)  # warm the connection, as the SDK run does
        t0 = time.perf_counter()
        frames = list(client.iter_frames(task_id))
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "count": len(frames), "unique_ids": len({f.id for f in frames})}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=10000)
    ap.add_argument("--layers", type=int, default=1, help="layers sharing the frame range (the SDK drops repeats)")
    ap.add_argument("--rtt-ms", type=float, default=20.0)
    ap.add_argument("--workers", type=int, default=8, help="our client's page_workers")
    args = ap.parse_args()
    if not SDK_PY.exists():
        raise SystemExit("the official SDK venv is missing (%s); build it with scripts/setup" % SDK_PY)

    data = Path(tempfile.mkdtemp(prefix="bench-frames-"))
    proc, creds = spawn_farm(data, speed=1000)
    try:
        c = Caller(creds)
        per_layer = args.frames // args.layers
        tid = submit(c, "1-%d" % per_layer, layers=args.layers)
        deadline = time.time() + 120
        while c.post("/api/render/handle/queryTaskInfo/v2", {"taskIds": [tid]})["items"][0]["totalFrames"] < \
                per_layer * args.layers:
            if time.time() > deadline:
                raise SystemExit("the farm did not analyse the task in time")
            time.sleep(0.2)
        c.post("/api/render/local/admin/state", {"speed": 0.001})  # freeze: frames keep their state
        total = per_layer * args.layers
        rows = []
        with LatencyProxy("127.0.0.1", int(creds["domain"].rsplit(":", 1)[1]), args.rtt_ms / 1000.0) as proxy:
            slow = "127.0.0.1:%d" % proxy.port
            for label, domain in (("+%g ms RTT" % args.rtt_ms, slow), ("loopback", creds["domain"])):
                sdk = run_sdk(creds, domain, tid)
                ours_default = run_ours(creds, domain, tid, 4)
                ours = run_ours(creds, domain, tid, args.workers)
                rows.append((label, sdk, ours_default, ours))
    finally:
        proc.terminate()
        proc.wait(10)

    print("bench_frames: task of %d frames (%d layer%s), farm in its own process" %
          (total, args.layers, "" if args.layers == 1 else "s"))
    print("%-14s %-34s %9s %8s %9s" % ("link", "client", "seconds", "frames", "vs SDK"))
    met = False
    for label, sdk, ours_default, ours in rows:
        print("%-14s %-34s %9.3f %8d %9s" % (label, "SDK get_all_frames (sequential)", sdk["seconds"], sdk["count"], "1.00x"))
        print("%-14s %-34s %9.3f %8d %8.2fx" % (label, "rb_dcc iter_frames, 4 workers", ours_default["seconds"],
                                                ours_default["count"], ours_default["seconds"] / sdk["seconds"]))
        print("%-14s %-34s %9.3f %8d %8.2fx" % (label, "rb_dcc iter_frames, %d workers" % args.workers,
                                                ours["seconds"], ours["count"], ours["seconds"] / sdk["seconds"]))
        if label.startswith("+"):
            met = ours["seconds"] <= 0.25 * sdk["seconds"] and ours["count"] == total == ours["unique_ids"]
    print("target <= 0.25x the SDK through the latency proxy, every frame returned: %s" % ("MET" if met else "NOT MET"))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
