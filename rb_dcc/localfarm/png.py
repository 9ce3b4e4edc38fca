"""Tiny PNG writer (zlib + struct) for rendered frames, thumbnails and progress images."""

from __future__ import annotations

import struct
import zlib
from typing import Iterable, Tuple

# 3x5 pixel glyphs, rows top to bottom, 3 bits each.
_DIGITS = {
    "0": (7, 5, 5, 5, 7), "1": (2, 6, 2, 2, 7), "2": (7, 1, 7, 4, 7), "3": (7, 1, 7, 1, 7),
    "4": (5, 5, 7, 1, 1), "5": (7, 4, 7, 1, 7), "6": (7, 4, 7, 5, 7), "7": (7, 1, 1, 1, 1),
    "8": (7, 5, 7, 5, 7), "9": (7, 5, 7, 1, 7), "-": (0, 0, 7, 0, 0),
}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_rgb(width: int, height: int, rows: Iterable[bytes]) -> bytes:
    """PNG bytes from ``height`` rows of ``width*3`` RGB bytes each."""
    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(raw, 6))
            + _chunk(b"IEND", b""))


def _hue(seed: int) -> Tuple[int, int, int]:
    h = (seed * 47) % 360
    c, x = 190, int(190 * (1 - abs((h / 60.0) % 2 - 1)))
    table = [(c, x, 0), (x, c, 0), (0, c, x), (0, x, c), (x, 0, c), (c, 0, x)]
    r, g, b = table[int(h // 60) % 6]
    return r + 40, g + 40, b + 40


def frame_image(width: int, height: int, frame: int, seed: int = 0, failed: bool = False,
                progress: float = 1.0) -> bytes:
    """A vertical gradient tinted per task with the frame number in big digits.

    ``failed`` adds red diagonal stripes; ``progress`` < 1 greys out the unrendered lower part
    (a bucket-style progress view).
    """
    base = _hue(seed)
    text = str(frame)
    scale = max(1, min(height // 8, (width * 2 // 3) // max(1, 4 * len(text))))
    tw, th = (4 * len(text) - 1) * scale, 5 * scale
    x0, y0 = (width - tw) // 2, (height - th) // 2
    stripe = bytearray()
    for x in range(width + 24):
        stripe += b"\xdc\x1e\x1e" if (x // 6) % 4 == 0 else b"\x00\x00\x00"
    cut = int(height * max(0.0, min(1.0, progress)))
    rows = []
    for y in range(height):
        if y >= cut:
            rows.append(b"\x28\x28\x28" * width)
            continue
        shade = 0.35 + 0.65 * (y / max(1, height - 1))
        row = bytearray(bytes(int(c * shade) for c in base) * width)
        if failed:
            off = (y % 24) * 3
            pattern = stripe[off:off + width * 3]
            for i in range(0, width * 3, 72):
                if pattern[i]:
                    row[i:i + 18] = pattern[i:i + 18]
        ty = y - y0
        if 0 <= ty < th:
            bits_row = ty // scale
            white = b"\xff\xff\xff" * scale
            for i, ch in enumerate(text):
                bits = _DIGITS.get(ch, (0, 0, 0, 0, 0))[bits_row]
                for bx in range(3):
                    if bits & (4 >> bx):
                        start = (x0 + (i * 4 + bx) * scale) * 3
                        row[start:start + len(white)] = white
        rows.append(bytes(row[:width * 3]))
    return encode_rgb(width, height, rows)
