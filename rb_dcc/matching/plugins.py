"""What the hosts call a plugin vs what the farm calls it, and which renderers need which devices.

Scene files name plugins the way the host loads them (Maya ``mtoa``, ``redshift4maya``,
``vrayformaya``; Houdini ``htoa``; Max ``MAXtoA``); the farm's catalogue names them by product.
``canonical()`` maps both to one key so they can be compared.
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, Optional

__all__ = ["canonical", "is_builtin", "renderer_device", "renderer_key", "display_name", "RENDERER_PLUGIN"]

_ALIASES: Dict[str, str] = {}
for key, names in {
    "arnold": ["arnold", "mtoa", "htoa", "maxtoa", "arnold for maya", "arnold for houdini", "arnold for 3ds max", "c4dtoa"],
    "vray": ["vray", "v-ray", "vrayformaya", "vray for maya", "vray_for_houdini", "vrayforhoudini", "vray for houdini",
             "v-ray gpu", "vray_gpu", "vray for 3ds max", "v_ray"],
    "redshift": ["redshift", "redshift4maya", "redshift4max", "redshift_for_houdini", "redshift for houdini",
                 "redshift4houdini", "redshift for maya", "redshift for 3ds max"],
    "renderman": ["renderman", "renderman_for_maya", "rfm", "rfm2", "rfh", "renderman_for_houdini", "renderman for maya",
                  "renderman for houdini", "prman"],
    "yeti": ["yeti", "pgyetimaya", "pgyeti", "yeti for maya"],
    "octane": ["octane", "octanerender", "octane4maya", "octane for maya", "octane_for_houdini", "octane for houdini",
               "octanerender for 3ds max", "octane for blender"],
    "corona": ["corona", "corona renderer", "corona for 3ds max"],
    "karma": ["karma"],
    "mentalray": ["mentalray", "mental ray", "mayatomr"],
    "golaem": ["golaem", "glmcrowd", "golaem crowd"],
    "miarmy": ["miarmy", "mcdplugin"],
    "xgen": ["xgen", "xgenToolkit".lower()],
    "bifrost": ["bifrost", "bifrostgraph", "bifrostshellnode"],
    "phoenixfd": ["phoenixfd", "phoenix fd", "phoenix"],
    "forestpack": ["forestpack", "forest pack", "forest pack pro"],
    "railclone": ["railclone", "railclone pro"],
    "tyflow": ["tyflow"],
    "multiscatter": ["multiscatter"],
    "cycles": ["cycles"],
}.items():
    for name in names:
        _ALIASES[name] = key

# Plugins that ship with the host itself: the farm never lists them and they never block.
_BUILTIN: Dict[str, FrozenSet[str]] = {
    "maya": frozenset(
        n.lower()
        for n in [
            "stereoCamera", "mayaHIK", "OpenEXRLoader", "fbxmaya", "gpuCache", "AbcImport", "AbcExport",
            "renderSetup", "lookdevKit", "mayaCharacterization", "matrixNodes", "quatNodes", "GamePipeline",
            "objExport", "hairPhysicalShader", "Type", "sceneAssembly", "ikSpringSolver", "MASH", "Unfold3D",
            "modelingToolkit", "curveWarp", "sweep", "poseInterpolator", "invertShape", "xgenToolkit", "Substance",
            "mayaUsdPlugin", "shaderFXPlugin", "ATFPlugin", "deformerEvaluator", "meshReorder", "nearestPointOnMesh",
            "cacheEvaluator", "VectorRender", "dx11Shader", "glslShader", "hlslShader", "Turtle", "tiffFloatReader",
            "ddsFloatReader", "OneClick", "BifrostMain", "bifrostshellnode", "bifrostvisplugin", "bifrostGraph",
            "mtoh", "rotateHelper", "tiffFloatReader", "mayaHIK", "lookdevKit", "autoLoader", "ArubaTessellator",
        ]
    ),
    "houdini": frozenset(["karma", "mantra", "solaris", "labs", "sidefxlabs"]),
    "max": frozenset(["scanline", "art", "quicksilver"]),
    "blender": frozenset(["cycles", "eevee", "workbench"]),
}

# Renderer (as SceneSpec.renderer says it) -> the plugin the farm must load for it.
RENDERER_PLUGIN: Dict[str, Optional[str]] = {
    "arnold": "arnold", "redshift": "redshift", "vray": "vray", "renderman": "renderman", "octane": "octane",
    "corona": "corona", "mentalray": "mentalray",
}

_GPU_RENDERERS = frozenset(["redshift", "octane", "eevee"])  # EEVEE rasterises on a GPU
_DISPLAY = {
    "arnold": "Arnold", "vray": "V-Ray", "redshift": "Redshift", "renderman": "RenderMan", "yeti": "Yeti",
    "octane": "Octane", "corona": "Corona", "karma": "Karma", "cycles": "Cycles", "mentalray": "mental ray",
}


def _clean(name: str) -> str:
    return re.sub(r"\s+", " ", str(name).strip().lower().replace("_", " ")).replace(" ", "_")


def canonical(name: str) -> str:
    """One key per product: ``canonical("mtoa") == canonical("Arnold") == "arnold"``."""
    raw = str(name).strip().lower()
    for candidate in (raw, raw.replace("_", " "), raw.replace(" ", "_"), _clean(raw)):
        if candidate in _ALIASES:
            return _ALIASES[candidate]
    return raw


def display_name(name: str) -> str:
    key = canonical(name)
    return _DISPLAY.get(key, name)


def is_builtin(host: str, plugin: str) -> bool:
    """True for plugins that ship with the host (never listed by the farm, never blocking)."""
    builtin = _BUILTIN.get(str(host), frozenset())
    return str(plugin).strip().lower() in builtin or canonical(plugin) in builtin


def renderer_device(renderer: str, render_device: str = "") -> str:
    """'GPU' or 'CPU': what kind of machine ``renderer`` needs.

    An explicit device from the scene (Cycles device, Arnold GPU, V-Ray GPU) wins; Redshift and
    Octane are GPU-only; everything else renders on CPUs.
    """
    device = (render_device or "").strip().upper()
    if device in ("GPU", "CPU"):
        return device
    r = (renderer or "").strip().lower()
    if renderer_key(r) in _GPU_RENDERERS or "gpu" in r:
        return "GPU"
    return "CPU"


_RENDERER_WORDS = [
    ("v-ray", "vray"), ("v_ray", "vray"), ("vray", "vray"), ("arnold", "arnold"), ("mtoa", "arnold"),
    ("redshift", "redshift"), ("corona", "corona"), ("octane", "octane"), ("renderman", "renderman"),
    ("prman", "renderman"), ("mental", "mentalray"), ("mantra", "mantra"), ("karma", "karma"),
    ("cycles", "cycles"), ("eevee", "eevee"), ("workbench", "workbench"), ("scanline", "scanline"),
    ("mayasoftware", "mayasoftware"), ("mayahardware", "mayahardware"), ("art_renderer", "art"),
]


def renderer_key(renderer: str) -> str:
    """The product behind a renderer name as hosts write it: 'V_Ray_6_Hotfix_2' -> 'vray'."""
    r = (renderer or "").strip().lower()
    if not r:
        return ""
    if r in _ALIASES:
        return _ALIASES[r]
    squashed = r.replace(" ", "")
    for word, key in _RENDERER_WORDS:
        if word in squashed:
            return key
    if r in ("ris", "risnet"):
        return "renderman"
    return r
