"""What Maya's render settings mean, shared by the file analyser and the live adapter.

Plain tables and the few small rules that read them; no Qt, no ``maya`` module, so the file
analyser (``_ma_scene``) and the live adapter (``live``) answer alike. Each caller hands in its
own way to read an attribute: ``get(node, long_attribute_name)`` returning the value as stored,
or ``None`` when the scene does not set it.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, Optional

__all__ = [
    "RENDERER_PLUGINS",
    "IMAGE_FORMATS",
    "REDSHIFT_FORMATS",
    "TIME_UNITS",
    "fps_for_unit",
    "image_format",
    "render_device",
]

#: renderer name (``defaultRenderGlobals.currentRenderer``) -> the plug-in that provides it
RENDERER_PLUGINS: Dict[str, str] = {
    "arnold": "mtoa",
    "redshift": "redshift4maya",
    "vray": "vrayformaya",
    "renderman": "RenderMan_for_Maya",
    "renderManRIS": "RenderMan_for_Maya",
    "mentalRay": "Mayatomr",
    "_3delight": "3delight_for_maya",
}

#: ``defaultRenderGlobals.imageFormat`` -> extension (51 means "see imfPluginKey")
IMAGE_FORMATS: Dict[int, str] = {
    0: "gif", 1: "pic", 2: "rla", 3: "tif", 4: "tif", 5: "sgi", 6: "als", 7: "iff", 8: "jpg", 9: "eps",
    10: "iff", 11: "cin", 12: "yuv", 13: "sgi", 19: "tga", 20: "bmp", 31: "psd", 32: "png", 35: "dds",
    36: "psd", 40: "exr",
}

#: ``redshiftOptions.imageFormat`` -> extension
REDSHIFT_FORMATS: Dict[int, str] = {0: "iff", 1: "exr", 2: "png", 3: "tga", 4: "jpg", 5: "tif", 6: "pic"}

#: Maya time unit (``currentUnit -t``) -> frames per second; ``<n>fps`` units are read by number
TIME_UNITS: Dict[str, float] = {
    "game": 15.0, "film": 24.0, "pal": 25.0, "ntsc": 30.0, "show": 48.0, "palf": 50.0, "ntscf": 60.0,
    "23.976fps": 24000 / 1001.0, "29.97fps": 30000 / 1001.0, "29.97df": 30000 / 1001.0,
    "47.952fps": 48000 / 1001.0, "59.94fps": 60000 / 1001.0,
    "millisec": 1000.0, "sec": 1.0, "min": 1 / 60.0, "hour": 1 / 3600.0,
}
_FPS_UNIT = re.compile(r"^(\d+(?:\.\d+)?)fps$")

Getter = Callable[[str, str], Any]
_RG = "defaultRenderGlobals"


def fps_for_unit(unit: str) -> Optional[float]:
    """Frames per second of a Maya time unit (``'pal'`` -> 25.0, ``'120fps'`` -> 120.0), else None."""
    if unit in TIME_UNITS:
        return TIME_UNITS[unit]
    m = _FPS_UNIT.match(unit)
    return float(m.group(1)) if m else None


def _number(value: Any) -> Optional[float]:
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def render_device(renderer: str, get: Getter) -> str:
    """``'GPU'``/``'CPU'`` for renderers that can run on either, ``''`` where it does not apply."""
    if renderer == "arnold":
        return "GPU" if _number(get("defaultArnoldRenderOptions", "renderDevice")) == 1 else "CPU"
    if renderer == "redshift":
        return "GPU"
    return ""


def image_format(renderer: str, get: Getter) -> str:
    """The extension of the images the renderer writes, from the node that renderer reads it from."""
    if renderer == "arnold":
        return str(get("defaultArnoldDriver", "ai_translator") or "exr")
    if renderer == "redshift":
        code = _number(get("redshiftOptions", "imageFormat"))
        return "exr" if code is None else REDSHIFT_FORMATS.get(int(code), "")
    if renderer == "vray":
        return str(get("vraySettings", "imageFormatStr") or "exr")
    key = get(_RG, "imfPluginKey")
    code = _number(get(_RG, "imageFormat"))
    if code is None:
        return str(key) if key else "iff"  # Maya's default is 7 (iff)
    if int(code) == 51:
        return str(key or "")
    return IMAGE_FORMATS.get(int(code), str(int(code)))
