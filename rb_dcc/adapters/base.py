"""The host contract: ``HostAdapter``, the lazy registry, ``detect()`` and ``StandaloneHost``.

Every host (Maya, Houdini, 3ds Max, Blender, or none) is seen by the panel, the submission and the
CLI through the same small interface. Live adapters live in ``rb_dcc.adapters.<host>.live`` and
import their host module (``maya``, ``hou``, ``pymxs``, ``bpy``) only inside functions; this module
imports none of them, ever, and stores import *paths* so nothing host-specific loads until asked.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import re
import sys
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional

try:  # Python 3.8+: typing.Protocol
    from typing import Protocol, runtime_checkable
except ImportError:  # pragma: no cover - 3.7 is not supported, kept for clarity
    from typing_extensions import Protocol, runtime_checkable  # type: ignore

from ..scene import Asset, AssetKind, FrameRange, SceneFileError, SceneSpec
from ..scene.tokens import DirCache, resolve_asset
from .._atomic import write_atomic

__all__ = [
    "HostAdapter",
    "HostAdapterBase",
    "AssetCollector",
    "HostError",
    "HostUnavailableError",
    "frame_range",
    "reading",
    "REGISTRY",
    "SETTINGS_KEY",
    "StandaloneHost",
    "adapter_class",
    "config_dir",
    "decode_settings",
    "detect",
    "encode_settings",
    "get_adapter",
    "identify_file",
    "register",
    "running_host",
    "warn_missing",
    "wrap_qt_pointer",
]

#: Key under which the sticky per-scene submit settings are stored inside a scene
#: (Maya ``fileInfo``, Houdini ``/`` user data, Max file properties, Blender scene custom property).
SETTINGS_KEY = "rb_dcc_settings"


@runtime_checkable
class HostAdapter(Protocol):
    """What rb_dcc needs from a host. Implemented by each ``<host>.live`` adapter and ``StandaloneHost``."""

    name: str

    def host_version(self) -> str:
        """The host's own version string, as precise as it says (``'2025'``, ``'20.5.278'``)."""

    def scene_path(self) -> str:
        """Absolute path of the open scene, ``''`` for an untitled scene."""

    def is_dirty(self) -> bool:
        """True when the open scene has unsaved changes."""

    def save(self) -> None:
        """Save the open scene in place (the panel's "Save Scene and Continue")."""

    def collect(self, options: Optional[dict] = None) -> SceneSpec:
        """Everything the farm needs to know about the open scene."""

    def main_window(self) -> Optional[Any]:
        """The host's main ``QWidget`` to parent the panel to, or ``None`` (no UI / no Qt)."""

    def read_settings(self) -> dict:
        """Sticky submit settings stored with the scene; ``{}`` when there are none."""

    def write_settings(self, settings: dict) -> None:
        """Store submit settings with the scene (marks the scene modified where the host does)."""

    def select_node(self, ref: str) -> bool:
        """Select / frame the node an asset or problem names; False when the host cannot."""


class HostUnavailableError(RuntimeError):
    """An adapter asked for by name whose host module is not importable here."""


class HostError(RuntimeError):
    """A host refused what an adapter asked (e.g. saving an untitled scene); the message says what to do."""


# --------------------------------------------------------------------------------------------
# the registry: host name -> "module:Class", imported on first use only
REGISTRY: Dict[str, str] = {
    "maya": "rb_dcc.adapters.maya.live:MayaAdapter",
    "houdini": "rb_dcc.adapters.houdini.live:HoudiniAdapter",
    "max": "rb_dcc.adapters.max.live:MaxAdapter",
    "blender": "rb_dcc.adapters.blender.live:BlenderAdapter",
    "standalone": "rb_dcc.adapters.base:StandaloneHost",
}

_ALIASES = {
    "3dsmax": "max",
    "3ds max": "max",
    "3ds_max": "max",
    "3dsmaxdesign": "max",
    "hou": "houdini",
    "hython": "houdini",
    "mayapy": "maya",
    "bpy": "blender",
    "none": "standalone",
}


def _canonical(name: str) -> str:
    key = str(name).strip().lower()
    return _ALIASES.get(key, key)


def register(name: str, import_path: str) -> None:
    """Add or replace a host: ``register("myhost", "pkg.module:Adapter")`` (nothing is imported)."""
    if ":" not in import_path:
        raise ValueError("import path %r must look like 'package.module:ClassName'" % import_path)
    REGISTRY[_canonical(name)] = import_path


