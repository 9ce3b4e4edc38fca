"""Path tokens in scene files, and turning a path as written in a scene into an ``Asset``.

One module for every host:

- variables: ``$HIP``, ``$JOB``, ``$HOME``, ``${VAR}``, Maya-style ``<MAYA_RESOURCES>``; unknown
  ones stay as written and the asset says so in its ``note``;
- frame tokens: ``<f>``, ``<f4>``, ``<frame>``, ``####``, ``#``, ``$F``, ``$F4``, ``${F4}``, ``$FF``,
  ``%04d``, ``%d``;
- UDIM tokens: ``<UDIM>``, ``<udim>``, ``%(UDIM)d``, ``<UVTILE>`` (``u1_v1``), ``<U>``/``<V>``
  (``_u<U>_v<V>``, Mari), ``<u>``/``<v>`` (Zbrush, 0-based);
- Houdini backtick expressions (`` `padzero(4, $F)` ``) stand for "some text" when globbing;
- Blender ``//`` paths are relative to the .blend's folder;
- the Maya project rule: a relative path (``sourceimages/a.png``) is looked up in the project, and
  an absolute one that is missing is looked up again under the project by its project folder;
- Windows drive and UNC paths on a POSIX machine cannot exist here: they are reported missing,
  never looked up relative to the current directory.

``resolve_asset`` does the whole job: expand, glob sequences and UDIM sets, stat the files.
"""

from __future__ import annotations

import glob
import os
import re
import stat
from bisect import bisect_left
from functools import lru_cache
from typing import Dict, Iterable, List, Mapping, NamedTuple, Optional, Tuple, Union

from .frames import FrameRange
from .paths import is_windows_path, normalize_slashes
from .spec import Asset, AssetKind

__all__ = [
    "Token",
    "split_tokens",
    "has_sequence_tokens",
    "has_frame_tokens",
    "has_udim_tokens",
    "tokens_to_glob",
    "tokens_to_regex",
    "expand_tokens",
    "expand_variables",
    "unknown_variables",
    "resolve_asset",
    "DirCache",
    "MAYA_PROJECT_DIRS",
]

# folders of a Maya project (workspace.mel defaults) used by the project rule
MAYA_PROJECT_DIRS = (
    "sourceimages", "scenes", "assets", "cache", "data", "images", "clips", "sound", "movies",
    "renderData", "particles", "Time Editor", "sceneAssembly", "autosave", "scripts",
)

# frame variables of Houdini-style expressions: $F, $F4, $FF (float frame)
_FRAME_VAR = re.compile(r"^(?:F(\d?)|FF)$")

# One alternation, tried left to right at each position. Group names say what the token is.
_TOKEN_RE = re.compile(
    r"""
    (?P<udim><UDIM>|<udim>|%\(UDIM\)d|\$\{?UDIM\}?)
  | (?P<uvtile><UVTILE>|<uvtile>|%\(UVTILE\)d)
  | (?P<tile><[UVuv]>|%\([UV]\)d)
  | (?P<mframe><(?:f|F|frame|Frame|FRAME)(?P<mpad>\d?)>)
  | (?P<hframe>\$\{(?:F(?P<hpad1>\d?)|FF)\}|\$(?:FF|F(?P<hpad2>\d?))(?![A-Za-z0-9_]))
  | (?P<printf>%(?P<ppad>0?\d*)d)
  | (?P<hashes>\#+)
  | (?P<expr>`[^`]*`)
    """,
    re.VERBOSE,
)


class Token(NamedTuple):
    """A piece of a path: ``kind`` is 'text', 'udim', 'uvtile', 'tile', 'frame' or 'expr'."""

    kind: str
    text: str
    pad: int = 0  # frame padding (0 = any); for 'tile' the letter


_TOKEN_CHARS = re.compile(r"[<$%#`]")


def split_tokens(path: str) -> List[Token]:
    """Split a path into literal text and tokens, in order."""
    if not _TOKEN_CHARS.search(path):  # the common case: a plain path
        return [Token("text", path)] if path else []
    out: List[Token] = []
    pos = 0
    for m in _TOKEN_RE.finditer(path):
        if m.start() > pos:
            out.append(Token("text", path[pos:m.start()]))
        text = m.group(0)
        if m.group("udim"):
            out.append(Token("udim", text))
        elif m.group("uvtile"):
            out.append(Token("uvtile", text))
        elif m.group("tile"):
            out.append(Token("tile", text))
        elif m.group("mframe"):
            out.append(Token("frame", text, int(m.group("mpad") or 0)))
        elif m.group("hframe"):
            if "FF" in text:
                out.append(Token("ffloat", text))
            else:
                out.append(Token("frame", text, int(m.group("hpad1") or m.group("hpad2") or 0)))
        elif m.group("printf"):
            pad = m.group("ppad")
            out.append(Token("frame", text, int(pad) if pad else 0))
        elif m.group("hashes"):
            out.append(Token("frame", text, len(text)))
        else:
            out.append(Token("expr", text))
        pos = m.end()
    if pos < len(path):
        out.append(Token("text", path[pos:]))
    return out


