"""Conformance: the official SDK (rayvision-api, its own venv) and our client run every API method
of the doc against the local farm over http on loopback."""

from __future__ import annotations

import json
import time

import pytest

from tests.fixtures.farm import task_json
from tests.fixtures.sdk import run_sdk

SDK_SCRIPT = r'''
import json, sys, time, traceback
from rayvision_api import RayvisionAPI

FARM = json.loads(sys.argv[1]) if len(sys.argv) > 1 else None
'''

SDK_BODY = r'''
import json, os, time, traceback
from rayvision_api import RayvisionAPI

cfg = json.loads(os.environ["FARM_CFG"])
api = RayvisionAPI(access_id=cfg["access_id"], access_key=cfg["access_key"], domain=cfg["domain"],
                   platform="2", protocol="http", log_folder=cfg["log_dir"], log_level="WARNING")
results = {}
values = {}

def call(name, fn, *a, **kw):
    try:
        out = fn(*a, **kw)
        results[name] = "ok"
        return out
    except Exception as exc:
        results[name] = "%s: %s" % (type(exc).__name__, exc)
        return None

u, q, t, tag, env, tr = api.user, api.query, api.task, api.tag, api.env, api.transmit
values["user_id"] = api.user_info.get("user_id")
call("user.query_user_profile", u.query_user_profile)
call("user.query_user_setting", u.query_user_setting)
call("user.update_user_settings", u.update_user_settings, task_over_time=43200)
call("user.get_transfer_bid", u.get_transfer_bid)
hw = call("user.get_hardware_config", u.get_hardware_config)
values["hardware_ids"] = [h["id"] for h in hw or []]
call("query.platforms", q.platforms)
err = call("query.error_detail", q.error_detail, codes=["15013", "10012"], language=1)
values["error_codes"] = sorted(e["code"] for e in err or [])
soft = call("query.supported_software", q.supported_software)
values["software"] = sorted(s["cgId"] for s in (soft or {}).get("renderInfoList", []))
detail = call("query.supported_plugin", q.supported_plugin, "maya", os_name="windows")
values["maya_versions"] = [v["cgVersion"] for v in (detail or {}).get("cgVersion", [])]
call("query.get_transfer_server_msg", q.get_transfer_server_msg)
call("query.get_raysync_user_key", q.get_raysync_user_key)
call("query.get_pack_node_info", q.get_pack_node_info)
call("query.all_frame_status", q.all_frame_status)
call("transmit.get_transfer_config", tr.get_transfer_config)

call("tag.add_label", tag.add_label, new_name="sdk_label", status=0)
call("tag.get_label_list", tag.get_label_list)
values["projects"] = call("tag.get_project_list", tag.get_project_list)
call("tag.get_list", tag.get_list, flag=2)
call("tag.delete_label", tag.delete_label, del_name="sdk_label")

maya_env = {"cgId": 2000, "cgName": "Maya", "cgVersion": "2024", "renderLayerType": 0, "editName": "sdk_env",
            "renderSystem": 1, "pluginIds": [11007]}
call("env.add_render_env", env.add_render_env, maya_env)
call("env.update_render_env", env.update_render_env, dict(maya_env, pluginIds=[11008]))
call("env.set_default_render_env", env.set_default_render_env, "sdk_env")
envs = call("env.get_render_env", env.get_render_env)
values["envs"] = [(e["editName"], e["isDefault"], [p["pluginVersion"] for p in e["respUserPluginInfoVos"]]) for e in envs or []]
call("env.delete_render_env", env.delete_render_env, "sdk_env")

created = call("task.create_task", t.create_task, count=1, task_user_level=50, labels=["fail:2"])
task_id = created["taskIdList"][0]
values["alias"] = created["aliasTaskIdList"][0]
call("transmit.upload_json_content", tr.upload_json_content, task_id, cfg["task_json"], file_name="task.json")
call("task.submit_task", t.submit_task, task_id)
deadline = time.time() + 30
while time.time() < deadline:
    info = q.task_info([task_id])["items"][0]
    if info["taskStatus"] in (25, 30):
        break
    time.sleep(0.1)
values["status_after_render"] = info["taskStatus"]
call("query.task_info", q.task_info, [task_id])
call("query.get_task_list", q.get_task_list, page_num=1, page_size=10, status_list=[25, 30])
leaf = info["respRenderingTaskList"][0]["id"] if info["respRenderingTaskList"] else task_id
values["small_ids"] = call("query.get_small_task_id", q.get_small_task_id, task_id)
page = call("query.task_frames", q.task_frames, leaf, page_num=1, page_size=100)
frames = page["items"]
values["frame_statuses"] = sorted((f["frameIndex"], f["frameStatus"]) for f in frames)
done = [f for f in frames if f["frameStatus"] == 4]
allf = call("query.get_all_frames", q.get_all_frames, leaf)
values["all_frames"] = sorted(allf or {})
thumbs = call("query.get_frame_thumbnall", q.get_frame_thumbnall, done[0]["id"])
values["thumbs"] = thumbs
call("query.get_render_log", q.get_render_log, renderingType="render", pageNum=1, pageSize=1, frame_id=done[0]["id"])
img = call("query.get_task_processing_img", q.get_task_processing_img, task_id)
values["grab"] = len((img or {}).get("grabInfo", []))
outs = call("transmit.get_output_files", tr.get_output_files, task_id=leaf)
values["outputs"] = [o["filePath"] for o in outs or []]
call("query.restart_failed_frames", q.restart_failed_frames, [task_id])
call("query.restart_frame", q.restart_frame, leaf, select_all=0, ids_list=[done[0]["id"]])
call("query.get_custome_frames", q.get_custome_frames, leaf, ["1"])
call("query.stop_frame", q.stop_frame, leaf, select_all=0, ids_list=[frames[-1]["id"]])
call("query.frame_number_to_stop", q.frame_number_to_stop, leaf, ["3"])
call("task.update_priority", t.update_priority, task_id, 60)
call("task.update_task_limit", t.update_task_limit, task_id, 4)
call("task.set_task_overtime_top", t.set_task_overtime_top, [task_id], 3600)
call("task.edit_task_hardware_config", t.edit_task_hardware_config, [str(task_id)], [303], "Default", "", "128GB")
call("task.stop_task", t.stop_task, [task_id])
call("task.start_task", t.start_task, [task_id])
call("task.full_speed", t.full_speed, [task_id])
call("tag.add_task_tag", tag.add_task_tag, "sdk_tag", [task_id])
call("tag.delete_task_tag", tag.delete_task_tag, [task_id], ["sdk_tag"])
call("task.abort_task", t.abort_task, [task_id])
call("task.delete_task", t.delete_task, [task_id])
call("user.task_record", u.task_record)
call("user.login_record", u.login_record)
print(json.dumps({"results": results, "values": values}))
'''