def adapter_class(name: str) -> type:
    """The adapter class registered for ``name`` (imports its module now)."""
    key = _canonical(name)
    try:
        target = REGISTRY[key]
    except KeyError:
        raise KeyError("no host adapter named %r; known hosts: %s" % (name, ", ".join(sorted(REGISTRY)))) from None
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise HostUnavailableError(
            "the %s adapter (%s) cannot be loaded here: %s" % (key, module_name, exc)
        ) from exc
    try:
        return getattr(module, attr)
    except AttributeError:
        raise HostUnavailableError("%s has no %s; the rb_dcc install looks incomplete" % (module_name, attr)) from None


def get_adapter(name: str, *args: Any, **kwargs: Any) -> HostAdapter:
    """A new adapter for host ``name`` (``'maya'``, ``'houdini'``, ``'max'``, ``'blender'``, ``'standalone'``)."""
    return adapter_class(name)(*args, **kwargs)


# --------------------------------------------------------------------------------------------
# detection: which host are we running inside?
def _exe_name() -> str:
    base = os.path.basename(sys.executable or "").lower()
    for suffix in (".exe", ".bin"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return base


def _loaded(name: str) -> Optional[Any]:
    return sys.modules.get(name)


def _in_maya() -> bool:
    cmds = _loaded("maya.cmds")
    if cmds is None and _exe_name() in ("maya", "mayabatch", "mayapy"):
        try:
            cmds = importlib.import_module("maya.cmds")
        except ImportError:
            return False
    # a bare ``import maya.cmds`` outside Maya (no UI, no maya.standalone.initialize) has no commands
    return cmds is not None and callable(getattr(cmds, "about", None)) and callable(getattr(cmds, "file", None))


def _in_houdini() -> bool:
    hou = _loaded("hou")
    if hou is None and (_exe_name().startswith("houdini") or _exe_name().startswith("hython")):
        try:
            hou = importlib.import_module("hou")
        except ImportError:
            return False
    return hou is not None and callable(getattr(hou, "applicationVersionString", None))


def _in_max() -> bool:
    pymxs = _loaded("pymxs")
    if pymxs is None and _exe_name() in ("3dsmax", "3dsmaxbatch"):
        try:
            pymxs = importlib.import_module("pymxs")
        except ImportError:
            return False
    return pymxs is not None and getattr(pymxs, "runtime", None) is not None


def _in_blender() -> bool:
    bpy = _loaded("bpy")
    if bpy is None and _exe_name() == "blender":
        try:
            bpy = importlib.import_module("bpy")
        except ImportError:
            return False
    app = getattr(bpy, "app", None) if bpy is not None else None
    return app is not None and isinstance(getattr(app, "version", None), tuple)


_PROBES = (("maya", _in_maya), ("houdini", _in_houdini), ("max", _in_max), ("blender", _in_blender))


def running_host() -> str:
    """The name of the host we run inside, or ``'standalone'``. ``RB_DCC_HOST`` overrides the guess."""
    forced = os.environ.get("RB_DCC_HOST", "").strip()
    if forced:
        return _canonical(forced)
    for name, probe in _PROBES:
        try:
            if probe():
                return name
        except Exception:  # a half-initialised host module must not break the standalone app
            continue
    return "standalone"


def detect(scene_path: Optional[str] = None) -> HostAdapter:
    """The adapter of the host we are running in; else a ``StandaloneHost`` for ``scene_path``."""
    name = running_host()
    if name == "standalone":
        return StandaloneHost(scene_path)
    return get_adapter(name)


# --------------------------------------------------------------------------------------------
# helpers shared by the adapters

#: first bytes of the files an artist may pick by mistake, and what each is (every analyser's
#: "this is not a <host> scene: it looks like ..." comes from here)
FILE_SIGNATURES = (
    (b"BLENDER", "a Blender file"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file (a compressed .blend?)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xd0\xcf\x11\xe0", "a 3ds Max scene or another OLE compound file"),
    (b"070707", "a Houdini .hip file"),
    (b"HouNC", "a Houdini .hipnc file"),
    (b"HouLC", "a Houdini .hiplc file"),
    (b"//Maya", "a Maya ASCII scene"),
    (b"FOR4", "a Maya binary scene"),
    (b"FOR8", "a Maya binary scene"),
    (b"Kaydara FBX", "an FBX file"),
    (b"; FBX", "an ASCII FBX file"),
    (b"glTF", "a binary glTF file"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"version https://git-lfs", "a Git LFS pointer; fetch the real file with 'git lfs pull'"),
)


def identify_file(head: bytes) -> str:
    """What a file is by its first bytes (``'a Blender file'``); ``''`` when it is none we know."""
    for magic, what in FILE_SIGNATURES:
        if head.startswith(magic):
            return what
    return ""

def encode_settings(settings: dict) -> str:
    """Settings dict -> compact JSON text for a host's string store (fileInfo, user data...)."""
    if not isinstance(settings, dict):
        raise TypeError("submit settings must be a dict, not %s" % type(settings).__name__)
    return json.dumps(settings, sort_keys=True, separators=(",", ":"), default=str)


def decode_settings(text: Any) -> dict:
    """JSON text from a host store -> dict; anything unreadable reads as no settings."""
    if not text:
        return {}
    if isinstance(text, (list, tuple)):  # cmds.fileInfo(key, q=True) answers a list
        text = text[0] if text else ""
    try:
        value = json.loads(str(text))
    except ValueError:
        # Maya's fileInfo hands stored text back with quotes and backslashes escaped: undo once
        try:
            value = json.loads(re.sub(r"\\(.)", r"\1", str(text)))
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def config_dir() -> str:
    """rb_dcc's settings folder: ``$RB_DCC_CONFIG_DIR`` or the platformdirs user config dir."""
    env = os.environ.get("RB_DCC_CONFIG_DIR", "").strip()
    if env:
        return env
    import platformdirs

    return platformdirs.user_config_dir("rb_dcc", appauthor=False)


def wrap_qt_pointer(pointer: Any, class_name: str = "QWidget") -> Optional[Any]:
    """Turn a host's raw Qt pointer (e.g. ``MQtUtil.mainWindow()``) into a qtpy widget, or None."""
    if pointer is None:
        return None
    try:
        address = int(pointer)
    except (TypeError, ValueError):
        return None
    if not address:
        return None
    try:
        import qtpy
        from qtpy import QtWidgets
    except Exception:
        return None
    cls = getattr(QtWidgets, class_name, QtWidgets.QWidget)
    api = getattr(qtpy, "API_NAME", "")
    try:
        if api in ("PySide6", "PySide2"):
            from qtpy import shiboken  # the binding's own shiboken, through qtpy

            return shiboken.wrapInstance(address, cls)
        from qtpy import sip

        return sip.wrapinstance(address, cls)
    except Exception:
        return None


def frame_range(start: Any, end: Any, step: Any = 1, *, spec: Optional[SceneSpec] = None, where: str = "") -> Optional[FrameRange]:
    """Frames from a host's float start/end/step; a fractional value is rounded with a warning on ``spec``."""
    values = []
    for label, raw in (("start", start), ("end", end), ("step", step)):
        try:
            value = float(raw)
        except (TypeError, ValueError):
            if spec is not None:
                spec.warn("%s: the %s frame %r is not a number" % (where or "frame range", label, raw), ref=where)
            return None
        if value != int(value) and spec is not None:
            spec.warn(
                "%s: %s frame %s is not a whole frame; the farm renders whole frames, using %d"
                % (where or "frame range", label, raw, int(round(value))),
                fix="set whole frame numbers in the render settings",
                ref=where,
            )
        values.append(int(round(value)))
    first, last, by = values
    if by < 1:
        by = 1
    if last < first:
        if spec is not None:
            spec.warn("%s: end frame %d is before start frame %d" % (where or "frame range", last, first), ref=where)
        first, last = last, first
    return FrameRange.from_bounds(first, last, by)


@contextlib.contextmanager
def reading(spec: SceneSpec, what: str, *, blocking: bool = False) -> Iterator[None]:
    """Read one part of a scene; a host error there becomes a problem on ``spec``, not a crash.

    One odd node must not stop the artist from seeing (and submitting) the rest of the scene.
    """
    try:
        yield
    except Exception as exc:  # the host may raise anything: RuntimeError, hou.Error, MAXScript errors
        message = "could not read %s: %s" % (what, str(exc).strip() or type(exc).__name__)
        fix = "the rest of the scene was read; check %s by hand in the host" % what
        if blocking:
            spec.error(message, fix=fix, ref=what)
        else:
            spec.warn(message, fix=fix, ref=what)


class AssetCollector:
    """Gathers a scene's external files once each, resolved through ``rb_dcc.scene.tokens``.

    ``add()`` the paths a host reports, in order of preference (node attributes first, then the
    host's flat file list): a path already seen, or a file already inside a set (sequence, UDIM)
    that was added before, is skipped.
    """

    def __init__(
        self,
        *,
        host: str,
        base_dir: Optional[str] = None,
        project_dir: Optional[str] = None,
        variables: Optional[Mapping[str, str]] = None,
    ):
        self.host = host
        self.base_dir = base_dir or None
        self.project_dir = project_dir or None
        self.variables = dict(variables or {})
        self.listing = DirCache()  # one listing per folder for this collect()
        self.assets: List[Asset] = []
        self._paths: Dict[str, Asset] = {}
        self._files: Dict[str, Asset] = {}

    @staticmethod
    def _key(path: str) -> str:
        return os.path.normcase(path.replace("\\", "/")).rstrip("/")

    def covers(self, path: str) -> bool:
        key = self._key(path)
        return key in self._paths or key in self._files

    def add(self, path: Any, kind: Any = AssetKind.OTHER, node: str = "", frames: Optional[FrameRange] = None) -> Optional[Asset]:
        if not path or not str(path).strip():
            return None
        path = str(path)
        if self.covers(path):
            return None
        asset = resolve_asset(
            path,
            kind=kind,
            node=node,
            base_dir=self.base_dir,
            project_dir=self.project_dir,
            variables=self.variables,
            host=self.host,
            frames=frames,
            listing=self.listing,
        )
        if any(self._key(r) in self._files for r in asset.resolved) and not asset.sequence:
            return None  # one file of a set we already have (e.g. the first UDIM tile)
        self.assets.append(asset)
        self._paths[self._key(path)] = asset
        for r in asset.resolved:
            self._files.setdefault(self._key(r), asset)
        return asset

    def extend(self, items: Iterable[Any]) -> None:
        for item in items:
            self.add(*item)

    def report(self, spec: SceneSpec) -> None:
        """Put the assets on ``spec`` and a warning for each one with missing files."""
        spec.assets.extend(self.assets)
        warn_missing(spec, self.assets)


def warn_missing(
    spec: SceneSpec, assets: Iterable[Asset], fix: str = "fix the path or copy the file there, or submit without it"
) -> None:
    """One warning on ``spec`` per asset with missing files (packed data is never missing)."""
    for asset in assets:
        if asset.missing and not asset.packed:
            shown = asset.missing[0] + (" and %d more" % (len(asset.missing) - 1) if len(asset.missing) > 1 else "")
            spec.warn(
                "missing file %s%s" % (shown, " (%s)" % asset.node if asset.node else ""),
                fix=fix,
                ref=asset.node or asset.path,
            )


class HostAdapterBase:
    """Optional base for live adapters: the defaults every host shares. Subclasses set ``name``."""

    name = ""

    def is_dirty(self) -> bool:
        return False

    def main_window(self) -> Optional[Any]:
        return None

    def select_node(self, ref: str) -> bool:
        return False

    def __repr__(self) -> str:
        return "<%s %s scene=%r>" % (type(self).__name__, self.name, _safe(self.scene_path))


def _safe(fn: Any) -> str:
    try:
        return fn()
    except Exception:
        return "?"


# --------------------------------------------------------------------------------------------
class StandaloneHost(HostAdapterBase):
    """No host: a scene file on disk, read by the file analyser of its type.

    Submit settings are kept in a JSON sidecar per scene under ``config_dir()/scenes/``.
    """

    name = "standalone"

    def __init__(self, scene_path: Optional[str] = None):
        self._scene_path = os.path.abspath(str(scene_path)) if scene_path else ""
        self._version = ""

    def host_version(self) -> str:
        """The version the analyser found in the scene file (after ``collect``), else ``''``."""
        return self._version

    def scene_path(self) -> str:
        return self._scene_path

    def set_scene_path(self, path: Optional[str]) -> None:
        self._scene_path = os.path.abspath(str(path)) if path else ""
        self._version = ""

    def save(self) -> None:
        """Nothing to save: the file on disk is the scene."""

    def collect(self, options: Optional[dict] = None) -> SceneSpec:
        if not self._scene_path:
            raise SceneFileError("", "no scene file chosen; pick a .ma, .mb, .hip, .max or .blend file first")
        from . import analyze_file

        spec = analyze_file(self._scene_path)
        self._version = spec.host_version
        return spec

    # settings sidecar --------------------------------------------------------------------------
    def settings_path(self) -> str:
        key = os.path.normcase(self._scene_path or "<untitled>")
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
        stem = os.path.splitext(os.path.basename(self._scene_path))[0] or "untitled"
        return os.path.join(config_dir(), "scenes", "%s-%s.json" % (stem, digest))

    def read_settings(self) -> dict:
        try:
            with open(self.settings_path(), "r", encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            return {}
        settings = data.get("settings") if isinstance(data, dict) else None
        return settings if isinstance(settings, dict) else {}

    def write_settings(self, settings: dict) -> None:
        text = encode_settings(settings)  # validates before touching the disk
        write_atomic(self.settings_path(), '{"scene":%s,"settings":%s}' % (json.dumps(self._scene_path), text))

    def select_node(self, ref: str) -> bool:
        return False
