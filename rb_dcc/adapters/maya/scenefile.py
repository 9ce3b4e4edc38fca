"""Analyse a Maya scene file (.ma or .mb) with no Maya: ``analyze(path) -> SceneSpec``.

The format is told by the bytes, not the extension (a Maya binary saved as .ma is read as binary,
with a notice). ASCII files go through a real MEL tokenizer (``_ma_lexer``), binary files through
an IFF chunk walker (``_mb_reader``); both feed one builder (``_ma_scene``) so both give the same
fields. File references are analysed recursively when they exist (cycles and depth guarded), and
their plug-ins, cameras and files join the result.

Every failure to read is a ``SceneFileError`` naming the file and what is wrong.
"""

from __future__ import annotations

import os
import re
from typing import Dict, List, Optional, Set

from ...scene import AssetKind, Camera, Plugin, SceneFileError, SceneSpec
from ...scene.tokens import DirCache, resolve_asset
from ..base import identify_file
from ._ma_lexer import MaSyntaxError
from ._ma_reader import read_ma
from ._ma_scene import MayaSceneBuilder
from ._mb_reader import MbFormatError, read_mb

__all__ = ["analyze", "MAX_REFERENCE_DEPTH"]

MAX_REFERENCE_DEPTH = 16
_MAX_MISSING_WARNINGS = 20
_COPY_NUMBER = re.compile(r"\{\d+\}$")
_SCENE_EXTS = (".ma", ".mb")


def analyze(path: str) -> SceneSpec:
    """Analyse ``path``; raises ``SceneFileError`` when it cannot be read as a Maya scene."""
    return _analyze(str(path), set(), 0)


def _sniff(path: str) -> str:
    """'binary', 'ascii', or a SceneFileError saying what the file is instead."""
    try:
        if not os.path.exists(path):
            raise SceneFileError(path, "the file does not exist")
        if os.path.isdir(path):
            raise SceneFileError(path, "this is a folder, not a Maya scene file")
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise SceneFileError(path, "cannot be read: %s" % (exc.strerror or exc)) from None
    if size == 0:
        raise SceneFileError(path, "the file is empty (0 bytes)")
    if head[:4] in (b"FOR4", b"FOR8"):
        return "binary"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"//Maya ASCII"):
        return "ascii"
    what = identify_file(head)
    if what:
        raise SceneFileError(path, "this is not a Maya scene: it looks like %s" % what)
    if b"\0" not in head and re.search(rb"^\s*(?:requires|createNode|fileInfo|currentUnit|file)\s", head, re.M):
        return "ascii"  # hand-written MEL without Maya's header
    raise SceneFileError(
        path, "this is not a Maya scene: it starts with %r, not '//Maya ASCII' or an IFF FOR4/FOR8 chunk" % head[:16]
    )


def _analyze(path: str, visited: Set[str], depth: int, listing: Optional[DirCache] = None) -> SceneSpec:
    fmt = _sniff(path)
    builder = MayaSceneBuilder(path, fmt)
    try:
        with open(path, "rb") as fh:
            if fmt == "binary":
                read_mb(fh, builder)
            else:
                read_ma(fh, builder)
    except MaSyntaxError as exc:
        raise SceneFileError(path, "cannot be read as Maya ASCII: %s (truncated or damaged?)" % exc) from None
    except MbFormatError as exc:
        raise SceneFileError(path, "cannot be read as Maya binary: %s" % exc) from None
    except OSError as exc:
        raise SceneFileError(path, "cannot be read: %s" % (exc.strerror or exc)) from None
    except MemoryError:
        raise SceneFileError(path, "the file is too large to analyse in this much memory") from None
    spec = builder.build()
    ext = os.path.splitext(path)[1].lower()
    expected = ".mb" if fmt == "binary" else ".ma"
    if ext != expected:
        spec.notice(
            "the file holds a Maya %s scene but is named %s; Maya expects %s" % (fmt.upper() if fmt == "ascii" else fmt, ext or "(no extension)", expected),
            fix="rename it to %s" % expected,
        )
    visited = visited | {os.path.realpath(path)}
    listing = listing if listing is not None else DirCache()  # shared with the referenced scenes
    _assets(spec, builder, listing)
    _references(spec, builder, visited, depth, listing)
    _missing_warnings(spec)
    return spec


def _assets(spec: SceneSpec, builder: MayaSceneBuilder, listing: DirCache) -> None:
    base = os.path.dirname(os.path.abspath(builder.path))
    project = spec.project_path or None
    seen: Dict[str, int] = {}
    shipped: List[str] = []
    for raw, kind, node in builder.path_values():
        if raw in seen:
            continue
        if raw.startswith("<MAYA_RESOURCES>") or raw.startswith("<MAYA_LOCATION>"):
            shipped.append("%s (%s)" % (raw, node))
            seen[raw] = -1
            continue
        asset = resolve_asset(raw, kind=kind, node=node, base_dir=base, project_dir=project, host="maya", listing=listing)
        seen[raw] = len(spec.assets)
        spec.assets.append(asset)
    if shipped:
        spec.notice(
            "%d path(s) point into Maya's own install, which the farm's Maya provides: %s"
            % (len(shipped), ", ".join(shipped[:5])),
        )


