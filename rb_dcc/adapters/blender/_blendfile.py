"""A lazy, read-only .blend reader: file header, block headers, SDNA, typed field access.

A .blend file is a header followed by blocks. Each block has a small header (code, size, the
pointer it had in memory when saved, the SDNA index of its struct, a count) and its data. The
last block before ``ENDB`` is ``DNA1``: the SDNA, which lists every struct with its fields'
types and names, so field offsets come from the file itself, never from a table of ours.

Layouts handled:

* ``BLENDER_v248`` / ``BLENDER-v279`` (12-byte header: ``_`` = 4-byte pointers, ``-`` = 8-byte;
  ``v`` = little endian, ``V`` = big endian; three version digits), small block headers;
* ``BLENDER17-01v0501`` (Blender 5.x: header size, ``-``, format version ``01`` = large 64-bit
  block headers, endian, four version digits);
* plain, gzip and zstd compressed files (zstd needs the ``zstandard`` package).

Only block headers are read up front (one pass, seeking over the data); a block's data is read
when a caller asks for it. Compressed files are decompressed once into a temporary file (memory
for small ones) and read the same way.
"""

from __future__ import annotations

import gzip
import mmap
import os
import re
import struct
import tempfile
from typing import Dict, Iterator, List, Optional, Tuple

__all__ = ["BlendFile", "BlendFileError", "Block", "Record", "SDNA", "DNAStruct", "DNAField"]

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# decompressed data up to this size stays in memory; more goes to a temporary file
_SPOOL_LIMIT = 64 * 1024 * 1024
_HEADER_RE_OLD = re.compile(rb"^BLENDER([_-])([vV])(\d{3})")
_HEADER_RE_NEW = re.compile(rb"^BLENDER(\d\d)-(\d\d)([vV])(\d{4})")

# single-value unpack codes for DNA's basic types, by type name (sizes are checked against TLEN)
_BASIC = {
    b"char": "b", b"uchar": "B", b"short": "h", b"ushort": "H", b"int": "i", b"uint": "I",
    b"float": "f", b"double": "d", b"int8_t": "b", b"uint8_t": "B", b"int16_t": "h",
    b"uint16_t": "H", b"int32_t": "i", b"uint32_t": "I", b"int64_t": "q", b"uint64_t": "Q",
    b"long": "i", b"ulong": "I", b"bool": "?",
}


class BlendFileError(Exception):
    """The bytes are not a readable .blend file; the message says what is wrong (no path)."""


class DNAField:
    """One field of an SDNA struct: where it is and how to read it."""

    __slots__ = ("name", "full_name", "type_name", "offset", "size", "is_pointer", "dims", "type_size")

    def __init__(self, name: str, full_name: str, type_name: bytes, offset: int, size: int,
                 is_pointer: bool, dims: Tuple[int, ...], type_size: int):
        self.name = name
        self.full_name = full_name
        self.type_name = type_name
        self.offset = offset
        self.size = size
        self.is_pointer = is_pointer
        self.dims = dims
        self.type_size = type_size

    def __repr__(self) -> str:
        return "DNAField(%s %s @%d size=%d)" % (self.type_name.decode("latin-1"), self.full_name, self.offset, self.size)


class DNAStruct:
    __slots__ = ("index", "name", "size", "fields")

    def __init__(self, index: int, name: bytes, size: int):
        self.index = index
        self.name = name
        self.size = size
        self.fields: Dict[str, DNAField] = {}

    def field(self, *names: str) -> Optional[DNAField]:
        """The first field that exists among ``names`` (DNA renames fields across versions)."""
        for n in names:
            f = self.fields.get(n)
            if f is not None:
                return f
        return None

    def __repr__(self) -> str:
        return "DNAStruct(%s, %d bytes, %d fields)" % (self.name.decode("latin-1"), self.size, len(self.fields))


def _parse_field_name(raw: bytes) -> Tuple[str, bool, Tuple[int, ...]]:
    """``b'*next'`` -> ('next', True, ()); ``b'mat[4][4]'`` -> ('mat', False, (4, 4)); ``b'(*func)()'``."""
    text = raw.decode("latin-1")
    is_pointer = "*" in text
    dims = tuple(int(d) for d in re.findall(r"\[(\d+)\]", text))
    if text.startswith("(*"):  # function pointer: (*name)(args)
        name = text[2:text.index(")")] if ")" in text else text[2:]
        dims = ()
    else:
        name = text.split("[", 1)[0].lstrip("*")
    return name.strip(), is_pointer, dims


