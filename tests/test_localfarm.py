"""The local farm over real loopback HTTP: auth rules, envelope, simulation, actions, transfer."""

from __future__ import annotations

import hashlib
import json
import struct
import time
import zlib

import pytest

from rb_dcc.localfarm import LocalFarm
from rb_dcc.localfarm.signing import compute, string_to_sign
from tests.fixtures.farm import FAST_SPEED, FarmCaller, task_json

INFO = "/api/render/handle/queryTaskInfo/v2"
FRAMES = "/api/render/handle/queryTaskFrames"


def png_size(data: bytes):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    w, h = struct.unpack(">II", data[16:24])
    # walk the chunks and check every CRC: a real PNG, not just a header
    pos = 8
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc
        pos += 12 + n
    return w, h


def frames_of(caller, task_id):
    return caller.ok(FRAMES, {"taskId": task_id, "pageNum": 1, "pageSize": 100})["items"]


# -- signing and refusals ---------------------------------------------------------------------

def test_signing_reproduces_every_vector_of_the_protocol_doc(shared_dir):
    vectors = json.loads((shared_dir / "docs" / "signing-vectors.json").read_text(encoding="utf-8"))
    assert len(vectors) == 14
    for v in vectors:
        text = string_to_sign(v["domain"], v["path"], v["headers"], v["body"], v["method"])
        assert text == v["string_to_sign"], v["name"]
        assert compute(v["access_key"], text) == v["signature"], v["name"]


def test_a_good_call_gets_the_envelope(farm_caller):
    env = farm_caller.call("/api/render/common/queryPlatforms", {"zone": 1})
    assert env["code"] == 200 and env["result"] is True and env["message"] == "success"
    assert set(env) >= {"version", "result", "message", "code", "data", "serverTime", "requestId"}
    platforms = {p["platform"]: p for p in env["data"]}
    assert platforms[2]["type"] == 1 and platforms[21]["type"] == 0
    assert set(platforms[2]) == {"platform", "name", "type", "status", "taskPrefix", "isShow"}


@pytest.mark.parametrize("case, code, words", [
    ("wrong key", 40102, "signature"),
    ("old timestamp", 40103, "clock"),
    ("unknown id", 40101, "accessId"),
])
def test_bad_signatures_are_refused(farm, case, code, words):
    caller = FarmCaller(farm, access_id="AKIDnobody" if case == "unknown id" else None)
    kw = {"key": "not-the-key"} if case == "wrong key" else {"ts": int(time.time()) - 301} if case == "old timestamp" else {}
    env = caller.call("/api/render/setUp/queryUserProfile", {}, **kw)
    assert env["code"] == code and env["result"] is False and words in env["message"]
    assert farm.access_key not in json.dumps(env)


def test_a_replayed_request_is_refused_but_a_fresh_one_passes(farm, farm_caller):
    import requests

    body = {"pageNum": 1, "pageSize": 10}
    path = "/api/render/handle/getTaskList/v2"
    h = farm_caller.headers(path, body, nonce="123456")
    h["Content-Type"] = "application/json"
    first = requests.post(farm.url + path, data=json.dumps(body), headers=h).json()
    again = requests.post(farm.url + path, data=json.dumps(body), headers=h).json()
    assert first["code"] == 200
    assert again["code"] == 40104 and "replayed" in again["message"]
    assert farm_caller.call(path, body)["code"] == 200


def test_missing_header_malformed_json_and_bad_parameters_name_the_problem(farm, farm_caller):
    import requests

    r = requests.post(farm.url + "/api/render/setUp/queryUserProfile", data="{}",
                      headers={"Content-Type": "application/json"})
    assert r.status_code == 200 and r.json()["code"] == 40100 and "accessId" in r.json()["message"]
    path = "/api/render/submit/createTask"
    h = farm_caller.headers(path, {})
    bad = requests.post(farm.url + path, data="{not json", headers=h).json()
    assert bad["code"] == 40001 and "JSON" in bad["message"]
    h = farm_caller.headers(path, {})
    listed = requests.post(farm.url + path, data="[1, 2]", headers=h).json()
    assert listed["code"] == 40001 and "object" in listed["message"]
    missing = farm_caller.call("/api/render/handle/queryTaskFrames", {"pageNum": 1})
    assert missing["code"] == 40002 and "'taskId'" in missing["message"]
    wrong = farm_caller.call("/api/render/handle/queryTaskFrames", {"taskId": "abc"})
    assert wrong["code"] == 40003 and "'taskId'" in wrong["message"] and "integer" in wrong["message"]
    huge = farm_caller.call("/api/render/handle/queryTaskFrames", {"taskId": 1 << 70})
    assert huge["code"] == 40003 and "'taskId'" in huge["message"]
    wrong_list = farm_caller.call("/api/rendering/task/renderingTask/stopTask", {"taskIds": 5})
    assert wrong_list["code"] == 40003 and "taskIds" in wrong_list["message"]
    nothing = farm_caller.call("/api/render/handle/queryTaskFrames", {"taskId": 4242})
    assert nothing["code"] == 40401 and "4242" in nothing["message"]
    r = farm_caller.session.post(farm.url + "/api/render/no/such", data="{}")
    assert r.status_code == 404 and r.json()["code"] == 40404
    r = farm_caller.session.get(farm.url + "/api/render/common/queryPlatforms")
    assert r.status_code == 405 and r.json()["code"] == 40501
    for env in (bad, missing, wrong):
        assert "Traceback" not in env["message"]


