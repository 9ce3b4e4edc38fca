"""Fake ``maya.OpenMayaUI``: ``MQtUtil.mainWindow()`` is None in batch, a Qt pointer with a UI."""

from __future__ import annotations

from . import _state


class MQtUtil:
    @staticmethod
    def mainWindow():
        scene = _state.SCENE
        if not scene.ui:
            return None
        return scene.main_window_ptr
