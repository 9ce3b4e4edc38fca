"""A streaming reader of MEL statements in a Maya ASCII file.

The file is read in chunks (bounded memory: one chunk plus at most one kept statement, never the
whole file and never a list of its lines). Statements end at a ``;`` outside strings; strings
follow MEL (``"..."`` with backslash escapes, and ``"a" + "b"`` concatenation); ``//`` and
``/* */`` comments are skipped wherever they are; statements may run over many lines.

Large files are mostly geometry (``setAttr ".vt[0:165]" ...``) and nodes nobody on a farm cares
about. The reader is told the node types and attributes that matter (``interesting_types``,
``interesting_attrs``) and, by its owner after each statement, whether the current node matters
(``skip_relative_setattr``). Inside a node that does not matter it jumps to the next statement
that could (found by one ';'-anchored regex search, C speed) after checking with ``bytes.count``
/ ``find`` that the text jumped over holds no comment, no escape and balanced quotes; inside one
that does, a regex swallows runs of statements about other attributes. ``createNode`` and simple
``setAttr`` statements are read by one regex each; anything else goes through the tokenizer.
All of this is an optimisation only: whenever the reader cannot vouch for a jump it reads the
next statement the careful way, and ``fast=False`` (used by the tests to compare) reads every
statement that way.
"""

from __future__ import annotations

import codecs
import re
from typing import BinaryIO, Iterable, Iterator, List, NamedTuple, Optional, Tuple

__all__ = ["Arg", "Statement", "StatementReader", "MaSyntaxError", "decode_mel_string", "codec_for_codeset"]

# 128 KiB reads: each chunk is scanned several times at C speed (';' search, newline and quote
# counts), and a chunk that stays in the CPU cache between those scans is read 20-35% faster
# than 4 MiB ones; a long statement reads bigger chunks (see _refill), so copying stays linear
CHUNK = 1 << 17
MAX_KEPT = 1 << 20  # a statement longer than this keeps only its head (the rest is skipped)


class MaSyntaxError(ValueError):
    """The text cannot be MEL (a string or statement never ends). ``line`` says where it began."""

    def __init__(self, message: str, line: int):
        super().__init__("line %d: %s" % (line, message))
        self.line = line


class Arg(NamedTuple):
    kind: str  # 's' string (unescaped), 'f' flag ("-type"), 'w' word (number, name, on/off)
    value: str


class Statement(NamedTuple):
    command: str
    args: List[Arg]
    line: int
    truncated: bool  # longer than MAX_KEPT: args hold only the statement's head

    def strings(self) -> List[str]:
        return [a.value for a in self.args if a.kind == "s"]


_STRING = rb'"[^"\\]*(?:\\.[^"\\]*)*"'
_BODY = rb'[^";/]*(?:(?:' + _STRING + rb'|/(?![/*]))[^";/]*)*;'
_WS = rb'(?:[ \t\r\n\f\v]+|//[^\n]*\n|/\*(?:[^*]|\*(?!/))*\*/)'
_FLAGS = rb'(?:[ \t\r\n]+-[A-Za-z]\w*(?:[ \t\r\n]+[^\s";-][^\s";]*)?)*'
_INTERESTING_CMDS = rb'(?:requires|file|fileInfo|currentUnit|createNode|select|setAttr)'
# render setup keeps its tree (layer > collection > override) as connections X.lit -> Y.pls
# and names the renderLayer node a setup layer drives as rs_X.msg -> X.lrl; legacy render
# layers keep their overrides as .adjs[i].val, the plug they override connected to .adjs[i].plg
# (each plug is scanned once with [^"]*, sre's fastest loop, and its ending checked by a
# lookbehind: 2x faster than [^"\\]*\.lit" on the tens of thousands of connectAttrs a scene
# has; it may let through an odd "...].plg" plug, which the builder then ignores)
_LIST_CONNECT = (
    rb'connectAttr[ \t\r\n]+"[^"]*"(?:(?<=\.lit")[ \t\r\n]+"[^"]*"(?<=\.pls")'
    rb'|[ \t\r\n]+"[^"]*"(?:(?<=\]\.plg")|(?<=\.lrl")|(?<=\.legacyRenderLayer")))'
)
_BORING_CMD = (
    rb'(?!' + _INTERESTING_CMDS + rb'(?=[\s;]))(?!' + _LIST_CONNECT + rb')[A-Za-z_]\w*(?=[\s;])' + _BODY
)
_REL_SETATTR = rb'setAttr' + _FLAGS + rb'[ \t\r\n]+"\.[^"\\]*(?:\\.[^"\\]*)*"' + _BODY

