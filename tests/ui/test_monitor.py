"""The Monitor tab against a real local farm: list, filters, details, every action, a dead farm."""

from __future__ import annotations

import os
import time

import pytest

pytest.importorskip("qtpy")
from qtpy.QtCore import Qt, QTimer  # noqa: E402

from tests.fixtures.ui import make_task  # noqa: E402


def _post(client, path, body):
    return client.post(path, body)


def _set_speed(client, speed):
    _post(client, "/api/render/local/admin/state", {"speed": speed})


def _task(client, task_id):
    return client.query.task_info([task_id]).items[0]


def _wait_status(qtbot, client, task_id, statuses, timeout=15000):
    qtbot.waitUntil(lambda: int(_task(client, task_id).task_status) in statuses, timeout=timeout)


def _select(panel, qtbot, task_id):
    view = panel.monitor_view
    qtbot.waitUntil(lambda: view.model.index_of_id(task_id).isValid(), timeout=10000)
    assert view.select_task(task_id)
    qtbot.waitUntil(lambda: panel.monitor_ctl.selected_id == task_id, timeout=5000)


def _click(qtbot, button):
    qtbot.waitUntil(button.isEnabled, timeout=10000)  # the list follows the farm's state
    qtbot.mouseClick(button, Qt.LeftButton)


