"""Frame strings of task.json (``"1-100[1]"``, ``"1,5,10-20"``, ``"1001-1100[2]"``) and frame groups."""

from __future__ import annotations

import re
from typing import List

_PART = re.compile(r"^\s*(-?\d+)\s*(?:-\s*(-?\d+)\s*(?:\[\s*(\d+)\s*\])?)?\s*$")
MAX_FRAMES = 200000


class FrameSpecError(ValueError):
    pass


def parse_frames(text: str) -> List[int]:
    """Sorted unique frame numbers; raises FrameSpecError naming the bad part."""
    out = set()
    for part in re.split(r"[,;\s]+(?![^\[]*\])", str(text).strip()):
        if not part:
            continue
        m = _PART.match(part)
        if not m:
            raise FrameSpecError("cannot read frame range %r (use forms like 1-100[1] or 1,5,10-20)" % part)
        start = int(m.group(1))
        end = int(m.group(2)) if m.group(2) is not None else start
        step = int(m.group(3) or 1)
        if step < 1:
            raise FrameSpecError("frame step must be at least 1 in %r" % part)
        if end < start:
            start, end = end, start
        if (end - start) // step + len(out) > MAX_FRAMES:
            raise FrameSpecError("more than %d frames in %r" % (MAX_FRAMES, text))
        out.update(range(start, end + 1, step))
    return sorted(out)


def group_label(frames: List[int]) -> str:
    """``frameIndex`` of a frame row: ``"7"`` for one frame, ``"2-4[1]"`` for a run with one step."""
    if len(frames) == 1:
        return str(frames[0])
    step = frames[1] - frames[0]
    if all(b - a == step for a, b in zip(frames, frames[1:])):
        return "%d-%d[%d]" % (frames[0], frames[-1], step)
    return ",".join(str(f) for f in frames)
