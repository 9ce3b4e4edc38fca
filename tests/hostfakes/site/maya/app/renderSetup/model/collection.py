"""Fake ``maya.app.renderSetup.model.collection``."""

from __future__ import annotations

from .override import AbsOverride, RelOverride
from .selector import SimpleSelector


class Collection:
    def __init__(self, data, parent):
        self._data = data
        self._parent = parent

    def name(self):
        return self._data["name"]

    def parent(self):
        return self._parent

    def selector(self):
        return SimpleSelector(self._data.get("selector", []))

    def isEnabled(self):
        return bool(self._data.get("enabled", True))

    def getOverrides(self):
        out = []
        for ov in self._data.get("overrides", []):
            cls = RelOverride if ov.get("type") == "rel" else AbsOverride
            out.append(cls(ov, self))
        return out

    def getCollections(self):
        return [Collection(c, self) for c in self._data.get("children", [])]
