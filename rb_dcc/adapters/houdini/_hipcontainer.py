"""The section container of a Houdini scene file, read as a stream.

A ``.hip`` is an old-style portable cpio archive (``odc``): each section is a 76-byte ASCII header
(magic ``070707``, then octal fields; name size at 59:65, body size at 65:76), the NUL-terminated
section name and the body; the archive ends with a section named ``TRAILER!!!``.

``.hipnc`` / ``.hiplc`` (Apprentice / Indie) drop the sizes: every section starts with a 6-byte
marker (``HouNC\\x1a`` / ``HouLC\\x1a``, the same as the file's first bytes), 28 hex digits, the
NUL-terminated name, and the body runs to the next marker. The file ends with an empty section
named ``NON_COMMERCIAL_FILE!!!`` / ``LIMITED_COMMERCIAL_FILE!!!``.

``iter_sections`` yields ``(name, body)`` in file order. Bodies are read only for the sections the
caller wants (others are skipped, or scanned past without being kept), and a wanted body larger
than ``max_body`` is dropped (``body is None``) so memory stays bounded whatever the file size.
Anything that does not follow the layout raises ``HipFormatError`` with what is wrong and where.
"""

from __future__ import annotations

import os
import re
from typing import BinaryIO, Callable, Iterator, Optional, Tuple

from ..base import identify_file

__all__ = ["HipFormatError", "iter_sections", "sniff", "CPIO_MAGIC", "MARKERS"]

CPIO_MAGIC = b"070707"
CPIO_HEADER = 76
CPIO_TRAILER = "TRAILER!!!"
MARKERS = {b"HouNC\x1a": "NON_COMMERCIAL_FILE!!!", b"HouLC\x1a": "LIMITED_COMMERCIAL_FILE!!!"}
_MARKER_HEX = 28
_MAX_NAME = 4096
_CHUNK = 1 << 20
_HEX_RE = re.compile(rb"[0-9a-fA-F]{%d}" % _MARKER_HEX)


class HipFormatError(Exception):
    """The file does not follow the .hip container layout; the message says where and how."""


def sniff(head: bytes) -> str:
    """'cpio', 'marker' or '' from the first bytes of a file."""
    if head.startswith(CPIO_MAGIC):
        return "cpio"
    if head[:6] in MARKERS:
        return "marker"
    return ""


Want = Callable[[str], bool]


def iter_sections(
    f: BinaryIO, want: Want, *, max_body: int = 64 << 20, file_size: Optional[int] = None
) -> Iterator[Tuple[str, Optional[bytes]]]:
    """Yield ``(name, body)`` for every section; ``body`` is None when not wanted or too big."""
    head = f.read(6)
    kind = sniff(head)
    if kind == "cpio":
        return _iter_cpio(f, head, want, max_body, file_size)
    if kind == "marker":
        return _iter_marker(f, head, want, max_body)
    if not head:
        raise HipFormatError("the file is empty")
    raise HipFormatError(
        "not a Houdini scene: it starts with %r, not a .hip archive header (070707) or HouNC/HouLC%s"
        % (head, _looks_like(head + f.read(26)))
    )


def _looks_like(head: bytes) -> str:
    what = identify_file(head)
    return "; it looks like %s" % what if what else ""


# cpio (odc) -----------------------------------------------------------------------------------


def _octal(field: bytes, what: str, offset: int) -> int:
    try:
        return int(field.decode("ascii"), 8)
    except (UnicodeDecodeError, ValueError):
        raise HipFormatError("bad %s %r in the section header at byte %d" % (what, field, offset)) from None


def _iter_cpio(
    f: BinaryIO, head: bytes, want: Want, max_body: int, file_size: Optional[int]
) -> Iterator[Tuple[str, Optional[bytes]]]:
    if file_size is None:
        try:
            file_size = os.fstat(f.fileno()).st_size
        except (AttributeError, OSError, ValueError):
            file_size = None
    offset = 0
    header = head + f.read(CPIO_HEADER - len(head))
    while True:
        if len(header) < CPIO_HEADER:
            raise HipFormatError(
                "truncated at byte %d: a section header is cut short and the archive has no %s"
                % (offset, CPIO_TRAILER)
            )
        if not header.startswith(CPIO_MAGIC):
            raise HipFormatError("no section header at byte %d (found %r)" % (offset, header[:12]))
        name_size = _octal(header[59:65], "name size", offset)
        body_size = _octal(header[65:76], "section size", offset)
        if name_size < 1 or name_size > _MAX_NAME:
            raise HipFormatError("implausible section name size %d at byte %d" % (name_size, offset))
        raw_name = f.read(name_size)
        if len(raw_name) < name_size:
            raise HipFormatError("truncated at byte %d: a section name is cut short" % (offset + CPIO_HEADER))
        name = raw_name.rstrip(b"\0").decode("utf-8", "replace")
        body_at = offset + CPIO_HEADER + name_size
        if file_size is not None and body_at + body_size > file_size:
            raise HipFormatError(
                "truncated: section %r at byte %d claims %d bytes but the file ends at byte %d"
                % (name, offset, body_size, file_size)
            )
        body: Optional[bytes] = None
        if want(name) and body_size <= max_body:
            body = f.read(body_size)
            if len(body) < body_size:
                raise HipFormatError("truncated in section %r (byte %d)" % (name, body_at + len(body)))
        else:
            _skip(f, body_size, name, body_at)
        yield name, body
        if name == CPIO_TRAILER:
            return
        offset = body_at + body_size
        header = f.read(CPIO_HEADER)
        if not header:
            raise HipFormatError(
                "truncated: the file ends at byte %d without the %s section" % (offset, CPIO_TRAILER)
            )