def test_old_paths_are_aliases_of_the_real_ones(farm_caller):
    tid = farm_caller.ok("/api/render/submit/createTask", {"count": 1})["taskIdList"][0]
    a = farm_caller.ok("/api/render/handle/getTaskList", {"pageNum": 1, "pageSize": 5})
    b = farm_caller.ok("/api/render/handle/getTaskList/v2", {"pageNum": 1, "pageSize": 5})
    assert [t["id"] for t in a["items"]] == [t["id"] for t in b["items"]] == [tid]
    assert farm_caller.ok("/api/render/handle/queryTaskInfo", {"taskIds": [tid]})["items"][0]["id"] == tid
    farm_caller.ok("/api/render/handle/stopTask", {"taskIds": [tid]})
    farm_caller.ok("/api/render/handle/startTask", {"taskIds": [tid]})
    farm_caller.ok("/api/render/user/getRaySyncUserKey")
    farm_caller.ok("/api/render/transfer/getRaySyncUserKey")


# -- catalogue ------------------------------------------------------------------------------

def test_catalogue_spans_the_release_lines(farm_caller):
    soft = farm_caller.ok("/api/render/plugin/querySoftwareList")
    names = {s["cgId"]: s["cgName"] for s in soft["renderInfoList"]}
    assert names[2000] == "Maya" and names[2001] == "3ds Max" and names[2004] == "Houdini" and names[2007] == "Blender"
    expect = {2000: ("2018", "2026"), 2001: ("2018", "2026"), 2004: ("17.5", "21.0"), 2007: ("2.83", "5.0")}
    for cg, (lo, hi) in expect.items():
        detail = farm_caller.ok("/api/render/plugin/querySoftwareDetail", {"cgId": cg, "osName": "windows"})
        versions = [v["cgVersion"] for v in detail["cgVersion"]]
        assert versions[0] == lo and versions[-1] == hi, versions
        assert {v["cgId"] for v in detail["cgVersion"]} == {cg}
        ids = {v["id"] for v in detail["cgVersion"]}
        assert all(p["cvId"] in ids for p in detail["cgPlugin"])
    maya = farm_caller.ok("/api/render/plugin/querySoftwareDetail", {"cgId": 2000, "osName": "windows"})
    plugins = {p["pluginName"] for p in maya["cgPlugin"]}
    assert {"mtoa", "vrayformaya", "redshift", "renderman", "yeti"} <= plugins
    pv = maya["cgPlugin"][0]["pluginVersions"][0]
    assert set(pv) == {"pluginId", "pluginName", "pluginVersion"} and pv["pluginVersion"].startswith(pv["pluginName"] + " ")
    hou = farm_caller.ok("/api/render/plugin/querySoftwareDetail", {"cgId": 2004, "osName": "linux"})
    assert {"htoa", "karma", "redshift"} <= {p["pluginName"] for p in hou["cgPlugin"]}
    hw = farm_caller.ok("/api/render/hardwareConfig/list", {"cloneTask": "false"})
    assert hw and all(h["platform"] == 2 for h in hw) and {h["type"] for h in hw} == {1}
    assert {"id", "type", "model", "gpuNum", "ram", "platform", "current", "notSupportCgId", "status"} <= set(hw[0])


def test_render_envs_persist_per_user_across_a_restart(tmp_path):
    data = tmp_path / "farm"
    with LocalFarm(data, speed=FAST_SPEED) as farm:
        c = FarmCaller(farm)
        env = {"cgId": 2000, "cgName": "Maya", "cgVersion": "2024", "renderLayerType": 1, "editName": "maya24_mtoa",
               "renderSystem": 1, "pluginIds": [11007]}
        assert c.ok("/api/render/plugin/addUserPluginConfig", env) == {"editName": "maya24_mtoa"}
        dup = c.call("/api/render/plugin/addUserPluginConfig", env)
        assert dup["code"] == 40901
        wrong = c.call("/api/render/plugin/addUserPluginConfig", dict(env, editName="x", pluginIds=[11000]))
        assert wrong["code"] == 40901 and "does not run on Maya 2024" in wrong["message"]
        c.ok("/api/render/plugin/addUserPluginConfig", dict(env, editName="other", pluginIds=[]))
        c.ok("/api/render/plugin/editUserPluginConfig", dict(env, pluginIds=[11008, 11104]))
        c.ok("/api/render/plugin/setDefaultUserPluginConfig", {"editName": "maya24_mtoa"})
        c.ok("/api/render/plugin/deleteUserPluginConfig", {"editName": "other"})
    with LocalFarm(data, speed=FAST_SPEED) as farm:
        envs = FarmCaller(farm).ok("/api/render/plugin/getUserPluginConfig", {"cgId": 2000, "osName": 1})
    assert [e["editName"] for e in envs] == ["maya24_mtoa"]
    assert envs[0]["isDefault"] == 1
    assert [p["pluginVersion"] for p in envs[0]["respUserPluginInfoVos"]] == ["mtoa 5.3.4", "vrayformaya 6.20.03"]


