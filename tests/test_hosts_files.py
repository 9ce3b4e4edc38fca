"""The host integration files are valid for their host, as installed; the Blender extension zip is sound."""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

import rb_dcc
from rb_dcc.cli import main
from rb_dcc.hostintegration import MENU_ENTRIES, python_call
from rb_dcc.hostintegration import blenderpkg, installer
from rb_dcc.hostintegration.layout import resolve_target

HOSTS = installer.hosts_dir()
RB_PATH = installer.rb_dcc_path()


def rendered(host, tmp_path, version=None, platform="linux"):
    target = resolve_target(host, version=version, platform=platform, home=tmp_path)
    plan = installer.plan(target)
    return target, {f.rel: f.data.decode("utf-8") if not f.rel.endswith(".svg") else f.data for f in plan.files}


# ------------------------------------------------------------------------------------------ Maya
MOD_LINE = re.compile(r"^\+\s+(?:(?:MAYAVERSION|PLATFORM|LOCALE):\S+\s+)*(\S+)\s+(\S+)\s+(.+)$")
VAR_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(\+?:?=)\s*(.+)$")


def parse_mod(text):
    """Maya module description: one '+ name version path' line, then variable lines."""
    modules = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("+") or line.startswith("-"):
            m = MOD_LINE.match(line)
            assert m, "line %d is not '+ name version path': %r" % (number, line)
            modules.append({"name": m.group(1), "version": m.group(2), "path": m.group(3), "vars": []})
            continue
        m = VAR_LINE.match(line)
        assert m and modules, "line %d is not 'VAR=value' under a module line: %r" % (number, line)
        modules[-1]["vars"].append(m.groups())
    return modules


def test_maya_module_file(tmp_path):
    target, files = rendered("maya", tmp_path)
    (mod,) = parse_mod(files["rb_dcc.mod"])
    assert mod["name"] == "rb_dcc" and mod["version"] == rb_dcc.__version__
    module_dir = (target.base / mod["path"]).resolve()  # relative to the .mod file, as Maya reads it
    assert module_dir == (target.base / "rb_dcc").resolve()
    assert ("PYTHONPATH", "+=", RB_PATH) in mod["vars"]
    assert "rb_dcc/scripts/userSetup.py" in files and "rb_dcc/icons/renderbus.svg" in files
    with pytest.raises(AssertionError):
        parse_mod("PYTHONPATH+=/x\n")  # a variable with no module line is refused by the checker


def test_maya_user_setup_defers_the_menu():
    source = (HOSTS / "maya/scripts/userSetup.py").read_text()
    tree = ast.parse(source)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "executeDeferred"]
    assert len(calls) == 1
    assert "import maya.cmds" not in source  # nothing runs before Maya's UI exists


# --------------------------------------------------------------------------------------- Houdini
def test_houdini_package_json_sets_the_paths(tmp_path):
    target, files = rendered("houdini", tmp_path, version="20.5")
    pkg = json.loads(files["rb_dcc.json"])
    env = {}
    for item in pkg["env"]:
        assert isinstance(item, dict) and len(item) == 1
        env.update(item)
    assert env["PYTHONPATH"] == {"value": Path(RB_PATH).as_posix(), "method": "prepend"}
    package_dir = Path(env["RB_DCC_HOUDINI"])
    assert package_dir == target.base / "rb_dcc"
    assert pkg["path"] == "$RB_DCC_HOUDINI"
    for rel in ("MainMenuCommon.xml", "toolbar/rb_dcc.shelf", "icons/renderbus.svg"):
        assert "rb_dcc/" + rel in files  # found on HOUDINI_PATH through "path"


def test_houdini_package_json_with_windows_paths(tmp_path):
    _target, files = rendered("houdini", tmp_path, version="20.5", platform="windows")
    pkg = json.loads(files["rb_dcc.json"])  # backslashes would break the JSON if not escaped
    assert "\\" not in json.dumps(pkg)


def test_houdini_main_menu_is_well_formed():
    root = ElementTree.parse(str(HOSTS / "houdini/rb_dcc/MainMenuCommon.xml")).getroot()
    assert root.tag == "mainMenu"
    (sub,) = root.findall("./menuBar/subMenu")
    assert sub.findtext("label") == "Renderbus"
    assert sub.findtext("insertBefore") == "help_menu"
    items = sub.findall("scriptItem")
    assert [i.get("id") for i in items] == [e.macro for e in MENU_ENTRIES]
    for item, entry in zip(items, MENU_ENTRIES):
        code = item.findtext("scriptCode")
        compile(code, "<menu>", "exec")
        assert code == python_call("houdini", entry.action)


def test_houdini_shelf_is_well_formed():
    root = ElementTree.parse(str(HOSTS / "houdini/rb_dcc/toolbar/rb_dcc.shelf")).getroot()
    assert root.tag == "shelfDocument"
    shelf = root.find("toolshelf")
    members = [m.get("name") for m in shelf.findall("memberTool")]
    tools = {t.get("name"): t for t in root.findall("tool")}
    assert members == list(tools) == [e.macro for e in MENU_ENTRIES]
    for entry in MENU_ENTRIES:
        script = tools[entry.macro].find("script")
        assert script.get("scriptType") == "python"
        assert script.text == python_call("houdini", entry.action)


