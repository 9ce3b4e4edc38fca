"""Qt beside Blender's own UI loop: a ``QApplication`` pumped by a ``bpy.app.timers`` callback.

Blender has no Qt event loop, so the panel's events are processed a few dozen times a second from
a timer that runs on Blender's main thread. Everything that touches ``bpy`` therefore runs on the
main thread: the panel's Qt code (collect, save, select run inline in the live-host controller)
and any function handed over with ``call_on_main`` from a worker thread, which the pump runs
before it processes Qt's events.
"""

from __future__ import annotations

import logging
import queue
from typing import Any, Callable, Optional

__all__ = ["ACTIVE_INTERVAL", "IDLE_INTERVAL", "call_on_main", "is_pumping", "open", "pump", "start", "stop"]

log = logging.getLogger(__name__)

ACTIVE_INTERVAL = 0.02  # s between pumps while a Qt window is shown
IDLE_INTERVAL = 0.25  # s while none is (background jobs still deliver their results)

_calls: "queue.Queue[tuple]" = queue.Queue()


def _bpy():
    from ..adapters.blender.live import host_bpy

    return host_bpy()


def call_on_main(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Run ``fn(*args, **kwargs)`` on Blender's main thread at the next pump (safe from any thread)."""
    _calls.put((fn, args, kwargs))


def _visible_windows(app) -> bool:
    return any(w.isVisible() for w in app.topLevelWidgets())


def pump() -> Optional[float]:
    """One turn: run queued main-thread calls, process Qt events; the timer's next interval.

    Returns None (the timer stops) once the QApplication is gone.
    """
    while True:
        try:
            fn, args, kwargs = _calls.get_nowait()
        except queue.Empty:
            break
        try:
            fn(*args, **kwargs)
        except Exception:  # one failing call must not stop the pump (and with it the panel)
            log.exception("rb_dcc: a call queued for Blender's main thread failed")
    try:
        from qtpy.QtWidgets import QApplication
    except Exception:
        return None
    app = QApplication.instance()
    if app is None:
        return None
    app.sendPostedEvents()
    app.processEvents()
    return ACTIVE_INTERVAL if _visible_windows(app) else IDLE_INTERVAL


def is_pumping() -> bool:
    return bool(_bpy().app.timers.is_registered(pump))


def start() -> Any:
    """Make sure a QApplication exists and the timer pumps it; returns the application."""
    from rb_dcc.ui import ensure_app

    app = ensure_app()
    app.setQuitOnLastWindowClosed(False)  # closing the panel must not end Qt for the session
    timers = _bpy().app.timers
    if not timers.is_registered(pump):
        timers.register(pump, first_interval=0.0, persistent=True)
    return app


def stop() -> None:
    """Hide the panel and stop pumping (add-on disabled)."""
    timers = _bpy().app.timers
    if timers.is_registered(pump):
        timers.unregister(pump)
    try:
        from rb_dcc.ui import current_panel

        panel = current_panel()
        if panel is not None:
            panel.hide()
    except Exception:
        pass


def open(action: str = "submit") -> Any:  # noqa: A001 - the add-on's verb
    """Open the panel on the open .blend, pumped from Blender's timer; returns the panel or None."""
    from . import launch

    start()
    panel = launch("blender", action)
    if panel is not None and not panel.windowFlags() & _stay_on_top():
        panel.setWindowFlag(_stay_on_top(), True)  # Blender's window is not Qt: keep the panel above it
        panel.show()  # changing a window flag hides the window
    return panel


def _stay_on_top():
    from qtpy.QtCore import Qt

    return Qt.WindowStaysOnTopHint
