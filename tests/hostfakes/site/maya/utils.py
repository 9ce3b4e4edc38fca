"""Fake ``maya.utils``: ``executeDeferred`` queues, ``processIdleEvents`` runs the queue (as Maya's idle loop does)."""

from __future__ import annotations

_deferred = []


def executeDeferred(fn, *args, **kwargs):
    _deferred.append((fn, args, kwargs))


def processIdleEvents():
    while _deferred:
        fn, args, kwargs = _deferred.pop(0)
        if callable(fn):
            fn(*args, **kwargs)
        else:
            exec(compile(str(fn), "<deferred>", "exec"), {"__name__": "__main__"})
