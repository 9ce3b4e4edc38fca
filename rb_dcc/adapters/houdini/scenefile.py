"""Analyse a Houdini scene file (.hip, .hipnc, .hiplc) without Houdini.

The file is read once as a stream of sections (``_hipcontainer``); only the small text sections
the analysis needs are kept: ``.variables`` (``$HIP``, ``$JOB``, ``_HIP_SAVEVERSION``), ``.start``
(playbar range, fps), ``.OPlibraries`` / ``.OPfallbacks`` (asset libraries), and per node its
``.init`` (type), ``.def`` (flags), ``.chn`` (expressions) and ``.parm`` (values).

From those: every ROP with its own frame range, camera, output and renderer; the cameras; the
resolution of the first renderable image ROP; and every file the nodes read, resolved with
``$HIP``/``$JOB`` through ``rb_dcc.scene.tokens``. Backtick expressions are not evaluated (no
Houdini here): a ``chs("...")`` reference to another parm is followed, anything else is left as
written with a warning.
"""

from __future__ import annotations

import os
import re
from typing import Dict, List, NamedTuple, Optional, Tuple

from ...scene import (
    Asset,
    AssetKind,
    Camera,
    FrameRange,
    FrameRangeError,
    Host,
    Plugin,
    RenderLayer,
    Resolution,
    SceneFileError,
    SceneSpec,
)
from ...scene.tokens import DirCache, resolve_asset
from . import _hiprules as rules
from ._hipcontainer import HipFormatError, iter_sections, sniff
from ._hipparse import (
    Parm,
    parse_channels,
    parse_fallbacks,
    parse_flags,
    parse_init,
    parse_library_lines,
    parse_parms,
    parse_start,
    parse_variables,
    string_literal,
)

__all__ = ["analyze", "EXTENSIONS"]

EXTENSIONS = (".hip", ".hipnc", ".hiplc")
ANALYSER = "houdini.scenefile"
_NODE_EXTS = (".init", ".def", ".parm", ".chn")
_GLOBALS = (".variables", ".start", ".OPlibraries", ".OPfallbacks")
_MAX_EXPR_DEPTH = 5
_MAX_WARNINGS_PER_KIND = 50


class _Node:
    __slots__ = ("path", "type", "flags", "parms", "chans", "category")

    def __init__(self, path: str):
        self.path = path
        self.type = ""
        self.flags: Dict[str, bool] = {}
        self.parms: Dict[str, Parm] = {}
        self.chans: Dict[str, str] = {}
        self.category = ""

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def hou_path(self) -> str:
        return "/" + self.path


class _Scene(NamedTuple):
    variables: Dict[str, str]
    bad_variable_lines: List[str]
    start_text: Optional[str]
    libraries: List[str]
    other_library_lines: List[str]  # .OPlibraries lines that name no library file
    fallbacks: List[Tuple[str, str, str]]
    nodes: Dict[str, _Node]
    flavour: str  # 'cpio' or 'marker'
    skipped: List[str]  # sections too big to keep


def _want(name: str) -> bool:
    return name in _GLOBALS or name.endswith(_NODE_EXTS)


def _text(body: bytes) -> str:
    return body.decode("utf-8", "replace")