# -- simulation -----------------------------------------------------------------------------

def test_layers_render_to_a_parent_with_children_outputs_thumbnails_and_logs(farm, farm_caller):
    tid = farm_caller.submit(task_json({"beauty": "1-4[1]", "shadow": "10,12"}))
    first = farm_caller.ok(INFO, {"taskIds": [tid]})["items"][0]
    assert first["taskStatus"] in (50, 0, 5, 25)
    task = farm_caller.wait(tid, (25,))
    assert task["isOpen"] == 1 and task["totalFrames"] == 6 and task["doneFrames"] == 6
    kids = task["respRenderingTaskList"]
    assert [k["layerName"] for k in kids] == ["beauty", "shadow"]
    assert all(k["layerParentId"] == tid and k["taskStatus"] == 25 for k in kids)
    assert task["renderConsume"] > 0 and task["renderConsume"] == pytest.approx(sum(k["renderConsume"] for k in kids))
    frames = frames_of(farm_caller, kids[1]["id"])
    assert [f["frameIndex"] for f in frames] == ["10", "12"]
    assert all(f["frameStatus"] == 4 and f["feeAmount"] > 0 and f["frameExecuteTime"] > 0 for f in frames)
    # hardware 301: 28 cores at 0.06 per core-hour
    f = frames[0]
    assert f["feeAmount"] == pytest.approx(28 * f["frameExecuteTime"] / 3600 * 0.06, rel=0.02)
    out = "/%s" % kids[1]["outputFileName"]
    assert out == "/%d_shot010_v003" % kids[1]["id"]
    listing = farm_caller.ok("/api/render/transfer/local/list", {"storage": "output", "treePath": out})
    assert [x["path"] for x in listing] == ["%s/shadow/shot010_v003.0010.png" % out, "%s/shadow/shot010_v003.0012.png" % out]
    r = farm_caller.get("/transfer/download", {"storage": "output", "path": listing[0]["path"]})
    assert r.status_code == 200 and png_size(r.content) == (320, 180)
    assert "sha256:" + r.headers["X-Content-SHA256"] == listing[0]["hash"] == "sha256:" + hashlib.sha256(r.content).hexdigest()
    thumbs = farm_caller.ok("/api/render/handle/loadingFrameThumbnail", {"id": f["id"], "frameStatus": 4})
    assert len(thumbs) == 1
    assert png_size(farm_caller.get(thumbs[0]).content) == (160, 90)
    assert farm_caller.session.get(farm.url + thumbs[0]).json()["code"] == 40100  # unsigned: refused
    img = farm_caller.ok("/api/render/handle/loadTaskProcessImg", {"taskId": tid})
    assert len(img["grabInfo"]) == 6 and all(g[0]["grabUrl"] for g in img["grabInfo"])
    log = farm_caller.ok("/api/render/handle/showLog", {"renderingType": "render", "pageNum": 1, "pageSize": 1,
                                                         "id": f["id"]})
    text = "\n".join(log["items"])
    assert "Maya 2024 (mtoa 5.3.1)" in text and "shot010_v003.0010.png" in text and "cost:" in text
    tree = farm_caller.ok("/api/render/file/operate/getOutputUserDirFile", {"taskId": kids[0]["id"], "treePath": "/"})
    assert tree[0]["fileName"] == kids[0]["outputFileName"] and tree[0]["directory"] is True


