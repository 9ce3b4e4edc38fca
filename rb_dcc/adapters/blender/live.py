"""Blender live adapter: the open scene through ``bpy`` (imported inside functions only).

Blender resolves everything itself, so this reads the data-blocks: the active scene's render
settings (engine, Cycles device, frames and step, fps, resolution, output, format), cameras and
the cameras timeline markers switch to, view layers, and every external file — images (UDIM
tiles, sequences, movies, packed), libraries, sounds, movie clips, Alembic cache files, volumes,
fonts, texts, mesh-cache / ocean / fluid caches, point caches on disk, sequencer strips — then
``bpy.utils.blend_paths`` for anything a data-block walk did not cover. Paths are resolved by
``rb_dcc.scene.tokens`` relative to the .blend that holds them (a linked data-block's paths are
relative to its library). The enabled add-ons are listed as plugins.

Submit settings are stored on the scene as a custom property (``rb_dcc_settings``, JSON text).
Every method touches bpy, so call them on Blender's main thread (the add-on's panel hands work
over through its queue; see DESIGN.md).
"""

from __future__ import annotations

import os
import sys
from typing import Any, Iterable, List, Optional, Set, Tuple

from ...scene import Asset, AssetKind, Host, Plugin, RenderLayer, Resolution, SceneSpec
from ...scene.tokens import DirCache, resolve_asset
from ..base import (
    SETTINGS_KEY,
    HostAdapterBase,
    HostError,
    decode_settings,
    encode_settings,
    frame_range,
)
from ._blendpaths import (
    folder_asset, missing_warnings, packed_asset, parse_node_ref, scene_cameras, sequence_asset, udim_asset,
)

__all__ = ["BlenderAdapter", "BUILTIN_ENGINES"]

ANALYSER = "blender.live"
BUILTIN_ENGINES = {"CYCLES", "BLENDER_EEVEE", "BLENDER_EEVEE_NEXT", "BLENDER_WORKBENCH", "BLENDER_WORKBENCH_NEXT"}


def _bpy():
    import bpy  # noqa: WPS433 - only ever inside a function

    return bpy


def host_bpy():
    """``bpy`` for the bootstraps in rb_dcc.hostintegration (host modules load only here)."""
    return _bpy()


def _norm(path: str) -> str:
    return os.path.normcase(os.path.normpath(path.replace("\\", "/"))) if path else ""


