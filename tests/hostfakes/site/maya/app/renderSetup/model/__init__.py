"""Fake ``maya.app.renderSetup.model``: render setup layers, collections and overrides.

Built from the ``renderSetup`` part of a Maya scene description: each layer holds collections
(with a selector naming the nodes they apply to) holding absolute or relative overrides, and
nested collections. Override values live on ``absOverride`` nodes (``.attrValue``) in the fake
``maya.cmds`` scene, as in Maya.
"""
