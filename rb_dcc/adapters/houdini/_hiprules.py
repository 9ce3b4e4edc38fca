"""What the Houdini analyser knows about node types: networks, ROPs, and which parms hold files.

Kept apart from the reading code so that adding a renderer or a reader node is one table entry.
Type names are compared by their base name: ``sidefx::karma::2.0`` -> ``karma``.
"""

from __future__ import annotations

import re
from typing import Dict, List, NamedTuple, Optional, Tuple

from ...scene import AssetKind

__all__ = [
    "base_type",
    "child_category",
    "ROOT_CATEGORIES",
    "RopRule",
    "rop_rule",
    "usd_renderer",
    "reader_parms",
    "kind_for_path",
    "plugin_for_type",
    "plugin_for_library",
    "BUILTIN_FILES",
]

_VERSION_PART = re.compile(r"^\d+(?:\.\d+)*$")


def base_type(type_name: str) -> str:
    """``ns::name::1.0`` -> ``name``; ``name::2.0`` -> ``name``; ``ns::name`` -> ``name``."""
    parts = type_name.split("::")
    if len(parts) > 1 and _VERSION_PART.match(parts[-1]):
        parts = parts[:-1]
    return parts[-1] if parts else type_name


# the managers at the top of every scene and the category of their children
ROOT_CATEGORIES = {
    "obj": "Object",
    "out": "Driver",
    "img": "CopNet",
    "ch": "ChopNet",
    "shop": "Shop",
    "mat": "Vop",
    "vex": "VopNet",
    "stage": "Lop",
    "tasks": "TopNet",
}

_NET_CHILDREN = {
    "ropnet": "Driver",
    "img": "Cop2",
    "cop2net": "Cop2",
    "copnet": "Cop",
    "chopnet": "Chop",
    "ch": "Chop",
    "dopnet": "Dop",
    "shopnet": "Shop",
    "matnet": "Vop",
    "vopnet": "Vop",
    "materiallibrary": "Vop",
    "materialbuilder": "Vop",
    "lopnet": "Lop",
    "topnet": "Top",
    "topnetmgr": "Top",
    "sopnet": "Sop",
    "geo": "Sop",
}


def child_category(category: str, type_name: str) -> str:
    """The operator category of the children of a node of ``category`` and type ``type_name``."""
    b = base_type(type_name)
    if b in _NET_CHILDREN:
        return _NET_CHILDREN[b]
    if category == "Object":
        return "Object" if b == "subnet" else "Sop"
    if category in ("CopNet",):
        return "Cop2"
    if category in ("ChopNet",):
        return "Chop"
    if category in ("TopNet",):
        return "Top"
    if "vop" in b.lower() or b.endswith("builder"):
        return "Vop"
    if category == "Dop" and b.startswith("sop"):
        return "Sop"
    if category in ("Sop", "Dop", "Lop", "Cop2", "Cop", "Chop", "Top", "Driver"):
        return category
    return "Vop" if category in ("Vop", "VopNet", "Shop") else category


class RopRule(NamedTuple):
    renderer: str  # '' for ROPs that write caches, not images
    cameras: Tuple[str, ...]
    outputs: Tuple[str, ...]


_RENDER_ROPS: Dict[str, RopRule] = {
    "ifd": RopRule("mantra", ("camera",), ("vm_picture",)),
    "karma": RopRule("karma", ("camera",), ("picture",)),
    "usdrender": RopRule("", ("override_camera",), ("outputimage",)),
    "usdrender_rop": RopRule("", ("override_camera",), ("outputimage",)),
    "Redshift_ROP": RopRule("redshift", ("RS_renderCamera",), ("RS_outputFileNamePrefix",)),
    "arnold": RopRule("arnold", ("camera",), ("ar_picture",)),
    "vray_renderer": RopRule("vray", ("render_camera",), ("SettingsOutput_img_file_path", "SettingsOutput_img_file")),
    "ris": RopRule("renderman", ("camera",), ("ri_display_0_name", "ri_display_0", "ri_display")),
    "Octane_ROP": RopRule("octane", ("HO_renderCamera",), ("HO_img_fileName",)),
    "opengl": RopRule("opengl", ("camera",), ("picture",)),
}

