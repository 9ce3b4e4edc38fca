"""Analyse a 3ds Max scene (.max) without 3ds Max.

A .max is an OLE compound file. What 3ds Max writes for other programs to read is used here:
the document properties (version, build, renderer, resolution, animation range, render output
and camera when set, used plug-ins, external files), the asset table ``FileAssetMetaData3``/``2``
(every external file with its full path) and ``DllDirectory`` (plug-in descriptions). The ``Scene``
stream itself (Max's private object data) is not decoded: what only it holds (the render time
output, render elements, per-object settings) is reported as a warning, never guessed.
"""

from __future__ import annotations

import os
import re
from typing import Dict, List, Optional, Tuple

from ...scene import (
    Asset,
    AssetKind,
    Camera,
    FrameRange,
    Host,
    Plugin,
    Resolution,
    SceneFileError,
    SceneSpec,
)
from ...scene.paths import is_windows_path, normalize_slashes
from ...scene.tokens import DirCache, resolve_asset
from ..base import identify_file
from ._maxstreams import StreamError, doc_sections, parse_assets, parse_dll_directory

__all__ = ["analyze", "max_release_year", "renderer_id"]

ANALYSER = "max.scenefile"
_MAX_STREAM = 64 << 20
_SUMMARY = "\x05DocumentSummaryInformation"


def max_release_year(major: int) -> Optional[int]:
    """3ds Max's internal major version -> release year: 18 = 2016, 21 = 2019, 25 = 2023, 28 = 2026.

    Internal version 10 was 3ds Max 2008; each release since adds one (9 and older were named by
    number, not year, and return None).
    """
    if major >= 10:
        return 1998 + major
    return None


_RENDERERS = (
    (r"scanline", "scanline"),
    (r"mental\s*ray", "mentalray"),
    (r"arnold", "arnold"),
    (r"v-?ray", "vray"),
    (r"corona", "corona"),
    (r"redshift", "redshift"),
    (r"octane", "octane"),
    (r"fstorm", "fstorm"),
    (r"\bart\b|autodesk raytracer", "art"),
    (r"iray", "iray"),
    (r"quicksilver", "quicksilver"),
    (r"krakatoa", "krakatoa"),
    (r"vue", "vue"),
)
# third-party renderers the farm installs as plug-ins
_RENDERER_PLUGINS = {"vray", "corona", "redshift", "octane", "fstorm", "arnold", "krakatoa"}


def renderer_id(name: str) -> str:
    """'V-Ray Adv 3.00.08' -> 'vray'; 'Default Scanline Renderer' -> 'scanline'; unknown -> lower name."""
    low = name.lower()
    for rx, rid in _RENDERERS:
        if re.search(rx, low):
            return rid
    return low.strip()


_VERSION_IN_NAME = re.compile(r"(\d+(?:\.\d+)+|\d+(?=\s*(?:update|hotfix)))(?:\s*(?:update|hotfix)\s*\d+(?:\.\d+)*)?", re.I)


def _renderer_version(name: str) -> str:
    m = _VERSION_IN_NAME.search(name)
    return m.group(0).strip() if m else ""