def _read(path: str) -> _Scene:
    try:
        size = os.path.getsize(path)
        f = open(path, "rb")
    except IsADirectoryError:
        raise SceneFileError(path, "is a folder, not a Houdini scene file") from None
    except OSError as exc:
        raise SceneFileError(path, "cannot be read: %s" % (exc.strerror or exc)) from None
    variables: Dict[str, str] = {}
    bad: List[str] = []
    start_text = None
    libraries: List[str] = []
    other_library_lines: List[str] = []
    fallbacks: List[Tuple[str, str, str]] = []
    nodes: Dict[str, _Node] = {}
    skipped: List[str] = []
    with f:
        head = f.read(6)
        flavour = sniff(head)
        f.seek(0)
        try:
            for name, body in iter_sections(f, _want, file_size=size):
                if not _want(name):
                    continue
                if body is None:
                    skipped.append(name)
                    continue
                if name == ".variables":
                    variables, bad = parse_variables(_text(body))
                elif name == ".start":
                    start_text = _text(body)
                elif name == ".OPlibraries":
                    libraries, other_library_lines = parse_library_lines(_text(body))
                elif name == ".OPfallbacks":
                    fallbacks = parse_fallbacks(_text(body))
                else:
                    node_path, ext = os.path.splitext(name)
                    if not node_path or node_path.startswith("."):
                        continue
                    node = nodes.get(node_path)
                    if node is None:
                        node = nodes[node_path] = _Node(node_path)
                    if ext == ".init":
                        node.type = parse_init(_text(body)).get("type", "")
                    elif ext == ".def":
                        node.flags = parse_flags(_text(body))
                    elif ext == ".parm":
                        node.parms = parse_parms(_text(body))
                    elif ext == ".chn":
                        node.chans = parse_channels(_text(body))
        except HipFormatError as exc:
            raise SceneFileError(path, str(exc)) from None
        except (OSError, MemoryError) as exc:
            raise SceneFileError(path, "cannot be read: %s" % exc) from None
    return _Scene(variables, bad, start_text, libraries, other_library_lines, fallbacks, nodes, flavour, skipped)


def _assign_categories(nodes: Dict[str, _Node]) -> None:
    for path in sorted(nodes, key=lambda p: p.count("/")):
        node = nodes[path]
        if "/" not in path:
            node.category = "Manager"
            continue
        parent_path = path.rsplit("/", 1)[0]
        parent = nodes.get(parent_path)
        if "/" not in parent_path:
            node.category = rules.ROOT_CATEGORIES.get(parent_path, "")
        elif parent is not None and parent.category:
            node.category = rules.child_category(parent.category, parent.type)
        else:
            node.category = ""