_CACHE_ROPS: Dict[str, RopRule] = {
    "geometry": RopRule("", (), ("sopoutput",)),
    "rop_geometry": RopRule("", (), ("sopoutput",)),
    "alembic": RopRule("", (), ("filename",)),
    "rop_alembic": RopRule("", (), ("filename",)),
    "usd": RopRule("", (), ("lopoutput",)),
    "usd_rop": RopRule("", (), ("lopoutput",)),
    "rop_usd": RopRule("", (), ("lopoutput",)),
    "filmboxfbx": RopRule("", (), ("sopoutput",)),
    "rop_fbx": RopRule("", (), ("sopoutput",)),
    "comp": RopRule("", (), ("copoutput",)),
    "dop": RopRule("", (), ("dopoutput",)),
    "rop_dop": RopRule("", (), ("dopoutput",)),
    "Redshift_Proxy_Output": RopRule("", (), ("RS_archive_file",)),
}

# where each ROP type may live (a Driver anywhere, or SOP/LOP ROPs in their own networks)
_ROP_CATEGORIES = {
    "Driver": set(_RENDER_ROPS) | set(_CACHE_ROPS),
    "Sop": {"rop_geometry", "rop_alembic", "rop_fbx", "rop_dop"},
    "Lop": {"usdrender_rop", "karma", "usd_rop", "rop_usd"},
}


def rop_rule(category: str, type_name: str) -> Optional[RopRule]:
    b = base_type(type_name)
    if b.startswith("ris") and category == "Driver":
        b = "ris"
    if b not in _ROP_CATEGORIES.get(category, ()):
        return None
    return _RENDER_ROPS.get(b) or _CACHE_ROPS.get(b)


def usd_renderer(delegate: str) -> str:
    """A Hydra render delegate name (usdrender ``renderer`` parm) -> renderer."""
    d = delegate.lower()
    for needle, name in (
        ("karma", "karma"), ("redshift", "redshift"), ("arnold", "arnold"), ("prman", "renderman"),
        ("renderman", "renderman"), ("vray", "vray"), ("octane", "octane"), ("storm", "storm"),
    ):
        if needle in d:
            return name
    return delegate


# readers: (category, base type) -> [(parm, kind or None for "by extension")]
_T, _C, _P = AssetKind.TEXTURE, AssetKind.CACHE, AssetKind.PROXY
_READERS: Dict[Tuple[str, str], List[Tuple[str, Optional[AssetKind]]]] = {
    ("Sop", "file"): [("file", None)],
    ("Sop", "alembic"): [("fileName", _C)],
    ("Sop", "mdd"): [("file", _C)],
    ("Sop", "trace"): [("file", _T)],
    ("Sop", "font"): [("file", AssetKind.FONT)],
    ("Sop", "uvquickshade"): [("texture", _T)],
    ("Sop", "attribfrommap"): [("filename", _T)],
    ("Sop", "heightfield_file"): [("filename", _T)],
    ("Sop", "lidarimport"): [("filename", _C)],
    ("Sop", "fbxcharacterimport"): [("fbxfile", _C)],
    ("Sop", "fbxanimimport"): [("fbxfile", _C)],
    ("Sop", "usdimport"): [("filepath1", _C)],
    ("Sop", "volume"): [("file", AssetKind.VOLUME)],
    ("Object", "alembicarchive"): [("fileName", _C)],
    ("Object", "envlight"): [("env_map", _T)],
    ("Object", "hlight"): [("light_texture", _T), ("projmap", _T)],
    ("Object", "rslightdome"): [("env_map", _T)],
    ("Object", "rslighties"): [("profile", AssetKind.IES)],
    ("Object", "cam"): [("vm_background", _T)],
    ("Object", "fetcharchive"): [("fileName", _C)],
    ("Cop2", "file"): [("filename", _T)],
    ("Cop", "file"): [("filename", _T)],
    ("Chop", "file"): [("file", _C)],
    ("Dop", "file"): [("file", _C)],
    ("Lop", "assetreference"): [("filepath", _C)],
}
# LOPs with numbered file parms (multiparms)
_LOP_MULTI = {"sublayer": "filepath", "reference": "filepath", "payload": "filepath"}
# parms that name a file on many node types (unknown HDAs, shaders) when the value looks like one
_GENERIC_PARMS = {
    "file", "filename", "fileName", "texture", "env_map", "ar_filename", "tex0", "map", "filepath",
    "A_FILENAME", "ies_file", "iesfile",
}