_STRING_RE = re.compile(_STRING, re.S)
_STRING_REST = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_STRING_SAFE = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*', re.S)  # a string's body up to a safe cut
_END = re.compile(rb'[";]|/[/*]')
# the two statements Maya writes most, read without the general tokenizer (same result)
_FAST_CREATE = re.compile(
    rb'createNode[ \t]+([A-Za-z_]\w*)((?:[ \t]+-ss?)*)[ \t]+-n[ \t]+"([^"\\]*)"'
    rb'(?:[ \t]+-p[ \t]+"([^"\\]*)")?((?:[ \t]+-ss?)*)[ \t]*;'
)
_FAST_SETATTR = re.compile(
    rb'setAttr[ \t]+"([^"\\]*)"[ \t]+(?:-type[ \t]+"string"[ \t]+"([^"\\]*)"|([^\s";()/-][^\s";()/]*))[ \t]*;'
)
_LEAD = re.compile(_WS + rb'*')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE_RE = re.compile(r"\\(.)", re.S)


def codec_for_codeset(codeset: str) -> str:
    """Python codec for Maya's ``//Codeset:`` header (``936`` → gbk, ``1252`` → cp1252, ``UTF-8``)."""
    name = codeset.strip()
    candidates = [name, "cp" + name] if name.isdigit() else [name]
    if name in ("65001",):
        candidates = ["utf-8"]
    for cand in candidates:
        try:
            return codecs.lookup(cand).name
        except LookupError:
            continue
    return "utf-8"


def decode_mel_string(raw: bytes, codec: str = "utf-8") -> str:
    """The text of a MEL string literal's body (no quotes): decoded and unescaped."""
    try:
        text = raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        text = raw.decode("utf-8", "surrogateescape")
    if "\\" in text:
        text = _ESCAPE_RE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)
    return text


MAX_ARGS = 256  # enough for every command we read; setAttr data beyond it is never needed


_TOKEN_FIND = re.compile(
    rb'(?:[ \t\r\n\f\v]+|;)*(?:("[^"\\]*(?:\\.[^"\\]*)*"?)|(\+)(?=[ \t\r\n]*")|([()])|([^\s";()]+))', re.S
)


def tokenize(body: bytes, codec: str = "utf-8", max_args: int = MAX_ARGS) -> Tuple[str, List[Arg]]:
    """Split one statement (without caring whether it ends in ';') into its command and its first
    ``max_args`` args."""
    command = ""
    args: List[Arg] = []
    join_next = False
    for string, plus, paren, word in _TOKEN_FIND.findall(body, 0, len(body) if len(body) < 65536 else 65536):
        if len(args) >= max_args and not join_next:
            break
        if plus:
            join_next = bool(args) and args[-1].kind == "s"
            continue
        if paren:  # ("a" + "b") groups; the strings inside still join
            continue
        if string:
            inner = string[1:-1] if len(string) > 1 and string.endswith(b'"') and not _odd_escape(string) else string[1:]
            text = decode_mel_string(inner, codec)
            if join_next:
                args[-1] = Arg("s", args[-1].value + text)
            else:
                args.append(Arg("s", text))
            join_next = False
            continue
        if not word:
            continue
        join_next = False
        try:
            text = word.decode("ascii")
        except UnicodeDecodeError:
            text = word.decode(codec, "replace")
        if not command and not args:
            command = text
        elif text[0] == "-" and len(text) > 1 and (text[1].isalpha()):
            args.append(Arg("f", text))
        else:
            args.append(Arg("w", text))
    return command, args


def _odd_escape(raw: bytes) -> bool:
    """True when the closing quote of ``raw`` is itself escaped (an unterminated string)."""
    n = 0
    i = len(raw) - 2
    while i >= 1 and raw[i] == 0x5C:
        n += 1
        i -= 1
    return n % 2 == 1


