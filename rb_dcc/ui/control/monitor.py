"""The Monitor tab's brain: task list, filters, details, actions, downloads. No Qt in here.

Everything that talks to the farm or the disk runs through the runner (``rb_dcc.ui.runner``);
results come back as plain data and the controller tells its listeners through ``Event`` s.
The widgets only bind to this object; tests drive it directly or through the widgets.
"""

from __future__ import annotations

import gc
import os
from typing import Any, Dict, List, Optional

from pydantic import BaseModel, ConfigDict

from ..errors import ErrorInfo
from ..i18n import tr
from ..observable import Event

# Status groups of the filter box: (key, English label, codes or None for all).
STATUS_GROUPS = (
    ("all", "All tasks", None),
    ("active", "Waiting or rendering", (0, 5, 8, 50, 60, 100)),
    ("done", "Done", (25,)),
    ("failed", "Failed or with failed frames", (30, 45, 65)),
    ("stopped", "Stopped or abandoned", (10, 15, 20, 23, 35, 40, 70)),
)

# action -> (English verb for messages, needs confirmation)
ACTIONS = {
    "stop": ("Stop", False),
    "start": ("Start", False),
    "abandon": ("Abandon", True),
    "delete": ("Delete", True),
    "retry_failed": ("Retry failed frames", False),
    "retry_selected": ("Retry selected frames", False),
    "full_speed": ("Full speed", False),
    "priority": ("Change priority", False),
    "hardware": ("Change hardware", False),
}


class FrameRow(BaseModel):
    """A row of the frames table: the farm's ``Frame`` and the layer (sub-task) it belongs to."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)
    frame: Any
    layer: str = ""

    @property
    def id(self) -> int:
        return self.frame.id


def task_matches(task: Any, text: str) -> bool:
    """Local text filter: id, alias, scene, layer, project (children count for their parent)."""
    if not text:
        return True
    needle = text.lower()
    for t in [task] + list(getattr(task, "resp_rendering_task_list", None) or []):
        hay = " ".join(str(x) for x in (t.id, t.task_alias, t.scene_name, getattr(t, "layer_name", None),
                                        getattr(t, "project_name", None)) if x)
        if needle in hay.lower():
            return True
    return False


def _progress(task) -> float:
    total = task.total_frames or 0
    return (task.done_frames or 0) / total if total else 0.0


# how each column of the task table sorts (keys are the TaskModel column keys)
SORT_KEYS = {
    "id": lambda t: t.id or 0,
    "scene": lambda t: (getattr(t, "layer_name", None) or t.scene_name or "").lower(),
    "status": lambda t: int(t.task_status or 0),
    "progress": _progress,
    "frames": lambda t: (t.done_frames or 0, t.total_frames or 0),
    "cost": lambda t: float(t.render_consume or 0.0),
    "submitted": lambda t: t.submit_date or 0,
    "duration": lambda t: float(t.render_duration or 0.0),
}


def _changed(a: Any, b: Any) -> bool:
    """True when a task's progress moved between two refreshes."""
    keys = ("task_status", "done_frames", "failed_frames", "executing_frames", "abort_frames")
    if any(getattr(a, k, None) != getattr(b, k, None) for k in keys):
        return True
    ka, kb = a.resp_rendering_task_list or [], b.resp_rendering_task_list or []
    return len(ka) != len(kb) or any(_changed(x, y) for x, y in zip(ka, kb))


def _release(old: List[Any]) -> None:
    """Drop the last references to thousands of task objects a slice at a time: freeing them all
    in one C call would hold the interpreter lock (and so the GUI thread) for tens of ms."""
    while old:
        item = old.pop()
        if isinstance(item, list):
            while item:
                del item[-256:]
        elif isinstance(item, dict):
            item.clear()


