"""Analyse a .blend file with no Blender: ``analyze(path) -> SceneSpec``.

The file is read block by block (``_blendfile.BlendFile``); every field is found through the
file's own SDNA, so files from Blender 2.4x to 5.x read the same way. What is reported:

- the file version from the header (``2.79``, ``5.1``) with the GLOB block's subversion;
- the active scene (GLOB ``curscene``): render engine, frames and step, fps, resolution and
  percentage, output path (``r.pic``) and image format, the scene camera, cameras bound to
  timeline markers, view layers (2.8+ ``ViewLayer``, older ``SceneRenderLayer``), the Cycles
  device from the scene's ID properties;
- every external file: images (UDIM tiles, sequences, movies; packed ones as packed), linked
  libraries (analysed recursively when present, cycles guarded), sounds, movie clips, Alembic
  cache files, volumes, fonts, texts, mesh-cache / ocean / fluid caches, point caches on disk,
  sequencer image and movie strips.

Paths are kept as written and resolved relative to the .blend that holds them (``//``).
Anything unreadable is a ``SceneFileError`` naming the file; a part of the file that cannot be
read is a warning in the spec.
"""

from __future__ import annotations

import os
import struct
from typing import Iterable, List, Optional, Set, Tuple

from ...scene import (
    Asset, AssetKind, FrameRange, Host, Plugin, RenderLayer, Resolution, SceneFileError, SceneSpec,
)
from ...scene.tokens import DirCache, resolve_asset
from ._blendfile import BlendFile, BlendFileError, Record
from ._blendpaths import (
    folder_asset, missing_warnings, modern_engine, packed_asset, scene_cameras, sequence_asset, sequence_pattern, udim_asset,
)

__all__ = [
    "analyze", "read_settings", "IMAGE_FORMATS", "BUILTIN_ENGINES", "format_version", "modern_engine", "sequence_pattern",
]

ANALYSER = "blender.scenefile"
MAX_LIBRARY_DEPTH = 16

# R_IMF_IMTYPE_* (DNA_scene_types.h) -> the names bpy uses for image_settings.file_format
IMAGE_FORMATS = {
    0: "TARGA", 1: "IRIS", 4: "JPEG", 7: "IRIZ", 14: "TARGA_RAW", 15: "AVI_RAW", 16: "AVI_JPEG",
    17: "PNG", 20: "BMP", 21: "HDR", 22: "TIFF", 23: "OPEN_EXR", 24: "FFMPEG", 26: "CINEON",
    27: "DPX", 28: "OPEN_EXR_MULTILAYER", 29: "DDS", 30: "JPEG2000", 31: "H264", 32: "XVID",
    33: "THEORA", 34: "PSD", 35: "WEBP", 36: "AVIF",
}
# engines Blender itself ships; anything else is an add-on the farm must have
BUILTIN_ENGINES = {
    "BLENDER_RENDER", "BLENDER_GAME", "CYCLES", "BLENDER_EEVEE", "BLENDER_EEVEE_NEXT",
    "BLENDER_WORKBENCH", "BLENDER_WORKBENCH_NEXT",
}

OB_CAMERA = 11
IMA_SRC_FILE, IMA_SRC_SEQUENCE, IMA_SRC_MOVIE, IMA_SRC_GENERATED, IMA_SRC_VIEWER, IMA_SRC_TILED = 1, 2, 3, 4, 5, 6
IMA_TYPE_R_RESULT, IMA_TYPE_COMPOSITE = 4, 5
MCLIP_SRC_SEQUENCE = 1
VIEW_LAYER_RENDER = 1 << 0
SCE_LAY_DISABLE = 1 << 17
PTCACHE_DISK_CACHE = 1 << 6
PTCACHE_EXTERNAL = 1 << 9
TXT_ISMEM = 1 << 2
SEQ_TYPE_IMAGE, SEQ_TYPE_META, SEQ_TYPE_MOVIE = 0, 1, 3
IDP_STRING, IDP_INT, IDP_GROUP, IDP_BOOLEAN = 0, 1, 6, 10


