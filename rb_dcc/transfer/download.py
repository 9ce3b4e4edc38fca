"""Downloading a task's outputs into a chosen folder, now or as frames finish (``follow``)."""

from __future__ import annotations

import ipaddress
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional

from .base import DownloadReport, ProgressCallback, TransferBackend, TransferCancelled, TransferError

__all__ = ["DownloadResult", "download_outputs", "backend_for", "is_loopback_domain", "output_roots"]

log = logging.getLogger(__name__)


@dataclass
class DownloadResult(DownloadReport):
    task_id: int = 0
    dest_dir: str = ""
    roots: List[str] = field(default_factory=list)  # "/<outputFileName>" folders fetched
    finished: bool = False  # the task reached a final status


def is_loopback_domain(domain: str) -> bool:
    host = domain.rsplit(":", 1)[0] if domain.count(":") == 1 else domain
    host = host.strip("[]")
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def backend_for(client: Any, **kwargs: Any) -> TransferBackend:
    """The transfer backend for a client: the local farm's HTTP transfer for a loopback farm (or
    ``RB_DCC_TRANSFER=localfarm``; ``RB_DCC_TRANSFER_WORKERS`` sets its parallel connections),
    else the service's transfer engine."""
    choice = os.environ.get("RB_DCC_TRANSFER", "").strip().lower()
    if choice == "localfarm" or (not choice and is_loopback_domain(str(client.domain))):
        from .localfarm_http import LocalFarmTransfer

        workers = os.environ.get("RB_DCC_TRANSFER_WORKERS", "").strip()
        if workers.isdigit() and int(workers) > 0 and "workers" not in kwargs:
            kwargs["workers"] = min(int(workers), 32)
        return LocalFarmTransfer.for_client(client, **kwargs)
    from .transmitter import TransmitterBackend

    return TransmitterBackend.from_client(client)


def _leaves(task: Any) -> List[Any]:
    children = getattr(task, "resp_rendering_task_list", None) or []
    if not children:
        return [task]
    out = []
    for child in children:
        out.extend(_leaves(child))
    return out


def _task(client: Any, task_id: int) -> Any:
    page = client.query.task_info([int(task_id)])
    items = getattr(page, "items", None)
    if items is None and isinstance(page, list):
        items = page
    for item in items or []:
        if int(getattr(item, "id", 0) or 0) == int(task_id):
            return item
    if items:
        return items[0]
    from ..api.errors import NotFoundError

    raise NotFoundError("task %s does not exist" % task_id, endpoint="/api/render/handle/queryTaskInfo/v2")


def _is_terminal(status: Any) -> bool:
    from ..api.status import TaskStatus

    try:
        return TaskStatus(int(status)).is_terminal
    except (TypeError, ValueError):
        return False


def output_roots(task: Any) -> List[str]:
    """The output folders ("/<outputFileName>") of a task and its layer/ROP children."""
    roots = []
    for leaf in _leaves(task):
        name = getattr(leaf, "output_file_name", None) or ""
        if name:
            root = "/" + str(name).strip("/")
            if root not in roots:
                roots.append(root)
    return roots


def download_outputs(client: Any, task_id: int, dest_dir: str,
                     on_progress: Optional[ProgressCallback] = None,
                     cancel: Optional[threading.Event] = None, *,
                     follow: bool = False, poll_s: float = 5.0,
                     backend: Optional[TransferBackend] = None,
                     on_round: Optional[Callable[[DownloadResult], None]] = None) -> DownloadResult:
    """Download every output file of ``task_id`` into ``dest_dir/<outputFileName>/...``.

    Files already complete and verified on disk are skipped; a partial file resumes. With
    ``follow`` the call keeps polling the task and fetches frames as they finish, returning when
    the task reaches a final status. Paths from the farm that would land outside ``dest_dir`` are
    refused and listed in ``result.refused``.
    """
    own = backend is None
    if backend is None:
        backend = backend_for(client)
    result = DownloadResult(task_id=int(task_id), dest_dir=os.path.abspath(dest_dir))
    refused = set()
    last_total = {}
    try:
        while True:
            if cancel is not None and cancel.is_set():
                raise TransferCancelled("download cancelled")
            task = _task(client, task_id)
            finished = all(_is_terminal(getattr(t, "task_status", None)) for t in [task] + _leaves(task))
            for root in output_roots(task):
                if root not in result.roots:
                    result.roots.append(root)
                try:
                    rep = backend.download_tree(root, dest_dir, on_progress=on_progress, cancel=cancel)
                except TransferError as exc:
                    if not follow or finished:
                        raise
                    log.debug("download of %s not ready yet: %s", root, exc)
                    continue
                last_total[root] = rep.files_total - len(rep.refused)
                result.files_downloaded += rep.files_downloaded
                result.bytes_downloaded += rep.bytes_downloaded
                result.written.extend(rep.written)
                for item in rep.refused:
                    if item not in refused:
                        refused.add(item)
                        result.refused.append(item)
            result.files_total = sum(last_total.values())
            result.files_skipped = max(result.files_total - len(set(result.written)), 0)
            if on_round is not None:
                on_round(result)
            if not follow or finished:
                result.finished = finished
                return result
            deadline = time.monotonic() + poll_s
            while time.monotonic() < deadline:
                if cancel is not None and cancel.wait(0.1):
                    raise TransferCancelled("download cancelled")
                if cancel is None:
                    time.sleep(0.1)
    finally:
        if own:
            backend.close()