def _skip(f: BinaryIO, n: int, name: str, at: int) -> None:
    try:
        f.seek(n, os.SEEK_CUR)
        return
    except (AttributeError, OSError, ValueError):
        pass
    left = n
    while left:
        got = f.read(min(left, _CHUNK))
        if not got:
            raise HipFormatError("truncated in section %r (byte %d)" % (name, at + n - left))
        left -= len(got)


# marker-split (.hipnc / .hiplc) ---------------------------------------------------------------


class _Buffer:
    """A read-ahead window on the file: ``data[pos:]`` is what has not been consumed yet.

    Consuming moves ``pos``; the consumed front is dropped only when it is most of the buffer,
    so many small sections do not each shift a megabyte of read-ahead."""

    def __init__(self, f: BinaryIO, start: bytes):
        self.f = f
        self.data = bytearray(start)
        self.pos = 0
        self.offset = 0  # file offset of data[pos]
        self.eof = False

    def __len__(self) -> int:
        return len(self.data) - self.pos

    def _compact(self) -> None:
        if self.pos and self.pos >= len(self.data) // 2:
            del self.data[:self.pos]
            self.pos = 0

    def fill(self, n: int) -> None:
        """Read until ``n`` unconsumed bytes are buffered (or the file ends)."""
        while len(self) < n and not self.eof:
            self._compact()
            chunk = self.f.read(max(_CHUNK, n - len(self)))
            if not chunk:
                self.eof = True
            else:
                self.data += chunk

    def more(self) -> bool:
        if self.eof:
            return False
        self._compact()
        chunk = self.f.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.data += chunk
        return True

    def find(self, needle: bytes, start: int = 0, end: Optional[int] = None) -> int:
        stop = len(self.data) if end is None else self.pos + end
        i = self.data.find(needle, self.pos + start, stop)
        return -1 if i < 0 else i - self.pos

    def peek(self, a: int, b: int) -> bytes:
        return bytes(self.data[self.pos + a:self.pos + b])

    def take(self, n: int) -> bytes:
        out = bytes(self.data[self.pos:self.pos + n])
        self.pos += len(out)
        self.offset += len(out)
        return out


def _marker_header(buf: _Buffer, at: int, marker: bytes) -> Optional[Tuple[str, int]]:
    """(name, length of marker+header+name+NUL) when a valid section header starts at ``at``."""
    buf.fill(at + len(marker) + _MARKER_HEX + _MAX_NAME + 1)
    if buf.peek(at, at + len(marker)) != marker:
        return None
    h = at + len(marker)
    if not _HEX_RE.fullmatch(buf.peek(h, h + _MARKER_HEX)):
        return None
    name_at = h + _MARKER_HEX
    nul = buf.find(b"\0", name_at, name_at + _MAX_NAME + 1)
    if nul < 0:
        return None
    raw = buf.peek(name_at, nul)
    if b"\n" in raw:
        return None
    return raw.decode("utf-8", "replace"), nul + 1 - at


def _iter_marker(f: BinaryIO, head: bytes, want: Want, max_body: int) -> Iterator[Tuple[str, Optional[bytes]]]:
    marker = head[:6]
    trailer = MARKERS[marker]
    buf = _Buffer(f, head)
    last: Optional[Tuple[str, int]] = None
    while True:
        found = _marker_header(buf, 0, marker)
        if found is None:
            raise HipFormatError("bad section header at byte %d (%r)" % (buf.offset, buf.peek(0, 40)))
        name, hlen = found
        buf.take(hlen)
        keep = want(name)
        body: Optional[bytearray] = bytearray() if keep else None
        size = 0
        search_from = 0
        while True:
            i = buf.find(marker, search_from)
            if i >= 0:
                if _marker_header(buf, i, marker) is not None:
                    chunk = buf.take(i)
                    break
                search_from = i + 1  # the marker bytes inside a body; keep looking
                continue
            if buf.eof:
                chunk = buf.take(len(buf))
                break
            # keep a tail that may hold the start of a marker; the rest is body
            part = buf.take(max(0, len(buf) - (len(marker) - 1)))
            size += len(part)
            if body is not None:
                if size > max_body:
                    body = None
                else:
                    body += part
            search_from = 0
            buf.more()
        size += len(chunk)
        if body is not None:
            body = None if size > max_body else body + chunk
        yield name, (bytes(body) if body is not None else None)
        last = (name, size)
        if not len(buf) and buf.eof:
            break
    if last is None or last[0] != trailer or last[1] != 0:
        raise HipFormatError(
            "truncated: the file ends inside section %r without the closing %s section"
            % (last[0] if last else "?", trailer)
        )
