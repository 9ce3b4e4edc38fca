"""The one local → farm path mapping, and the helpers to read Windows paths on any OS.

Renderbus stores an uploaded file at a path derived from its local path (protocol doc, "Local →
farm path mapping"): ``D:\\work\\a.ma`` → ``/D/work/a.ma``; ``\\\\nas\\share\\b.exr`` →
``/nas/share/b.exr``; a POSIX ``/home/a/c.hip`` stays ``/home/a/c.hip``. Unlike the SDK we keep
the leading slash of POSIX paths, keep colons that are not a drive, and refuse relative paths.
"""

from __future__ import annotations

import re

__all__ = ["to_farm_path", "is_windows_path", "is_absolute_any", "normalize_slashes", "PathMappingError"]

_DRIVE = re.compile(r"^([A-Za-z]):[\\/]")
_UNC = re.compile(r"^(?:\\\\|//)([^\\/]+)[\\/]+(.*)$")


class PathMappingError(ValueError):
    """A local path that has no place on the farm (relative, empty, or a bare drive)."""


def normalize_slashes(path: str) -> str:
    """Backslashes to forward slashes; runs of slashes folded (a UNC prefix keeps its two)."""
    path = path.replace("\\", "/")
    unc = path.startswith("//")
    path = re.sub(r"/{2,}", "/", path)
    return "/" + path if unc else path


def is_windows_path(path: str) -> bool:
    """True for ``C:\\...``, ``C:/...`` and UNC ``\\\\host\\share`` paths."""
    return bool(_DRIVE.match(path) or _UNC.match(path))


def is_absolute_any(path: str) -> bool:
    """Absolute on Windows or POSIX, whatever OS we run on."""
    return is_windows_path(path) or path.startswith("/")


def to_farm_path(local: str) -> str:
    """Map a local absolute path to the farm's storage path (see module doc)."""
    if not isinstance(local, str) or not local.strip():
        raise PathMappingError("an empty path cannot be uploaded")
    path = local.strip()
    m = _DRIVE.match(path)
    if m:
        rest = normalize_slashes(path[3:]).lstrip("/")
        return "/%s/%s" % (m.group(1), rest) if rest else "/%s" % m.group(1)
    m = _UNC.match(path)
    if m:
        rest = normalize_slashes(m.group(2)).lstrip("/")
        return "/%s/%s" % (m.group(1), rest) if rest else "/%s" % m.group(1)
    if path.startswith("/"):
        return normalize_slashes(path)
    raise PathMappingError(
        "%r is a relative path; the farm needs an absolute one (save the scene or resolve the path first)"
        % local
    )
