"""The background runner and the item models (checked with pytest-qt's qtmodeltester)."""

from __future__ import annotations

import threading
from typing import List, Optional

import pytest
from pydantic import BaseModel

pytest.importorskip("qtpy")
from qtpy.QtCore import Qt  # noqa: E402

from rb_dcc.scene import Asset, AssetKind, Problem, Severity  # noqa: E402
from rb_dcc.ui.models import AssetModel, FrameModel, ProblemModel, Role, TaskModel  # noqa: E402
from rb_dcc.ui.runner import Runner, SyncRunner  # noqa: E402


def _task_cls():
    try:
        from rb_dcc.api.models import Task

        return Task
    except ImportError:  # the API package is not there yet
        class Task(BaseModel):
            id: int
            task_alias: str = ""
            scene_name: str = ""
            task_status: int = 0
            total_frames: int = 0
            done_frames: int = 0
            failed_frames: int = 0
            render_consume: float = 0.0
            submit_date: int = 0
            render_duration: int = 0
            layer_name: Optional[str] = None
            resp_rendering_task_list: Optional[List["Task"]] = None

        return Task


def _frame_cls():
    try:
        from rb_dcc.api.models import Frame

        return Frame
    except ImportError:
        class Frame(BaseModel):
            id: int
            frame_index: str = ""
            frame_status: int = 1
            frame_execute_time: int = 0
            fee_amount: float = 0.0
            start_time: int = 0
            recommit_flag: int = 0

        return Frame


def make_tasks(n=5):
    Task = _task_cls()
    out = []
    for i in range(n):
        kids = None
        if i % 2 == 0:
            kids = [Task(id=1000 + i * 10 + k, task_alias="2W%d" % (1000 + i * 10 + k), scene_name="s.ma",
                         layer_name="layer%d" % k, task_status=5, total_frames=10, done_frames=k)
                    for k in range(2)]
        out.append(Task(id=i + 1, task_alias="2W%d" % (i + 1), scene_name="shot%02d.ma" % (n - i), task_status=[0, 5, 25, 45, 10][i % 5],
                        total_frames=10, done_frames=i % 10, failed_frames=i % 3, render_consume=i * 1.5,
                        submit_date=1700000000000 + i * 1000, render_duration=i * 61,
                        resp_rendering_task_list=kids))
    return out


def test_task_model_passes_modeltester(qtmodeltester):
    model = TaskModel()
    model.set_tasks(make_tasks())
    qtmodeltester.check(model)
    parent = model.index(0, 0)
    assert model.rowCount(parent) == 2
    assert model.data(model.index(0, 1, parent)) == "layer0"
    assert model.parent(model.index(1, 0, parent)) == parent


def test_task_model_sorts_and_keeps_children(qtmodeltester):
    model = TaskModel()
    model.set_tasks(make_tasks())
    model.sort(model.columns.index(next(c for c in model.columns if c.key == "scene")), Qt.AscendingOrder)
    names = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    assert names == sorted(names)
    for r in range(model.rowCount()):
        task = model.task(model.index(r, 0))
        kids = task.resp_rendering_task_list or []
        assert model.rowCount(model.index(r, 0)) == len(kids)
    qtmodeltester.check(model)


def test_task_model_updates_in_place_when_ids_unchanged(qtbot):
    model = TaskModel()
    tasks = make_tasks()
    model.set_tasks(tasks)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    changed = tasks[1].model_copy(update={"done_frames": 9})
    tasks[1] = changed
    model.set_tasks(tasks)
    assert not resets
    assert model.data(model.index(1, 3), Role.PROGRESS) == 90
    model.set_tasks(tasks[:2])
    assert resets


def test_frame_asset_problem_models(qtmodeltester):
    Frame = _frame_cls()
    from rb_dcc.ui.control.monitor import FrameRow

    frames = FrameModel()
    frames.set_rows([FrameRow(frame=Frame(id=i, frame_index=str(10 - i), frame_status=[1, 2, 4, 5][i % 4], task_id=1),
                              layer="beauty") for i in range(8)])
    qtmodeltester.check(frames)
    frames.sort(0, Qt.AscendingOrder)
    assert [frames.data(frames.index(r, 0)) for r in range(3)] == ["3", "4", "5"]
    assert frames.data(frames.index(0, 1)) == "beauty"

    assets = AssetModel()
    assets.set_rows([
        Asset(path="/tex/a.png", exists=True, size=2048, kind=AssetKind.TEXTURE, node="file1.fileTextureName"),
        Asset(path="/tex/missing.png", exists=False, node="file2.fileTextureName"),
        Asset(path="packed.png", packed=True, node="IM:packed"),
    ])
    qtmodeltester.check(assets)
    assert assets.data(assets.index(1, 0)) == "Missing"
    assert assets.data(assets.index(1, 0), Role.TONE) == "bad"
    assert assets.data(assets.index(0, 3)) == "2.0 KB"

    problems = ProblemModel()
    problems.set_rows([
        Problem(severity=Severity.NOTICE, message="n"),
        Problem(severity=Severity.ERROR, message="e", fix="do this"),
        Problem(severity=Severity.WARNING, message="w"),
    ])
    qtmodeltester.check(problems)
    assert [problems.data(problems.index(r, 1)) for r in range(3)] == ["e", "w", "n"]


# --- runner -----------------------------------------------------------------------------------

def test_runner_delivers_results_and_errors_as_data(qtbot):
    runner = Runner()
    got = {}
    runner.run("a", lambda job: 41 + 1, on_result=lambda v: got.setdefault("a", v))
    runner.run("b", lambda job: 1 / 0, on_error=lambda e: got.setdefault("b", e))
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
    assert got["a"] == 42
    assert got["b"].title and "ZeroDivisionError" in got["b"].message
    assert "Traceback" not in got["b"].text()
    runner.close()


def test_runner_replaces_a_running_job_of_the_same_key(qtbot):
    runner = Runner()
    release = threading.Event()
    results = []
    started = threading.Event()

    def slow(job):
        started.set()
        release.wait(5)
        return "old"

    first = runner.run("refresh", slow, on_result=results.append)
    qtbot.waitUntil(started.is_set, timeout=5000)
    runner.run("refresh", lambda job: "new", on_result=results.append)
    assert first.cancelled
    qtbot.waitUntil(lambda: results == ["new"], timeout=5000)
    release.set()
    runner.wait(5000)
    qtbot.wait(50)  # let any late signal arrive: it must be dropped
    assert results == ["new"]
    runner.close()


def test_runner_skips_when_not_replacing_and_reports_progress(qtbot):
    runner = Runner()
    release = threading.Event()
    progress = []
    done = []

    def work(job):
        job.progress(1)
        release.wait(5)
        job.progress(2)
        return "done"

    runner.run("auto", work, on_progress=progress.append, on_result=done.append)
    assert runner.busy("auto")
    assert runner.run("auto", lambda job: "second", on_result=done.append, replace=False) is None
    release.set()
    qtbot.waitUntil(lambda: done == ["done"], timeout=5000)
    assert progress == [1, 2]
    assert not runner.busy("auto")
    runner.close()


def test_sync_runner_same_interface():
    runner = SyncRunner()
    out = []
    runner.run("k", lambda job: job.key, on_result=out.append)
    runner.run("k", lambda job: {}["x"], on_error=lambda e: out.append(e.kind))
    assert out == ["k", "error"]
