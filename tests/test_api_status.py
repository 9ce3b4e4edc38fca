"""Status codes, frame-number matching and id coercion of rb_dcc.api."""

from __future__ import annotations

import pytest

from rb_dcc.api import FrameStatus, TaskStatus
from rb_dcc.api.models import Frame, Task
from rb_dcc.api.operators._base import cg_id_of, ids
from rb_dcc.api.operators.query import frame_numbers, match_frames
from rb_dcc.api.status import TERMINAL_TASK_STATUSES


def test_terminal_task_statuses_are_the_documented_set():
    assert {int(s) for s in TaskStatus if s.is_terminal} == {10, 15, 20, 23, 25, 30, 35, 45, 65, 70}
    assert TERMINAL_TASK_STATUSES == {10, 15, 20, 23, 25, 30, 35, 45, 65, 70}
    assert not TaskStatus(40).is_terminal and not TaskStatus.RENDERING.is_terminal
    assert TaskStatus(45).is_failure and TaskStatus(30).is_failure and not TaskStatus(25).is_failure


def test_labels_are_short_english_and_every_code_has_one():
    for enum in (TaskStatus, FrameStatus):
        for member in enum:
            assert member.label and len(member.label) <= 26 and not member.label.startswith("status ")
    assert TaskStatus(25).label == "Done" and FrameStatus(5).label == "Failed"


def test_unknown_codes_still_convert():
    odd = TaskStatus(77)
    assert odd == 77 and odd.name == "UNKNOWN_77" and odd.label == "status 77" and not odd.is_terminal
    assert TaskStatus("25") is TaskStatus.FINISHED
    assert Task.model_validate({"taskStatus": 88}).task_status == 88
    with pytest.raises(ValueError):
        TaskStatus("x")


def test_parent_task_is_terminal_only_when_every_child_is():
    t = Task.model_validate({"taskStatus": 25, "isOpen": 1, "respRenderingTaskList": [
        {"id": 1, "taskStatus": 25}, {"id": 2, "taskStatus": 5}]})
    assert not t.is_terminal and [c.id for c in t.leaves()] == [1, 2]


def test_frame_numbers_and_matching():
    assert frame_numbers("7-9[1]") == {7, 8, 9}
    assert frame_numbers("1,5,10-14[2]") == {1, 5, 10, 12, 14}
    assert frame_numbers("0-1") == {0, 1} and frame_numbers("bad") == set()
    frames = [Frame(id=1, frame_index="1-3[1]"), Frame(id=2, frame_index="6"), Frame(id=3, frame_index="6")]
    assert [f.id for f in match_frames(frames, ["6"])] == [2, 3]  # exact, duplicates kept
    assert [f.id for f in match_frames(frames, ["2"])] == [1]  # by overlap when no exact index
    assert match_frames(frames, ["40"]) == []


def test_ids_and_cg_ids():
    assert ids(5, "x") == [5] and ids(["6", 7], "x") == [6, 7] and ids(None, "x") == []
    with pytest.raises(ValueError, match="not a task/frame id"):
        ids(["a"], "stop_task")
    assert cg_id_of("Maya", "x") == 2000 and cg_id_of("3ds Max", "x") == 2001 and cg_id_of("2004", "x") == 2004
    with pytest.raises(ValueError, match="unknown software"):
        cg_id_of("photoshop", "supported_plugin(name)")
