"""Maya ASCII (.ma): MEL statements from ``_ma_lexer`` turned into ``MayaSceneBuilder`` events."""

from __future__ import annotations

import re
from typing import BinaryIO, List, Optional

from ._ma_lexer import Arg, MaSyntaxError, Statement, StatementReader, codec_for_codeset
from ._ma_scene import INTERESTING_ATTRS, INTERESTING_TYPES, MayaSceneBuilder, Reference, Value

__all__ = ["read_ma", "HEADER_BYTES"]

HEADER_BYTES = 4096
_HEADER_RE = re.compile(rb"^//Maya ASCII ([^\s]+) scene", re.M)
_CODESET_RE = re.compile(rb"^//Codeset: *([^\r\n]+)", re.M)
_COMMAND_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# setAttr flags that take no value; every other flag before the attribute takes one
_SETATTR_BARE_FLAGS = {"-av", "-alteredValue", "-c", "-clamp"}
_CREATE_BARE_FLAGS = {"-s", "-shared", "-ss", "-skipSelect"}


def read_ma(fh: BinaryIO, builder: MayaSceneBuilder, *, fast: bool = True, chunk_size: Optional[int] = None) -> None:
    """Read a whole .ma stream into ``builder``. Raises ``MaSyntaxError`` for broken text."""
    head = fh.read(HEADER_BYTES)
    m = _HEADER_RE.search(head)
    if m:
        builder.header_version = m.group(1).decode("ascii", "replace")
    codec = "utf-8"
    m = _CODESET_RE.search(head)
    if m:
        codec = codec_for_codeset(m.group(1).decode("ascii", "replace"))
    fh.seek(0)
    kwargs = {"chunk_size": chunk_size} if chunk_size else {}
    reader = StatementReader(
        fh,
        interesting_types=INTERESTING_TYPES,
        interesting_attrs=INTERESTING_ATTRS,
        codec=codec,
        fast=fast,
        **kwargs,
    )
    reader.skip_relative_setattr = True  # before any node: nothing to set
    last: Optional[Statement] = None
    for stmt in reader:
        last = stmt
        if reader.left_node:  # the reader skipped into a node of no interest on its own
            builder.current = None
            reader.left_node = False
        builder.statements += 1
        interesting = _dispatch(stmt, builder)
        if interesting is not None:
            reader.skip_relative_setattr = not interesting
    _check_end(fh, builder, last)


def _check_end(fh: BinaryIO, builder: MayaSceneBuilder, last: Optional[Statement]) -> None:
    """Maya ends every .ma with ``// End of <name>``; its absence hints at a cut file."""
    try:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 512))
        tail = fh.read()
    except OSError:
        return
    if b"// End of " not in tail and builder.header_version:
        builder.ended_cleanly = False
        builder.warn(
            "the file does not end with Maya's '// End of' line: it may be truncated",
            ref="line %d" % (last.line if last else 1),
        )


def _positional(args: List[Arg], bare_flags=frozenset()) -> List[Arg]:
    """Arguments that are not flags or flag values."""
    out = []
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a.kind == "f":
            skip = a.value not in bare_flags
            continue
        out.append(a)
    return out


def _flag(args: List[Arg], *names: str) -> Optional[str]:
    for i, a in enumerate(args):
        if a.kind == "f" and a.value in names:
            if i + 1 < len(args) and args[i + 1].kind != "f":
                return args[i + 1].value
            return ""
    return None


def _dispatch(stmt: Statement, b: MayaSceneBuilder) -> Optional[bool]:
    """Feed one statement; returns True/False when the current node changed (interesting or not)."""
    cmd = stmt.command
    if not _COMMAND_RE.match(cmd):
        b.bad_statements += 1
        if b.bad_statements <= 3:
            b.warn("line %d: cannot read the statement starting %r" % (stmt.line, cmd[:40]), ref="line %d" % stmt.line)
        return None
    args = stmt.args
    if cmd == "setAttr":
        _set_attr(stmt, b)
        return None
    if cmd == "createNode":
        pos = _positional(args, _CREATE_BARE_FLAGS)
        type_ = pos[0].value if pos else ""
        name = _flag(args, "-n", "-name") or ""
        parent = _flag(args, "-p", "-parent") or ""
        return b.on_create(type_, name, parent, stmt.line)
    if cmd == "select":
        pos = _positional(args, {"-ne", "-noExpand", "-r", "-add", "-d", "-cl", "-all"})
        if not pos:
            return False
        return b.on_select(pos[-1].value)
    if cmd == "requires":
        node_types = [args[i + 1].value for i, a in enumerate(args[:-1]) if a.kind == "f" and a.value in ("-nodeType", "-nt")]
        pos = _positional(args)
        if pos:
            b.on_requires(pos[0].value, pos[1].value if len(pos) > 1 else "", node_types)
        return None
    if cmd == "fileInfo":
        pos = _positional(args)
        if len(pos) >= 2:
            b.on_file_info(pos[0].value, pos[1].value)
        return None
    if cmd == "currentUnit":
        unit = _flag(args, "-t", "-time")
        if unit:
            b.time_unit = unit
        return None
    if cmd == "file":
        _file(stmt, b)
        return None
    if cmd == "connectAttr":
        plugs = [a.value for a in args if a.kind == "s"]
        if len(plugs) >= 2:
            b.on_connect(plugs[0], plugs[1])
        return None
    return None


def _file(stmt: Statement, b: MayaSceneBuilder) -> None:
    args = stmt.args
    flags = {a.value for a in args if a.kind == "f"}
    if not flags & {"-r", "-reference"}:
        return  # -rdi lines repeat the references for the loader; plain "file" edits are not ours
    strings = [a for a in args if a.kind == "s"]
    if not strings:
        b.warn("line %d: a file reference without a path" % stmt.line, ref="line %d" % stmt.line)
        return
    path = strings[-1].value
    deferred = (_flag(args, "-dr", "-deferReference") or "0").strip() not in ("0", "false", "")
    b.on_reference(
        Reference(
            path=path,
            namespace=_flag(args, "-ns", "-namespace") or "",
            node=_flag(args, "-rfn", "-referenceNode") or "",
            deferred=deferred,
            file_type=_flag(args, "-typ", "-type") or "",
        )
    )


def _set_attr(stmt: Statement, b: MayaSceneBuilder) -> None:
    args = stmt.args
    attr_index = -1
    skip = False
    for i, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a.kind == "f":
            skip = a.value not in _SETATTR_BARE_FLAGS
            continue
        if a.kind == "s":
            attr_index = i
            break
    if attr_index < 0:
        return
    target = args[attr_index].value
    node_name: Optional[str]
    if target.startswith("."):
        node_name, attr = None, target[1:]
    else:
        node_name, _, attr = target.partition(".")
        if not attr:
            return
    if not b.wants(attr, None if node_name is None else b.nodes.get(node_name.lstrip(":"))):
        return
    values = _positional(args[attr_index + 1:], _SETATTR_BARE_FLAGS)
    if not values:
        return  # e.g. setAttr -l on ".fs": locks, sets nothing
    v = values[0]
    value: Value = v.value
    if v.kind == "w":
        try:
            value = float(v.value)
        except ValueError:
            value = v.value
    b.on_set_attr(attr, value, node_name)


__all__ += ["MaSyntaxError"]
