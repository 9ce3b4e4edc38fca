"""HTTP front of the local farm: ThreadingHTTPServer, signature checks, the envelope, raw transfer routes."""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

from . import errors as E
from . import png
from .endpoints import ROUTES, Api, Ctx, RawJSON
from .errors import FarmError
from .params import Params
from .signing import MAX_SKEW_S, SIGNED_HEADERS, NonceCache, compute, matches, string_to_sign
from .storage import sha256_file

log = logging.getLogger("rb_dcc.localfarm")

MAX_JSON_BODY = 64 * 1024 * 1024
CHUNK = 1024 * 1024
_REASONS = {200: "OK", 206: "Partial Content", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
            404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 411: "Length Required",
            413: "Payload Too Large", 416: "Range Not Satisfiable", 422: "Unprocessable Entity",
            500: "Internal Server Error"}
_THUMB = re.compile(r"^/mnt/output/small_pic/(\d+)/(\d+)/(\d+)\.png$")
_GRAB = re.compile(r"^/mnt/output/grab/(\d+)/(\d+)/(\d+)-(\d+)\.png$")


_BOOT = uuid.uuid4().hex[:8]
_COUNTER = itertools.count(1)


def envelope(code: int, message: str, data=None) -> dict:
    now = int(time.time() * 1000)
    return {"version": "1.0.0", "result": code == 200, "message": message, "code": code, "data": data,
            "serverTime": now, "requestId": "%s-%x-%d" % (_BOOT, next(_COUNTER), now)}


class _Headers:
    """Case-insensitive header lookups from one pass over the message (email.message ``get`` is O(n))."""

    __slots__ = ("_d",)

    def __init__(self, message):
        raw = getattr(message, "_headers", None)  # the parsed (name, value) pairs, no re-sanitising
        pairs = raw if isinstance(raw, list) else message.items()
        self._d = {k.lower(): v for k, v in pairs}

    def get(self, name: str, default=None):
        return self._d.get(name.lower(), default)


class FarmHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address, api: Api, access_key: str, active: int = 4):
        self.api = api
        # At most ``active`` API calls run at once; the others wait asleep. Dozens of threads
        # fighting for the GIL would otherwise park the one holding the SQLite write lock.
        self.slots = threading.BoundedSemaphore(active)
        self.access_key = access_key
        self.nonces = NonceCache()
        super().__init__(address, Handler)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "rb_dcc-localfarm/1"
    sys_version = ""
    server: FarmHTTPServer

    def log_message(self, fmt, *args):  # quiet; debug only, never headers or bodies
        log.debug("%s %s", self.address_string(), fmt % args)

    # -- plumbing ------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str = "application/json;charset=UTF-8",
              extra: Optional[Dict[str, str]] = None, stream=None) -> None:
        head = ["HTTP/1.1 %d %s" % (status, _REASONS.get(status, "OK")),
                "Server: %s" % self.server_version,
                "Date: %s" % self.date_time_string(),
                "Content-Type: %s" % content_type,
                "Content-Length: %d" % (len(body) if stream is None else stream[1])]
        for k, v in (extra or {}).items():
            head.append("%s: %s" % (k, v))
        if self.close_connection:
            head.append("Connection: close")
        data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
        if stream is None:
            self.wfile.write(data + body)
            return
        reader, remaining = stream
        first = reader.read(min(CHUNK, remaining))
        self.wfile.write(data + first)
        remaining -= len(first)
        while remaining > 0:
            block = reader.read(min(CHUNK, remaining))
            if not block:
                break
            self.wfile.write(block)
            remaining -= len(block)

    def _send_json(self, status: int, payload: dict) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    def _error(self, exc: FarmError, raw: bool) -> None:
        status = exc.http_status if exc.http_status != 200 else (E.HTTP_STATUS.get(exc.code, 400) if raw else 200)
        self._send_json(status, envelope(exc.code, exc.message))

    def _length(self) -> int:
        text = self.headers.get("Content-Length")
        if text is None:
            if self.headers.get("Transfer-Encoding"):
                self.close_connection = True
                raise FarmError(E.PARAM_INVALID, "send a Content-Length (chunked bodies are not accepted)", 411)
            return 0
        try:
            n = int(text)
        except ValueError:
            self.close_connection = True
            raise FarmError(E.PARAM_INVALID, "Content-Length %r is not a number" % text, 400)
        if n < 0:
            self.close_connection = True
            raise FarmError(E.PARAM_INVALID, "Content-Length is negative", 400)
        return n

    def _drain(self) -> None:
        """After a refusal: swallow a small unread body so the connection stays usable, else close it."""
        n = getattr(self, "_unread", 0)
        self._unread = 0
        if n <= 0:
            return
        if n > 1024 * 1024:
            self.close_connection = True
            return
        try:
            self.rfile.read(n)
        except OSError:
            self.close_connection = True

    def _read_body(self, limit: int) -> bytes:
        n = self._length()
        self._unread = n
        if n > limit:
            self.close_connection = True
            raise FarmError(E.TOO_LARGE, "request body of %d bytes is over the limit of %d" % (n, limit), 413)
        data = self.rfile.read(n) if n else b""
        self._unread = 0
        if len(data) != n:
            self.close_connection = True
            raise FarmError(E.MALFORMED_JSON, "request body ended early (%d of %d bytes)" % (len(data), n), 400)
        return data

    def _authenticate(self, method: str, path: str, signed_body: dict) -> Ctx:
        h = _Headers(self.headers)
        absent = [k for k in SIGNED_HEADERS + ("signature",) if not h.get(k)]
        if absent:
            raise FarmError(E.HEADER_MISSING, "%s: request header%s %s missing; every call is signed "
                            "(protocol doc §b)" % (path, "s" if len(absent) > 1 else "", ", ".join(absent)))
        values = {k: h.get(k) for k in SIGNED_HEADERS}
        if not matches(self.server.api.access_id, values["accessId"]):
            raise FarmError(E.ACCESS_ID_UNKNOWN, "accessId %r is not known to this farm; use the access id in the "
                            "farm's credentials.json" % values["accessId"][:40])
        try:
            ts = int(values["UTCTimestamp"])
        except ValueError:
            raise FarmError(E.TIMESTAMP_EXPIRED, "UTCTimestamp %r is not Unix seconds" % values["UTCTimestamp"][:20])
        skew = int(time.time()) - ts
        if abs(skew) > MAX_SKEW_S:
            raise FarmError(E.TIMESTAMP_EXPIRED, "UTCTimestamp is %d s %s the farm's clock (allowed: %d s); "
                            "check this computer's clock" % (abs(skew), "behind" if skew > 0 else "ahead of",
                                                               MAX_SKEW_S))
        domain = h.get("Host") or self.server.api.e.domain
        candidates = [domain]
        if ":" not in domain:  # a client configured with "host:80" sends "Host: host"
            candidates.append("%s:%d" % (domain, self.server.server_address[1]))
        given = h.get("signature")
        if not any(matches(compute(self.server.access_key, string_to_sign(d, path, values, signed_body, method)), given)
                   for d in candidates):
            raise FarmError(E.SIGNATURE_INVALID, "signature does not match for %s %s on domain %r: check the access "
                            "key, and that the client signs with the domain (host:port) it connects to"
                            % (method, path, domain))
        if not self.server.nonces.check_and_add(values["accessId"], values["nonce"], values["UTCTimestamp"],
                                              h.get("signature")):
            raise FarmError(E.NONCE_REPLAYED, "nonce %s was already used for this same signed request and UTCTimestamp: "
                            "a replayed request is refused; sign every request afresh with a new nonce" % values["nonce"][:12])
        try:
            platform = int(values["platform"])
        except ValueError:
            raise FarmError(E.PARAM_INVALID, "header 'platform' must be a platform number, got %r" % values["platform"][:20])
        return Ctx(values["accessId"], platform, domain)

    # -- verbs ---------------------------------------------------------------------------------
    def do_POST(self):
        self._dispatch("POST")

    def do_GET(self):
        self._dispatch("GET")

    def do_PUT(self):
        self._dispatch("PUT")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def do_PATCH(self):
        self._dispatch("PATCH")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        path = url.path
        self._unread = 0
        raw = not path.startswith("/api/")
        try:
            try:
                if path in ROUTES:
                    if method != "POST":
                        self.close_connection = True
                        raise FarmError(E.METHOD_NOT_ALLOWED, "%s takes POST, not %s" % (path, method), 405)
                    with self.server.slots:
                        return self._api(path)
                if path == "/transfer/upload" and method == "PUT":
                    return self._upload(url.query)
                if path == "/transfer/download" and method == "GET":
                    return self._download(url.query)
                if _THUMB.match(path) and method == "GET":
                    return self._thumbnail(path, url.query)
                if _GRAB.match(path) and method == "GET":
                    return self._grab(path, url.query)
                if path in ("/", "/localfarm/health") and method == "GET":
                    e = self.server.api.e
                    return self._send_json(200, envelope(200, "success", {
                        "farm": "rb_dcc local farm", "domain": e.domain, "platform": "2", "speed": e.speed}))
                self.close_connection = True
                raise FarmError(E.UNKNOWN_ENDPOINT, "no endpoint %s %s on this farm (see the protocol doc §e)"
                                % (method, path), 404)
            except FarmError as exc:
                self._drain()
                self._error(exc, raw)
            except (ConnectionError, socket.timeout):
                self.close_connection = True
            except Exception as exc:  # never a traceback to the client
                log.exception("local farm: internal error in %s %s", method, path)
                self.close_connection = True
                self._error(FarmError(E.INTERNAL, "internal error in %s (%s); the farm log has the details"
                                      % (path, type(exc).__name__), 500 if raw else 200), raw)
        except (ConnectionError, socket.timeout):
            self.close_connection = True

    def _api(self, path: str) -> None:
        raw = self._read_body(MAX_JSON_BODY)
        try:
            text = raw.decode("utf-8") if raw else "{}"
            body = json.loads(text) if text.strip() else {}
        except (UnicodeDecodeError, ValueError) as exc:
            raise FarmError(E.MALFORMED_JSON, "%s: the body is not valid JSON (%s)" % (path, exc))
        if not isinstance(body, dict):
            raise FarmError(E.MALFORMED_JSON, "%s: the body must be a JSON object, got a JSON %s"
                            % (path, type(body).__name__))
        ctx = self._authenticate("POST", path, body)
        name, record = ROUTES[path]
        api = self.server.api
        endpoint = path.rstrip("/").split("/")[-2 if path.endswith("/v2") else -1]
        data = getattr(api, name)(Params(body, endpoint), ctx)
        if record:
            api.record_action(name, path, body, ctx)
        if isinstance(data, RawJSON):
            text = json.dumps(envelope(200, "success", "\x00RAW\x00"), separators=(",", ":"))
            self._send(200, text.replace('"\\u0000RAW\\u0000"', data, 1).encode("utf-8"))
            return
        self._send_json(200, envelope(200, "success", data))

    def _query(self, query: str) -> Dict[str, str]:
        return dict(parse_qsl(query, keep_blank_values=True))

    def _upload(self, query: str) -> None:
        q = self._query(query)
        n = self._length()
        self._unread = n
        self._authenticate("PUT", "/transfer/upload", q)
        p = Params(q, "transfer/upload")
        api = self.server.api
        st = api.e.storage
        storage = p.str("storage", required=True)
        if storage not in ("input", "config"):
            raise FarmError(E.PARAM_INVALID, "transfer/upload: storage must be 'input' or 'config', got %r" % storage, 400)
        path = st.check_path(p.str("path", required=True))
        offset = p.int("offset", default=0, minimum=0)
        total = p.int("total", required=True, minimum=0)
        digest = p.str("hash", required=True).strip().lower()
        if not re.match(r"^sha256:[0-9a-f]{64}$", digest):
            raise FarmError(E.PARAM_INVALID, "transfer/upload: hash must be 'sha256:<64 hex digits>'", 400)
        target = st.local(storage, path)
        part = st.partial_file(storage, path)
        area = st.areas[storage]
        have = part.stat().st_size if part.is_file() else 0
        with api.e.store.read() as db:
            up = db.execute("SELECT * FROM uploads WHERE storage=? AND area=? AND path=?", (storage, area, path)).fetchone()
        if up is not None and (up["hash"] != digest or up["total"] != total):
            have = 0  # a different file under the same path: start over
        if offset and offset != have:  # offset 0 always (re)starts the file
            self.close_connection = True
            raise FarmError(E.RANGE_INVALID, "transfer/upload: offset %d does not match the %d bytes received so far "
                            "for %s; resume from offset %d" % (offset, have, path, have), 416)
        if offset + n > total:
            self.close_connection = True
            raise FarmError(E.TOO_LARGE, "transfer/upload: %d bytes from offset %d run past total %d"
                            % (n, offset, total), 413)
        with api.e.store.write() as db:
            db.execute("INSERT INTO uploads (storage, area, path, total, hash, received, part) VALUES (?,?,?,?,?,?,?)"
                       " ON CONFLICT(storage, area, path) DO UPDATE SET total=excluded.total, hash=excluded.hash,"
                       " received=excluded.received", (storage, area, path, total, digest, offset, str(part)))
        self._unread = 0
        mode = "r+b" if offset and part.is_file() else "wb"
        with open(part, mode) as f:
            f.seek(offset)
            f.truncate()
            remaining = n
            while remaining > 0:
                block = self.rfile.read(min(CHUNK, remaining))
                if not block:
                    break
                f.write(block)
                remaining -= len(block)
        received = offset + n - remaining
        if remaining:
            self.close_connection = True
        complete = received == total
        if complete:
            real = sha256_file(part)
            if real != digest:
                part.unlink()
                with api.e.store.write() as db:
                    db.execute("DELETE FROM uploads WHERE storage=? AND area=? AND path=?", (storage, area, path))
                raise FarmError(E.TRANSFER_MISMATCH, "transfer/upload: %s arrived with hash %s, not %s; the partial "
                                "upload was discarded, send the file again" % (path, real, digest), 422)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(part, target)
            stt = target.stat()
            with api.e.store.write() as db:
                db.execute("DELETE FROM uploads WHERE storage=? AND area=? AND path=?", (storage, area, path))
                db.execute("INSERT INTO files (storage, area, path, size, hash, mtime) VALUES (?,?,?,?,?,?)"
                           " ON CONFLICT(storage, area, path) DO UPDATE SET size=excluded.size, hash=excluded.hash,"
                           " mtime=excluded.mtime", (storage, area, path, stt.st_size, digest, int(stt.st_mtime_ns)))
        else:
            with api.e.store.write() as db:
                db.execute("UPDATE uploads SET received=? WHERE storage=? AND area=? AND path=?",
                           (received, storage, area, path))
        self._send_json(200, envelope(200, "success", {"received": received, "complete": complete}))

    def _range(self, size: int) -> Optional[Tuple[int, int]]:
        spec = self.headers.get("Range")
        if not spec:
            return None
        m = re.match(r"^bytes=(\d*)-(\d*)$", spec.strip())
        if not m or (not m.group(1) and not m.group(2)):
            raise FarmError(E.RANGE_INVALID, "Range %r is not understood (use bytes=START-[END])" % spec, 416)
        if m.group(1):
            start = int(m.group(1))
            end = int(m.group(2)) if m.group(2) else size - 1
        else:
            start, end = max(0, size - int(m.group(2))), size - 1
        end = min(end, size - 1)
        if start >= size or start > end:
            raise FarmError(E.RANGE_INVALID, "Range %r is outside the file's %d bytes" % (spec, size), 416)
        return start, end

    def _download(self, query: str) -> None:
        q = self._query(query)
        self._read_body(0)
        self._authenticate("GET", "/transfer/download", q)
        p = Params(q, "transfer/download")
        st = self.server.api.e.storage
        storage = p.str("storage", default="output")
        path = st.check_path(p.str("path", required=True))
        local = st.local(storage, path)
        if not local.is_file():
            raise FarmError(E.NOT_FOUND, "transfer/download: no file %s in %s storage" % (path, storage), 404)
        with self.server.api.e.store.read() as db:
            digest = self.server.api._cached_hash(db, storage, path, local)
        size = local.stat().st_size
        rng = self._range(size)
        extra = {"Accept-Ranges": "bytes", "X-Content-SHA256": digest.split(":", 1)[1]}
        with open(local, "rb") as f:
            if rng is None:
                self._send(200, b"", "application/octet-stream", extra, stream=(f, size))
            else:
                start, end = rng
                f.seek(start)
                extra["Content-Range"] = "bytes %d-%d/%d" % (start, end, size)
                self._send(206, b"", "application/octet-stream", extra, stream=(f, end - start + 1))

    def _grab(self, path: str, query: str) -> None:
        """§36 progress view of a frame still rendering: the image so far (lower part not yet drawn)."""
        self._read_body(0)
        self._authenticate("GET", path, self._query(query))
        m = _GRAB.match(path)
        e = self.server.api.e
        with e.store.read() as db:
            f = db.execute("SELECT numbers, task_id FROM frames WHERE id=? AND task_id=?",
                           (int(m.group(3)), int(m.group(2)))).fetchone()
        if int(m.group(1)) != e.user_id or f is None:
            raise FarmError(E.NOT_FOUND, "no frame behind %s" % path, 404)
        number = int(f["numbers"].split(",")[0])
        self._send(200, png.frame_image(160, 90, number, seed=f["task_id"], progress=int(m.group(4)) / 100.0),
                   "image/png")

    def _thumbnail(self, path: str, query: str) -> None:
        self._read_body(0)
        self._authenticate("GET", path, self._query(query))
        m = _THUMB.match(path)
        e = self.server.api.e
        local = e.thumb_path(int(m.group(2)), int(m.group(3)))
        if int(m.group(1)) != e.user_id or not local.is_file():
            raise FarmError(E.NOT_FOUND, "no thumbnail at %s (only finished frames have one)" % path, 404)
        self._send(200, local.read_bytes(), "image/png")
