"""``SceneSpec``: everything the farm needs to know about one scene, whoever collected it.

Live adapters (inside a host) and file analysers (no host) both produce it; matching, the job
files, the panel and the CLI only ever read it. Models keep unknown fields out (``extra="forbid"``)
so a typo in an adapter fails its tests instead of silently dropping data.
"""

from __future__ import annotations

from enum import Enum
from typing import List, Optional

from pydantic import BaseModel, ConfigDict, Field

from .frames import FrameRange

__all__ = [
    "Host",
    "AssetKind",
    "Severity",
    "Asset",
    "Plugin",
    "Camera",
    "RenderLayer",
    "Problem",
    "Resolution",
    "SceneSpec",
    "SceneFileError",
]


class SceneFileError(Exception):
    """A scene file that cannot be analysed. ``str()`` names the file and what is wrong."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__("%s: %s" % (self.path, reason))


class Host(str, Enum):
    MAYA = "maya"
    HOUDINI = "houdini"
    MAX = "max"
    BLENDER = "blender"

    @property
    def cg_id(self) -> int:
        """Renderbus software id (protocol doc §g): Maya 2000, 3ds Max 2001, Houdini 2004, Blender 2007."""
        return {"maya": 2000, "max": 2001, "houdini": 2004, "blender": 2007}[self.value]

    @property
    def label(self) -> str:
        return {"maya": "Maya", "max": "3ds Max", "houdini": "Houdini", "blender": "Blender"}[self.value]


class AssetKind(str, Enum):
    TEXTURE = "texture"
    CACHE = "cache"  # alembic, bgeo, vdb sequences, point caches, gpuCache
    REFERENCE = "reference"  # Maya file references, Max XRefs
    LIBRARY = "library"  # Blender linked libraries
    HDA = "hda"
    VOLUME = "volume"
    PROXY = "proxy"  # aiStandIn, RS proxy, VRayMesh
    SOUND = "sound"
    MOVIE = "movie"
    FONT = "font"
    IES = "ies"
    COLOR = "color"  # OCIO configs, LUTs
    SCRIPT = "script"
    OTHER = "other"


class Severity(str, Enum):
    ERROR = "error"  # blocks submission
    WARNING = "warning"  # the artist should look, may submit
    NOTICE = "notice"  # for information


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_enum_values=False)


class Asset(_Model):
    """One external file (or set of files) the scene reads."""

    path: str = Field(description="the path exactly as written in the scene")
    resolved: List[str] = Field(
        default_factory=list,
        description="absolute local path(s): a sequence or UDIM set expands to each existing file",
    )
    kind: AssetKind = AssetKind.OTHER
    node: str = Field("", description="node / parm / attribute that holds the path, e.g. 'file1.fileTextureName'")
    exists: bool = False
    missing: List[str] = Field(default_factory=list, description="resolved paths that do not exist")
    size: int = Field(0, description="bytes on disk, all resolved files together")
    packed: bool = Field(False, description="stored inside the scene file (Blender packed data)")
    sequence: bool = Field(False, description="the path holds frame or UDIM tokens")
    note: str = Field("", description="why a path could not be resolved (unknown variable, Windows path here...)")


class Plugin(_Model):
    name: str
    version: str = ""
    required: bool = True


class Camera(_Model):
    name: str
    renderable: bool = False


class Resolution(_Model):
    width: int = 0
    height: int = 0
    percentage: int = 100


class RenderLayer(_Model):
    """A Maya render layer, a Houdini ROP, a Blender view layer, a Max render pass."""

    name: str
    kind: str = Field("layer", description="'layer', 'rop', 'view_layer' or 'pass'")
    renderable: bool = True
    renderer: str = ""
    node_type: str = ""
    frames: Optional[FrameRange] = None
    cameras: List[str] = Field(default_factory=list)
    output: str = ""
    image_format: str = ""


class Problem(_Model):
    severity: Severity
    message: str
    code: str = Field("", description="Renderbus tip code where one exists (e.g. '10012' missing file)")
    fix: str = Field("", description="what the artist can do")
    ref: str = Field("", description="node or file the problem is about")


class SceneSpec(_Model):
    host: Host
    host_version: str = Field("", description="as precise as the source says, e.g. '2025ff03', '20.5.278', '4.2.3'")
    scene_path: str = ""
    project_path: str = ""
    renderer: str = ""
    renderer_version: str = ""
    render_device: str = Field("", description="'CPU' or 'GPU' where the scene says (Cycles device, Arnold GPU...); '' unknown")
    plugins: List[Plugin] = Field(default_factory=list)
    frames: Optional[FrameRange] = None
    fps: Optional[float] = None
    cameras: List[Camera] = Field(default_factory=list)
    layers: List[RenderLayer] = Field(default_factory=list)
    output_pattern: str = ""
    image_format: str = ""
    resolution: Resolution = Field(default_factory=Resolution)
    assets: List[Asset] = Field(default_factory=list)
    problems: List[Problem] = Field(default_factory=list)
    analyser: str = Field("", description="who produced this: 'maya.scenefile', 'blender.live', ...")

    # convenience ----------------------------------------------------------------------------
    @property
    def cg_id(self) -> int:
        return Host(self.host).cg_id

    @property
    def renderable_cameras(self) -> List[str]:
        return [c.name for c in self.cameras if c.renderable]

    @property
    def missing_assets(self) -> List[Asset]:
        return [a for a in self.assets if not a.exists and not a.packed]

    @property
    def total_asset_bytes(self) -> int:
        return sum(a.size for a in self.assets)

    def plugin_version(self, name: str) -> Optional[str]:
        for p in self.plugins:
            if p.name.lower() == name.lower():
                return p.version
        return None

    def warn(self, message: str, *, fix: str = "", ref: str = "", code: str = "") -> None:
        self.problems.append(Problem(severity=Severity.WARNING, message=message, fix=fix, ref=ref, code=code))

    def error(self, message: str, *, fix: str = "", ref: str = "", code: str = "") -> None:
        self.problems.append(Problem(severity=Severity.ERROR, message=message, fix=fix, ref=ref, code=code))

    def notice(self, message: str, *, fix: str = "", ref: str = "", code: str = "") -> None:
        self.problems.append(Problem(severity=Severity.NOTICE, message=message, fix=fix, ref=ref, code=code))