# parm names that end like a file parm but name what a node writes
_GENERIC_ENDINGS = ("file", "filename", "filepath", "_map", "texture")
_OUTPUT_PARMS = {
    "shadowmap_file", "vm_dcmfilename", "vm_dsmfilename", "RS_archive_file", "debughip", "perffile",
    "soho_diskfile", "vm_tmpsharedstorage", "checkpointfile", "taskgraphfile", "explicitcachename",
}


def reader_parms(category: str, type_name: str, parms: Dict[str, object]) -> List[Tuple[str, Optional[AssetKind], bool]]:
    """[(parm, kind, strict)] for one node: ``strict`` False means "only if the value looks like a file"."""
    if category in ("Top", "TopNet", "Driver"):
        return []  # work-item patterns and ROP outputs are not inputs
    b = base_type(type_name)
    out: List[Tuple[str, Optional[AssetKind], bool]] = []
    seen = set()
    for parm, kind in _READERS.get((category, b), []):
        out.append((parm, kind, True))
        seen.add(parm)
    if category == "Sop" and b == "filecache":
        if _is_on(parms.get("loadfromdisk")):
            out.append(("file", _C, True))
        seen.add("file")
    if category == "Object" and _is_on(parms.get("RS_objprop_proxy_enable")):
        out.append(("RS_objprop_proxy_file", _P, True))
    seen.add("RS_objprop_proxy_file")
    if category == "Lop" and b in _LOP_MULTI:
        stem = _LOP_MULTI[b]
        for name in parms:
            if name.startswith(stem) and name[len(stem):].isdigit():
                out.append((name, _C, True))
                seen.add(name)
    for name in parms:
        if name in seen:
            continue
        if category in ("Vop", "Shop", "VopNet"):
            if name.endswith("_texture") or name in ("texture", "map", "file", "filename", "tex0", "A_FILENAME"):
                toggle = parms.get(name[: -len("_texture")] + "_useTexture") if name.endswith("_texture") else None
                if toggle is None or _is_on(toggle):
                    out.append((name, _T, False))
                continue
        if category == "Lop" and "texturefile" in name.lower():
            out.append((name, _T, False))
            continue
        if name in _GENERIC_PARMS or (name.lower().endswith(_GENERIC_ENDINGS) and name not in _OUTPUT_PARMS):
            out.append((name, None, False))
    return out


def _is_on(parm: object) -> bool:
    values = getattr(parm, "values", None)
    if not values:
        return False
    v = str(values[0].value).strip().lower()
    return v in ("on", "1", "true")


_EXT_KIND = {}
for _ext in ("png jpg jpeg exr tif tiff tga rat tx tex hdr pic bmp psd dds ptex b3d ktx iff sgi "
             "cin dpx rgb rgba pic.gz").split():
    _EXT_KIND[_ext] = AssetKind.TEXTURE
for _ext in "bgeo bgeo.sc bgeo.gz geo geo.gz abc obj fbx usd usda usdc usdz ply sim simdata bhclassic hclassic mdd".split():
    _EXT_KIND[_ext] = AssetKind.CACHE