def analyze(path: str) -> SceneSpec:
    """Analyse the .blend at ``path``. Raises ``SceneFileError`` for a file that cannot be read."""
    path = str(path)
    return _analyze(path, seen=set(), depth=0)


def read_settings(path: str) -> dict:
    """The rb_dcc submit settings the live adapter stored on the active scene (``{}`` if none).

    The same JSON text ``BlenderAdapter.write_settings`` puts in the scene's custom property
    ``rb_dcc_settings``, read without Blender.
    """
    from ..base import SETTINGS_KEY, decode_settings

    path = str(path)
    try:
        bf = BlendFile(path, keep=_keep)
    except (BlendFileError, OSError) as exc:
        raise SceneFileError(path, str(exc)) from None
    try:
        with bf:
            reader = _Reader(bf, path, set(), 0)
            scene = reader._active_scene(bf.global_block())
            if scene is None:
                return {}
            for field in ("properties", "system_properties"):
                group = bf.deref(scene.get("id.%s" % field, 0), "IDProperty")
                prop = reader._idprop_child(group, SETTINGS_KEY)
                if prop is not None and prop.get("type", -1) == IDP_STRING:
                    block = bf.by_old.get(prop.get("data.pointer", 0))
                    if block is not None:
                        length = prop.get("len", 0)
                        raw = bf.read(block)[: length if length > 0 else None].split(b"\0", 1)[0]
                        return decode_settings(raw.decode("utf-8", "replace"))
            return {}
    except _DAMAGE as exc:
        raise SceneFileError(path, "the file is damaged and its settings cannot be read (%s)" % exc) from None


