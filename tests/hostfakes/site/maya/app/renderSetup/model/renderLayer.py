"""Fake ``maya.app.renderSetup.model.renderLayer``."""

from __future__ import annotations

from .collection import Collection


class RenderLayer:
    def __init__(self, name, data):
        self._name = name
        self._data = data

    def name(self):
        return self._name

    def isRenderable(self):
        from maya import cmds

        legacy = self._data.get("legacy", "rs_" + self._name)
        return bool(cmds.getAttr(legacy + ".renderable"))

    def getCollections(self):
        return [Collection(c, self) for c in self._data.get("collections", [])]


class DefaultRenderLayer:
    def name(self):
        return "defaultRenderLayer"

    def getCollections(self):
        return []
