"""Readers for the text sections of a .hip file: variables, playbar, libraries, node files.

Node parameters (``<node>.parm``) look like::

    {
    version 0.8
    trange	[ 0	locks=0	autoscope=0 ]	(	"normal"	)
    f	[ 0	locks=0 ]	(	[ f1	1 ] 	[ f2	240 ] 	1	)
    vm_picture	[ 0	locks=0 ]	(	$HIP/render/$HIPNAME.$OS.$F4.exr	)
    }

Each value is a bare word, a double-quoted string (backslash escapes, may span lines) or
``[ channel value ]`` for an animated or expression-driven component, whose expression lives in
``<node>.chn`` (``channel f1 { ... segment { ... expr = $FSTART } }``). ``value`` below is what
Houdini evaluated when it saved; the expression is what the artist wrote.
"""

from __future__ import annotations

import re
import shlex
from typing import Dict, List, NamedTuple, Optional, Tuple

__all__ = [
    "ParmValue",
    "Parm",
    "parse_parms",
    "parse_channels",
    "parse_variables",
    "parse_start",
    "parse_init",
    "parse_flags",
    "parse_library_lines",
    "parse_fallbacks",
    "Playbar",
]


class ParmValue(NamedTuple):
    """One component: the saved value, and the channel name when the component is a channel."""

    value: str
    channel: str = ""


class Parm(NamedTuple):
    name: str
    values: Tuple[ParmValue, ...]