class _CachedSearch:
    """The next match of a regex at or after a position, remembered until the reader passes it."""

    __slots__ = ("rx", "at", "searched_to", "group")

    def __init__(self, rx: "re.Pattern[bytes]", group: int = 0):
        self.rx = rx
        self.group = group  # where the match "is": the start of this group
        self.at = -1  # next match start, or -1: none before searched_to
        self.searched_to = 0

    def find(self, buf: bytes, i: int) -> int:
        if self.at >= i:
            return self.at
        if self.at < 0 and i < self.searched_to and self.searched_to >= len(buf):
            return -1
        start = max(i, self.searched_to - 256) if self.at < 0 else i
        while True:
            m = self.rx.search(buf, start)
            self.at = m.start(self.group) if m else -1
            if self.at < 0 or self.at >= i:  # (the overlap may re-find something already passed)
                break
            start = m.end()
        self.searched_to = len(buf)
        return self.at

    def shift(self, dropped: int, new_len: int) -> None:
        """The buffer lost its first ``dropped`` bytes (and may grow)."""
        if self.at >= 0:
            self.at -= dropped
            if self.at < 0:
                self.at, self.searched_to = -1, 0
        else:
            self.searched_to = max(0, self.searched_to - dropped)


class StatementReader:
    """Iterate the MEL statements of a binary stream.

    Set ``skip_relative_setattr`` when the current node is of no interest (its statements are
    then jumped over); otherwise relative setAttrs of attributes not in ``interesting_attrs`` are
    skipped. When the reader itself passes the start of a node of no interest it sets
    ``left_node`` (the owner clears it). ``codec`` decodes strings.
    """

    def __init__(
        self,
        fh: BinaryIO,
        *,
        interesting_types: Iterable[str] = (),
        interesting_attrs: Iterable[str] = (),
        codec: str = "utf-8",
        chunk_size: int = CHUNK,
        max_kept: int = MAX_KEPT,
        fast: bool = True,
    ):
        self._fh = fh
        self.codec = codec
        self.skip_relative_setattr = False
        self._chunk = chunk_size
        self._max_kept = max_kept
        self._buf = b""
        self._pos = 0
        self._eof = False
        self._lines_before = 1  # line number of self._buf[0]
        self._counted = 0  # newlines counted in self._buf[:self._counted]
        self._line_at_counted = 1
        self.bytes_read = 0
        types = b"|".join(re.escape(t.encode()) for t in sorted(set(interesting_types), key=len, reverse=True))
        attrs = b"|".join(re.escape(a.encode()) for a in sorted(set(interesting_attrs), key=len, reverse=True))
        boring_create = (
            rb"createNode[ \t\r\n]+(?!(?:" + (types or rb"(?!)") + rb")[\s;])[A-Za-z_]\w*(?=[\s;])" + _BODY
        )
        rel_boring_attr = (
            rb"setAttr" + _FLAGS + rb'[ \t\r\n]+"\.(?!(?:' + (attrs or rb"(?!)") + rb'|adjs\[\d+\]\.val)")[^"\\]*(?:\\.[^"\\]*)*"'
            + _BODY
        )
        self._boring_create = re.compile(boring_create, re.S)
        # set when the reader itself passed the start of a node of no interest; the caller clears it
        self.left_node = False
        # in a node of no interest: skip its setAttrs, and following nodes of no interest
        self._skip_boring = re.compile(
            rb"(?:" + _WS + rb"|" + _BORING_CMD + rb"|" + _REL_SETATTR + rb"|" + boring_create + rb")*", re.S
        )
        # in a node of interest: skip setAttrs of other attributes and unrelated commands
        self._skip_interesting = re.compile(
            rb"(?:" + _WS + rb"|" + _BORING_CMD + rb"|" + rel_boring_attr + rb")*", re.S
        )
        # in a node of no interest, jump straight to the next statement that can matter: one
        # regex whose literal prefix is the ';' ending the statement before (a C-speed scan), its
        # match remembered until passed; a statement start hidden behind a comment or inside a
        # string is caught by _clean() below, which then sends the reader the careful way
        wanted = (
            rb"((?:createNode[ \t\r\n]+(?:" + (types or rb"(?!)") + rb")|select|requires|fileInfo|currentUnit|file)"
            rb"(?=[\s;])|setAttr" + _FLAGS + rb'[ \t\r\n]+"(?!\.)|' + _LIST_CONNECT + rb")"
        )
        self._wanted_here = re.compile(wanted)
        self._finders = [_CachedSearch(re.compile(rb";[ \t\r\n]*" + wanted), group=1)]
        self._fast = fast
        if not fast:  # every statement is tokenized (tests compare both ways)
            self._skip_boring = self._skip_interesting = re.compile(_WS + rb"*")

    # buffer handling ---------------------------------------------------------------------------
    def _line_of(self, index: int) -> int:
        if index < self._counted:  # only after a buffer cut; recount from the start
            self._counted = 0
            self._line_at_counted = self._lines_before
        self._line_at_counted += self._buf.count(b"\n", self._counted, index)
        self._counted = index
        return self._line_at_counted

    def _refill(self, keep_from: int) -> bool:
        """Drop ``buf[:keep_from]``, read the next chunk; False at end of file."""
        if self._eof:
            return False
        if keep_from:
            self._line_of(keep_from)
            self._lines_before = self._line_at_counted
            self._buf = self._buf[keep_from:] if keep_from < len(self._buf) else b""
            self._pos -= keep_from
            self._counted = 0
        for finder in self._finders:
            finder.shift(keep_from, len(self._buf))
        # at least as much as is kept: a long statement then costs one copy per doubling, not one per chunk
        data = self._fh.read(max(self._chunk, len(self._buf)))
        if not data:
            self._eof = True
            return False
        self.bytes_read += len(data)
        self._buf += data
        return True

    # statements ---------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Statement]:
        while True:
            stmt = self._next()
            if stmt is None:
                return
            yield stmt

    def _next(self) -> Optional[Statement]:
        while True:
            if self.skip_relative_setattr and self._fast and not self._eof:
                if self._jump():
                    self._refill(self._pos)  # at the end of the file the careful path takes over
                    continue
            else:
                self._pos = self._skip_interesting.match(self._buf, self._pos).end()
                if self._fast:
                    m = self._boring_create.match(self._buf, self._pos)
                    if m:  # a node of no interest begins: switch without bothering the caller
                        self._pos = m.end()
                        self.skip_relative_setattr = True
                        self.left_node = True
                        continue
            self._pos = _LEAD.match(self._buf, self._pos).end()
            if self._pos >= len(self._buf):
                if not self._refill(self._pos):
                    return None
                continue
            if self._buf.startswith(b"//", self._pos) or self._buf.startswith(b"/*", self._pos):
                # a comment cut by the end of the buffer
                if not self._refill(self._pos):
                    return None  # a last comment line with no newline
                continue
            return self._read_statement()

    def _clean(self, start: int, end: int) -> bool:
        """True when buf[start:end] (which starts a statement) holds no escape and no comment and
        an even number of quotes: then every ';' and quote in it means what it seems to."""
        buf = self._buf
        return buf.find(b"\\", start, end) < 0 and buf.find(b"/", start, end) < 0 and buf.count(b'"', start, end) % 2 == 0

    def _jump(self) -> bool:
        """Skip statements of no interest at C speed. Returns True when the buffer needs more data
        (``self._pos`` is then at a statement boundary), False when a statement starts at
        ``self._pos`` that the caller must read (a candidate, or one the jump could not vouch for)."""
        buf = self._buf
        i = self._pos = _LEAD.match(buf, self._pos).end()
        if i >= len(buf):
            return True
        if self._wanted_here.match(buf, i):
            return False  # the statement right here is one to read
        c = self._finders[0].find(buf, i)
        if c >= 0:
            k = c - 1
            while k >= i and buf[k] in b" \t\r\n":
                k -= 1
            if k < i or (buf[k] == 0x3B and self._clean(i, c)):
                self._pos = c
            else:
                # go as far as the text is plain, then read the statement there the careful way
                self._pos = self._plain_until(i, c)
            return False
        s = buf.rfind(b";", i)
        if s < 0:
            return len(buf) - i <= self._max_kept  # a long statement goes the careful way
        if self._clean(i, s + 1):
            self._pos = s + 1
            return True
        self._pos = self._plain_until(i, s + 1)
        return False

    def _plain_until(self, i: int, end: int) -> int:
        """The last statement boundary in buf[i:end] before any escape, comment or string that
        crosses it; ``i`` if there is none. Each call moves past the trouble it finds, so the
        reader stays linear however often it has to take the careful way."""
        buf = self._buf
        p = end
        for ch in (b"\\", b"/"):
            q = buf.find(ch, i, p)
            if q >= 0:
                p = q
        s = buf.rfind(b";", i, p)
        for _ in range(4):
            if s < 0:
                break
            if buf.count(b'"', i, s) % 2 == 0:
                return s + 1
            s = buf.rfind(b";", i, s)
        return i

    def _fast_statement(self, start: int, line: int) -> Optional[Statement]:
        buf = self._buf
        if buf.startswith(b"setAttr", start):
            m = _FAST_SETATTR.match(buf, start)
            if m:
                self._pos = m.end()
                attr = Arg("s", decode_mel_string(m.group(1), self.codec))
                if m.group(3) is not None:
                    return Statement("setAttr", [attr, Arg("w", m.group(3).decode("ascii", "replace"))], line, False)
                value = decode_mel_string(m.group(2), self.codec)
                return Statement("setAttr", [attr, Arg("f", "-type"), Arg("s", "string"), Arg("s", value)], line, False)
        elif buf.startswith(b"createNode", start):
            m = _FAST_CREATE.match(buf, start)
            if m:
                self._pos = m.end()
                args = [Arg("w", m.group(1).decode("ascii"))]
                args += [Arg("f", f) for f in m.group(2).decode("ascii").split()]
                args += [Arg("f", "-n"), Arg("s", decode_mel_string(m.group(3), self.codec))]
                if m.group(4) is not None:
                    args += [Arg("f", "-p"), Arg("s", decode_mel_string(m.group(4), self.codec))]
                args += [Arg("f", f) for f in m.group(5).decode("ascii").split()]
                return Statement("createNode", args, line, False)
        return None

    def _read_statement(self) -> Optional[Statement]:
        start = self._pos
        line = self._line_of(start)
        if self._fast:
            stmt = self._fast_statement(start, line)
            if stmt is not None:
                return stmt
        i = start
        head: Optional[bytes] = None  # set when the statement outgrew MAX_KEPT
        in_string = False
        parts: List[bytes] = []
        while True:
            if in_string:
                m = _STRING_REST.match(self._buf, i)
                if m:
                    i = m.end()
                    in_string = False
                    continue
                safe = _STRING_SAFE.match(self._buf, i).end()
                i = safe
            else:
                m = _END.search(self._buf, i)
                if m:
                    tok = m.group(0)
                    if tok == b";":
                        end = m.end()
                        body = self._buf[start:end]
                        self._pos = end
                        return self._make(head, parts, body, line)
                    if tok == b'"':
                        i = m.end()
                        in_string = True
                        continue
                    if tok == b"//":
                        nl = self._buf.find(b"\n", m.end())
                        if nl >= 0:
                            # cut the comment out of the statement text
                            parts.append(self._buf[start:m.start()])
                            start = i = nl + 1
                            continue
                        i = m.start()
                    else:  # /*
                        close = self._buf.find(b"*/", m.end())
                        if close >= 0:
                            parts.append(self._buf[start:m.start()])
                            start = i = close + 2
                            continue
                        i = m.start()
                else:
                    # a '/' at the very end may open a comment: look at it again with more data
                    i = len(self._buf) - 1 if self._buf.endswith(b"/") else len(self._buf)
                    i = max(i, start)
            # need more data
            kept = sum(len(p) for p in parts) + (i - start)
            if kept > self._max_kept:
                if head is None:
                    head = b"".join(parts) + self._buf[start:i]
                    head = head[: self._max_kept]
                parts = []
                start = i
            keep = start
            if not self._refill(keep):
                # _refill dropped buf[:keep] even at the end of the file: the statement starts at 0
                if head is None and not (b"".join(parts) + self._buf).strip():
                    return None  # only comments and blanks were left
                raise MaSyntaxError(
                    "the file ends inside %s that began here" % ("a string" if in_string else "a statement"), line
                )
            i -= keep  # _refill dropped buf[:keep]
            start = 0

    def _make(self, head: Optional[bytes], parts: List[bytes], body: bytes, line: int) -> Statement:
        if head is not None:
            command, args = tokenize(head, self.codec)
            return Statement(command, args, line, True)
        text = b"".join(parts) + body if parts else body
        command, args = tokenize(text, self.codec)
        return Statement(command, args, line, False)
