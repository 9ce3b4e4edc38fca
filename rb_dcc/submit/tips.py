"""Analysis tips: our ``Problem`` s mapped to the service's tip codes, explained by the farm.

The service keeps the text of each tip code (description, solution, whether it blocks) behind the
error-detail endpoint (§8 ``queryAnalyseErrorDetail``). We ask once per code and language and keep
the answers in the user cache dir for a week, so validation stays fast and works offline after
the first time.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any, Dict, Iterable, List, Optional

from ..transfer.hashcache import cache_dir
from .._atomic import write_atomic

__all__ = ["TipText", "TipCatalogue"]

log = logging.getLogger(__name__)
TTL_S = 7 * 86400


@dataclass(frozen=True)
class TipText:
    code: str
    blocking: bool  # type 1 = error: the service refuses the job
    description: str
    solution: str = ""
    link: str = ""


def _get(obj: Any, *names: str) -> Any:
    for name in names:
        if isinstance(obj, dict):
            if name in obj and obj[name] not in (None, ""):
                return obj[name]
        else:
            value = getattr(obj, name, None)
            if value not in (None, ""):
                return value
            extra = getattr(obj, "model_extra", None) or {}
            if extra.get(name) not in (None, ""):
                return extra[name]
    return None


class TipCatalogue:
    """Texts of tip codes, from a disk cache or the farm (``client.query.error_detail``)."""

    _memory: Dict[str, Dict[str, Any]] = {}
    _lock = threading.Lock()

    def __init__(self, client: Any, language: int = 1, path: Optional[str] = None):
        self.client = client
        self.language = int(language)
        domain = str(getattr(client, "domain", "farm")).replace(":", "_").replace("/", "_")
        self.path = path or os.path.join(cache_dir(), "tips-%s-%d.json" % (domain, self.language))

    def _load(self) -> Dict[str, Any]:
        with self._lock:
            if self.path in self._memory:
                return self._memory[self.path]
            data: Dict[str, Any] = {}
            try:
                with open(self.path, encoding="utf-8") as fh:
                    data = json.load(fh)
            except (OSError, ValueError):
                data = {}
            self._memory[self.path] = data
            return data

    def _save(self, data: Dict[str, Any]) -> None:
        try:
            write_atomic(self.path, json.dumps(data, ensure_ascii=False))
        except OSError as exc:  # a cache that cannot be written is not worth failing over
            log.debug("tip cache not written: %s", exc)

    def explain(self, codes: Iterable[str]) -> Dict[str, TipText]:
        """Texts for ``codes``; codes the farm does not know are left out."""
        wanted = sorted({str(c) for c in codes if c})
        data = self._load()
        now = time.time()
        missing = [c for c in wanted if c not in data or now - data[c].get("_at", 0) > TTL_S]
        if missing:
            try:
                details = self.client.query.error_detail(codes=missing, language=self.language) or []
            except Exception as exc:  # offline or refused: use what the cache has
                log.debug("error details not fetched: %s", exc)
                details = []
            if isinstance(details, dict):
                details = details.get("items") or [details]
            for d in details:
                code = str(_get(d, "code") or "")
                if not code:
                    continue
                data[code] = {
                    "code": code,
                    "blocking": str(_get(d, "type")) == "1",
                    "description": str(_get(d, "des_description_cn", "desDescriptionCn", "description") or ""),
                    "solution": str(_get(d, "des_solution_cn", "desSolutionCn", "solution") or ""),
                    "link": str(_get(d, "solution_path", "solutionPath") or ""),
                    "_at": now,
                }
            if details:
                with self._lock:
                    self._save(data)
        return {c: TipText(**{k: v for k, v in data[c].items() if not k.startswith("_")}) for c in wanted if c in data}

    @staticmethod
    def as_dict(tip: TipText) -> Dict[str, Any]:
        return asdict(tip)


def tip_messages(tips: Dict[str, List[str]], texts: Dict[str, TipText]) -> List[str]:
    """Readable lines for a tips.json dict."""
    out = []
    for code, items in sorted(tips.items()):
        t = texts.get(code)
        head = t.description if t and t.description else "tip %s" % code
        out.append("%s: %s" % (head, ", ".join(items)))
    return out