_UNESCAPE = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(_UNESCAPE.get(text[i + 1], "\\" + text[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _unquote_word(word: str) -> str:
    """A bare word keeps its backslashes (Windows paths) except the escaped quotes."""
    return word.replace('\\"', '"') if '\\"' in word else word


class _Scanner:
    """A tokenizer for the parm/chn grammar: words, quoted strings and the brackets."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.n = len(text)

    def skip_ws(self) -> None:
        t, p, n = self.text, self.pos, self.n
        while p < n and t[p] in " \t\r\n":
            p += 1
        self.pos = p

    def peek(self) -> str:
        self.skip_ws()
        return self.text[self.pos] if self.pos < self.n else ""

    def token(self) -> Optional[Tuple[str, str]]:
        """('q', text) for a quoted string, ('p', c) for a bracket, ('w', text) for a word."""
        self.skip_ws()
        if self.pos >= self.n:
            return None
        t = self.text
        c = t[self.pos]
        if c == '"':
            p = self.pos + 1
            out_start = p
            while p < self.n:
                ch = t[p]
                if ch == "\\":
                    p += 2
                    continue
                if ch == '"':
                    break
                p += 1
            raw = t[out_start:min(p, self.n)]
            self.pos = min(p + 1, self.n)
            return "q", _unescape(raw)
        p = self.pos
        # words are whitespace-separated; a bracket is a token only when it stands alone
        if c in "[](){}" and (p + 1 >= self.n or t[p + 1] in " \t\r\n"):
            self.pos += 1
            return "p", c
        while p < self.n and t[p] not in " \t\r\n":
            if t[p] == "`":  # a backtick expression is one word even with spaces/brackets in it
                end = t.find("`", p + 1)
                p = self.n if end < 0 else end + 1
                continue
            p += 1
        word = t[self.pos:p]
        self.pos = p
        return "w", word

    def skip_line(self) -> None:
        nl = self.text.find("\n", self.pos)
        self.pos = self.n if nl < 0 else nl + 1


def parse_parms(text: str) -> Dict[str, Parm]:
    """Every ``name [flags] ( values )`` entry of a .parm section; lines it cannot read are skipped."""
    out: Dict[str, Parm] = {}
    sc = _Scanner(text)
    while True:
        tok = sc.token()
        if tok is None:
            break
        kind, word = tok
        if kind != "w":
            continue
        if word == "version":
            sc.skip_line()
            continue
        if sc.peek() != "[":
            sc.skip_line()
            continue
        sc.token()  # "["
        # flags up to "]"
        while True:
            t = sc.token()
            if t is None or t == ("p", "]"):
                break
        if sc.peek() != "(":
            continue
        sc.token()
        values: List[ParmValue] = []
        while True:
            t = sc.token()
            if t is None or t == ("p", ")"):
                break
            if t == ("p", "["):
                parts: List[str] = []
                while True:
                    u = sc.token()
                    if u is None or u == ("p", "]"):
                        break
                    parts.append(u[1] if u[0] == "q" else _unquote_word(u[1]))
                if parts:
                    values.append(ParmValue(" ".join(parts[1:]) if len(parts) > 1 else "", parts[0]))
                continue
            if t[0] == "q":
                values.append(ParmValue(t[1]))
            elif t[0] == "w":
                values.append(ParmValue(_unquote_word(t[1])))
        out[word] = Parm(word, tuple(values))
    return out


def parse_channels(text: str) -> Dict[str, str]:
    """channel name -> the expression of its first segment (unescaped), from a .chn section."""
    out: Dict[str, str] = {}
    sc = _Scanner(text)
    current = ""
    depth = 0
    channel_depth = -1
    while True:
        tok = sc.token()
        if tok is None:
            break
        kind, word = tok
        if kind == "p":
            if word == "{":
                depth += 1
            elif word == "}":
                depth -= 1
                if depth < channel_depth:
                    current, channel_depth = "", -1
            continue
        if word == "channel":
            nxt = sc.token()
            if nxt is not None and nxt[0] in ("w", "q"):
                current = nxt[1]
                channel_depth = depth + 1
            continue
        if word == "expr" and current and current not in out:
            eq = sc.token()
            if eq == ("w", "="):
                val = sc.token()
                if val is not None and val[0] in ("w", "q"):
                    out[current] = _unescape(val[1]) if val[0] == "w" else val[1]
    return out


def string_literal(expr: str) -> Optional[str]:
    """The text of an hscript string expression ``"..."``, or None for anything else."""
    e = expr.strip()
    if len(e) >= 2 and e[0] == '"' and e[-1] == '"' and '"' not in e[1:-1].replace('\\"', ""):
        return _unescape(e[1:-1])
    return None


_SET_RE = re.compile(r"^\s*set\s+(-[gl]\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>.*)$")


def parse_variables(text: str) -> Tuple[Dict[str, str], List[str]]:
    """``set -g NAME = 'value'`` lines -> ({name: value}, [lines that could not be read])."""
    out: Dict[str, str] = {}
    bad: List[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _SET_RE.match(line)
        if not m:
            bad.append(line)
            continue
        raw = m.group("value").strip()
        try:
            words = shlex.split(raw, posix=True) if raw else [""]
        except ValueError:
            bad.append(line)
            continue
        out[m.group("name")] = " ".join(words)
    return out, bad


class Playbar(NamedTuple):
    start: Optional[float]
    end: Optional[float]
    fps: Optional[float]
    current: Optional[float]  # current frame


def _num(text: str) -> Optional[float]:
    try:
        return float(text)
    except ValueError:
        return None


def parse_start(text: str) -> Playbar:
    """fps, frame range (``frange``, else ``tset`` start/length in seconds) and current frame."""
    fps = None
    frange: Optional[Tuple[float, float]] = None
    tset: Optional[Tuple[float, float]] = None
    tcur = None
    for line in text.splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] == "fps" and len(words) >= 2:
            fps = _num(words[1])
        elif words[0] == "frange" and len(words) >= 3:
            a, b = _num(words[1]), _num(words[2])
            if a is not None and b is not None:
                frange = (a, b)
        elif words[0] == "tset" and len(words) >= 3:
            a, b = _num(words[1]), _num(words[2])
            if a is not None and b is not None:
                tset = (a, b)
        elif words[0] == "tcur" and len(words) >= 2:
            tcur = _num(words[1])
    start = end = None
    if frange is not None:
        start, end = frange
    elif tset is not None and fps:
        start = tset[0] * fps + 1
        end = (tset[0] + tset[1]) * fps
    current = tcur * fps + 1 if (tcur is not None and fps) else None
    return Playbar(start, end, fps, current)


def parse_init(text: str) -> Dict[str, str]:
    """``key = value`` lines of a .init section (``type = ifd``)."""
    out: Dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


_FLAGS_RE = re.compile(r"^flags\s*=\s*(?P<flags>.*)$", re.MULTILINE)


def parse_flags(text: str) -> Dict[str, bool]:
    """The ``flags = lock off bypass on ...`` line of a .def section."""
    m = _FLAGS_RE.search(text)
    if not m:
        return {}
    words = m.group("flags").split()
    out = {}
    for name, value in zip(words[0::2], words[1::2]):
        out[name] = value == "on"
    return out


_LIBRARY_EXTS = (".hda", ".otl", ".hdanc", ".hdalc", ".otlnc", ".otllc")


def parse_library_lines(text: str) -> Tuple[List[str], List[str]]:
    """``.OPlibraries``: (library files listed one a line, other lines that are not comments)."""
    out: List[str] = []
    other: List[str] = []
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        (out if s.lower().endswith(_LIBRARY_EXTS) else other).append(s)
    return out, other


def parse_fallbacks(text: str) -> List[Tuple[str, str, str]]:
    """``.OPfallbacks`` lines ``Category/type library`` -> [(category, type, library path)]."""
    out = []
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        optype, _, lib = s.partition(" ")
        cat, _, name = optype.partition("/")
        if cat and name and lib.strip():
            out.append((cat, name, lib.strip()))
    return out
