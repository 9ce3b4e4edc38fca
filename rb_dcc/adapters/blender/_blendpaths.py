"""Blender path rules shared by the file analyser and the live adapter (no bpy here).

- an image / clip / cache *sequence* is stored as the path of one of its frames; the frame number
  is the last run of digits in the file name (``shot.0012.png`` -> ``shot.####.png``);
- a UDIM image lists its tiles, so each expected tile is checked and a missing one is reported;
- packed data is reported as packed (nothing to upload), never as missing;
- cameras: every camera object, renderable when it is the scene camera or a timeline marker
  binds it (``scene_cameras``);
- asset ``node`` strings read ``Image:name``, ``Object:Cube.modifiers[MeshCache]``,
  ``Library:lib.blend > Image:name``; ``parse_node_ref`` splits them for ``select_node``.
"""

from __future__ import annotations

import os
import re
from typing import List, Optional, Tuple

from ...scene import Asset, AssetKind, Camera, SceneSpec
from ...scene.tokens import DirCache, expand_tokens, resolve_asset
from ..base import warn_missing

__all__ = [
    "sequence_pattern", "udim_asset", "sequence_asset", "packed_asset", "folder_asset", "missing_warnings", "parse_node_ref",
    "LEGACY_ENGINES", "modern_engine", "scene_cameras",
]

_DIGITS_RE = re.compile(r"(\d+)(?!.*\d)")

#: engines of old files and what Blender 5 turns them into when it opens the file
LEGACY_ENGINES = {
    "BLENDER_RENDER": "BLENDER_EEVEE",
    "BLENDER_GAME": "BLENDER_EEVEE",
    "BLENDER_EEVEE_NEXT": "BLENDER_EEVEE",
    "BLENDER_WORKBENCH_NEXT": "BLENDER_WORKBENCH",
}


def modern_engine(engine: str) -> str:
    """The engine Blender 5 uses for an engine name stored by an older Blender."""
    return LEGACY_ENGINES.get(engine, engine)


def sequence_pattern(path: str) -> str:
    """A concrete frame file name -> the same name with ``#`` for its last run of digits."""
    slash = max(path.rfind("/"), path.rfind("\\"))
    head, name = path[: slash + 1], path[slash + 1:]
    m = _DIGITS_RE.search(name)
    if not m:
        return path
    return head + name[: m.start()] + "#" * len(m.group(1)) + name[m.end():]


def sequence_asset(
    path: str, kind: AssetKind, node: str, base_dir: Optional[str], listing: Optional[DirCache] = None
) -> Asset:
    """Every existing frame of a sequence whose path names one frame."""
    asset = resolve_asset(sequence_pattern(path), kind=kind, node=node, base_dir=base_dir, host="blender", listing=listing)
    asset.path = path
    asset.sequence = True
    return asset


def udim_asset(
    path: str, tiles: List[int], node: str, base_dir: Optional[str], listing: Optional[DirCache] = None
) -> Asset:
    """A UDIM set: each tile the image lists is checked, so a missing tile shows up."""
    if "<UDIM>" in path or "<UVTILE>" in path:
        pattern = path
    else:  # an old-style tiled path naming tile 1001: the last 4 digits are the tile
        pattern = sequence_pattern(path)
        pattern = pattern.replace("####", "<UDIM>") if "####" in pattern and "#####" not in pattern else path
    if pattern == path and "<UDIM>" not in path and "<UVTILE>" not in path:
        # no tile number in the name: one file, whatever the tile list says
        return resolve_asset(path, kind=AssetKind.TEXTURE, node=node, base_dir=base_dir, host="blender", listing=listing)
    if not tiles:
        asset = resolve_asset(pattern, kind=AssetKind.TEXTURE, node=node, base_dir=base_dir, host="blender", listing=listing)
        asset.path = path
        asset.sequence = True
        return asset
    resolved: List[str] = []
    missing: List[str] = []
    notes: List[str] = []
    size = 0
    for tile in sorted(set(tiles)):
        one = resolve_asset(
            expand_tokens(pattern, udim=tile), kind=AssetKind.TEXTURE, node=node, base_dir=base_dir, host="blender",
            listing=listing,
        )
        resolved.extend(one.resolved)
        missing.extend(one.missing)
        size += one.size
        if one.note and one.note not in notes:
            notes.append(one.note)
    return Asset(
        path=path, resolved=resolved, kind=AssetKind.TEXTURE, node=node, exists=bool(resolved) and not missing,
        missing=missing, size=size, sequence=True, note="; ".join(notes),
    )