def has_sequence_tokens(path: str) -> bool:
    """True when the path names several files: frame, UDIM or tile tokens, or an expression."""
    return any(t.kind != "text" for t in split_tokens(path))


def has_frame_tokens(path: str) -> bool:
    return any(t.kind in ("frame", "ffloat") for t in split_tokens(path))


def has_udim_tokens(path: str) -> bool:
    return any(t.kind in ("udim", "uvtile", "tile") for t in split_tokens(path))


def _frame_regex(pad: int) -> str:
    if pad <= 1:
        return r"-?\d+"
    return r"(?:\d{%d,}|-\d{%d,})" % (pad, pad - 1)


def _token_regex(tok: Token) -> str:
    if tok.kind == "text":
        return re.escape(tok.text)
    if tok.kind == "udim":
        return r"\d{4,5}"
    if tok.kind == "uvtile":
        return r"u\d+_v\d+"
    if tok.kind == "tile":
        return r"\d+"
    if tok.kind == "frame":
        return _frame_regex(tok.pad)
    if tok.kind == "ffloat":
        return r"-?\d+(?:\.\d+)?"
    return r"[^/\\]*"  # expression: anything within one path component


def tokens_to_glob(path: str) -> str:
    """A ``glob`` pattern for the files a tokenised path names (literal parts escaped)."""
    parts = []
    for tok in split_tokens(path):
        parts.append(glob.escape(tok.text) if tok.kind == "text" else "*")
    return "".join(parts)


def tokens_to_regex(path: str) -> "re.Pattern[str]":
    """A compiled regex that matches exactly the paths the tokens allow (use ``fullmatch``)."""
    return re.compile("".join(_token_regex(t) for t in split_tokens(path)))


def expand_tokens(
    path: str,
    frame: Optional[Union[int, float]] = None,
    udim: Optional[int] = None,
) -> str:
    """Put a frame number and/or a UDIM tile into the path's tokens; others stay as written.

    A UDIM number gives ``<UVTILE>`` (``u1_v1``) and ``<U>``/``<V>``/``<u>``/``<v>`` as well.
    """
    out = []
    for tok in split_tokens(path):
        if tok.kind == "frame" and frame is not None:
            f = int(frame)
            if tok.text.startswith("%") and tok.pad and not tok.text.startswith("%0"):
                out.append("%*d" % (tok.pad, f))
            else:
                out.append("%0*d" % (tok.pad, f) if tok.pad else str(f))
        elif tok.kind == "ffloat" and frame is not None:
            out.append(("%g" % frame) if isinstance(frame, float) else str(frame))
        elif tok.kind in ("udim", "uvtile", "tile") and udim is not None:
            u0 = (udim - 1001) % 10
            v0 = (udim - 1001) // 10
            if tok.kind == "udim":
                out.append(str(udim))
            elif tok.kind == "uvtile":
                out.append("u%d_v%d" % (u0 + 1, v0 + 1))
            else:
                letter = tok.text.strip("<>%()d")
                out.append(str({"U": u0 + 1, "V": v0 + 1, "u": u0, "v": v0}[letter]))
        else:
            out.append(tok.text)
    return "".join(out)


# variables ------------------------------------------------------------------------------------

_VAR_RE = re.compile(
    r"""\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}
      | \$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)
      | <(?P<angled>[A-Za-z_][A-Za-z0-9_]*)>""",
    re.VERBOSE,
)
# angle-bracket names that are tokens (UDIM, frames) or render-output tokens, never variables
_ANGLE_TOKENS = {
    "UDIM", "udim", "UVTILE", "uvtile", "U", "V", "u", "v", "f", "F", "frame", "Frame", "FRAME",
    "Scene", "RenderLayer", "Layer", "Camera", "RenderPass", "RenderPassType", "RenderPassFileGroup",
    "Version", "Extension", "AOV", "aov", "Pass", "ShortName",
}
_DOLLAR_TOKENS = {"UDIM"}


