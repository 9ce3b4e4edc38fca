"""The service's own transfer engine: the ``rayvision_transmitter`` binary of ``rayvision-sync``.

The real Renderbus service only takes asset uploads through its Aspera/Raysync engine, which the
official SDK drives with this binary. We drive the same binary as a subprocess with the
parameters the protocol doc lists (``-E`` engine, ``-H``/``-P`` server, ``-S`` storage id,
``-U`` user id, ``-T`` type, ``-L`` local, ``-R`` remote, ``-r`` retries, ``-K`` keep path,
``-s`` speed limit KB/s, ``-C`` local cache db, ``-p`` network mode), always as an argument list
(never a shell: paths with quotes or spaces stay intact, SDK defect D31), answering its "y"
prompt on stdin, with bounded retries (defect D28). Real use needs an account.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

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
from .hashcache import cache_dir

__all__ = ["TransmitterBackend", "TransmitterConfig", "find_transmitter", "ENGINES"]

log = logging.getLogger(__name__)

ENGINES = ("aspera", "raysyncproxy", "raysync")
EXE_NAMES = ("rayvision_transmitter.exe", "rayvision_transmitter") if sys.platform.startswith("win") \
    else ("rayvision_transmitter",)


def find_transmitter() -> Optional[str]:
    """The transmitter binary: ``RB_DCC_TRANSMITTER``, then an installed ``rayvision_sync``, then PATH."""
    env = os.environ.get("RB_DCC_TRANSMITTER")
    if env:
        return env if os.path.isfile(env) else None
    try:
        import importlib.util

        spec = importlib.util.find_spec("rayvision_sync")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        for base in spec.submodule_search_locations:
            for root, _dirs, files in os.walk(base):
                for name in EXE_NAMES:
                    if name in files:
                        return os.path.join(root, name)
    for name in EXE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class TransmitterConfig:
    exe: str
    server_ip: str
    server_port: str
    user_id: str
    config_bid: str
    input_bid: str
    output_bid: str
    engine: str = "aspera"
    max_speed_kbps: int = 1048576
    retries: int = 2  # the binary's own reconnect count (-r)
    network_mode: int = 0  # -p: 0 auto, 1 tcp, 2 udp (SDK's reading)
    db_ini: str = ""  # -C: local transfer database (the binary's mtime/size cache)
    attempts: int = 3  # how often we run the binary for one job before giving up

    def __repr__(self) -> str:  # nothing secret here, but keep it short
        return "TransmitterConfig(exe=%r, engine=%r, server=%s:%s, user_id=%r)" % (
            self.exe, self.engine, self.server_ip, self.server_port, self.user_id)


class TransmitterBackend(TransferBackend):
    """Upload/download through ``rayvision_transmitter`` (see module doc)."""

    name = "transmitter"

    def __init__(self, config: TransmitterConfig):
        if config.engine not in ENGINES:
            raise TransferError("transfer engine %r is not supported; use one of %s"
                                % (config.engine, ", ".join(ENGINES)), endpoint="transmitter")
        if not config.exe or not os.path.isfile(config.exe):
            raise TransferError("the transfer engine binary %r was not found" % config.exe, endpoint="transmitter",
                                hint="Install rayvision-sync or set RB_DCC_TRANSMITTER to the rayvision_transmitter path.")
        self.config = config
        if not config.db_ini:
            folder = os.path.join(cache_dir(), "transmitter")
            os.makedirs(folder, exist_ok=True)
            config.db_ini = os.path.join(folder, "db_ini")
            os.makedirs(config.db_ini, exist_ok=True)

    @classmethod
    def from_client(cls, client: Any, exe: Optional[str] = None, engine: Optional[str] = None,
                    **kwargs: Any) -> "TransmitterBackend":
        """Read server line, storage ids and user id from the API (§42 getConfig, §5 getBid, §2 profile)."""
        exe = exe or find_transmitter()
        if not exe:
            raise TransferError("the Renderbus transfer engine is not installed", endpoint="transmitter",
                                hint="pip install rayvision-sync, or set RB_DCC_TRANSMITTER.")
        cfg = client.transmit.get_transfer_config()
        cfg = cfg if isinstance(cfg, dict) else cfg.model_dump(by_alias=True)
        line = _default_line(cfg.get("resqEngines") or [], engine)
        if line is None:
            offered = ", ".join(str(e.get("engineName")) for e in cfg.get("resqEngines") or []) or "none"
            raise TransferError("the farm offers no Aspera or Raysync transfer line (it offers: %s)" % offered,
                                endpoint="/api/render/transfer/getConfig",
                                hint="For a local farm use its HTTP transfer (rb_dcc picks it for loopback farms).")
        profile = client.user.query_user_profile()
        user_id = str(getattr(profile, "user_id", None) or (profile.get("userId") if isinstance(profile, dict) else ""))
        return cls(TransmitterConfig(
            exe=exe, engine=line["engine"], server_ip=str(line["server"]), server_port=str(line["port"]),
            user_id=user_id, config_bid=str(cfg.get("configBid", "")), input_bid=str(cfg.get("inputBid", "")),
            output_bid=str(cfg.get("outputBid", "")), **kwargs))

    # command lines --------------------------------------------------------------------------------
    def command(self, transmit_type: str, local: str, remote: str, bid: str, keep_path: bool = True) -> List[str]:
        c = self.config
        return [
            c.exe,
            "-E", c.engine,
            "-H", c.server_ip,
            "-P", str(c.server_port),
            "-S", str(bid),
            "-U", str(c.user_id),
            "-T", transmit_type,
            "-L", local,
            "-R", remote,
            "-r", str(c.retries),
            "-K", "true" if keep_path else "false",
            "-s", str(c.max_speed_kbps),
            "-C", c.db_ini,
            "-p", str(int(c.network_mode)),
        ]

    def _run(self, argv: Sequence[str], what: str, cancel: Optional[threading.Event]) -> None:
        env = dict(os.environ)
        if not sys.platform.startswith("win"):
            libdir = os.path.dirname(self.config.exe)
            env["LD_LIBRARY_PATH"] = libdir + (os.pathsep + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
        delay = 1.0
        last = ""
        for attempt in range(1, self.config.attempts + 1):
            if cancel is not None and cancel.is_set():
                raise TransferCancelled(what)
            proc = subprocess.Popen(list(argv), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, env=env, shell=False)
            try:
                proc.stdin.write(b"y\n")
                proc.stdin.close()
            except OSError:
                pass
            out = []
            reader = threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True)
            reader.start()
            while proc.poll() is None:
                if cancel is not None and cancel.is_set():
                    proc.terminate()
                    try:
                        proc.wait(5)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                    raise TransferCancelled(what)
                time.sleep(0.05)
            reader.join(5)
            text = (out[0] if out else b"").decode("utf-8", "replace")
            if proc.returncode == 0:
                return
            last = text.strip().splitlines()[-1] if text.strip() else "exit code %d" % proc.returncode
            log.debug("transmitter %s: attempt %d failed: %s", what, attempt, last)
            if attempt < self.config.attempts:
                time.sleep(delay)
                delay = min(delay * 2, 10.0)
        raise TransferError("the transfer engine failed on %s: %s" % (what, last), code=proc.returncode,
                            endpoint="transmitter")

    # backend ----------------------------------------------------------------------------------------
    def upload(self, items: List[UploadItem], *, storage: str = "input",
               on_progress: Optional[ProgressCallback] = None,
               cancel: Optional[threading.Event] = None) -> UploadReport:
        t0 = time.monotonic()
        sizes = {it.local: (os.path.getsize(it.local) if os.path.isfile(it.local) else 0) for it in items}
        report = UploadReport(files_total=len(items), bytes_total=sum(sizes.values()))
        meter = ProgressMeter("upload", len(items), report.bytes_total, on_progress)
        bid = self.config.config_bid if storage == "config" else self.config.input_bid
        if storage == "config":
            for it in items:  # job files go one by one to /<taskId>/cfg/<name>
                self._run(self.command("upload_path", it.local, it.server, bid, keep_path=False), it.local, cancel)
                meter.add(sizes[it.local], 1, it.local)
        else:
            # assets go as one list (the binary skips what its -C database says is already there)
            with tempfile.TemporaryDirectory(prefix="rb_dcc_tx_") as tmp:
                listing = os.path.join(tmp, "upload.json")
                with open(listing, "w", encoding="utf-8") as fh:
                    json.dump({"asset": [{"local": it.local.replace("\\", "/"), "server": it.server}
                                         for it in items]}, fh, ensure_ascii=False, indent=2)
                self._run(self.command("upload_json", listing, "/", bid, keep_path=False),
                          "%d assets" % len(items), cancel)
            meter.add(report.bytes_total, len(items))
        meter.finish()
        report.files_sent = len(items)
        report.bytes_sent = report.bytes_total
        report.sent = [it.server for it in items]
        report.elapsed_s = time.monotonic() - t0
        return report

    def download_tree(self, tree_path: str, dest_dir: str, *,
                      on_progress: Optional[ProgressCallback] = None,
                      cancel: Optional[threading.Event] = None) -> DownloadReport:
        os.makedirs(dest_dir, exist_ok=True)
        before = _snapshot(dest_dir)
        self._run(self.command("download_path", dest_dir, tree_path, self.config.output_bid, keep_path=True),
                  tree_path, cancel)
        after = _snapshot(dest_dir)
        written = sorted(p for p, st in after.items() if before.get(p) != st)
        report = DownloadReport(files_total=len(after), files_downloaded=len(written),
                                files_skipped=len(after) - len(written),
                                bytes_downloaded=sum(after[p][0] for p in written), written=written)
        root = os.path.realpath(dest_dir)
        for p in written:  # the binary is not ours: check where it wrote
            if os.path.islink(p) or os.path.commonpath([root, os.path.realpath(p)]) != root:
                report.refused.append((p, "written outside %s or as a symlink" % root))
        return report


def _snapshot(folder: str) -> Dict[str, tuple]:
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            p = os.path.join(root, name)
            try:
                st = os.lstat(p)
            except OSError:
                continue
            out[p] = (st.st_size, st.st_mtime_ns)
    return out


def _default_line(engines: List[Dict[str, Any]], wanted: Optional[str]) -> Optional[Dict[str, Any]]:
    """The default line of the default (or the named) Aspera/Raysync engine from §42 ``resqEngines``."""
    chosen = None
    for eng in engines:
        name = str(eng.get("engineName", "")).lower()
        if name not in ENGINES or (wanted and name != wanted.lower()):
            continue
        if chosen is None or eng.get("isDefault") == 1:
            chosen = eng
    if chosen is None:
        return None
    lines = chosen.get("respTaskEngineLines") or []
    line = next((l for l in lines if l.get("isDefault") == 1), lines[0] if lines else None)
    if line is None:
        return None
    return {"engine": str(chosen.get("engineName")).lower(), "server": line.get("server"), "port": line.get("port")}
