"""Build the Blender extension zip: the add-on folder, rb_dcc as a wheel, its dependencies as wheels.

Blender (4.2+) installs the ``wheels = [...]`` the manifest lists into the extension's own
site-packages, so the artist needs nothing but the zip. rb_dcc's own wheel is written here (pure
Python, no build tools needed); its dependencies and PySide6 (Blender ships no Qt) are fetched
with ``pip download`` for Blender's Python (3.11) on this platform, or taken from a folder of
wheels (``wheel_dir``) when there is no network. rb_dcc's resources (icons, style sheet,
translations, catalogue) go in the extension's ``resources/`` folder.
"""

from __future__ import annotations

import base64
import hashlib
import os
import platform as _platform
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Iterable, List, NamedTuple, Optional, Tuple

import rb_dcc

from .installer import InstallError, blender_files, rb_dcc_path

__all__ = [
    "BLENDER_PYTHON",
    "Package",
    "blender_platform",
    "build_extension",
    "build_rb_dcc_wheel",
    "dependency_requirements",
    "download_wheels",
    "manifest_with_wheels",
    "wheel_platforms",
]

BLENDER_PYTHON = "3.11"  # Blender 4.2 LTS to 5.x
QT_REQUIREMENT = "PySide6-Essentials>=6.5"
_SKIP_RESOURCES = {"samples"}  # demo scenes: not needed inside a host
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed time stamps: the same input gives the same zip


class Package(NamedTuple):
    path: Path
    wheels: List[str]  # file names under wheels/
    platforms: List[str]  # [] = any platform


# ----------------------------------------------------------------------------------- platforms
def blender_platform() -> str:
    """This machine as Blender names platforms: linux-x64, macos-arm64, windows-x64..."""
    machine = _platform.machine().lower()
    arch = "arm64" if machine in ("arm64", "aarch64") else "x64"
    if sys.platform.startswith("win"):
        return "windows-" + arch
    if sys.platform == "darwin":
        return "macos-" + arch
    return "linux-" + arch


def _wheel_tag_platform(tag: str) -> Optional[str]:
    tag = tag.lower()
    if tag == "any":
        return None
    arch = "arm64" if ("arm64" in tag or "aarch64" in tag) else "x64"
    if tag.startswith("win"):
        return "windows-" + arch
    if tag.startswith("macosx"):
        if "universal2" in tag:
            return "macos-*"
        return "macos-" + arch
    if "linux" in tag:
        return "linux-" + arch
    return None


def wheel_platforms(names: Iterable[str]) -> List[str]:
    """The Blender platforms a set of wheels runs on ([] when all are pure Python)."""
    found = set()
    for name in names:
        stem = name[:-4] if name.endswith(".whl") else name
        parts = stem.split("-")
        if len(parts) < 5:
            continue
        for tag in parts[-1].split("."):
            plat = _wheel_tag_platform(tag)
            if plat == "macos-*":
                found.update(("macos-arm64", "macos-x64"))
            elif plat:
                found.add(plat)
    return sorted(found)


# ------------------------------------------------------------------------------------ rb_dcc wheel
def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def _requires() -> List[str]:
    try:
        from importlib.metadata import requires

        reqs = requires("rb_dcc") or []
    except Exception:
        reqs = []
    return [r for r in reqs if "extra ==" not in r]


def dependency_requirements() -> List[str]:
    """What the extension needs besides rb_dcc: its dependencies and a Qt binding."""
    reqs = _requires()
    if not reqs:
        raise InstallError("rb_dcc's dependency list was not found (is rb_dcc installed with pip? `pip install -e .`)")
    return reqs + [QT_REQUIREMENT]


