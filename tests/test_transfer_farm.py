"""The local-farm transfer backend against a real farm (and a hostile server for downloads)."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import threading
import time
from pathlib import Path

import pytest

from rb_dcc.api import RenderbusClient
from rb_dcc.scene import to_farm_path
from rb_dcc.transfer import HashCache, TransferCancelled, TransferError, UploadItem, download_outputs
from rb_dcc.transfer.localfarm_http import LocalFarmTransfer


@pytest.fixture
def tx(farm_client, tmp_path):
    cache = HashCache(str(tmp_path / "hashes.sqlite3"))
    t = LocalFarmTransfer(farm_client, workers=3, hash_cache=cache, segment=64 * 1024)
    yield t
    t.close()
    cache.close()


def _files(folder: Path, sizes):
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, size in enumerate(sizes):
        p = folder / ("f%02d.bin" % i)
        p.write_bytes(os.urandom(size))
        out.append(p)
    return out


def _on_farm(farm, local: Path) -> Path:
    (area,) = [p for p in (Path(farm.data_dir) / "storage" / "input").iterdir() if p.is_dir()]
    return area.joinpath(*to_farm_path(str(local)).strip("/").split("/"))


def test_upload_sends_only_what_the_farm_lacks(farm, tx, tmp_path):
    files = _files(tmp_path / "src", [0, 1, 1000, 64 * 1024, 200_000, 1_000_003])
    items = [UploadItem(str(p), to_farm_path(str(p))) for p in files]
    events = []
    first = tx.upload(items, on_progress=events.append)
    assert first.files_sent == len(files) and first.bytes_sent == sum(p.stat().st_size for p in files)
    for p in files:
        assert _on_farm(farm, p).read_bytes() == p.read_bytes()
    assert events and events[-1].bytes_done == events[-1].bytes_total
    again = tx.upload(items)
    assert again.bytes_sent == 0 and again.files_skipped == len(files) and again.files_hashed == 0
    # one file changes: only it is sent
    files[3].write_bytes(os.urandom(5000))
    third = tx.upload(items)
    assert third.sent == [items[3].server] and third.bytes_sent == 5000 and third.files_hashed == 1
    assert _on_farm(farm, files[3]).read_bytes() == files[3].read_bytes()


def test_partial_upload_resumes_from_the_farms_offset(farm, tx, tmp_path):
    (p,) = _files(tmp_path / "src", [300_000])
    item = UploadItem(str(p), to_farm_path(str(p)))
    digest = "sha256:" + hashlib.sha256(p.read_bytes()).hexdigest()
    head = p.read_bytes()[:100_000]
    res = tx._put_once({"storage": "input", "path": item.server, "offset": "0", "total": str(300_000),
                        "hash": digest}, head)
    assert res == {"received": 100_000, "complete": False}
    rep = tx.upload([item])
    assert rep.bytes_sent == 200_000
    assert _on_farm(farm, p).read_bytes() == p.read_bytes()


def test_upload_errors_name_the_file_and_cancel_stops(farm, tx, tmp_path):
    missing = tmp_path / "gone.exr"
    with pytest.raises(TransferError, match="gone.exr"):
        tx.upload([UploadItem(str(missing), to_farm_path(str(missing)))])
    files = _files(tmp_path / "many", [100_000] * 10)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(TransferCancelled):
        tx.upload([UploadItem(str(p), to_farm_path(str(p))) for p in files], cancel=cancel)


# ------------------------------------------------------------------------------------ downloads
def _rendered_task(farm_client, frames="1-4"):
    from tests.fixtures.farm import task_json

    task_id = farm_client.task.create_task().task_id_list[0]
    farm_client.transmit.upload_json_content(task_id, json.dumps(task_json(common_frames=frames)), "task.json")
    farm_client.task.submit_task(task_id)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        t = farm_client.query.task_info([task_id]).items[0]
        if t.is_terminal:
            return t
        time.sleep(0.1)
    raise AssertionError("task did not finish")


def test_download_outputs_verified_resumable_and_idempotent(farm, farm_client, tmp_path):
    task = _rendered_task(farm_client)
    dest = tmp_path / "out"
    first = download_outputs(farm_client, task.id, str(dest))
    assert first.files_downloaded == 4 and first.finished and not first.refused
    pngs = sorted(Path(p) for p in first.written)
    assert all(p.read_bytes()[:4] == b"\x89PNG" for p in pngs)
    again = download_outputs(farm_client, task.id, str(dest))
    assert again.files_downloaded == 0 and again.files_skipped == 4
    # a half-downloaded file resumes with Range; a damaged one is fetched again
    whole = pngs[0].read_bytes()
    pngs[0].unlink()
    Path(str(pngs[0]) + ".part").write_bytes(whole[: len(whole) // 2])
    pngs[1].write_bytes(b"garbage")
    third = download_outputs(farm_client, task.id, str(dest))
    assert third.files_downloaded == 2
    assert third.bytes_downloaded == (len(whole) - len(whole) // 2) + len(pngs[1].read_bytes())
    assert pngs[0].read_bytes() == whole


def test_download_follow_returns_when_the_task_is_done(farm, farm_client, tmp_path):
    from tests.fixtures.farm import task_json

    task_id = farm_client.task.create_task().task_id_list[0]
    farm_client.transmit.upload_json_content(task_id, json.dumps(task_json(common_frames="1-6")), "task.json")
    farm_client.task.submit_task(task_id)
    rounds = []
    res = download_outputs(farm_client, task_id, str(tmp_path / "o"), follow=True, poll_s=0.05,
                           on_round=lambda r: rounds.append(r.files_downloaded))
    assert res.finished and res.files_downloaded == 6 and rounds


class _Evil(http.server.BaseHTTPRequestHandler):
    """Answers the list call with hostile paths and serves bytes for any download."""

    protocol_version = "HTTP/1.1"
    listing = []

    def _send(self, code, body, ctype):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if ctype == "application/octet-stream":
            self.send_header("X-Content-SHA256", hashlib.sha256(body).hexdigest())
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._send(200, json.dumps({"code": 200, "result": True, "message": "success",
                                    "data": self.listing}).encode(), "application/json")

    def do_GET(self):
        self._send(200, b"payload", "application/octet-stream")

    def log_message(self, *args):
        pass


def test_hostile_listing_is_refused_and_nothing_lands_outside(tmp_path):
    dest = tmp_path / "dest"
    outside = tmp_path / "outside"
    dest.mkdir()
    outside.mkdir()
    (dest / "escape").symlink_to(outside, target_is_directory=True)
    digest = "sha256:" + hashlib.sha256(b"payload").hexdigest()
    evil = ["/../outside/a.png", "/x/../../outside/b.png", "//etc/passwd", "C:/Windows/c.png", "/x\\..\\..\\d.png",
            "/escape/e.png", "/ok/f.png"]
    _Evil.listing = [{"path": p, "size": 7, "hash": digest} for p in evil]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Evil)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = RenderbusClient("AKIDx", "secret", domain="127.0.0.1:%d" % server.server_address[1], protocol="http")
        t = LocalFarmTransfer(client, hash_cache=HashCache(str(tmp_path / "h.sqlite3")))
        rep = t.download_tree("/", str(dest))
        t.close()
    finally:
        server.shutdown()
        server.server_close()
    refused = dict(rep.refused)
    assert set(refused) == set(evil) - {"/ok/f.png"}
    assert "outside" in refused["/escape/e.png"]
    assert (dest / "ok" / "f.png").read_bytes() == b"payload"
    assert list(outside.iterdir()) == []
    assert not (Path("/etc/passwd.part")).exists()


def _stand_in(tmp_path):
    import stat
    import sys

    exe = tmp_path / "rayvision_transmitter"
    exe.write_text("#!%s\nimport sys\nsys.exit(0)\n" % sys.executable)
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


def test_transmitter_backend_reads_line_and_storage_ids_from_the_api(recording_server, rec_client, tmp_path,
                                                                      monkeypatch):
    from rb_dcc.transfer.transmitter import TransmitterBackend

    monkeypatch.setenv("RB_DCC_CACHE_DIR", str(tmp_path / "cache"))
    recording_server.routes["/api/render/transfer/getConfig"] = {
        "inputBid": "10206", "outputBid": "20208", "configBid": "10202", "parentInputBid": "10204",
        "resqEngines": [
            {"engineName": "Aspera", "isDefault": 0, "checkServer": "a", "checkPort": "1",
             "respTaskEngineLines": [{"name": "a1", "server": "10.0.0.1", "port": "33001", "isDefault": 1}]},
            {"engineName": "RaySync", "isDefault": 1, "checkServer": "r", "checkPort": "2",
             "respTaskEngineLines": [{"name": "r0", "server": "10.0.0.2", "port": "2121", "isDefault": 0},
                                     {"name": "r1", "server": "10.0.0.3", "port": "2442", "isDefault": 1}]},
        ],
    }
    recording_server.routes["/api/render/setUp/queryUserProfile"] = {"userId": 100093088, "userName": "artist"}
    exe = _stand_in(tmp_path)
    c = TransmitterBackend.from_client(rec_client, exe=str(exe)).config
    assert (c.engine, c.server_ip, c.server_port) == ("raysync", "10.0.0.3", "2442")
    assert (c.config_bid, c.input_bid, c.output_bid, c.user_id) == ("10202", "10206", "20208", "100093088")
    c = TransmitterBackend.from_client(rec_client, exe=str(exe), engine="aspera").config
    assert (c.engine, c.server_ip, c.server_port) == ("aspera", "10.0.0.1", "33001")


def test_transmitter_backend_explains_a_farm_without_engine(farm, farm_client, tmp_path, monkeypatch):
    from rb_dcc.transfer import TransferError
    from rb_dcc.transfer.download import backend_for
    from rb_dcc.transfer.transmitter import TransmitterBackend

    monkeypatch.setenv("RB_DCC_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(TransferError, match="no Aspera or Raysync"):
        TransmitterBackend.from_client(farm_client, exe=str(_stand_in(tmp_path)))
    assert isinstance(backend_for(farm_client), LocalFarmTransfer)


def test_download_walks_every_layer_task(farm, farm_client, tmp_path):
    from tests.fixtures.farm import task_json

    task_id = farm_client.task.create_task().task_id_list[0]
    farm_client.transmit.upload_json_content(
        task_id, json.dumps(task_json(layers={"beauty": "1-2[1]", "shadow": "5"})), "task.json")
    farm_client.task.submit_task(task_id)
    deadline = time.monotonic() + 60
    while not farm_client.query.task_info([task_id]).items[0].is_terminal:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    res = download_outputs(farm_client, task_id, str(tmp_path / "o"))
    assert len(res.roots) == 2 and res.files_downloaded == 3
    layers = sorted(Path(p).parent.name for p in res.written)
    assert layers == ["beauty", "beauty", "shadow"]
