"""Scene description shared by every host: ``SceneSpec``, frame ranges, path tokens, path mapping."""

from .frames import FrameChunk, FrameRange, FrameRangeError
from .paths import PathMappingError, to_farm_path
from .spec import (
    Asset,
    AssetKind,
    Camera,
    Host,
    Plugin,
    Problem,
    RenderLayer,
    Resolution,
    SceneFileError,
    SceneSpec,
    Severity,
)

__all__ = [
    "Asset", "AssetKind", "Camera", "FrameChunk", "FrameRange", "FrameRangeError", "Host",
    "PathMappingError", "Plugin", "Problem", "RenderLayer", "Resolution", "SceneFileError",
    "SceneSpec", "Severity", "to_farm_path",
]