class BlenderAdapter(HostAdapterBase):
    """The ``HostAdapter`` for Blender (4.2 LTS to 5.x), running inside Blender or with the ``bpy`` module."""

    name = "blender"

    # identity -----------------------------------------------------------------------------------
    def host_version(self) -> str:
        return str(_bpy().app.version_string)

    def scene_path(self) -> str:
        return str(_bpy().data.filepath or "")

    def is_dirty(self) -> bool:
        return bool(_bpy().data.is_dirty)

    def save(self) -> None:
        bpy = _bpy()
        if not bpy.data.filepath:
            raise HostError("the scene has never been saved; use File > Save As to give it a name first")
        result = bpy.ops.wm.save_mainfile(filepath=bpy.data.filepath)
        if "FINISHED" not in result:
            raise HostError("Blender did not save %s; check the Info editor for the reason" % bpy.data.filepath)

    # settings -----------------------------------------------------------------------------------
    def _scene(self, options: Optional[dict] = None):
        bpy = _bpy()
        wanted = (options or {}).get("scene")
        if wanted:
            scene = bpy.data.scenes.get(str(wanted))
            if scene is None:
                raise HostError("there is no scene named %r; scenes: %s" % (wanted, ", ".join(s.name for s in bpy.data.scenes)))
            return scene
        scene = getattr(bpy.context, "scene", None)
        if scene is None:
            if not bpy.data.scenes:
                raise HostError("the open file has no scene")
            scene = bpy.data.scenes[0]
        return scene

    def read_settings(self) -> dict:
        return decode_settings(self._scene().get(SETTINGS_KEY))

    def write_settings(self, settings: dict) -> None:
        text = encode_settings(settings)
        self._scene()[SETTINGS_KEY] = text

    # collect ------------------------------------------------------------------------------------
    def collect(self, options: Optional[dict] = None) -> SceneSpec:
        bpy = _bpy()
        scene = self._scene(options)
        spec = SceneSpec(
            host=Host.BLENDER,
            host_version=self.host_version(),
            scene_path=bpy.data.filepath or "",
            analyser=ANALYSER,
        )
        file_version = tuple(bpy.data.version)[:2]
        if bpy.data.filepath and file_version != tuple(bpy.app.version)[:2]:
            spec.notice(
                "the file was last saved by Blender %d.%d; it is open in Blender %s"
                % (file_version[0], file_version[1], bpy.app.version_string),
                ref=bpy.data.filepath,
            )
        if len(bpy.data.scenes) > 1:
            spec.notice(
                "the file has %d scenes; %r is the one collected" % (len(bpy.data.scenes), scene.name), ref=scene.name
            )
        self._render_settings(scene, spec)
        self._cameras(scene, spec)
        self._layers(scene, spec)
        spec.plugins.extend(self._addons(spec.renderer))
        assets = _Assets(bpy)
        assets.collect(scene)
        spec.assets.extend(assets.assets)
        missing_warnings(spec, assets.assets)
        for message, ref in assets.notices:
            spec.notice(message, fix="bake the simulation before submitting", ref=ref)
        weak = assets.weak_references()
        if weak:
            spec.notice(
                "appended data remembers the file it came from (%s); that file is not needed to render"
                % ", ".join(sorted(weak)),
                ref=spec.scene_path,
            )
        if not bpy.data.filepath:
            spec.warn("the scene has never been saved", fix="save the scene before submitting it")
        elif bpy.data.is_dirty:
            spec.notice("the scene has unsaved changes", fix="save the scene so the farm renders what you see")
        return spec

    def _render_settings(self, scene, spec: SceneSpec) -> None:
        render = scene.render
        spec.renderer = str(render.engine)
        if spec.renderer == "CYCLES":
            cycles = getattr(scene, "cycles", None)
            spec.render_device = str(getattr(cycles, "device", "CPU") or "CPU")
        spec.frames = frame_range(scene.frame_start, scene.frame_end, scene.frame_step, spec=spec, where=scene.name)
        if render.fps:
            spec.fps = round(float(render.fps) / float(render.fps_base or 1.0), 6)
        spec.resolution = Resolution(
            width=int(render.resolution_x), height=int(render.resolution_y), percentage=int(render.resolution_percentage)
        )
        spec.output_pattern = str(render.filepath)
        spec.image_format = str(render.image_settings.file_format)

    def _cameras(self, scene, spec: SceneSpec) -> None:
        scene_cam = scene.camera.name if scene.camera is not None else ""
        marker_cams = [(m.frame, m.name, m.camera.name) for m in scene.timeline_markers if m.camera is not None]
        names = [ob.name for ob in scene.objects if ob.type == "CAMERA"]
        scene_cameras(spec, scene.name, scene_cam, names, marker_cams)

    def _layers(self, scene, spec: SceneSpec) -> None:
        cam = [scene.camera.name] if scene.camera is not None else []
        for vl in scene.view_layers:
            spec.layers.append(
                RenderLayer(
                    name=vl.name, kind="view_layer", renderable=bool(vl.use), renderer=spec.renderer,
                    node_type="ViewLayer", frames=spec.frames, cameras=list(cam),
                    output=spec.output_pattern, image_format=spec.image_format,
                )
            )

    def _addons(self, engine: str) -> List[Plugin]:
        bpy = _bpy()
        try:
            import addon_utils
        except ImportError:  # pragma: no cover - always there in Blender and the bpy module
            addon_utils = None
        engine_module = ""
        if engine not in BUILTIN_ENGINES:
            for cls in bpy.types.RenderEngine.__subclasses__():
                if getattr(cls, "bl_idname", "") == engine:
                    engine_module = (cls.__module__ or "").split(".")[0]
                    if engine_module == "bl_ext":
                        engine_module = ".".join(cls.__module__.split(".")[:3])
        plugins = []
        for key in sorted(bpy.context.preferences.addons.keys()):
            version = ""
            module = sys.modules.get(key)
            if module is not None and addon_utils is not None:
                try:
                    info = addon_utils.module_bl_info(module)
                    raw = info.get("version", ())
                    version = ".".join(str(v) for v in raw) if isinstance(raw, (tuple, list)) else str(raw or "")
                except Exception:  # an add-on with a broken bl_info must not stop collection
                    version = ""
            plugins.append(Plugin(name=key, version=version, required=bool(engine_module) and key == engine_module))
        if engine not in BUILTIN_ENGINES and not any(p.required for p in plugins):
            plugins.append(Plugin(name=engine, version="", required=True))
        return plugins

    # select -------------------------------------------------------------------------------------
    def select_node(self, ref: str) -> bool:
        """Select what an asset or problem names: the object itself, or the objects that use the data."""
        bpy = _bpy()
        kind, name, attr, item = parse_node_ref(str(ref or ""))
        if not kind:
            return False
        objects: List[Any] = []
        data = None
        if kind == "Object":
            ob = bpy.data.objects.get(name)
            objects = [ob] if ob is not None else []
        elif kind == "Image":
            data = bpy.data.images.get(name)
            objects = _users_of_image(bpy, data) if data is not None else []
        elif kind == "Library":
            data = bpy.data.libraries.get(name)
            if data is not None:
                objects = [ob for ob in bpy.data.objects if ob.library == data
                           or (ob.instance_collection is not None and ob.instance_collection.library == data)]
        elif kind == "CacheFile":
            data = bpy.data.cache_files.get(name)
            if data is not None:
                objects = [ob for ob in bpy.data.objects
                           if any(getattr(md, "cache_file", None) == data for md in ob.modifiers)
                           or any(getattr(c, "cache_file", None) == data for c in ob.constraints)]
        elif kind == "Volume":
            data = bpy.data.volumes.get(name)
            objects = [ob for ob in bpy.data.objects if data is not None and ob.data == data]
        elif kind == "Font":
            data = bpy.data.fonts.get(name)
            objects = [ob for ob in bpy.data.objects if data is not None and ob.type == "FONT"
                       and data in (ob.data.font, ob.data.font_bold, ob.data.font_italic, ob.data.font_bold_italic)]
        elif kind == "Scene" and attr == "sequence_editor":
            return _select_strip(bpy, name, item)
        elif kind == "Text":
            data = bpy.data.texts.get(name)
            return data is not None and _show_in_editor(bpy, "TEXT_EDITOR", "text", data)
        elif kind in ("Sound", "MovieClip"):
            coll = bpy.data.sounds if kind == "Sound" else bpy.data.movieclips
            data = coll.get(name)
            if data is None:
                return False
            if kind == "MovieClip" and _show_in_editor(bpy, "CLIP_EDITOR", "clip", data):
                return True
            return _select_strip_using(bpy, data)
        shown = False
        if kind == "Image" and data is not None:
            shown = _show_in_editor(bpy, "IMAGE_EDITOR", "image", data)
        return _select_objects(bpy, objects) or shown


