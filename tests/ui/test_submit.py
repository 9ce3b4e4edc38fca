"""The Submit tab driven by clicks against a real local farm, through to a rendered task."""

from __future__ import annotations

import os
import shutil

import pytest

pytest.importorskip("qtpy")
from qtpy.QtCore import Qt  # noqa: E402

from rb_dcc.adapters.base import StandaloneHost  # noqa: E402


def _click(qtbot, button):
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.LeftButton)


def _ready(panel, qtbot):
    """Wait for the scene and the plan; create the proposed env by clicking when asked."""
    c, view = panel.submit_ctl, panel.submit_view
    qtbot.waitUntil(lambda: c.spec is not None and c.plan is not None, timeout=15000)
    if c.plan.env.needs_creation or c.plan.env.proposal is not None:
        assert "Create this env" in view.blocker_text.text() or c.plan.env.proposal is not None
        _click(qtbot, view.create_env_btn)
        qtbot.waitUntil(lambda: c.plan is not None and not c.plan.env.needs_creation and not c.creating_env
                        and not c.fetching, timeout=10000)
    qtbot.waitUntil(lambda: view.submit_btn.isEnabled(), timeout=5000)


def test_submit_by_clicks_to_a_rendered_task(make_panel, ui_client, ui_config, sample_scene, qtbot):
    panel = make_panel(StandaloneHost(sample_scene), client=ui_client)
    c, view = panel.submit_ctl, panel.submit_view
    qtbot.waitUntil(lambda: c.spec is not None, timeout=15000)
    assert view.summary["host"].text().startswith("Maya 2024")
    assert view.asset_model.rowCount() == 3
    assert not view.blockers.isHidden() or c.plan is None or view.submit_btn.isEnabled()
    _ready(panel, qtbot)
    assert view.blockers.isHidden()
    # settings: fewer frames, a project, test frames off
    view.frames.setFocus()
    view.frames.selectAll()
    qtbot.keyClicks(view.frames, "1-4")
    assert c.values["frames"] == "1-4"
    assert "4 frames" in view.frames_info.text()
    view.project.setText("demo")
    c.set_value("project", "demo")
    _click(qtbot, view.submit_btn)
    qtbot.waitUntil(lambda: c.result is not None or c.submit_error is not None, timeout=30000)
    assert c.submit_error is None, c.submit_error
    task_id = c.result.task_id
    # the Monitor opens on the new task
    qtbot.waitUntil(lambda: panel.tabs.currentWidget() is panel.monitor_view, timeout=5000)
    qtbot.waitUntil(lambda: panel.monitor_ctl.selected_id == task_id
                    and panel.monitor_view.model.index_of_id(task_id).isValid(), timeout=10000)
    task = ui_client.query.task_info([task_id]).items[0]
    kids = task.resp_rendering_task_list or []
    assert sum(k.total_frames or 0 for k in kids) or task.total_frames
    qtbot.waitUntil(lambda: int(ui_client.query.task_info([task_id]).items[0].task_status) == 25, timeout=30000)
    # settings were remembered with the scene
    saved = StandaloneHost(sample_scene).read_settings()
    assert saved.get("frames") == "1-4" and saved.get("project") == "demo"


def test_missing_files_block_until_accepted(make_panel, ui_client, sample_scene, tmp_path, qtbot):
    scene_dir = tmp_path / "shot"
    shutil.copytree(os.path.dirname(os.path.dirname(sample_scene)), scene_dir)
    os.remove(scene_dir / "sourceimages" / "label_checker.png")
    panel = make_panel(StandaloneHost(str(scene_dir / "scenes" / "demo_shot.ma")), client=ui_client)
    c, view = panel.submit_ctl, panel.submit_view
    qtbot.waitUntil(lambda: c.plan is not None, timeout=15000)
    if c.plan.env.needs_creation:
        _click(qtbot, view.create_env_btn)
        qtbot.waitUntil(lambda: c.plan is not None and not c.plan.env.needs_creation and not c.fetching, timeout=10000)
    assert not view.submit_btn.isEnabled()
    assert "missing" in view.blocker_text.text()
    assert not view.blockers.isHidden()  # the reasons are in plain sight, not in a tooltip
    view.missing_only.setChecked(True)
    assert view.asset_model.rowCount() == 1
    assert view.asset_model.data(view.asset_model.index(0, 0)) == "Missing"
    # double-click → select_node; the standalone host cannot, and says so
    idx = view.asset_model.index(0, 1)
    view.assets.doubleClicked.emit(idx)
    assert "cannot be selected" in view.banner.text.text()
    view.accept_missing.setChecked(True)
    qtbot.waitUntil(lambda: view.submit_btn.isEnabled(), timeout=5000)


def test_cancel_mid_upload(make_panel, ui_client, sample_scene, tmp_path, qtbot):
    scene_dir = tmp_path / "big"
    shutil.copytree(os.path.dirname(os.path.dirname(sample_scene)), scene_dir)
    # a big texture so that the upload takes a while
    with open(scene_dir / "sourceimages" / "wood_albedo.png", "ab") as fh:
        fh.write(os.urandom(48 * 1024 * 1024))
    panel = make_panel(StandaloneHost(str(scene_dir / "scenes" / "demo_shot.ma")), client=ui_client)
    c, view = panel.submit_ctl, panel.submit_view
    _ready(panel, qtbot)
    _click(qtbot, view.submit_btn)
    qtbot.waitUntil(lambda: c.progress is not None and c.progress.stage == "upload" and c.progress.bytes_done > 0,
                    timeout=30000)
    assert not view.cancel_btn.isHidden()
    assert view.detail.text()  # files, bytes, rate
    _click(qtbot, view.cancel_btn)
    qtbot.waitUntil(lambda: not c.submitting, timeout=15000)
    assert c.result is None
    assert c.submit_error is not None and c.submit_error.kind == "cancelled"
    assert not view.banner.isHidden() and "Cancelled" in view.banner.title.text()
    assert view.submit_btn.isEnabled()
    # resume: the same task, no second one, and only what is left is sent
    first_task = c._last.task_id
    before = {t.id for t in ui_client.iter_tasks()}
    _click(qtbot, view.banner.button("resume"))
    qtbot.waitUntil(lambda: c.result is not None or (c.submit_error is not None and not c.submitting),
                    timeout=60000)
    assert c.submit_error is None, c.submit_error
    assert c.result.task_id == first_task
    assert {t.id for t in ui_client.iter_tasks()} == before


def test_dead_farm_submit_tab_says_so(make_panel, dead_client, sample_scene, qtbot):
    panel = make_panel(StandaloneHost(sample_scene), client=dead_client)
    c, view = panel.submit_ctl, panel.submit_view
    qtbot.waitUntil(lambda: c.catalogue_error is not None, timeout=15000)
    assert not view.banner.isHidden()
    assert "Cannot reach" in view.banner.text.text()
    assert view.banner.button("retry_catalogue") is not None
    assert "could not be loaded" in view.blocker_text.text()
    assert not view.submit_btn.isEnabled()
    _click(qtbot, view.banner.button("retry_catalogue"))
    qtbot.waitUntil(lambda: c.fetching, timeout=2000)
    qtbot.waitUntil(lambda: not c.fetching, timeout=10000)
