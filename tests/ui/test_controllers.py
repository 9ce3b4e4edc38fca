"""The controllers are plain Python: driven here with the inline runner, no window, no Qt."""

from __future__ import annotations

import subprocess
import sys

from rb_dcc.adapters.base import StandaloneHost
from rb_dcc.ui.control.monitor import MonitorController
from rb_dcc.ui.control.submit import SubmitController, apply_step
from rb_dcc.ui.runner import SyncRunner
from tests.fixtures.ui import ROOT, make_task


def test_controllers_import_no_qt():
    code = ("import sys, rb_dcc.ui, rb_dcc.ui.control.monitor, rb_dcc.ui.control.submit, "
            "rb_dcc.ui.control.profiles, rb_dcc.ui.runner, rb_dcc.ui.errors; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('qtpy', 'PySide6', 'PyQt6', 'PySide2', 'PyQt5')]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(ROOT))


def test_monitor_controller_lists_filters_pages_and_acts(ui_client):
    a = make_task(ui_client, frames="1-2", scene="alpha.ma")
    b = make_task(ui_client, frames="1-2", scene="beta.ma")
    c = MonitorController(SyncRunner(), ui_client, rows_per_page=1)
    changes = []
    c.tasks_changed.connect(lambda: changes.append(len(c.visible)))
    assert c.refresh()
    assert {t.id for t in c.tasks} == {a, b} and c.error is None
    assert c.page_count == 2 and len(c.page_tasks()) == 1
    c.set_sort("id", descending=False)
    assert [t.id for t in c.visible] == sorted([a, b])
    c.set_page(1)
    assert c.page_tasks()[0].id == max(a, b)
    c.set_filter(text=str(b))
    assert [t.id for t in c.visible] == [b]
    c.set_filter(text="")
    c.select_task(a)
    assert c.selected.id == a
    c.request("delete", [a])
    assert c.pending and "Delete" in c.pending["question"]
    c.cancel_pending()
    assert any(t.id == a for t in ui_client.iter_tasks())
    c.request("delete", [a])
    c.confirm()
    assert "Deleted" in c.message and all(t.id != a for t in ui_client.iter_tasks())
    assert changes


def test_monitor_controller_offline(dead_client):
    c = MonitorController(SyncRunner(), dead_client)
    c.refresh()
    assert c.error is not None and c.error.kind == "offline" and c.error.retry
    assert dead_client.domain in c.error.message
    assert "Traceback" not in c.error.text()


def test_submit_controller_to_a_submitted_task(ui_client, ui_config, sample_scene):
    c = SubmitController(SyncRunner(), StandaloneHost(sample_scene), ui_client)
    submitted = []
    c.submitted.connect(submitted.append)
    c.load()
    assert c.spec is not None and c.plan is not None
    if c.plan.env.needs_creation:
        assert any("Create this env" in b for b in c.blockers())
        c.create_env()
    assert c.blockers() == [], c.blockers()
    c.set_value("frames", "1-3")
    c.set_value("step", 2)
    assert str(c.frame_range()) == "1-3[2]" and c.frame_count() == 2
    c.set_value("frames", "not frames")
    assert any(b.startswith("Frames") for b in c.blockers())
    c.set_value("frames", "1-2")
    c.set_value("step", 1)
    assert c.submit()
    assert c.result is not None and submitted == [c.result.task_id]
    assert c.progress is not None and c.progress.stage


def test_submit_controller_blockers_in_plain_words(sample_scene):
    c = SubmitController(SyncRunner(), None, None)
    words = " ".join(c.blockers())
    assert "Not signed in" in words and "No scene" in words
    c = SubmitController(SyncRunner(), StandaloneHost(None), None)
    c.load()
    assert c.scene_error is not None and "no scene file chosen" in c.scene_error.message


def test_apply_step():
    from rb_dcc.scene import FrameRange

    assert str(apply_step(FrameRange.parse("1-10,20-30[5]"), 3)) == "1-10[3],20-30[5]"


def test_large_lists_resort_without_losing_tasks(ui_client):
    from rb_dcc.ui.runner import SyncRunner

    for _ in range(21):
        ui_client.task.create_task(count=100)
    c = MonitorController(SyncRunner(), ui_client, limit=None)
    c.refresh()
    assert len(c.tasks) == 2100
    ids = sorted(t.id for t in c.tasks)
    c.set_sort("id", descending=False)  # large: derived on the runner, old lists released there
    c.set_filter(text="")
    assert sorted(t.id for t in c.tasks) == ids and [t.id for t in c.visible] == ids
    c.refresh()
    assert len(c.tasks) == 2100 and len(c.find(ids[0]).task_alias or "x") > 0