def folder_asset(path: str, node: str, base_dir: Optional[str], listing: Optional[DirCache] = None) -> Optional[Asset]:
    """A simulation cache folder (fluid, ocean bakes): every file under it.

    ``None`` when the folder does not exist: nothing was baked, so there is nothing to upload (the
    caller says so as a notice; a missing bake is not a missing file).
    """
    asset = resolve_asset(path, kind=AssetKind.CACHE, node=node, base_dir=base_dir, host="blender", listing=listing)
    folder = asset.resolved[0] if asset.resolved else ""
    if not folder or not os.path.isdir(folder):
        return None
    files: List[str] = []
    size = 0
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(root, n)
            try:
                size += os.path.getsize(p)
            except OSError:
                continue
            files.append(p)
    asset.resolved = files or [folder]
    asset.size = size
    asset.exists = True
    asset.missing = []
    asset.sequence = True
    if not files:
        asset.note = "the cache folder is empty (not baked?)"
    return asset


def scene_cameras(
    spec: SceneSpec, scene_name: str, scene_cam: str, cam_objects: List[str], marker_cams: List[Tuple[int, str, str]]
) -> None:
    """Put the scene's cameras on ``spec``: ``scene_cam`` is the scene's camera (``''`` for none),
    ``cam_objects`` the camera objects in the scene, ``marker_cams`` (frame, marker, camera) for
    timeline markers that switch the camera. Says so when markers switch it or there is none."""
    renderable = {scene_cam} | {c for _, _, c in marker_cams}
    names = list(dict.fromkeys(cam_objects + ([scene_cam] if scene_cam else []) + [c for _, _, c in marker_cams]))
    spec.cameras = [Camera(name=n, renderable=n in renderable) for n in names if n]
    if marker_cams:
        spec.notice(
            "timeline markers switch the camera: %s" % ", ".join("frame %d %s" % (f, c) for f, _, c in sorted(marker_cams)),
            ref=scene_name,
        )
    if not scene_cam and not marker_cams:
        spec.warn(
            "the scene %r has no active camera; Blender cannot render it" % scene_name,
            fix="set a camera in Scene Properties > Camera",
            ref=scene_name,
        )


def packed_asset(path: str, kind: AssetKind, node: str, size: int) -> Asset:
    return Asset(
        path=path, kind=kind, node=node, exists=True, packed=True, size=max(0, int(size or 0)),
        note="packed inside the .blend: nothing to upload",
    )


def missing_warnings(spec, assets: List[Asset]) -> None:
    """One warning per asset with missing files, as every host words it, with Blender's own way out."""
    warn_missing(
        spec, assets,
        fix="fix the path or copy the file there, pack it (File > External Data > Pack Resources), or submit without it",
    )


_REF_RE = re.compile(r"^(?P<kind>[A-Za-z]+):(?P<name>.*?)(?:\.(?P<attr>modifiers|particle_systems|sequence_editor|soft_body)"
                     r"(?:\[(?P<item>.*)\])?)?$")


def parse_node_ref(ref: str) -> Tuple[str, str, str, str]:
    """``'Object:Cube.modifiers[Cache]'`` -> ('Object', 'Cube', 'modifiers', 'Cache').

    For a library asset (``'Library:lib > Image:tex'``) the last part is parsed. Unknown text
    gives ``('', ref, '', '')``.
    """
    last = ref.split(" > ")[-1].strip()
    m = _REF_RE.match(last)
    if not m:
        return "", last, "", ""
    return m.group("kind"), m.group("name"), m.group("attr") or "", m.group("item") or ""
