"""Fake ``qtmax``: the 3ds Max main window is whatever the test put in ``pymxs._state``."""

from __future__ import annotations


def GetQMaxMainWindow():
    from pymxs import _state

    scene = _state.SCENE
    return scene.main_window if scene.ui else None