def test_a_label_injects_failures_and_retry_fixes_them(farm_caller):
    tid = farm_caller.submit(task_json(common_frames="1-6", cg_id="2001",
                                       software={"cg_name": "3ds Max", "cg_version": "2024", "plugins": {}}),
                             labels=["fail:3,5"])
    task = farm_caller.wait(tid, (30,))
    assert task["isOpen"] == 0 and task["failedFrames"] == 2 and task["doneFrames"] == 4
    failed = [f for f in frames_of(farm_caller, tid) if f["frameStatus"] == 5]
    assert [f["frameIndex"] for f in failed] == ["3", "5"]
    log = farm_caller.ok("/api/render/handle/showLog", {"id": failed[0]["id"], "pageNum": 1, "pageSize": 1})
    assert any("ERROR" in line for line in log["items"])
    farm_caller.ok("/api/render/handle/recommitTasks", {"taskIds": [tid]})
    task = farm_caller.wait(tid, (25,))
    again = {f["frameIndex"]: f for f in frames_of(farm_caller, tid)}
    assert again["3"]["recommitFlag"] == 1 and again["3"]["frameStatus"] == 4 and again["1"]["recommitFlag"] == 0
    # admin endpoint: fail frame 2 once more, re-render it by frame id
    farm_caller.ok("/api/render/local/admin/failFrames", {"taskId": tid, "frames": "2"})
    farm_caller.ok("/api/render/handle/recommitTaskFrames", {"taskId": tid, "selectAll": 0, "ids": [again["2"]["id"]]})
    task = farm_caller.wait(tid, (30,))
    assert task["failedFrames"] == 1


def test_no_frames_fails_the_task_with_the_reason_in_its_log(farm_caller):
    tj = task_json()
    tj["scene_info_render"] = {"layer": {"off": {"renderable": "0", "common": {"frames": "1-3"}}}}
    tid = farm_caller.submit(tj)
    task = farm_caller.wait(tid, (45,))
    assert task["totalFrames"] == 0
    log = farm_caller.ok("/api/render/handle/showLog", {"id": tid, "pageNum": 1, "pageSize": 1})
    assert any("no frames found" in line for line in log["items"])
    nojson = farm_caller.ok("/api/render/submit/createTask", {"count": 1})["taskIdList"][0]
    farm_caller.ok("/api/render/submit/task", {"taskId": nojson})
    farm_caller.wait(nojson, (45,))
    again = farm_caller.call("/api/render/submit/task", {"taskId": nojson})
    assert again["code"] == 40901


def test_stop_start_abandon_delete(farm):
    c = FarmCaller(farm)
    tid = c.submit(task_json({"beauty": "1-40"}))
    c.wait(tid, (5,))
    farm.engine.speed = 1.0  # frames started from now on take minutes: catch the task rendering
    time.sleep(0.4)
    img = c.ok("/api/render/handle/loadTaskProcessImg", {"taskId": tid})
    live = [g[0] for g in img["grabInfo"] if g[0]["frameStatus"] == "2"]
    assert live and all("/mnt/output/grab/" in g["grabUrl"] for g in live)
    assert png_size(c.get(live[0]["grabUrl"]).content) == (160, 90)  # the frame so far
    c.ok("/api/rendering/task/renderingTask/stopTask", {"taskIds": [tid]})
    stopped = c.wait(tid, (10,))
    frames = frames_of(c, tid)
    assert stopped["executingFrames"] == 0 and all(f["frameStatus"] in (3, 4) for f in frames)
    time.sleep(0.3)
    assert c.ok(INFO, {"taskIds": [tid]})["items"][0]["doneFrames"] == stopped["doneFrames"]
    c.ok("/api/rendering/task/renderingTask/startTask", {"taskIds": [tid]})
    c.wait(tid, (5,))
    c.ok("/api/render/handle/abandonTask", {"taskIds": [tid]})
    abandoned = c.wait(tid, (35,))
    assert abandoned["abortFrames"] > 0
    c.ok("/api/render/handle/deleteTask", {"taskIds": [tid]})
    assert c.ok("/api/render/handle/getTaskList/v2", {"pageNum": 1, "pageSize": 10})["total"] == 0
    bin_ = c.ok("/api/render/handle/getTaskList/v2", {"pageNum": 1, "pageSize": 10, "recycleFlag": 1})
    assert [t["id"] for t in bin_["items"]] == [tid] and bin_["items"][0]["isDelete"] == 0
    records = c.ok("/api/render/handle/operate/sdk/taskRecord", {"platform": 2, "pageNum": 1, "pageSize": 20})
    assert {"btn_stop", "btn_start", "btn_abandon", "btn_delete"} <= {r["buttonName"] for r in records["items"]}


def test_test_frames_stop_until_full_speed(farm_caller):
    tid = farm_caller.submit(task_json({"beauty": "1-9"}, pre_frames="101", stop_after_test="1"))
    task = farm_caller.wait(tid, (40,))
    done = [f for f in frames_of(farm_caller, tid) if f["frameStatus"] == 4]
    assert sorted(f["frameIndex"] for f in done) == ["1", "9"] and all(f["frameType"] == 4 for f in done)
    assert task["doneFrames"] == 2
    assert farm_caller.ok("/api/render/handle/fullSpeedRendering", {"taskIds": [tid]}) == "成功"
    farm_caller.wait(tid, (25,))


