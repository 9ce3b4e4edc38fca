"""The Submit tab: what the scene is, what it needs, where it will render, and one Submit button."""

from __future__ import annotations

from typing import List

from qtpy.QtCore import Qt, QTimer
from qtpy.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QFormLayout, QFrame, QGridLayout, QGroupBox,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QProgressBar, QPushButton,
    QScrollArea, QSpinBox, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from .. import format as fmt
from ..control.submit import SubmitController
from ..i18n import current_language, tr
from ..models import AssetModel, ProblemModel
from .common import Banner, ControllerBindings, icon, set_role, set_tone, tool_button, wrap_label


def _lang() -> str:
    return "zh_CN" if current_language() == "zh_CN" else "en"


class SubmitView(ControllerBindings, QWidget):
    def __init__(self, controller: SubmitController, parent=None):
        super().__init__(parent)
        self.setObjectName("rbSubmit")
        self.c = controller
        self.open_scene = None  # callable() set by the panel in standalone mode
        self._filling = False
        self._bindings = []
        self._build()
        self._bind()
        self._scene_changed()
        self._state_changed()
        self._progress_changed()

    # --- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        # scene summary
        self.scene_box = QGroupBox(tr("Scene"))
        grid = QFormLayout(self.scene_box)
        grid.setLabelAlignment(Qt.AlignRight)
        grid.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.summary = {}
        for key, label in (("file", tr("File")), ("host", tr("Application")), ("renderer", tr("Renderer")),
                           ("plugins", tr("Plugins")), ("frames", tr("Frames")), ("cameras", tr("Cameras")),
                           ("layers", tr("Layers")), ("output", tr("Output")), ("resolution", tr("Resolution"))):
            value = wrap_label()
            value.setObjectName("rbSummary_" + key)
            k = QLabel(label)
            k.setObjectName("rbKey")
            grid.addRow(k, value)
            self.summary[key] = value
        row = QHBoxLayout()
        self.open_btn = tool_button(tr("Open scene…"), "scene", lambda: self.open_scene and self.open_scene())
        self.reload_btn = tool_button(tr("Read again"), "refresh", self.c.load)
        row.addWidget(self.open_btn)
        row.addWidget(self.reload_btn)
        row.addStretch(1)
        grid.addRow(row)

        # assets
        self.assets_box = QGroupBox(tr("Files the scene uses"))
        av = QVBoxLayout(self.assets_box)
        ah = QHBoxLayout()
        self.asset_count = QLabel()
        self.asset_count.setProperty("tone", "muted")
        self.missing_only = QCheckBox(tr("Missing only"))
        ah.addWidget(self.asset_count, 1)
        ah.addWidget(self.missing_only)
        av.addLayout(ah)
        self.asset_model = AssetModel(self)
        self.assets = QTableView()
        self.assets.setObjectName("rbAssets")
        self.assets.setModel(self.asset_model)
        self.assets.setSortingEnabled(True)
        self.assets.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.assets.verticalHeader().hide()
        self.assets.setAlternatingRowColors(True)
        self.assets.setWordWrap(False)
        self.assets.setTextElideMode(Qt.ElideMiddle)
        self.assets.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.assets.setToolTip(tr("Double-click a file to select its node in the scene."))
        hh = self.assets.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.Stretch)
        av.addWidget(self.assets)

        # problems
        self.problems_box = QGroupBox(tr("Problems"))
        pv = QVBoxLayout(self.problems_box)
        self.problem_model = ProblemModel(self)
        self.problems = QTableView()
        self.problems.setObjectName("rbProblems")
        self.problems.setModel(self.problem_model)
        self.problems.verticalHeader().hide()
        self.problems.setWordWrap(True)
        self.problems.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectRows)
        ph = self.problems.horizontalHeader()
        ph.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        ph.setSectionResizeMode(1, QHeaderView.Stretch)
        ph.setSectionResizeMode(2, QHeaderView.Stretch)
        self.no_problems = wrap_label(tr("No problems found."), "ok")
        pv.addWidget(self.problems)
        pv.addWidget(self.no_problems)

        lists = QSplitter(Qt.Vertical)
        lists.addWidget(self.assets_box)
        lists.addWidget(self.problems_box)
        lists.setStretchFactor(0, 3)
        lists.setStretchFactor(1, 2)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.scene_box)
        lv.addWidget(lists, 1)

        # farm: env + hardware
        self.farm_box = QGroupBox(tr("Where it renders"))
        fg = QGridLayout(self.farm_box)
        self.env = QComboBox()
        self.env.setObjectName("rbEnv")
        self.env.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.env.setMinimumContentsLength(18)
        self.env_reasons = wrap_label("", "muted", "rbEnvReasons")
        self.create_env_btn = tool_button(tr("Create this env"), "ok", self.c.create_env)
        self.create_env_btn.setObjectName("rbCreateEnv")
        self.hardware = QComboBox()
        self.hardware.setObjectName("rbHardwarePick")
        self.hardware.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.hardware.setMinimumContentsLength(18)
        self.hw_reasons = wrap_label("", "muted", "rbHardwareReasons")
        self.farm_status = wrap_label("", "muted")
        fg.addWidget(QLabel(tr("Render environment")), 0, 0)
        fg.addWidget(self.env, 0, 1)
        fg.addWidget(self.create_env_btn, 0, 2)
        fg.addWidget(self.env_reasons, 1, 1, 1, 2)
        fg.addWidget(QLabel(tr("Hardware")), 2, 0)
        fg.addWidget(self.hardware, 2, 1, 1, 2)
        fg.addWidget(self.hw_reasons, 3, 1, 1, 2)
        fg.addWidget(self.farm_status, 4, 0, 1, 3)
        fg.setColumnStretch(1, 1)

        # job settings
        self.job_box = QGroupBox(tr("Job settings"))
        form = QFormLayout(self.job_box)
        form.setLabelAlignment(Qt.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.fields = {}
        self.errors = {}
        frames_row = QHBoxLayout()
        self.frames = QLineEdit()
        self.frames.setObjectName("rbFrames")
        self.frames.setPlaceholderText(tr("e.g. 1-100 or 1,5,10-20"))
        self.step = QSpinBox()
        self.step.setRange(1, 10000)
        self.step.setPrefix(tr("step "))
        frames_row.addWidget(self.frames, 1)
        frames_row.addWidget(self.step)
        form.addRow(tr("Frames"), frames_row)
        self.frames_info = wrap_label("", "muted", "rbFramesInfo")
        form.addRow("", self.frames_info)
        self.fpm = QSpinBox()
        self.fpm.setRange(1, 1000)
        form.addRow(tr("Frames per machine"), self.fpm)
        test_row = QHBoxLayout()
        self.test_frames = QLineEdit()
        self.test_frames.setObjectName("rbTestFrames")
        self.test_frames.setPlaceholderText(tr("first, middle, last — or frame numbers"))
        self.stop_after_test = QCheckBox(tr("Wait after the test"))
        test_row.addWidget(self.test_frames, 1)
        test_row.addWidget(self.stop_after_test)
        form.addRow(tr("Test frames first"), test_row)
        self.cameras = QListWidget()
        self.cameras.setObjectName("rbCameras")
        self.cameras.setMaximumHeight(90)
        form.addRow(tr("Cameras"), self.cameras)
        self.layers = QListWidget()
        self.layers.setObjectName("rbLayers")
        self.layers.setMaximumHeight(90)
        form.addRow(tr("Layers"), self.layers)
        self.priority = QSpinBox()
        self.priority.setRange(0, 100)
        form.addRow(tr("Priority"), self.priority)
        self.project = QLineEdit()
        form.addRow(tr("Project"), self.project)
        self.labels = QLineEdit()
        self.labels.setPlaceholderText(tr("comma separated"))
        form.addRow(tr("Labels"), self.labels)
        out_row = QHBoxLayout()
        self.output_dir = QLineEdit()
        self.output_dir.setPlaceholderText(tr("where downloaded frames go"))
        out_row.addWidget(self.output_dir, 1)
        out_row.addWidget(tool_button(tr("Browse…"), "folder", self._browse_output))
        form.addRow(tr("Output folder"), out_row)
        self.field_error = wrap_label("", "bad", "rbFieldErrors")
        form.addRow("", self.field_error)

        right_inner = QWidget()
        right_inner.setObjectName("rbScrollBody")
        rv = QVBoxLayout(right_inner)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.farm_box)
        rv.addWidget(self.job_box)
        rv.addStretch(1)
        right = QScrollArea()
        right.setWidgetResizable(True)
        right.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        right.setFrameShape(QFrame.NoFrame)
        right.setWidget(right_inner)

        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        # bottom: why not, progress, submit
        self.banner = Banner()
        self.banner.action.connect(self._banner_action)
        self.blockers = QFrame()
        self.blockers.setObjectName("rbBlockers")
        bl = QVBoxLayout(self.blockers)
        bl.setContentsMargins(10, 6, 10, 6)
        head = QLabel(tr("Submit is not possible yet:"))
        head.setObjectName("rbBannerTitle")
        bl.addWidget(head)
        self.blocker_text = wrap_label("", "", "rbBlockerText")
        bl.addWidget(self.blocker_text)

        bar = QFrame()
        bar.setObjectName("rbSubmitBar")
        bh = QHBoxLayout(bar)
        prog = QVBoxLayout()
        self.stage = QLabel()
        self.stage.setObjectName("rbStage")
        self.bar = QProgressBar()
        self.bar.setObjectName("rbSubmitProgress")
        self.bar.setRange(0, 1000)
        self.detail = QLabel()
        self.detail.setObjectName("rbProgressDetail")
        self.detail.setProperty("tone", "muted")
        prog.addWidget(self.stage)
        prog.addWidget(self.bar)
        prog.addWidget(self.detail)
        bh.addLayout(prog, 1)
        self.accept_missing = QCheckBox(tr("Submit without the missing files"))
        self.accept_missing.setObjectName("rbAcceptMissing")
        bh.addWidget(self.accept_missing)
        self.cancel_btn = tool_button(tr("Cancel"), "cancel", self.c.cancel)
        self.cancel_btn.setObjectName("rbCancel")
        self.submit_btn = QPushButton(icon("submit"), tr("Submit"))
        self.submit_btn.setObjectName("rbSubmitButton")
        set_role(self.submit_btn, "primary")
        self.submit_btn.clicked.connect(lambda: self.c.submit())
        bh.addWidget(self.cancel_btn)
        bh.addWidget(self.submit_btn)

        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(split, 1)
        lay.addWidget(self.blockers)
        lay.addWidget(bar)

    # --- binding ------------------------------------------------------------------------------
    def _bind(self) -> None:
        c = self.c
        self._on(c.scene_changed, self._scene_changed)
        self._on(c.plan_changed, self._plan_changed)
        self._on(c.form_changed, self._form_changed)
        self._on(c.state_changed, self._state_changed)
        self._on(c.progress_changed, self._progress_changed)
        self.missing_only.toggled.connect(lambda _on: self._fill_assets())
        self.assets.doubleClicked.connect(self._asset_activated)
        self.problems.doubleClicked.connect(self._problem_activated)
        self.env.activated.connect(lambda i: c.choose_env(self.env.itemData(i)))
        self.hardware.activated.connect(lambda i: c.choose_hardware(self.hardware.itemData(i)))
        self.frames.textEdited.connect(lambda t: c.set_value("frames", t))
        self.step.valueChanged.connect(lambda v: self._set("step", v))
        self.fpm.valueChanged.connect(lambda v: self._set("frames_per_machine", v))
        self.test_frames.textEdited.connect(lambda t: c.set_value("test_frames", t))
        self.stop_after_test.toggled.connect(lambda on: self._set("stop_after_test", on))
        self.priority.valueChanged.connect(lambda v: self._set("priority", v))
        self.project.textEdited.connect(lambda t: c.set_value("project", t))
        self.labels.textEdited.connect(lambda t: c.set_value("labels", [x.strip() for x in t.split(",") if x.strip()]))
        self.output_dir.textChanged.connect(lambda t: self._set("output_dir", t))
        self.cameras.itemChanged.connect(lambda _i: self._set("cameras", self._checked(self.cameras)))
        self.layers.itemChanged.connect(lambda _i: self._set("layers", self._checked(self.layers)))
        self.accept_missing.toggled.connect(lambda on: self._set("accept_missing", on))
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(1500)
        self._save_timer.timeout.connect(c.save_settings)

    def _set(self, key, value) -> None:
        if not self._filling:
            self.c.set_value(key, value)
            self._save_timer.start()

    @staticmethod
    def _checked(widget: QListWidget) -> List[str]:
        return [widget.item(i).text() for i in range(widget.count()) if widget.item(i).checkState() == Qt.Checked]

    # --- scene --------------------------------------------------------------------------------
    def _scene_changed(self) -> None:
        c, spec = self.c, self.c.spec
        self.open_btn.setVisible(self.open_scene is not None or getattr(c.adapter, "name", "") == "standalone")
        if spec is None:
            for key, label in self.summary.items():
                label.setText("")
            if c.adapter is not None and getattr(c.adapter, "scene_path", None):
                self.summary["file"].setText(c.adapter.scene_path() or tr("(no scene open)"))
            else:
                self.summary["file"].setText(tr("(no scene open)"))
            self.asset_model.set_rows([])
            self.problem_model.set_rows([])
            self.asset_count.setText("")
            return
        from rb_dcc.scene import Host

        s = self.summary
        s["file"].setText(spec.scene_path)
        s["host"].setText("%s %s" % (Host(spec.host).label, spec.host_version))
        s["renderer"].setText(("%s %s" % (spec.renderer, spec.renderer_version)).strip() or tr("(not found)"))
        s["plugins"].setText(", ".join(("%s %s" % (p.name, p.version)).strip() for p in spec.plugins) or tr("none"))
        s["frames"].setText(tr("%s (%d frames)") % (spec.frames, len(spec.frames)) if spec.frames else tr("(not found)"))
        cams = spec.renderable_cameras or [cam.name for cam in spec.cameras]
        s["cameras"].setText(", ".join(cams) or tr("none"))
        s["layers"].setText(", ".join(layer.name + ("" if layer.renderable else tr(" (off)")) for layer in spec.layers)
                            or tr("none"))
        s["output"].setText(" ".join(x for x in (spec.output_pattern, spec.image_format) if x) or tr("(default)"))
        r = spec.resolution
        s["resolution"].setText("%d × %d" % (r.width, r.height) + (" @ %d%%" % r.percentage if r.percentage != 100 else "")
                                if r.width else tr("(not found)"))
        self._fill_assets()
        self._fill_form()
        self._form_changed()

    def _fill_assets(self) -> None:
        spec = self.c.spec
        assets = list(spec.assets) if spec else []
        missing = [a for a in assets if not a.exists and not a.packed]
        shown = missing if self.missing_only.isChecked() else assets
        self.asset_model.set_rows(shown)
        total = sum(a.size for a in assets)
        text = tr("%d files · %s") % (len(assets), fmt.size(total))
        if missing:
            text += " · " + tr("%d missing") % len(missing)
            set_tone(self.asset_count, "bad")
        else:
            set_tone(self.asset_count, "muted")
        self.asset_count.setText(text)

    def _fill_form(self) -> None:
        v = self.c.values
        spec = self.c.spec
        self._filling = True
        try:
            self.frames.setText(str(v.get("frames") or ""))
            self.step.setValue(int(v.get("step") or 1))
            self.fpm.setValue(int(v.get("frames_per_machine") or 1))
            self.test_frames.setText(str(v.get("test_frames") or ""))
            self.stop_after_test.setChecked(bool(v.get("stop_after_test")))
            self.priority.setValue(int(v.get("priority") or 50))
            self.project.setText(str(v.get("project") or ""))
            self.labels.setText(", ".join(v.get("labels") or []))
            self.output_dir.setText(str(v.get("output_dir") or ""))
            self.accept_missing.setChecked(bool(v.get("accept_missing")))
            for widget, names, chosen in (
                (self.cameras, [c.name for c in spec.cameras] if spec else [], v.get("cameras") or []),
                (self.layers, [layer.name for layer in spec.layers] if spec else [], v.get("layers") or []),
            ):
                widget.clear()
                for name in names:
                    item = QListWidgetItem(name)
                    item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                    item.setCheckState(Qt.Checked if name in chosen else Qt.Unchecked)
                    widget.addItem(item)
                widget.setVisible(bool(names))
        finally:
            self._filling = False

    def _asset_activated(self, index) -> None:
        asset = self.asset_model.row(index.row())
        self._select_node(asset.node or asset.path)

    def _problem_activated(self, index) -> None:
        p = self.problem_model.row(index.row())
        if p.ref:
            self._select_node(p.ref)

    def _select_node(self, ref: str) -> None:
        adapter = self.c.adapter
        ok = False
        try:
            ok = bool(adapter and adapter.select_node(ref))
        except Exception:
            ok = False
        if not ok:
            self.banner.show_message("", tr("%s cannot be selected here (no host application is running).") % ref,
                                     "busy", [("dismiss", tr("OK"))])

    def _browse_output(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Output folder"), self.output_dir.text())
        if folder:
            self.output_dir.setText(folder)

    # --- plan ---------------------------------------------------------------------------------
    def _plan_changed(self) -> None:
        plan, lang = self.c.plan, _lang()
        self.env.clear()
        self.hardware.clear()
        if plan is None:
            self.env_reasons.setText("")
            self.hw_reasons.setText("")
            self.create_env_btn.hide()
            return
        em = plan.env
        cands = ([em.chosen] if em.chosen else []) + list(em.alternatives)
        for cand in cands:
            label = cand.name + ("" if cand.saved else tr(" (new)"))
            if not cand.usable:
                label += tr(" — does not fit")
            elif not cand.exact:
                label += tr(" — closest")
            self.env.addItem(label, cand.name)
        if em.proposal is not None and all(c.name != em.proposal.name for c in cands):
            self.env.addItem(em.proposal.name + tr(" (new)"), em.proposal.name)
        self.env.setCurrentIndex(0)
        self.env_reasons.setText("\n".join("• " + r.text(lang) for r in em.reasons))
        self.create_env_btn.setVisible(em.proposal is not None or em.needs_creation)
        hm = plan.hardware
        hcands = ([hm.chosen] if hm.chosen else []) + list(hm.alternatives)
        for cand in hcands:
            label = "%s · %s" % (cand.kind, cand.label)
            if cand.cost is not None:
                label += " · " + tr("about %s") % fmt.money(cand.cost)
            if not cand.usable:
                label += tr(" — does not fit")
            self.hardware.addItem(label, cand.id)
        self.hardware.setCurrentIndex(0)
        self.hw_reasons.setText("\n".join("• " + r.text(lang) for r in hm.reasons))

    # --- form, blockers, progress -------------------------------------------------------------
    def _form_changed(self) -> None:
        c = self.c
        errs = c.field_errors
        self.frames.setProperty("invalid", "frames" in errs)
        self.frames.style().unpolish(self.frames)
        self.frames.style().polish(self.frames)
        n = c.frame_count()
        fpm = int(c.values.get("frames_per_machine") or 1)
        if n:
            machines = (n + fpm - 1) // fpm
            text = tr("%d frames on up to %d machines") % (n, machines)
            if c.plan is not None and c.plan.hardware.chosen is not None and c.plan.hardware.chosen.cost is not None:
                text += " · " + tr("estimated cost %s") % fmt.money(c.plan.hardware.chosen.cost)
            self.frames_info.setText(text)
        else:
            self.frames_info.setText("")
        self.field_error.setText("\n".join("%s" % m for m in errs.values()))
        self.field_error.setVisible(bool(errs))
        problems = c.problems()
        self.problem_model.set_rows(problems)
        self.problems.setVisible(bool(problems))
        self.no_problems.setVisible(not problems and c.spec is not None)
        self.problems_box.setTitle(tr("Problems (%d)") % len(problems) if problems else tr("Problems"))
        self._update_submit()

    def _update_submit(self) -> None:
        c = self.c
        reasons = [] if c.submitting else c.blockers()
        self.blocker_text.setText("\n".join("• " + r for r in reasons))
        self.blockers.setVisible(bool(reasons))
        self.submit_btn.setEnabled(c.can_submit)
        self.cancel_btn.setVisible(c.submitting)
        dirty = False
        try:
            dirty = bool(c.adapter and not c.in_background() and c.adapter.is_dirty())
        except Exception:
            dirty = False
        self.submit_btn.setText(tr("Save and submit") if dirty else tr("Submit"))
        self.accept_missing.setVisible(bool(c.missing_assets()))

    def _state_changed(self) -> None:
        c = self.c
        if c.collecting:
            self.farm_status.setText(tr("Reading the scene…"))
        elif c.fetching:
            self.farm_status.setText(tr("Asking the farm…"))
        elif c.creating_env:
            self.farm_status.setText(tr("Creating the render environment…"))
        else:
            self.farm_status.setText(c.message)
        for w in (self.env, self.hardware):
            w.setEnabled(c.plan is not None and not c.submitting)
        for w in (self.job_box, self.open_btn, self.reload_btn, self.accept_missing):
            w.setEnabled(not c.submitting)  # what is being sent cannot change under it
        self.create_env_btn.setEnabled(not c.creating_env)
        if c.catalogue_error is not None:
            self.banner.show_message(c.catalogue_error.title, c.catalogue_error.text(), "bad",
                                     [("retry_catalogue", tr("Retry"))], icon_name="offline"
                                     if c.catalogue_error.kind == "offline" else None)
        elif c.scene_error is not None:
            self.banner.show_message(c.scene_error.title, c.scene_error.text(), "bad", [("reload", tr("Read again"))])
        elif c.submit_error is not None:
            actions = [("dismiss", tr("OK"))]
            if c.resumable:
                actions.insert(0, ("resume", tr("Resume")))  # same task, only what is left is sent
            elif c.submit_error.retry:
                actions.insert(0, ("submit", tr("Try again")))
            self.banner.show_message(c.submit_error.title, c.submit_error.text(),
                                     "held" if c.submit_error.kind == "cancelled" else "bad", actions)
        elif c.result is not None:
            self.banner.show_message(tr("Submitted"), c.message, "ok", [("monitor", tr("Show in Monitor"))])
        else:
            self.banner.hide()
        self._update_submit()

    def _banner_action(self, key: str) -> None:
        c = self.c
        if key == "retry_catalogue":
            c.fetch_catalogue(fresh=True)
        elif key == "reload":
            c.load()
        elif key == "submit":
            c.submit_error = None
            c.submit()
        elif key == "resume":
            c.resume()
        elif key == "monitor" and c.result is not None:
            c.submitted.emit(c.result.task_id)
        else:
            c.submit_error = None
            self.banner.hide()

    def _progress_changed(self) -> None:
        c, ev = self.c, self.c.progress
        if ev is None:
            self.stage.setText(tr("Submitting…") if c.submitting else "")
            self.bar.setVisible(c.submitting)
            self.detail.setText("")
            if not c.submitting and c.result is not None:
                self.stage.setText(c.message)
            return
        self.bar.show()
        stage_names = {"validate": tr("Checking"), "prepare": tr("Preparing"), "create": tr("Creating the task"), "jobfiles": tr("Sending job files"),
                       "upload": tr("Uploading"), "submit": tr("Starting the render"), "done": tr("Done")}
        stage = stage_names.get(str(ev.stage), str(ev.stage))
        self.stage.setText("%s — %s" % (stage, ev.message) if ev.message else stage)
        total = ev.bytes_total or 0
        if total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * (ev.bytes_done or 0) / total))
        elif ev.files_total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * (ev.files_done or 0) / ev.files_total))
        parts = []
        if ev.files_total:
            parts.append(tr("%d of %d files") % (ev.files_done or 0, ev.files_total))
        if total:
            parts.append(tr("%s of %s") % (fmt.size(ev.bytes_done or 0), fmt.size(total)))
        if ev.rate_bps:
            parts.append(fmt.rate(ev.rate_bps))
        if ev.eta_s is not None and c.submitting:
            parts.append(tr("%s left") % fmt.duration(ev.eta_s))
        self.detail.setText(" · ".join(parts))
        if not c.submitting:
            set_tone(self.bar, "ok" if c.result is not None else "bad")
        else:
            set_tone(self.bar, "")
