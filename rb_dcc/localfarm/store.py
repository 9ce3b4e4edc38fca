"""SQLite state of the local farm (WAL mode, under the data dir): survives restarts and kill -9.

Reads take a pooled connection and run without a lock (WAL lets readers and the writer overlap);
writes are serialised by one process-wide lock and run in ``BEGIN IMMEDIATE`` transactions, so a
crash leaves either the whole change or none of it.
"""

from __future__ import annotations

import contextlib
import queue
import sqlite3
import threading
from pathlib import Path
from typing import Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER,
    user_id INTEGER NOT NULL,
    platform INTEGER NOT NULL,
    scene_name TEXT NOT NULL DEFAULT '',
    status INTEGER NOT NULL,
    pre_status INTEGER,
    layer_name TEXT NOT NULL DEFAULT '',
    project_name TEXT NOT NULL DEFAULT '',
    labels TEXT NOT NULL DEFAULT '[]',
    task_user_level INTEGER NOT NULL DEFAULT 50,
    task_limit INTEGER NOT NULL DEFAULT 8,
    full_speed INTEGER NOT NULL DEFAULT 0,
    over_time_stop INTEGER NOT NULL DEFAULT 0,
    task_over_time INTEGER NOT NULL DEFAULT 43200,
    created INTEGER NOT NULL,
    submit_date INTEGER,
    start_time INTEGER,
    completed_date INTEGER,
    analysis_until INTEGER,
    output_file_name TEXT,
    cg_id INTEGER NOT NULL DEFAULT 0,
    is_delete INTEGER NOT NULL DEFAULT 1,
    producer TEXT,
    artist TEXT,
    hardware_id INTEGER,
    render_camera TEXT NOT NULL DEFAULT '',
    frames_range TEXT NOT NULL DEFAULT '',
    task_type TEXT NOT NULL DEFAULT 'Render',
    stop_after_test INTEGER NOT NULL DEFAULT 0,
    clone_original_id INTEGER NOT NULL DEFAULT 0,
    out_user_id INTEGER,
    stop_type INTEGER NOT NULL DEFAULT 0,
    software TEXT NOT NULL DEFAULT '',
    total_frames INTEGER NOT NULL DEFAULT 0,
    done_frames INTEGER NOT NULL DEFAULT 0,
    failed_frames INTEGER NOT NULL DEFAULT 0,
    executing_frames INTEGER NOT NULL DEFAULT 0,
    waiting_frames INTEGER NOT NULL DEFAULT 0,
    abort_frames INTEGER NOT NULL DEFAULT 0,
    stopped_frames INTEGER NOT NULL DEFAULT 0,
    timeout_frames INTEGER NOT NULL DEFAULT 0,
    render_consume REAL NOT NULL DEFAULT 0,
    render_duration INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS tasks_parent ON tasks(parent_id);
CREATE INDEX IF NOT EXISTS tasks_status ON tasks(status);
CREATE TABLE IF NOT EXISTS frames (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    frame_index TEXT NOT NULL,
    numbers TEXT NOT NULL,
    status INTEGER NOT NULL,
    frame_type INTEGER NOT NULL DEFAULT 5,
    work REAL NOT NULL,
    start_time INTEGER NOT NULL DEFAULT 0,
    end_time INTEGER NOT NULL DEFAULT 0,
    due INTEGER NOT NULL DEFAULT 0,
    execute_time INTEGER NOT NULL DEFAULT 0,
    fee REAL NOT NULL DEFAULT 0,
    recommit INTEGER NOT NULL DEFAULT 0,
    node TEXT NOT NULL DEFAULT '',
    outcome INTEGER NOT NULL DEFAULT 4,
    hardware_id INTEGER,
    abandoned INTEGER NOT NULL DEFAULT 0,
    log TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS frames_task ON frames(task_id, id);
CREATE INDEX IF NOT EXISTS frames_status ON frames(status, task_id);
CREATE TABLE IF NOT EXISTS task_logs (task_id INTEGER PRIMARY KEY, log TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fail_plan (
    task_id INTEGER NOT NULL, frame INTEGER NOT NULL, times INTEGER NOT NULL,
    PRIMARY KEY (task_id, frame)
);
CREATE TABLE IF NOT EXISTS fail_used (
    task_id INTEGER NOT NULL, frame INTEGER NOT NULL, used INTEGER NOT NULL,
    PRIMARY KEY (task_id, frame)
);
CREATE TABLE IF NOT EXISTS envs (
    user_id INTEGER NOT NULL, edit_name TEXT NOT NULL, cg_id INTEGER NOT NULL, cg_name TEXT NOT NULL,
    cg_version TEXT NOT NULL, os_name INTEGER NOT NULL, render_layer_type INTEGER NOT NULL DEFAULT 0,
    is_default INTEGER NOT NULL DEFAULT 0, project_path TEXT NOT NULL DEFAULT '',
    plugin_ids TEXT NOT NULL DEFAULT '[]', created INTEGER NOT NULL,
    PRIMARY KEY (user_id, edit_name)
);
CREATE TABLE IF NOT EXISTS projects (
    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, name TEXT NOT NULL, status INTEGER NOT NULL,
    UNIQUE (user_id, name)
);
CREATE TABLE IF NOT EXISTS task_files (
    task_id INTEGER NOT NULL, name TEXT NOT NULL, content TEXT NOT NULL, PRIMARY KEY (task_id, name)
);
CREATE TABLE IF NOT EXISTS hw (
    id INTEGER PRIMARY KEY, price REAL, ram_gb INTEGER
);
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, user_id INTEGER NOT NULL, created INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    storage TEXT NOT NULL, area TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL,
    hash TEXT NOT NULL, mtime INTEGER NOT NULL, PRIMARY KEY (storage, area, path)
);
CREATE TABLE IF NOT EXISTS uploads (
    storage TEXT NOT NULL, area TEXT NOT NULL, path TEXT NOT NULL, total INTEGER NOT NULL,
    hash TEXT NOT NULL, received INTEGER NOT NULL, part TEXT NOT NULL, PRIMARY KEY (storage, area, path)
);
"""


class Store:
    def __init__(self, db_path: Path):
        self.path = Path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._pool: "queue.LifoQueue[sqlite3.Connection]" = queue.LifoQueue()
        self._all = []
        self._all_lock = threading.Lock()
        self.write_lock = threading.Lock()
        self._local = threading.local()
        self._closed = False
        conn = self._connect()
        conn.executescript(SCHEMA)
        self._pool.put(conn)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=30000")
        with self._all_lock:
            self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = self._pool.get_nowait()
        except queue.Empty:
            conn = self._connect()
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.rollback()
            self._pool.put(conn)

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; a nested ``write()`` in the same thread joins the outer one."""
        current = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        with self.write_lock:
            with self.read() as conn:
                conn.execute("BEGIN IMMEDIATE")
                self._local.conn = conn
                try:
                    yield conn
                except BaseException:
                    conn.rollback()
                    raise
                else:
                    conn.execute("COMMIT")
                finally:
                    self._local.conn = None

    def meta_get(self, key: str, default: str = "") -> str:
        with self.read() as db:
            row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def close(self) -> None:
        with self._all_lock:
            conns, self._all = self._all, []
        for c in conns:
            try:
                c.close()
            except sqlite3.Error:
                pass