def build_rb_dcc_wheel(out_dir: Path) -> Path:
    """``rb_dcc-<version>-py3-none-any.whl`` from the rb_dcc package folder (pure Python)."""
    pkg = Path(rb_dcc.__file__).resolve().parent
    version = rb_dcc.__version__
    dist = "rb_dcc-%s.dist-info" % version
    entries: List[Tuple[str, bytes]] = []
    for path in sorted(pkg.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
            continue
        entries.append(("rb_dcc/" + path.relative_to(pkg).as_posix(), path.read_bytes()))
    meta = ["Metadata-Version: 2.1", "Name: rb_dcc", "Version: %s" % version,
            "Summary: Send scenes to the Renderbus render farm and watch them render", "Requires-Python: >=3.9"]
    meta += ["Requires-Dist: %s" % r for r in _requires()]
    entries.append((dist + "/METADATA", ("\n".join(meta) + "\n").encode("utf-8")))
    entries.append((dist + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: rb_dcc\nRoot-Is-Purelib: true\nTag: py3-none-any\n"))
    entries.append((dist + "/entry_points.txt", b"[console_scripts]\nrb-dcc = rb_dcc.cli:main\n"))
    record = "".join("%s,%s,%d\n" % (name, _record_hash(data), len(data)) for name, data in entries)
    record += "%s/RECORD,,\n" % dist
    entries.append((dist + "/RECORD", record.encode("utf-8")))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / ("rb_dcc-%s-py3-none-any.whl" % version)
    with zipfile.ZipFile(str(path), "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return path


def download_wheels(requirements: List[str], dest: Path, wheel_dir: Optional[Path] = None) -> List[Path]:
    """``pip download`` binary wheels for Blender's Python on this platform into ``dest``.

    ``wheel_dir``: take them from that folder only (no network).
    """
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--only-binary=:all:",
           "--python-version", BLENDER_PYTHON, "--implementation", "cp", "--dest", str(dest)]
    if wheel_dir is not None:
        cmd += ["--no-index", "--find-links", str(wheel_dir)]
    cmd += requirements
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    if proc.returncode != 0:
        tail = "\n".join(proc.stdout.strip().splitlines()[-6:])
        where = "from %s" % wheel_dir if wheel_dir else "(needs the network)"
        raise InstallError(
            "pip could not download the wheels %s for Python %s:\n%s\nUse --wheels-from DIR with the wheels in it, "
            "or --no-deps / --no-wheels" % (where, BLENDER_PYTHON, tail)
        )
    return sorted(dest.glob("*.whl"))


# --------------------------------------------------------------------------------------- manifest
def manifest_with_wheels(text: str, wheels: List[str], platforms: List[str]) -> str:
    """Add ``wheels = [...]`` (and ``platforms``) to the manifest's top-level keys."""
    if not wheels:
        return text
    lines = ["wheels = ["] + ['  "./wheels/%s",' % w for w in wheels] + ["]"]
    if platforms:
        lines.append("platforms = [%s]" % ", ".join('"%s"' % p for p in platforms))
    block = "\n".join(lines) + "\n"
    m = re.search(r"(?m)^\[", text)  # the first table: top-level keys must come before it
    if m is None:
        return text.rstrip("\n") + "\n" + block
    return text[: m.start()] + block + "\n" + text[m.start():]


# ------------------------------------------------------------------------------------------ build
def _resource_files() -> List[Tuple[str, bytes]]:
    from rb_dcc.resources import resources_dir

    root = resources_dir()
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and rel.parts[0] not in _SKIP_RESOURCES:
            out.append(("resources/" + rel.as_posix(), path.read_bytes()))
    return out


def build_extension(out_dir: Path, *, wheels: bool = True, deps: bool = True, wheel_dir: Optional[Path] = None,
                    requirements: Optional[List[str]] = None) -> Package:
    """Write ``renderbus-<version>[-<platform>].zip`` into ``out_dir``.

    ``wheels=False``: no wheels at all; the add-on imports rb_dcc from this machine's path (for
    a Blender on this machine whose Python has rb_dcc's dependencies). ``deps=False``: rb_dcc's
    own wheel only. ``requirements``: what to bundle besides rb_dcc (default: its dependencies and PySide6).
    """
    out_dir = Path(out_dir)
    version = rb_dcc.__version__
    files: List[Tuple[str, bytes]] = list(blender_files(rb_paths=[] if wheels else [rb_dcc_path()]))
    wheel_names: List[str] = []
    with tempfile.TemporaryDirectory(prefix="rb_dcc-wheels-") as tmp:
        if wheels:
            built = [build_rb_dcc_wheel(Path(tmp) / "own")]
            if deps:
                reqs = dependency_requirements() if requirements is None else list(requirements)
                built += download_wheels(reqs, Path(tmp) / "deps", wheel_dir)
            for w in built:
                files.append(("wheels/" + w.name, w.read_bytes()))
                wheel_names.append(w.name)
            files += _resource_files()
    platforms = wheel_platforms(wheel_names)
    files = [
        (name, manifest_with_wheels(data.decode("utf-8"), wheel_names, platforms).encode("utf-8"))
        if name == "blender_manifest.toml" else (name, data)
        for name, data in files
    ]
    suffix = ("-" + platforms[0]) if len(platforms) == 1 else ""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / ("renderbus-%s%s.zip" % (version, suffix))
    tmp_zip = path.with_name(path.name + ".part")
    with zipfile.ZipFile(str(tmp_zip), "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".whl") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    os.replace(str(tmp_zip), str(path))
    return Package(path, wheel_names, platforms)