# ------------------------------------------------------------------------------------------- Max
def test_max_startup_script(tmp_path):
    _target, files = rendered("max", tmp_path, version="2025", platform="windows")
    source = files["startup/rb_dcc_startup.py"]
    tree = ast.parse(source)
    assigns = {t.id: n.value for n in tree.body if isinstance(n, ast.Assign) for t in n.targets}
    assert ast.literal_eval(assigns["RB_DCC_PATHS"]) == [RB_PATH]
    assert ast.literal_eval(ast.parse((HOSTS / "max/startup/rb_dcc_startup.py").read_text()).body[2].value) == []


def test_python_call_nests_in_maxscript_and_mel():
    for entry in MENU_ENTRIES:
        assert '"' not in python_call("max", entry.action)
    with pytest.raises(ValueError):
        python_call("max", "render")


# --------------------------------------------------------------------------------------- Blender
def test_blender_manifest_and_bl_info():
    tomllib = pytest.importorskip("tomllib")
    manifest = tomllib.loads((HOSTS / "blender/renderbus/blender_manifest.toml").read_text())
    for key in ("schema_version", "id", "version", "name", "tagline", "maintainer", "type", "blender_version_min", "license"):
        assert key in manifest
    assert manifest["id"] == "renderbus" and manifest["type"] == "add-on"
    assert tuple(int(p) for p in manifest["blender_version_min"].split(".")) >= (4, 2, 0)
    assert len(manifest["tagline"]) <= 64 and not manifest["tagline"].endswith(".")
    for text in manifest["permissions"].values():
        assert len(text) <= 64 and not text.endswith(".")
    tree = ast.parse((HOSTS / "blender/renderbus/__init__.py").read_text())
    bl_info = next(ast.literal_eval(n.value) for n in tree.body
                   if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "bl_info")
    assert bl_info["name"] == "Renderbus" and bl_info["category"] == "Render"
    assert (2, 93, 0) <= bl_info["blender"] < (4, 2, 0)


def _zip(tmp_path, capsys, *extra):
    code = main(["package", "blender", "--out", str(tmp_path / "dist"), *extra])
    out = capsys.readouterr().out
    assert code == 0
    (path,) = (tmp_path / "dist").glob("renderbus-*.zip")
    return path, out


def test_package_without_wheels(tmp_path, capsys):
    tomllib = pytest.importorskip("tomllib")
    path, out = _zip(tmp_path, capsys, "--no-wheels")
    assert "no wheels" in out
    with zipfile.ZipFile(str(path)) as zf:
        names = zf.namelist()
        assert {"blender_manifest.toml", "__init__.py", "_location.py"} <= set(names)
        assert not any(n.startswith("wheels/") for n in names)
        manifest = tomllib.loads(zf.read("blender_manifest.toml").decode())
        namespace = {}
        exec(zf.read("_location.py").decode(), namespace)
    assert "wheels" not in manifest and manifest["version"] == rb_dcc.__version__
    assert namespace["RB_DCC_PATHS"] == [RB_PATH]


def test_package_with_the_rb_dcc_wheel(tmp_path, capsys):
    tomllib = pytest.importorskip("tomllib")
    path, out = _zip(tmp_path, capsys, "--no-deps")
    first = path.read_bytes()
    with zipfile.ZipFile(str(path)) as zf:
        manifest = tomllib.loads(zf.read("blender_manifest.toml").decode())
        wheel_name = "rb_dcc-%s-py3-none-any.whl" % rb_dcc.__version__
        assert manifest["wheels"] == ["./wheels/" + wheel_name]
        assert "platforms" not in manifest  # pure Python
        assert "resources/icons/app.svg" in zf.namelist()
        assert not any(n.startswith("resources/samples/") for n in zf.namelist())
        (tmp_path / wheel_name).write_bytes(zf.read("wheels/" + wheel_name))
    with zipfile.ZipFile(str(tmp_path / wheel_name)) as whl:
        names = whl.namelist()
        assert "rb_dcc/__init__.py" in names and "rb_dcc/hostintegration/blenderqt.py" in names
        assert not any("__pycache__" in n for n in names)
        dist = "rb_dcc-%s.dist-info/" % rb_dcc.__version__
        record = whl.read(dist + "RECORD").decode().splitlines()
        assert len(record) == len(names)
        for line in record:
            name, digest, size = line.rsplit(",", 2)
            if name.endswith("RECORD"):
                continue
            data = whl.read(name)
            expected = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == expected and int(size) == len(data)
        meta = whl.read(dist + "METADATA").decode()
        assert "Requires-Dist: pydantic" in meta
    _zip(tmp_path, capsys, "--no-deps")
    assert path.read_bytes() == first  # reproducible