class SDNA:
    """The struct catalogue stored in the file's ``DNA1`` block."""

    def __init__(self, data: bytes, endian: str, ptr_size: int):
        self.endian = endian
        self.ptr_size = ptr_size
        self.structs: List[DNAStruct] = []
        self.by_name: Dict[bytes, DNAStruct] = {}
        self.type_names: List[bytes] = []
        self.type_sizes: List[int] = []
        self._parse(data)

    def _parse(self, data: bytes) -> None:
        pos = 0
        end = len(data)

        def need(n: int) -> None:
            if pos + n > end:
                raise BlendFileError("the SDNA block is cut short (at byte %d of %d)" % (pos, end))

        def tag(expected: bytes) -> None:
            nonlocal pos
            pos = (pos + 3) & ~3
            need(4)
            if data[pos:pos + 4] != expected:
                raise BlendFileError("the SDNA block is damaged: %r expected, %r found" % (expected, data[pos:pos + 4]))
            pos += 4

        def count() -> int:
            nonlocal pos
            need(4)
            (n,) = struct.unpack_from(self.endian + "i", data, pos)
            pos += 4
            if n < 0 or n > end:
                raise BlendFileError("the SDNA block is damaged: impossible count %d" % n)
            return n

        def strings(n: int) -> List[bytes]:
            nonlocal pos
            out = []
            for _ in range(n):
                stop = data.find(b"\0", pos)
                if stop < 0:
                    raise BlendFileError("the SDNA block is damaged: unterminated name")
                out.append(data[pos:stop])
                pos = stop + 1
            return out

        pos = 0
        need(4)
        if data[:4] != b"SDNA":
            raise BlendFileError("the DNA1 block does not start with SDNA")
        pos = 4
        tag(b"NAME")
        names = strings(count())
        tag(b"TYPE")
        types = strings(count())
        tag(b"TLEN")
        need(2 * len(types))
        sizes = list(struct.unpack_from(self.endian + "%dh" % len(types), data, pos))
        pos += 2 * len(types)
        tag(b"STRC")
        n_structs = count()
        self.type_names = types
        self.type_sizes = sizes
        parsed_names = [_parse_field_name(n) for n in names]
        for index in range(n_structs):
            need(4)
            type_index, n_fields = struct.unpack_from(self.endian + "hh", data, pos)
            pos += 4
            need(4 * n_fields)
            pairs = struct.unpack_from(self.endian + "%dh" % (2 * n_fields), data, pos)
            pos += 4 * n_fields
            if not 0 <= type_index < len(types):
                raise BlendFileError("the SDNA block is damaged: struct %d has type %d" % (index, type_index))
            st = DNAStruct(index, types[type_index], sizes[type_index])
            offset = 0
            for i in range(n_fields):
                ftype, fname = pairs[2 * i], pairs[2 * i + 1]
                if not (0 <= ftype < len(types) and 0 <= fname < len(names)):
                    raise BlendFileError("the SDNA block is damaged: struct %r field %d" % (st.name, i))
                name, is_pointer, dims = parsed_names[fname]
                n_items = 1
                for d in dims:
                    n_items *= d
                type_size = self.ptr_size if is_pointer else sizes[ftype]
                size = type_size * n_items
                if name not in st.fields:
                    st.fields[name] = DNAField(
                        name, names[fname].decode("latin-1"), types[ftype], offset, size, is_pointer, dims, type_size
                    )
                offset += size
            self.structs.append(st)
            self.by_name.setdefault(st.name, st)

    def struct(self, name: str) -> Optional[DNAStruct]:
        return self.by_name.get(name.encode("latin-1"))