# DLLs that ship with 3ds Max itself (the rest are third-party plug-ins the farm must install)
_STOCK_DLLS = {
    "acadblocks.dlu", "bakingtotexture.dlu", "biped.dlc", "bitmapproxies.dlu", "boolcntrl.dlc",
    "chaninfo.dlu", "cloth.dlm", "ctrl.dlc", "curvecontrol.dlu", "custattribcontainer.dlo", "dei.dlo",
    "digilib.dlz", "epoly.dlo", "gradient.dlt", "instancemgr.dlu", "kernel.dlk", "mentalray.dlz",
    "mods.dlm", "mrmaterialattribs.gup", "msmooth.dlm", "mtl.dlt", "mtlgen.dlt", "multipassdof.dlv",
    "parameditor.gup", "peopleorch.dlc", "physicalmaterial.dlt", "prim.dlo", "proboolean.dlo",
    "prosound.dlc", "rayfx.dlu", "reactor.dlc", "rend.dlr", "samplers.dlh", "sceneeffectloader.dlu",
    "scs.dlo", "sme.gup", "solidifypw.dlm", "storageandfilter.bms", "update1.dlo", "uvwunwrap.dlm",
    "viewportmanager.gup", "maxtoa.dlr", "dllights.dlo", "editablepoly.dlo", "mxsagni.dlx",
    "polytools.dlm", "particleflow.dlo", "pfoperators.dlo", "skin.dlm", "morpher.dlm", "uvwmap.dlm",
    "lights.dlo", "cameras.dlo", "helpers.dlo", "splines.dlo", "extrude.dlm", "bend.dlm",
    "symmetry.dlm", "turbosmooth.dlm", "physicalsun.dlo", "sunpositioner.dlo", "arnold.dlr",
    "openvdb.dlo", "retimer.dlc", "stateSets.gup".lower(), "sceneexplorer.gup", "mnmath.dlu",
    "art.dlr", "quicksilver.dlr", "rapidrt.dlr", "iray.dlr", "photometric.dlo", "acadblocks.dlo",
}
_PLUGIN_DLLS = (
    (re.compile(r"^vrender|^vray", re.I), "vray"),
    (re.compile(r"^corona", re.I), "corona"),
    (re.compile(r"^redshift", re.I), "redshift"),
    (re.compile(r"^octane", re.I), "octane"),
    (re.compile(r"^fstorm", re.I), "fstorm"),
    (re.compile(r"^forestpack|^forest", re.I), "forestpack"),
    (re.compile(r"^railclone", re.I), "railclone"),
    (re.compile(r"^multiscatter", re.I), "multiscatter"),
    (re.compile(r"^phoenix", re.I), "phoenixfd"),
    (re.compile(r"^tyflow", re.I), "tyflow"),
    (re.compile(r"^krakatoa", re.I), "krakatoa"),
    (re.compile(r"^maxtoa", re.I), "arnold"),
)
_DESC_VERSION = re.compile(r"\bv(?:er(?:sion)?)?\.?\s*(\d+(?:\.\d+)+)", re.I)

_TYPE_KIND = {
    "bitmap": AssetKind.TEXTURE,
    "xref": AssetKind.REFERENCE,
    "photometric": AssetKind.IES,
    "animation": AssetKind.CACHE,
    "sound": AssetKind.SOUND,
    "container": AssetKind.REFERENCE,
    "prerenderscript": AssetKind.SCRIPT,
    "postrenderscript": AssetKind.SCRIPT,
    "other": AssetKind.OTHER,
}
_EXT_KIND = {
    "abc": AssetKind.CACHE, "vrmesh": AssetKind.PROXY, "cgeo": AssetKind.PROXY, "rs": AssetKind.PROXY,
    "ass": AssetKind.PROXY, "vdb": AssetKind.VOLUME, "aur": AssetKind.VOLUME, "f3d": AssetKind.VOLUME,
    "ies": AssetKind.IES, "max": AssetKind.REFERENCE, "ocio": AssetKind.COLOR, "ttf": AssetKind.FONT,
    "fbx": AssetKind.CACHE, "obj": AssetKind.CACHE, "pc2": AssetKind.CACHE, "mdd": AssetKind.CACHE,
    "xmesh": AssetKind.CACHE, "prt": AssetKind.CACHE, "wav": AssetKind.SOUND, "mp4": AssetKind.MOVIE,
    "mov": AssetKind.MOVIE, "avi": AssetKind.MOVIE,
}
_SHIPPED_MAPS = re.compile(r"/Autodesk/3ds Max(?: Design)? \d{4}/maps/", re.IGNORECASE)
_OUTPUT_TYPES = {"renderoutput", "render output"}


def _fail(path: str, reason: str) -> SceneFileError:
    return SceneFileError(path, reason)


def _open(path: str):
    import olefile  # a core dependency; imported here so importing rb_dcc stays cheap

    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise _fail(path, "cannot be read: %s" % (exc.strerror or exc)) from None
    if os.path.isdir(path):
        raise _fail(path, "is a folder, not a 3ds Max scene file")
    if size == 0:
        raise _fail(path, "the file is empty")
    try:
        with open(path, "rb") as f:
            head = f.read(32)
    except OSError as exc:
        raise _fail(path, "cannot be read: %s" % (exc.strerror or exc)) from None
    if head[:8] != olefile.MAGIC:
        what = identify_file(head)
        hint = "; it looks like %s" % what if what else ""
        raise _fail(path, "not a 3ds Max scene: it is not an OLE compound file (starts with %r)%s" % (head[:8], hint))
    try:
        ole = olefile.OleFileIO(path)
    except Exception as exc:  # olefile raises OSError, ValueError, struct.error... on damage
        raise _fail(path, "damaged or truncated 3ds Max file: %s" % _reason(exc)) from None
    return ole, size


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:300]


