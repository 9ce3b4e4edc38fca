"""A tiny signal for Qt-free controllers: ``event.connect(fn)``, ``event.emit(*args)``."""

from __future__ import annotations

from typing import Callable, List


class Event:
    """Listeners are called in the order they connected, on the thread that emits."""

    __slots__ = ("_listeners",)

    def __init__(self) -> None:
        self._listeners: List[Callable] = []

    def connect(self, fn: Callable) -> None:
        self._listeners.append(fn)

    def disconnect(self, fn: Callable) -> None:
        if fn in self._listeners:
            self._listeners.remove(fn)

    def emit(self, *args) -> None:
        for fn in list(self._listeners):
            try:
                fn(*args)
            except RuntimeError as exc:  # a Qt listener whose widget is already deleted: forget it
                if "deleted" not in str(exc):
                    raise
                self.disconnect(fn)