class _Analysis:
    def __init__(self, path: str, scene: _Scene):
        self.path = path
        self.scene = scene
        self.nodes = scene.nodes
        self.dir = os.path.dirname(os.path.abspath(path))
        self.listing = DirCache()  # one listing per folder for this read
        stem = os.path.splitext(os.path.basename(path))[0]
        self.variables = dict(scene.variables)
        # Houdini sets these from where the file is opened, not from what was saved
        self.variables.update({"HIP": self.dir, "HIPFILE": os.path.abspath(path), "HIPNAME": stem})
        self.spec = SceneSpec(host=Host.HOUDINI, scene_path=os.path.abspath(path), analyser=ANALYSER)
        self.expr_warnings = 0

    # parms ---------------------------------------------------------------------------------
    def raw(self, node: _Node, name: str, index: int = 0) -> Optional[str]:
        """A string parm as the artist wrote it (the channel's expression when it is a literal)."""
        found = self.raw_in(node, name, index)
        return found[0] if found is not None else None

    def raw_in(self, node: _Node, name: str, index: int = 0, depth: int = 0) -> Optional[Tuple[str, _Node]]:
        """(value, node whose context it is in): ``chs()`` references are followed to their parm."""
        parm = node.parms.get(name)
        if parm is None or len(parm.values) <= index:
            return None
        value = parm.values[index]
        if value.channel:
            expr = node.chans.get(value.channel)
            if expr is not None:
                literal = string_literal(expr)
                if literal is not None:
                    return literal, node
        text = value.value
        ref = _chs_reference(text)
        if ref is not None and depth < _MAX_EXPR_DEPTH:
            target = self.follow(node, ref)
            if target is not None:
                tnode, tparm = target
                followed = self.raw_in(tnode, tparm, 0, depth + 1)
                if followed is not None:
                    return followed
        return text, node

    def follow(self, node: _Node, ref: str) -> Optional[Tuple[_Node, str]]:
        """``chs("../x/parm")`` relative to ``node`` -> (node x, 'parm')."""
        target, _, parm = ref.rpartition("/")
        if not parm:
            return None
        if target.startswith("/"):
            parts: List[str] = []
            rel = target[1:]
        else:
            parts = node.path.split("/")
            rel = target
        for piece in rel.split("/") if rel else []:
            if piece in ("", "."):
                continue
            if piece == "..":
                if parts:
                    parts.pop()
            else:
                parts.append(piece)
        tnode = self.nodes.get("/".join(parts))
        return (tnode, parm) if tnode is not None else None

    def number(self, node: _Node, name: str, index: int = 0) -> Optional[float]:
        parm = node.parms.get(name)
        if parm is None or len(parm.values) <= index:
            return None
        try:
            return float(parm.values[index].value)
        except ValueError:
            return None

    def word(self, node: _Node, name: str) -> str:
        parm = node.parms.get(name)
        return parm.values[0].value if parm is not None and parm.values else ""

    # whole scene ----------------------------------------------------------------------------
    def run(self) -> SceneSpec:
        spec = self.spec
        sc = self.scene
        version = sc.variables.get("_HIP_SAVEVERSION", "")
        if version:
            spec.host_version = version
        else:
            spec.warn("the file does not say which Houdini version saved it (_HIP_SAVEVERSION is missing)",
                      fix="open and save it in Houdini", ref=".variables")
        for line in sc.bad_variable_lines[:5]:
            spec.warn("cannot read the variable line %r" % line[:200], ref=".variables")
        ext = os.path.splitext(self.path)[1].lower()
        if ext not in EXTENSIONS:
            spec.warn("a Houdini scene with the extension %r; Houdini expects .hip, .hipnc or .hiplc" % ext)
        if sc.flavour == "marker":
            self._licence_notes()
        if "JOB" in sc.variables:
            spec.project_path = sc.variables["JOB"]
        for name in sc.skipped:
            spec.warn("section %s is too large to analyse and was skipped" % name, ref=name)
        self._playbar()
        _assign_categories(self.nodes)
        self._rops()
        self._cameras()
        self._assets()
        self._libraries()
        self._plugins()
        return spec

    def _licence_notes(self) -> None:
        spec = self.spec
        variant = os.path.splitext(self.path)[1].lower()
        with open(self.path, "rb") as f:
            marker = f.read(6)
        if marker.startswith(b"HouNC"):
            spec.warn(
                "saved by Houdini Apprentice (non-commercial, .hipnc): it renders only with a "
                "non-commercial licence, with a watermark and at most 1280x720",
                fix="save the scene from a commercial or Indie Houdini before sending it to the farm",
            )
        elif marker.startswith(b"HouLC"):
            spec.notice("saved by Houdini Indie (limited commercial, .hiplc): the farm must render it "
                        "with an Indie-compatible licence")
        if variant not in (".hipnc", ".hiplc"):
            spec.warn("the file is a non-commercial/limited Houdini scene but is named %s" % variant)

    def _playbar(self) -> None:
        spec = self.spec
        if self.scene.start_text is None:
            spec.warn("the file has no .start section: no playbar range or fps", ref=".start")
            self.playbar = None
            return
        pb = parse_start(self.scene.start_text)
        self.playbar = pb
        if pb.fps:
            spec.fps = pb.fps
        if pb.start is not None and pb.end is not None:
            start, end = _frame(pb.start), _frame(pb.end)
            if end >= start:
                spec.frames = FrameRange.from_bounds(start, end)
            else:
                spec.warn("the playbar range %g-%g runs backwards" % (pb.start, pb.end), ref=".start")

    # ROPs -------------------------------------------------------------------------------------
    def _rops(self) -> None:
        spec = self.spec
        first_render: Optional[Tuple[_Node, RenderLayer]] = None
        for path in sorted(self.nodes, key=_rop_order):
            node = self.nodes[path]
            if not node.type:
                continue
            rule = rules.rop_rule(node.category, node.type)
            if rule is None:
                continue
            layer = self._rop_layer(node, rule)
            spec.layers.append(layer)
            if layer.renderer and layer.renderer != "opengl" and layer.renderable and first_render is None:
                first_render = (node, layer)
        if first_render is None:
            for layer in spec.layers:
                if layer.renderer and layer.renderable:
                    first_render = (self.nodes[layer.name.lstrip("/")], layer)
                    break
        renderers = sorted({l.renderer for l in spec.layers if l.renderer and l.renderable and l.renderer != "opengl"})
        if first_render is not None:
            node, layer = first_render
            spec.renderer = layer.renderer
            spec.output_pattern = layer.output
            spec.image_format = layer.image_format
            self._resolution(node, layer)
        if len(renderers) > 1:
            spec.notice("ROPs use several renderers: %s" % ", ".join(renderers))
        if not spec.layers:
            spec.warn("the scene has no ROP (render or cache output node): there is nothing to render",
                      fix="add a render ROP in /out and save the scene")

    def _rop_layer(self, node: _Node, rule: rules.RopRule) -> RenderLayer:
        spec = self.spec
        renderer = rule.renderer
        base = rules.base_type(node.type)
        if base in ("usdrender", "usdrender_rop"):
            delegate = self.word(node, "renderer")
            renderer = rules.usd_renderer(delegate) if delegate else "karma"
        cameras: List[str] = []
        for parm in rule.cameras:
            cam = self.raw(node, parm)
            if cam:
                cameras.append(cam)
                if cam.startswith("/") and cam.lstrip("/") not in self.nodes:
                    spec.warn("ROP %s renders camera %s, which is not in the scene" % (node.hou_path, cam),
                              fix="pick an existing camera on the ROP", ref=node.hou_path)
                break
        output = ""
        for parm in rule.outputs:
            out = self.raw(node, parm)
            if out:
                output = out
                break
        if output.strip() in ("ip", "md", "imdisplay"):
            spec.warn("ROP %s renders to MPlay (%s), not to files" % (node.hou_path, output.strip()),
                      fix="set an output image path on the ROP", ref=node.hou_path)
            output = ""
        elif not output and renderer:
            spec.warn("ROP %s has no output image path" % node.hou_path, ref=node.hou_path)
        if output and "`" in output:
            self._expr_warning(node, rule.outputs[0], output)
        if base == "ifd":
            resolver = self.word(node, "vm_deepresolver").strip().lower()
            deep_parm = {"camera": "vm_dcmfilename", "shadow": "vm_dsmfilename"}.get(resolver)
            deep = self.raw(node, deep_parm) if deep_parm else None
            if deep:
                spec.notice("ROP %s also writes deep images (%s) to %s" % (node.hou_path, resolver, deep),
                            ref="%s/%s" % (node.hou_path, deep_parm))
        bypassed = node.flags.get("bypass", False)
        layer = RenderLayer(
            name=node.hou_path,
            kind="rop",
            renderable=not bypassed,
            renderer=renderer,
            node_type=node.type,
            frames=self._rop_frames(node),
            cameras=cameras,
            output=output,
            image_format=rules.file_extension(output) if output else "",
        )
        return layer

    def _rop_frames(self, node: _Node) -> Optional[FrameRange]:
        spec = self.spec
        mode = self.word(node, "trange").strip().lower()
        f1, f2, f3 = self.number(node, "f", 0), self.number(node, "f", 1), self.number(node, "f", 2)
        if f1 is None and "f1" in node.parms:
            f1, f2, f3 = self.number(node, "f1"), self.number(node, "f2"), self.number(node, "f3")
        if mode in ("off", "0"):
            current = self.playbar.current if self.playbar else None
            frame = _frame(current) if current is not None else (_frame(f1) if f1 is not None else None)
            spec.notice(
                "ROP %s renders only the current frame (Valid Frame Range: Render Current Frame)%s"
                % (node.hou_path, "" if frame is None else ", frame %d" % frame),
                fix="set Valid Frame Range to 'Render Frame Range' to render %s"
                % ("%g-%g" % (f1, f2) if f1 is not None and f2 is not None else "a range"),
                ref=node.hou_path,
            )
            return FrameRange.from_bounds(frame, frame) if frame is not None else None
        if f1 is None or f2 is None:
            pb = self.playbar
            if pb and pb.start is not None and pb.end is not None:
                return FrameRange.from_bounds(_frame(pb.start), _frame(pb.end))
            return None
        step = max(1, _frame(f3)) if f3 else 1
        try:
            return FrameRange.from_bounds(_frame(f1), _frame(f2), step)
        except FrameRangeError:
            spec.warn("ROP %s has the frame range %g-%g, which runs backwards" % (node.hou_path, f1, f2),
                      ref=node.hou_path)
            return None

    def _resolution(self, node: _Node, layer: RenderLayer) -> None:
        spec = self.spec
        if self.word(node, "override_camerares").lower() in ("on", "1"):
            w, h = self.number(node, "res_override", 0), self.number(node, "res_override", 1)
            if w and h:
                spec.resolution = Resolution(width=int(w), height=int(h))
                return
        if layer.cameras:
            cam = self.nodes.get(layer.cameras[0].lstrip("/"))
            if cam is not None:
                w, h = self.number(cam, "res", 0), self.number(cam, "res", 1)
                if w and h:
                    spec.resolution = Resolution(width=int(w), height=int(h))

    def _cameras(self) -> None:
        used = {c for l in self.spec.layers if l.renderable for c in l.cameras}
        for path in sorted(self.nodes):
            node = self.nodes[path]
            if node.category == "Object" and rules.base_type(node.type) in ("cam", "stereocamrig"):
                self.spec.cameras.append(Camera(name=node.hou_path, renderable=node.hou_path in used))

    # assets -----------------------------------------------------------------------------------
    def _expr_warning(self, node: _Node, parm: str, value: str) -> None:
        self.expr_warnings += 1
        if self.expr_warnings <= _MAX_WARNINGS_PER_KIND:
            self.spec.warn(
                "%s/%s holds a backtick expression (%s) that cannot be evaluated without Houdini; "
                "the path is left as written" % (node.hou_path, parm, _short(value)),
                fix="check that the files it names are sent with the job",
                ref="%s/%s" % (node.hou_path, parm),
            )

    def _node_variables(self, node: _Node) -> Dict[str, str]:
        v = dict(self.variables)
        v["OS"] = node.name
        return v

    def _assets(self) -> None:
        seen: Dict[str, Asset] = {}
        builtin = 0
        for path in sorted(self.nodes):
            node = self.nodes[path]
            if not node.type or not node.parms:
                continue
            for parm, kind, strict in rules.reader_parms(node.category, node.type, node.parms):
                count = len(node.parms[parm].values) if parm in node.parms else 0
                if count == 0:
                    continue
                found = self.raw_in(node, parm)
                if found is None:
                    continue
                value, context = found[0].strip(), found[1]
                if not value or value.startswith(("op:", "opdef:", "oplib:", "temp:", "mem:")):
                    continue
                has_expr = "`" in value
                if not strict and not has_expr and not rules.known_extension(value):
                    continue
                if strict and not has_expr and kind is AssetKind.FONT and not rules.known_extension(value):
                    continue  # a font SOP naming a system font ("Lato Bold")
                if _is_builtin(value, self.dir):
                    builtin += 1
                    continue
                if has_expr:
                    self._expr_warning(node, parm, value)
                    if _PURE_EXPR_RE.match(value):
                        continue  # nothing of a path to look for
                ref = "%s/%s" % (node.hou_path, parm)
                asset_kind = kind or rules.kind_for_path(value, AssetKind.CACHE if node.category == "Sop" else AssetKind.OTHER)
                asset = resolve_asset(value, kind=asset_kind, node=ref, base_dir=self.dir, host="houdini",
                                      variables=self._node_variables(context), listing=self.listing)
                key = "|".join(asset.resolved) or value
                if key in seen:
                    first = seen[key]
                    refs = first.node.split(", ")
                    if ref not in refs and len(refs) < 8:
                        first.node = first.node + ", " + ref
                    continue
                seen[key] = asset
                self.spec.assets.append(asset)
        if builtin:
            self.spec.notice("%d file parm(s) name files that ship with Houdini ($HH, $HFS or its search "
                             "path); they are not sent" % builtin)

    def _libraries(self) -> None:
        spec = self.spec
        known = {a.path for a in spec.assets}
        for lib in self.scene.libraries:
            if lib in known or lib.lower() in ("embedded", "current hip file"):
                continue
            known.add(lib)
            spec.assets.append(resolve_asset(lib, kind=AssetKind.HDA, node=".OPlibraries", base_dir=self.dir,
                                             host="houdini", variables=self.variables, listing=self.listing))
        for line in self.scene.other_library_lines[:5]:
            spec.notice("line %r of .OPlibraries names no asset library file; it was not followed" % line[:200],
                        ref=".OPlibraries")
        relative = {lib.replace("\\", "/") for _, _, lib in self.scene.fallbacks if not _is_abs(lib)}
        self.library_plugins: Dict[str, str] = {}
        for cat, name, lib in self.scene.fallbacks:
            norm = lib.replace("\\", "/")
            if not _is_abs(norm) or _is_houdini_library(norm, relative):
                continue
            plugin = rules.plugin_for_library(norm)
            if plugin:
                self.library_plugins.setdefault(plugin, norm)
                continue
            if lib in known:
                continue
            known.add(lib)
            spec.assets.append(resolve_asset(lib, kind=AssetKind.HDA, node="%s/%s" % (cat, name),
                                             base_dir=self.dir, host="houdini", variables=self.variables,
                                             listing=self.listing))

    def _plugins(self) -> None:
        spec = self.spec
        found: Dict[str, str] = {}
        for node in self.nodes.values():
            if node.type:
                p = rules.plugin_for_type(node.type)
                if p:
                    found.setdefault(p, node.hou_path)
        for p in getattr(self, "library_plugins", {}):
            found.setdefault(p, "")
        for layer in spec.layers:  # a USD render ROP driving a third-party Hydra delegate
            p = _DELEGATE_PLUGINS.get(layer.renderer, "")
            if p:
                found.setdefault(p, layer.name)
        for name in sorted(found):
            spec.plugins.append(Plugin(name=name, version=""))
        if found:
            spec.notice("plugin versions are not stored in Houdini scene files: %s" % ", ".join(sorted(found)),
                        fix="pick the plugin versions in the render environment")


