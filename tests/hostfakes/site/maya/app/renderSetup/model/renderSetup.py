"""Fake ``maya.app.renderSetup.model.renderSetup``: ``instance()`` over the loaded scene."""

from __future__ import annotations

from maya import _state

from .renderLayer import DefaultRenderLayer, RenderLayer


class RenderSetup:
    def _layers(self):
        return _state.SCENE.render_setup.get("layers", {})

    def getRenderLayers(self):
        return [RenderLayer(n, d) for n, d in self._layers().items()]

    def getRenderLayer(self, name):
        data = self._layers().get(name)
        if data is None:
            raise Exception("renderSetup: no render layer named %s" % name)
        return RenderLayer(name, data)

    def getDefaultRenderLayer(self):
        return DefaultRenderLayer()

    def getVisibleRenderLayer(self):
        visible = _state.SCENE.render_setup.get("visible", "defaultRenderLayer")
        return DefaultRenderLayer() if visible == "defaultRenderLayer" else self.getRenderLayer(visible)


    def switchToLayer(self, layer):
        _state.SCENE.render_setup["visible"] = layer.name()
        _state.SCENE.layer_switches.append(layer.name())


def instance():
    if not _state.SCENE.render_setup:
        raise RuntimeError("Render Setup is not active in this session (legacy render layers)")
    return RenderSetup()