def _chain_problem(ole, name: str, first: int, size: int, file_size: int) -> Optional[str]:
    """None when every sector of a stream (in the big FAT) lies inside the file, else what is wrong."""
    ssize = int(ole.sectorsize)
    fat = ole.fat
    sector = int(first)
    left = int(size)
    steps = 0
    while left > 0:
        steps += 1
        if sector < 0 or sector >= len(fat) or steps > len(fat):
            return "stream %s has a broken sector chain (sector %d)" % (name, sector)
        at = (sector + 1) * ssize  # sector 0 follows the header sector
        if at >= file_size:
            return "stream %s runs past the end of the file (sector %d at byte %d)" % (name, sector, at)
        if at + min(ssize, left) > file_size:
            return "stream %s is cut off at the end of the file" % name
        left -= ssize
        sector = int(fat[sector])
    return None


def _truncation(ole, file_size: int) -> Optional[str]:
    """What shows that the compound file was cut short or its sector chains are broken, if anything."""
    try:
        ssize = int(ole.sectorsize)
        if file_size % ssize:
            return "the file size %d is not a whole number of %d-byte sectors: it was cut short" % (file_size, ssize)
        cutoff = int(ole.minisectorcutoff)
        for entry in ole.direntries:
            if entry is None:
                continue
            if entry.entry_type == 5:  # root: its chain is the mini stream holding the small streams
                problem = _chain_problem(ole, "(mini stream)", entry.isectStart, entry.size, file_size)
            elif entry.entry_type == 2 and entry.size >= cutoff:
                clean = "".join(c for c in str(entry.name) if c >= " ")
                problem = _chain_problem(ole, clean, entry.isectStart, entry.size, file_size)
            else:
                continue
            if problem:
                return problem
        return None
    except Exception as exc:  # a damaged directory or FAT
        return "cannot follow the file's sector chains: %s" % _reason(exc)


def _read_stream(ole, name: str) -> bytes:
    size = ole.get_size(name)
    if size > _MAX_STREAM:
        raise StreamError("stream %s is %d bytes, too large to analyse" % (name, size))
    with ole.openstream(name) as s:
        return s.read()