def _users_of_image(bpy, image) -> List[Any]:
    materials = set()
    for mat in bpy.data.materials:
        tree = getattr(mat, "node_tree", None)
        if tree is not None and any(getattr(n, "image", None) == image for n in tree.nodes):
            materials.add(mat.name)
    out = []
    for ob in bpy.data.objects:
        if any(slot.material is not None and slot.material.name in materials for slot in ob.material_slots):
            out.append(ob)
        elif ob.type == "EMPTY" and getattr(ob, "data", None) == image:  # reference / background image empties
            out.append(ob)
    return out


def _select_objects(bpy, objects: List[Any]) -> bool:
    view_layer = bpy.context.view_layer
    visible = [ob for ob in objects if ob is not None and ob.name in view_layer.objects]
    if not visible:
        return False
    for ob in view_layer.objects:
        if ob.select_get():
            ob.select_set(False)
    for ob in visible:
        try:
            ob.select_set(True)
        except RuntimeError:  # hidden / excluded from the view layer
            continue
    view_layer.objects.active = visible[0]
    _frame_selected(bpy)
    return any(ob.select_get() for ob in visible)


def _frame_selected(bpy) -> None:
    """Frame the selection in every 3D viewport (no-op without a UI)."""
    wm = getattr(bpy.context, "window_manager", None)
    for window in getattr(wm, "windows", []) or []:
        for area in window.screen.areas:
            if area.type != "VIEW_3D":
                continue
            region = next((r for r in area.regions if r.type == "WINDOW"), None)
            if region is None:
                continue
            try:
                with bpy.context.temp_override(window=window, area=area, region=region):
                    bpy.ops.view3d.view_selected()
            except Exception:  # a viewport that refuses is not worth failing a click for
                continue


