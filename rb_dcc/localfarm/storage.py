"""The user's storage areas: ``<data_dir>/storage/<storage>/<bid>-<userId>/<farm path>``.

Farm paths are POSIX and absolute (``/D/proj/tex/a.png``, see the protocol doc's path mapping).
Any path that is relative, holds ``..``, a backslash, a NUL or a drive colon, or resolves outside
its area is refused.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Dict, List, Optional

from .errors import PATH_REFUSED, PARAM_INVALID, FarmError

STORAGES = ("input", "config", "output")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return "sha256:" + h.hexdigest()


class Storage:
    def __init__(self, root: Path, bids: Dict[str, str], user_id: int):
        self.root = Path(root)
        self.areas = {
            "input": "%s-%d" % (bids["input_bid"], user_id),
            "config": "%s-%d" % (bids["config_bid"], user_id),
            "output": "%s-%d" % (bids["output_bid"], user_id),
        }
        for name in STORAGES:
            self.area_dir(name).mkdir(parents=True, exist_ok=True)
        (self.root / ".partial").mkdir(parents=True, exist_ok=True)
        self._area_strs = {name: str(self.area_dir(name)) for name in STORAGES}
        self._real_areas = {name: os.path.realpath(self._area_strs[name]) for name in STORAGES}

    def area_dir(self, storage: str) -> Path:
        if storage not in self.areas:
            raise FarmError(PARAM_INVALID, "storage must be one of %s, got %r" % ("/".join(STORAGES), storage), 400)
        return self.root / storage / self.areas[storage]

    def check_path(self, path: str, field: str = "path") -> str:
        """The normalised farm path, or FarmError (HTTP 403) naming why it is refused."""
        if not isinstance(path, str) or not path.startswith("/"):
            raise FarmError(PATH_REFUSED, "%s %r refused: farm paths are absolute and start with '/'" % (field, path), 403)
        if "\\" in path or "\x00" in path or ":" in path:
            raise FarmError(PATH_REFUSED, "%s %r refused: no backslashes, colons or NUL in farm paths" % (field, path), 403)
        parts = [p for p in path.split("/") if p not in ("", ".")]
        if any(p == ".." for p in parts):
            raise FarmError(PATH_REFUSED, "%s %r refused: '..' would leave the storage area" % (field, path), 403)
        return "/" + "/".join(parts)

    def local(self, storage: str, path: str, field: str = "path") -> Path:
        """The file behind a farm path; refused (403) if it or a symlink on the way leaves the area."""
        return Path(self.local_str(storage, path, field))

    def local_str(self, storage: str, path: str, field: str = "path", dir_cache: Optional[Dict[str, str]] = None,
                  checked: bool = False) -> str:
        """``local()`` as a plain string, for loops over many files.

        ``dir_cache`` (folder -> its real path) lets a caller checking many files of the same
        folders resolve each folder once; ``checked`` says ``path`` already went through ``check_path``.
        """
        clean = path if checked else self.check_path(path, field)
        if storage not in self._area_strs:
            self.area_dir(storage)  # raises the error that names the valid storages
        area = self._area_strs[storage]
        real_area = self._real_areas[storage]
        parts = [p for p in clean.split("/") if p]
        if not parts:
            return area
        target = os.path.join(area, *parts)
        folder = os.path.dirname(target)
        real_folder = dir_cache.get(folder) if dir_cache is not None else None
        if real_folder is None:
            real_folder = os.path.realpath(folder)
            if dir_cache is not None:
                dir_cache[folder] = real_folder
        real = os.path.join(real_folder, parts[-1])
        if os.path.islink(real):
            real = os.path.realpath(real)
        if real != real_area and not real.startswith(real_area + os.sep):
            raise FarmError(PATH_REFUSED, "%s %r refused: it resolves outside the %s area" % (field, path, storage), 403)
        return target

    def partial_file(self, storage: str, path: str) -> Path:
        key = hashlib.sha1(("%s:%s" % (storage, path)).encode("utf-8")).hexdigest()
        return self.root / ".partial" / key

    def write_bytes(self, storage: str, path: str, data: bytes) -> Dict[str, object]:
        target = self.local(storage, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
        return {"path": self.check_path(path), "size": len(data),
                "hash": "sha256:" + hashlib.sha256(data).hexdigest()}

    def listdir(self, storage: str, tree_path: str) -> Optional[List[dict]]:
        """Entries of one folder (None when it does not exist)."""
        folder = self.local(storage, tree_path, "treePath")
        if not folder.is_dir():
            return None
        base = self.check_path(tree_path, "treePath").rstrip("/")
        out = []
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.endswith(".tmp"):
                continue
            st = entry.stat()
            is_dir = entry.is_dir()
            ext = os.path.splitext(entry.name)[1].lstrip(".")
            out.append({
                "fileName": entry.name, "fileSize": None if is_dir else st.st_size, "iconPath": None,
                "lastModify": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(st.st_mtime)),
                "fileType": None if is_dir else (ext or None), "filePath": "%s/%s" % (base, entry.name),
                "directory": is_dir, "isArrears": 0,
            })
        return out

    def walk(self, storage: str, tree_path: str) -> List[Path]:
        folder = self.local(storage, tree_path, "treePath")
        if folder.is_file():
            return [folder]
        out = []
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith(".tmp"):
                    out.append(Path(dirpath) / name)
        return out

    def farm_path(self, storage: str, local: Path) -> str:
        rel = Path(local).relative_to(self.area_dir(storage))
        return "/" + "/".join(rel.parts)