class _Analysis:
    def __init__(self, path: str, ole, file_size: int):
        self.path = path
        self.ole = ole
        self.file_size = file_size
        self.dir = os.path.dirname(os.path.abspath(path))
        self.listing = DirCache()  # one listing per folder for this read
        self.spec = SceneSpec(host=Host.MAX, scene_path=os.path.abspath(path), analyser=ANALYSER)

    def run(self) -> SceneSpec:
        ole, spec, path = self.ole, self.spec, self.path
        if not ole.exists("Scene"):
            names = ["/".join(e) for e in ole.listdir()][:8]
            raise _fail(path, "not a 3ds Max scene: the OLE file has no Scene stream (it holds %s)"
                        % (", ".join(repr(n) for n in names) or "nothing"))
        problem = _truncation(ole, self.file_size)
        if problem:
            raise _fail(path, "truncated or damaged: %s" % problem)
        sections = self._sections()
        dlls = self._dll_directory()
        if sections is None:
            spec.warn("3ds Max version, renderer, resolution and frames are unknown",
                      fix="set them in the submit panel")
        if sections is not None:
            self._general(sections.get("General", []))
            self._render_data(sections.get("Render Data", []), sections)
            self._plugins(sections.get("Used Plug-Ins", []), dlls)
        self._assets(sections.get("External Dependencies", []) if sections else [])
        self._not_in_file()
        return spec

    # document properties ----------------------------------------------------------------------
    def _sections(self) -> Optional[Dict[str, List[str]]]:
        if not self.ole.exists(_SUMMARY):
            self.spec.warn("the file has no document properties: version, renderer and plug-ins are unknown",
                           fix="save the scene again in 3ds Max", ref=_SUMMARY)
            return None
        try:
            props = self.ole.getproperties(_SUMMARY)
            return doc_sections(props)
        except Exception as exc:  # olefile raises many kinds on a damaged property set
            self.spec.warn("cannot read the document properties (%s): version, renderer and plug-ins are unknown"
                           % _reason(exc), fix="save the scene again in 3ds Max", ref=_SUMMARY)
            return None

    def _general(self, items: List[str]) -> None:
        spec = self.spec
        values = _colon_items(items)
        version = values.get("3ds max version", "")
        saved_as = values.get("saved as version", "")
        build = values.get("build", "")
        use = saved_as or version
        major = _major(use)
        year = max_release_year(major) if major is not None else None
        if year is not None:
            spec.host_version = str(year)
        elif use:
            spec.host_version = use.replace(",", ".")
            spec.warn("3ds Max version %r is older than 3ds Max 2008 (version 10)" % use)
        else:
            spec.warn("the file properties do not say which 3ds Max version saved the scene",
                      fix="set the 3ds Max version in the render environment", ref="General")
        app_major = _major(version)
        app = str(max_release_year(app_major) or version) if app_major is not None else (spec.host_version or "?")
        if build:
            spec.notice("saved by 3ds Max %s (build %s)" % (app, build))
        if saved_as and app_major is not None and major is not None and app_major != major:
            spec.notice("saved by 3ds Max %s as a 3ds Max %s file; a 3ds Max %s or newer opens it"
                        % (app, year or saved_as, year or saved_as))

    def _render_data(self, items: List[str], sections: Dict[str, List[str]]) -> None:
        spec = self.spec
        values = _eq_items(items)
        name = values.get("renderer name", "")
        if name:
            spec.renderer = renderer_id(name)
            spec.renderer_version = _renderer_version(name)
            if spec.renderer in _RENDERER_PLUGINS:
                spec.plugins.append(Plugin(name=spec.renderer, version=spec.renderer_version))
        else:
            spec.warn("the file properties do not name the renderer", ref="Render Data")
        w, h = _int(values.get("render width")), _int(values.get("render height"))
        if w and h:
            spec.resolution = Resolution(width=w, height=h)
        start, end = _int(values.get("animation start")), _int(values.get("animation end"))
        if start is not None and end is not None and end >= start:
            spec.frames = FrameRange.from_bounds(start, end)
            spec.warn(
                "frames %s are the scene's active time segment; which frames Render Setup renders "
                "(single frame, active segment, range or list) is not stored where it can be read "
                "without 3ds Max" % spec.frames,
                fix="check the frame range in the submit panel",
            )
        else:
            spec.warn("the file properties hold no animation range", fix="set the frames in the submit panel")
        output = values.get("render output", "")
        if output:
            spec.output_pattern = output
            spec.image_format = _ext(output)
        cams = [v for k, v in values.items() if k.startswith("render camera")]
        for cam in cams:
            spec.cameras.append(Camera(name=cam, renderable=True))
        totals = _colon_items(sections.get("Scene Totals", []))
        ncams = _int(totals.get("cameras"))
        if not cams and ncams:
            spec.notice("the scene has %d camera(s) but the file does not say which one renders "
                        "(3ds Max renders the active viewport)" % ncams,
                        fix="pick the camera in the submit panel")

    def _dll_directory(self) -> Dict[str, str]:
        if not self.ole.exists("DllDirectory"):
            return {}
        try:
            return parse_dll_directory(_read_stream(self.ole, "DllDirectory"))
        except Exception as exc:
            self.spec.warn("cannot read the plug-in directory (DllDirectory): %s" % _reason(exc), ref="DllDirectory")
            return {}

    def _plugins(self, used: List[str], dlls: Dict[str, str]) -> None:
        spec = self.spec
        names = [u.strip() for u in used if u.strip()] or sorted(dlls)
        have = {p.name for p in spec.plugins}
        for dll in names:
            low = dll.lower()
            desc = dlls.get(low, "")
            m = _DESC_VERSION.search(desc)
            version = m.group(1) if m else ""
            named = False
            for rx, pname in _PLUGIN_DLLS:
                if rx.search(low):
                    named = True
                    if pname not in have:
                        pversion = spec.renderer_version if pname == spec.renderer else version
                        spec.plugins.append(Plugin(name=pname, version=pversion))
                        have.add(pname)
            # a DLL of a named plug-in is listed for the record; the named entry carries the requirement
            spec.plugins.append(Plugin(name=low, version=version, required=low not in _STOCK_DLLS and not named))

    # assets -------------------------------------------------------------------------------------
    def _assets(self, listed: List[str]) -> None:
        spec = self.spec
        records = []
        stream = None
        for name, version in (("FileAssetMetaData3", 3), ("FileAssetMetaData2", 2)):
            if self.ole.exists(name):
                stream = name
                try:
                    records = parse_assets(_read_stream(self.ole, name), version)
                except Exception as exc:
                    spec.warn("cannot read the asset table %s: %s" % (name, _reason(exc)), ref=name,
                              fix="open the scene in 3ds Max and check Asset Tracking")
                break
        seen = set()
        shipped = 0
        for rec in records:
            t = rec.type.strip().lower()
            if t in _OUTPUT_TYPES:
                if not spec.output_pattern and rec.path:
                    spec.output_pattern = rec.path
                    spec.image_format = _ext(rec.path)
                continue
            if not rec.path or rec.path.lower() in seen:
                continue
            seen.add(rec.path.lower())
            if _SHIPPED_MAPS.search(normalize_slashes(rec.path)):
                shipped += 1
                continue
            kind = _TYPE_KIND.get(t) or AssetKind.OTHER
            kind = _EXT_KIND.get(_ext(rec.path), kind) if kind in (AssetKind.OTHER, AssetKind.TEXTURE) else kind
            spec.assets.append(self._resolve(rec.path, rec.resolved, kind, "%s (%s)" % (stream, rec.type)))
        if shipped:
            spec.notice("%d map(s) come from the 3ds Max install folder (maps); the farm's 3ds Max has them"
                        % shipped)
        if stream is None and listed:
            # no asset table: the document properties still name the files (base names only)
            for name in listed:
                spec.assets.append(self._resolve(name, "", AssetKind.OTHER, "External Dependencies"))
            spec.warn("the file has no asset table; external files are known by name only", ref="External Dependencies")
        elif stream is not None and listed and not records:
            spec.warn("the asset table is empty but the file properties list %d external file(s)" % len(listed))

    def _resolve(self, stored: str, last: str, kind: AssetKind, ref: str) -> Asset:
        asset = resolve_asset(stored, kind=kind, node=ref, base_dir=self.dir, host="max", listing=self.listing)
        if last and last != stored:
            seen_at = "3ds Max last found it at %s" % last
            asset = asset.model_copy(update={"note": "; ".join(x for x in (asset.note, seen_at) if x)})
        if asset.exists:
            return asset
        # 3ds Max looks again where the file was last found, then beside the scene
        tries: List[Tuple[str, str]] = []
        if last and last != stored:
            tries.append((last, "found where 3ds Max last resolved it"))
        base = normalize_slashes(stored).rsplit("/", 1)[-1]
        if base:
            tries.append((os.path.join(self.dir, base), "found beside the scene"))
        for candidate, why in tries:
            if is_windows_path(candidate) and os.name != "nt":
                continue
            other = resolve_asset(candidate, kind=kind, node=ref, base_dir=self.dir, host="max", listing=self.listing)
            if other.exists:
                note = "; ".join(x for x in (why + " (" + other.resolved[0] + ")", asset.note) if x)
                return asset.model_copy(update={
                    "resolved": other.resolved, "exists": True, "missing": [], "size": other.size, "note": note,
                })
        return asset

    def _not_in_file(self) -> None:
        spec = self.spec
        if not spec.output_pattern:
            spec.warn("the render output path is not stored where it can be read without 3ds Max "
                      "(Render Setup > Render Output is empty or kept only in the scene data)",
                      fix="set the output in Render Setup and save, or set it in the submit panel")


def _colon_items(items: List[str]) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition(":")
        if sep:
            out.setdefault(key.strip().lower(), value.strip())
    return out


def _eq_items(items: List[str]) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if sep:
            out.setdefault(key.strip().lower(), value.strip())
    return out


def _major(version: str) -> Optional[int]:
    m = re.match(r"\s*(\d+)", version or "")
    return int(m.group(1)) if m else None


def _int(value: Optional[str]) -> Optional[int]:
    if value is None:
        return None
    try:
        return int(float(value.replace(",", ".")))
    except ValueError:
        return None


def _ext(path: str) -> str:
    name = normalize_slashes(path).rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


def analyze(path: str) -> SceneSpec:
    """Analyse a .max file; raises ``SceneFileError`` when it cannot be read."""
    path = str(path)
    ole, size = _open(path)
    try:
        return _Analysis(path, ole, size).run()
    except SceneFileError:
        raise
    except (StreamError, OSError, ValueError, IndexError, KeyError, TypeError, AttributeError, UnicodeError,
            OverflowError, MemoryError) as exc:
        raise _fail(path, "damaged 3ds Max file: %s" % _reason(exc)) from None
    finally:
        try:
            ole.close()
        except Exception:
            pass
