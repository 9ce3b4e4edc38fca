"""Version numbers as the farm and the hosts write them, ordered the way a person reads them.

``"2023.10" > "2023.3.1"``, ``"5.2.01" == "5.2.1"``, ``"6.00.04" == "6.0.4"``,
``"3.6.1 (Arnold 7.1.4)"`` reads as ``3.6.1``; the farm's ``"mtoa 5.3.1"`` as ``5.3.1``; Maya's ``"2025ff03"`` is release 2025, cut 3.
"""

from __future__ import annotations

import re
from typing import Optional, Tuple

__all__ = ["Version", "parse_version", "release_key", "RELEASE_DEPTH"]

_LEAD = re.compile(r"^\s*[vV]?\s*(\d+(?:\s*(?:\.|ff|_)\s*\d+)*)")
# "mtoa 5.3.1", "redshift4maya 3.5.1": the first number that stands after a separator
_INNER = re.compile(r"(?:^|[\s_(-])[vV]?(\d+(?:\.\d+)*)")

# How many components name a release line of each host: Maya 2024, 3ds Max 2024,
# Houdini 20.5, Blender 4.2. Components past these are builds / patches.
RELEASE_DEPTH = {"maya": 1, "max": 1, "houdini": 2, "blender": 2}


class Version(tuple):
    """A tuple of ints with the text it came from; compares numerically, component by component."""

    text: str

    def __new__(cls, parts, text: str = ""):
        self = super().__new__(cls, tuple(int(p) for p in parts))
        self.text = text or ".".join(str(p) for p in self)
        return self

    @property
    def major(self) -> Optional[int]:
        return self[0] if self else None

    def padded(self, n: int) -> Tuple[int, ...]:
        return tuple(self[:n]) + (0,) * max(0, n - len(self))

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return "Version(%r)" % self.text


def parse_version(text) -> Version:
    """Read the leading version number of ``text``; an unreadable text gives an empty Version."""
    if isinstance(text, Version):
        return text
    if text is None:
        return Version((), "")
    if isinstance(text, int):
        return Version((text,), str(text))
    raw = str(text)
    m = _LEAD.match(raw) or _INNER.search(raw)
    if not m:
        return Version((), raw.strip())
    parts = re.findall(r"\d+", m.group(1))
    return Version(parts, raw.strip())


def release_key(host: str, version) -> Tuple[int, ...]:
    """The components of ``version`` that name the host's release line (see RELEASE_DEPTH)."""
    v = parse_version(version)
    depth = RELEASE_DEPTH.get(str(host), 1)
    return v.padded(depth) if v else ()
