"""Install the host integration files (``hosts/<host>/``) into a host's user preferences.

``plan(target)`` renders every file for one host, with the path of this rb_dcc written into it;
``install(plan)`` writes what differs (idempotent) and keeps a record of what it added
(``rb_dcc-install.json`` inside rb_dcc's own folder there); ``uninstall(target)`` removes exactly
what the record lists — files the artist changed since are kept and named — and the folders the
install created, once empty.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple

import rb_dcc

from .layout import Target
from .._atomic import write_atomic

__all__ = [
    "InstallError",
    "Plan",
    "PlannedFile",
    "Step",
    "RECORD_NAME",
    "hosts_dir",
    "install",
    "plan",
    "rb_dcc_path",
    "record_path",
    "render_python_paths",
    "uninstall",
]

RECORD_NAME = "rb_dcc-install.json"
_PATHS_LINE = re.compile(r"^RB_DCC_PATHS = \[.*\].*$", re.M)


class InstallError(RuntimeError):
    """The install could not be done; the message names the file and what to do."""


class PlannedFile(NamedTuple):
    rel: str  # path relative to the target's base folder, with '/'
    data: bytes


class Plan(NamedTuple):
    target: Target
    rb_dcc_path: str
    files: List[PlannedFile]
    own_dir: str  # rb_dcc's own folder (relative), which holds the record


class Step(NamedTuple):
    action: str  # created | updated | unchanged | removed | kept (changed by you) | missing
    path: Path


# ------------------------------------------------------------------------------------- sources
def rb_dcc_path() -> str:
    """The folder that holds the ``rb_dcc`` package (a checkout, or site-packages)."""
    return str(Path(rb_dcc.__file__).resolve().parent.parent)


def hosts_dir() -> Path:
    """``hosts/`` beside the package (a checkout), or ``$RB_DCC_HOSTS``."""
    env = os.environ.get("RB_DCC_HOSTS", "").strip()
    candidates = [Path(env)] if env else []
    candidates.append(Path(rb_dcc_path()) / "hosts")
    for folder in candidates:
        if (folder / "maya").is_dir() and (folder / "blender").is_dir():
            return folder
    raise InstallError(
        "the host integration files (hosts/) were not found in %s; set RB_DCC_HOSTS to the hosts folder of an rb_dcc checkout"
        % ", ".join(str(c) for c in candidates)
    )


def _icon() -> Optional[bytes]:
    try:
        from rb_dcc.resources import resource_path

        return resource_path("icons", "app.svg").read_bytes()
    except (OSError, FileNotFoundError):
        return None


def render_python_paths(text: str, paths: List[str]) -> str:
    """Write ``RB_DCC_PATHS = [...]`` (the one line bootstraps read) into a Python source."""
    if not _PATHS_LINE.search(text):
        raise InstallError("the bootstrap has no 'RB_DCC_PATHS = [...]' line to write rb_dcc's path into")
    line = "RB_DCC_PATHS = %r  # written by rb-dcc install: the folder that holds rb_dcc" % (list(paths),)
    return _PATHS_LINE.sub(lambda _m: line, text, count=1)


def _tokens(text: str, values: Dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("@%s@" % key, value)
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise InstallError("unfilled placeholder(s) %s in a host file" % ", ".join(sorted(set(left))))
    return text


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InstallError("cannot read %s: %s" % (path, exc)) from None


def _json_str(value: str) -> str:
    return json.dumps(value)[1:-1]


# ------------------------------------------------------------------------------------ the plan
def plan(target: Target, rb_path: Optional[str] = None) -> Plan:
    """Every file to install for ``target``, rendered for the rb_dcc at ``rb_path`` (default: this one)."""
    src = hosts_dir()
    rb_path = rb_path or rb_dcc_path()
    base = target.base
    version = rb_dcc.__version__
    icon = _icon()
    files: List[PlannedFile] = []
    if target.host == "maya":
        # the module folder is given relative to the .mod file ("./rb_dcc"): no trouble with spaces in the home path
        mod = _tokens(_read(src / "maya" / "rb_dcc.mod"), {"VERSION": version, "RB_DCC_PATH": rb_path})
        files.append(PlannedFile("rb_dcc.mod", mod.encode("utf-8")))
        files.append(PlannedFile("rb_dcc/scripts/userSetup.py", (src / "maya" / "scripts" / "userSetup.py").read_bytes()))
        if icon:
            files.append(PlannedFile("rb_dcc/icons/renderbus.svg", icon))
        own = "rb_dcc"
    elif target.host == "houdini":
        package_dir = (base / "rb_dcc").as_posix()
        pkg = _tokens(_read(src / "houdini" / "packages" / "rb_dcc.json"), {
            "PACKAGE_DIR": _json_str(package_dir), "RB_DCC_PATH": _json_str(Path(rb_path).as_posix()),
        })
        files.append(PlannedFile("rb_dcc.json", pkg.encode("utf-8")))
        for rel in ("MainMenuCommon.xml", "toolbar/rb_dcc.shelf"):
            files.append(PlannedFile("rb_dcc/" + rel, (src / "houdini" / "rb_dcc" / rel).read_bytes()))
        if icon:
            files.append(PlannedFile("rb_dcc/icons/renderbus.svg", icon))
        own = "rb_dcc"
    elif target.host == "max":
        script = render_python_paths(_read(src / "max" / "startup" / "rb_dcc_startup.py"), [rb_path])
        files.append(PlannedFile("startup/rb_dcc_startup.py", script.encode("utf-8")))
        own = "rb_dcc"
    elif target.host == "blender":
        folder = "extensions/user_default/renderbus" if target.kind == "extension" else "scripts/addons/renderbus"
        for name, data in blender_files(rb_paths=[rb_path]):
            files.append(PlannedFile("%s/%s" % (folder, name), data))
        own = folder
    else:
        raise InstallError("unknown host %r" % target.host)
    return Plan(target, rb_path, files, own)


def blender_files(rb_paths: List[str], version: Optional[str] = None) -> List[Tuple[str, bytes]]:
    """The add-on/extension folder's files (name relative to the folder, content)."""
    src = hosts_dir() / "blender" / "renderbus"
    version = version or rb_dcc.__version__
    out = []
    for path in sorted(src.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        rel = path.relative_to(src).as_posix()
        data = path.read_bytes()
        if rel == "_location.py":
            data = render_python_paths(data.decode("utf-8"), rb_paths).encode("utf-8")
        elif rel == "blender_manifest.toml":
            text = re.sub(r'(?m)^version = ".*"$', 'version = "%s"' % version, data.decode("utf-8"), count=1)
            data = text.encode("utf-8")
        elif rel == "__init__.py":
            parts = tuple(int(p) for p in re.findall(r"\d+", version)[:3])
            text = re.sub(r'"version": \([^)]*\)', '"version": %r' % (parts,), data.decode("utf-8"), count=1)
            data = text.encode("utf-8")
        out.append((rel, data))
    return out


# ------------------------------------------------------------------------------- apply / undo
def record_path(target: Target, own_dir: Optional[str] = None) -> Path:
    if own_dir is None:
        own_dir = {"blender": "extensions/user_default/renderbus" if target.kind == "extension" else "scripts/addons/renderbus"}.get(
            target.host, "rb_dcc"
        )
    return target.base / own_dir / RECORD_NAME


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_record(path: Path) -> Optional[dict]:
    try:
        with open(path, "r", encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise InstallError("the install record %s cannot be read (%s); remove the rb_dcc files there by hand" % (path, exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise InstallError("the install record %s is not one rb-dcc wrote; remove the rb_dcc files there by hand" % path)
    return data


def _missing_dirs(base: Path, rel: str) -> List[str]:
    """Folders on the way to ``base/rel`` that do not exist yet (relative to base; base's own parents too)."""
    out = []
    path = (base / rel).parent
    while not path.exists():
        out.append(path)
        if path.parent == path:
            break
        path = path.parent
    return [os.path.relpath(str(p), str(base)).replace(os.sep, "/") for p in out]


def install(p: Plan, dry_run: bool = False) -> List[Step]:
    """Write the planned files that differ from what is on disk, then the record. Idempotent."""
    base = p.target.base
    rec_path = base / p.own_dir / RECORD_NAME
    old = _read_record(rec_path) or {}
    created_dirs = list(old.get("dirs", []))
    steps: List[Step] = []
    files: Dict[str, str] = {}
    for f in p.files:
        dest = base / f.rel
        for d in _missing_dirs(base, f.rel):
            if d not in created_dirs:
                created_dirs.append(d)
        try:
            current = dest.read_bytes() if dest.is_file() else None
        except OSError:
            current = None
        if current == f.data:
            steps.append(Step("unchanged", dest))
        else:
            steps.append(Step("updated" if current is not None else "created", dest))
            if not dry_run:
                try:
                    write_atomic(dest, f.data)  # 0644: the host reads it as the user
                except OSError as exc:
                    raise InstallError("cannot write %s: %s" % (dest, exc)) from None
        files[f.rel] = _sha(f.data)
    # files an earlier install added that this one no longer has (e.g. a dropped icon)
    for rel, digest in sorted(old.get("files", {}).items()):
        if rel not in files:
            steps.extend(_remove_file(base, rel, digest, dry_run))
    for d in _missing_dirs(base, p.own_dir + "/" + RECORD_NAME):
        if d not in created_dirs:
            created_dirs.append(d)
    record = {
        "rb_dcc": rb_dcc.__version__,
        "rb_dcc_path": p.rb_dcc_path,
        "host": p.target.host,
        "version": p.target.version,
        "files": files,
        "dirs": _deepest_first(base, created_dirs),
    }
    data = (json.dumps(record, indent=2, sort_keys=True) + "\n").encode("utf-8")
    if not dry_run:
        try:
            same = rec_path.read_bytes() == data
        except OSError:
            same = False
        if not same:
            write_atomic(rec_path, data)
    return steps


def _remove_file(base: Path, rel: str, digest: str, dry_run: bool) -> List[Step]:
    path = base / rel
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        return [Step("missing", path)]
    except OSError as exc:
        raise InstallError("cannot read %s: %s" % (path, exc)) from None
    if _sha(current) != digest:
        return [Step("kept (changed by you)", path)]
    if not dry_run:
        try:
            path.unlink()
        except OSError as exc:
            raise InstallError("cannot remove %s: %s" % (path, exc)) from None
    return [Step("removed", path)]


def _deepest_first(base: Path, dirs: List[str]) -> List[str]:
    def depth(rel: str) -> int:
        return len(Path(os.path.normpath(str(base / rel))).parts)

    return sorted(set(dirs), key=lambda d: (-depth(d), d))


def _remove_bytecode(base: Path, files: Dict[str, str]) -> None:
    """The ``__pycache__/<stem>.*.pyc`` a host compiled from our Python files (nothing else)."""
    for rel in files:
        if not rel.endswith(".py"):
            continue
        src = base / rel
        cache = src.parent / "__pycache__"
        for pyc in cache.glob("%s.*.pyc" % src.stem) if cache.is_dir() else []:
            try:
                pyc.unlink()
            except OSError:
                pass
        try:
            cache.rmdir()
        except OSError:
            pass


def uninstall(target: Target, dry_run: bool = False) -> Tuple[List[Step], bool]:
    """Remove what the record lists. Returns (steps, whether a record was found)."""
    rec_path = record_path(target)
    record = _read_record(rec_path)
    if record is None:
        return [], False
    base = target.base
    steps: List[Step] = []
    for rel, digest in sorted(record["files"].items()):
        steps.extend(_remove_file(base, rel, str(digest), dry_run))
    if not dry_run:
        try:
            rec_path.unlink()
        except OSError as exc:
            raise InstallError("cannot remove %s: %s" % (rec_path, exc)) from None
        _remove_bytecode(base, record["files"])
        for rel in _deepest_first(base, record.get("dirs", [])):
            folder = Path(os.path.normpath(str(base / rel)))
            try:
                folder.rmdir()  # only when empty: anything the artist added stays
            except OSError:
                continue
            steps.append(Step("removed", folder))
    return steps, True