_DELEGATE_PLUGINS = {"redshift": "redshift", "arnold": "htoa", "vray": "vray", "renderman": "renderman",
                     "octane": "octane"}


def _rop_order(path: str) -> Tuple[int, str]:
    # /out first (where artists keep their ROPs), then everything else in path order
    return (0 if path.startswith("out/") else 1, path)


def _frame(value: float) -> int:
    return int(round(value))


_CHS_RE = re.compile(r'^`\s*chs(?:op)?\(\s*"([^"]+)"\s*\)\s*`$')
_PURE_EXPR_RE = re.compile(r"^`[^`]*`$")


def _chs_reference(text: str) -> Optional[str]:
    m = _CHS_RE.match(text.strip())
    return m.group(1) if m else None


def _short(text: str, n: int = 120) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."


def _is_abs(path: str) -> bool:
    return path.startswith("/") or bool(re.match(r"^[A-Za-z]:[\\/]", path)) or path.startswith("\\\\")


def _is_houdini_library(path: str, relative: set) -> bool:
    """A library under Houdini's install: it has a twin relative to $HFS/houdini in .OPfallbacks."""
    for rel in relative:
        if path.endswith("/" + rel):
            return True
    return "/houdini/otls/OPlib" in path


def _is_builtin(value: str, hip_dir: str) -> bool:
    v = value.replace("\\", "/")
    if re.match(r"^\$\{?(HH|HFS)\}?(/|$)", v):
        return True
    if "/" not in v and "$" not in v and "`" not in v and v.lower() in rules.BUILTIN_FILES:
        return not os.path.exists(os.path.join(hip_dir, v))
    return False


def analyze(path: str) -> SceneSpec:
    """Analyse a .hip/.hipnc/.hiplc file; raises ``SceneFileError`` when it cannot be read."""
    path = str(path)
    scene = _read(path)
    try:
        return _Analysis(path, scene).run()
    except RecursionError:
        raise SceneFileError(path, "the scene's node data is nested too deeply to analyse") from None
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, UnicodeError) as exc:
        # content no Houdini would write; say so in one line rather than with a traceback
        raise SceneFileError(path, "unexpected content (%s: %s)" % (type(exc).__name__, str(exc)[:200])) from None
