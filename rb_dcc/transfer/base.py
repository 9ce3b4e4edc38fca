"""The small interface every transfer backend implements, and the values they exchange."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Tuple

from ..api.errors import RenderbusError

__all__ = [
    "UploadItem",
    "UploadReport",
    "DownloadReport",
    "TransferProgress",
    "TransferError",
    "TransferCancelled",
    "TransferBackend",
    "ProgressMeter",
]


class TransferError(RenderbusError):
    """A file could not be moved; the message names the file and what to do."""

    hint = "Check the network and the file, then resume the submission (rb-dcc resume)."


class TransferCancelled(Exception):
    """The caller set the cancel event; files already sent stay on the farm."""


@dataclass(frozen=True)
class UploadItem:
    local: str  # absolute local path
    server: str  # farm path ("/D/proj/a.png"), see rb_dcc.scene.to_farm_path


@dataclass
class UploadReport:
    files_total: int = 0
    files_sent: int = 0  # files that needed bytes sent (new or partial)
    files_skipped: int = 0  # already on the farm
    files_hashed: int = 0  # files read to hash them (the rest came from the hash cache)
    bytes_total: int = 0
    bytes_sent: int = 0
    sent: List[str] = field(default_factory=list)  # server paths uploaded in this run
    scan_s: float = 0.0
    elapsed_s: float = 0.0


@dataclass
class DownloadReport:
    files_total: int = 0
    files_downloaded: int = 0
    files_skipped: int = 0  # already complete locally
    bytes_downloaded: int = 0
    written: List[str] = field(default_factory=list)
    refused: List[Tuple[str, str]] = field(default_factory=list)  # (server path, reason)


@dataclass
class TransferProgress:
    stage: str  # "hash", "check", "upload", "download"
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    rate_bps: float
    eta_s: Optional[float]
    current: str = ""

    @property
    def message(self) -> str:
        """The file being moved (same name as ``ProgressEvent.message``)."""
        return self.current


ProgressCallback = Callable[[TransferProgress], None]


class ProgressMeter:
    """Thread-safe byte/file counter that reports at most every ``interval`` seconds."""

    def __init__(self, stage: str, files_total: int, bytes_total: int,
                 callback: Optional[ProgressCallback], interval: float = 0.2):
        self.stage = stage
        self.files_total = files_total
        self.bytes_total = bytes_total
        self.files_done = 0
        self.bytes_done = 0
        self._cb = callback
        self._interval = interval
        self._lock = threading.Lock()
        self._start = time.monotonic()
        self._last = 0.0
        self._window: List[Tuple[float, int]] = [(self._start, 0)]

    def add(self, nbytes: int = 0, files: int = 0, current: str = "", force: bool = False) -> None:
        with self._lock:
            self.bytes_done += nbytes
            self.files_done += files
            now = time.monotonic()
            if self._cb is None or (not force and now - self._last < self._interval):
                return
            self._last = now
            self._window.append((now, self.bytes_done))
            while len(self._window) > 2 and now - self._window[0][0] > 5.0:
                self._window.pop(0)
            t0, b0 = self._window[0]
            rate = (self.bytes_done - b0) / (now - t0) if now > t0 else 0.0
            left = max(self.bytes_total - self.bytes_done, 0)
            eta = left / rate if rate > 0 else None
            event = TransferProgress(self.stage, self.files_done, self.files_total, self.bytes_done,
                                     self.bytes_total, rate, eta, current)
        self._cb(event)

    def grow(self, nbytes: int, files: int = 0) -> None:
        """More work became known (the totals grow while files are still being checked)."""
        with self._lock:
            self.bytes_total += nbytes
            self.files_total += files

    def finish(self) -> None:
        self.add(0, 0, force=True)


class TransferBackend:
    """Moves files between this computer and one farm's storage.

    ``upload`` sends what the farm does not have yet (``storage`` is "input" for assets or
    "config" for job files); ``download_tree`` fetches a farm folder of output storage into a
    local folder. Both honour ``cancel`` (a ``threading.Event``) and report through ``on_progress``.
    """

    name = "abstract"

    def upload(self, items: List[UploadItem], *, storage: str = "input",
               on_progress: Optional[ProgressCallback] = None,
               cancel: Optional[threading.Event] = None) -> UploadReport:
        raise NotImplementedError

    def download_tree(self, tree_path: str, dest_dir: str, *,
                      on_progress: Optional[ProgressCallback] = None,
                      cancel: Optional[threading.Event] = None) -> DownloadReport:
        raise NotImplementedError

    def close(self) -> None:
        pass
