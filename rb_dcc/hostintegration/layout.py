"""Where each host keeps its user preferences, per OS, and which versions are there.

Pure path arithmetic over a home folder and an environment mapping, so the Linux, macOS and
Windows layouts can all be computed (and tested) on any machine: nothing here looks at the real
``os.environ`` or ``sys.platform`` unless ``current_platform()`` / the CLI passes them in.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import List, Mapping, NamedTuple, Optional

__all__ = [
    "HOSTS",
    "PLATFORMS",
    "LayoutError",
    "Target",
    "current_platform",
    "find_versions",
    "resolve_target",
    "version_key",
]

HOSTS = ("maya", "houdini", "max", "blender")
PLATFORMS = ("linux", "macos", "windows")
HOST_LABELS = {"maya": "Maya", "houdini": "Houdini", "max": "3ds Max", "blender": "Blender"}


class LayoutError(ValueError):
    """The host's folder cannot be worked out; the message says which option or variable to set."""


class Target(NamedTuple):
    host: str
    platform: str
    version: str  # '' when the install does not depend on it (Maya modules folder)
    base: Path  # the folder the integration files go into (their paths are relative to it)
    where: str  # what ``base`` is, for the artist ("Maya modules folder")
    kind: str = ""  # blender: 'extension' (4.2+) or 'addon'


def current_platform(env: Optional[Mapping[str, str]] = None) -> str:
    """'linux', 'macos' or 'windows': ``RB_DCC_INSTALL_PLATFORM`` when set, else this machine."""
    forced = (env or {}).get("RB_DCC_INSTALL_PLATFORM", "").strip().lower()
    if forced:
        return normalise_platform(forced)
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


def normalise_platform(name: str) -> str:
    key = name.strip().lower()
    key = {"darwin": "macos", "mac": "macos", "osx": "macos", "win": "windows", "win32": "windows"}.get(key, key)
    if key not in PLATFORMS:
        raise LayoutError("unknown platform %r; use one of %s" % (name, ", ".join(PLATFORMS)))
    return key


def version_key(version: str) -> tuple:
    """'20.5' < '21.0', '2025' > '2024', '4.10' > '4.9'."""
    return tuple(int(p) for p in re.findall(r"\d+", version))


def _env(env: Mapping[str, str], name: str) -> str:
    return (env.get(name) or "").strip()


def _windows_dirs(home: Path, env: Mapping[str, str], use_env: bool):
    """(Documents, APPDATA, LOCALAPPDATA) for a Windows home; env wins only for the real home."""
    appdata = Path(_env(env, "APPDATA")) if use_env and _env(env, "APPDATA") else home / "AppData" / "Roaming"
    local = Path(_env(env, "LOCALAPPDATA")) if use_env and _env(env, "LOCALAPPDATA") else home / "AppData" / "Local"
    return home / "Documents", appdata, local


# ------------------------------------------------------------------------------------ per host
def _maya_app_dir(platform: str, home: Path, env: Mapping[str, str]) -> Path:
    if _env(env, "MAYA_APP_DIR"):
        return Path(_env(env, "MAYA_APP_DIR"))
    if platform == "macos":
        return home / "Library" / "Preferences" / "Autodesk" / "maya"
    if platform == "windows":
        return home / "Documents" / "maya"
    return home / "maya"


def _houdini_prefs_parent(platform: str, home: Path) -> Path:
    if platform == "macos":
        return home / "Library" / "Preferences" / "houdini"
    if platform == "windows":
        return home / "Documents"
    return home


def _houdini_prefs(platform: str, home: Path, env: Mapping[str, str], version: str) -> Path:
    custom = _env(env, "HOUDINI_USER_PREF_DIR")
    if custom:
        return Path(custom.replace("__HVER__", version))
    parent = _houdini_prefs_parent(platform, home)
    return parent / version if platform == "macos" else parent / ("houdini" + version)


def _max_root(platform: str, home: Path, env: Mapping[str, str], use_env: bool) -> Path:
    if platform != "windows":
        raise LayoutError("3ds Max runs on Windows only; install it there (or pass --platform windows with --home)")
    _docs, _appdata, local = _windows_dirs(home, env, use_env)
    return local / "Autodesk" / "3dsMax"


def _blender_root(platform: str, home: Path, env: Mapping[str, str], use_env: bool) -> Path:
    if platform == "macos":
        return home / "Library" / "Application Support" / "Blender"
    if platform == "windows":
        _docs, appdata, _local = _windows_dirs(home, env, use_env)
        return appdata / "Blender Foundation" / "Blender"
    xdg = _env(env, "XDG_CONFIG_HOME") if use_env else ""
    return (Path(xdg) if xdg else home / ".config") / "blender"


