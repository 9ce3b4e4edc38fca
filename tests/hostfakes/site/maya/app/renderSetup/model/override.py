"""Fake ``maya.app.renderSetup.model.override``."""

from __future__ import annotations


class Override:
    def __init__(self, data, parent):
        self._data = data
        self._parent = parent

    def name(self):
        return self._data["name"]

    def attributeName(self):
        return self._data["attribute"]

    def isEnabled(self):
        return bool(self._data.get("enabled", True))

    def isLocalRender(self):
        return bool(self._data.get("localRender", False))

    def parent(self):
        return self._parent


class AbsOverride(Override):
    pass


class RelOverride(Override):
    pass


class UniqueOverride(Override):
    pass