class Block:
    """One block header; ``offset`` is where its data starts in the (decompressed) stream."""

    __slots__ = ("code", "size", "old", "sdna", "count", "offset")

    def __init__(self, code: bytes, size: int, old: int, sdna: int, count: int, offset: int):
        self.code = code
        self.size = size
        self.old = old
        self.sdna = sdna
        self.count = count
        self.offset = offset

    def __repr__(self) -> str:
        return "Block(%r, size=%d, sdna=%d, count=%d, old=%#x)" % (self.code, self.size, self.sdna, self.count, self.old)


class Record:
    """A struct value inside a block's data: ``rec["r"]["sfra"]``, ``rec.get("id.name")``."""

    __slots__ = ("bf", "struct", "data", "base", "block")

    def __init__(self, bf: "BlendFile", st: DNAStruct, data: bytes, base: int = 0, block: Optional[Block] = None):
        self.bf = bf
        self.struct = st
        self.data = data
        self.base = base
        self.block = block

    @property
    def type_name(self) -> str:
        return self.struct.name.decode("latin-1")

    def has(self, name: str) -> bool:
        return name in self.struct.fields

    def __getitem__(self, name: str):
        f = self.struct.fields.get(name)
        if f is None:
            raise KeyError("%s has no field %r" % (self.type_name, name))
        return self._read(f)

    def get(self, path: str, default=None, *alternatives: str):
        """A dotted path (``"r.im_format.imtype"``); ``default`` when any step is missing."""
        for candidate in (path,) + alternatives:
            rec = self
            parts = candidate.split(".")
            ok = True
            for part in parts[:-1]:
                sub = rec.struct.fields.get(part)
                if sub is None or sub.is_pointer or sub.type_name not in rec.bf.sdna.by_name:
                    ok = False
                    break
                rec = rec._read(sub)
            if not ok:
                continue
            f = rec.struct.fields.get(parts[-1])
            if f is not None:
                return rec._read(f)
        return default

    def _read(self, f: DNAField):
        bf = self.bf
        pos = self.base + f.offset
        if pos + f.size > len(self.data):
            raise BlendFileError("%s.%s lies beyond the end of its block" % (self.type_name, f.name))
        if f.is_pointer:
            if f.dims:
                n = f.size // bf.ptr_size
                return list(struct.unpack_from(bf.endian + bf.ptr_code * n, self.data, pos))
            return struct.unpack_from(bf.endian + bf.ptr_code, self.data, pos)[0]
        if f.type_name == b"char" and f.dims:
            raw = self.data[pos:pos + f.size]
            return raw.split(b"\0", 1)[0]
        sub = bf.sdna.by_name.get(f.type_name)
        if sub is not None and not f.dims:
            return Record(bf, sub, self.data, pos, self.block)
        code = _BASIC.get(f.type_name)
        if code is None or struct.calcsize(code) != f.type_size:
            code = {1: "b", 2: "h", 4: "i", 8: "q"}.get(f.type_size)
            if code is None:
                return self.data[pos:pos + f.size]
        n = f.size // f.type_size if f.type_size else 0
        if f.dims:
            return list(struct.unpack_from(bf.endian + code * n, self.data, pos))
        return struct.unpack_from(bf.endian + code, self.data, pos)[0]

    def string(self, *names: str) -> str:
        """A char array field as text (UTF-8, undecodable bytes escaped), first name that exists."""
        for n in names:
            if n in self.struct.fields:
                value = self[n]
                if isinstance(value, bytes):
                    return _decode(value)
        return ""

    def __repr__(self) -> str:
        return "Record(%s)" % self.type_name


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


