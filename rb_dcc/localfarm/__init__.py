"""rb_dcc.localfarm — a Renderbus-compatible render farm on loopback (standard library only).

Start it with ``rb-dcc farm`` / ``python -m rb_dcc.localfarm --data DIR --port N --speed X``, or in
process::

    with LocalFarm(data_dir, port=0, speed=50) as farm:
        farm.url, farm.domain, farm.access_id, farm.access_key

It writes ``<data_dir>/credentials.json`` (``access_id, access_key, domain, protocol, platform``;
demo credentials, not secrets of any real account) and keeps its state in
``<data_dir>/farm.sqlite3`` (WAL): tasks, frames, logs, render environments and files survive a
restart and a kill -9.

API
---
Every endpoint of the protocol doc §e, POST + JSON at the paths the service uses, with the doc's
older paths as aliases (``/api/render/handle/getTaskList`` and ``.../getTaskList/v2``,
``/api/render/handle/stopTask`` and ``/api/rendering/task/renderingTask/stopTask``, ...). Answers
use the service's envelope ``{version, result, message, code, data, serverTime, requestId}``.

Every call is signed as in the protocol doc §b (headers ``accessId, channel, platform,
UTCTimestamp, nonce, version, signature``; the domain in the string to sign is the ``Host`` the
client connected to). The farm refuses, with ``result: false`` and HTTP 200 on API routes:

=======  =====================================================================================
code     meaning
=======  =====================================================================================
40001    body is not JSON, or not a JSON object
40002    a required parameter is missing (the message names it)
40003    a parameter has the wrong type or value (the message names it and what it wants)
40100    a signing header is missing (named)
40101    unknown ``accessId``
40102    signature does not match (wrong key, or signed for another domain/path)
40103    ``UTCTimestamp`` more than 300 s away from the farm's clock
40104    the same signed request (accessId, nonce, UTCTimestamp, signature) came again (replay)
40301    a storage path escapes its area (``..``, relative, backslash, colon)
40401    no such task / frame / env / label / file
40404    no such endpoint (HTTP 404)
40501    wrong HTTP method (HTTP 405)
40901    conflict: task already submitted, env or label name taken, plugin not for that version
41301    body too large
41601    transfer offset or Range does not match
42201    uploaded bytes do not match the announced hash (partial upload discarded)
50000    internal error (details in the farm's log, never in the answer)
=======  =====================================================================================

The raw transfer routes (GET/PUT) answer errors with the same envelope and a matching HTTP status
(400, 401, 403, 404, 413, 416, 422).

Local transfer API
------------------
Signed like the API; for GET/PUT the method prefix is ``[GET]``/``[PUT]`` and the signed "body" is
the dict of query parameters (string values). Farm paths are POSIX absolute (``/D/proj/x.png``).

* ``POST /api/render/transfer/local/check`` body
  ``{"storage": "input"|"config"|"output", "files": [{"path", "size", "hash": "sha256:<hex>"}]}`` →
  ``{"files": [{"path", "state": "present"|"partial"|"absent", "received"}]}``; present = same
  size and hash; partial = an unfinished upload of that same file, resume at ``received``.
* ``PUT /transfer/upload?storage=input&path=/D/x.png&offset=0&total=123&hash=sha256:<hex>``, raw
  body = the bytes from ``offset`` (offset 0 restarts) → ``{"received", "complete"}``. On
  completion the hash is checked (mismatch → 42201, partial discarded) and the file appears.
* ``GET /transfer/download?storage=output&path=/<outputFileName>/...`` → raw bytes; ``Range:
  bytes=START-[END]`` answers 206; header ``X-Content-SHA256`` is the whole file's SHA-256 in hex.
* ``POST /api/render/transfer/local/list`` body ``{"storage": "output", "treePath": "/x"}`` →
  ``[{"path", "size", "hash"}]`` of every file below.

Storage areas live in ``<data_dir>/storage/<storage>/<bid>-<userId>/``; job files sent with
§43 ``taskJsonFile`` also appear at ``/<taskId>/cfg/<name>`` in the config area.

Simulation
----------
``submit`` → 50 (analysis) → frames from task.json ``scene_info_render`` (several renderable
layers make a parent task, ``isOpen`` 1, with one child per layer) → 0/5 → 25, 30 (failed frames),
23 (frames stopped by the overtime limit), 70 (stopped frames), 40 (test frames done with
``stop_after_test`` "1"; full speed continues), 45 (analysis failed, reason in showLog with the
task id), 10 (stopped), 35 (abandoned). Frames: 1 → 2 → 4/5/11, 3 when stopped. A frame takes
60–300 simulated seconds on a 28-core reference machine, scaled by the hardware and divided by
``speed`` in wall time; cost = cores × hours × price per core-hour (GPU: cards × hours × price per
card-hour). Rendered frames write PNGs to the output area and a thumbnail served at the path §38
returns; §36 ``grabUrl``s point at them, and for a frame still rendering at a progress view
(``/mnt/output/grab/...``: the image so far, the rest grey). All these paths are signed GETs. 16 render nodes are shared, ordered by
``taskUserLevel``; ``taskLimit`` caps one task, full speed lifts the cap.

Failures: a task label ``fail:3,7`` (at createTask or addTaskLabel; ranges like ``fail:10-12``
work) makes those frames fail once; ``POST /api/render/local/admin/failFrames``
``{"taskId", "frames": "3,7" | [3, 7], "times": 1}`` plans failures by hand.
``POST /api/render/local/admin/state`` ``{"speed": X}`` reads or changes the speed.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from pathlib import Path
from typing import Optional, Union

__all__ = ["LocalFarm"]

log = logging.getLogger(__name__)


class LocalFarm:
    """A running farm. ``start()``/``stop()``, or use it as a context manager."""

    protocol = "http"
    platform = "2"

    def __init__(self, data_dir: Union[str, Path], host: str = "127.0.0.1", port: int = 0,
                 speed: float = 1.0, catalogue_dir: Optional[Union[str, Path]] = None, nodes: int = 16):
        if speed <= 0:
            raise ValueError("speed must be positive, got %r" % speed)
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.host = host
        self.port = port
        self.speed = float(speed)
        self.nodes = nodes
        self._catalogue_dir = catalogue_dir
        self._server = None
        self._engine = None
        self._thread: Optional[threading.Thread] = None
        self.access_id = ""
        self.access_key = ""

    # -- properties ----------------------------------------------------------------------------
    @property
    def domain(self) -> str:
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        return "%s:%d" % (host, self.port)

    @property
    def url(self) -> str:
        return "%s://%s" % (self.protocol, self.domain)

    def __repr__(self) -> str:
        return "LocalFarm(%s, data_dir=%r, access_id=%r)" % (self.url, str(self.data_dir), self.access_id)

    # -- lifecycle -----------------------------------------------------------------------------
    def _credentials(self) -> None:
        path = self.data_dir / "credentials.json"
        creds = {}
        if path.is_file():
            try:
                creds = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                creds = {}
        self.access_id = creds.get("access_id") or "AKIDlocal" + secrets.token_hex(10)
        self.access_key = creds.get("access_key") or "sk_local_" + secrets.token_hex(16)

    def _write_credentials(self) -> None:
        path = self.data_dir / "credentials.json"
        data = {"access_id": self.access_id, "access_key": self.access_key, "domain": self.domain,
                "protocol": self.protocol, "platform": self.platform}
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
        try:
            os.chmod(tmp, 0o600)
        except OSError:
            pass
        os.replace(tmp, path)

    def start(self) -> "LocalFarm":
        from .catalogue import Catalogue
        from .endpoints import Api
        from .engine import Engine
        from .server import FarmHTTPServer

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._credentials()
        cat = Catalogue(Path(self._catalogue_dir) if self._catalogue_dir else None)
        self._engine = Engine(self.data_dir, cat, self.speed, self.nodes)
        raysync = secrets.token_hex(20)
        api = Api(self._engine, self.access_id, raysync)
        self._server = FarmHTTPServer((self.host, self.port), api, self.access_key)
        self.port = self._server.server_address[1]
        self._engine.domain = self.domain
        self._write_credentials()
        self._engine.start()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="localfarm-http", daemon=True)
        self._thread.start()
        log.info("local farm at %s (data in %s)", self.url, self.data_dir)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._engine is not None:
            self._engine.stop()
            self._engine.store.close()
            self._engine = None

    def serve_forever(self) -> None:
        """Run in the foreground until Ctrl+C or SIGTERM."""
        if self._server is None:
            self.start()
        if threading.current_thread() is threading.main_thread():
            import signal

            def _terminate(signum, frame):
                raise KeyboardInterrupt

            signal.signal(signal.SIGTERM, _terminate)
        try:
            while self._thread is not None and self._thread.is_alive():
                self._thread.join(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> "LocalFarm":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- for tests and tools -------------------------------------------------------------------
    @property
    def engine(self):
        return self._engine