class MonitorController:
    TASKS = "tasks"

    def __init__(self, runner, client=None, *, page_size: int = 50, limit: int = 500,
                 download_root: Optional[str] = None, rows_per_page: int = 200):
        self.runner = runner
        self.client = client
        self.page_size = page_size  # tasks per request
        self.limit = limit  # tasks loaded at most; None: every task
        self.rows_per_page = rows_per_page  # tasks shown at once
        # Standalone only: move loaded tasks out of the garbage collector's sight (gc.freeze), so
        # that a full collection, which holds the interpreter lock, does not scan thousands of
        # them and stall the GUI thread. Tasks hold no reference cycles; they are still freed.
        self.freeze_gc = False
        self.page = 0
        self.sort_key = "submitted"
        self.sort_desc = True
        self.download_root = download_root or os.path.join(os.path.expanduser("~"), "Renderbus Downloads")

        self.tasks: List[Any] = []  # as loaded (server filter applied)
        self.visible: List[Any] = []  # after the local text/status filter, sorted
        self._releases = 0
        self._by_id: Dict[int, Any] = {}  # every loaded task and sub-task by id
        self._status_by_id: Dict[int, int] = {}
        self.more_available = False
        self.status_group = "all"
        self.text = ""
        self.loading = False
        self.error: Optional[ErrorInfo] = None
        self.message = ""  # the last action's outcome, shown in the status line
        self.message_tone = "idle"

        self.selected_id: Optional[int] = None
        self.frames: List[Any] = []
        self.frames_error: Optional[ErrorInfo] = None
        self.log_lines: List[str] = []
        self.thumbnail: Optional[bytes] = None
        self.progress_image: Optional[bytes] = None
        self.hardware: List[Any] = []
        self.pending: Optional[Dict[str, Any]] = None  # an action waiting for "yes, do it"
        self.downloads: Dict[int, Dict[str, Any]] = {}  # task id -> {"event", "result", "error", "dest"}

        self.tasks_changed = Event()
        self.state_changed = Event()  # loading / error / message
        self.details_changed = Event()  # frames of the selected task
        self.log_changed = Event()
        self.images_changed = Event()
        self.confirm_needed = Event()  # (question)
        self.task_finished = Event()  # (task, failed: bool)
        self.download_changed = Event()  # (task_id)
        self.hardware_changed = Event()

    # --- client -------------------------------------------------------------------------------
    def set_client(self, client) -> None:
        self.client = client
        self.tasks, self.visible, self.frames = [], [], []
        self._by_id, self._status_by_id = {}, {}
        self.selected_id = None
        self.error = None
        self.tasks_changed.emit()
        self.details_changed.emit()
        self.refresh()

    @property
    def farm_name(self) -> str:
        return getattr(self.client, "domain", "") or tr("the farm")

    # --- the task list ------------------------------------------------------------------------
    def status_codes(self) -> Optional[List[int]]:
        for key, _label, codes in STATUS_GROUPS:
            if key == self.status_group:
                return list(codes) if codes else None
        return None

    def refresh(self, auto: bool = False) -> bool:
        """Reload the task list in the background. ``auto``: skip if a refresh is still running."""
        if self.client is None:
            self.error = ErrorInfo(tr("Not signed in"), tr("No farm profile is chosen."),
                                   tr("Press Profile… to sign in, or use the local farm."), kind="auth")
            self.state_changed.emit()
            return False
        if auto and self.runner.busy(self.TASKS):
            return False
        client, limit, codes, text = self.client, self.limit, self.status_codes(), self.text.strip()
        state = self._view_state()
        freeze = self.freeze_gc
        before = self._status_by_id  # replaced, never changed in place: safe to read from the worker
        first_load = not self.tasks

        def work(job):
            out: List[Any] = []
            more = False
            filters: Dict[str, Any] = {"page_size": self.page_size}
            if codes:
                filters["status_list"] = codes
            if text:
                filters["search_keyword"] = text
            for task in client.iter_tasks(**filters):
                if job.cancelled:
                    return None
                if limit is not None and len(out) >= limit:
                    more = True
                    break
                out.append(task)
                if freeze and len(out) % self.page_size == 0:
                    gc.freeze()  # see freeze_gc
                if first_load and len(out) % self.page_size == 0 and len(out) <= 5 * self.page_size:
                    snapshot = list(out)
                    job.progress((snapshot, self.derive(snapshot, *state)))
            return out, more, self.derive(out, *state), self.finished_since(before, out)

        def partial(item):
            if not self.tasks:
                self._set_tasks(*item)

        self.loading = True
        self.state_changed.emit()
        job = self.runner.run(self.TASKS, work, on_result=self._tasks_loaded, on_error=self._tasks_failed,
                              on_progress=partial, replace=not auto, where=self.farm_name)
        return job is not None

    def load_more(self) -> None:
        self.limit = (self.limit or 0) + 5 * self.page_size
        self.refresh()

    def load_all(self) -> None:
        self.limit = None
        self.refresh()

    def _tasks_loaded(self, result) -> None:
        if result is None:
            return
        tasks, more, derived, finished = result
        for task, failed in finished:
            self.task_finished.emit(task, failed)
        self.loading = False
        self.error = None
        self.more_available = more
        old_sel = self._by_id.get(self.selected_id) if self.selected_id is not None else None
        self._set_tasks(tasks, derived)
        self.state_changed.emit()
        new_sel = self.selected
        if new_sel is not None and (old_sel is None or _changed(old_sel, new_sel)):
            self.load_frames(auto=True)  # the details follow the render
            self.load_progress_image()

    @staticmethod
    def finished_since(before: Dict[int, int], tasks: List[Any]) -> List[Any]:
        """``(task, failed)`` for each task that was running in ``before`` and has ended now."""
        from rb_dcc.api.status import TERMINAL_TASK_STATUSES as ENDED

        out = []
        for t in tasks:
            old = before.get(t.id)
            now = int(t.task_status or 0)
            if old is not None and old not in ENDED and now in ENDED:
                out.append((t, now in (30, 45, 65)))
        return out

    def _tasks_failed(self, info: ErrorInfo) -> None:
        self.loading = False
        self.error = info
        self.state_changed.emit()

    def _view_state(self):
        return self.status_codes(), self.text.strip(), self.sort_key, self.sort_desc

    @staticmethod
    def derive(tasks: List[Any], codes, text: str, sort_key: str, sort_desc: bool):
        """Filter and sort ``tasks`` (runs on a worker thread): ``(visible, by_id, status_by_id)``."""
        if codes is None and not text:
            rows = list(tasks)
        else:
            wanted = set(codes) if codes else None
            rows = [
                t for t in tasks
                if (wanted is None or int(t.task_status or 0) in wanted
                    or any(int(k.task_status or 0) in wanted for k in (t.resp_rendering_task_list or [])))
                and task_matches(t, text)
            ]
        rows.sort(key=SORT_KEYS.get(sort_key, SORT_KEYS["submitted"]), reverse=sort_desc)
        by_id: Dict[int, Any] = {}
        status: Dict[int, int] = {}
        for t in tasks:
            by_id[t.id] = t
            status[t.id] = int(t.task_status or 0)
            for k in t.resp_rendering_task_list or []:
                by_id[k.id] = k
        return rows, by_id, status

    def _set_tasks(self, tasks: List[Any], derived=None) -> None:
        before = [self.tasks, self.visible, self._by_id, self._status_by_id]
        self.tasks = tasks
        if derived is None:
            derived = self.derive(self.tasks, *self._view_state())
        self.visible, self._by_id, self._status_by_id = derived
        now = (self.tasks, self.visible, self._by_id, self._status_by_id)
        old = [b for b, n in zip(before, now) if b is not n]  # only what is no longer in use
        if sum(len(x) for x in old) > 1000:  # freeing thousands of objects takes a while: not here
            self._releases += 1
            self.runner.run("release:%d" % self._releases, lambda job, old=old: _release(old))
        del old
        self.page = max(0, min(self.page, self.page_count - 1))
        self.tasks_changed.emit()

    def _apply_filter(self) -> None:
        """Filter and sort what is loaded, on a worker thread; the view follows when it is done."""
        tasks, state = self.tasks, self._view_state()

        def done(derived):
            self._set_tasks(tasks, derived)

        if len(tasks) <= 2000:  # small: at once, no flicker
            done(self.derive(tasks, *state))
            return
        self.runner.run("derive", lambda job: self.derive(tasks, *state), on_result=done,
                        on_error=lambda info: None)

    # --- paging and sorting (the view shows one page of ``visible``) ---------------------------
    @property
    def page_count(self) -> int:
        return max(1, (len(self.visible) + self.rows_per_page - 1) // self.rows_per_page)

    def page_tasks(self) -> List[Any]:
        start = self.page * self.rows_per_page
        return self.visible[start:start + self.rows_per_page]

    def set_page(self, page: int) -> None:
        page = max(0, min(int(page), self.page_count - 1))
        if page != self.page:
            self.page = page
            self.tasks_changed.emit()

    def set_sort(self, key: str, descending: bool) -> None:
        if key not in SORT_KEYS:
            return
        self.sort_key, self.sort_desc = key, bool(descending)
        self._apply_filter()

    def set_filter(self, status_group: Optional[str] = None, text: Optional[str] = None) -> None:
        """Filter at once on what is loaded, then ask the farm again with the same filter."""
        if status_group is not None:
            self.status_group = status_group
        if text is not None:
            self.text = text
        self.page = 0
        self._apply_filter()
        self.refresh()

    def find(self, task_id: Optional[int]) -> Optional[Any]:
        return self._by_id.get(task_id) if task_id is not None else None

    @property
    def selected(self) -> Optional[Any]:
        return self.find(self.selected_id)

    # --- details ------------------------------------------------------------------------------
    def select_task(self, task_id: Optional[int]) -> None:
        if task_id == self.selected_id and self.frames:
            return
        self.selected_id = task_id
        self.frames, self.log_lines, self.thumbnail, self.progress_image = [], [], None, None
        self.frames_error = None
        self.details_changed.emit()
        self.log_changed.emit()
        self.images_changed.emit()
        if task_id is not None:
            self.load_frames()
            self.load_progress_image()

    def load_frames(self, auto: bool = False) -> None:
        task = self.selected
        if task is None or self.client is None:
            return
        client = self.client
        kids = list(task.resp_rendering_task_list or [])
        layers = [(k.id, getattr(k, "layer_name", None) or "") for k in kids] or [
            (task.id, getattr(task, "layer_name", None) or "")]

        def work(job):
            frames: List[Any] = []
            for tid, layer in layers:
                for frame in client.iter_frames(tid):
                    if job.cancelled:
                        return None
                    frames.append(FrameRow(frame=frame, layer=layer))
            return frames

        def done(frames):
            if frames is not None:
                self.frames = frames
                self.frames_error = None
                self.details_changed.emit()

        def failed(info):
            self.frames_error = info
            self.details_changed.emit()

        self.runner.run("frames", work, on_result=done, on_error=failed, where=self.farm_name, replace=not auto)

    def select_frame(self, frame: Optional[Any]) -> None:
        if isinstance(frame, FrameRow):
            frame = frame.frame
        self.log_lines, self.thumbnail = [], None
        self.log_changed.emit()
        self.images_changed.emit()
        if frame is None or self.client is None:
            return
        client = self.client

        def read_log(job):
            page = client.query.get_render_log(frame_id=frame.id, pageNum=1, pageSize=500)
            items = getattr(page, "items", None)
            if items is None and isinstance(page, dict):
                items = page.get("items")
            return [str(x) for x in (items or [])]

        def got_log(lines):
            self.log_lines = lines or [tr("(the farm has no log for this frame yet)")]
            self.log_changed.emit()

        def log_failed(info):
            self.log_lines = [info.message]
            self.log_changed.emit()

        self.runner.run("log", read_log, on_result=got_log, on_error=log_failed, where=self.farm_name)

        if int(frame.frame_status or 0) == 4:
            def thumb(job):
                paths = client.query.get_frame_thumbnall(frame.id, frame_status=4)
                paths = list(paths or [])
                return client.fetch_bytes(str(paths[0])) if paths else None

            def got_thumb(data):
                self.thumbnail = data
                self.images_changed.emit()

            self.runner.run("thumbnail", thumb, on_result=got_thumb, on_error=lambda info: None,
                            where=self.farm_name)

    def load_progress_image(self) -> None:
        """The latest finished frame's picture of the selected task (``grabUrl`` of §36)."""
        task = self.selected
        if task is None or self.client is None:
            return
        client = self.client
        leaf_ids = [k.id for k in (task.resp_rendering_task_list or [])] or [task.id]

        def work(job):
            for tid in leaf_ids:
                info = client.query.get_task_processing_img(tid)
                grab = getattr(info, "grab_info", None)
                if grab is None and isinstance(info, dict):
                    grab = info.get("grabInfo")
                urls = []
                for row in grab or []:
                    for cell in row or []:
                        url = cell.get("grabUrl") if isinstance(cell, dict) else getattr(cell, "grab_url", None)
                        if url:
                            urls.append(url)
                if urls:
                    return client.fetch_bytes(urls[-1])
            return None

        def got(data):
            self.progress_image = data
            self.images_changed.emit()

        self.runner.run("progress_image", work, on_result=got, on_error=lambda info: None, where=self.farm_name)

    # --- actions ------------------------------------------------------------------------------
    def request(self, action: str, task_ids: List[int], **kw: Any) -> None:
        """Run ``action`` on ``task_ids``; destructive ones wait for ``confirm()`` first."""
        if action not in ACTIONS:
            raise ValueError("unknown action %r" % action)
        if not task_ids:
            self._say(tr("Select a task first."), "held")
            return
        verb, destructive = ACTIONS[action]
        if destructive:
            names = ", ".join(self._name(t) for t in task_ids[:5]) + ("…" if len(task_ids) > 5 else "")
            if action == "delete":
                question = tr("Delete %s? The task and its frames are removed from the list.") % names
            else:
                question = tr("Abandon %s? Rendering stops for good; it cannot be started again.") % names
            self.pending = {"action": action, "task_ids": list(task_ids), "kw": kw, "question": question}
            self.confirm_needed.emit(question)
            return
        self._run_action(action, list(task_ids), kw)

    def confirm(self) -> None:
        pending, self.pending = self.pending, None
        if pending:
            self._run_action(pending["action"], pending["task_ids"], pending["kw"])

    def cancel_pending(self) -> None:
        self.pending = None
        self.confirm_needed.emit("")

    def _name(self, task_id: int) -> str:
        t = self.find(task_id)
        return (t.task_alias or str(t.id)) if t is not None else str(task_id)

    def _run_action(self, action: str, ids: List[int], kw: Dict[str, Any]) -> None:
        client = self.client
        if client is None:
            self.refresh()
            return

        def work(job):
            if action == "stop":
                client.task.stop_task(ids)
            elif action == "start":
                client.task.start_task(ids)
            elif action == "abandon":
                client.task.abort_task(ids)
            elif action == "delete":
                client.task.delete_task(ids)
            elif action == "retry_failed":
                client.query.restart_failed_frames(ids)
            elif action == "retry_selected":
                client.query.restart_frame(ids[0], select_all=0, ids_list=list(kw["frame_ids"]))
            elif action == "full_speed":
                client.task.full_speed(ids)
            elif action == "priority":
                for tid in ids:
                    client.task.update_priority(tid, int(kw["priority"]))
            elif action == "hardware":
                hw = kw["hardware"]
                client.task.edit_task_hardware_config(
                    ids, [hw.id], model=str(hw.model or ""), gpuNum=str(getattr(hw, "gpu_num", "") or ""),
                    ram=str(hw.ram or ""))
            return True

        names = ", ".join(self._name(t) for t in ids[:3]) + ("…" if len(ids) > 3 else "")
        done_text = {
            "stop": tr("Stopped %s."), "start": tr("Started %s."), "abandon": tr("Abandoned %s."),
            "delete": tr("Deleted %s."), "retry_failed": tr("Failed frames of %s sent again."),
            "retry_selected": tr("Selected frames of %s sent again."), "full_speed": tr("%s renders at full speed."),
            "priority": tr("Priority of %s changed."), "hardware": tr("Hardware of %s changed."),
        }[action] % names

        def ok(_):
            self._say(done_text, "ok")
            if action == "delete" and self.selected_id in ids:
                self.select_task(None)
            self.refresh()
            if self.selected_id is not None:
                self.load_frames()

        def failed(info: ErrorInfo):
            self._say("%s: %s" % (tr(ACTIONS[action][0]), info.text()), "bad")

        self._say(tr("Working…"), "busy")
        self.runner.run("action", work, on_result=ok, on_error=failed, where=self.farm_name)

    def _say(self, text: str, tone: str) -> None:
        self.message, self.message_tone = text, tone
        self.state_changed.emit()

    def load_hardware(self) -> None:
        if self.client is None:
            return
        client = self.client

        def work(job):
            return [h for h in client.user.get_hardware_config() if getattr(h, "status", 1) in (1, None)]

        def got(items):
            self.hardware = list(items)
            self.hardware_changed.emit()

        self.runner.run("hardware", work, on_result=got,
                        on_error=lambda info: self._say(info.text(), "bad"), where=self.farm_name)

    # --- downloads ----------------------------------------------------------------------------
    def output_folder(self, task: Any) -> str:
        name = getattr(task, "output_file_name", None) or "%s_%s" % (task.id, os.path.splitext(task.scene_name or "")[0])
        return os.path.join(self.download_root, str(name))

    def download(self, task_id: int, dest_root: Optional[str] = None, follow: bool = False) -> None:
        """Download the task's outputs into ``dest_root/<outputFileName>/...`` (in the background).

        ``follow``: keep going while the task renders, fetching each frame as it finishes.
        """
        task = self.find(task_id)
        if task is None or self.client is None:
            return
        root = dest_root or self.download_root
        dest = os.path.join(root, os.path.basename(self.output_folder(task)))
        client = self.client
        state = {"event": None, "result": None, "error": None, "dest": dest, "running": True}
        self.downloads[task_id] = state

        def work(job):
            from rb_dcc.transfer import download_outputs

            return download_outputs(client, task_id, root, on_progress=job.progress, cancel=job.cancel_event,
                                    follow=follow, poll_s=3.0)

        def progress(event):
            state["event"] = event
            self.download_changed.emit(task_id)

        def done(result):
            roots = [r.strip("/") for r in (getattr(result, "roots", None) or []) if r.strip("/")]
            if roots:  # where the farm's output folder really landed
                state["dest"] = os.path.join(root, roots[0]) if len(roots) == 1 else root
            state.update(result=result, running=False)
            self._say(tr("Downloaded the outputs of %s to %s.") % (self._name(task_id), state["dest"]), "ok")
            self.download_changed.emit(task_id)

        def failed(info):
            state.update(error=info, running=False)
            self._say(tr("Download of %s: %s") % (self._name(task_id), info.text()), "bad")
            self.download_changed.emit(task_id)

        self.download_changed.emit(task_id)
        self.runner.run("download:%s" % task_id, work, on_result=done, on_error=failed, on_progress=progress,
                        where=self.farm_name)

    def cancel_download(self, task_id: int) -> None:
        self.runner.cancel("download:%s" % task_id)


__all__ = ["MonitorController", "FrameRow", "STATUS_GROUPS", "ACTIONS", "SORT_KEYS", "task_matches"]