def _lookup(name: str, variables: Optional[Mapping[str, str]], environ: bool) -> Optional[str]:
    if variables and name in variables and variables[name] is not None:
        return str(variables[name])
    if environ and name in os.environ:
        return os.environ[name]
    return None


def _expand(
    path: str, variables: Optional[Mapping[str, str]], environ: bool = True, depth: int = 0
) -> Tuple[str, List[str]]:
    unknown: List[str] = []
    if "$" not in path and "<" not in path:
        return path, unknown

    def sub(m: "re.Match[str]") -> str:
        name = m.group("braced") or m.group("bare") or m.group("angled")
        if m.group("angled") is not None:
            if re.match(r"^(?:f|frame|Frame|FRAME)\d$", name) or name in _ANGLE_TOKENS:
                return m.group(0)
            value = _lookup(name, variables, False)  # <NAME> is never an environment variable
        else:
            if _FRAME_VAR.match(name) or name in _DOLLAR_TOKENS:
                return m.group(0)
            value = _lookup(name, variables, environ)
        if value is None:
            unknown.append(m.group(0))
            return m.group(0)
        return value

    out = _VAR_RE.sub(sub, path)
    if out != path and depth < 8 and _VAR_RE.search(out):
        # a value may itself hold variables ($JOB=$HOME/proj); expand a few levels, no loops
        again, more = _expand(out, variables, environ, depth + 1)
        if again != out:
            return again, more
    return out, unknown


def expand_variables(
    path: str, variables: Optional[Mapping[str, str]] = None, *, environ: bool = True
) -> str:
    """Replace ``$VAR``, ``${VAR}`` and ``<VAR>`` from ``variables`` (then the environment for
    ``$``-forms, unless ``environ=False``). Frame/UDIM tokens and unknown names stay as written."""
    return _expand(path, variables, environ)[0]


def unknown_variables(
    path: str, variables: Optional[Mapping[str, str]] = None, *, environ: bool = True
) -> List[str]:
    """The variables in ``path`` that cannot be expanded, as written (``$FOO``, ``<MAYA_RESOURCES>``)."""
    return _expand(path, variables, environ)[1]


# resolving ------------------------------------------------------------------------------------

_MAX_SEQUENCE_FRAMES = 100000


def _is_foreign(path: str) -> bool:
    """A Windows path while we run on POSIX (it can never be opened here)."""
    return os.name != "nt" and is_windows_path(path)


def _stat_size(path: str) -> Optional[int]:
    """File size, 0 for a directory, None when the path does not exist (or cannot be read)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return 0 if stat.S_ISDIR(st.st_mode) else int(st.st_size)


class DirCache:
    """Folder listings for one resolve session: each folder is listed once, then searched by prefix.

    Globbing a sequence or UDIM set lists its folder; without a cache, N sets in one folder cost
    N listings of the whole folder (quadratic in a scene with thousands of textures). Give one
    ``DirCache`` to every ``resolve_asset`` call of one scene read (``AssetCollector`` and the file
    analysers do) and each folder is listed once; a set is then found by bisecting the sorted
    names for its literal prefix. A listing is a snapshot of that moment: make a new cache for
    each scene read, never keep one across reads.
    """

    __slots__ = ("_names", "scans")

    def __init__(self) -> None:
        self._names: Dict[str, Tuple[str, ...]] = {}
        self.scans = 0  # folders actually listed (for tests and benchmarks)

    def names(self, folder: str) -> Tuple[str, ...]:
        """The sorted names in ``folder`` (``''`` is the current folder); empty when it cannot be read."""
        names = self._names.get(folder)
        if names is None:
            names = self._names[folder] = self._scan(folder)
        return names

    def _scan(self, folder: str) -> Tuple[str, ...]:
        self.scans += 1
        try:
            with os.scandir(folder or os.curdir) as entries:
                return tuple(sorted(entry.name for entry in entries))
        except (OSError, ValueError):
            return ()

    def starting_with(self, folder: str, prefix: str) -> List[str]:
        """The names in ``folder`` that start with ``prefix``, sorted."""
        names = self.names(folder)
        if not prefix:
            return list(names)
        i = bisect_left(names, prefix)
        out = []
        while i < len(names) and names[i].startswith(prefix):
            out.append(names[i])
            i += 1
        return out


# folder separators, as glob sees them: on POSIX a backslash is part of a name
_SEP_SPLIT = re.compile(r"([\\/])" if os.name == "nt" else r"(/)")


def _components(pattern_path: str) -> List[Tuple[str, List[Token]]]:
    """The path's components as (separator before it, tokens); tokens never span a separator."""
    comps: List[Tuple[str, List[Token]]] = [("", [])]
    for tok in split_tokens(pattern_path):
        if tok.kind != "text":
            comps[-1][1].append(tok)
            continue
        pieces = _SEP_SPLIT.split(tok.text)  # text, sep, text, sep, ...
        if pieces[0]:
            comps[-1][1].append(Token("text", pieces[0]))
        for k in range(1, len(pieces), 2):
            comps.append((pieces[k], [Token("text", pieces[k + 1])] if pieces[k + 1] else []))
    return comps


