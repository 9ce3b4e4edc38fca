"""Where a server-given file path may land inside a chosen local folder — or why it may not.

A listing from the farm is not trusted: ``..`` segments, absolute paths (``//etc``), Windows
drive letters (``C:``), backslash tricks, NUL bytes and symlinks inside the folder that point
elsewhere are all refused with a reason the caller reports.
"""

from __future__ import annotations

import os
import re
from typing import Tuple

__all__ = ["UnsafePath", "safe_local_path", "relative_server_path"]

_DRIVE = re.compile(r"^[A-Za-z]:")
_RESERVED = {"con", "prn", "aux", "nul"} | {"com%d" % i for i in range(1, 10)} | {"lpt%d" % i for i in range(1, 10)}


class UnsafePath(ValueError):
    """A server path that would land outside the destination folder; ``reason`` says why."""

    def __init__(self, server_path: str, reason: str):
        self.server_path = server_path
        self.reason = reason
        super().__init__("refused %r: %s" % (server_path, reason))


def relative_server_path(server_path: str) -> Tuple[str, ...]:
    """The parts of a storage path ("/<root>/a/b.png", one leading slash = the storage root)."""
    if not isinstance(server_path, str) or not server_path:
        raise UnsafePath(str(server_path), "empty path")
    if "\x00" in server_path:
        raise UnsafePath(server_path, "contains a NUL byte")
    if "\\" in server_path:
        raise UnsafePath(server_path, "contains a backslash")
    if _DRIVE.match(server_path):
        raise UnsafePath(server_path, "names a drive letter")
    rel = server_path[1:] if server_path.startswith("/") else server_path
    if rel.startswith("/"):
        raise UnsafePath(server_path, "is an absolute path")
    parts = tuple(rel.split("/"))
    for part in parts:
        if part in ("", ".", ".."):
            raise UnsafePath(server_path, "has a %r segment" % (part or "//"))
        if _DRIVE.match(part) or ":" in part:
            raise UnsafePath(server_path, "has a drive letter or colon in %r" % part)
        if part.split(".")[0].lower() in _RESERVED:
            raise UnsafePath(server_path, "uses the reserved Windows name %r" % part)
        if part != part.rstrip(" ."):
            raise UnsafePath(server_path, "has a segment ending in a dot or space: %r" % part)
    return parts


def safe_local_path(dest_dir: str, server_path: str, strip: str = "") -> str:
    """The local file for ``server_path`` under ``dest_dir``; raises ``UnsafePath``.

    ``strip`` is a server folder prefix to remove first (e.g. the tree path that was listed).
    Symlinks are followed for every existing part: the real location must stay inside the real
    ``dest_dir``, and the file itself must not be a symlink.
    """
    parts = relative_server_path(server_path)
    if strip:
        prefix = relative_server_path(strip) if strip.strip("/") else ()
        if parts[: len(prefix)] != prefix:
            raise UnsafePath(server_path, "is not under the listed folder %r" % strip)
        parts = parts[len(prefix):]
        if not parts:
            raise UnsafePath(server_path, "names the listed folder itself, not a file in it")
    root = os.path.realpath(dest_dir)
    target = os.path.join(root, *parts)
    if os.path.islink(target):
        raise UnsafePath(server_path, "the local file %s is a symlink" % target)
    real = os.path.realpath(target)
    if os.path.commonpath([root, real]) != root:
        raise UnsafePath(server_path, "resolves to %s, outside %s (symlink in the folder?)" % (real, root))
    return real
