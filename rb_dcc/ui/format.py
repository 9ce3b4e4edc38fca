"""Plain-text formatting of sizes, rates, durations, dates and task/frame statuses (Qt-free)."""

from __future__ import annotations

import time
from typing import Optional

from .._text import human_bytes
from .i18n import tr

# Shown labels for the status codes of rb_dcc.api.status (which holds the codes and their meaning).
# Only the words are here, so that they can be translated.
TASK_STATUS_WORDS = {
    0: "Waiting", 5: "Rendering", 8: "Pre-processing", 10: "Stopped", 15: "Stopped",
    20: "Stopped (arrears)", 23: "Stopped (timeout)", 25: "Done", 30: "Done with failures",
    35: "Abandoned", 40: "Test frames done", 45: "Failed", 50: "Analysing", 60: "Submitting",
    65: "Submit failed", 70: "Done with stopped frames", 100: "Updating",
}
FRAME_STATUS_WORDS = {
    1: "Waiting", 2: "Rendering", 3: "Stopped", 4: "Done", 5: "Failed", 6: "Waiting (pre-process)",
    7: "Waiting (photon frame)", 9: "Waiting (photon job)", 10: "Waiting (simulation)",
    11: "Stopped (timeout)", 12: "Waiting (secondary)",
}

# Colour family per status, for the style sheet and the status dot.
def task_tone(code: Optional[int]) -> str:
    if code in (25,):
        return "ok"
    if code in (45, 65, 30):
        return "bad"
    if code in (5, 8, 60, 100, 50):
        return "busy"
    if code in (10, 15, 20, 23, 35, 40, 70):
        return "held"
    return "idle"


def frame_tone(code: Optional[int]) -> str:
    return {4: "ok", 5: "bad", 2: "busy", 3: "held", 11: "held"}.get(code or 0, "idle")


def task_status_text(code: Optional[int]) -> str:
    if code is None:
        return ""
    word = TASK_STATUS_WORDS.get(int(code))
    return tr(word) if word else tr("Status %d") % int(code)


def frame_status_text(code: Optional[int]) -> str:
    if code is None:
        return ""
    word = FRAME_STATUS_WORDS.get(int(code))
    return tr(word) if word else tr("Status %d") % int(code)


def size(n: Optional[float]) -> str:
    return human_bytes(n, none="")


def rate(bps: Optional[float]) -> str:
    if not bps:
        return ""
    return size(bps) + "/s"


def duration(seconds: Optional[float]) -> str:
    if seconds is None or seconds < 0:
        return ""
    s = int(round(seconds))
    if s < 60:
        return tr("%ds") % s
    m, s = divmod(s, 60)
    if m < 60:
        return tr("%dm %02ds") % (m, s)
    h, m = divmod(m, 60)
    return tr("%dh %02dm") % (h, m)


def timestamp(ms: Optional[float]) -> str:
    """A farm time in milliseconds since the epoch as local ``YYYY-MM-DD HH:MM``."""
    if not ms:
        return ""
    try:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(float(ms) / 1000.0))
    except (OverflowError, OSError, ValueError):
        return ""


def money(value: Optional[float]) -> str:
    if value is None:
        return ""
    try:
        return "%.2f" % float(value)
    except (TypeError, ValueError):
        return str(value)
