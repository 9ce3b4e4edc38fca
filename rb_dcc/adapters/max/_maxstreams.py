"""Readers for the streams of a 3ds Max scene (an OLE compound file) that need no 3ds Max.

- ``\\x05DocumentSummaryInformation``: Max writes its "File Properties > Contents" here as two
  vectors, HeadingPairs (section title, item count, ...) and DocParts (the items in order):
  General ("3ds Max Version: 25.00", "Build: 25.3.0.3640", "Saved As Version: ..."),
  External Dependencies, Objects, Materials, Used Plug-Ins and Render Data ("Renderer Name=Arnold",
  "Render Width=1280", "Animation Start=0", "Render Output=...", "Render Camera 00=Camera001").
- ``FileAssetMetaData3`` (``...2`` before Max 2013): one record per external file: a 16-byte
  asset id, then length-prefixed UTF-16 strings: asset type, path as stored, and (version 3 only)
  the path it was last resolved to.
- ``DllDirectory``: Max's chunk format (u16 id, u32 size with the top bit meaning "has children",
  size 0 meaning a u64 size follows): entries 0x2038 holding a description (0x2039) and a DLL
  file name (0x2037), both UTF-16.
"""

from __future__ import annotations

import struct
from typing import Dict, Iterator, List, NamedTuple, Optional, Tuple

__all__ = ["doc_sections", "parse_assets", "MaxAsset", "parse_dll_directory", "StreamError"]


class StreamError(Exception):
    """A stream that does not follow the layout; the message says where."""


def _decode(value: object, codepage: int) -> str:
    if isinstance(value, str):
        return value
    if not isinstance(value, (bytes, bytearray)):
        return str(value)
    raw = bytes(value).split(b"\0", 1)[0]
    cp = codepage & 0xFFFF
    encodings = ["utf-8"] if cp == 65001 else ["cp%d" % cp, "utf-8"] if cp and cp != 1200 else ["utf-8"]
    for enc in encodings + ["latin-1"]:
        try:
            return raw.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("latin-1")


def doc_sections(props: Dict[int, object]) -> Dict[str, List[str]]:
    """{section title: [items]} from a DocumentSummaryInformation property dict (olefile's)."""
    codepage = props.get(1)
    cp = int(codepage) if isinstance(codepage, int) else 0
    pairs = props.get(12)  # PIDDSI_HEADINGPAIR
    parts = props.get(13)  # PIDDSI_DOCPARTS
    if not isinstance(pairs, list) or not isinstance(parts, list):
        raise StreamError("the document properties hold no section list (HeadingPairs/DocParts)")
    items = [_decode(p, cp) for p in parts]
    out: Dict[str, List[str]] = {}
    pos = 0
    for i in range(0, len(pairs) - 1, 2):
        title = _decode(pairs[i], cp)
        count = pairs[i + 1]
        if not isinstance(count, int) or count < 0:
            raise StreamError("section %r has no item count" % title)
        if pos + count > len(items):
            raise StreamError("section %r claims %d items but only %d are left" % (title, count, len(items) - pos))
        out.setdefault(title, []).extend(items[pos:pos + count])
        pos += count
    return out


class MaxAsset(NamedTuple):
    asset_id: str
    type: str
    path: str
    resolved: str


def _utf16(data: bytes, pos: int, what: str) -> Tuple[str, int]:
    if pos + 4 > len(data):
        raise StreamError("cut short before the %s at byte %d" % (what, pos))
    (n,) = struct.unpack_from("<I", data, pos)
    pos += 4
    if n > 32768:
        raise StreamError("implausible %s length %d at byte %d" % (what, n, pos - 4))
    end = pos + 2 * n
    if end + 2 > len(data):
        raise StreamError("cut short inside the %s at byte %d" % (what, pos))
    text = data[pos:end].decode("utf-16-le", "replace")
    return text, end + 2  # the string ends with a UTF-16 NUL not counted in n


def parse_assets(data: bytes, version: int) -> List[MaxAsset]:
    """The records of a FileAssetMetaData2/3 stream."""
    out: List[MaxAsset] = []
    pos = 0
    while pos < len(data):
        if pos + 16 > len(data):
            raise StreamError("cut short inside an asset id at byte %d" % pos)
        asset_id = data[pos:pos + 16].hex()
        pos += 16
        kind, pos = _utf16(data, pos, "asset type")
        path, pos = _utf16(data, pos, "asset path")
        resolved = ""
        if version >= 3:
            resolved, pos = _utf16(data, pos, "resolved asset path")
        out.append(MaxAsset(asset_id, kind, path, resolved))
    return out


def _chunks(data: bytes, start: int, end: int, depth: int = 0) -> Iterator[Tuple[int, int, int, bool]]:
    """(id, body start, body end, has children) for the chunks in data[start:end]."""
    pos = start
    while pos < end:
        if pos + 6 > end:
            raise StreamError("cut short inside a chunk header at byte %d" % pos)
        cid, size = struct.unpack_from("<HI", data, pos)
        head = 6
        if size == 0:
            if pos + 14 > end:
                raise StreamError("cut short inside a long chunk header at byte %d" % pos)
            (size,) = struct.unpack_from("<Q", data, pos + 6)
            head = 14
            children = bool(size >> 63)
            size &= (1 << 63) - 1
        else:
            children = bool(size >> 31)
            size &= (1 << 31) - 1
        if size < head or pos + size > end:
            raise StreamError("chunk 0x%04x at byte %d claims %d bytes; only %d are left" % (cid, pos, size, end - pos))
        yield cid, pos + head, pos + size, children
        pos += size


def parse_dll_directory(data: bytes) -> Dict[str, str]:
    """{dll file name (lower case): description} from a DllDirectory stream."""
    out: Dict[str, str] = {}
    for cid, b0, b1, children in _chunks(data, 0, len(data)):
        if cid != 0x2038 or not children:
            continue
        desc: Optional[str] = None
        name: Optional[str] = None
        for sub, s0, s1, _ in _chunks(data, b0, b1, 1):
            if sub == 0x2039:
                desc = data[s0:s1].decode("utf-16-le", "replace").rstrip("\0")
            elif sub == 0x2037:
                name = data[s0:s1].decode("utf-16-le", "replace").rstrip("\0")
        if name:
            out[name.lower()] = desc or ""
    return out
