"""The Submit tab's brain: scene, assets, problems, env/hardware plan, job settings, submission.

No Qt in here. Work that touches the farm or the disk goes through the runner; collecting a scene
inside a host stays on the calling (host main) thread because host APIs demand it, while the
standalone host (a file on disk) is read in the background.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rb_dcc.scene import FrameRange, FrameRangeError, Problem, SceneSpec, Severity

from ..errors import ErrorInfo
from ..i18n import current_language, tr
from ..observable import Event

# settings the form edits and the adapter remembers with the scene
REMEMBERED = ("frames", "step", "frames_per_machine", "test_frames", "stop_after_test", "cameras", "layers",
              "priority", "project", "labels", "output_dir", "env_name", "hardware_config_id", "accept_missing")


def _lang() -> str:
    return "zh_CN" if current_language() == "zh_CN" else "en"


def apply_step(frames: FrameRange, step: int) -> FrameRange:
    """Give every chunk written without a step the step ``step``."""
    if step <= 1:
        return frames
    return FrameRange([(c.start, c.end, step if c.step == 1 else c.step) for c in frames.chunks])


class SubmitController:
    def __init__(self, runner, adapter=None, client=None):
        self.runner = runner
        self.adapter = adapter
        self.client = client

        self.spec: Optional[SceneSpec] = None
        self.scene_error: Optional[ErrorInfo] = None
        self.collecting = False
        self.catalogue = None
        self.catalogue_error: Optional[ErrorInfo] = None
        self.fetching = False
        self.plan = None
        self.prefs: Dict[str, Any] = {}  # env_name / hardware_id the artist picked
        self.values: Dict[str, Any] = {}  # the form, as typed
        self.field_errors: Dict[str, str] = {}
        self.validation: List[Problem] = []  # from Submission.validate()
        self.submitting = False
        self.progress = None  # last ProgressEvent
        self.result = None
        self.submit_error: Optional[ErrorInfo] = None
        self.creating_env = False
        self.message = ""
        self._last = None  # the latest Submission (for resume)

        self.scene_changed = Event()
        self.plan_changed = Event()
        self.form_changed = Event()  # field errors / blockers
        self.progress_changed = Event()
        self.submitted = Event()  # (task_id)
        self.state_changed = Event()

    # --- scene --------------------------------------------------------------------------------
    def set_adapter(self, adapter) -> None:
        self.adapter = adapter
        self.load()

    def set_client(self, client) -> None:
        self.client = client
        self.catalogue = None
        self.plan = None
        self.fetch_catalogue()

    def in_background(self) -> bool:
        return getattr(self.adapter, "name", "") == "standalone"

    def load(self) -> None:
        """Collect the scene (and its remembered settings), then ask the farm for the catalogue."""
        adapter = self.adapter
        if adapter is None:
            return
        self.spec, self.plan, self.validation, self.result = None, None, [], None
        self.scene_error = None

        def work(job):
            return adapter.collect(), adapter.read_settings()

        self.collecting = True
        self.state_changed.emit()
        if self.in_background():
            self.runner.run("collect", work, on_result=self._collected, on_error=self._collect_failed)
            return
        try:  # a live host: its API must run on this (the host's main) thread
            result = work(None)
        except Exception as exc:  # shown as a message, never a traceback
            from ..errors import describe

            self._collect_failed(describe(exc))
        else:
            self._collected(result)

    def _collected(self, result) -> None:
        spec, saved = result
        self.collecting = False
        self.spec = spec
        self.values = self._defaults(spec)
        for key in REMEMBERED:
            if key in (saved or {}):
                self.values[key] = saved[key]
        self.prefs = {}
        if saved.get("env_name"):
            self.prefs["env_name"] = saved["env_name"]
        if saved.get("hardware_config_id"):
            self.prefs["hardware_id"] = saved["hardware_config_id"]
        self._validate_fields()
        self.scene_changed.emit()
        self.state_changed.emit()
        if self.catalogue is not None and self.catalogue.cg_id == spec.cg_id:
            self.replan()
        else:
            self.fetch_catalogue()

    def _collect_failed(self, info: ErrorInfo) -> None:
        self.collecting = False
        self.scene_error = info
        self.scene_changed.emit()
        self.state_changed.emit()

    def _defaults(self, spec: SceneSpec) -> Dict[str, Any]:
        return {
            "frames": str(spec.frames) if spec.frames else "",
            "step": 1,
            "frames_per_machine": 1,
            "test_frames": "",
            "stop_after_test": False,
            "cameras": list(spec.renderable_cameras),
            "layers": [layer.name for layer in spec.layers if layer.renderable],
            "priority": 50,
            "project": "",
            "labels": [],
            "output_dir": "",
            "accept_missing": False,
        }

    # --- catalogue and plan -------------------------------------------------------------------
    def fetch_catalogue(self, fresh: bool = False) -> None:
        if self.client is None or self.spec is None:
            self.state_changed.emit()
            return
        client, cg_id = self.client, self.spec.cg_id

        def work(job):
            from rb_dcc.matching import Catalogue

            if fresh:
                Catalogue.invalidate(client)
            return Catalogue.fetch(client, cg_id, use_cache=not fresh)

        def done(cat):
            self.fetching = False
            self.catalogue = cat
            self.catalogue_error = None
            self.replan()

        def failed(info):
            self.fetching = False
            self.catalogue_error = info
            self.plan_changed.emit()
            self.state_changed.emit()

        self.fetching = True
        self.catalogue_error = None
        self.state_changed.emit()
        self.runner.run("catalogue", work, on_result=done, on_error=failed,
                        where=getattr(client, "domain", ""))

    def replan(self) -> None:
        if self.spec is None or self.catalogue is None:
            return
        from rb_dcc.matching import plan

        frames = self.frame_count()
        self.plan = plan(self.spec, self.catalogue, self.prefs, frames=frames or None)
        self.plan_changed.emit()
        self.form_changed.emit()
        self.state_changed.emit()

    def choose_env(self, name: Optional[str]) -> None:
        if name:
            self.prefs["env_name"] = name
        else:
            self.prefs.pop("env_name", None)
        self.values["env_name"] = name or ""
        self.replan()

    def choose_hardware(self, config_id: Optional[int]) -> None:
        if config_id:
            self.prefs["hardware_id"] = int(config_id)
        else:
            self.prefs.pop("hardware_id", None)
        self.values["hardware_config_id"] = config_id
        self.replan()

    def create_env(self) -> None:
        """Create the env ``rb_dcc.matching`` proposes, then use it."""
        proposal = self.plan.env.proposal if self.plan else None
        if proposal is None and self.plan and self.plan.env.needs_creation:
            proposal = self.plan.env.chosen
        if proposal is None or self.client is None:
            return
        client, body, name = self.client, dict(proposal.body or {}), proposal.name

        def work(job):
            client.env.add_render_env(body)
            return name

        def done(created):
            self.creating_env = False
            self.message = tr("Created the render environment %s.") % created
            self.prefs["env_name"] = created
            self.values["env_name"] = created
            self.fetch_catalogue(fresh=True)

        def failed(info):
            self.creating_env = False
            self.message = info.text()
            self.state_changed.emit()

        self.creating_env = True
        self.state_changed.emit()
        self.runner.run("create_env", work, on_result=done, on_error=failed, where=getattr(client, "domain", ""))

    # --- the form -----------------------------------------------------------------------------
    def set_value(self, key: str, value: Any) -> None:
        if self.values.get(key) == value:
            return
        self.values[key] = value
        self._validate_fields()
        if key in ("frames", "step") and self.plan is not None:
            self.replan()  # the cost estimate depends on the frame count
        self.form_changed.emit()
        self.state_changed.emit()

    def frame_range(self) -> Optional[FrameRange]:
        text = str(self.values.get("frames") or "").strip()
        if not text:
            return self.spec.frames if self.spec else None
        try:
            return apply_step(FrameRange.parse(text), int(self.values.get("step") or 1))
        except (FrameRangeError, ValueError):
            return None

    def frame_count(self) -> int:
        fr = self.frame_range()
        return len(fr) if fr else 0

    def settings_data(self) -> Dict[str, Any]:
        """The ``JobSettings`` fields from the form and the plan."""
        v = self.values
        data: Dict[str, Any] = {
            "frames_per_machine": int(v.get("frames_per_machine") or 1),
            "test_frames": str(v.get("test_frames") or ""),
            "stop_after_test": bool(v.get("stop_after_test")),
            "cameras": list(v.get("cameras") or []),
            "layers": list(v.get("layers") or []),
            "priority": int(v.get("priority") or 50),
            "project": str(v.get("project") or ""),
            "labels": [x for x in (v.get("labels") or []) if x],
            "output_dir": str(v.get("output_dir") or ""),
        }
        text = str(v.get("frames") or "").strip()
        if text:
            try:
                data["frames"] = str(apply_step(FrameRange.parse(text), int(v.get("step") or 1)))
            except (FrameRangeError, ValueError) as exc:
                data["frames"] = text  # JobSettings reports it
                self.field_errors["frames"] = str(exc)
        if self.plan is not None:
            data["env_name"] = self.plan.env.env_name
            hw = self.plan.hardware.hardware_config_id
            if hw is not None:
                data["hardware_config_id"] = hw
        return data

    def _validate_fields(self) -> None:
        from rb_dcc.submit.settings import JobSettings

        self.field_errors = {}
        data = self.settings_data()
        errors = JobSettings.field_errors(data)
        self.field_errors.update(errors)

    def remembered(self) -> Dict[str, Any]:
        out = {k: self.values.get(k) for k in REMEMBERED if k in self.values}
        if "env_name" in self.prefs:
            out["env_name"] = self.prefs["env_name"]
        if "hardware_id" in self.prefs:
            out["hardware_config_id"] = self.prefs["hardware_id"]
        return out

    def save_settings(self) -> None:
        """Remember the form with the scene (in the background for the standalone host)."""
        adapter = self.adapter
        if adapter is None or self.spec is None:
            return
        data = self.remembered()
        if self.in_background():
            self.runner.run("save_settings", lambda job: adapter.write_settings(data),
                            on_error=lambda info: None)
        else:
            try:
                adapter.write_settings(data)
            except Exception:
                pass

    # --- problems and blockers ----------------------------------------------------------------
    def missing_assets(self) -> List[Any]:
        return self.spec.missing_assets if self.spec else []

    def problems(self) -> List[Problem]:
        out: List[Problem] = []
        if self.spec is not None:
            out.extend(self.spec.problems)
        if self.plan is not None:
            out.extend(issue.as_problem(_lang()) for issue in self.plan.issues)
        seen = {(p.message, p.ref) for p in out}
        for p in self.validation:
            if (p.message, p.ref) not in seen:
                out.append(p)
        return out

    def _is_missing_file_problem(self, p: Problem) -> bool:
        if p.code == "10012":
            return True
        refs = set()
        for a in self.missing_assets():
            refs.update((a.path, a.node))
        return bool(p.ref) and p.ref in refs

    def blockers(self) -> List[str]:
        """Why Submit is disabled, in plain words; empty when it may be pressed."""
        out: List[str] = []
        if self.client is None:
            out.append(tr("Not signed in: press Profile… to choose a farm, or use the local farm."))
        if self.adapter is None or (self.spec is None and not self.collecting and self.scene_error is None):
            out.append(tr("No scene: open a scene file first."))
        if self.collecting:
            out.append(tr("Reading the scene…"))
        if self.scene_error is not None:
            out.append(tr("The scene could not be read: %s") % self.scene_error.message)
        if self.spec is None:
            return out
        if self.fetching:
            out.append(tr("Asking the farm for render environments and hardware…"))
        elif self.catalogue_error is not None:
            out.append(tr("The farm's render environments could not be loaded: %s") % self.catalogue_error.message)
        accept = bool(self.values.get("accept_missing"))
        missing = self.missing_assets()
        if missing and not accept:
            out.append(tr("%d files are missing: find them, or tick \"Submit without the missing files\".") % len(missing))
        errors = [p for p in self.problems() if p.severity == Severity.ERROR
                  and not (accept and self._is_missing_file_problem(p))
                  and not (missing and self._is_missing_file_problem(p))]
        if errors:
            out.append(tr("%d problems must be fixed first (see Problems).") % len(errors))
        names = {"frames": tr("Frames"), "frames_per_machine": tr("Frames per machine"), "test_frames": tr("Test frames"),
                 "stop_after_test": tr("Test frames"), "priority": tr("Priority"), "project": tr("Project"),
                 "labels": tr("Labels"), "cameras": tr("Cameras"), "layers": tr("Layers")}
        for key, msg in self.field_errors.items():
            if key in ("env_name", "hardware_config_id"):
                continue
            out.append("%s: %s" % (names.get(key, key), msg))
        if self.plan is not None:
            if self.plan.env.chosen is None:
                out.append(tr("No render environment fits this scene: pick one, or create the proposed one."))
            elif self.plan.env.needs_creation:
                out.append(tr("The render environment %s does not exist yet: press \"Create this env\".")
                           % self.plan.env.env_name)
            if self.plan.hardware.chosen is None:
                out.append(tr("No hardware configuration fits: pick one from the list."))
        elif self.catalogue is None and not self.fetching and self.client is not None and self.catalogue_error is None:
            out.append(tr("Render environment not chosen yet."))
        if self.spec is not None and self.frame_count() == 0 and "frames" not in self.field_errors:
            out.append(tr("Frames: the scene has no frame range; type one, e.g. 1-100."))
        return out

    @property
    def can_submit(self) -> bool:
        return not self.submitting and not self.blockers()

    # --- submission ---------------------------------------------------------------------------
    def submit(self) -> bool:
        if not self.can_submit:
            self.form_changed.emit()
            return False
        from rb_dcc.submit import Submission
        from rb_dcc.submit.settings import JobSettings

        if self.adapter is not None and not self.in_background():
            try:
                if self.adapter.is_dirty():
                    self.adapter.save()  # "I forgot to save": the host's main thread, before anything else
            except Exception as exc:
                from ..errors import describe

                self.submit_error = describe(exc)
                self.state_changed.emit()
                return False
        settings = JobSettings.model_validate(self.settings_data())
        client, spec = self.client, self.spec
        accept = bool(self.values.get("accept_missing"))
        self.save_settings()

        def make():
            sub = Submission(client, spec, settings, accept_missing=accept)
            problems = sub.validate()
            return sub, [p for p in problems if p.severity == Severity.ERROR] and problems

        return self._start(make)

    def cancel(self) -> None:
        self.runner.cancel("submit")

    @property
    def resumable(self) -> bool:
        """A cancelled or failed run whose task exists: ``resume()`` finishes it (no second task)."""
        sub = self._last
        return (not self.submitting and self.result is None and sub is not None
                and bool(sub.journal_path) and sub.task_id is not None)

    def resume(self) -> bool:
        if not self.resumable or self.client is None:
            return False
        from rb_dcc.submit import Submission

        client, path = self.client, self._last.journal_path
        return self._start(lambda: (Submission.resume(path, client), None))

    def _start(self, make) -> bool:
        """Run a submission in the background; ``make()`` -> (Submission, blocking problems or None)."""
        from rb_dcc.submit import SubmissionError

        def work(job):
            sub, problems = make()
            self._last = sub  # its journal lets a cancelled or failed run resume without a second task
            if problems:
                return ("invalid", problems)
            try:
                return ("done", sub.run(on_progress=job.progress, cancel=job.cancel_event))
            except SubmissionError as exc:
                if exc.problems:
                    return ("invalid", exc.problems)
                raise

        self.submitting = True
        self.progress, self.result, self.submit_error = None, None, None
        self.state_changed.emit()
        self.progress_changed.emit()
        self.runner.run("submit", work, on_result=self._submit_done, on_error=self._submit_failed,
                        on_progress=self._submit_progress, where=getattr(self.client, "domain", ""))
        return True

    def _submit_progress(self, event) -> None:
        self.progress = event
        self.progress_changed.emit()

    def _submit_done(self, outcome) -> None:
        self.submitting = False
        kind, payload = outcome
        if kind == "invalid":
            self.validation = list(payload)
            self.submit_error = ErrorInfo(tr("Not submitted"), tr("The checks before upload found problems; see Problems."),
                                          kind="input")
        else:
            self.result = payload
            self.message = tr("Submitted task %s.") % (getattr(payload, "alias", "") or payload.task_id)
        self.state_changed.emit()
        self.progress_changed.emit()
        self.form_changed.emit()
        if kind == "done":
            self.submitted.emit(payload.task_id)

    def _submit_failed(self, info: ErrorInfo) -> None:
        self.submitting = False
        self.submit_error = info
        self.state_changed.emit()
        self.progress_changed.emit()


__all__ = ["SubmitController", "apply_step", "REMEMBERED"]
