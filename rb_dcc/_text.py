"""Numbers as people read them; stdlib only, so every package (and the CLI and panel) share it."""

from __future__ import annotations

from typing import Optional

__all__ = ["human_bytes"]


def human_bytes(n: Optional[float], none: str = "-") -> str:
    """``1536`` -> ``"1.5 KB"``; whole bytes below 1 KB; ``none`` for a missing value."""
    if n is None:
        return none
    value = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(value) < 1024 or unit == "TB":
            return ("%d %s" % (value, unit)) if unit == "B" else ("%.1f %s" % (value, unit))
        value /= 1024.0
    return "%.1f TB" % value  # pragma: no cover
