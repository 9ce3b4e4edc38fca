"""The submission journal: one JSON file per submission, rewritten atomically after every step.

It holds what is needed to finish the submission in another process: the scene spec, the
settings, the chosen env and hardware, the farm (domain, platform, access id — never the key),
the task id once created, and which steps are done. ``create_task`` is bracketed by two writes
("creating" before, the id after), so a crash in between is recognised as ambiguous and resolved
by looking for the task instead of creating another.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from typing import Any, Dict, List, Optional
from .._atomic import write_atomic

__all__ = ["Journal", "data_dir", "journal_dir", "list_journals"]

VERSION = 1


def data_dir() -> str:
    override = os.environ.get("RB_DCC_DATA_DIR")
    if override:
        return override
    import platformdirs

    return platformdirs.user_data_dir("rb_dcc", appauthor=False)


def journal_dir() -> str:
    return os.path.join(data_dir(), "submissions")


class Journal:
    """A dict persisted to ``path``; ``save()`` writes it atomically (temp file, fsync, rename)."""

    def __init__(self, path: str, data: Dict[str, Any]):
        self.path = path
        self.data = data

    @classmethod
    def create(cls, folder: Optional[str], initial: Dict[str, Any]) -> "Journal":
        folder = folder or journal_dir()
        os.makedirs(folder, exist_ok=True)
        sid = time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:8]
        data = {"version": VERSION, "id": sid, "created": time.time(), "state": "new", "steps": {},
                "task_id": None, "alias": None}
        data.update(initial)
        j = cls(os.path.join(folder, sid + ".json"), data)
        j.save()
        return j

    @classmethod
    def load(cls, path: str) -> "Journal":
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise ValueError("%s is not an rb_dcc submission journal (version %r)" % (path, data.get("version")
                                                                                      if isinstance(data, dict) else None))
        return cls(path, data)

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def folder(self) -> str:
        """A folder beside the journal for this submission's job files."""
        return os.path.splitext(self.path)[0]

    def save(self) -> None:
        self.data["updated"] = time.time()
        write_atomic(self.path, json.dumps(self.data, ensure_ascii=False, indent=1), durable=True)

    def mark(self, step: str, **values: Any) -> None:
        """Record ``step`` as done (with a time) plus any values, and save."""
        self.data["steps"][step] = time.time()
        self.data.update(values)
        self.save()

    def done(self, step: str) -> bool:
        return step in self.data["steps"]

    def set(self, **values: Any) -> None:
        self.data.update(values)
        self.save()


def list_journals(folder: Optional[str] = None, unfinished_only: bool = True) -> List[Journal]:
    """Journals in ``folder`` (newest first), by default only those not finished."""
    folder = folder or journal_dir()
    out = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        if not name.endswith(".json"):
            continue
        try:
            j = Journal.load(os.path.join(folder, name))
        except (OSError, ValueError):
            continue
        if unfinished_only and j.data.get("state") == "done":
            continue
        out.append(j)
    out.sort(key=lambda j: j.data.get("created", 0), reverse=True)
    return out
