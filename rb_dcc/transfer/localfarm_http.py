"""The local farm's HTTP transfer (CONTRACTS.md, "Local transfer API").

Upload: hash every file (cache first), ask the farm which files it has (``check``), send only the
rest with a bounded pool of workers, each file in segments from the offset the farm already
holds; the farm verifies the sha256 when the last byte lands. Connection drops, resets and 5xx
answers are retried with backoff after asking the farm how much it received, so nothing is sent
twice and a killed upload resumes where it stopped.

Download: list a folder of output storage, fetch each file with ``Range`` from what is already
on disk, verify the sha256, and refuse any path that would land outside the chosen folder.
"""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, as_completed, wait
from typing import Any, Dict, List, Optional, Tuple

import requests

from ..api.errors import RenderbusError, error_for_envelope
from .base import (
    DownloadReport,
    ProgressCallback,
    ProgressMeter,
    TransferBackend,
    TransferCancelled,
    TransferError,
    UploadItem,
    UploadReport,
)
from .hashcache import HashCache, sha256_file, stamp
from .safepath import UnsafePath, safe_local_path

__all__ = ["LocalFarmTransfer"]

log = logging.getLogger(__name__)

CHECK_PATH = "/api/render/transfer/local/check"
LIST_PATH = "/api/render/transfer/local/list"
UPLOAD_PATH = "/transfer/upload"
DOWNLOAD_PATH = "/transfer/download"

SEGMENT = 16 << 20  # bytes per PUT
CHECK_BATCH = 2000  # files per check call
ATTEMPTS = 10  # tries per request before giving up on a file
BIG_FILE = 8 << 20  # a file this big is checked and sent as soon as its hash is ready


class _Stop:
    """The caller's cancel event plus our own stop flag (set when one worker fails)."""

    def __init__(self, cancel: Optional[threading.Event]):
        self._cancel = cancel
        self._own = threading.Event()

    def is_set(self) -> bool:
        return self._own.is_set() or (self._cancel is not None and self._cancel.is_set())

    def set(self) -> None:
        self._own.set()


class _Retry(Exception):
    """A failure worth another try (connection lost, timeout, 5xx)."""