def test_manifest_gets_wheels_and_platforms_before_its_tables():
    tomllib = pytest.importorskip("tomllib")
    text = (HOSTS / "blender/renderbus/blender_manifest.toml").read_text()
    names = ["rb_dcc-0.1.0-py3-none-any.whl", "pydantic_core-2.20.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"]
    platforms = blenderpkg.wheel_platforms(names)
    assert platforms == ["linux-x64"]
    manifest = tomllib.loads(blenderpkg.manifest_with_wheels(text, names, platforms))
    assert manifest["wheels"] == ["./wheels/" + n for n in names]
    assert manifest["platforms"] == ["linux-x64"]
    assert "network" in manifest["permissions"]


def test_wheel_platforms():
    wp = blenderpkg.wheel_platforms
    assert wp(["requests-2.32.3-py3-none-any.whl"]) == []
    assert wp(["x-1-cp311-cp311-win_amd64.whl"]) == ["windows-x64"]
    assert wp(["x-1-cp311-cp311-macosx_11_0_arm64.whl"]) == ["macos-arm64"]
    assert wp(["x-1-cp311-cp311-macosx_10_9_universal2.whl"]) == ["macos-arm64", "macos-x64"]
    assert wp(["x-1-cp311-cp311-manylinux_2_28_aarch64.whl"]) == ["linux-arm64"]


def test_missing_dependency_wheels_say_what_to_do(tmp_path):
    empty = tmp_path / "wheels"
    empty.mkdir()
    with pytest.raises(installer.InstallError) as info:
        blenderpkg.download_wheels(["olefile>=0.46"], tmp_path / "out", wheel_dir=empty)
    assert "--wheels-from" in str(info.value) and str(empty) in str(info.value)


def test_package_cli_refuses_a_missing_wheel_folder(tmp_path, capsys):
    code = main(["package", "blender", "--out", str(tmp_path), "--wheels-from", str(tmp_path / "nope")])
    assert code == 2
    assert "no such folder" in capsys.readouterr().err


def test_integration_modules_import_no_host_and_no_qt():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import rb_dcc.hostintegration, rb_dcc.hostintegration.layout, rb_dcc.hostintegration.installer\n"
        "import rb_dcc.hostintegration.blenderpkg, rb_dcc.hostintegration.mayamenu, rb_dcc.hostintegration.maxmenu\n"
        "import rb_dcc.hostintegration.blenderqt, rb_dcc.cli.install, rb_dcc.cli.package\n"
        "bad = [m for m in ('maya', 'hou', 'pymxs', 'bpy', 'qtpy', 'PySide6', 'PySide2') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout
    assert out.strip() == ""


def _tiny_wheel(folder: Path, name: str, tag: str) -> Path:
    """A minimal valid wheel of a one-module package."""
    dist = "%s-1.0.dist-info" % name
    files = {
        "%s.py" % name: b"VALUE = 1\n",
        dist + "/METADATA": ("Metadata-Version: 2.1\nName: %s\nVersion: 1.0\n" % name).encode(),
        dist + "/WHEEL": ("Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: %s\nTag: %s\n"
                          % ("true" if tag.endswith("any") else "false", tag)).encode(),
    }
    record = "".join("%s,,\n" % n for n in files) + dist + "/RECORD,,\n"
    files[dist + "/RECORD"] = record.encode()
    path = folder / ("%s-1.0-%s.whl" % (name, tag))
    with zipfile.ZipFile(str(path), "w") as zf:
        for n, data in files.items():
            zf.writestr(n, data)
    return path


@pytest.mark.skipif(blenderpkg.blender_platform() != "linux-x64", reason="the binary test wheel is tagged for linux-x64")
def test_package_with_dependency_wheels_from_a_folder(tmp_path):
    tomllib = pytest.importorskip("tomllib")
    house = tmp_path / "wheelhouse"
    house.mkdir()
    _tiny_wheel(house, "tinypure", "py3-none-any")
    _tiny_wheel(house, "tinybin", "cp311-cp311-manylinux_2_17_x86_64")
    _tiny_wheel(house, "tinybin", "cp311-cp311-win_amd64")  # another platform's build: not taken
    pkg = blenderpkg.build_extension(tmp_path / "dist", wheel_dir=house, requirements=["tinypure", "tinybin"])
    assert pkg.path.name == "renderbus-%s-linux-x64.zip" % rb_dcc.__version__
    assert pkg.platforms == ["linux-x64"]
    assert sorted(pkg.wheels) == sorted(["rb_dcc-%s-py3-none-any.whl" % rb_dcc.__version__,
                                         "tinypure-1.0-py3-none-any.whl",
                                         "tinybin-1.0-cp311-cp311-manylinux_2_17_x86_64.whl"])
    with zipfile.ZipFile(str(pkg.path)) as zf:
        manifest = tomllib.loads(zf.read("blender_manifest.toml").decode())
        assert sorted(manifest["wheels"]) == sorted("./wheels/" + w for w in pkg.wheels)
        assert manifest["platforms"] == ["linux-x64"]
        for w in pkg.wheels:
            assert zf.getinfo("wheels/" + w).file_size > 0
