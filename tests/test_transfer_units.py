"""Transfer parts that need no farm: hash cache, safe download paths, the transmitter subprocess."""

from __future__ import annotations

import json
import os
import stat
import sys
import textwrap
import threading
import time

import pytest

from rb_dcc.transfer import HashCache, TransferCancelled, TransferError, UnsafePath, UploadItem, safe_local_path
from rb_dcc.transfer.hashcache import sha256_file
from rb_dcc.transfer.transmitter import TransmitterBackend, TransmitterConfig


# ------------------------------------------------------------------------------------ hash cache
def test_hash_cache_does_not_reread_unchanged_files(tmp_path):
    f = tmp_path / "tex.png"
    f.write_bytes(b"A" * 1000)
    cache = HashCache(str(tmp_path / "c.sqlite3"))
    first = cache.hash_file(str(f))
    assert first == sha256_file(str(f)) and first.startswith("sha256:")
    st = f.stat()
    # same size, same mtime, different bytes: a cache hit proves the file was not read again
    f.write_bytes(b"B" * 1000)
    os.utime(str(f), ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cache.hash_file(str(f)) == first
    # a new mtime is a new key
    os.utime(str(f), ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert cache.hash_file(str(f)) == sha256_file(str(f)) != first
    cache.close()
    # persisted across instances
    again = HashCache(str(tmp_path / "c.sqlite3"))
    assert again.get(str(f), (1000, st.st_mtime_ns + 1_000_000)) == sha256_file(str(f))
    again.close()


def test_hash_cache_dir_override(tmp_path, monkeypatch):
    monkeypatch.setenv("RB_DCC_CACHE_DIR", str(tmp_path / "cachedir"))
    cache = HashCache()
    assert cache.path.startswith(str(tmp_path / "cachedir"))
    cache.close()


# ------------------------------------------------------------------------------------ safe paths
@pytest.mark.parametrize(
    "server, words",
    [
        ("/out/../../etc/passwd", ".."),
        ("../x.png", ".."),
        ("//etc/passwd", "absolute"),
        ("C:/Windows/x.png", "drive"),
        ("/out/C:/x.png", "drive"),
        ("/out\\..\\x.png", "backslash"),
        ("/out/./x.png", "'.'"),
        ("/out/a\x00b", "NUL"),
        ("", "empty"),
        ("/out/CON.png", "reserved"),
        ("/out/x.png.", "dot or space"),
    ],
)
def test_safe_local_path_refuses(tmp_path, server, words):
    with pytest.raises(UnsafePath) as exc:
        safe_local_path(str(tmp_path), server)
    assert words in exc.value.reason


def test_safe_local_path_accepts_and_follows_symlinks(tmp_path):
    dest = tmp_path / "dest"
    dest.mkdir()
    assert safe_local_path(str(dest), "/19097_shot/beauty/shot.0001.png") == str(
        (dest / "19097_shot" / "beauty" / "shot.0001.png").resolve())
    outside = tmp_path / "outside"
    outside.mkdir()
    (dest / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath, match="outside"):
        safe_local_path(str(dest), "/link/x.png")
    (dest / "f.png").symlink_to(outside / "f.png")
    with pytest.raises(UnsafePath, match="symlink"):
        safe_local_path(str(dest), "/f.png")
    with pytest.raises(UnsafePath, match="not under"):
        safe_local_path(str(dest), "/other/x.png", strip="/out")


# ------------------------------------------------------------------------------------ transmitter
STAND_IN = textwrap.dedent(
    """\
    #!{python}
    import json, os, sys
    log = os.environ["RECORD_FILE"]
    stdin = sys.stdin.read()
    entry = {{"argv": sys.argv[1:], "stdin": stdin, "ld": os.environ.get("LD_LIBRARY_PATH", "")}}
    args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
    if args.get("-T") == "upload_json":
        entry["listing"] = json.load(open(args["-L"], encoding="utf-8"))
    if args.get("-T") == "download_path":
        dest = os.path.join(args["-L"], args["-R"].strip("/"))
        os.makedirs(dest, exist_ok=True)
        open(os.path.join(dest, "a.0001.png"), "wb").write(b"png")
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry) + "\\n")
    fail = int(os.environ.get("FAIL_TIMES", "0"))
    count_file = log + ".count"
    n = int(open(count_file).read()) if os.path.exists(count_file) else 0
    open(count_file, "w").write(str(n + 1))
    if os.environ.get("SLEEP"):
        import time; time.sleep(float(os.environ["SLEEP"]))
    if n < fail:
        print("ERROR: connect to server failed")
        sys.exit(11)
    print("transfer ok")
    """
)


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    exe = tmp_path / "bin dir" / "rayvision_transmitter"
    exe.parent.mkdir()
    exe.write_text(STAND_IN.format(python=sys.executable), encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    record = tmp_path / "record.jsonl"
    monkeypatch.setenv("RECORD_FILE", str(record))
    monkeypatch.setenv("RB_DCC_CACHE_DIR", str(tmp_path / "cache"))

    def calls():
        if not record.exists():
            return []
        return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]

    cfg = TransmitterConfig(exe=str(exe), server_ip="10.0.0.5", server_port="10221", user_id="100093088",
                            config_bid="10202", input_bid="10206", output_bid="20208", engine="raysyncproxy",
                            attempts=3)
    return cfg, calls


def test_transmitter_upload_config_and_assets_argument_lists(tmp_path, stand_in):
    cfg, calls = stand_in
    weird = tmp_path / 'it\'s "a" $(rm -rf) ; name.json'
    weird.write_text("{}", encoding="utf-8")
    tex = tmp_path / "tex 1.png"
    tex.write_bytes(b"x" * 10)
    backend = TransmitterBackend(cfg)
    rep = backend.upload([UploadItem(str(weird), "/19097/cfg/task.json")], storage="config")
    assert rep.files_sent == 1
    (c,) = calls()
    assert c["argv"] == [
        "-E", "raysyncproxy", "-H", "10.0.0.5", "-P", "10221", "-S", "10202", "-U", "100093088",
        "-T", "upload_path", "-L", str(weird), "-R", "/19097/cfg/task.json", "-r", "2", "-K", "false",
        "-s", "1048576", "-C", cfg.db_ini, "-p", "0",
    ]
    assert c["stdin"] == "y\n"
    assert c["ld"].split(os.pathsep)[0] == os.path.dirname(cfg.exe)
    backend.upload([UploadItem(str(tex), "/tmp/tex 1.png")], storage="input")
    c = calls()[-1]
    args = dict(zip(c["argv"][::2], c["argv"][1::2]))
    assert args["-T"] == "upload_json" and args["-S"] == "10206"
    assert c["listing"] == {"asset": [{"local": str(tex), "server": "/tmp/tex 1.png"}]}


def test_transmitter_retries_are_bounded_and_errors_readable(tmp_path, stand_in, monkeypatch):
    cfg, calls = stand_in
    cfg.attempts = 2
    monkeypatch.setenv("FAIL_TIMES", "5")
    f = tmp_path / "a.json"
    f.write_text("{}")
    backend = TransmitterBackend(cfg)
    import rb_dcc.transfer.transmitter as tx

    monkeypatch.setattr(tx.time, "sleep", lambda s: None)
    with pytest.raises(TransferError) as exc:
        backend.upload([UploadItem(str(f), "/1/cfg/task.json")], storage="config")
    assert len(calls()) == 2
    assert "connect to server failed" in str(exc.value) and exc.value.code == 11


def test_transmitter_succeeds_after_a_failure(tmp_path, stand_in, monkeypatch):
    cfg, calls = stand_in
    monkeypatch.setenv("FAIL_TIMES", "1")
    import rb_dcc.transfer.transmitter as tx

    monkeypatch.setattr(tx.time, "sleep", lambda s: None)
    f = tmp_path / "a.json"
    f.write_text("{}")
    TransmitterBackend(cfg).upload([UploadItem(str(f), "/1/cfg/task.json")], storage="config")
    assert len(calls()) == 2


def test_transmitter_download_and_cancel(tmp_path, stand_in, monkeypatch):
    cfg, calls = stand_in
    dest = tmp_path / "out"
    rep = TransmitterBackend(cfg).download_tree("/19097_shot", str(dest))
    args = dict(zip(calls()[-1]["argv"][::2], calls()[-1]["argv"][1::2]))
    assert args["-T"] == "download_path" and args["-S"] == "20208" and args["-R"] == "/19097_shot"
    assert args["-K"] == "true" and args["-L"] == str(dest)
    assert rep.files_downloaded == 1 and rep.written[0].endswith("a.0001.png") and not rep.refused

    monkeypatch.setenv("SLEEP", "30")
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    t0 = time.monotonic()
    with pytest.raises(TransferCancelled):
        TransmitterBackend(cfg).download_tree("/19097_shot", str(dest), cancel=cancel)
    assert time.monotonic() - t0 < 10


def test_transmitter_refuses_unknown_engine_and_missing_binary(tmp_path, stand_in):
    cfg, _ = stand_in
    cfg.engine = "ftp"
    with pytest.raises(TransferError, match="not supported"):
        TransmitterBackend(cfg)
    cfg.engine = "aspera"
    cfg.exe = str(tmp_path / "nope")
    with pytest.raises(TransferError, match="RB_DCC_TRANSMITTER"):
        TransmitterBackend(cfg)