for _ext in "vdb vdb.gz".split():
    _EXT_KIND[_ext] = AssetKind.VOLUME
for _ext in "rs ass ass.gz vrmesh orbx rib".split():
    _EXT_KIND[_ext] = AssetKind.PROXY
for _ext in "hda otl hdanc hdalc otlnc otllc".split():
    _EXT_KIND[_ext] = AssetKind.HDA
for _ext in "ttf otf pfa pfb".split():
    _EXT_KIND[_ext] = AssetKind.FONT
for _ext in "wav mp3 aiff aif ogg flac".split():
    _EXT_KIND[_ext] = AssetKind.SOUND
for _ext in "mp4 mov avi mkv webm".split():
    _EXT_KIND[_ext] = AssetKind.MOVIE
_EXT_KIND["ies"] = AssetKind.IES
for _ext in "ocio lut cube csp spi1d spi3d".split():
    _EXT_KIND[_ext] = AssetKind.COLOR


def file_extension(path: str) -> str:
    """'bgeo.sc' for 'a.$F4.bgeo.sc', 'exr' for 'b.exr', '' when there is none."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    for double in (".bgeo.sc", ".bgeo.gz", ".geo.gz", ".vdb.gz", ".ass.gz", ".pic.gz"):
        if name.endswith(double):
            return double[1:]
    if "." not in name:
        return ""
    ext = name.rsplit(".", 1)[1]
    return ext if ext.isalnum() and len(ext) <= 8 else ""


def kind_for_path(path: str, default: AssetKind = AssetKind.OTHER) -> AssetKind:
    return _EXT_KIND.get(file_extension(path), default)


def known_extension(path: str) -> bool:
    return file_extension(path) in _EXT_KIND


# files Houdini ships and finds on its own search path (HOUDINI_GEOMETRY_PATH, HOUDINI_TEXTURE_PATH)
BUILTIN_FILES = {
    "defcam.bgeo", "pointlight.bgeo", "defgeo.bgeo", "default.pic", "circle.pic", "mandril.pic",
    "mandril.rat", "butterfly.pic", "default.bgeo", "squab.bgeo", "pighead.bgeo", "shaderball.bgeo",
    "testgeometry_pighead.bgeo", "testgeometry_rubbertoy.bgeo", "testgeometry_squab.bgeo",
}


def plugin_for_type(type_name: str) -> str:
    """The third-party renderer plugin a node type comes from, '' for Houdini's own."""
    full = type_name.lower()
    b = base_type(type_name)
    low = b.lower()
    if full.startswith("redshift") or low.startswith(("redshift", "rslight", "rsproxy", "rs_")):
        return "redshift"
    if full.startswith(("arnold", "htoa")) or low.startswith("arnold"):
        return "htoa"
    if full.startswith("vray") or low.startswith("vray"):
        return "vray"
    if low == "ris" or low.startswith(("pxr", "renderman")) or full.startswith(("ris::", "renderman")):
        return "renderman"
    if full.startswith("octane") or low.startswith("octane"):
        return "octane"
    return ""


_LIB_PLUGINS = (
    (re.compile(r"sidefxlabs|sidefx_labs|/labs/", re.IGNORECASE), "SideFXLabs"),
    (re.compile(r"redshift", re.IGNORECASE), "redshift"),
    (re.compile(r"htoa|arnold", re.IGNORECASE), "htoa"),
    (re.compile(r"v-?ray", re.IGNORECASE), "vray"),
    (re.compile(r"renderman|rfh", re.IGNORECASE), "renderman"),
    (re.compile(r"octane", re.IGNORECASE), "octane"),
)


def plugin_for_library(path: str) -> str:
    """A library that belongs to a plugin the farm installs ('' for a studio/user HDA file)."""
    for rx, name in _LIB_PLUGINS:
        if rx.search(path):
            return name
    return ""