def find_versions(host: str, platform: str, home: Path, env: Mapping[str, str], use_env: bool = True) -> List[str]:
    """Versions of ``host`` that have a preferences folder under ``home``, oldest first."""
    found = []
    if host == "houdini":
        if _env(env, "HOUDINI_USER_PREF_DIR"):
            return []
        parent = _houdini_prefs_parent(platform, home)
        pattern = re.compile(r"^(\d+\.\d+)$" if platform == "macos" else r"^houdini(\d+\.\d+)$")
        if parent.is_dir():
            found = [m.group(1) for m in (pattern.match(p.name) for p in parent.iterdir() if p.is_dir()) if m]
    elif host == "max":
        root = _max_root(platform, home, env, use_env)
        if root.is_dir():
            found = [m.group(1) for m in (re.match(r"^(\d{4}) - 64bit$", p.name) for p in root.iterdir()) if m]
    elif host == "blender":
        if _env(env, "BLENDER_USER_RESOURCES"):
            return []
        root = _blender_root(platform, home, env, use_env)
        if root.is_dir():
            found = [p.name for p in root.iterdir() if p.is_dir() and re.match(r"^\d+\.\d+$", p.name)]
    elif host == "maya":
        root = _maya_app_dir(platform, home, env)
        if root.is_dir():
            found = [p.name for p in root.iterdir() if p.is_dir() and re.match(r"^\d{4}$", p.name)]
    return sorted(found, key=version_key)


def _pick_version(host: str, version: Optional[str], platform: str, home: Path, env: Mapping[str, str],
                  use_env: bool, example: str) -> str:
    if version:
        if not re.match(r"^\d+(\.\d+)*$", version.strip()):
            raise LayoutError("--version %r is not a version number like %s" % (version, example))
        return version.strip()
    found = find_versions(host, platform, home, env, use_env)
    if not found:
        raise LayoutError(
            "no %s preferences folder found under %s; start %s once, or name the version with --version %s"
            % (HOST_LABELS[host], home, HOST_LABELS[host], example)
        )
    return found[-1]


def resolve_target(host: str, *, version: Optional[str] = None, platform: Optional[str] = None,
                   home: Optional[Path] = None, env: Optional[Mapping[str, str]] = None) -> Target:
    """The folder ``rb-dcc install <host>`` writes into.

    ``home``: the user's home folder (default: the real one; a given home also keeps Windows'
    APPDATA/LOCALAPPDATA from the environment out of the picture). ``env``: host variables
    (``MAYA_APP_DIR``, ``HOUDINI_USER_PREF_DIR``, ``BLENDER_USER_RESOURCES``, ...).
    """
    env = dict(env or {})
    platform = normalise_platform(platform) if platform else current_platform(env)
    use_env = home is None
    home = Path(home) if home is not None else Path(os.path.expanduser("~"))
    if host == "maya":
        app_dir = _maya_app_dir(platform, home, env)
        if version:
            v = _pick_version(host, version, platform, home, env, use_env, "2025")
            return Target(host, platform, v, app_dir / v / "modules", "Maya %s modules folder" % v)
        return Target(host, platform, "", app_dir / "modules", "Maya modules folder")
    if host == "houdini":
        if _env(env, "HOUDINI_USER_PREF_DIR") and "__HVER__" not in _env(env, "HOUDINI_USER_PREF_DIR"):
            prefs = Path(_env(env, "HOUDINI_USER_PREF_DIR"))
            return Target(host, platform, version or "", prefs / "packages", "Houdini packages folder (HOUDINI_USER_PREF_DIR)")
        v = _pick_version(host, version, platform, home, env, use_env, "20.5")
        return Target(host, platform, v, _houdini_prefs(platform, home, env, v) / "packages", "Houdini %s packages folder" % v)
    if host == "max":
        root = _max_root(platform, home, env, use_env)
        v = _pick_version(host, version, platform, home, env, use_env, "2025")
        if not re.match(r"^\d{4}$", v):
            raise LayoutError("3ds Max versions are years (2023, 2025...), not %r" % v)
        return Target(host, platform, v, root / ("%s - 64bit" % v) / "ENU" / "scripts", "3ds Max %s scripts folder" % v)
    if host == "blender":
        custom = _env(env, "BLENDER_USER_RESOURCES")
        if custom:
            v = version or ""
            base = Path(custom)
        else:
            v = _pick_version(host, version, platform, home, env, use_env, "4.2")
            base = _blender_root(platform, home, env, use_env) / v
        kind = "addon" if v and version_key(v) < (4, 2) else "extension"
        where = "Blender %s %s folder" % (v or "(BLENDER_USER_RESOURCES)", "extensions" if kind == "extension" else "add-ons")
        return Target(host, platform, v, base, where, kind)
    raise LayoutError("unknown host %r; use one of %s" % (host, ", ".join(HOSTS)))