@lru_cache(maxsize=1024)
def _tail_regex(source: str) -> "re.Pattern[str]":
    return re.compile(source)


def _glob_matches(pattern_path: str, listing: Optional[DirCache] = None) -> List[Tuple[str, int]]:
    """The files (and folders) a tokenised path names, with their sizes, sorted.

    Same answer as ``glob.glob(tokens_to_glob(p))`` filtered by ``tokens_to_regex(p).fullmatch``
    (hidden names only when the literal part starts with a dot), but each folder is listed once
    per ``listing`` and a component's literal prefix is found by bisection.
    """
    listing = listing if listing is not None else DirCache()
    comps = _components(pattern_path)
    heads = [""]  # the paths built so far, each ending where the next component starts
    last = len(comps) - 1
    for i, (sep, toks) in enumerate(comps):
        n_lit = 0
        while n_lit < len(toks) and toks[n_lit].kind == "text":
            n_lit += 1
        prefix = "".join(t.text for t in toks[:n_lit])
        if n_lit == len(toks):  # a literal component: the final stat says whether it exists
            heads = [h + sep + prefix for h in heads]
            continue
        tail = _tail_regex("".join(_token_regex(t) for t in toks[n_lit:]))
        skip_hidden = not prefix.startswith(".")
        found = []
        for head in heads:
            folder = head + sep
            for name in listing.starting_with(folder, prefix):
                if skip_hidden and name.startswith("."):
                    continue
                if tail.fullmatch(name, len(prefix)) is None:
                    continue
                path = folder + name
                if i < last and not os.path.isdir(path):
                    continue  # only folders lead on, as with glob
                found.append(path)
        heads = found
        if not heads:
            return []
    out = []
    for path in heads:
        size = _stat_size(path)
        if size is not None:
            out.append((path, size))
    out.sort()
    return out


def _project_candidates(path: str, project_dir: str) -> List[str]:
    """Maya's rule: ``.../sourceimages/x/a.png`` missing → ``<project>/sourceimages/x/a.png``."""
    parts = normalize_slashes(path).split("/")
    out = []
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] in MAYA_PROJECT_DIRS and i < len(parts) - 1:
            out.append(os.path.join(project_dir, *parts[i:]))
    return out


def _join(base: str, rel: str) -> str:
    rel = rel.replace("\\", "/") if os.name != "nt" else rel
    return os.path.normpath(os.path.join(base, rel))


