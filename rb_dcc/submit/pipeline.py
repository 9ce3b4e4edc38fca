"""``Submission``: validate → create task → job files → upload → submit, journaled and resumable.

``create_task`` happens once per submission, ever: the journal is written before the call
("creating", with the newest task id seen before it) and after it (the new id). If the answer is
lost, or the process dies in between, the task list is searched for a task newer than that mark
which no other journal claims before a second create is even considered. Every later step is
idempotent (job files overwrite, uploads skip what the farm has, submit checks the task status
first), so ``Submission.resume(journal_path, client).run()`` simply runs the remaining steps.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from ..api.errors import RenderbusError, TransportError
from ..scene import Problem, SceneSpec, Severity
from ..transfer.base import TransferBackend, TransferCancelled, TransferProgress, UploadItem
from .jobfiles import (
    TIP_MISSING_FILE,
    EnvChoice,
    HardwareChoice,
    JobFiles,
    JobFilesError,
    build_job_files,
)
from .journal import Journal, list_journals
from .settings import JobSettings
from .tips import TipCatalogue

__all__ = ["Submission", "SubmitResult", "ProgressEvent", "SubmissionCancelled", "SubmissionError", "STAGES"]

log = logging.getLogger(__name__)

STAGES = ("validate", "prepare", "create", "jobfiles", "upload", "submit", "done")
JOB_FILE_NAMES = ("task.json", "upload.json", "asset.json", "tips.json")


class SubmissionCancelled(Exception):
    """The artist cancelled; the journal keeps what was done (``rb-dcc resume`` finishes it)."""

    def __init__(self, message: str = "submission cancelled", journal_path: str = ""):
        super().__init__(message)
        self.journal_path = journal_path


class SubmissionError(Exception):
    """The submission cannot go on; ``problems`` say why and what to do."""

    def __init__(self, message: str, problems: Optional[List[Problem]] = None, journal_path: str = ""):
        self.problems = list(problems or [])
        self.journal_path = journal_path
        lines = [message] + ["- %s%s" % (p.message, (" (%s)" % p.fix) if p.fix else "") for p in self.problems
                             if p.severity == Severity.ERROR]
        super().__init__("\n".join(lines))


@dataclass
class ProgressEvent:
    stage: str
    message: str = ""
    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    rate_bps: float = 0.0
    eta_s: Optional[float] = None


@dataclass
class SubmitResult:
    task_id: int
    alias: str
    uploaded_bytes: int = 0
    uploaded_files: int = 0
    skipped_files: int = 0
    journal_path: str = ""
    warnings: List[str] = field(default_factory=list)


ProgressFn = Optional[Callable[[ProgressEvent], None]]


class Submission:
    """One submission of one scene (see module doc). Not reusable: one ``run()`` per journal."""

    def __init__(self, client: Any, spec: SceneSpec, settings: JobSettings, *, journal_dir: Optional[str] = None,
                 accept_missing: bool = False, env: Optional[EnvChoice] = None,
                 hardware: Optional[HardwareChoice] = None, backend: Optional[TransferBackend] = None,
                 tip_language: int = 1):
        self.client = client
        self.spec = spec
        self.settings = settings
        self.accept_missing = accept_missing
        self.env = env
        self.hardware = hardware
        self._backend = backend
        self._journal_dir = journal_dir
        self.journal: Optional[Journal] = None
        self.tip_language = tip_language
        self._tips = None
        self._problems: Optional[List[Problem]] = None

    # ----------------------------------------------------------------------------------- resume
    @classmethod
    def resume(cls, journal_path: str, client: Any, *, backend: Optional[TransferBackend] = None) -> "Submission":
        """A submission that continues ``journal_path`` (call ``run()`` on it)."""
        j = Journal.load(journal_path)
        farm = j.data.get("farm", {})
        if farm.get("domain") != client.domain or str(farm.get("access_id")) != str(client.access_id):
            raise SubmissionError("the journal %s belongs to the farm %s (access id %s), not to %s; use that profile"
                                  % (journal_path, farm.get("domain"), farm.get("access_id"), client.domain))
        spec = SceneSpec.model_validate(j.data["spec"])
        settings = JobSettings.model_validate(j.data["settings"])
        sub = cls(client, spec, settings, journal_dir=os.path.dirname(journal_path),
                  accept_missing=bool(j.data.get("accept_missing")),
                  env=EnvChoice.from_dict(j.data["env"]) if j.data.get("env") else None,
                  hardware=HardwareChoice.from_dict(j.data["hardware"]) if j.data.get("hardware") else None,
                  backend=backend)
        sub.journal = j
        return sub

    @property
    def journal_path(self) -> str:
        return self.journal.path if self.journal else ""

    @property
    def task_id(self) -> Optional[int]:
        return self.journal.data.get("task_id") if self.journal else None

    # ----------------------------------------------------------------------------------- validate
    def _resolve_choices(self) -> List[Problem]:
        problems = []
        if self.env is None:
            name = self.settings.env_name
            if not name:
                problems.append(Problem(severity=Severity.ERROR, message="no render environment chosen",
                                        fix="pick one in the job settings (or --env auto)"))
            else:
                try:
                    envs = self.client.env.get_render_env(self.spec.cg_id, os_name=None)
                except RenderbusError as exc:
                    problems.append(Problem(severity=Severity.ERROR, message="cannot read the render environments: %s"
                                            % exc, fix="check the connection and try again"))
                    envs = None
                if envs is not None:
                    found = [e for e in envs if e.edit_name == name]
                    if found:
                        self.env = EnvChoice.from_api(found[0])
                    else:
                        problems.append(Problem(
                            severity=Severity.ERROR, ref=name,
                            message="the render environment %r does not exist on the farm" % name,
                            fix="choose one of: %s" % (", ".join(sorted(e.edit_name for e in envs)) or "none saved")))
        if self.hardware is None:
            hid = self.settings.hardware_config_id
            if hid is None:
                problems.append(Problem(severity=Severity.ERROR, message="no hardware configuration chosen",
                                        fix="pick one in the job settings (or --hardware auto)"))
            else:
                try:
                    configs = self.client.user.get_hardware_config()
                except RenderbusError as exc:
                    problems.append(Problem(severity=Severity.ERROR, message="cannot read the hardware list: %s" % exc,
                                            fix="check the connection and try again"))
                    configs = None
                if configs is not None:
                    found = [h for h in configs if h.id == hid]
                    if not found:
                        problems.append(Problem(severity=Severity.ERROR, ref=str(hid),
                                                message="hardware configuration %s does not exist on this platform" % hid,
                                                fix="choose one of: %s" % ", ".join(str(h.id) for h in configs)))
                    else:
                        self.hardware = HardwareChoice.from_api(found[0])
                        if getattr(found[0], "status", 1) == 0:
                            problems.append(Problem(severity=Severity.ERROR, ref=str(hid),
                                                    message="hardware configuration %s is switched off" % hid,
                                                    fix="choose another machine type"))
        return problems

    def validate(self) -> List[Problem]:
        """Everything that would stop or spoil the job, errors first. Asks the farm for env,
        hardware and tip texts (cached)."""
        problems: List[Problem] = []
        spec = self.spec
        if not spec.scene_path:
            problems.append(Problem(severity=Severity.ERROR, message="the scene has never been saved",
                                    fix="save the scene, then submit"))
        elif not os.path.isfile(spec.scene_path):
            problems.append(Problem(severity=Severity.ERROR, ref=spec.scene_path,
                                    message="the scene file %s is not on disk" % spec.scene_path,
                                    fix="save the scene, then submit"))
        for p in spec.problems:
            if p.severity == Severity.ERROR:
                problems.append(p)
        for asset in spec.missing_assets:
            for path in asset.missing or [asset.path]:
                problems.append(Problem(
                    severity=Severity.WARNING if self.accept_missing else Severity.ERROR, code=TIP_MISSING_FILE,
                    ref=path, message="missing file %s (%s)" % (path, asset.node or asset.kind.value),
                    fix="find the file, or submit without it (accept missing files)"))
        problems.extend(self._resolve_choices())
        files = None
        if self.env is not None:
            try:
                files = self._build(task_id=0, user_id=0, md5="")
            except JobFilesError as exc:
                problems.append(Problem(severity=Severity.ERROR, message=str(exc)))
        if files is not None and files.tips:
            texts = self.tip_texts(files.tips)
            missing_text = texts.get(TIP_MISSING_FILE)
            if missing_text is not None:  # the service's own words for missing files
                for i, p in enumerate(problems):
                    if p.code == TIP_MISSING_FILE:
                        problems[i] = p.model_copy(update={
                            "message": "%s: %s" % (missing_text.description, p.message) if missing_text.description
                            else p.message,
                            "fix": "%s%s" % (p.fix, ("; " + missing_text.solution) if missing_text.solution else "")})
            for code, items in sorted(files.tips.items()):
                if code == TIP_MISSING_FILE:
                    continue  # reported per file above
                text = texts.get(code)
                blocking = bool(text and text.blocking)
                problems.append(Problem(
                    severity=Severity.ERROR if blocking else Severity.WARNING, code=code, ref=", ".join(items),
                    message="%s: %s" % (text.description if text and text.description else "tip %s" % code,
                                        ", ".join(items)),
                    fix=(text.solution if text else "")))
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}
        problems.sort(key=lambda p: order[Severity(p.severity)])
        self._problems = problems
        return problems

    def tip_texts(self, tips: Dict[str, List[str]]):
        if self._tips is None:
            self._tips = TipCatalogue(self.client, language=self.tip_language)
        return self._tips.explain(tips.keys())

    def _build(self, task_id: Any, user_id: Any, md5: Optional[str]) -> JobFiles:
        return build_job_files(self.spec, self.settings, self.env, self.hardware, task_id=task_id, user_id=user_id,
                               platform=str(self.client.platform), scene_md5=md5)

    # ----------------------------------------------------------------------------------- run
    def run(self, on_progress: ProgressFn = None, cancel: Optional[threading.Event] = None) -> SubmitResult:
        """Run (or finish) the submission; returns the task id. Raises ``SubmissionError`` with
        the problems when validation fails, ``SubmissionCancelled`` when ``cancel`` is set."""
        cancel = cancel or threading.Event()

        def emit(stage: str, message: str, **kw: Any) -> None:
            if on_progress is not None:
                on_progress(ProgressEvent(stage, message, **kw))

        def check_cancel() -> None:
            if cancel.is_set():
                if self.journal is not None:
                    self.journal.set(cancelled_at=time.time())
                raise SubmissionCancelled("submission cancelled; run 'rb-dcc resume' to finish it",
                                          self.journal_path)

        result = SubmitResult(task_id=0, alias="")
        if self.journal is None:
            emit("validate", "checking the scene and the job settings")
            problems = self._problems if self._problems is not None else self.validate()
            errors = [p for p in problems if p.severity == Severity.ERROR]
            if errors:
                raise SubmissionError("the job cannot be submitted yet:", problems)
            result.warnings = [p.message for p in problems if p.severity == Severity.WARNING]
            self.journal = Journal.create(self._journal_dir, {
                "farm": {"domain": self.client.domain, "platform": str(self.client.platform),
                         "access_id": self.client.access_id, "protocol": getattr(self.client, "protocol", "")},
                "scene": self.spec.scene_path,
                "spec": self.spec.model_dump(mode="json"),
                "settings": self.settings.model_dump(mode="json"),
                "env": self.env.to_dict(), "hardware": self.hardware.to_dict() if self.hardware else None,
                "accept_missing": self.accept_missing,
            })
            self.journal.mark("validate")
        j = self.journal
        result.journal_path = j.path
        if j.data.get("state") == "done":
            return SubmitResult(task_id=int(j.data["task_id"]), alias=j.data.get("alias") or "",
                                journal_path=j.path)
        try:
            check_cancel()
            # prepare ----------------------------------------------------------------------------
            if not j.done("prepare"):
                emit("prepare", "reading the account")
                user_id = self.client.user.user_id
                j.mark("prepare", user_id=user_id)
            check_cancel()
            # create (once, ever) ----------------------------------------------------------------
            if j.data.get("task_id") is None:
                self._create(emit)
            result.task_id = int(j.data["task_id"])
            result.alias = j.data.get("alias") or ""
            check_cancel()
            # job files --------------------------------------------------------------------------
            if not j.done("jobfiles"):
                emit("jobfiles", "writing the job files of task %s" % result.alias)
                files = self._build(task_id=result.task_id, user_id=j.data.get("user_id"), md5=None)
                files.write(j.folder)
                for name, text in files.texts().items():
                    check_cancel()
                    self.client.transmit.upload_json_content(result.task_id, text, file_name=name)
                j.mark("jobfiles")
            check_cancel()
            # upload -----------------------------------------------------------------------------
            if not j.done("upload"):
                rep = self._upload(emit, cancel)
                result.uploaded_bytes, result.uploaded_files = rep.bytes_sent, rep.files_sent
                result.skipped_files = rep.files_skipped
                j.mark("upload", uploaded_bytes=rep.bytes_sent, uploaded_files=rep.files_sent,
                       skipped_files=rep.files_skipped)
            check_cancel()
            # submit -----------------------------------------------------------------------------
            if not j.done("submit"):
                self._submit(emit)
            j.mark("done", state="done")
            emit("done", "task %s submitted" % result.alias)
            return result
        except TransferCancelled:
            j.set(cancelled_at=time.time())
            raise SubmissionCancelled("submission cancelled during the upload; run 'rb-dcc resume' to finish it",
                                      j.path) from None
        finally:
            if self._backend is not None and getattr(self, "_own_backend", False):
                self._backend.close()

    # ----------------------------------------------------------------------------------- steps
    def _newest_task_id(self) -> int:
        page = self.client.query.get_task_list(page_num=1, page_size=20)
        return max([int(t.id) for t in page.items if t.id is not None] or [0])

    def _claimed_ids(self) -> set:
        claimed = set()
        for other in list_journals(os.path.dirname(self.journal.path), unfinished_only=False):
            if other.path != self.journal.path and other.data.get("task_id") is not None:
                claimed.add(int(other.data["task_id"]))
        return claimed

    def _find_created(self) -> Optional[Any]:
        """After an ambiguous create: the task it made, if any (newer than the mark, unclaimed)."""
        mark = int(self.journal.data.get("newest_before_create") or 0)
        claimed = self._claimed_ids()
        candidates = []
        for page_num in (1, 2, 3):
            page = self.client.query.get_task_list(page_num=page_num, page_size=50)
            for t in page.items:
                if t.id is not None and int(t.id) > mark and int(t.id) not in claimed:
                    parent = getattr(t, "layer_parent_id", None)
                    if not parent:
                        candidates.append(t)
            if not page.items or min(int(t.id) for t in page.items if t.id is not None) <= mark:
                break
        if not candidates:
            return None
        candidates.sort(key=lambda t: int(t.id))
        return candidates[0]

    def _create(self, emit) -> None:
        j = self.journal
        emit("create", "creating the task")
        for attempt in range(1, 4):
            if j.data.get("state") == "creating":
                # a create was sent before and its answer never recorded: look before creating again
                found = self._find_created()
                if found is not None:
                    log.info("found task %s created by an interrupted attempt", found.id)
                    j.mark("create", state="created", task_id=int(found.id), alias=found.task_alias or str(found.id))
                    return
            j.set(state="creating", newest_before_create=self._newest_task_id(), create_started=time.time(),
                  create_attempts=j.data.get("create_attempts", 0) + 1)
            level = self.settings.priority if self.settings.priority in (50, 60) else 50
            try:
                res = self.client.task.create_task(count=1, task_user_level=level,
                                                   labels=list(self.settings.labels) or None)
            except TransportError as exc:
                log.info("create_task answer lost (%s); looking for the task", exc)
                time.sleep(0.2 * attempt)
                continue  # state is "creating": the loop looks first
            except RenderbusError:
                j.set(state="new")
                raise
            task_id = int(res.task_id_list[0])
            alias = (res.alias_task_id_list or [str(task_id)])[0]
            j.mark("create", state="created", task_id=task_id, alias=alias, user_id=res.user_id or j.data.get("user_id"))
            self._after_create(task_id)
            return
        found = self._find_created()
        if found is not None:
            j.mark("create", state="created", task_id=int(found.id), alias=found.task_alias or str(found.id))
            return
        raise SubmissionError("the farm did not answer the task creation three times; no task was created "
                              "(checked the task list). Try again later.", journal_path=j.path)

    def _after_create(self, task_id: int) -> None:
        """Idempotent settings that live on the task rather than in task.json."""
        try:
            if self.settings.priority not in (50, 60):
                self.client.task.update_priority(task_id, self.settings.priority)
            if self.settings.overtime_stop_s:
                self.client.task.set_task_overtime_top([task_id], self.settings.overtime_stop_s)
        except RenderbusError as exc:
            log.warning("task %s: could not apply priority/overtime: %s", task_id, exc)

    def _backend_for_run(self) -> TransferBackend:
        if self._backend is None:
            from ..transfer.download import backend_for

            self._backend = backend_for(self.client)
            self._own_backend = True
        return self._backend

    def _upload(self, emit, cancel):
        upload = self._build(task_id=self.journal.data["task_id"], user_id=self.journal.data.get("user_id"),
                             md5="").upload
        items = []
        seen = set()
        for entry in upload["asset"]:
            if entry["server"] in seen:
                continue
            seen.add(entry["server"])
            local = _native(entry["local"])
            items.append(UploadItem(local, entry["server"]))
        emit("upload", "checking %d files against the farm" % len(items), files_total=len(items))

        def relay(p: TransferProgress) -> None:
            stage = "upload" if p.stage == "upload" else "hash" if p.stage == "hash" else p.stage
            emit(stage, p.current, files_done=p.files_done, files_total=p.files_total, bytes_done=p.bytes_done,
                 bytes_total=p.bytes_total, rate_bps=p.rate_bps, eta_s=p.eta_s)

        return self._backend_for_run().upload(items, storage="input", on_progress=relay, cancel=cancel)

    def _task_status(self, task_id: int) -> Optional[int]:
        page = self.client.query.task_info([task_id])
        for t in page.items:
            if int(t.id) == int(task_id):
                return t.task_status
        return None

    def _submit(self, emit) -> None:
        j = self.journal
        task_id = int(j.data["task_id"])
        emit("submit", "submitting task %s" % j.data.get("alias"))
        if j.data.get("state") == "submitting":
            status = self._task_status(task_id)
            if status is not None and status != j.data.get("status_before_submit"):
                j.mark("submit", state="submitted")
                return
        before = self._task_status(task_id)
        j.set(state="submitting", status_before_submit=before)
        try:
            self.client.task.submit_task(task_id)
        except TransportError:
            status = self._task_status(task_id)
            if status is None or status == before:
                self.client.task.submit_task(task_id)  # the farm never saw it: once more
        except RenderbusError:
            status = self._task_status(task_id)
            if status is None or status == before:
                raise
        j.mark("submit", state="submitted")


def _native(path: str) -> str:
    """A job-file local path back to this OS's form (job files use forward slashes)."""
    if os.sep == "\\":
        return path.replace("/", "\\")
    return path
