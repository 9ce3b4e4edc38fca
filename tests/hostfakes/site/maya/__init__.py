"""Fake ``maya`` package for tests: ``maya.cmds``, ``maya.OpenMayaUI`` over ``maya._state``."""
