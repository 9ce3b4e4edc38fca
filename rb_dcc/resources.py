"""Find files under the project's ``resources/`` folder (icons, style sheet, translations, catalogue)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_ENV = "RB_DCC_RESOURCES"


def resources_dir() -> Path:
    """The folder that holds rb_dcc's resources.

    ``RB_DCC_RESOURCES`` wins; then the ``resources/`` beside the package (a checkout or an
    editable install); then ``<prefix>/share/rb_dcc/resources`` for a wheel install.
    """
    candidates = []
    if os.environ.get(_ENV):
        candidates.append(Path(os.environ[_ENV]))
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    candidates.append(Path(sys.prefix) / "share" / "rb_dcc" / "resources")
    for folder in candidates:
        if folder.is_dir():
            return folder
    raise FileNotFoundError(
        "rb_dcc's resources folder was not found (looked in: %s); set %s to its path"
        % (", ".join(str(c) for c in candidates), _ENV)
    )


def resource_path(*parts: str) -> Path:
    """The path of one resource, e.g. ``resource_path("catalogue", "software.json")``."""
    return resources_dir().joinpath(*parts)
