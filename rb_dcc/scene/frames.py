"""The one frame-range type: ``FrameRange`` parses and prints "1-100[2]", "1,5,10-20", "-5--1".

Renderbus writes a chunk as ``start-end[step]`` (task.json ``frames``); artists also type
``1-100x2`` or ``1-100:2``; all three parse, and ``str()`` prints the Renderbus form.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, List, NamedTuple, Sequence, Tuple

__all__ = ["FrameRange", "FrameChunk", "FrameRangeError"]


class FrameRangeError(ValueError):
    """A frame range that cannot be read; the message quotes the text and says what is wrong."""


class FrameChunk(NamedTuple):
    start: int
    end: int
    step: int = 1

    def frames(self) -> Iterator[int]:
        return iter(range(self.start, self.end + 1, self.step))

    def __len__(self) -> int:  # type: ignore[override]
        return len(range(self.start, self.end + 1, self.step))

    def __str__(self) -> str:
        if self.start == self.end:
            return str(self.start)
        if self.step == 1:
            return "%d-%d" % (self.start, self.end)
        return "%d-%d[%d]" % (self.start, self.end, self.step)


_CHUNK = re.compile(
    r"""^\s*(?P<start>[+-]?\d+)
         (?:\s*-\s*(?P<end>[+-]?\d+)
            (?:\s*(?:\[\s*(?P<step1>\d+)\s*\]|[x:]\s*(?P<step2>\d+)))?
         )?\s*$""",
    re.VERBOSE,
)


class FrameRange:
    """An ordered list of frame chunks. Immutable, hashable, comparable, pydantic-ready (as text)."""

    __slots__ = ("_chunks",)

    def __init__(self, chunks: Sequence[Tuple[int, int, int]] = ()):
        checked = []
        for chunk in chunks:
            chunk = FrameChunk(*chunk)
            if chunk.step < 1:
                raise FrameRangeError("frame step must be 1 or more, got %d in %s" % (chunk.step, chunk))
            if chunk.end < chunk.start:
                raise FrameRangeError("frame range %d-%d runs backwards" % (chunk.start, chunk.end))
            checked.append(chunk)
        self._chunks: Tuple[FrameChunk, ...] = tuple(checked)

    # construction -------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: Any) -> "FrameRange":
        """Read "1-100", "1-100[2]", "1-100x2", "1,5,10-20", "1 5 10-20" or a single int."""
        if isinstance(text, FrameRange):
            return text
        if isinstance(text, int) and not isinstance(text, bool):
            return cls([(text, text, 1)])
        if not isinstance(text, str):
            raise FrameRangeError("a frame range must be text like '1-100[2]', got %r" % (text,))
        parts = [p for p in re.split(r"[,;\s]+(?![^\[]*\])", text.strip()) if p]
        if not parts:
            raise FrameRangeError("the frame range is empty; write it like '1-100' or '1,5,10-20'")
        chunks = []
        for part in parts:
            m = _CHUNK.match(part)
            if not m:
                raise FrameRangeError(
                    "cannot read frames %r in %r; write them like '1-100', '1-100[2]' or '1,5,10-20'"
                    % (part, text)
                )
            start = int(m.group("start"))
            end = int(m.group("end")) if m.group("end") is not None else start
            step = int(m.group("step1") or m.group("step2") or 1)
            chunks.append((start, end, step))
        return cls(chunks)

    @classmethod
    def from_bounds(cls, start: int, end: int, step: int = 1) -> "FrameRange":
        return cls([(int(start), int(end), int(step))])

    # reading ------------------------------------------------------------------------------
    @property
    def chunks(self) -> Tuple[FrameChunk, ...]:
        return self._chunks

    def frames(self) -> List[int]:
        """Every frame once, in order of first appearance."""
        seen = set()
        out = []
        for chunk in self._chunks:
            for f in chunk.frames():
                if f not in seen:
                    seen.add(f)
                    out.append(f)
        return out

    def __iter__(self) -> Iterator[int]:
        return iter(self.frames())

    def __len__(self) -> int:
        if len(self._chunks) == 1:
            return len(self._chunks[0])
        return len(self.frames())

    def __contains__(self, frame: object) -> bool:
        return any(
            isinstance(frame, int) and c.start <= frame <= c.end and (frame - c.start) % c.step == 0
            for c in self._chunks
        )

    @property
    def first(self) -> int:
        return min(c.start for c in self._chunks)

    @property
    def last(self) -> int:
        return max(c.start + (len(c) - 1) * c.step for c in self._chunks)

    @property
    def step(self) -> int:
        """The step of a single-chunk range (1 for anything else)."""
        return self._chunks[0].step if len(self._chunks) == 1 else 1

    def __str__(self) -> str:
        return ",".join(str(c) for c in self._chunks)

    def __repr__(self) -> str:
        return "FrameRange(%r)" % str(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            try:
                other = FrameRange.parse(other)
            except FrameRangeError:
                return False
        return isinstance(other, FrameRange) and self._chunks == other._chunks

    def __hash__(self) -> int:
        return hash(self._chunks)

    def __bool__(self) -> bool:
        return bool(self._chunks)

    # pydantic v2: validated from text or int, serialised as text --------------------------
    @classmethod
    def __get_pydantic_core_schema__(cls, _source: Any, _handler: Any) -> Any:
        from pydantic_core import core_schema

        def validate(value: Any) -> "FrameRange":
            try:
                return cls.parse(value)
            except FrameRangeError as exc:
                raise ValueError(str(exc)) from None

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
            json_schema_input_schema=core_schema.str_schema(),
        )
