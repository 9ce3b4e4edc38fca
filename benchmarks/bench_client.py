"""500 ``query_user_profile`` calls against one loopback server: our client, the official SDK
(``rayvision-api`` in its own venv, timed inside its process) and raw ``requests.Session.post``.

The server answers each request in one write with TCP_NODELAY set, so nobody waits on delayed
ACKs. Each contender runs ``--rounds`` rounds after a warm-up; the table shows the best round
(the least disturbed by other load on the machine) and the median.

    .venv/bin/python benchmarks/bench_client.py [--calls 500] [--rounds 5] [--sdk-python PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from rb_dcc.api import RenderbusClient  # noqa: E402

ACCESS_ID = "AKIDbench0123456789"
ACCESS_KEY = "sk_bench_not_a_secret"

PROFILE = {"userId": 10001136, "userName": "rayvision", "platform": 2, "phone": "173333333333", "email": "",
           "company": "", "name": "", "job": "", "communicationNumber": "", "softType": 2000, "softStatus": 1,
           "businessType": 1, "status": 1, "infoStatus": 0, "accountType": 1, "userType": 1, "mainUserId": 0,
           "level": 49, "pictureLever": None, "zone": 1, "rmbbalance": 0, "usdbalance": 0, "rmbCumulative": 0,
           "usdCumulative": 0, "credit": 0, "coupon": 49.93, "description": "", "country": "中国",
           "city": "广东 中山", "address": "", "cpuPrice": 0.67, "gpuPrice": 20, "shareMainCapital": 0,
           "subDeleteTask": 0, "useMainBalance": 0, "hideBalance": 0, "hideJobCharge": 0, "useLevelDirectory": 1,
           "downloadDisable": 0, "displaySubaccount": 1, "subaccountLimits": 5, "houdiniFlag": 0, "c4dFlag": 0,
           "blenderFlag": 0, "studentEndTime": None}
ANSWERS = {
    "/api/render/setUp/queryUserProfile": PROFILE,
    "/api/render/setUp/queryUserSetting": {"shareMainCapital": 0, "subDeleteTask": 0, "useMainBalance": 0,
                                           "taskOverTime": 12, "taskOverTimeSec": 3600},
    "/api/render/transfer/getBid": {"config_bid": "30201", "input_bid": "10201", "output_bid": "20201",
                                    "parent_input_bid": "10202", "sub_user_output_bids": []},
}


def _reply(path: str) -> bytes:
    body = json.dumps({"version": "1.0.0", "result": True, "message": "success", "code": 200,
                       "data": ANSWERS.get(path, PROFILE), "serverTime": 1535953580730,
                       "requestId": "bench"}).encode()
    return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)


REPLIES = {path: _reply(path) for path in ANSWERS}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        self.wfile.write(REPLIES.get(self.path) or _reply(self.path))  # one write


def start_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def time_ours(domain: str, calls: int, warmup: int) -> float:
    client = RenderbusClient(ACCESS_ID, ACCESS_KEY, domain=domain, protocol="http", platform="2")
    for _ in range(warmup):
        client.user.query_user_profile()
    start = time.perf_counter()
    for _ in range(calls):
        client.user.query_user_profile()
    elapsed = time.perf_counter() - start
    assert client.user.query_user_profile().user_id == 10001136
    client.close()
    return elapsed


def time_raw(domain: str, calls: int, warmup: int) -> float:
    session = requests.Session()
    url = "http://%s/api/render/setUp/queryUserProfile" % domain
    headers = {"accessId": ACCESS_ID, "channel": "4", "platform": "2", "UTCTimestamp": "1764000000",
               "nonce": "123456", "version": "2.0.0", "signature": "x" * 44, "Content-Type": "application/json",
               "languageFlag": "1"}
    for _ in range(warmup):
        session.post(url, data="{}", headers=headers).json()
    start = time.perf_counter()
    for _ in range(calls):
        session.post(url, data="{}", headers=headers).json()["data"]
    elapsed = time.perf_counter() - start
    session.close()
    return elapsed


SDK_SCRIPT = r"""
import json, sys, tempfile, time
from rayvision_api import RayvisionAPI
domain, calls, warmup, rounds, level = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
api = RayvisionAPI(access_id=%(id)r, access_key=%(key)r, domain=domain, platform="2", protocol="http",
                   log_folder=tempfile.mkdtemp(prefix="rb-bench-sdk-"), log_level=level)
for _ in range(warmup):
    api.user.query_user_profile()
times = []
for _ in range(rounds):
    start = time.perf_counter()
    for _ in range(calls):
        api.user.query_user_profile()
    times.append(time.perf_counter() - start)
assert api.user.query_user_profile()["userId"] == 10001136
print(json.dumps(times))
""" % {"id": ACCESS_ID, "key": ACCESS_KEY}


def time_sdk(sdk_python: Path, domain: str, calls: int, warmup: int, rounds: int, level: str):
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    proc = subprocess.run([str(sdk_python), "-c", SDK_SCRIPT, domain, str(calls), str(warmup), str(rounds), level],
                          capture_output=True, text=True, env=env, timeout=600)
    if proc.returncode != 0:
        print("official SDK run failed:\n" + proc.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--sdk-python", default=os.environ.get(
        "RB_DCC_SDK_PYTHON", str(ROOT / ".cache" / "sdk-venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))))
    args = parser.parse_args(argv)

    httpd = start_server()
    domain = "127.0.0.1:%d" % httpd.server_address[1]
    results = {"raw requests.Session.post": [], "rb_dcc RenderbusClient": []}
    for _ in range(args.rounds):  # interleaved, so both see the same machine load
        results["raw requests.Session.post"].append(time_raw(domain, args.calls, args.warmup))
        results["rb_dcc RenderbusClient"].append(time_ours(domain, args.calls, args.warmup))
    sdk_python = Path(args.sdk_python)
    if sdk_python.exists():
        # As shipped (it logs every call at DEBUG to a file), and with its logging turned down.
        for label, level in (("official SDK rayvision-api", "DEBUG"), ("official SDK, log_level=WARNING", "WARNING")):
            sdk = time_sdk(sdk_python, domain, args.calls, args.warmup, args.rounds, level)
            if sdk:
                results[label] = sdk
    else:
        print("(official SDK venv not found at %s: run scripts/setup)" % sdk_python, file=sys.stderr)
    httpd.shutdown()

    floor = min(results["raw requests.Session.post"])
    ours = min(results["rb_dcc RenderbusClient"])
    print("%d x query_user_profile on loopback (%s), best and median of %d rounds, Python %s"
          % (args.calls, domain, args.rounds, sys.version.split()[0]))
    print("%-32s %10s %10s %12s %10s" % ("client", "best ms", "median ms", "us per call", "vs raw"))
    for name, times in results.items():
        best = min(times)
        print("%-32s %10.1f %10.1f %12.1f %9.2fx" % (name, best * 1000, statistics.median(times) * 1000,
                                                    best / args.calls * 1e6, best / floor))
    print("rb_dcc / raw requests: %.2fx (target <= 1.10x)" % (ours / floor))
    for label in ("official SDK rayvision-api", "official SDK, log_level=WARNING"):
        if label in results:
            print("rb_dcc / %s: %.2fx (target <= 0.90x)" % (label, ours / min(results[label])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
