"""Write a file so that a crash leaves either the old or the new content, never half of each.

The one place rb_dcc does this (settings, profiles, journals, job files, install records). Stdlib
only, so every package may import it.
"""

from __future__ import annotations

import os
import tempfile
from typing import Union

__all__ = ["write_atomic"]


def write_atomic(path: Union[str, "os.PathLike[str]"], data: Union[str, bytes], *, durable: bool = False,
                 mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Text is written as UTF-8 with ``\\n`` line ends. ``durable`` also fsyncs before the rename
    (for records that must survive a power cut, like a submission journal). The folder is created.
    """
    path = os.fspath(path)
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp makes the file private; these are the user's ordinary files
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
