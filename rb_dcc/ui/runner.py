"""The one way the panel does background work.

``runner.run(key, fn, on_result=..., on_error=..., on_progress=...)`` calls ``fn(job)`` on a worker
thread of a ``QThreadPool``. Work is keyed: a new job under a key that is still running cancels the
old one (its ``job.cancel_event`` is set) and the old job's result is dropped, so "refresh tasks"
replaces the previous refresh. ``replace=False`` instead skips the new job while one runs (the
auto-refresh never overlaps). Results, progress and errors reach the callbacks on the GUI thread,
errors as ``ErrorInfo`` data (``rb_dcc.ui.errors``), never as exceptions.

``SyncRunner`` has the same interface and runs everything inline: controllers are tested with it
without a window.
"""

from __future__ import annotations

import itertools
import logging
import threading
from typing import Any, Callable, Dict, Optional

from .errors import ErrorInfo, describe

log = logging.getLogger(__name__)
_ids = itertools.count(1)


class Job:
    """Handed to the work function: check ``cancelled``, report progress with ``progress(value)``."""

    def __init__(self, key: str, where: str = ""):
        self.key = key
        self.id = next(_ids)
        self.where = where
        self.cancel_event = threading.Event()
        self._report: Callable[[Any], None] = lambda value: None

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def cancel(self) -> None:
        self.cancel_event.set()

    def progress(self, value: Any) -> None:
        if not self.cancelled:
            self._report(value)


class _Callbacks:
    __slots__ = ("on_result", "on_error", "on_progress", "on_done")

    def __init__(self, on_result, on_error, on_progress, on_done):
        self.on_result = on_result
        self.on_error = on_error
        self.on_progress = on_progress
        self.on_done = on_done


class SyncRunner:
    """Runs jobs inline on the calling thread (tests, scripts). Same interface as ``Runner``."""

    def __init__(self) -> None:
        self._current: Dict[str, Job] = {}

    def busy(self, key: str) -> bool:
        return key in self._current

    def cancel(self, key: str) -> None:
        job = self._current.get(key)
        if job:
            job.cancel()

    def cancel_all(self) -> None:
        for job in list(self._current.values()):
            job.cancel()

    def run(self, key, fn, *, on_result=None, on_error=None, on_progress=None, on_done=None,
            replace=True, where="") -> Optional[Job]:
        if key in self._current and not replace:
            return None
        job = Job(key, where)
        job._report = on_progress or (lambda value: None)
        self._current[key] = job
        try:
            result = fn(job)
        except BaseException as exc:  # errors are data
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            if on_error:
                on_error(describe(exc, where))
        else:
            if on_result:
                on_result(result)
        finally:
            self._current.pop(key, None)
            if on_done:
                on_done()
        return job

    def wait(self, timeout_ms: int = 0) -> bool:
        return True


def _make_qt_runner():
    from qtpy.QtCore import QObject, QRunnable, QThreadPool, Signal

    class _Task(QRunnable):
        def __init__(self, runner, job, fn):
            super().__init__()
            self.setAutoDelete(True)
            self._runner = runner
            self._job = job
            self._fn = fn

        def run(self):  # worker thread
            job = self._job
            try:
                result = self._fn(job)
            except BaseException as exc:  # errors are data
                self._runner._emit("error", job, describe(exc, job.where))
            else:
                self._runner._emit("result", job, result)

    class Runner(QObject):
        """A ``QThreadPool`` with keyed jobs; see the module doc."""

        _relay = Signal(object)

        def __init__(self, parent=None, max_threads: int = 4):
            super().__init__(parent)
            self._pool = QThreadPool(self)
            self._pool.setMaxThreadCount(max_threads)
            self._current: Dict[str, Job] = {}
            self._callbacks: Dict[int, _Callbacks] = {}
            self._lock = threading.Lock()
            self._closed = False
            self._relay.connect(self._dispatch)

        # public --------------------------------------------------------------------------
        def busy(self, key: str) -> bool:
            return key in self._current

        def cancel(self, key: str) -> None:
            job = self._current.get(key)
            if job:
                job.cancel()

        def cancel_all(self) -> None:
            for job in list(self._current.values()):
                job.cancel()

        def close(self, timeout_ms: int = 2000) -> bool:
            """Cancel everything, drop pending callbacks and wait a little for workers to end.

            False when a worker is still busy (e.g. a request to a farm that does not answer)."""
            self._closed = True
            self.cancel_all()
            self._pool.clear()
            return bool(self._pool.waitForDone(timeout_ms))

        def wait(self, timeout_ms: int = 30000) -> bool:
            return self._pool.waitForDone(timeout_ms)

        def run(self, key, fn, *, on_result=None, on_error=None, on_progress=None, on_done=None,
                replace=True, where="") -> Optional[Job]:
            if self._closed:
                return None
            old = self._current.get(key)
            if old is not None:
                if not replace:
                    return None
                old.cancel()
                self._finish(old, superseded=True)
            job = Job(key, where)
            job._report = lambda value, job=job: self._emit("progress", job, value)
            self._current[key] = job
            self._callbacks[job.id] = _Callbacks(on_result, on_error, on_progress, on_done)
            self._pool.start(_Task(self, job, fn))
            return job

        # internals -----------------------------------------------------------------------
        def _emit(self, kind, job, payload):  # any thread
            try:
                self._relay.emit((kind, job, payload))
            except RuntimeError:  # the runner was deleted while the worker ran
                pass

        def _finish(self, job, superseded=False):
            cbs = self._callbacks.pop(job.id, None)
            if self._current.get(job.key) is job:
                del self._current[job.key]
            if cbs and cbs.on_done and not superseded:
                cbs.on_done()

        def _dispatch(self, item):  # GUI thread
            kind, job, payload = item
            cbs = self._callbacks.get(job.id)
            if cbs is None or self._closed:  # superseded or closed: drop
                return
            try:
                if kind == "progress":
                    if cbs.on_progress and not job.cancelled:
                        cbs.on_progress(payload)
                    return
                if kind == "result":
                    if cbs.on_result:
                        cbs.on_result(payload)
                elif kind == "error":
                    if cbs.on_error:
                        cbs.on_error(payload)
                    else:
                        log.warning("%s failed: %s", job.key, payload.message)
            except Exception:  # a callback bug must not kill the event loop
                log.exception("callback for %s failed", job.key)
            finally:
                if kind != "progress":
                    self._finish(job)

    return Runner


_Runner = None


def Runner(parent=None, max_threads: int = 4):
    """The Qt runner (created lazily so this module imports without a Qt binding)."""
    global _Runner
    if _Runner is None:
        _Runner = _make_qt_runner()
    return _Runner(parent, max_threads)


__all__ = ["Job", "Runner", "SyncRunner", "ErrorInfo"]
