"""The panel builds and its models pass Qt's own model tester under every installed binding.

PySide6 runs in-process (the rest of tests/ui); other bindings run in a child Python with
``QT_API`` set, from the normal site-packages or from ``.cache/<binding>`` (installed there with
``pip install --target .cache/pyqt6 PyQt6`` so the project's venv keeps PySide6 as its binding).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from tests.fixtures.ui import ROOT

CHILD = r"""
import os, sys
import qtpy
assert qtpy.API_NAME.lower() == os.environ["QT_API"].lower(), qtpy.API_NAME
from qtpy.QtWidgets import QApplication
from rb_dcc.ui import ensure_app
app = ensure_app()
from rb_dcc.adapters.base import StandaloneHost
from rb_dcc.ui.widgets.panel import Panel
from rb_dcc.ui.models import TaskModel, AssetModel
from rb_dcc.scene import Asset
panel = Panel(StandaloneHost(sys.argv[1]), None, load_profile=False)
panel.show()
for _ in range(50):
    app.processEvents()
assert not panel.grab().isNull()
panel.tabs.setCurrentIndex(1)
assert not panel.grab().isNull()
from qtpy.QtTest import QAbstractItemModelTester
m = AssetModel()
m.set_rows([Asset(path="/a.png", exists=True, size=10), Asset(path="/b.png")])
QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
m.sort(1)
panel.runner.close(1000)
print("OK", qtpy.API_NAME)
"""

BINDINGS = [("pyqt6", "PyQt6"), ("pyside2", "PySide2"), ("pyqt5", "PyQt5")]


@pytest.mark.parametrize("api,module", BINDINGS)
def test_panel_builds_under(api, module, tmp_path, sample_scene):
    extra = ROOT / ".cache" / module.lower()
    env = dict(os.environ, QT_API=api, QT_QPA_PLATFORM="offscreen", RB_DCC_CONFIG_DIR=str(tmp_path / "cfg"),
               RB_DCC_LANG="en_US")
    if extra.is_dir():
        env["PYTHONPATH"] = os.pathsep.join([str(extra), env.get("PYTHONPATH", "")]).strip(os.pathsep)
    elif importlib.util.find_spec(module) is None:
        pytest.skip("%s is not installed (pip install --target .cache/%s %s)" % (module, module.lower(), module))
    out = subprocess.run([sys.executable, "-c", CHILD, sample_scene], env=env, cwd=str(ROOT),
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0 and "No module named" in out.stderr and module in out.stderr:
        pytest.skip("%s cannot be imported here" % module)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "OK" in out.stdout
