"""Maya binary (.mb): walk the IFF chunk tree and feed ``MayaSceneBuilder``.

Layout (big-endian). A chunk is a 4-byte tag and its size: ``FOR4`` files use a 4-byte size and
pad chunk data to 4 bytes; ``FOR8`` files put 4 unused bytes after the tag, use an 8-byte size and
pad leaf data to 8 bytes. Groups (``FOR4/FOR8``, ``LIS4/LIS8``, ``CAT4/CAT8``, ``PROP``) start their
data with a 4-byte form type and hold child chunks. The file is one ``FOR? Maya`` group: a
``HEAD`` group (``VERS`` version, ``PLUG`` plug-ins, ``FINF`` file info, ``FREF`` references,
``TUNI`` time unit, ``TDUR`` ticks per second), then one group per node whose form type is the
node type id, holding ``CREA`` (flags, name, parent, UUID) or ``SLCT`` (an existing node) and one
chunk per attribute (``STR `` string, ``DBLE`` doubles...: attribute name, NUL, a flag byte, data).

The walk seeks over everything it does not need (geometry, connections), so memory stays small
and time follows the number of chunks, not the bytes.
"""

from __future__ import annotations

import os
import struct
from typing import BinaryIO, List, Optional, Tuple

from ._ma_scene import MayaSceneBuilder, Reference
from ._tables import fps_for_unit

__all__ = ["read_mb", "MbFormatError", "GROUP_TAGS", "iter_chunks"]

GROUP_TAGS = {b"FOR4", b"FOR8", b"LIS4", b"LIS8", b"CAT4", b"CAT8", b"PROP", b"PRO8"}
_READ_TAGS = {b"VERS", b"PLUG", b"FINF", b"FREF", b"TUNI", b"TDUR", b"CREA", b"SLCT", b"STR ", b"DBLE"}
_MAX_STRING = 1 << 20
TIME_ATTRS = {"o", "outTime", "fs", "startFrame", "ef", "endFrame", "unw"}

# node type ids of built-in nodes we need to know by type (four-character codes)
TYPE_IDS = {
    b"DCAM": "camera",
    b"RTFT": "file",
    b"RNDL": "renderLayer",
    b"AUDI": "audio",
    b"IMPL": "imagePlane",
}
# attribute names that name a file whatever node holds them -> the node type they imply
_GENERIC_PATH_ATTRS = {
    "ftn": "file",
    "fileTextureName": "file",
    "dso": "aiStandIn",
    "cfn": "gpuCache",
    "cacheFileName": "gpuCache",
    "abc_File": "AlembicNode",
    "xfn": "xgmPalette",
    "xgFileName": "xgmPalette",
    "tex0": "RedshiftDomeLight",
    "otlFilePath": "houdiniAsset",
    "lightColorMap": "PxrDomeLight",
    "iesFile": "VRayLightIESShape",
}
_BY_EXTENSION = {
    ".abc": "AlembicNode",
    ".vrmesh": "VRayMesh",
    ".rs": "RedshiftProxyMesh",
    ".ass": "aiStandIn",
    ".vdb": "aiVolume",
    ".wav": "audio",
    ".aif": "audio",
    ".aiff": "audio",
    ".mp3": "audio",
}


class MbFormatError(ValueError):
    """The bytes are not a readable Maya binary file; the message says what and where."""


def _align(n: int, a: int) -> int:
    return (n + a - 1) // a * a


def _looks_like_path(value: str) -> bool:
    return ("/" in value or "\\" in value or "." in os.path.basename(value)) and "\n" not in value