def test_hardware_priority_overtime_change_the_simulation(farm_caller):
    tid = farm_caller.submit(task_json({"beauty": "1-2"}))
    farm_caller.wait(tid, (25,))
    base = frames_of(farm_caller, tid)[0]
    farm_caller.ok("/api/render/handle/editTaskHardwareConfig", {"taskIds": [tid], "hardwareConfigIds": [514],
                                                                 "model": "96C", "gpuNum": "", "ram": "512GB"})
    farm_caller.ok("/api/render/handle/recommitTaskFrames", {"taskId": tid, "selectAll": 1})
    farm_caller.wait(tid, (25,))
    fast = frames_of(farm_caller, tid)[0]
    assert fast["frameExecuteTime"] < base["frameExecuteTime"] / 3  # 96 cores instead of 28
    assert fast["framePrice"] == 0.1
    farm_caller.ok("/api/rendering/task/renderingTask/updateTaskUserLevel", {"taskId": tid, "taskUserLevel": 80})
    assert farm_caller.ok(INFO, {"taskIds": [tid]})["items"][0]["taskUserLevel"] == 80
    assert farm_caller.ok("/api/render/handle/setTaskOverTimeStop", {"taskIds": [tid], "overTime": 6}) == "SUCCESS"
    farm_caller.ok("/api/render/handle/recommitTaskFrames", {"taskId": tid, "selectAll": 1})
    task = farm_caller.wait(tid, (23,))
    assert all(f["frameStatus"] == 11 for f in frames_of(farm_caller, tid)) and task["doneFrames"] == 0


def test_frames_per_task_groups_and_paging(farm_caller):
    tid = farm_caller.submit(task_json({"beauty": "1-250"}, frames_per_task="2"))
    farm_caller.wait(tid, (0, 5, 25))
    p1 = farm_caller.ok(FRAMES, {"taskId": tid, "pageNum": 1, "pageSize": 100})
    assert p1["total"] == 125 and p1["pageCount"] == 2 and p1["items"][0]["frameIndex"] == "1-2[1]"
    p2 = farm_caller.ok(FRAMES, {"taskId": tid, "pageNum": 2, "pageSize": 100})
    assert len(p2["items"]) == 25 and p2["items"][-1]["frameIndex"] == "249-250[1]"
    assert len({f["id"] for f in p1["items"] + p2["items"]}) == 125


# -- transfer -------------------------------------------------------------------------------

def test_upload_resume_check_and_refusals(farm_caller):
    data = bytes(range(256)) * 1000
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    path = "/D/proj/tex/wood_1001.exr"
    check = "/api/render/transfer/local/check"
    files = [{"path": path, "size": len(data), "hash": digest}]
    assert farm_caller.ok(check, {"storage": "input", "files": files})["files"][0]["state"] == "absent"
    q = {"storage": "input", "path": path, "offset": 0, "total": len(data), "hash": digest}
    r = farm_caller.put("/transfer/upload", q, data[:100000])
    assert r.json()["data"] == {"received": 100000, "complete": False}
    state = farm_caller.ok(check, {"storage": "input", "files": files})["files"][0]
    assert state == {"path": path, "state": "partial", "received": 100000}
    r = farm_caller.put("/transfer/upload", dict(q, offset=5), data[5:])
    assert r.status_code == 416 and "resume from offset 100000" in r.json()["message"]
    r = farm_caller.put("/transfer/upload", dict(q, offset=100000), data[100000:])
    assert r.json()["data"] == {"received": len(data), "complete": True}
    assert farm_caller.ok(check, {"storage": "input", "files": files})["files"][0]["state"] == "present"
    bad = farm_caller.put("/transfer/upload", dict(q, path="/D/other.bin", total=4), b"abcd")
    assert bad.status_code == 422 and bad.json()["code"] == 42201
    assert farm_caller.ok(check, {"storage": "input", "files": [{"path": "/D/other.bin", "size": 4}]})["files"][0]["state"] == "absent"
    for evil in ("/D/../../../etc/passwd", "relative/x", "/C:/x", "/a\\..\\b"):
        r = farm_caller.put("/transfer/upload", dict(q, path=evil, total=1), b"x")
        assert r.status_code == 403 and r.json()["code"] == 40301, evil
    r = farm_caller.get("/transfer/download", {"storage": "input", "path": path}, {"Range": "bytes=1000-1999"})
    assert r.status_code == 206 and r.content == data[1000:2000]
    assert r.headers["Content-Range"] == "bytes 1000-1999/%d" % len(data)
    r = farm_caller.get("/transfer/download", {"storage": "input", "path": path}, {"Range": "bytes=%d-" % len(data)})
    assert r.status_code == 416
    r = farm_caller.get("/transfer/download", {"storage": "input", "path": "/D/nope"})
    assert r.status_code == 404 and r.json()["code"] == 40401


