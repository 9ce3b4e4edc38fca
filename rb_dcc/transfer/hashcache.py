"""Content hashes of local files, cached by (path, size, mtime_ns) so unchanged files are not re-read.

The cache is one SQLite file in the user cache dir (``RB_DCC_CACHE_DIR`` overrides it). A file
whose size or modification time changed gets a new entry; stale rows are harmless and are pruned
when the cache grows large.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from typing import Dict, Iterable, Optional, Tuple

__all__ = ["HashCache", "cache_dir", "sha256_file", "FileStamp", "stamp"]

FileStamp = Tuple[int, int]  # (size, mtime_ns)
_BLOCK = 1 << 20
_MAX_ROWS = 2_000_000


def cache_dir() -> str:
    override = os.environ.get("RB_DCC_CACHE_DIR")
    if override:
        return override
    import platformdirs

    return platformdirs.user_cache_dir("rb_dcc", appauthor=False)


def stamp(path: str) -> FileStamp:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


def sha256_file(path: str, cancel=None) -> str:
    h = hashlib.sha256()
    with open(path, "rb", buffering=0) as fh:
        buf = bytearray(_BLOCK)
        view = memoryview(buf)
        while True:
            n = fh.readinto(buf)
            if not n:
                break
            h.update(view[:n])
            if cancel is not None and cancel.is_set():
                from .base import TransferCancelled

                raise TransferCancelled("cancelled while hashing %s" % path)
    return "sha256:" + h.hexdigest()


class HashCache:
    """``get(path, stamp)`` / ``put(path, stamp, hash)``; safe to share between threads."""

    def __init__(self, path: Optional[str] = None):
        if path is None:
            folder = cache_dir()
            os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, "hashes.sqlite3")
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError:
            pass
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS hashes (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, hash TEXT)"
        )

    def get(self, path: str, st: FileStamp) -> Optional[str]:
        with self._lock:
            row = self._db.execute("SELECT size, mtime_ns, hash FROM hashes WHERE path = ?", (path,)).fetchone()
        if row and row[0] == st[0] and row[1] == st[1]:
            return row[2]
        return None

    def get_many(self, entries: Iterable[Tuple[str, FileStamp]]) -> Dict[str, str]:
        """Cached hashes of the entries whose stamp still matches (one query per 500 paths)."""
        wanted = dict(entries)
        paths = list(wanted)
        out = {}
        with self._lock:
            for i in range(0, len(paths), 500):
                chunk = paths[i:i + 500]
                sql = "SELECT path, size, mtime_ns, hash FROM hashes WHERE path IN (%s)" % ",".join("?" * len(chunk))
                for path, size, mtime_ns, digest in self._db.execute(sql, chunk):
                    st = wanted.get(path)
                    if st is not None and st[0] == size and st[1] == mtime_ns:
                        out[path] = digest
        return out

    def put(self, path: str, st: FileStamp, digest: str) -> None:
        self.put_many([(path, st, digest)])

    def put_many(self, rows: Iterable[Tuple[str, FileStamp, str]]) -> None:
        data = [(p, st[0], st[1], d) for p, st, d in rows]
        if not data:
            return
        with self._lock:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO hashes VALUES (?, ?, ?, ?)", data)
            self._db.execute("COMMIT")
            (count,) = self._db.execute("SELECT COUNT(*) FROM hashes").fetchone() if len(data) > 1000 else (0,)
            if count > _MAX_ROWS:
                self._db.execute("DELETE FROM hashes WHERE rowid IN (SELECT rowid FROM hashes LIMIT ?)",
                                 (count - _MAX_ROWS,))

    def hash_file(self, path: str, cancel=None) -> str:
        """The file's sha256 (``sha256:<hex>``), from the cache when size and mtime are unchanged."""
        st = stamp(path)
        cached = self.get(path, st)
        if cached:
            return cached
        digest = sha256_file(path, cancel)
        if stamp(path) == st:  # do not cache a hash of a file that changed while we read it
            self.put(path, st, digest)
        return digest

    def close(self) -> None:
        with self._lock:
            self._db.close()
