"""Blender with the real bpy: the Renderbus extension / add-on installed into a temporary user folder.

Each case runs bpy in a subprocess whose user folder is redirected with ``BLENDER_USER_RESOURCES``
(bpy is one Blender per process and keeps its preferences): install, enable, check the operator
and the Render-menu entry, save a .blend and run the operator (Qt offscreen) — the panel must open
on that scene with the Blender adapter, pumped by a ``bpy.app.timers`` callback — then disable and
uninstall, and nothing of ours is left.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rb_dcc.cli import main

pytestmark = [
    pytest.mark.bpy,
    pytest.mark.qt,
    pytest.mark.skipif(importlib.util.find_spec("bpy") is None, reason="the bpy module is not installed"),
    pytest.mark.skipif(importlib.util.find_spec("qtpy") is None, reason="no Qt binding"),
]

DRIVER = textwrap.dedent(
    r'''
    import json, os, sys, threading
    import bpy

    mode, source, module = sys.argv[1:4]
    out = {}
    if mode == "zip":
        out["install"] = sorted(bpy.ops.extensions.package_install_files(
            filepath=source, repo="user_default", enable_on_install=True))
    else:
        if mode == "ext":
            bpy.ops.extensions.repo_refresh_all()
        out["install"] = sorted(bpy.ops.preferences.addon_enable(module=module))
    out["enabled"] = module in bpy.context.preferences.addons.keys()
    out["operator"] = hasattr(bpy.types, "RENDERBUS_OT_open_panel") and hasattr(bpy.ops.renderbus, "open_panel")
    out["render_menu"] = ["%s:%s" % (f.__module__, f.__name__) for f in bpy.types.TOPBAR_MT_render.draw._draw_funcs
                          if f.__name__ == "_render_menu"]
    out["submenu"] = hasattr(bpy.types, "RENDERBUS_MT_menu")

    blend = os.path.join(os.environ["RB_TEST_DIR"], "shot.blend")
    bpy.context.scene.frame_start, bpy.context.scene.frame_end = 3, 7
    bpy.ops.wm.save_as_mainfile(filepath=blend)
    out["op"] = sorted(bpy.ops.renderbus.open_panel(action="monitor"))

    from rb_dcc.hostintegration import blenderqt
    from rb_dcc.ui import current_panel
    import rb_dcc
    panel = current_panel()
    out["pumping"] = blenderqt.is_pumping()
    import time
    for _ in range(500):  # what Blender's timer does: the panel reads the scene after its first paint
        out["interval"] = blenderqt.pump()
        if panel.submit_ctl.spec is not None or panel.submit_ctl.scene_error is not None:
            break
        time.sleep(0.01)
    spec = panel.submit_ctl.spec
    out["panel"] = {
        "visible": panel.isVisible(),
        "adapter": panel.submit_ctl.adapter.name,
        "scene": spec.scene_path if spec else str(panel.submit_ctl.scene_error),
        "frames": str(spec.frames) if spec else "",
        "tab": panel.tabs.currentIndex(),
    }
    out["rb_dcc_from"] = rb_dcc.__file__
    seen = []
    worker = threading.Thread(target=blenderqt.call_on_main,
                              args=(lambda: seen.append((threading.current_thread() is threading.main_thread(),
                                                        bpy.context.scene.name)),))
    worker.start(); worker.join()
    blenderqt.pump()
    out["main_thread_call"] = seen
    out["op_again"] = sorted(bpy.ops.renderbus.open_panel(action="submit"))
    out["same_panel"] = current_panel() is panel and panel.tabs.currentIndex() == 0

    if mode == "zip":
        repo_index = [r.module for r in bpy.context.preferences.extensions.repos].index("user_default")
        out["uninstall"] = sorted(bpy.ops.extensions.package_uninstall(repo_index=repo_index, pkg_id="renderbus"))
    else:
        out["uninstall"] = sorted(bpy.ops.preferences.addon_disable(module=module))
    out["after"] = {
        "enabled": module in bpy.context.preferences.addons.keys(),
        "operator": hasattr(bpy.types, "RENDERBUS_OT_open_panel"),
        "render_menu": [f.__name__ for f in bpy.types.TOPBAR_MT_render.draw._draw_funcs if f.__name__ == "_render_menu"],
        "pumping": blenderqt.is_pumping(),
        "panel_visible": panel.isVisible(),
    }
    site = os.path.join(bpy.utils.user_resource("EXTENSIONS"), ".local", "lib",
                        "python%d.%d" % sys.version_info[:2], "site-packages")
    out["wheel_site"] = sorted(os.listdir(site)) if os.path.isdir(site) else []
    print("RESULT " + json.dumps(out))
    '''
)


def run_blender(tmp_path, user_dir: Path, mode: str, source: str, module: str) -> dict:
    script = tmp_path / "driver.py"
    script.write_text(DRIVER)
    env = dict(os.environ)
    env.update(
        BLENDER_USER_RESOURCES=str(user_dir),
        QT_QPA_PLATFORM="offscreen",
        RB_DCC_CONFIG_DIR=str(tmp_path / "config"),
        RB_DCC_LOCALFARM_DIR=str(tmp_path / "localfarm"),
        RB_DCC_DATA_DIR=str(tmp_path / "data"),
        RB_DCC_LANG="en_US",
        RB_TEST_DIR=str(tmp_path),
    )
    for name in ("RB_ACCESS_ID", "RB_ACCESS_KEY", "RB_DOMAIN", "RB_DCC_HOST", "RB_DCC_RESOURCES"):
        env.pop(name, None)
    proc = subprocess.run([sys.executable, str(script), mode, source, module], env=env, cwd=str(tmp_path),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=240)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, proc.stdout[-4000:]
    return json.loads(lines[-1][len("RESULT "):])


def check_session(result: dict, tmp_path: Path, module: str) -> None:
    assert result["install"] == ["FINISHED"]
    assert result["enabled"] and result["operator"] and result["submenu"]
    assert result["render_menu"] == ["%s:_render_menu" % module]
    assert result["op"] == ["FINISHED"]
    panel = result["panel"]
    assert panel["visible"] and panel["adapter"] == "blender" and panel["tab"] == 1
    assert Path(panel["scene"]) == tmp_path / "shot.blend"
    assert panel["frames"] == "3-7"
    assert result["pumping"] and result["interval"] is not None and result["interval"] > 0
    assert result["main_thread_call"] == [[True, "Scene"]]  # a worker's call ran on Blender's main thread
    assert result["op_again"] == ["FINISHED"] and result["same_panel"]
    assert result["uninstall"] == ["FINISHED"]
    after = result["after"]
    assert not after["enabled"] and not after["operator"] and after["render_menu"] == []
    assert not after["pumping"] and not after["panel_visible"]


def test_extension_zip_with_the_rb_dcc_wheel(tmp_path, capsys):
    assert main(["package", "blender", "--out", str(tmp_path / "dist"), "--no-deps"]) == 0
    capsys.readouterr()
    (zip_path,) = (tmp_path / "dist").glob("renderbus-*.zip")
    user = tmp_path / "user"
    result = run_blender(tmp_path, user, "zip", str(zip_path), "bl_ext.user_default.renderbus")
    check_session(result, tmp_path, "bl_ext.user_default.renderbus")
    assert "/extensions/.local/lib/" in result["rb_dcc_from"]  # rb_dcc came from the bundled wheel
    assert not (user / "extensions" / "user_default" / "renderbus").exists()
    assert not any(name.startswith("rb_dcc") for name in result["wheel_site"])  # Blender removed the wheel


@pytest.mark.parametrize("version,kind,module", [
    ("5.0", "extensions/user_default/renderbus", "bl_ext.user_default.renderbus"),
    ("4.1", "scripts/addons/renderbus", "renderbus"),  # the legacy add-on form, which Blender 5 still loads
])
def test_rb_dcc_install_blender_then_uninstall(tmp_path, capsys, version, kind, module):
    home = tmp_path / "home"
    args = ["install", "blender", "--platform", "linux", "--home", str(home), "--version", version]
    assert main(args) == 0
    capsys.readouterr()
    user = home / ".config" / "blender" / version
    assert (user / kind / "__init__.py").is_file()
    result = run_blender(tmp_path, user, "ext" if module.startswith("bl_ext") else "addon", "", module)
    check_session(result, tmp_path, module)
    assert main(args + ["--uninstall"]) == 0
    assert "removed" in capsys.readouterr().out
    assert not (user / kind).exists()
    leftovers = [p for p in home.rglob("*") if p.is_file() and "renderbus" in p.as_posix()]
    assert leftovers == []