@pytest.mark.sdk
def test_official_sdk_runs_every_method_against_the_farm(farm, sdk_python, tmp_path):
    tj = task_json({"beauty": "1-4"})
    cfg = {"access_id": farm.access_id, "access_key": farm.access_key, "domain": farm.domain,
           "log_dir": str(tmp_path / "sdk-logs"), "task_json": json.dumps(tj)}
    out = run_sdk(sdk_python, SDK_BODY, env={"FARM_CFG": json.dumps(cfg)}, timeout=240)
    failures = {k: v for k, v in out["results"].items() if v != "ok"}
    assert not failures, failures
    assert len(out["results"]) >= 50
    v = out["values"]
    assert v["user_id"] == 10007893
    assert v["error_codes"] == ["10012", "15013"]
    assert {2000, 2001, 2004, 2007} <= set(v["software"])
    assert v["maya_versions"][0] == "2018" and v["maya_versions"][-1] == "2026"
    assert v["envs"] == [["sdk_env", 1, ["mtoa 5.3.4"]]]
    assert v["alias"].startswith("2W")
    assert v["status_after_render"] == 30  # the label failed frame 2
    assert v["frame_statuses"] == [["1", 4], ["2", 5], ["3", 4], ["4", 4]]
    assert v["all_frames"] == ["1", "2", "3", "4"]
    assert len(v["thumbs"]) == 1 and v["thumbs"][0].startswith("/mnt/output/small_pic/")
    assert v["grab"] == 4 and len(v["outputs"]) == 1
    assert 301 in v["hardware_ids"] and 303 in v["hardware_ids"]