class BlendFile:
    """An open .blend file. Use as a context manager; ``BlendFile(path)`` reads the headers."""

    def __init__(self, path: str):
        self.path = str(path)
        self.compression = "none"
        self._fh = None
        self._buf = None  # mmap or bytes of the (decompressed) stream
        self._tmp = None
        self.blocks: List[Block] = []
        self.by_old: Dict[int, Block] = {}
        self.sdna: SDNA
        try:
            self._open()
            self._read_header()
            self._read_blocks()
        except BaseException:
            self.close()
            raise

    # opening ------------------------------------------------------------------------------------
    def _open(self) -> None:
        fh = open(self.path, "rb")
        self._fh = fh
        magic = fh.read(4)
        fh.seek(0)
        if magic[:2] == GZIP_MAGIC:
            self.compression = "gzip"
            self._buf = self._decompress(gzip.GzipFile(fileobj=fh, mode="rb"))
        elif magic == ZSTD_MAGIC:
            self.compression = "zstd"
            try:
                import zstandard
            except ImportError:  # pragma: no cover - zstandard is a declared dependency
                raise BlendFileError("the file is zstd-compressed and the 'zstandard' package is not installed") from None
            reader = zstandard.ZstdDecompressor().stream_reader(fh, read_across_frames=True)
            self._buf = self._decompress(reader)
        else:
            if os.fstat(fh.fileno()).st_size == 0:
                raise BlendFileError("the file is empty")
            self._buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)

    def _decompress(self, stream) -> object:
        """Decompress ``stream`` into memory, or into a temporary file once it grows large."""
        chunks = []
        total = 0
        tmp = None
        try:
            while True:
                chunk = stream.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
                if tmp is None and total > _SPOOL_LIMIT:
                    tmp = tempfile.TemporaryFile(prefix="rb_dcc-blend-")
                    for c in chunks:
                        tmp.write(c)
                    chunks = []
                if tmp is None:
                    chunks.append(chunk)
                else:
                    tmp.write(chunk)
        except (OSError, EOFError, ValueError) as exc:
            if tmp is not None:
                tmp.close()
            if total == 0:
                raise BlendFileError("the %s data cannot be decompressed (%s)" % (self.compression, exc)) from None
            # a cut-off stream: keep what we have, the block walk reports the truncation
        except Exception as exc:  # zstandard.ZstdError and friends
            if tmp is not None:
                tmp.close()
            if total == 0:
                raise BlendFileError("the %s data cannot be decompressed (%s)" % (self.compression, exc)) from None
        if tmp is None:
            data = b"".join(chunks)
            if not data:
                raise BlendFileError("the %s stream holds no data" % self.compression)
            return data
        tmp.flush()
        self._tmp = tmp
        return mmap.mmap(tmp.fileno(), 0, access=mmap.ACCESS_READ)

    def _read_header(self) -> None:
        head = bytes(self._buf[:32])
        m = _HEADER_RE_NEW.match(head)
        if m:
            header_size = int(m.group(1))
            self.format_version = int(m.group(2))
            self.ptr_size = 8
            self.endian = "<" if m.group(3) == b"v" else ">"
            self.version = int(m.group(4))
            self.header_size = header_size
            if self.format_version != 1:
                raise BlendFileError(
                    "block format %d of this Blender %d.%d file is unknown to rb_dcc"
                    % (self.format_version, self.version // 100, self.version % 100)
                )
        else:
            m = _HEADER_RE_OLD.match(head)
            if not m:
                if head.startswith(b"BLENDER"):
                    raise BlendFileError("the .blend header %r cannot be read" % head[:17])
                what = _sniff(head)
                raise BlendFileError("not a Blender file%s (it starts with %r)" % (what, head[:12]))
            self.format_version = 0
            self.ptr_size = 4 if m.group(1) == b"_" else 8
            self.endian = "<" if m.group(2) == b"v" else ">"
            self.version = int(m.group(3))
            self.header_size = 12
        self.ptr_code = "I" if self.ptr_size == 4 else "Q"

    @property
    def header_text(self) -> str:
        return bytes(self._buf[: self.header_size]).decode("latin-1")

    def _read_blocks(self) -> None:
        buf = self._buf
        end = len(buf)
        e = self.endian
        if self.format_version == 1:
            fmt = struct.Struct(e + "4siQqq")  # code, sdna, old, len, nr
            order = "new"
        elif self.ptr_size == 8:
            fmt = struct.Struct(e + "4siQii")  # code, len, old, sdna, nr
            order = "old"
        else:
            fmt = struct.Struct(e + "4siIii")
            order = "old"
        hsize = fmt.size
        unpack = fmt.unpack_from
        pos = self.header_size
        blocks = self.blocks
        by_old = self.by_old
        dna = None
        self.truncated = False
        while True:
            if pos + hsize > end:
                if pos + 4 <= end and bytes(buf[pos:pos + 4]) == b"ENDB":
                    break
                self.truncated = True
                break
            if order == "new":
                code, sdna_nr, old, size, count = unpack(buf, pos)
            else:
                code, size, old, sdna_nr, count = unpack(buf, pos)
            pos += hsize
            if code == b"ENDB":
                break
            if size < 0 or pos + size > end:
                self.truncated = True
                break
            block = Block(code, size, old, sdna_nr, count, pos)
            blocks.append(block)
            if old:
                by_old[old] = block
            if code == b"DNA1":
                dna = block
            pos += size
        if dna is None:
            if self.truncated:
                raise BlendFileError("the file is cut short: it ends before its DNA1 (struct catalogue) block")
            raise BlendFileError("the file has no DNA1 (struct catalogue) block")
        self.sdna = SDNA(self.read(dna), self.endian, self.ptr_size)

    # access -------------------------------------------------------------------------------------
    def read(self, block: Block) -> bytes:
        return bytes(self._buf[block.offset:block.offset + block.size])

    def struct_of(self, block: Block) -> Optional[DNAStruct]:
        if 0 <= block.sdna < len(self.sdna.structs):
            return self.sdna.structs[block.sdna]
        return None

    def blocks_of(self, type_name: str) -> Iterator[Block]:
        st = self.sdna.struct(type_name)
        if st is None:
            return iter(())
        return (b for b in self.blocks if b.sdna == st.index and b.code != b"DNA1")

    def record(self, block: Block, index: int = 0, as_type: Optional[str] = None) -> Optional[Record]:
        """The ``index``-th struct in ``block`` (its own SDNA type, or ``as_type``)."""
        st = self.sdna.struct(as_type) if as_type else self.struct_of(block)
        if st is None or st.size <= 0:
            return None
        data = self.read(block)
        if (index + 1) * st.size > len(data):
            return None
        return Record(self, st, data, index * st.size, block)

    def records(self, type_name: str) -> Iterator[Record]:
        for block in self.blocks_of(type_name):
            rec = self.record(block)
            if rec is not None:
                yield rec

    def deref(self, ptr: int, as_type: Optional[str] = None) -> Optional[Record]:
        """The struct a saved pointer points at (``None`` for NULL or a pointer to nothing saved)."""
        if not ptr:
            return None
        block = self.by_old.get(ptr)
        if block is None:
            return None
        return self.record(block, 0, as_type)

    def listbase(self, rec: Record, field: str, as_type: Optional[str] = None, limit: int = 100000) -> Iterator[Record]:
        """Walk a ``ListBase`` field (``first``/``last``, items linked by ``next``); cycles stop."""
        lb = rec.get(field)
        if not isinstance(lb, Record):
            return
        ptr = lb.get("first", 0)
        seen = set()
        while ptr and ptr not in seen and len(seen) < limit:
            seen.add(ptr)
            item = self.deref(ptr, as_type)
            if item is None:
                return
            yield item
            ptr = item.get("next", 0)

    def global_block(self) -> Optional[Record]:
        for block in self.blocks:
            if block.code == b"GLOB":
                return self.record(block)
        return None

    # lifetime -----------------------------------------------------------------------------------
    def close(self) -> None:
        buf, self._buf = self._buf, None
        if isinstance(buf, mmap.mmap):
            buf.close()
        for attr in ("_tmp", "_fh"):
            fh = getattr(self, attr, None)
            if fh is not None:
                try:
                    fh.close()
                except OSError:
                    pass
                setattr(self, attr, None)

    def __enter__(self) -> "BlendFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _sniff(head: bytes) -> str:
    """A guess at what a non-.blend file is, for the error message."""
    known = [
        (b"Kaydara FBX", " but an FBX file"),
        (b"glTF", " but a binary glTF file"),
        (b"PK\x03\x04", " but a ZIP archive"),
        (b"\xd0\xcf\x11\xe0", " but an OLE compound file (3ds Max?)"),
        (b"FOR4", " but a Maya binary file"),
        (b"FOR8", " but a Maya binary file"),
        (b"//Maya", " but a Maya ASCII file"),
        (b"\x89PNG", " but a PNG image"),
        (b"070707", " but a Houdini .hip file"),
        (b"version https://git-lfs", " but a Git LFS pointer (fetch the real file with git lfs pull)"),
    ]
    for magic, label in known:
        if head.startswith(magic):
            return label
    return ""
