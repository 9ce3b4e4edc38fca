"""Fake ``maya.mel``: ``eval`` answers the global UI names a tool reads (``$gMainWindow``, ``$gShelfTopLevel``)."""

from __future__ import annotations

import re

from . import _state

GLOBALS = {"gMainWindow": "MayaWindow", "gShelfTopLevel": "ShelfLayout"}


def eval(command):  # noqa: A001 - Maya's name
    m = re.match(r"^\s*(?:string\s+)?\$\w+\s*=\s*\$(\w+)\s*;?\s*$", command)
    if m and m.group(1) in GLOBALS:
        return GLOBALS[m.group(1)] if _state.SCENE.ui else ""
    raise RuntimeError("fake mel.eval cannot evaluate %r" % command)