def test_our_client_runs_every_method_against_the_farm(farm, farm_client):
    c = farm_client
    assert c.user.query_user_profile().user_id == 10007893
    c.user.query_user_setting()
    c.user.update_user_settings(task_over_time=43200)
    bid = c.user.get_transfer_bid()
    assert bid.output_bid == "20201"
    hw = c.user.get_hardware_config()
    assert {h.id for h in hw} >= {301, 303}
    assert {p.platform for p in c.query.platforms()} >= {2, 21}
    assert [e.code for e in c.query.error_detail(codes=["15013"], language=1)] == ["15013"]
    soft = c.query.supported_software()
    assert {s.cg_id for s in soft.render_info_list} >= {2000, 2001, 2004, 2007}
    detail = c.query.supported_plugin(2004, os_name="linux")
    assert [v.cg_version for v in detail.cg_version][-1] == "21.0"
    assert any(p.plugin_name == "htoa" for p in detail.cg_plugin)
    c.query.get_transfer_server_msg()
    c.query.get_raysync_user_key()
    c.query.get_pack_node_info()
    c.query.all_frame_status()
    c.transmit.get_transfer_config()
    c.tag.add_label("ours", status=0)
    assert "ours" in [p.project_name for p in c.tag.get_project_list()]
    c.tag.get_list(flag=0)
    c.tag.delete_label("ours")
    c.env.add_render_env({"cgId": 2007, "cgName": "Blender", "cgVersion": "4.2", "renderLayerType": 0,
                          "editName": "bl42", "renderSystem": 1, "pluginIds": [71011]})
    c.env.set_default_render_env("bl42")
    envs = c.env.get_render_env()
    assert [(e.edit_name, e.cg_version) for e in envs] == [("bl42", "4.2")]
    c.env.delete_render_env("bl42")

    created = c.task.create_task(count=1, task_user_level=50, labels=None)
    tid = created.task_id_list[0]
    c.transmit.upload_json_content(tid, json.dumps(task_json({"a": "1-3", "b": "5"})), file_name="task.json")
    c.task.submit_task(tid)
    deadline = time.time() + 20
    while True:
        task = c.query.task_info([tid]).items[0]
        if int(task.task_status) == 25 or time.time() > deadline:
            break
        time.sleep(0.05)
    assert int(task.task_status) == 25 and task.is_open == 1
    assert [k.layer_name for k in task.resp_rendering_task_list] == ["a", "b"]
    frames = list(c.iter_frames(tid))
    assert [f.frame_index for f in frames] == ["1", "2", "3", "5"]
    leaf = task.resp_rendering_task_list[0]
    thumb = c.query.get_frame_thumbnall(frames[0].id, frame_status=4)
    assert c.fetch_bytes(thumb[0])[:4] == b"\x89PNG"
    log = c.query.get_render_log(renderingType="render", pageNum=1, pageSize=1, frame_id=frames[0].id)
    assert log.items
    outs = c.transmit.get_output_files(task_id=leaf.id)
    assert [o.file_path for o in outs] == ["/" + leaf.output_file_name]
    c.query.restart_failed_frames([tid])
    c.query.restart_frame(leaf.id, select_all=0, ids_list=[frames[0].id])
    c.task.update_priority(tid, 70)
    c.task.edit_task_hardware_config([tid], [303], "Default", "", "128GB")
    c.task.stop_task([tid])
    c.task.start_task([tid])
    c.task.full_speed([tid])
    c.task.abort_task([tid])
    c.task.delete_task([tid])
    assert [t.id for t in c.iter_tasks(recycle_flag=1)] == [tid]