def test_symlinks_out_of_the_storage_area_are_refused(farm, farm_caller, tmp_path):
    """A folder or file inside the area that links outside it is never read, listed or written through."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"not yours")
    area = farm._engine.storage.area_dir("input")
    (area / "D").mkdir(parents=True, exist_ok=True)
    (area / "D" / "linked").symlink_to(outside, target_is_directory=True)
    (area / "D" / "file.txt").symlink_to(outside / "secret.txt")
    check = "/api/render/transfer/local/check"
    for path in ("/D/linked/secret.txt", "/D/file.txt"):
        r = farm_caller.call(check, {"storage": "input", "files": [{"path": "/D/ok.txt", "size": 1}, {"path": path, "size": 9}]})
        assert r["code"] == 40301 and "resolves outside" in r["message"], r
        got = farm_caller.get("/transfer/download", {"storage": "input", "path": path})
        assert got.status_code == 403 and b"not yours" not in got.content
    assert (outside / "secret.txt").read_bytes() == b"not yours"


def test_job_files_land_in_config_storage(farm_caller):
    tid = farm_caller.ok("/api/render/submit/createTask", {"count": 1})["taskIdList"][0]
    farm_caller.ok("/api/render/submit/taskJsonFile", {"taskId": tid, "fileName": "upload.json", "content": "{}"})
    listing = farm_caller.ok("/api/render/transfer/local/list", {"storage": "config", "treePath": "/%d" % tid})
    assert [x["path"] for x in listing] == ["/%d/cfg/upload.json" % tid]
    bad = farm_caller.call("/api/render/submit/taskJsonFile", {"taskId": tid, "fileName": "x.json", "content": "{}"})
    assert bad["code"] == 40003 and "fileName" in bad["message"]


def test_credentials_file_and_stable_identity(tmp_path):
    data = tmp_path / "f"
    with LocalFarm(data) as farm:
        creds = json.loads((data / "credentials.json").read_text())
        first = (farm.access_id, farm.access_key)
        assert creds == {"access_id": farm.access_id, "access_key": farm.access_key, "domain": farm.domain,
                         "protocol": "http", "platform": "2"}
        assert farm.access_key not in repr(farm)
    with LocalFarm(data) as farm:
        assert (farm.access_id, farm.access_key) == first


# -- every response example of the API doc ----------------------------------------------------

def _doc_examples(seed_doc: str) -> dict:
    """path → the response example (envelope or bare data) of each section of the API doc."""
    import re

    out = {}
    for section in seed_doc.split(" ## "):
        m = re.search(r"\*\*(?:旧)?接口(?:路径|地址)[^/]*?(/api/[A-Za-z0-9/_]+)", section)
        if not m:
            continue
        at = max(section.find("返回示例"), section.find("返回结果"), section.find("返回参数示例"))
        for block in re.findall(r"```(?:json|python|Python)?\s*(.*?)```", section[at:] if at >= 0 else section, re.S):
            try:
                out[m.group(1)] = json.loads(block)
                break
            except ValueError:
                continue
    return out


def _same_shape(doc, ours, where: str) -> list:
    """Keys the doc shows that we lack, walking dicts and the first item of lists."""
    missing = []
    if isinstance(doc, dict) and isinstance(ours, dict):
        for k, v in doc.items():
            if k not in ours:
                missing.append("%s.%s" % (where, k))
            else:
                missing += _same_shape(v, ours[k], "%s.%s" % (where, k))
    elif isinstance(doc, list) and isinstance(ours, list) and doc and ours:
        missing += _same_shape(doc[0], ours[0], where + "[0]")
    elif isinstance(doc, dict) and ours is not None and not isinstance(ours, dict):
        missing.append("%s (a %s, the doc shows an object)" % (where, type(ours).__name__))
    return missing


def test_every_doc_response_example_has_its_keys_in_our_answer(farm_caller, seed_doc):
    examples = _doc_examples(seed_doc)
    assert len(examples) >= 45
    c = farm_caller
    tid = c.submit(task_json({"beauty": "1-3", "spec": "1-2"}), labels=["fail:2"])
    task = c.wait(tid, (30,))
    leaf = task["respRenderingTaskList"][0]["id"]
    frames = frames_of(c, leaf)
    done = [f for f in frames if f["frameStatus"] == 4][0]["id"]
    env = {"cgId": 2000, "cgName": "Maya", "cgVersion": "2020", "renderLayerType": 0, "editName": "testRenderEnv",
           "renderSystem": 0, "pluginIds": [11004]}
    bodies = [
        ("/api/render/common/queryPlatforms", {"zone": 1}),
        ("/api/render/setUp/queryUserProfile", {}),
        ("/api/render/setUp/queryUserSetting", {}),
        ("/api/render/setUp/updateUserSetting", {"taskOverTimeSec": 43200}),
        ("/api/render/transfer/getBid", {}),
        ("/api/render/submit/createTask", {"count": 1, "taskUserLevel": 50, "labels": ["label_test1"]}),
        ("/api/render/submit/queryAnalyseErrorDetail", {"code": "15000"}),
        ("/api/render/handle/getTaskList", {"pageNum": 1, "pageSize": 1, "statusList": [30]}),
        ("/api/render/handle/queryTaskFrames", {"taskId": leaf, "pageNum": 1, "pageSize": 2}),
        ("/api/render/handle/queryAllFrameStats", {}),
        ("/api/render/handle/showLog", {"renderingType": "render", "pageNum": 0, "pageSize": 1, "id": done}),
        ("/api/render/handle/queryTaskInfo", {"taskIds": [tid]}),
        ("/api/render/project/add", {"newName": "test_tag4", "status": 0}),
        ("/api/render/project/getList", {}),
        ("/api/render/project/list", {"flag": 0}),
        ("/api/render/project/delete", {"delName": "test_tag4"}),
        ("/api/render/handle/addTaskLabel", {"label": "test_tag", "taskIds": [tid]}),
        ("/api/render/handle/deleteTaskLabel", {"taskIds": [tid], "labelNames": ["test_tag"], "labelIds": []}),
        ("/api/render/plugin/querySoftwareList", {}),
        ("/api/render/plugin/addUserPluginConfig", env),
        ("/api/render/plugin/editUserPluginConfig", dict(env, pluginIds=[])),
        ("/api/render/plugin/setDefaultUserPluginConfig", {"editName": "testRenderEnv"}),
        ("/api/render/plugin/getUserPluginConfig", {"osName": 0}),
        ("/api/render/plugin/deleteUserPluginConfig", {"editName": "testRenderEnv"}),
        ("/api/render/handle/loadTaskProcessImg", {"taskId": tid}),
        ("/api/render/handle/loadingFrameThumbnail", {"id": done, "frameStatus": 4}),
        ("/api/render/transfer/getServerInfo", {"zone": 1}),
        ("/api/render/user/getRaySyncUserKey", {}),
        ("/api/render/transfer/getConfig", {}),
        ("/api/render/file/operate/getOutputUserDirFile", {"taskId": leaf, "treePath": "/"}),
        ("/api/render/hardwareConfig/list", {"cloneTask": "false", "taskIds": [str(tid)]}),
        ("/api/render/submit/getUserPackNodeInfo", {}),
        ("/api/render/handle/setTaskOverTimeStop", {"taskIds": [tid], "overTime": 60}),
        ("/api/render/handle/editTaskHardwareConfig", {"taskIds": [str(tid)], "hardwareConfigIds": ["496"],
                                                       "model": "28C", "gpuNum": "", "ram": "64GB"}),
        ("/api/render/submit/taskJsonFile", {"taskId": tid, "fileName": "tips.json", "content": "{}"}),
        ("/api/render/handle/recommitTaskFrames", {"taskId": leaf, "selectAll": 1}),
        ("/api/render/handle/recommitTasks", {"taskIds": [tid]}),
        ("/api/render/handle/stopTaskFrames", {"taskId": leaf, "selectAll": 1}),
        ("/api/render/handle/stopTask", {"taskIds": [tid]}),
        ("/api/render/handle/startTask", {"taskIds": [tid]}),
        ("/api/render/handle/fullSpeedRendering", {"taskIds": [tid]}),
        ("/api/render/handle/abandonTask", {"taskIds": [tid]}),
        ("/api/render/handle/deleteTask", {"taskIds": [tid]}),
        ("/api/render/handle/operate/sdk/taskRecord", {"platform": 2, "pageNum": 1, "pageSize": 1}),
        ("/api/render/handle/operate/sdk/loginRecord", {"pageNum": 1, "pageSize": 1}),
    ]
    problems = []
    for path, body in bodies:
        env_ = c.call(path, body)
        if env_["code"] != 200:
            problems.append("%s: %s" % (path, env_["message"]))
            continue
        doc = examples.get(path)
        if isinstance(doc, dict) and "code" in doc and "data" in doc:
            problems += _same_shape({k: v for k, v in doc.items() if k in ("version", "result", "message", "code",
                                                                            "data", "serverTime")}, env_, path)
            doc = doc["data"]
        if isinstance(doc, str):
            assert env_["data"] == doc, path
        problems += _same_shape(doc, env_["data"], path)
    seen = {p for p, _ in bodies}
    untested = set(examples) - seen - {"/api/render/plugin/querySoftwareDetail",  # erratum E5: copy of §29
                                       "/api/render/submit/task"}  # submitted above (data null)
    assert not untested, untested
    assert not problems, problems


def test_houdini_rops_and_the_python_frame_path_agree(farm, farm_caller):
    tj = task_json(cg_id="2004", software={"cg_name": "Houdini", "cg_version": "20.5", "plugins": {"htoa": "6.4.0.1"}},
                   scene="D:/proj/fx/sim_v002.hip")
    tj["scene_info_render"] = {"rop_node": [{"node": "/out/mantra1", "frames": "1-4[1]", "render": "1"},
                                            {"node": "/out/karma1", "frames": "10-12", "render": "1"},
                                            {"node": "/out/disabled", "frames": "1-9", "render": "0"}]}
    tid = farm_caller.submit(tj)
    task = farm_caller.wait(tid, (25,))
    assert [k["layerName"] for k in task["respRenderingTaskList"]] == ["/out/mantra1", "/out/karma1"]
    leaf = task["respRenderingTaskList"][1]
    out = farm_caller.ok("/api/render/transfer/local/list", {"storage": "output", "treePath": "/" + leaf["outputFileName"]})
    assert [x["path"].rsplit("/", 2)[-2:] for x in out][0] == ["out_karma1", "sim_v002.0010.png"]
    sql_rendered = farm_caller.ok(FRAMES, {"taskId": tid, "pageNum": 1, "pageSize": 100})
    farm.engine.json1 = False
    python_built = farm_caller.ok(FRAMES, {"taskId": tid, "pageNum": 1, "pageSize": 100})
    assert sql_rendered == python_built and sql_rendered["total"] == 7


def test_priority_decides_which_task_gets_the_nodes(tmp_path):
    with LocalFarm(tmp_path / "farm", speed=FAST_SPEED, nodes=1) as farm:
        c = FarmCaller(farm)
        low = c.submit(task_json({"a": "1-30"}))
        c.wait(low, (5,))
        high = c.submit(task_json({"b": "1-3"}))
        c.ok("/api/rendering/task/renderingTask/updateTaskUserLevel", {"taskId": high, "taskUserLevel": 90})
        c.wait(high, (25,))
        done_low = c.ok(INFO, {"taskIds": [low]})["items"][0]["doneFrames"]
        assert done_low < 30  # the one node went to the urgent task before the long one finished
        c.ok("/api/render/handle/abandonTask", {"taskIds": [low]})
        c.wait(low, (35,))
        c.ok("/api/render/handle/recommitTasks", {"taskIds": [low], "status": [3, 4]})
        assert c.ok(INFO, {"taskIds": [low]})["items"][0]["taskStatus"] == 35  # abandoned stays abandoned


def test_no_body_makes_any_endpoint_fail_inside(farm_caller):
    """Wrong, missing and absurd parameters on every route: a refusal naming the problem, never 50000."""
    from rb_dcc.localfarm.endpoints import ROUTES

    bodies = [{}, {"taskId": "x", "taskIds": "x"}, {"taskIds": ["a"], "pageNum": "a"}, {"taskIds": [999999]},
              {"taskId": 999999, "selectAll": 0, "ids": None}, {"cgId": "maya", "osName": 7, "editName": ""},
              {"storage": "../x", "files": [{"path": "../../etc"}], "treePath": "/../.."},
              {"frames": {}, "speed": -1, "code": [], "codes": 5, "labels": [{"a": 1}], "pluginIds": "1"},
              {"taskId": -5, "pageSize": 0, "pageNum": -1, "newName": "\u6d4b\u8bd5", "delName": ["x"]}]
    for path in ROUTES:
        for body in bodies:
            env = farm_caller.call(path, body)
            assert env["code"] != 50000 and "Traceback" not in env["message"], (path, body, env)
            assert env["code"] == 200 or env["result"] is False


def test_parent_pages_run_across_its_layers_in_order(farm_caller):
    tid = farm_caller.submit(task_json({"a": "1-150", "b": "1-70"}))
    task = farm_caller.wait(tid, (0, 5, 25))
    a, b = [k["id"] for k in task["respRenderingTaskList"]]
    per_layer = []
    for leaf in (a, b):
        for n in (1, 2):
            per_layer += [f["id"] for f in farm_caller.ok(FRAMES, {"taskId": leaf, "pageNum": n, "pageSize": 100})["items"]]
    pages = [farm_caller.ok(FRAMES, {"taskId": tid, "pageNum": n, "pageSize": 100}) for n in (1, 2, 3, 4)]
    assert [p["total"] for p in pages] == [220] * 4 and pages[0]["pageCount"] == 3
    assert [len(p["items"]) for p in pages] == [100, 100, 20, 0]
    assert [f["id"] for p in pages for f in p["items"]] == per_layer
    assert {f["taskId"] for f in pages[1]["items"]} == {a, b}
    found = farm_caller.ok(FRAMES, {"taskId": tid, "pageNum": 1, "pageSize": 100, "searchKeyword": "15"})
    assert {f["frameIndex"] for f in found["items"]} == {"15", "115", "150"}
