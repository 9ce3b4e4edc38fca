"""Fake ``maya.app.renderSetup.model.utils``."""

from __future__ import annotations


def getOverridesRecursive(element):
    """Every override under a layer or collection, weakest first (the order Maya applies them)."""
    for col in element.getCollections():
        for ov in col.getOverrides():
            yield ov
        for ov in getOverridesRecursive(col):
            yield ov