def _show_in_editor(bpy, area_type: str, attr: str, data) -> bool:
    wm = getattr(bpy.context, "window_manager", None)
    for window in getattr(wm, "windows", []) or []:
        for area in window.screen.areas:
            if area.type == area_type:
                space = area.spaces.active
                try:
                    setattr(space, attr, data)
                    return True
                except (AttributeError, TypeError, RuntimeError):
                    continue
    return False


def _all_strips(scene) -> List[Any]:
    ed = scene.sequence_editor
    if ed is None:
        return []
    strips = getattr(ed, "strips_all", None)
    if strips is None:
        strips = getattr(ed, "sequences_all", [])
    return list(strips)


def _select_strip(bpy, scene_name: str, strip_name: str) -> bool:
    scene = bpy.data.scenes.get(scene_name)
    if scene is None:
        return False
    strips = _all_strips(scene)
    target = next((s for s in strips if s.name == strip_name), None)
    if target is None:
        return False
    for s in strips:
        s.select = s == target
    try:
        if hasattr(scene.sequence_editor, "active_strip"):
            scene.sequence_editor.active_strip = target
    except (AttributeError, TypeError):
        pass
    return True


def _select_strip_using(bpy, data) -> bool:
    for scene in bpy.data.scenes:
        for s in _all_strips(scene):
            if getattr(s, "sound", None) == data or getattr(s, "clip", None) == data:
                return _select_strip(bpy, scene.name, s.name)
    return False


