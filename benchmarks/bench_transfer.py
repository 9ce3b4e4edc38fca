"""Transfer benchmark against a local farm on loopback; prints a table.

1. Re-submit scan: 20,000 small unchanged assets already on the farm → bytes sent (must be 0)
   and the time to decide that (target: scan ≤ 1 s).
2. Throughput: ~2 GB (a few big files + many small ones) uploaded with ``LocalFarmTransfer``
   (cold hash cache: hashing included) versus one raw single-stream HTTP PUT of the same bytes
   to the same farm in the same run (target: ≥ 0.5x).

Usage: ``python benchmarks/bench_transfer.py [--small 20000] [--gb 2.0] [--workers 4] [--keep]``.
Everything is written under a temp folder that is removed at the end (unless ``--keep``).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from rb_dcc.api import RenderbusClient  # noqa: E402
from rb_dcc.localfarm import LocalFarm  # noqa: E402
from rb_dcc.scene import to_farm_path  # noqa: E402
from rb_dcc.transfer import HashCache, UploadItem  # noqa: E402
from rb_dcc.transfer.localfarm_http import LocalFarmTransfer  # noqa: E402


def make_small(folder: str, n: int) -> list:
    os.makedirs(folder, exist_ok=True)
    paths = []
    for i in range(n):
        sub = os.path.join(folder, "d%03d" % (i // 500))
        if i % 500 == 0:
            os.makedirs(sub, exist_ok=True)
        p = os.path.join(sub, "tex_%05d.png" % i)
        with open(p, "wb") as fh:
            fh.write(os.urandom(512 + (i % 7) * 256))
        paths.append(p)
    return paths


def make_big(folder: str, total_bytes: int) -> list:
    """A few big files (3/4 of the bytes) and many 256 KB files (the rest)."""
    os.makedirs(folder, exist_ok=True)
    paths = []
    big_total = total_bytes * 3 // 4
    n_big = 3
    block = os.urandom(1 << 20)
    for i in range(n_big):
        p = os.path.join(folder, "cache_%d.vdb" % i)
        size = big_total // n_big
        with open(p, "wb") as fh:
            left = size
            k = 0
            while left > 0:
                chunk = block if left >= len(block) else block[:left]
                # vary the content so no two MB are equal
                fh.write(chunk[:-8] + k.to_bytes(8, "little") if len(chunk) == len(block) else chunk)
                left -= len(chunk)
                k += 1
        paths.append(p)
    small_total = total_bytes - big_total
    n_small = max(1, small_total // (256 << 10))
    for i in range(n_small):
        p = os.path.join(folder, "small", "tex_%05d.exr" % i)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as fh:
            fh.write(os.urandom(256 << 10))
        paths.append(p)
    return paths


class _Concat:
    """File-like over several files, with a length, so requests sends one Content-Length body."""

    def __init__(self, paths):
        self.paths = list(paths)
        self.length = sum(os.path.getsize(p) for p in self.paths)
        self._i = 0
        self._fh = None

    def __len__(self) -> int:
        return self.length

    def read(self, n: int = -1) -> bytes:
        out = bytearray()
        want = n if n is not None and n >= 0 else self.length
        while len(out) < want and self._i < len(self.paths):
            if self._fh is None:
                self._fh = open(self.paths[self._i], "rb")
            chunk = self._fh.read(want - len(out))
            if not chunk:
                self._fh.close()
                self._fh = None
                self._i += 1
                continue
            out.extend(chunk)
        return bytes(out)


def raw_put(client: RenderbusClient, paths: list, server_path: str) -> float:
    """One single-stream PUT of the concatenated bytes; returns seconds (hash computed beforehand)."""
    h = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    body = _Concat(paths)
    query = {"storage": "input", "path": server_path, "offset": "0", "total": str(len(body)),
             "hash": "sha256:" + h.hexdigest()}
    import requests

    s = requests.Session()
    s.trust_env = False
    headers = client.signed_headers("/transfer/upload", query, "PUT")
    headers["Content-Type"] = "application/octet-stream"
    t0 = time.perf_counter()
    resp = s.put(client.url("/transfer/upload"), params=query, data=body, headers=headers, timeout=(5, 600))
    elapsed = time.perf_counter() - t0
    data = resp.json()
    if data.get("code") != 200 or not data["data"]["complete"]:
        raise SystemExit("raw PUT failed: %s" % data)
    return elapsed


@contextlib.contextmanager
def farm_process(data_dir: str):
    """The farm in its own process (as it runs for real): yields (domain, access_id, access_key)."""
    os.makedirs(data_dir, exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-m", "rb_dcc.localfarm", "--data", data_dir, "--port", "0",
                             "--speed", "1000", "--no-profile"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    creds = os.path.join(data_dir, "credentials.json")
    try:
        deadline = time.monotonic() + 30
        while not os.path.isfile(creds):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the local farm did not start")
            time.sleep(0.1)
        time.sleep(0.3)
        with open(creds, encoding="utf-8") as fh:
            c = json.load(fh)
        yield c["domain"], c["access_id"], c["access_key"]
    finally:
        proc.terminate()
        proc.wait(10)


@contextlib.contextmanager
def farm_in_process(data_dir: str):
    with LocalFarm(data_dir, port=0, speed=1000) as farm:
        yield farm.domain, farm.access_id, farm.access_key


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=20000)
    ap.add_argument("--gb", type=float, default=2.0)
    ap.add_argument("--workers", type=int, default=6)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--in-process", action="store_true", help="run the farm in this process (default: its own)")
    args = ap.parse_args()
    root = tempfile.mkdtemp(prefix="rb_dcc_bench_")
    os.environ["RB_DCC_CACHE_DIR"] = os.path.join(root, "cache")
    rows = []
    try:
        start = farm_in_process if args.in_process else farm_process
        with start(os.path.join(root, "farm")) as (domain, access_id, access_key):
            client = RenderbusClient(access_id, access_key, domain=domain, protocol="http", platform="2")
            cache = HashCache(os.path.join(root, "hashes.sqlite3"))
            tx = LocalFarmTransfer(client, workers=args.workers, hash_cache=cache)

            # 1. many small unchanged files ------------------------------------------------------
            if args.small:
                paths = make_small(os.path.join(root, "small"), args.small)
                items = [UploadItem(p, to_farm_path(p)) for p in paths]
                t0 = time.perf_counter()
                first = tx.upload(items)
                t_first = time.perf_counter() - t0
                t0 = time.perf_counter()
                again = tx.upload(items)
                t_again = time.perf_counter() - t0
                rows.append(("first upload, %d small files" % len(items), "%.2f s" % t_first,
                             "%d files, %.1f MB sent" % (first.files_sent, first.bytes_sent / 1e6)))
                from rb_dcc.transfer.hashcache import stamp

                t0 = time.perf_counter()
                stamps = [(it.local, stamp(it.local)) for it in items]
                cached = cache.get_many(stamps)
                t_local = time.perf_counter() - t0
                assert len(cached) == len(items)
                rows.append(("re-submit, %d unchanged files" % len(items), "%.3f s" % t_again,
                             "%d bytes sent, %d files re-read; scan %.3f s = local %.3f s (stat + hash cache) "
                             "+ farm check %.3f s (target <= 1 s)" % (again.bytes_sent, again.files_hashed, again.scan_s, t_local,
                                                                     again.scan_s - t_local)))
                shutil.rmtree(os.path.join(root, "small"), ignore_errors=True)

            # 2. throughput ----------------------------------------------------------------------
            if args.gb > 0:
                total = int(args.gb * (1 << 30))
                paths = make_big(os.path.join(root, "big"), total)
                nbytes = sum(os.path.getsize(p) for p in paths)
                t_raw = raw_put(client, paths, "/bench/raw_single_stream.bin")
                items = [UploadItem(p, to_farm_path(p)) for p in paths]
                t0 = time.perf_counter()
                rep = tx.upload(items)
                t_ours = time.perf_counter() - t0
                raw_mbs = nbytes / t_raw / 1e6
                our_mbs = nbytes / t_ours / 1e6
                rows.append(("raw single-stream PUT, %.2f GB" % (nbytes / 2**30), "%.2f s" % t_raw,
                             "%.0f MB/s" % raw_mbs))
                rows.append(("rb_dcc upload, %d files (3 big + %d small), cold hash cache" % (len(items), len(items) - 3),
                             "%.2f s" % t_ours, "%.0f MB/s = %.2fx raw (target >= 0.5x); %d files sent" % (
                                 our_mbs, our_mbs / raw_mbs, rep.files_sent)))
            tx.close()
            cache.close()
            client.close()
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    width = max(len(r[0]) for r in rows) if rows else 10
    print("%-*s  %-10s  %s" % (width, "case", "time", "result"))
    for r in rows:
        print("%-*s  %-10s  %s" % (width, r[0], r[1], r[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
