"""rb_dcc.adapters.base: the host contract, the lazy registry, detect(), StandaloneHost and helpers."""

from __future__ import annotations

import importlib.util
import inspect
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from rb_dcc.adapters import base
from rb_dcc.scene import AssetKind, FrameRange, SceneFileError, SceneSpec, Severity

ROOT = Path(__file__).resolve().parent.parent
HOST_MODULES = ("maya", "hou", "pymxs", "bpy", "qtmax")
CONTRACT = ("host_version", "scene_path", "is_dirty", "save", "collect", "main_window",
            "read_settings", "write_settings", "select_node")


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    d = tmp_path / "config"
    monkeypatch.setenv("RB_DCC_CONFIG_DIR", str(d))
    return d


@pytest.fixture(autouse=True)
def _plain_python(monkeypatch):
    """No forced host, and no host module left in sys.modules by another test (bpy is importable here)."""
    monkeypatch.delenv("RB_DCC_HOST", raising=False)
    for name in list(sys.modules):
        if name.split(".")[0] in HOST_MODULES:
            monkeypatch.delitem(sys.modules, name)


# -- import hygiene and the registry --------------------------------------------------------------
def test_importing_adapters_imports_no_host_module():
    code = (
        "import sys, rb_dcc, rb_dcc.adapters, rb_dcc.adapters.base as b\n"
        "for name in b.REGISTRY: b.adapter_class(name)\n"
        "print(sorted(m for m in %r if m in sys.modules))\n" % (HOST_MODULES,)
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=str(ROOT), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_registry_holds_import_paths():
    assert base.REGISTRY["maya"] == "rb_dcc.adapters.maya.live:MayaAdapter"
    assert base.REGISTRY["houdini"] == "rb_dcc.adapters.houdini.live:HoudiniAdapter"
    assert base.REGISTRY["max"] == "rb_dcc.adapters.max.live:MaxAdapter"
    assert base.REGISTRY["blender"] == "rb_dcc.adapters.blender.live:BlenderAdapter"
    assert all(isinstance(v, str) and ":" in v for v in base.REGISTRY.values())


@pytest.mark.parametrize("name", ["maya", "houdini", "max", "blender", "standalone"])
def test_every_registered_adapter_follows_the_contract(name):
    module = base.REGISTRY[name].split(":")[0]
    if importlib.util.find_spec(module) is None:
        pytest.skip("%s is not written yet" % module)
    cls = base.adapter_class(name)
    assert cls.name == name
    for method in CONTRACT:
        assert callable(getattr(cls, method, None)), "%s lacks %s()" % (cls.__name__, method)
    params = inspect.signature(cls.collect).parameters
    assert "options" in params and params["options"].default is None
    assert list(inspect.signature(cls.write_settings).parameters)[1:] == ["settings"]
    assert list(inspect.signature(cls.select_node).parameters)[1:] == ["ref"]


def test_aliases_and_unknown_names():
    assert base.adapter_class("3dsMax") is base.adapter_class("max")
    assert base.adapter_class("HOUDINI") is base.adapter_class("houdini")
    with pytest.raises(KeyError, match="known hosts: .*maya"):
        base.get_adapter("softimage")


def test_register_and_unavailable_host(monkeypatch):
    monkeypatch.setitem(base.REGISTRY, "nuke", "rb_dcc.adapters.nuke.live:NukeAdapter")
    with pytest.raises(base.HostUnavailableError, match="nuke adapter .* cannot be loaded"):
        base.get_adapter("nuke")
    with pytest.raises(ValueError):
        base.register("nuke", "no.colon.here")
    base.register("standalone2", "rb_dcc.adapters.base:StandaloneHost")
    try:
        assert isinstance(base.get_adapter("standalone2"), base.StandaloneHost)
    finally:
        del base.REGISTRY["standalone2"]
    monkeypatch.setitem(base.REGISTRY, "broken", "rb_dcc.adapters.base:NoSuchClass")
    with pytest.raises(base.HostUnavailableError, match="NoSuchClass"):
        base.adapter_class("broken")


# -- detect ---------------------------------------------------------------------------------------
def test_detect_in_plain_python_is_standalone(tmp_path, monkeypatch):
    import sys

    for name in [m for m in sys.modules if m.split(".")[0] in ("maya", "hou", "pymxs", "bpy", "qtmax")]:
        monkeypatch.delitem(sys.modules, name)  # other test modules import the real bpy at collection
    host = base.detect(str(tmp_path / "a.ma"))
    assert isinstance(host, base.StandaloneHost) and isinstance(host, base.HostAdapter)
    assert host.scene_path() == str(tmp_path / "a.ma")
    assert base.running_host() == "standalone"


def test_detect_ignores_half_initialised_host_modules(monkeypatch):
    # ``import maya.cmds`` outside Maya gives a module with no commands; bpy stubs have no app
    maya = types.ModuleType("maya")
    cmds = types.ModuleType("maya.cmds")
    monkeypatch.setitem(sys.modules, "maya", maya)
    monkeypatch.setitem(sys.modules, "maya.cmds", cmds)
    monkeypatch.setitem(sys.modules, "bpy", types.ModuleType("bpy"))
    hou = types.ModuleType("hou")
    monkeypatch.setitem(sys.modules, "hou", hou)
    assert base.running_host() == "standalone"


def test_detect_blender_needs_a_real_bpy_app(monkeypatch):
    bpy = types.ModuleType("bpy")
    bpy.app = types.SimpleNamespace(version=(4, 2, 3), version_string="4.2.3 LTS")
    monkeypatch.setitem(sys.modules, "bpy", bpy)
    assert base.running_host() == "blender"


def test_forced_host(monkeypatch, tmp_path):
    monkeypatch.setenv("RB_DCC_HOST", "standalone")
    assert isinstance(base.detect(), base.StandaloneHost)
    monkeypatch.setenv("RB_DCC_HOST", "3dsmax")
    assert base.running_host() == "max"


# -- StandaloneHost -------------------------------------------------------------------------------
def test_standalone_basics(config_dir, tmp_path):
    host = base.StandaloneHost()
    assert host.name == "standalone" and host.scene_path() == "" and host.host_version() == ""
    assert host.is_dirty() is False
    assert host.save() is None
    assert host.main_window() is None
    assert host.select_node("file1") is False
    with pytest.raises(SceneFileError, match="no scene file chosen"):
        host.collect()
    with pytest.raises(SceneFileError, match="unknown scene type"):
        base.StandaloneHost(str(tmp_path / "notes.txt")).collect()
    assert "StandaloneHost" in repr(host)


def test_standalone_collects_with_the_file_analyser(scenes_dir, config_dir):
    if importlib.util.find_spec("rb_dcc.adapters.maya.scenefile") is None:
        pytest.skip("the Maya file analyser is not written yet")
    path = scenes_dir / "maya" / "kingmax__cppMaya__clock.ma"
    host = base.StandaloneHost(str(path))
    spec = host.collect()
    assert isinstance(spec, SceneSpec)
    assert spec.host == "maya" and spec.renderer == "arnold"
    assert host.host_version() == spec.host_version != ""


def test_standalone_settings_sidecar(config_dir, tmp_path):
    a = base.StandaloneHost(str(tmp_path / "shots" / "a.hip"))
    b = base.StandaloneHost(str(tmp_path / "other" / "a.hip"))  # same name, other folder
    assert a.read_settings() == {}
    settings = {"env_name": "houdini20.5", "priority": 70, "notes": 'with "quotes" and \\ slashes'}
    a.write_settings(settings)
    assert a.read_settings() == settings
    assert b.read_settings() == {}
    assert Path(a.settings_path()).parent == config_dir / "scenes"
    assert Path(a.settings_path()).name.startswith("a-")
    data = json.loads(Path(a.settings_path()).read_text(encoding="utf-8"))
    assert data["scene"] == a.scene_path() and data["settings"] == settings
    # a fresh host for the same scene sees them; no temp files are left behind
    assert base.StandaloneHost(str(tmp_path / "shots" / "a.hip")).read_settings() == settings
    assert sorted(p.name for p in (config_dir / "scenes").iterdir()) == [Path(a.settings_path()).name]
    a.write_settings({"priority": 10})
    assert a.read_settings() == {"priority": 10}
    with pytest.raises(TypeError):
        a.write_settings(["x"])  # type: ignore[arg-type]
    assert a.read_settings() == {"priority": 10}


def test_standalone_corrupt_sidecar_reads_as_empty(config_dir, tmp_path):
    host = base.StandaloneHost(str(tmp_path / "x.max"))
    Path(host.settings_path()).parent.mkdir(parents=True)
    Path(host.settings_path()).write_text("{not json", encoding="utf-8")
    assert host.read_settings() == {}
    Path(host.settings_path()).write_text('{"settings": [1, 2]}', encoding="utf-8")
    assert host.read_settings() == {}


def test_config_dir_default_uses_platformdirs(monkeypatch):
    monkeypatch.delenv("RB_DCC_CONFIG_DIR", raising=False)
    import platformdirs

    assert base.config_dir() == platformdirs.user_config_dir("rb_dcc", appauthor=False)


# -- helpers --------------------------------------------------------------------------------------
def test_settings_codec():
    settings = {"a": 'q"uote', "b": "C:\\x\\y", "c": [1, 2], "d": None}
    text = base.encode_settings(settings)
    assert base.decode_settings(text) == settings
    # how Maya's fileInfo hands a stored value back: escaped, in a list
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    assert base.decode_settings([escaped]) == settings
    assert base.decode_settings(None) == {} and base.decode_settings("") == {} and base.decode_settings([]) == {}
    assert base.decode_settings("not json") == {} and base.decode_settings("[1]") == {}


def test_frame_range_helper():
    spec = SceneSpec(host="maya")
    assert base.frame_range(1.0, 10.0, 1.0) == FrameRange.from_bounds(1, 10)
    assert base.frame_range(1001, 1100, 0) == FrameRange.from_bounds(1001, 1100)  # step 0 -> 1
    assert base.frame_range(1.5, 10, 1, spec=spec, where="rop1") == FrameRange.from_bounds(2, 10)
    assert spec.problems[0].severity == Severity.WARNING and spec.problems[0].ref == "rop1"
    spec = SceneSpec(host="maya")
    assert base.frame_range(20, 10, 1, spec=spec) == FrameRange.from_bounds(10, 20)
    assert "before start frame" in spec.problems[0].message
    assert base.frame_range("x", 10, 1, spec=spec) is None


def test_asset_collector_dedupes_and_reports(tmp_path):
    for tile in (1001, 1002):
        (tmp_path / ("t.%d.png" % tile)).write_bytes(b"ab")
    (tmp_path / "one.png").write_bytes(b"abc")
    c = base.AssetCollector(host="maya", base_dir=str(tmp_path))
    udim = c.add(str(tmp_path / "t.<UDIM>.png"), AssetKind.TEXTURE, "file1.fileTextureName")
    assert udim is not None and udim.sequence and udim.size == 4
    assert c.add(str(tmp_path / "t.1001.png"), AssetKind.OTHER, "") is None  # a tile of the set
    assert c.add(str(tmp_path / "t.<UDIM>.png"), AssetKind.TEXTURE, "file2.fileTextureName") is None
    assert c.add("", AssetKind.TEXTURE) is None and c.add(None) is None
    assert c.add("one.png", AssetKind.TEXTURE, "file3.fileTextureName").exists  # relative to base_dir
    assert c.add(str(tmp_path / "gone.png"), AssetKind.TEXTURE, "file4.fileTextureName") is not None
    spec = SceneSpec(host="maya")
    c.report(spec)
    assert [a.node for a in spec.assets] == ["file1.fileTextureName", "file3.fileTextureName", "file4.fileTextureName"]
    assert [p.ref for p in spec.problems] == ["file4.fileTextureName"]
    assert "gone.png" in spec.problems[0].message


def test_wrap_qt_pointer_refuses_nonsense():
    assert base.wrap_qt_pointer(None) is None
    assert base.wrap_qt_pointer(0) is None
    assert base.wrap_qt_pointer("not a pointer") is None


def test_host_adapter_protocol_is_structural():
    class Minimal:
        name = "minimal"

        def host_version(self): return "1"
        def scene_path(self): return ""
        def is_dirty(self): return False
        def save(self): return None
        def collect(self, options=None): return SceneSpec(host="maya")
        def main_window(self): return None
        def read_settings(self): return {}
        def write_settings(self, settings): return None
        def select_node(self, ref): return False

    assert isinstance(Minimal(), base.HostAdapter)
    assert not isinstance(object(), base.HostAdapter)


_FOREIGN = [
    (b"BLENDER-v300RENDgarbage" + b"\0" * 40, "a Blender file"),
    (b"Kaydara FBX Binary  \x00\x1a\x00" + b"\0" * 40, "an FBX file"),
    (b"version https://git-lfs.github.com/spec/v1\noid sha256:00\n", "a Git LFS pointer"),
]


@pytest.mark.parametrize("ext, head, what", [
    (ext, head, what) for ext in (".ma", ".hip", ".max", ".blend") for head, what in _FOREIGN
    if not (ext == ".blend" and what == "a Blender file")  # a .blend holding a .blend is not foreign
])
def test_every_analyser_names_a_foreign_file_alike(tmp_path, ext, head, what):
    """One signature table (base.identify_file) names what an artist picked by mistake."""
    from rb_dcc.adapters import analyze_file

    path = tmp_path / ("picked" + ext)
    path.write_bytes(head)
    with pytest.raises(SceneFileError) as err:
        analyze_file(str(path))
    assert what in str(err.value) and str(path) in str(err.value)
    assert base.identify_file(head).startswith(what)


@pytest.mark.parametrize("host, adapter_class, scene, host_modules", [
    ("maya", "MayaAdapter", "clock", ("maya",)),
    ("houdini", "HoudiniAdapter", "test_parameters", ("hou",)),
    ("max", "MaxAdapter", "stone", ("pymxs", "qtmax")),
])
def test_live_modules_import_no_host_and_detect_finds_the_running_one(host_fake, host, adapter_class, scene, host_modules):
    code = ("import sys, rb_dcc.adapters.%s.live, rb_dcc.adapters.base as b; "
            "bad = [m for m in %r if m in sys.modules]; assert not bad, bad; print(b.detect().name)" % (host, host_modules))
    out = subprocess.run([sys.executable, "-c", code], cwd=str(ROOT), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "standalone"
    host_fake(host, scene)
    adapter = base.detect()
    assert adapter.name == host and type(adapter).__name__ == adapter_class
    assert isinstance(adapter, base.HostAdapter)
