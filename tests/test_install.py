"""``rb-dcc install``: each host's folder per OS layout, installed twice (idempotent), then uninstalled.

The OS layout is chosen with ``--platform`` and ``--home`` (no mocking of ``os``); host variables
(``MAYA_APP_DIR``, ``HOUDINI_USER_PREF_DIR``, ``BLENDER_USER_RESOURCES``) go through the environment.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import rb_dcc
from rb_dcc.cli import main
from rb_dcc.hostintegration import installer
from rb_dcc.hostintegration.layout import LayoutError, resolve_target

RB_PATH = str(Path(rb_dcc.__file__).resolve().parent.parent)

HOST_VARS = ("MAYA_APP_DIR", "HOUDINI_USER_PREF_DIR", "BLENDER_USER_RESOURCES", "RB_DCC_INSTALL_PLATFORM",
             "XDG_CONFIG_HOME", "APPDATA", "LOCALAPPDATA")

# (host, platform, version, expected base folder relative to home, a file that must be there)
LAYOUTS = [
    ("maya", "linux", None, "maya/modules", "rb_dcc.mod"),
    ("maya", "macos", None, "Library/Preferences/Autodesk/maya/modules", "rb_dcc.mod"),
    ("maya", "windows", None, "Documents/maya/modules", "rb_dcc.mod"),
    ("maya", "linux", "2025", "maya/2025/modules", "rb_dcc/scripts/userSetup.py"),
    ("houdini", "linux", "20.5", "houdini20.5/packages", "rb_dcc.json"),
    ("houdini", "macos", "21.0", "Library/Preferences/houdini/21.0/packages", "rb_dcc/MainMenuCommon.xml"),
    ("houdini", "windows", "20.5", "Documents/houdini20.5/packages", "rb_dcc/toolbar/rb_dcc.shelf"),
    ("max", "windows", "2025", "AppData/Local/Autodesk/3dsMax/2025 - 64bit/ENU/scripts", "startup/rb_dcc_startup.py"),
    ("max", "windows", "2023", "AppData/Local/Autodesk/3dsMax/2023 - 64bit/ENU/scripts", "startup/rb_dcc_startup.py"),
    ("blender", "linux", "4.2", ".config/blender/4.2", "extensions/user_default/renderbus/blender_manifest.toml"),
    ("blender", "macos", "5.0", "Library/Application Support/Blender/5.0", "extensions/user_default/renderbus/__init__.py"),
    ("blender", "windows", "4.5", "AppData/Roaming/Blender Foundation/Blender/4.5",
     "extensions/user_default/renderbus/_location.py"),
    ("blender", "linux", "4.1", ".config/blender/4.1", "scripts/addons/renderbus/__init__.py"),
]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in HOST_VARS:
        monkeypatch.delenv(name, raising=False)


def tree(root: Path) -> dict:
    """Every file under root -> its bytes (and every folder -> None)."""
    out = {}
    for path in sorted(root.rglob("*")):
        out[path.relative_to(root).as_posix()] = path.read_bytes() if path.is_file() else None
    return out


def run_cli(capsys, *argv) -> tuple:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def install_args(host, platform, version, home):
    args = ["install", host, "--platform", platform, "--home", str(home)]
    if version:
        args += ["--version", version]
    return args


@pytest.mark.parametrize("host,platform,version,base,probe", LAYOUTS, ids=lambda v: str(v))
def test_install_twice_then_uninstall_leaves_nothing(tmp_path, capsys, host, platform, version, base, probe):
    home = tmp_path / "home"
    home.mkdir()
    (home / "keep.txt").write_text("the artist's own file")  # never touched
    before = tree(home)

    code, out, err = run_cli(capsys, *install_args(host, platform, version, home))
    assert code == 0, err
    target = home / base
    assert (target / probe).is_file()
    assert "created" in out and str(target) in out
    installed = tree(home)

    code, out, err = run_cli(capsys, *install_args(host, platform, version, home))
    assert code == 0, err
    assert "Already installed: nothing changed." in out
    assert "created" not in out and "updated" not in out
    assert tree(home) == installed  # byte for byte, record included

    record = json.loads((installer.record_path(resolve_target(host, version=version, platform=platform, home=home))).read_text())
    assert record["rb_dcc_path"] == RB_PATH
    assert all((target / rel).is_file() for rel in record["files"])

    code, out, err = run_cli(capsys, *install_args(host, platform, version, home) + ["--uninstall"])
    assert code == 0, err
    assert "removed" in out
    assert tree(home) == before

    code, out, _ = run_cli(capsys, *install_args(host, platform, version, home) + ["--uninstall"])
    assert code == 0 and "nothing to remove" in out


def test_installed_files_point_at_this_rb_dcc(tmp_path, capsys):
    home = tmp_path
    for host, platform, version in (("maya", "linux", None), ("houdini", "linux", "20.5"),
                                    ("max", "windows", "2025"), ("blender", "linux", "4.2")):
        assert run_cli(capsys, *install_args(host, platform, version, home))[0] == 0
    mod = (home / "maya/modules/rb_dcc.mod").read_text()
    assert mod.splitlines()[0] == "+ rb_dcc %s ./rb_dcc" % rb_dcc.__version__
    assert "PYTHONPATH+=%s" % RB_PATH in mod.splitlines()
    pkg = json.loads((home / "houdini20.5/packages/rb_dcc.json").read_text())
    env = {k: v for item in pkg["env"] for k, v in item.items()}
    assert env["RB_DCC_HOUDINI"] == (home / "houdini20.5/packages/rb_dcc").as_posix()
    assert env["PYTHONPATH"] == {"value": Path(RB_PATH).as_posix(), "method": "prepend"}
    startup = (home / "AppData/Local/Autodesk/3dsMax/2025 - 64bit/ENU/scripts/startup/rb_dcc_startup.py").read_text()
    assert "RB_DCC_PATHS = [%r]" % RB_PATH in startup
    location = (home / ".config/blender/4.2/extensions/user_default/renderbus/_location.py").read_text()
    namespace = {}
    exec(location, namespace)
    assert namespace["RB_DCC_PATHS"] == [RB_PATH]


def test_dry_run_changes_nothing(tmp_path, capsys):
    code, out, _ = run_cli(capsys, "install", "houdini", "--platform", "linux", "--home", str(tmp_path),
                           "--version", "20.5", "--dry-run")
    assert code == 0
    assert "Would install" in out and "would be created" in out
    assert list(tmp_path.iterdir()) == []


def test_uninstall_keeps_a_file_the_artist_changed(tmp_path, capsys):
    args = ["install", "maya", "--platform", "linux", "--home", str(tmp_path)]
    assert run_cli(capsys, *args)[0] == 0
    setup = tmp_path / "maya/modules/rb_dcc/scripts/userSetup.py"
    setup.write_text(setup.read_text() + "\nprint('my studio tweak')\n")
    code, out, _ = run_cli(capsys, *args, "--uninstall")
    assert code == 0
    assert "kept (changed by you)" in out and str(setup) in out
    assert setup.is_file()
    assert not (tmp_path / "maya/modules/rb_dcc.mod").exists()


def test_reinstall_repairs_a_changed_file(tmp_path, capsys):
    args = ["install", "max", "--platform", "windows", "--home", str(tmp_path), "--version", "2024"]
    run_cli(capsys, *args)
    script = tmp_path / "AppData/Local/Autodesk/3dsMax/2024 - 64bit/ENU/scripts/startup/rb_dcc_startup.py"
    good = script.read_bytes()
    script.write_text("broken")
    code, out, _ = run_cli(capsys, *args)
    assert code == 0 and "updated" in out
    assert script.read_bytes() == good


def test_newest_existing_version_is_the_default(tmp_path, capsys):
    for name in ("houdini19.5", "houdini20.5", "houdini20.0", "houdini_notaversion"):
        (tmp_path / name).mkdir()
    code, out, _ = run_cli(capsys, "install", "houdini", "--platform", "linux", "--home", str(tmp_path))
    assert code == 0
    assert (tmp_path / "houdini20.5/packages/rb_dcc.json").is_file()
    assert not (tmp_path / "houdini20.0/packages").exists()
    (tmp_path / ".config/blender/4.10").mkdir(parents=True)
    (tmp_path / ".config/blender/4.9").mkdir(parents=True)
    assert run_cli(capsys, "install", "blender", "--platform", "linux", "--home", str(tmp_path))[0] == 0
    assert (tmp_path / ".config/blender/4.10/extensions/user_default/renderbus").is_dir()


def test_host_variables_win(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MAYA_APP_DIR", str(tmp_path / "studio_maya"))
    monkeypatch.setenv("HOUDINI_USER_PREF_DIR", str(tmp_path / "hprefs" / "houdini__HVER__"))
    monkeypatch.setenv("BLENDER_USER_RESOURCES", str(tmp_path / "blender_user"))
    home = tmp_path / "home"
    assert run_cli(capsys, "install", "maya", "--platform", "windows", "--home", str(home))[0] == 0
    assert (tmp_path / "studio_maya/modules/rb_dcc.mod").is_file()
    assert run_cli(capsys, "install", "houdini", "--platform", "macos", "--home", str(home), "--version", "21.0")[0] == 0
    assert (tmp_path / "hprefs/houdini21.0/packages/rb_dcc.json").is_file()
    assert run_cli(capsys, "install", "blender", "--platform", "linux", "--home", str(home))[0] == 0
    assert (tmp_path / "blender_user/extensions/user_default/renderbus/blender_manifest.toml").is_file()
    assert not home.exists()
    for host, extra in (("maya", []), ("houdini", ["--version", "21.0"]), ("blender", [])):
        assert run_cli(capsys, "install", host, "--platform", "linux", "--home", str(home), *extra, "--uninstall")[0] == 0
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_platform_from_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RB_DCC_INSTALL_PLATFORM", "macos")
    assert run_cli(capsys, "install", "maya", "--home", str(tmp_path))[0] == 0
    assert (tmp_path / "Library/Preferences/Autodesk/maya/modules/rb_dcc.mod").is_file()


@pytest.mark.parametrize("argv,message", [
    (["install", "max", "--platform", "linux"], "Windows only"),
    (["install", "houdini", "--platform", "linux"], "--version 20.5"),
    (["install", "blender", "--platform", "macos"], "no Blender preferences folder"),
    (["install", "houdini", "--platform", "linux", "--version", "twenty"], "not a version number"),
    (["install", "max", "--platform", "windows", "--version", "25.0"], "years"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, argv, message):
    code, out, err = run_cli(capsys, *argv, "--home", str(tmp_path))
    assert code == 2
    assert message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_record_is_named(tmp_path, capsys):
    args = ["install", "maya", "--platform", "linux", "--home", str(tmp_path)]
    run_cli(capsys, *args)
    record = tmp_path / "maya/modules/rb_dcc" / installer.RECORD_NAME
    record.write_text("{not json")
    code, _out, err = run_cli(capsys, *args, "--uninstall")
    assert code == 1
    assert str(record) in err


def test_layout_without_the_cli(tmp_path):
    t = resolve_target("blender", version="4.1", platform="windows", home=tmp_path)
    assert t.kind == "addon" and t.base == tmp_path / "AppData/Roaming/Blender Foundation/Blender/4.1"
    with pytest.raises(LayoutError):
        resolve_target("nuke", platform="linux", home=tmp_path)
    assert os.path.isdir(installer.hosts_dir() / "houdini")