def _references(spec: SceneSpec, builder: MayaSceneBuilder, visited: Set[str], depth: int, listing: DirCache) -> None:
    base = os.path.dirname(os.path.abspath(builder.path))
    project = spec.project_path or None
    seen: Set[str] = set()
    for ref in builder.references:
        if ref.path in seen:
            continue
        seen.add(ref.path)
        clean = _COPY_NUMBER.sub("", ref.path)
        kind = AssetKind.CACHE if ref.file_type.lower() == "alembic" else AssetKind.REFERENCE
        asset = resolve_asset(
            clean, kind=kind, node=ref.node or ref.namespace, base_dir=base, project_dir=project, host="maya", listing=listing
        )
        asset = asset.model_copy(update={"path": ref.path})
        if ref.deferred:
            asset = asset.model_copy(update={"note": "; ".join(x for x in (asset.note, "deferred (unloaded) reference") if x)})
            spec.notice(
                "reference %s (%s) is unloaded; it is uploaded but stays unloaded on the farm" % (ref.node or ref.namespace, ref.path),
                ref=ref.node,
            )
        spec.assets.append(asset)
        if not asset.exists or not asset.resolved:
            continue
        target = asset.resolved[0]
        if os.path.splitext(target)[1].lower() not in _SCENE_EXTS:
            continue
        real = os.path.realpath(target)
        if real in visited:
            spec.warn("reference cycle: %s references %s, which references it back" % (builder.path, target), ref=ref.node)
            continue
        if depth + 1 > MAX_REFERENCE_DEPTH:
            spec.warn("references nest deeper than %d levels; %s was not analysed" % (MAX_REFERENCE_DEPTH, target), ref=ref.node)
            continue
        try:
            child = _analyze(target, visited, depth + 1, listing)
        except SceneFileError as exc:
            spec.warn("the referenced scene cannot be analysed: %s" % exc, ref=ref.node)
            continue
        _merge(spec, child, ref.namespace)


def _merge(spec: SceneSpec, child: SceneSpec, namespace: str) -> None:
    """A referenced scene's plug-ins, cameras, files and problems join the parent's."""
    have = {p.name: p for p in spec.plugins}
    for plugin in child.plugins:
        mine = have.get(plugin.name)
        if mine is None:
            spec.plugins.append(Plugin(name=plugin.name, version=plugin.version, required=plugin.required))
            have[plugin.name] = spec.plugins[-1]
        elif plugin.version and mine.version and plugin.version != mine.version:
            spec.notice(
                "plug-in %s: the scene asks for %s, a reference was saved with %s" % (plugin.name, mine.version, plugin.version)
            )
    prefix = namespace + ":" if namespace else ""
    names = {c.name for c in spec.cameras}
    for cam in child.cameras:
        if cam.name in ("persp", "top", "front", "side"):
            continue  # startup cameras of a referenced scene do not come along
        name = prefix + cam.name
        if name not in names:
            spec.cameras.append(Camera(name=name, renderable=cam.renderable))
    renderable = spec.renderable_cameras
    for layer in spec.layers:
        layer.cameras = list(renderable)
    paths = {a.path for a in spec.assets}
    for asset in child.assets:
        if asset.path in paths:
            continue
        paths.add(asset.path)
        spec.assets.append(asset.model_copy(update={"node": prefix + asset.node if asset.node else asset.node}))
    for problem in child.problems:
        if problem.message.startswith("saved by ") or problem.message.startswith("animation is off"):
            continue
        spec.problems.append(
            problem.model_copy(update={"message": "in reference %s: %s" % (os.path.basename(child.scene_path), problem.message)})
        )


def _missing_warnings(spec: SceneSpec) -> None:
    missing = [a for a in spec.assets if not a.exists and not a.packed]
    existing_msgs = {p.message for p in spec.problems}
    for asset in missing[:_MAX_MISSING_WARNINGS]:
        msg = "missing %s: %s (%s)" % (AssetKind(asset.kind).value, asset.path, asset.node or "?")
        if msg in existing_msgs:
            continue
        spec.warn(msg, code="10012", fix="find the file, or fix the path in the node", ref=asset.node)
    if len(missing) > _MAX_MISSING_WARNINGS:
        spec.warn("%d more files are missing" % (len(missing) - _MAX_MISSING_WARNINGS), code="10012")