def resolve_asset(
    path: str,
    *,
    kind: Union[AssetKind, str] = AssetKind.OTHER,
    node: str = "",
    base_dir: Optional[str] = None,
    variables: Optional[Mapping[str, str]] = None,
    project_dir: Optional[str] = None,
    host: Optional[str] = None,
    frames: Optional[FrameRange] = None,
    environ: bool = True,
    listing: Optional[DirCache] = None,
) -> Asset:
    """Turn a path as written in a scene into an ``Asset``: expanded, globbed, stat-ed.

    - ``base_dir``: folder that relative paths (and Blender ``//`` paths) start from, usually the
      scene's folder;
    - ``project_dir``: the Maya project (workspace) root for the project rule;
    - ``variables``: ``{"HIP": ..., "JOB": ..., "MAYA_RESOURCES": ...}``; the environment fills
      ``$``-variables not given here unless ``environ=False``;
    - ``host``: "blender" makes a leading ``//`` Blender-relative; for any other host it is a UNC
      path. With no host, ``//`` is Blender-relative when ``base_dir`` is given;
    - ``frames``: for a path with frame tokens, check each of these frames instead of globbing,
      so gaps in a sequence show up in ``missing``;
    - ``listing``: a ``DirCache`` shared by the calls of one scene read, so that each folder is
      listed once however many sequences and UDIM sets it holds (without one, each set lists its
      folder afresh).

    Never raises for a bad path: what cannot be resolved is reported in ``missing`` and ``note``.
    """
    raw = path if isinstance(path, str) else str(path)
    kind = AssetKind(kind)
    notes: List[str] = []
    text = raw.strip()
    if not text:
        return Asset(path=raw, kind=kind, node=node, note="empty path")

    expanded, unknown = _expand(text, variables, environ)
    if unknown:
        notes.append(
            "unknown variable%s %s left as written" % ("s" if len(unknown) > 1 else "", ", ".join(dict.fromkeys(unknown)))
        )
    if expanded.startswith("~"):
        expanded = os.path.expanduser(expanded)
    if expanded.lower().startswith("file://"):
        expanded = expanded[7:]

    blender_rel = expanded.startswith("//") and not expanded.startswith("///") and (
        host == "blender" or (host is None and base_dir is not None)
    )
    sequence = has_sequence_tokens(expanded)

    # where to look, first hit wins
    candidates: List[str] = []
    foreign = False
    if blender_rel:
        if base_dir is None:
            notes.append("Blender-relative path (//) but the .blend's folder is not known")
        else:
            candidates.append(_join(base_dir, expanded[2:]))
    elif _is_foreign(expanded):
        foreign = True
        if project_dir:
            candidates.extend(_project_candidates(expanded, project_dir))
    elif os.path.isabs(expanded.replace("\\", "/") if os.name != "nt" else expanded):
        candidates.append(os.path.normpath(expanded.replace("\\", "/") if os.name != "nt" else expanded))
        if project_dir:
            candidates.extend(_project_candidates(expanded, project_dir))
    else:  # relative: the Maya project first, then the scene's folder
        if project_dir:
            candidates.append(_join(project_dir, expanded))
        if base_dir:
            candidates.append(_join(base_dir, expanded))
        if not candidates:
            notes.append("relative path and no scene folder to resolve it against")

    primary = candidates[0] if candidates else normalize_slashes(expanded)
    if foreign:
        primary = normalize_slashes(expanded)
    if unknown:
        # a path with a variable we cannot expand cannot be looked up
        candidates = []

    resolved: List[str] = []
    missing: List[str] = []
    size = 0
    if sequence:
        hit: List[Tuple[str, int]] = []
        expected_missing: List[str] = []
        for cand in candidates:
            if frames is not None and has_frame_tokens(cand):
                hit, expected_missing = _check_frames(cand, frames, listing)
                if hit:
                    break
            else:
                hit = _glob_matches(cand, listing)
                if hit:
                    break
        if hit:
            resolved = [p for p, _ in hit] + expected_missing
            missing = expected_missing
            size = sum(s for _, s in hit)
        else:
            resolved = [primary]
            missing = [primary]
    else:
        for cand in candidates:
            s = _stat_size(cand)
            if s is not None:
                resolved, size = [cand], s
                if cand != candidates[0] and not foreign:
                    notes.append("found by the Maya project rule at %s" % cand)
                break
        else:
            resolved = [primary]
            missing = [primary]
    if foreign and missing:
        notes.append("a Windows path; it cannot be opened from this machine")
    elif foreign and resolved:
        notes.append("a Windows path, found by the Maya project rule at %s" % resolved[0])
    return Asset(
        path=raw,
        resolved=resolved,
        kind=kind,
        node=node,
        exists=bool(resolved) and not missing,
        missing=missing,
        size=size,
        sequence=sequence,
        note="; ".join(notes),
    )


def _check_frames(
    pattern: str, frames: FrameRange, listing: Optional[DirCache] = None
) -> Tuple[List[Tuple[str, int]], List[str]]:
    if listing is None:
        listing = DirCache()  # the frames' UDIM sets share one listing of their folder
    hit: List[Tuple[str, int]] = []
    missing: List[str] = []
    for i, f in enumerate(frames.frames()):
        if i >= _MAX_SEQUENCE_FRAMES:
            break
        one = expand_tokens(pattern, frame=f)
        if has_sequence_tokens(one):  # UDIMs left: glob the tiles of this frame
            found = _glob_matches(one, listing)
            if found:
                hit.extend(found)
            else:
                missing.append(one)
        else:
            s = _stat_size(one)
            if s is None:
                missing.append(one)
            else:
                hit.append((one, s))
    return hit, missing


def group_assets(assets: Iterable[Asset]) -> Dict[str, List[Asset]]:
    """Assets by kind value, for summaries."""
    out: Dict[str, List[Asset]] = {}
    for a in assets:
        out.setdefault(AssetKind(a.kind).value, []).append(a)
    return out
