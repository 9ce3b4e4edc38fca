"""rb_dcc.api against the real local farm (rb_dcc.localfarm): a whole task's life over HTTP."""

from __future__ import annotations

import time

import pytest

from rb_dcc.api import AuthError, FrameStatus, RenderbusClient, TaskStatus
from rb_dcc.api.models import CreateTaskResult, Frame, Task
from tests.fixtures.farm import task_json


def _wait_terminal(client, task_id: int, timeout: float = 20.0) -> Task:
    deadline = time.monotonic() + timeout
    while True:
        task = client.query.task_info([task_id]).items[0]
        if task.is_terminal or time.monotonic() > deadline:
            return task
        time.sleep(0.05)


def test_create_upload_submit_render_and_read_back(farm_client):
    c = farm_client
    assert c.query.platforms() and c.user.query_user_profile().user_id
    created = c.task.create_task(count=1, task_user_level=50, labels=["rb_dcc"])
    assert isinstance(created, CreateTaskResult)
    c.transmit.upload_json_content(created[0], task_json(layers={"beauty": "1-5[1]", "spec": "1-3[1]"}))
    c.task.submit_task(created[0])
    task = _wait_terminal(c, created[0])
    assert task.task_status == TaskStatus.FINISHED and task.is_open == 1
    leaves = list(task.leaves())
    assert [t.layer_name for t in leaves] == ["beauty", "spec"]
    assert c.query.get_small_task_id(created[0]) == [t.id for t in leaves]
    frames = list(c.iter_frames(leaves[0].id))
    assert len(frames) == 5 and all(isinstance(f, Frame) and f.frame_status == FrameStatus.DONE for f in frames)
    thumb = c.query.get_frame_thumbnall(frames[0].id)[0]
    assert c.fetch_bytes(thumb).startswith(b"\x89PNG\r\n\x1a\n")
    outputs = c.transmit.get_output_files(task_id=leaves[0].id)
    assert outputs and outputs[0].directory
    assert c.query.get_render_log(frame_id=frames[0].id, pageSize=5).items
    assert [t.id for t in c.iter_tasks()] == [created[0]]


def test_a_wrong_key_is_an_auth_error_that_names_the_fix(farm):
    bad = RenderbusClient(farm.access_id, "not-the-key", domain=farm.domain, platform=farm.platform,
                          protocol=farm.protocol)
    with pytest.raises(AuthError) as info:
        bad.user.query_user_profile()
    assert "rb-dcc login" in str(info.value) and "not-the-key" not in str(info.value)