class _Walker:
    def __init__(self, fh: BinaryIO, size: int, builder: MayaSceneBuilder):
        self.fh = fh
        self.size = size
        self.b = builder
        self.node_id: Optional[bytes] = None
        self.node_name = ""
        self.node_parent = ""
        self.node_created = False

    def read_at(self, offset: int, n: int) -> bytes:
        self.fh.seek(offset)
        data = self.fh.read(n)
        if len(data) < n:
            raise MbFormatError(
                "the file ends at byte %d, inside a chunk that needs %d bytes from %d: it is truncated"
                % (self.size, n, offset)
            )
        return data

    def header(self, offset: int, wide: bool) -> Tuple[bytes, int, int]:
        hl = 16 if wide else 8
        h = self.read_at(offset, hl)
        tag = h[:4]
        size = struct.unpack(">Q", h[8:16])[0] if wide else struct.unpack(">I", h[4:8])[0]
        return tag, size, offset + hl

    def walk(self) -> None:
        tag, size, data = self.header(0, False)
        if tag == b"FOR8":
            tag, size, data = self.header(0, True)
            wide = True
        elif tag == b"FOR4":
            wide = False
        else:
            raise MbFormatError("it does not start with an IFF FOR4/FOR8 chunk (found %r)" % tag)
        form = self.read_at(data, 4)
        if form != b"Maya":
            raise MbFormatError("an IFF file of type %r, not a Maya scene" % form)
        end = data + size
        if end > self.size:
            raise MbFormatError(
                "the file is %d bytes but its top chunk says %d: it is truncated" % (self.size, end)
            )
        # stack of (end, wide, depth)
        stack: List[Tuple[int, bool, int]] = [(end, wide, 0)]
        pos = data + 4
        while stack:
            g_end, g_wide, depth = stack[-1]
            hl = 16 if g_wide else 8
            if pos + hl > g_end:
                if g_end - pos > 8:
                    raise MbFormatError("%d stray bytes at offset %d before the end of a group" % (g_end - pos, pos))
                stack.pop()
                pos = _align(g_end, 4)
                if depth == 1:
                    self.end_node()
                continue
            tag, size, data = self.header(pos, g_wide)
            if data + size > g_end:
                raise MbFormatError(
                    "chunk %r at offset %d holds %d bytes, past the end of its group at %d (corrupt or truncated)"
                    % (tag, pos, size, g_end)
                )
            if tag in GROUP_TAGS:
                if size < 4:
                    raise MbFormatError("group %r at offset %d is too small (%d bytes)" % (tag, pos, size))
                form = self.read_at(data, 4)
                wide = tag.endswith(b"8")
                if depth == 0 and tag in (b"FOR4", b"FOR8"):
                    self.begin_node(form)
                if depth == 0 and form == b"CONS" or len(stack) > 64:
                    pos = _align(data + size, 4)  # connections, or nesting no Maya file has
                    continue
                stack.append((data + size, wide, depth + 1))
                pos = data + 4
                continue
            if tag in _READ_TAGS:
                self.leaf(tag, data, size)
            pos = data + _align(size, 8 if g_wide else 4)

    # nodes --------------------------------------------------------------------------------------
    def begin_node(self, form: bytes) -> None:
        self.node_id = form
        self.node_name = ""
        self.node_parent = ""
        self.node_created = False
        self.b.current = None

    def end_node(self) -> None:
        self.node_id = None
        self.b.current = None

    def ensure_node(self, type_: str) -> None:
        """Create the builder node once we know (or guess from an attribute) its type."""
        if not self.node_created and self.node_name:
            self.b.on_create(type_, self.node_name, self.node_parent)
            self.node_created = True

    # leaves -------------------------------------------------------------------------------------
    def leaf(self, tag: bytes, data: int, size: int) -> None:
        b = self.b
        if tag == b"STR ":
            raw = self.read_at(data, min(size, 512))
            name, _, _rest = raw.partition(b"\0")
            attr = name.decode("ascii", "replace")
            if not self._want_string(attr):
                return
            if size > 512:
                raw = self.read_at(data, min(size, _MAX_STRING))
            value = raw[len(name) + 2:].split(b"\0", 1)[0]
            self.set_string(attr, _decode(value))
            return
        raw = self.read_at(data, min(size, _MAX_STRING))
        if tag == b"DBLE":
            name, _, rest = raw.partition(b"\0")
            attr = name.decode("ascii", "replace")
            if b.current is None or not b.wants(attr):
                return
            if attr in TIME_ATTRS:
                # time is a whole number of ticks: 4 bytes at 6000 per second in older files,
                # 8 bytes at TDUR per second (141120000) since Maya 2017
                if len(rest) == 5:
                    ticks, tps = struct.unpack(">i", rest[1:5])[0], 6000.0
                elif len(rest) >= 9:
                    ticks, tps = struct.unpack(">q", rest[1:9])[0], b.ticks_per_second or 141120000.0
                else:
                    return
                fps = fps_for_unit(b.time_unit) or 24.0
                b.on_set_attr(attr, ticks * fps / tps)
            elif len(rest) >= 9:
                b.on_set_attr(attr, struct.unpack(">d", rest[1:9])[0])
            return
        if tag == b"CREA":
            self.crea(raw)
        elif tag == b"SLCT":
            b.on_select(_decode(raw.split(b"\0", 1)[0]))
            self.node_created = True
        elif tag == b"VERS":
            b.header_version = _decode(raw.rstrip(b"\0"))
            b.requires_maya = b.requires_maya or b.header_version
        elif tag == b"PLUG":
            parts = raw.split(b"\0")
            if parts and parts[0]:
                b.on_requires(_decode(parts[0]), _decode(parts[1]).strip() if len(parts) > 1 else "", [])
        elif tag == b"FINF":
            parts = raw.split(b"\0")
            if len(parts) >= 2 and parts[0]:
                b.on_file_info(_decode(parts[0]), _decode(parts[1]))
        elif tag == b"TUNI":
            b.time_unit = _decode(raw.rstrip(b"\0"))
        elif tag == b"TDUR":
            try:
                b.ticks_per_second = float(_decode(raw.rstrip(b"\0")))
            except ValueError:
                pass
        elif tag == b"FREF":
            self.fref(raw)

    def crea(self, raw: bytes) -> None:
        if not raw:
            return
        flags = raw[0]
        body = raw[1:]
        if flags & 0x80 and len(body) >= 17:
            body = body[:-16]  # the node's UUID (Maya 2016 and later)
        parts = body.split(b"\0")
        self.node_name = _decode(parts[0])
        self.node_parent = _decode(parts[1]) if len(parts) > 2 and parts[1] else ""
        self.node_created = False
        if self.node_id in TYPE_IDS:
            self.ensure_node(TYPE_IDS[self.node_id])

    def _want_string(self, attr: str) -> bool:
        b = self.b
        if b.current is not None and b.wants(attr):
            return True
        if self.node_created:
            return False
        return attr in _GENERIC_PATH_ATTRS or attr in ("fn", "filename", "f", "imn")

    def set_string(self, attr: str, value: str) -> None:
        b = self.b
        if b.current is not None and b.wants(attr):
            b.on_set_attr(attr, value)
            return
        if self.node_created or not value:
            return
        # a node of a type we cannot name from its id: the attribute says what it is
        type_ = _GENERIC_PATH_ATTRS.get(attr)
        if type_ is None:
            if not _looks_like_path(value) or self.node_id == b"DCAM":
                return
            ext = os.path.splitext(value.split("?")[0])[1].lower()
            if attr == "fn":
                type_ = _BY_EXTENSION.get(ext, "AlembicNode" if ext else None)
            elif attr == "filename":
                type_ = "aiVolume" if ext == ".vdb" else "aiImage"
            elif attr == "imn":
                type_ = "imagePlane"
            elif attr == "f" and _BY_EXTENSION.get(ext) == "audio":
                type_ = "audio"
        if type_ is None:
            return
        self.ensure_node(type_)
        if b.current is not None and b.wants(attr):
            b.on_set_attr(attr, value)

    def fref(self, raw: bytes) -> None:
        """A file reference: NUL-separated strings; the path is the one that names a scene file."""
        parts = [_decode(p) for p in raw.split(b"\0") if p]
        path = ""
        for p in parts:
            if _looks_like_path(p) and os.path.splitext(p.split("{")[0])[1].lower() in (".ma", ".mb", ".abc", ".fbx", ".obj"):
                path = p
        if not path:
            paths = [p for p in parts if "/" in p or "\\" in p]
            path = paths[-1] if paths else ""
        if path:
            node = next((p for p in parts if p.endswith("RN")), "")
            self.b.on_reference(Reference(path=path, namespace="", node=node, deferred=False, file_type=""))
        else:
            self.b.warn("a file reference (FREF chunk) with no readable path", ref="FREF")


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def read_mb(fh: BinaryIO, builder: MayaSceneBuilder) -> None:
    fh.seek(0, 2)
    size = fh.tell()
    fh.seek(0)
    _Walker(fh, size, builder).walk()


def iter_chunks(fh: BinaryIO):
    """Yield (depth, tag, form_or_None, offset, size) for every chunk (for tests and debugging)."""
    fh.seek(0, 2)
    total = fh.tell()
    w = _Walker(fh, total, MayaSceneBuilder("", "binary"))
    tag, size, data = w.header(0, False)
    wide = tag == b"FOR8"
    if wide:
        tag, size, data = w.header(0, True)
    yield 0, tag, w.read_at(data, 4), 0, size
    stack = [(data + size, wide, 1)]
    pos = data + 4
    while stack:
        g_end, g_wide, depth = stack[-1]
        hl = 16 if g_wide else 8
        if pos + hl > g_end:
            stack.pop()
            pos = _align(g_end, 4)
            continue
        tag, size, d = w.header(pos, g_wide)
        if tag in GROUP_TAGS:
            form = w.read_at(d, 4)
            yield depth, tag, form, pos, size
            stack.append((d + size, tag.endswith(b"8"), depth + 1))
            pos = d + 4
        else:
            yield depth, tag, None, pos, size
            pos = d + _align(size, 8 if g_wide else 4)
