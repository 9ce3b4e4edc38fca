"""Shared test set-up. Fixtures live in ``tests/fixtures/<area>.py``, one module per area, loaded here."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:  # a loaded 2-core machine must not turn property tests into timing tests
    from hypothesis import HealthCheck, settings

    settings.register_profile("rb_dcc", deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("rb_dcc")
except ImportError:  # pragma: no cover
    pass

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RB_DCC_SHARED", ROOT.parent / "shared"))

# One module per area; each may be absent while that area is being built.
_FIXTURE_MODULES = [
    "tests.fixtures.shared",
    "tests.fixtures.farm",
    "tests.fixtures.sdk",
    "tests.fixtures.recording_server",
    "tests.fixtures.hostfakes",
    "tests.fixtures.blender",
    "tests.fixtures.ui",
    "tests.fixtures.faultproxy",
]
pytest_plugins = [m for m in _FIXTURE_MODULES if importlib.util.find_spec(m) is not None]


def pytest_collection_modifyitems(config, items):
    for item in items:
        parts = Path(str(item.fspath)).parts
        if "ui" in parts:  # every test under tests/ui needs a Qt binding
            item.add_marker(pytest.mark.qt)


_exit_status = {"code": None}


def pytest_sessionfinish(session, exitstatus):
    _exit_status["code"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave without interpreter finalisation once Qt (or bpy) has been loaded.

    Everything is reported by now. Tearing down PySide6's and bpy's C++ singletons while Python
    finalises can crash on a loaded machine after every test passed, turning a green run red;
    skipping finalisation keeps the exit code the tests earned.
    """
    import sys

    if _exit_status["code"] is None or not any(m in sys.modules for m in ("PySide6.QtCore", "PyQt6.QtCore", "bpy")):
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status["code"])