def test_tasks_with_layers_load_and_filter(make_panel, ui_client, qtbot):
    parent = make_task(ui_client, frames="1-2", layers=("beauty", "shadow"), scene="layers.ma")
    single = make_task(ui_client, frames="1-3", scene="single.ma")
    panel = make_panel(client=ui_client)
    view = panel.monitor_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=10000)
    pidx = view.model.index_of_id(parent)
    assert view.model.rowCount(pidx) == 2
    kids = [view.model.data(view.model.index(r, 1, pidx)) for r in range(2)]
    assert sorted(kids) == ["beauty", "shadow"]
    # every task ends done; the auto-refresh follows (never overlapping)
    qtbot.waitUntil(lambda: all(t.task_status == 25 for t in panel.monitor_ctl.tasks), timeout=15000)
    assert view.model.data(view.model.index_of_id(single, 3)) == "100%"

    view.search.setText("layers")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    assert view.model.task(view.model.index(0, 0)).id == parent
    view.search.setText("")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5000)
    view.status_box.setCurrentIndex(view.status_box.findData("failed"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and not view.empty.isHidden()
                    and "filter" in view.empty.text(), timeout=5000)
    view.status_box.setCurrentIndex(view.status_box.findData("done"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5000)


def test_details_frames_log_thumbnail_progress_image(make_panel, ui_client, qtbot):
    task_id = make_task(ui_client, frames="1-3")
    _wait_status(qtbot, ui_client, task_id, {25})
    panel = make_panel(client=ui_client)
    view = panel.monitor_view
    _select(panel, qtbot, task_id)
    qtbot.waitUntil(lambda: view.frames_model.rowCount() == 3, timeout=5000)
    assert view.frames_model.data(view.frames_model.index(0, 2)) == "Done"
    view.frames.selectRow(0)
    qtbot.waitUntil(lambda: "analys" in view.log.toPlainText().lower() or "render" in view.log.toPlainText().lower(),
                    timeout=5000)
    qtbot.waitUntil(lambda: panel.monitor_ctl.thumbnail is not None, timeout=5000)
    qtbot.waitUntil(lambda: view.thumb.pixmap() is not None and not view.thumb.pixmap().isNull(), timeout=5000)
    qtbot.waitUntil(lambda: panel.monitor_ctl.progress_image is not None, timeout=5000)
    assert panel.monitor_ctl.progress_image.startswith(b"\x89PNG")


def test_stop_start_priority_hardware_full_speed(make_panel, ui_client, qtbot):
    _set_speed(ui_client, 1)  # slow: the task stays busy while we act on it
    task_id = make_task(ui_client, frames="1-40")
    panel = make_panel(client=ui_client)
    view = panel.monitor_view
    _select(panel, qtbot, task_id)

    assert not view.buttons["start"].isEnabled()  # it is running: nothing to start
    _click(qtbot, view.buttons["stop"])
    _wait_status(qtbot, ui_client, task_id, {10, 15})
    qtbot.waitUntil(lambda: "Stopped" in view.message.text(), timeout=5000)
    qtbot.waitUntil(lambda: not view.buttons["stop"].isEnabled(), timeout=10000)

    _click(qtbot, view.buttons["start"])
    _wait_status(qtbot, ui_client, task_id, {0, 5, 8, 50})

    view.priority.setValue(77)
    _click(qtbot, view.buttons["priority"])
    qtbot.waitUntil(lambda: _task(ui_client, task_id).task_user_level == 77, timeout=5000)

    qtbot.waitUntil(lambda: view.hardware.count() > 1, timeout=5000)
    view.hardware.setCurrentIndex(1)
    wanted = view.hardware.currentData().id
    _click(qtbot, view.buttons["hardware"])
    qtbot.waitUntil(lambda: getattr(_task(ui_client, task_id), "hardwareConfigId", None) == wanted, timeout=5000)

    _click(qtbot, view.buttons["full_speed"])
    qtbot.waitUntil(lambda: any("full_speed" in str(getattr(r, "button_name", "") or r.model_extra.get("buttonName", ""))
                                for r in ui_client.user.task_record(pageNum=1, pageSize=50).items), timeout=5000)
    qtbot.waitUntil(lambda: "full speed" in view.message.text(), timeout=5000)


def test_abandon_and_delete_ask_first(make_panel, ui_client, qtbot):
    _set_speed(ui_client, 1)
    keep = make_task(ui_client, frames="1-40", scene="keep.ma")
    gone = make_task(ui_client, frames="1-40", scene="gone.ma")
    panel = make_panel(client=ui_client)
    view = panel.monitor_view

    _select(panel, qtbot, keep)
    _click(qtbot, view.buttons["abandon"])
    qtbot.waitUntil(lambda: not view.banner.isHidden() and view.banner.button("no") is not None, timeout=3000)
    assert "Abandon" in view.banner.text.text()
    _click(qtbot, view.banner.button("no"))
    time_limit = time.monotonic() + 0.5
    while time.monotonic() < time_limit:
        qtbot.wait(50)
    assert int(_task(ui_client, keep).task_status) not in (35,)
    _click(qtbot, view.buttons["abandon"])
    qtbot.waitUntil(lambda: view.banner.button("yes_abandon") is not None, timeout=3000)
    _click(qtbot, view.banner.button("yes_abandon"))
    _wait_status(qtbot, ui_client, keep, {35})

    _select(panel, qtbot, gone)
    _click(qtbot, view.buttons["delete"])
    qtbot.waitUntil(lambda: view.banner.button("yes_delete") is not None, timeout=3000)
    _click(qtbot, view.banner.button("yes_delete"))
    qtbot.waitUntil(lambda: all(t.id != gone for t in ui_client.iter_tasks()), timeout=5000)
    qtbot.waitUntil(lambda: not view.model.index_of_id(gone).isValid(), timeout=5000)


def test_retry_failed_and_selected_frames(make_panel, ui_client, qtbot):
    task_id = make_task(ui_client, frames="1-4", labels=["fail:2"])
    _wait_status(qtbot, ui_client, task_id, {30})
    panel = make_panel(client=ui_client)
    view = panel.monitor_view
    _select(panel, qtbot, task_id)
    _click(qtbot, view.buttons["retry_failed"])
    _wait_status(qtbot, ui_client, task_id, {25})
    assert _task(ui_client, task_id).failed_frames == 0

    qtbot.waitUntil(lambda: view.frames_model.rowCount() == 4, timeout=5000)
    before = {f.id: f.recommit_flag or 0 for f in ui_client.iter_frames(task_id)}
    view.frames.selectRow(0)
    _click(qtbot, view.buttons["retry_selected"])
    first = view.frames_model.row(0).frame.id
    qtbot.waitUntil(lambda: {f.id: f.recommit_flag or 0 for f in ui_client.iter_frames(task_id)}[first]
                    > before[first], timeout=10000)


def test_download_outputs_and_open_folder(make_panel, ui_client, qtbot, tmp_path):
    task_id = make_task(ui_client, frames="1-3", scene="dl.ma")
    _wait_status(qtbot, ui_client, task_id, {25})
    panel = make_panel(client=ui_client)
    panel.monitor_ctl.download_root = str(tmp_path / "downloads")
    view = panel.monitor_view
    opened = []
    view.open_url = opened.append
    _select(panel, qtbot, task_id)
    _click(qtbot, view.buttons["open_folder"])
    qtbot.waitUntil(lambda: "Nothing downloaded" in view.message.text(), timeout=5000)
    assert not opened
    _click(qtbot, view.buttons["download"])
    qtbot.waitUntil(lambda: (panel.monitor_ctl.downloads.get(task_id) or {}).get("result") is not None, timeout=15000)
    dest = panel.monitor_ctl.downloads[task_id]["dest"]
    pngs = [f for _r, _d, files in os.walk(dest) for f in files if f.endswith(".png")]
    assert len(pngs) == 3
    assert not view.dl_bar.isHidden() and "Saved in" in view.dl_text.text()
    _click(qtbot, view.buttons["open_folder"])
    qtbot.waitUntil(lambda: opened == [dest], timeout=5000)


def test_finished_task_notifies(make_panel, ui_client, qtbot):
    _set_speed(ui_client, 5)
    panel = make_panel(client=ui_client)
    got = []
    panel.monitor_view.notify = lambda title, text: got.append((title, text))
    task_id = make_task(ui_client, frames="1-2")
    qtbot.waitUntil(lambda: panel.monitor_ctl.find(task_id) is not None, timeout=10000)
    _set_speed(ui_client, 2000)
    qtbot.waitUntil(lambda: bool(got), timeout=20000)
    assert got[0][0] == "Render finished"


def test_dead_farm_leaves_the_panel_responsive(make_panel, dead_client, qtbot):
    panel = make_panel(client=dead_client)
    view = panel.monitor_view
    ticks = []
    beat = QTimer()
    beat.timeout.connect(lambda: ticks.append(time.monotonic()))
    beat.start(10)
    qtbot.waitUntil(lambda: not view.banner.isHidden(), timeout=10000)
    assert "Cannot reach" in view.banner.text.text() and dead_client.domain in view.banner.text.text()
    assert view.banner.button("retry") is not None
    assert "Traceback" not in view.banner.text.text()
    # the event loop kept running all along: no gap between heartbeats anywhere near a timeout
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert ticks and max(gaps) < 0.25
    _click(qtbot, view.banner.button("retry"))
    qtbot.waitUntil(lambda: panel.monitor_ctl.loading, timeout=2000)
    qtbot.waitUntil(lambda: not panel.monitor_ctl.loading and not view.banner.isHidden(), timeout=10000)
    # the submit side says it too, in plain sight
    panel.tabs.setCurrentIndex(0)
    assert panel.tabs.currentIndex() == 0
    beat.stop()


def test_download_follows_a_rendering_task(make_panel, ui_client, qtbot, tmp_path):
    _set_speed(ui_client, 20)
    task_id = make_task(ui_client, frames="1-4", scene="follow.ma")
    panel = make_panel(client=ui_client)
    panel.monitor_ctl.download_root = str(tmp_path / "dl")
    view = panel.monitor_view
    _select(panel, qtbot, task_id)
    view.follow.setChecked(True)
    _click(qtbot, view.buttons["download"])
    qtbot.waitUntil(lambda: (panel.monitor_ctl.downloads.get(task_id) or {}).get("running") is True, timeout=5000)
    assert not view.dl_cancel.isHidden()
    _set_speed(ui_client, 2000)
    qtbot.waitUntil(lambda: (panel.monitor_ctl.downloads.get(task_id) or {}).get("result") is not None, timeout=30000)
    dest = panel.monitor_ctl.downloads[task_id]["dest"]
    assert len([f for _r, _d, files in os.walk(dest) for f in files if f.endswith(".png")]) == 4


def test_panel_notifies_through_its_tray_hook(make_panel, ui_client, qtbot):
    _set_speed(ui_client, 5)
    panel = make_panel(client=ui_client)
    task_id = make_task(ui_client, frames="1-2")
    qtbot.waitUntil(lambda: panel.monitor_ctl.find(task_id) is not None, timeout=10000)
    _set_speed(ui_client, 2000)
    qtbot.waitUntil(lambda: getattr(panel, "last_notification", None) is not None, timeout=20000)
    assert panel.last_notification[0] == "Render finished"


def test_details_follow_the_render(make_panel, ui_client, qtbot):
    _set_speed(ui_client, 50)
    task_id = make_task(ui_client, frames="1-3")
    qtbot.waitUntil(lambda: len(list(ui_client.iter_frames(task_id))) == 3, timeout=20000)
    _set_speed(ui_client, 1)  # frames now wait or render slowly
    panel = make_panel(client=ui_client)
    view = panel.monitor_view
    _select(panel, qtbot, task_id)
    qtbot.waitUntil(lambda: view.frames_model.rowCount() == 3, timeout=10000)
    assert any(view.frames_model.data(view.frames_model.index(r, 2)) != "Done" for r in range(3))
    _set_speed(ui_client, 2000)
    # no click: the auto-refresh brings the frames table along
    qtbot.waitUntil(lambda: all(view.frames_model.data(view.frames_model.index(r, 2)) == "Done" for r in range(3)),
                    timeout=20000)


def test_keyboard_refresh_and_delete_ask_first(make_panel, ui_client, qtbot):
    task_id = make_task(ui_client, frames="1-2", scene="keys.ma")
    panel = make_panel(client=ui_client)
    view = panel.monitor_view
    _select(panel, qtbot, task_id)
    view.tree.setFocus()
    panel.activateWindow()
    qtbot.keyClick(view.tree, Qt.Key_Delete)
    qtbot.waitUntil(lambda: panel.monitor_ctl.pending is not None, timeout=3000)
    assert view.banner.button("yes_delete") is not None
    panel.monitor_ctl.cancel_pending()
    qtbot.keyClick(view.tree, Qt.Key_F5)
    qtbot.waitUntil(lambda: not panel.monitor_ctl.loading, timeout=5000)
    assert any(t.id == task_id for t in ui_client.iter_tasks())
