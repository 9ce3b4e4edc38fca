"""Fake ``maya.app.renderSetup.model.selector``."""

from __future__ import annotations


class SimpleSelector:
    def __init__(self, names):
        self._names = list(names)

    def nodes(self):
        return list(self._names)

    def names(self):
        return set(self._names)
