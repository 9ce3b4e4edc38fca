"""Host adapters: ``<host>.live`` inside a host, ``<host>.scenefile`` on a file with no host.

``analyze_file(path)`` picks the file analyser by the file's extension and imports it only then.
"""

from __future__ import annotations

import importlib
import os

from ..scene import SceneFileError, SceneSpec

# extension -> host sub-package
SCENE_EXTENSIONS = {
    ".ma": "maya",
    ".mb": "maya",
    ".hip": "houdini",
    ".hipnc": "houdini",
    ".hiplc": "houdini",
    ".max": "max",
    ".blend": "blender",
}


def host_for_file(path: str) -> str:
    ext = os.path.splitext(str(path))[1].lower()
    try:
        return SCENE_EXTENSIONS[ext]
    except KeyError:
        raise SceneFileError(
            path,
            "unknown scene type %r; rb_dcc reads %s" % (ext or "(no extension)", ", ".join(sorted(SCENE_EXTENSIONS))),
        ) from None


def analyze_file(path: str) -> SceneSpec:
    """Analyse a scene file with the analyser of its host; raises ``SceneFileError``."""
    host = host_for_file(path)
    module = importlib.import_module("rb_dcc.adapters.%s.scenefile" % host)
    return module.analyze(str(path))