class LocalFarmTransfer(TransferBackend):
    """Transfer against a local farm (``rb_dcc.localfarm``) or any server with the same endpoints."""

    name = "localfarm"

    def __init__(self, client: Any, *, workers: int = 6, timeout: Optional[Tuple[float, float]] = None,
                 hash_cache: Optional[HashCache] = None, segment: int = SEGMENT):
        """``client`` is an ``rb_dcc.api.RenderbusClient``: its domain, protocol and signing are used
        (the key never leaves it); each worker thread keeps its own pooled connection."""
        self.client = client
        self.domain = client.domain
        self.workers = max(1, int(workers))
        self.timeout = timeout or tuple(getattr(client, "timeout", (5, 60)))
        self.segment = int(segment)
        self._own_cache = hash_cache is None
        self._cache = hash_cache
        self._local = threading.local()

    def __repr__(self) -> str:
        return "LocalFarmTransfer(domain=%r, workers=%d)" % (self.domain, self.workers)

    @classmethod
    def for_client(cls, client: Any, **kwargs: Any) -> "LocalFarmTransfer":
        return cls(client, **kwargs)

    # plumbing --------------------------------------------------------------------------------------
    @property
    def cache(self) -> HashCache:
        if self._cache is None:
            self._cache = HashCache()
        return self._cache

    def _session(self) -> requests.Session:
        s = getattr(self._local, "session", None)
        if s is None:
            s = requests.Session()
            adapter = requests.adapters.HTTPAdapter(pool_connections=2, pool_maxsize=2, max_retries=0)
            s.mount("http://", adapter)
            s.mount("https://", adapter)
            s.trust_env = False
            self._local.session = s
        return s

    def _headers(self, path: str, signed: Dict[str, Any], method: str) -> Dict[str, str]:
        return self.client.signed_headers(path, signed, method)

    def _url(self, path: str) -> str:
        return self.client.url(path)

    def _envelope(self, resp: requests.Response, endpoint: str) -> Any:
        if resp.status_code >= 500 or resp.status_code in (408, 429):
            raise _Retry("HTTP %d from %s" % (resp.status_code, endpoint))
        try:
            body = resp.json()
        except ValueError:
            if resp.status_code >= 400:
                raise TransferError("HTTP %d" % resp.status_code, code=resp.status_code, endpoint=endpoint)
            raise _Retry("the answer of %s was not JSON" % endpoint)
        if not isinstance(body, dict) or "code" not in body:
            raise _Retry("the answer of %s was not a Renderbus envelope" % endpoint)
        if body.get("code") != 200:
            raise error_for_envelope(body.get("code"), str(body.get("message") or ""), endpoint,
                                     body.get("requestId"))
        return body.get("data")

    def _call(self, fn, what: str, cancel: Optional[threading.Event] = None, attempts: int = ATTEMPTS):
        """Run ``fn()``, retrying connection failures and 5xx with jittered backoff."""
        delay = 0.05
        for attempt in range(1, attempts + 1):
            if cancel is not None and cancel.is_set():
                raise TransferCancelled(what)
            try:
                return fn()
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                    _Retry) as exc:
                if attempt == attempts:
                    raise TransferError("%s failed %d times: %s" % (what, attempts, _short(exc)),
                                        endpoint=what) from None
                log.debug("%s: attempt %d failed (%s); retrying", what, attempt, _short(exc))
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 2.0)

    def _post(self, path: str, body: Dict[str, Any], cancel=None) -> Any:
        def once():
            headers = self._headers(path, body, "POST")
            resp = self._session().post(self._url(path), data=json.dumps(body).encode("utf-8"), headers=headers,
                                        timeout=self.timeout)
            return self._envelope(resp, path)

        return self._call(once, path, cancel)

    # check -------------------------------------------------------------------------------------------
    def check(self, storage: str, files: List[Dict[str, Any]], cancel=None) -> Dict[str, Dict[str, Any]]:
        """Ask the farm about ``[{path,size,hash}]``; returns path → {state, received}.

        Large lists go in batches, several at once (the farm answers them in parallel)."""
        out: Dict[str, Dict[str, Any]] = {}
        if not files:
            return out
        size = max(200, min(CHECK_BATCH, -(-len(files) // self.workers)))
        batches = [files[i:i + size] for i in range(0, len(files), size)]

        def ask(batch):
            return self._post(CHECK_PATH, {"storage": storage, "files": batch}, cancel)

        if len(batches) == 1:
            results = [ask(batches[0])]
        else:
            with ThreadPoolExecutor(max_workers=min(self.workers, len(batches))) as pool:
                results = list(pool.map(ask, batches))
        for data in results:
            for entry in (data or {}).get("files", []):
                out[entry["path"]] = entry
        return out

    # upload ------------------------------------------------------------------------------------------
    def upload(self, items: List[UploadItem], *, storage: str = "input",
               on_progress: Optional[ProgressCallback] = None,
               cancel: Optional[threading.Event] = None) -> UploadReport:
        """Send what the farm lacks. Hashing, asking and sending overlap: files with a cached hash
        are checked at once, the others as their hash is ready (biggest first), and every file
        the farm lacks goes to the upload workers as soon as the farm has said so."""
        t0 = time.monotonic()
        report = UploadReport()
        unique: Dict[str, UploadItem] = {}
        for item in items:
            unique.setdefault(item.server, item)
        items = list(unique.values())
        report.files_total = len(items)
        stop = _Stop(cancel)

        # 1. stat + cached hashes
        stamps: Dict[str, Tuple[int, int]] = {}
        for item in items:
            try:
                stamps[item.local] = stamp(item.local)
            except OSError as exc:
                raise TransferError("cannot read %s: %s" % (item.local, exc.strerror or exc),
                                    endpoint="upload", hint="Check that the file exists and is readable, "
                                    "or remove it from the job.") from None
        report.bytes_total = sum(st[0] for st in stamps.values())
        hashes = self.cache.get_many((it.local, stamps[it.local]) for it in items)
        todo = sorted((it for it in items if it.local not in hashes), key=lambda it: -stamps[it.local][0])
        report.files_hashed = len(todo)
        scan = [time.monotonic() - t0]
        hash_meter = ProgressMeter("hash", len(todo), sum(stamps[it.local][0] for it in todo), on_progress)
        meter = ProgressMeter("upload", 0, 0, on_progress)
        futures: Dict[Any, UploadItem] = {}
        up_pool = ThreadPoolExecutor(max_workers=self.workers)

        def ask_and_send(batch: List[UploadItem]) -> None:
            if not batch:
                return
            t = time.monotonic()
            query = [{"path": it.server, "size": stamps[it.local][0], "hash": hashes[it.local]} for it in batch]
            states = self.check(storage, query, stop)
            scan[0] += time.monotonic() - t
            send = []
            for it in batch:
                st = states.get(it.server, {"state": "absent", "received": 0})
                size = stamps[it.local][0]
                if st.get("state") == "present":
                    report.files_skipped += 1
                    continue
                received = int(st.get("received") or 0) if st.get("state") == "partial" else 0
                send.append((it, min(max(received, 0), size)))
            send.sort(key=lambda p: -stamps[p[0].local][0])  # biggest first: the tail is small files
            for it, rec in send:
                meter.grow(stamps[it.local][0] - rec, 1)
                fut = up_pool.submit(self._send_file, it, storage, stamps[it.local][0], hashes[it.local], rec,
                                     meter, stop)
                futures[fut] = it

        try:
            meter.finish()
            ask_and_send([it for it in items if it.local in hashes])
            if todo:
                new_rows = []

                def do_hash(it: UploadItem):
                    digest = sha256_file(it.local, stop)
                    hash_meter.add(stamps[it.local][0], 1, it.local)
                    return it, digest

                with ThreadPoolExecutor(max_workers=min(self.workers, len(todo))) as hash_pool:
                    hash_futs = [hash_pool.submit(do_hash, it) for it in todo]
                    batch: List[UploadItem] = []
                    left = len(hash_futs)
                    for fut in as_completed(hash_futs):
                        it, digest = fut.result()
                        left -= 1
                        hashes[it.local] = digest
                        if stamp(it.local) == stamps[it.local]:
                            new_rows.append((it.local, stamps[it.local], digest))
                        batch.append(it)
                        if left == 0 or len(batch) >= 200 or stamps[it.local][0] >= BIG_FILE:
                            ask_and_send(batch)
                            batch = []
                self.cache.put_many(new_rows)
                hash_meter.finish()
            report.scan_s = scan[0]
            not_done = set(futures)
            while not_done:
                done, not_done = wait(not_done, return_when=FIRST_COMPLETED)
                for fut in done:
                    sent = fut.result()
                    report.bytes_sent += sent
                    report.files_sent += 1
                    report.sent.append(futures[fut].server)
        except BaseException:
            stop.set()
            for fut in futures:
                fut.cancel()
            raise
        finally:
            up_pool.shutdown(wait=True)
        meter.finish()
        report.elapsed_s = time.monotonic() - t0
        return report

    def _send_file(self, item: UploadItem, storage: str, size: int, digest: str, offset: int,
                   meter: ProgressMeter, cancel: Optional[threading.Event]) -> int:
        """Send ``item`` from ``offset``; returns the bytes it took. Resumes after failures."""
        start = offset
        counted = 0  # bytes reported to the meter for this file

        def done() -> int:
            meter.add(max(size - start - counted, 0), 1, item.local)
            return size - start

        rehashed = False
        stalls = 0
        with open(item.local, "rb") as fh:
            while True:
                if cancel is not None and cancel.is_set():
                    raise TransferCancelled("upload of %s cancelled" % item.local)
                length = min(self.segment, size - offset)
                fh.seek(offset)
                data = fh.read(length) if length > 0 else b""
                if len(data) != length:
                    raise TransferError("%s changed while it was being sent (it is shorter now)" % item.local,
                                        endpoint=UPLOAD_PATH, hint="Save the file again and resume.")
                query = {"storage": storage, "path": item.server, "offset": str(offset), "total": str(size),
                         "hash": digest}
                try:
                    result = self._put_once(query, data)
                except _Retry as exc:
                    stalls += 1
                    if stalls > ATTEMPTS * 3:
                        raise TransferError("sending %s keeps failing: %s" % (item.local, _short(exc)),
                                            endpoint=UPLOAD_PATH) from None
                    # find out what actually arrived, then go on from there
                    got = self._received(storage, item.server, size, digest, cancel, exc)
                    if got is None:  # the farm holds the complete, verified file
                        return done()
                    offset = got
                    continue
                except RenderbusError as exc:
                    if "hash" in str(exc).lower() and not rehashed:
                        # the file changed since it was hashed: hash again and start over
                        rehashed = True
                        st = stamp(item.local)
                        digest = sha256_file(item.local, cancel)
                        self.cache.put(item.local, st, digest)
                        size, offset = st[0], 0
                        continue
                    raise TransferError("the farm refused %s: %s" % (item.local, exc.message),
                                        code=exc.code, endpoint=UPLOAD_PATH) from None
                received = int(result.get("received", offset + length))
                if result.get("complete"):
                    return done()
                advanced = max(received - offset, 0)
                if advanced:
                    counted += advanced
                    meter.add(advanced, 0, item.local)
                else:
                    stalls += 1
                    if stalls > ATTEMPTS:
                        raise TransferError("the farm stopped taking %s at byte %d" % (item.local, received),
                                            endpoint=UPLOAD_PATH)
                offset = min(received, size)

    def _put_once(self, query: Dict[str, str], data: bytes) -> Dict[str, Any]:
        headers = self._headers(UPLOAD_PATH, query, "PUT")
        headers["Content-Type"] = "application/octet-stream"
        try:
            resp = self._session().put(self._url(UPLOAD_PATH), params=query, data=data, headers=headers,
                                       timeout=self.timeout)
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
            raise _Retry(_short(exc)) from None
        if resp.status_code == 416:  # the farm holds a different number of bytes: ask it and resume
            resp.close()
            raise _Retry("the farm expects another offset")
        return self._envelope(resp, UPLOAD_PATH) or {}

    def _received(self, storage: str, server: str, size: int, digest: str, cancel, exc) -> Optional[int]:
        """After a failed PUT: the offset to go on from, or None if the farm has the whole file."""
        state = self.check(storage, [{"path": server, "size": size, "hash": digest}], cancel).get(server, {})
        if state.get("state") == "present":
            return None
        if exc is not None:
            time.sleep(0.02 + random.random() * 0.05)
        return int(state.get("received") or 0) if state.get("state") == "partial" else 0

    # download ----------------------------------------------------------------------------------------
    def list_tree(self, tree_path: str, storage: str = "output", cancel=None) -> List[Dict[str, Any]]:
        data = self._post(LIST_PATH, {"storage": storage, "treePath": tree_path}, cancel)
        if isinstance(data, dict):
            data = data.get("files") or data.get("items") or []
        return list(data or [])

    def download_tree(self, tree_path: str, dest_dir: str, *,
                      on_progress: Optional[ProgressCallback] = None,
                      cancel: Optional[threading.Event] = None, strip: str = "",
                      storage: str = "output") -> DownloadReport:
        """Download every file under ``tree_path`` into ``dest_dir`` (server path minus ``strip``)."""
        listing = self.list_tree(tree_path, storage, cancel)
        return self.download_files(listing, dest_dir, on_progress=on_progress, cancel=cancel, strip=strip,
                                   storage=storage)

    def download_files(self, listing: List[Dict[str, Any]], dest_dir: str, *,
                       on_progress: Optional[ProgressCallback] = None,
                       cancel: Optional[threading.Event] = None, strip: str = "",
                       storage: str = "output") -> DownloadReport:
        report = DownloadReport(files_total=len(listing))
        os.makedirs(dest_dir, exist_ok=True)
        plan: List[Tuple[Dict[str, Any], str]] = []
        for entry in listing:
            server = str(entry.get("path", ""))
            try:
                local = safe_local_path(dest_dir, server, strip)
            except UnsafePath as exc:
                log.warning("download: %s", exc)
                report.refused.append((server, exc.reason))
                continue
            size = int(entry.get("size") or 0)
            want = entry.get("hash") or ""
            if os.path.isfile(local) and os.path.getsize(local) == size and want and \
                    self.cache.hash_file(local) == _norm_hash(want):
                report.files_skipped += 1
                continue
            plan.append((entry, local))
        meter = ProgressMeter("download", len(plan), sum(int(e.get("size") or 0) for e, _ in plan), on_progress)
        if plan:
            with ThreadPoolExecutor(max_workers=min(self.workers, len(plan))) as pool:
                futures = [pool.submit(self._fetch, e, local, storage, dest_dir, meter, cancel) for e, local in plan]
                for fut, (entry, local) in zip(futures, plan):
                    nbytes = fut.result()
                    report.files_downloaded += 1
                    report.bytes_downloaded += nbytes
                    report.written.append(local)
        meter.finish()
        return report

    def _fetch(self, entry: Dict[str, Any], local: str, storage: str, dest_dir: str, meter: ProgressMeter,
               cancel) -> int:
        server = entry["path"]
        size = int(entry.get("size") or 0)
        part = local + ".part"
        os.makedirs(os.path.dirname(local), exist_ok=True)
        # check again after creating folders: a symlink may have appeared in between
        real_dir = os.path.realpath(os.path.dirname(local))
        root = os.path.realpath(dest_dir)
        if os.path.commonpath([root, real_dir]) != root:
            raise TransferError("refused %s: its folder now leads outside %s" % (server, root), endpoint=DOWNLOAD_PATH)
        if os.path.islink(part):
            os.unlink(part)
        got = 0
        tries = 0
        delay = 0.05
        while True:
            if cancel is not None and cancel.is_set():
                raise TransferCancelled("download of %s cancelled" % server)
            have = os.path.getsize(part) if os.path.exists(part) else 0
            if size and have > size:
                os.unlink(part)
                have = 0
            query = {"storage": storage, "path": server}
            headers = self._headers(DOWNLOAD_PATH, query, "GET")
            if have:
                headers["Range"] = "bytes=%d-" % have
            try:
                with self._session().get(self._url(DOWNLOAD_PATH), params=query, headers=headers,
                                         timeout=self.timeout, stream=True) as resp:
                    if resp.status_code == 416:
                        have_ok = True
                    else:
                        have_ok = False
                        if resp.status_code >= 500:
                            raise _Retry("HTTP %d" % resp.status_code)
                        if resp.status_code >= 400 or "json" in resp.headers.get("Content-Type", ""):
                            self._envelope(resp, DOWNLOAD_PATH)
                            raise TransferError("HTTP %d for %s" % (resp.status_code, server), endpoint=DOWNLOAD_PATH)
                        mode = "ab" if (have and resp.status_code == 206) else "wb"
                        if mode == "wb":
                            have = 0
                        expected = resp.headers.get("X-Content-SHA256", "")
                        if expected:
                            entry = dict(entry, hash=entry.get("hash") or expected)
                        with open(part, mode) as out:
                            for chunk in resp.iter_content(1 << 20):
                                if cancel is not None and cancel.is_set():
                                    raise TransferCancelled("download of %s cancelled" % server)
                                out.write(chunk)
                                got += len(chunk)
                                meter.add(len(chunk), 0, server)
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                    _Retry) as exc:
                tries += 1
                if tries >= ATTEMPTS:
                    raise TransferError("download of %s failed %d times: %s" % (server, tries, _short(exc)),
                                        endpoint=DOWNLOAD_PATH) from None
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 2.0)
                continue
            have = os.path.getsize(part)
            if size and have < size and not have_ok:
                tries += 1
                if tries >= ATTEMPTS:
                    raise TransferError("download of %s stopped at %d of %d bytes" % (server, have, size),
                                        endpoint=DOWNLOAD_PATH)
                continue
            want = _norm_hash(entry.get("hash") or "")
            if want and sha256_file(part) != want:
                os.unlink(part)
                tries += 1
                if tries >= ATTEMPTS:
                    raise TransferError("%s arrived damaged (sha256 mismatch) %d times" % (server, tries),
                                        endpoint=DOWNLOAD_PATH)
                continue
            os.replace(part, local)
            meter.add(0, 1, server)
            return got

    def close(self) -> None:
        s = getattr(self._local, "session", None)
        if s is not None:
            s.close()
        if self._own_cache and self._cache is not None:
            self._cache.close()
            self._cache = None


def _norm_hash(h: str) -> str:
    h = (h or "").strip().lower()
    return h if h.startswith("sha256:") else ("sha256:" + h if h else "")


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 200 else text[:200] + "..."