# ------------------------------------------------------------------------------------------------
class _Assets:
    """Walk bpy's data-blocks for external files; each file once."""

    def __init__(self, bpy):
        self.bpy = bpy
        self.main_dir = os.path.dirname(bpy.data.filepath) if bpy.data.filepath else None
        self.stem = os.path.splitext(os.path.basename(bpy.data.filepath))[0] if bpy.data.filepath else "untitled"
        self.assets: List[Asset] = []
        self._keys: Set[Tuple[str, str, Tuple[str, ...]]] = set()
        self.covered: Set[str] = set()  # absolute written paths already reported
        self.notices: List[Tuple[str, str]] = []
        self._weak: Optional[Set[str]] = None
        self.listing = DirCache()  # one listing per folder for this collect()

    # plumbing -----------------------------------------------------------------------------------
    def _base(self, idblock) -> Optional[str]:
        lib = getattr(idblock, "library", None)
        if lib is not None:
            return os.path.dirname(self.bpy.path.abspath(lib.filepath))
        return self.main_dir

    def _abs(self, path: str, idblock=None) -> str:
        lib = getattr(idblock, "library", None) if idblock is not None else None
        try:
            return _norm(self.bpy.path.abspath(path, library=lib))
        except Exception:
            return _norm(path)

    def _node(self, label: str, idblock) -> str:
        node = "%s:%s" % (label, idblock.name)
        lib = getattr(idblock, "library", None)
        if lib is not None:
            node = "Library:%s > %s" % (lib.name, node)
        return node

    def add(self, asset: Asset, idblock=None) -> None:
        key = (AssetKind(asset.kind).value, asset.path, tuple(asset.resolved))
        self.covered.add(self._abs(asset.path, idblock))
        for r in asset.resolved:
            self.covered.add(_norm(r))
        if key in self._keys:
            return
        self._keys.add(key)
        self.assets.append(asset)

    def resolve(self, path: str, kind: AssetKind, node: str, idblock=None) -> Asset:
        return resolve_asset(path, kind=kind, node=node, base_dir=self._base(idblock), host="blender", listing=self.listing)

    def simple(self, idblock, path: str, kind: AssetKind, label: str, sequence: bool = False) -> None:
        if not path or path.startswith("<builtin>"):
            return
        node = self._node(label, idblock)
        packed = getattr(idblock, "packed_file", None)
        if packed is not None:
            self.add(packed_asset(path, kind, node, getattr(packed, "size", 0)), idblock)
            return
        if sequence:
            self.add(sequence_asset(path, kind, node, self._base(idblock), self.listing), idblock)
        else:
            self.add(self.resolve(path, kind, node, idblock), idblock)

    # walk ---------------------------------------------------------------------------------------
    def collect(self, scene) -> None:
        data = self.bpy.data
        for image in data.images:
            self.image(image)
        for lib in data.libraries:
            self.simple(lib, lib.filepath, AssetKind.LIBRARY, "Library")
        for sound in data.sounds:
            self.simple(sound, sound.filepath, AssetKind.SOUND, "Sound")
        for clip in data.movieclips:
            self.simple(clip, clip.filepath, AssetKind.MOVIE, "MovieClip", sequence=clip.source == "SEQUENCE")
        for cache in data.cache_files:
            self.simple(cache, cache.filepath, AssetKind.CACHE, "CacheFile", sequence=bool(cache.is_sequence))
        for volume in getattr(data, "volumes", []):
            self.simple(volume, volume.filepath, AssetKind.VOLUME, "Volume", sequence=bool(volume.is_sequence))
        for font in data.fonts:
            self.simple(font, font.filepath, AssetKind.FONT, "Font")
        for text in data.texts:
            if not text.is_in_memory and text.filepath:
                self.simple(text, text.filepath, AssetKind.SCRIPT, "Text")
        for ob in data.objects:
            self.object_caches(ob)
        for sc in data.scenes:
            self.strips(sc)
        self.blend_paths()

    def image(self, image) -> None:
        if image.source in ("GENERATED", "VIEWER") or image.type in ("RENDER_RESULT", "COMPOSITING"):
            return
        path = image.filepath
        if not path:
            return
        node = self._node("Image", image)
        if image.packed_file is not None or len(getattr(image, "packed_files", ())):
            size = sum(pf.packed_file.size for pf in image.packed_files if pf.packed_file is not None) \
                if len(getattr(image, "packed_files", ())) else image.packed_file.size
            self.add(packed_asset(path, AssetKind.TEXTURE, node, size), image)
        elif image.source == "TILED":
            self.add(udim_asset(path, [t.number for t in image.tiles], node, self._base(image), self.listing), image)
        elif image.source == "SEQUENCE":
            self.add(sequence_asset(path, AssetKind.TEXTURE, node, self._base(image), self.listing), image)
        elif image.source == "MOVIE":
            self.add(self.resolve(path, AssetKind.MOVIE, node, image), image)
        else:
            self.add(self.resolve(path, AssetKind.TEXTURE, node, image), image)

    def object_caches(self, ob) -> None:
        caches: List[Tuple[Any, str]] = []
        for md in ob.modifiers:
            node = "Object:%s.modifiers[%s]" % (ob.name, md.name)
            if ob.library is not None:
                node = "Library:%s > %s" % (ob.library.name, node)
            if md.type == "MESH_CACHE" and md.filepath:
                self.add(self.resolve(md.filepath, AssetKind.CACHE, node, ob), ob)
            elif md.type == "OCEAN" and md.filepath:
                self.covered.add(self._abs(md.filepath, ob))  # blend_paths lists it, baked or not
                if getattr(md, "is_cached", False):
                    self.folder(md.filepath, node, ob)
            elif md.type == "FLUID" and md.fluid_type == "DOMAIN" and md.domain_settings.cache_directory:
                self.covered.add(self._abs(md.domain_settings.cache_directory, ob))
                self.folder(md.domain_settings.cache_directory, node, ob)
            elif md.type == "PARTICLE_SYSTEM":
                caches.extend((pc, node) for pc in _caches_of(md.particle_system.point_cache))
            elif md.type in ("CLOTH", "SOFT_BODY"):
                caches.extend((pc, node) for pc in _caches_of(md.point_cache))
            elif md.type == "DYNAMIC_PAINT" and md.canvas_settings is not None:
                for surface in md.canvas_settings.canvas_surfaces:
                    caches.extend((pc, node) for pc in _caches_of(surface.point_cache))
        seen = set()
        for pc, node in caches:
            if pc.as_pointer() in seen:
                continue
            seen.add(pc.as_pointer())
            self.point_cache(pc, node, ob)

    def point_cache(self, pc, node: str, ob) -> None:
        if not (pc.use_disk_cache or pc.use_external):
            return
        if pc.use_external and pc.filepath:
            folder = pc.filepath.rstrip("/\\")
        else:
            folder = "//blendcache_%s" % self.stem
        prefix = pc.name or "".join("%02X" % c for c in bytearray(ob.name.encode("utf-8")))
        suffix = "%02d" % pc.index if pc.index >= 0 else "##"
        pattern = "%s/%s_######_%s.bphys" % (folder, prefix, suffix)
        self.add(self.resolve(pattern, AssetKind.CACHE, node, ob), ob)

    def folder(self, path: str, node: str, idblock) -> None:
        asset = folder_asset(path, node, self._base(idblock), self.listing)
        if asset is None:
            self.notices.append((
                "the cache folder %s does not exist: nothing is baked, so the farm would have to simulate" % path,
                node,
            ))
        else:
            self.add(asset, idblock)

    def strips(self, scene) -> None:
        for strip in _all_strips(scene):
            node = "Scene:%s.sequence_editor[%s]" % (scene.name, strip.name)
            if strip.type == "IMAGE":
                folder = strip.directory
                self.covered.add(self._abs(folder, scene))
                for elem in strip.elements:
                    path = folder + elem.filename if folder.endswith(("/", "\\")) else folder + "/" + elem.filename
                    self.add(self.resolve(path, AssetKind.TEXTURE, node, scene), scene)
            elif strip.type == "MOVIE" and strip.filepath:
                self.add(self.resolve(strip.filepath, AssetKind.MOVIE, node, scene), scene)

    def weak_references(self) -> Set[str]:
        """Paths appended data remembers it came from (``ID.library_weak_reference``); not dependencies."""
        if self._weak is not None:
            return self._weak
        out = set()
        for coll_name in dir(self.bpy.data):
            coll = getattr(self.bpy.data, coll_name, None)
            if not isinstance(coll, self.bpy.types.bpy_prop_collection) or coll_name in ("window_managers", "screens", "workspaces"):
                continue
            for idblock in coll:
                ref = getattr(idblock, "library_weak_reference", None)
                if ref is not None and ref.filepath:
                    out.add(ref.filepath)
        self._weak = out
        return out

    def blend_paths(self) -> None:
        """Anything Blender knows that the walk above did not cover (e.g. add-on data paths)."""
        weak = {self._abs(p) for p in self.weak_references()}
        relative = self.bpy.utils.blend_paths(absolute=False, packed=False, local=False)
        absolute = self.bpy.utils.blend_paths(absolute=True, packed=False, local=False)
        pairs = zip(relative, absolute) if len(relative) == len(absolute) else ((p, p) for p in absolute)
        for rel, ab in pairs:
            if not rel or not ab:
                continue
            keys = {_norm(ab), self._abs(rel)}
            if keys & self.covered or keys & weak:
                continue
            self.covered.update(keys)
            asset = resolve_asset(
                rel, kind=AssetKind.OTHER, node="blend_paths", base_dir=self.main_dir, host="blender", listing=self.listing
            )
            if not asset.resolved or asset.missing:
                asset = resolve_asset(ab, kind=AssetKind.OTHER, node="blend_paths", host="blender", listing=self.listing)
                asset.path = rel
            self.add(asset)


def _caches_of(pc) -> Iterable[Any]:
    if pc is None:
        return []
    many = getattr(pc, "point_caches", None)
    return list(many) if many is not None and len(many) else [pc]