def format_version(version: int, subversion: Optional[int] = None) -> str:
    """``279, 0`` -> ``'2.79 (sub 0)'``; ``501, None`` -> ``'5.1'``."""
    text = "%d.%d" % (version // 100, version % 100)
    if subversion is not None:
        text += " (sub %d)" % subversion
    return text


# the structs the analysis reads; a compressed file keeps only these blocks in memory
_KEPT_STRUCTS = {
    s.encode("ascii") for s in (
        "FileGlobal", "Scene", "Object", "Image", "Library", "bSound", "MovieClip", "CacheFile", "Volume",
        "VFont", "Text", "ViewLayer", "SceneRenderLayer", "TimeMarker", "PointCache", "ParticleSystem",
        "SoftBody", "SoftBody_Shared", "FluidDomainSettings", "SmokeDomainSettings", "ImageTile", "ImagePackedFile",
        "PackedFile", "IDProperty", "Collection", "CollectionObject", "CollectionChild", "Base", "Editing",
        "Sequence", "Strip", "StripData", "StripElem", "LibraryWeakReference", "DynamicPaintCanvasSettings",
        "DynamicPaintSurface",
    )
}


# what reading a damaged file can raise deep inside; reported as SceneFileError / a warning
_DAMAGE = (
    BlendFileError, struct.error, IndexError, KeyError, ValueError, TypeError, AttributeError, ArithmeticError,
    RecursionError,
)


def _keep(struct_name: bytes, code: bytes, size: int) -> bool:
    if struct_name in _KEPT_STRUCTS or struct_name.endswith(b"ModifierData"):
        return True
    # short untyped data: text file paths, ID property strings
    return code == b"DATA" and size <= 4096 and struct_name in (b"Link", b"raw_data")


# ------------------------------------------------------------------------------------------------
def _analyze(path: str, seen: Set[str], depth: int) -> SceneSpec:
    seen.add(os.path.realpath(path))
    try:
        bf = BlendFile(path, keep=_keep)
    except BlendFileError as exc:
        raise SceneFileError(path, str(exc)) from None
    except IsADirectoryError:
        raise SceneFileError(path, "this is a folder, not a .blend file") from None
    except FileNotFoundError:
        raise SceneFileError(path, "the file does not exist") from None
    except PermissionError:
        raise SceneFileError(path, "the file cannot be read (permission denied)") from None
    except OSError as exc:
        raise SceneFileError(path, "the file cannot be read (%s)" % (exc.strerror or exc)) from None
    except MemoryError:
        raise SceneFileError(path, "the file is too large to read into memory") from None
    try:
        with bf:
            return _Reader(bf, path, seen, depth).run()
    except SceneFileError:
        raise
    except _DAMAGE as exc:
        raise SceneFileError(path, "the file is damaged and cannot be analysed (%s)" % exc) from None


class _Reader:
    def __init__(self, bf: BlendFile, path: str, seen: Set[str], depth: int):
        self.bf = bf
        self.path = os.path.abspath(path)
        self.base_dir = os.path.dirname(self.path)
        self.seen = seen
        self.depth = depth
        self.spec = SceneSpec(host=Host.BLENDER, scene_path=self.path, analyser=ANALYSER)
        self._asset_keys: Set[Tuple[str, str, Tuple[str, ...]]] = set()
        self.listing = DirCache()  # one listing per folder for this read

    # driver -------------------------------------------------------------------------------------
    def run(self) -> SceneSpec:
        bf, spec = self.bf, self.spec
        glob_rec = bf.global_block()
        subversion = glob_rec.get("subversion") if glob_rec is not None else None
        spec.host_version = format_version(bf.version, subversion)
        if bf.truncated:
            spec.warn(
                "the file is cut short after %d blocks; what follows is lost" % bf.block_count,
                fix="save the scene again from Blender",
                ref=self.path,
            )
        if self.depth == 0:  # a library's own scene settings do not matter to the file linking it
            self._section("scene settings", self._scene, glob_rec)
        for name, fn in (
            ("images", self._images),
            ("sounds", self._sounds),
            ("movie clips", self._clips),
            ("cache files", self._cachefiles),
            ("volumes", self._volumes),
            ("fonts", self._fonts),
            ("texts", self._texts),
            ("object caches", self._object_caches),
            ("sequencer strips", self._sequencer),
            ("libraries", self._libraries),
            ("library weak references", self._weak_references),
        ):
            self._section(name, fn)
        if self.depth == 0:
            missing_warnings(spec, spec.assets)
        return spec

    def _section(self, what: str, fn, *args) -> None:
        try:
            fn(*args)
        except SceneFileError:
            raise
        except _DAMAGE as exc:
            self.spec.warn(
                "the %s of this .blend could not be read (%s)" % (what, exc),
                fix="open and save the file in Blender, or check it with the live adapter",
                ref=self.path,
            )

    # helpers ------------------------------------------------------------------------------------
    def _id_name(self, rec: Record) -> str:
        raw = rec.get("id.name", b"")
        text = _text(raw)
        return text[2:] if len(text) >= 2 else text

    def _is_linked(self, rec: Record) -> bool:
        return bool(rec.get("id.lib", 0))

    def _ids(self, type_name: str) -> Iterable[Record]:
        for rec in self.bf.records(type_name):
            if rec.has("id") and not self._is_linked(rec):
                yield rec

    def _add(self, asset: Asset) -> None:
        key = (asset.kind.value if hasattr(asset.kind, "value") else str(asset.kind), asset.path, tuple(asset.resolved))
        if key in self._asset_keys:
            return
        self._asset_keys.add(key)
        self.spec.assets.append(asset)

    def _resolve(self, path: str, kind: AssetKind, node: str) -> Asset:
        return resolve_asset(path, kind=kind, node=node, base_dir=self.base_dir, host="blender", listing=self.listing)

    def _packed_size(self, ptr: int) -> int:
        rec = self.bf.deref(ptr, "PackedFile")
        if rec is None:
            return 0
        size = rec.get("size", 0)
        return int(size) if isinstance(size, int) and size > 0 else 0

    def _file_asset(self, rec: Record, kind: AssetKind, label: str, field_names: Tuple[str, ...] = ("name", "filepath"),
                    sequence: bool = False) -> None:
        """One ID with a single path field, optionally packed, optionally a frame sequence."""
        path = rec.string(*field_names)
        if not path or path.startswith("<builtin>"):
            return
        node = "%s:%s" % (label, self._id_name(rec))
        ptr = rec.get("packedfile", 0)
        if ptr:
            self._add(packed_asset(path, kind, node, self._packed_size(ptr)))
            return
        if sequence:
            asset = sequence_asset(path, kind, node, self.base_dir, self.listing)
        else:
            asset = self._resolve(path, kind, node)
        self._add(asset)

    # scene --------------------------------------------------------------------------------------
    def _scene(self, glob_rec: Optional[Record]) -> None:
        bf, spec = self.bf, self.spec
        scenes = [r for r in bf.records("Scene") if r.has("id")]
        scene = self._active_scene(glob_rec, scenes)
        if scene is None:
            spec.warn("the file holds no scene", ref=self.path)
            return
        if len(scenes) > 1:
            others = [self._id_name(s) for s in scenes if s is not scene]
            spec.notice(
                "the file has %d scenes; the active one, %r, is the one analysed (others: %s)"
                % (len(scenes), self._id_name(scene), ", ".join(others)),
                ref=self._id_name(scene),
            )
        r = scene.get("r")
        if not isinstance(r, Record):
            spec.warn("the scene %r has no render settings" % self._id_name(scene))
            return
        engine = _text(r.get("engine", b""))
        if not engine:
            # before 2.50: R_INTERN 0, R_YAFRAY 1
            engine = {0: "BLENDER_RENDER", 1: "YAFRAY"}.get(r.get("renderer", 0), "BLENDER_RENDER")
        spec.renderer = engine
        if engine not in BUILTIN_ENGINES:
            spec.plugins.append(Plugin(name=engine, version="", required=True))
        start, end = int(r.get("sfra", 1)), int(r.get("efra", 1))
        step = int(r.get("frame_step", 1) or 1)
        try:
            spec.frames = FrameRange.from_bounds(start, max(start, end), max(1, step))
        except ValueError as exc:
            spec.warn("the frame range %d-%d (step %d) cannot be used: %s" % (start, end, step, exc))
        if end < start:
            spec.warn("the end frame %d is before the start frame %d" % (end, start), ref=self._id_name(scene))
        fps = r.get("frs_sec", 0)
        base = r.get("frs_sec_base", 1.0) or 1.0
        if fps:
            spec.fps = round(float(fps) / float(base), 6)
        spec.resolution = Resolution(
            width=int(r.get("xsch", 0)), height=int(r.get("ysch", 0)), percentage=int(r.get("size", 100) or 100)
        )
        spec.output_pattern = r.string("pic")
        imtype = r.get("im_format.imtype", None)
        if imtype is None:
            imtype = r.get("imtype", None)
        if imtype is not None:
            spec.image_format = IMAGE_FORMATS.get(int(imtype) & 0xFF, "UNKNOWN_%d" % imtype)
        if engine == "CYCLES":
            spec.render_device = self._cycles_device(scene)

        # cameras
        scene_cam = self._object_name(scene.get("camera", 0))
        cam_objects = self._scene_cameras(scene)
        marker_cams: List[Tuple[int, str, str]] = []
        for marker in bf.listbase(scene, "markers"):
            cam = self._object_name(marker.get("camera", 0)) if marker.has("camera") else ""
            if cam:
                marker_cams.append((int(marker.get("frame", 0)), marker.string("name"), cam))
        scene_cameras(spec, self._id_name(scene), scene_cam, cam_objects, marker_cams)

        # view layers
        layers = []
        if scene.has("view_layers"):
            for vl in bf.listbase(scene, "view_layers"):
                layers.append((vl.string("name"), bool(vl.get("flag", 0) & VIEW_LAYER_RENDER)))
        else:
            for srl in bf.listbase(r, "layers"):
                layers.append((srl.string("name"), not (srl.get("layflag", 0) & SCE_LAY_DISABLE)))
        for name, on in layers:
            spec.layers.append(
                RenderLayer(
                    name=name, kind="view_layer", renderable=on, renderer=engine, node_type="ViewLayer",
                    frames=spec.frames, cameras=[scene_cam] if scene_cam else [],
                    output=spec.output_pattern, image_format=spec.image_format,
                )
            )

    def _active_scene(self, glob_rec: Optional[Record], scenes: Optional[List[Record]] = None) -> Optional[Record]:
        """GLOB ``curscene``, else the first scene of the file."""
        if scenes is None:
            scenes = [r for r in self.bf.records("Scene") if r.has("id")]
        if not scenes:
            return None
        cur = glob_rec.get("curscene", 0) if glob_rec is not None else 0
        block = self.bf.by_old.get(cur) if cur else None
        if block is not None:
            for s in scenes:
                if s.block is not None and s.block.offset == block.offset:
                    return s
        return scenes[0]

    def _object_name(self, ptr: int) -> str:
        rec = self.bf.deref(ptr)
        if rec is None or not rec.has("id"):
            return ""
        return self._id_name(rec)

    def _scene_cameras(self, scene: Record) -> List[str]:
        """Camera objects in the scene: 2.8+ collections from the master collection, older bases."""
        bf = self.bf
        objects: List[Record] = []
        seen_obj: Set[int] = set()

        def add(ptr: int) -> None:
            if ptr and ptr not in seen_obj:
                seen_obj.add(ptr)
                ob = bf.deref(ptr)
                if ob is not None and ob.has("type"):
                    objects.append(ob)

        if scene.has("master_collection"):
            stack = [scene.get("master_collection", 0)]
            seen_col: Set[int] = set()
            while stack:
                ptr = stack.pop()
                if not ptr or ptr in seen_col or len(seen_col) > 100000:
                    continue
                seen_col.add(ptr)
                col = bf.deref(ptr, "Collection")
                if col is None:
                    continue
                for co in bf.listbase(col, "gobject", "CollectionObject"):
                    add(co.get("ob", 0))
                for child in bf.listbase(col, "children", "CollectionChild"):
                    stack.append(child.get("collection", 0))
        if scene.has("base"):
            for base in bf.listbase(scene, "base", "Base"):
                add(base.get("object", 0))
        return [self._id_name(ob) for ob in objects if ob.get("type", -1) == OB_CAMERA]

    def _cycles_device(self, scene: Record) -> str:
        for field in ("system_properties", "properties"):
            group = self.bf.deref(scene.get("id.%s" % field, 0), "IDProperty")
            cycles = self._idprop_child(group, "cycles")
            device = self._idprop_child(cycles, "device")
            if device is not None and device.get("type", -1) in (IDP_INT, IDP_BOOLEAN):
                return "GPU" if device.get("data.val", 0) == 1 else "CPU"
            if cycles is not None:
                return "CPU"
        return "CPU"

    def _idprop_child(self, group: Optional[Record], name: str) -> Optional[Record]:
        if group is None or group.get("type", -1) != IDP_GROUP:
            return None
        data = group.get("data")
        if not isinstance(data, Record):
            return None
        for item in self.bf.listbase(data, "group", "IDProperty"):
            if item.string("name") == name:
                return item
        return None

    # external files -----------------------------------------------------------------------------
    def _images(self) -> None:
        for img in self._ids("Image"):
            path = img.string("name", "filepath")
            source = img.get("source", IMA_SRC_FILE)
            if img.get("type", 0) in (IMA_TYPE_R_RESULT, IMA_TYPE_COMPOSITE) or source in (IMA_SRC_GENERATED, IMA_SRC_VIEWER):
                continue
            if not path:
                continue
            node = "Image:%s" % self._id_name(img)
            pointers = {img.get("packedfile", 0)} if img.has("packedfile") else set()
            if img.has("packedfiles"):  # 2.76+: one per view / tile; the first is also ``packedfile``
                pointers.update(ipf.get("packedfile", 0) for ipf in self.bf.listbase(img, "packedfiles", "ImagePackedFile"))
            pointers.discard(0)
            packed = bool(pointers)
            packed_size = sum(self._packed_size(p) for p in pointers)
            if packed:
                self._add(packed_asset(path, AssetKind.TEXTURE, node, packed_size))
                continue
            if source == IMA_SRC_TILED:
                tiles = [t.get("tile_number", 0) for t in self.bf.listbase(img, "tiles", "ImageTile")] if img.has("tiles") else []
                self._add(udim_asset(path, [int(t) for t in tiles if t], node, self.base_dir, self.listing))
            elif source == IMA_SRC_SEQUENCE:
                self._add(sequence_asset(path, AssetKind.TEXTURE, node, self.base_dir, self.listing))
            elif source == IMA_SRC_MOVIE:
                self._add(self._resolve(path, AssetKind.MOVIE, node))
            else:
                self._add(self._resolve(path, AssetKind.TEXTURE, node))

    def _sounds(self) -> None:
        for rec in self._ids("bSound"):
            self._file_asset(rec, AssetKind.SOUND, "Sound")

    def _clips(self) -> None:
        for rec in self._ids("MovieClip"):
            seq = rec.get("source", 0) == MCLIP_SRC_SEQUENCE
            self._file_asset(rec, AssetKind.MOVIE, "MovieClip", sequence=seq)

    def _cachefiles(self) -> None:
        for rec in self._ids("CacheFile"):
            self._file_asset(rec, AssetKind.CACHE, "CacheFile", ("filepath", "name"), sequence=bool(rec.get("is_sequence", 0)))

    def _volumes(self) -> None:
        for rec in self._ids("Volume"):
            self._file_asset(rec, AssetKind.VOLUME, "Volume", ("filepath",), sequence=bool(rec.get("is_sequence", 0)))

    def _fonts(self) -> None:
        for rec in self._ids("VFont"):
            self._file_asset(rec, AssetKind.FONT, "Font")

    def _texts(self) -> None:
        for rec in self._ids("Text"):
            if rec.get("flags", 0) & TXT_ISMEM:
                continue
            ptr = rec.get("filepath", 0) if rec.has("filepath") else rec.get("name", 0)
            if not isinstance(ptr, int) or not ptr:
                continue
            block = self.bf.by_old.get(ptr)
            if block is None:
                continue
            path = _text(self.bf.read(block).split(b"\0", 1)[0])
            if path:
                self._add(self._resolve(path, AssetKind.SCRIPT, "Text:%s" % self._id_name(rec)))

    def _object_caches(self) -> None:
        bf = self.bf
        stem = os.path.splitext(os.path.basename(self.path))[0]
        for ob in self._ids("Object"):
            obname = self._id_name(ob)
            caches: List[Tuple[Record, str]] = []
            for md in bf.listbase(ob, "modifiers"):
                head = md.get("modifier")  # every modifier struct starts with a ModifierData
                mdname = head.string("name") if isinstance(head, Record) else md.string("name")
                node = "Object:%s.modifiers[%s]" % (obname, mdname)
                st = md.type_name
                if st == "MeshCacheModifierData":
                    path = md.string("filepath")
                    if path:
                        self._add(self._resolve(path, AssetKind.CACHE, node))
                elif st == "OceanModifierData":
                    path = md.string("cachepath")
                    if path and md.get("cached", 0):  # RNA is_cached: the ocean was baked
                        self._dir_asset(path, node)
                elif st in ("FluidModifierData", "SmokeModifierData"):
                    domain = bf.deref(md.get("domain", 0))
                    if domain is not None and domain.has("cache_directory"):
                        path = domain.string("cache_directory")
                        if path:
                            self._dir_asset(path, node)
                    if domain is not None:
                        caches.extend((pc, node) for pc in self._pointcaches(domain))
                elif st == "SoftbodyModifierData":  # the cache lives on the object's soft body settings
                    caches.extend((pc, node) for pc in self._soft_body_caches(ob))
                elif st == "DynamicPaintModifierData":
                    canvas = bf.deref(md.get("canvas", 0))
                    if canvas is not None and canvas.has("surfaces"):
                        for surface in bf.listbase(canvas, "surfaces"):
                            caches.extend((pc, node) for pc in self._pointcaches(surface))
                elif st == "ParticleSystemModifierData":
                    psys = bf.deref(md.get("psys", 0))
                    if psys is not None:
                        caches.extend((pc, node) for pc in self._pointcaches(psys))
                else:
                    caches.extend((pc, node) for pc in self._pointcaches(md))
            for psys in bf.listbase(ob, "particlesystem"):
                node = "Object:%s.particle_systems[%s]" % (obname, psys.string("name"))
                caches.extend((pc, node) for pc in self._pointcaches(psys))
            caches.extend((pc, "Object:%s.soft_body" % obname) for pc in self._soft_body_caches(ob))
            seen: Set[int] = set()
            for pc, node in caches:
                key = pc.block.offset + pc.base if pc.block is not None else id(pc)
                if key in seen:
                    continue
                seen.add(key)
                self._point_cache(pc, node, ob, stem)

    def _soft_body_caches(self, ob: Record) -> List[Record]:
        bf = self.bf
        soft = bf.deref(ob.get("soft", 0)) if ob.has("soft") else None
        if soft is None:
            return []
        shared = bf.deref(soft.get("shared", 0)) if soft.has("shared") else None  # 2.8+
        return self._pointcaches(shared if shared is not None else soft)

    def _pointcaches(self, owner: Record) -> List[Record]:
        bf = self.bf
        out: List[Record] = []
        if owner.has("ptcaches"):
            out.extend(bf.listbase(owner, "ptcaches", "PointCache"))
        for field in ("point_cache", "pointcache"):
            if owner.has(field):
                pc = bf.deref(owner.get(field, 0), "PointCache")
                if pc is not None:
                    out.append(pc)
        return out

    def _point_cache(self, pc: Record, node: str, ob: Record, stem: str) -> None:
        flag = pc.get("flag", 0)
        if not flag & (PTCACHE_DISK_CACHE | PTCACHE_EXTERNAL):
            return
        if flag & PTCACHE_EXTERNAL and pc.string("path"):
            folder = pc.string("path").rstrip("/\\")
        else:
            folder = "//blendcache_%s" % stem
        name = pc.string("name")
        if name:
            prefix = name
        else:  # the ID's name (without its two-letter code) in hex
            raw = ob.get("id.name", b"")[2:]
            prefix = "".join("%02X" % c for c in bytearray(raw))
        index = pc.get("index", -1)
        suffix = "%02d" % index if isinstance(index, int) and index >= 0 else "##"
        pattern = "%s/%s_######_%s.bphys" % (folder, prefix, suffix)
        asset = self._resolve(pattern, AssetKind.CACHE, node)
        self._add(asset)

    def _dir_asset(self, path: str, node: str) -> None:
        asset = folder_asset(path, node, self.base_dir, self.listing)
        if asset is None:
            self.spec.notice(
                "the cache folder %s does not exist: nothing is baked, so the farm would have to simulate" % path,
                fix="bake the simulation before submitting",
                ref=node,
            )
        else:
            self._add(asset)

    def _sequencer(self) -> None:
        bf = self.bf
        for scene in bf.records("Scene"):
            if not scene.has("ed"):
                continue
            ed = bf.deref(scene.get("ed", 0), "Editing")
            if ed is None:
                continue
            stack = [ed]
            seen: Set[int] = set()
            while stack:
                owner = stack.pop()
                for strip in bf.listbase(owner, "seqbase"):
                    key = strip.block.offset if strip.block is not None else 0
                    if key in seen:
                        continue
                    seen.add(key)
                    stype = strip.get("type", -1)
                    if stype == SEQ_TYPE_META:
                        stack.append(strip)
                        continue
                    if stype not in (SEQ_TYPE_IMAGE, SEQ_TYPE_MOVIE):
                        continue
                    data = bf.deref(strip.get("strip", 0), "Strip") or bf.deref(strip.get("data", 0), "StripData")
                    if data is None:
                        continue
                    folder = data.string("dir", "dirpath")
                    elem_block = bf.by_old.get(data.get("stripdata", 0) if data.has("stripdata") else 0)
                    if elem_block is None:
                        continue
                    elem_type = bf.struct_of(elem_block)
                    if elem_type is None or elem_type.size <= 0:
                        continue
                    count = max(1, elem_block.size // elem_type.size)
                    if stype == SEQ_TYPE_MOVIE:
                        count = 1
                    node = "Scene:%s.sequence_editor[%s]" % (self._id_name(scene), strip.string("name")[2:])
                    kind = AssetKind.MOVIE if stype == SEQ_TYPE_MOVIE else AssetKind.TEXTURE
                    for i in range(count):
                        elem = bf.record(elem_block, i)
                        if elem is None:
                            break
                        name = elem.string("name", "filename")
                        if name:
                            self._add(self._resolve(_join_blender(folder, name), kind, node))

    def _libraries(self) -> None:
        for lib in self.bf.records("Library"):
            if not lib.has("id"):
                continue
            path = lib.string("name", "filepath")
            if not path:
                continue
            node = "Library:%s" % self._id_name(lib)
            ptr = lib.get("packedfile", 0) if lib.has("packedfile") else 0
            if ptr:
                self._add(packed_asset(path, AssetKind.LIBRARY, node, self._packed_size(ptr)))
                continue
            asset = self._resolve(path, AssetKind.LIBRARY, node)
            self._add(asset)
            if asset.exists and asset.resolved:
                self._library_contents(asset.resolved[0], node)

    def _weak_references(self) -> None:
        """Blender 3.2+ remembers where appended data came from ("append & reuse"); not needed to render."""
        paths = sorted({r.string("library_filepath") for r in self.bf.records("LibraryWeakReference")} - {""})
        if paths:
            self.spec.notice(
                "appended data remembers the file it came from (%s); that file is not needed to render"
                % ", ".join(paths),
                ref=self.path,
            )

    def _library_contents(self, lib_path: str, node: str) -> None:
        real = os.path.realpath(lib_path)
        if real in self.seen:
            self.spec.notice("the library %s links back to a file already read; not read again" % lib_path, ref=node)
            return
        if self.depth >= MAX_LIBRARY_DEPTH:
            self.spec.warn("libraries nest deeper than %d levels; %s is not read" % (MAX_LIBRARY_DEPTH, lib_path), ref=node)
            return
        try:
            sub = _analyze(lib_path, self.seen, self.depth + 1)
        except SceneFileError as exc:
            self.spec.warn("the linked library cannot be read: %s" % exc, ref=node, fix="check the library file in Blender")
            return
        for asset in sub.assets:
            asset.node = "%s > %s" % (node, asset.node)
            self._add(asset)
        for problem in sub.problems:
            problem.message = "in library %s: %s" % (os.path.basename(lib_path), problem.message)
            self.spec.problems.append(problem)


def _join_blender(folder: str, name: str) -> str:
    if not folder:
        return name
    if folder.endswith(("/", "\\")):
        return folder + name
    return folder + "/" + name


def _text(raw) -> str:
    if isinstance(raw, str):
        return raw
    if not isinstance(raw, (bytes, bytearray)):
        return ""
    raw = bytes(raw).split(b"\0", 1)[0]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
