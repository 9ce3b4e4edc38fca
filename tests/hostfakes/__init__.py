"""Behavioural stand-ins for the host modules (``maya``, ``hou``, ``pymxs``), driven by JSON scenes.

``site/`` is put on ``sys.path`` for one test by ``tests.fixtures.hostfakes``; ``scenes/<host>/``
holds the scene descriptions. ``${ROOT}`` in a description is replaced by the test's tmp folder.
"""
