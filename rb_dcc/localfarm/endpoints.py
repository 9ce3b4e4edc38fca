"""The API endpoints of the protocol doc §e (POST, JSON, signed), at the service's paths and aliases."""

from __future__ import annotations

import json
import math
import os
import re
import stat
import time
import uuid
from typing import Dict, List, Optional

from .engine import (F_DONE, F_FAIL, F_RUN, Engine, fmt_ms,
                     LOG_PAGE_CHARS, OUTPUT_SIZE, now_ms)
from .errors import CONFLICT, NOT_FOUND, PARAM_INVALID, FarmError, invalid, missing
from .framespec import FrameSpecError, parse_frames
from .params import Params
from .storage import sha256_file


class RawJSON(str):
    """A ``data`` payload that is JSON text already; the server puts it into the envelope as is."""


class Ctx:
    def __init__(self, access_id: str, platform: int, domain: str):
        self.access_id = access_id
        self.platform = platform
        self.domain = domain


def page(items: list, total: int, page_num: int, size: int) -> dict:
    return {"pageCount": int(math.ceil(total / float(size))) if size else 0, "pageNum": page_num,
            "total": total, "size": size, "items": items}


def _parse_time(text: Optional[str], field: str, endpoint: str) -> Optional[int]:
    if not text:
        return None
    try:
        return int(time.mktime(time.strptime(text.strip(), "%Y-%m-%d %H:%M:%S")) * 1000)
    except ValueError:
        raise invalid(field, endpoint, "a time 'yyyy-MM-dd HH:mm:ss'", text)


BUTTONS = {"stopTask": "btn_stop", "startTask": "btn_start", "abandonTask": "btn_abandon",
           "deleteTask": "btn_delete", "recommitTasks": "btn_restart", "recommitTaskFrames": "btn_restart_frame",
           "stopTaskFrames": "btn_stop_frame", "fullSpeedRendering": "btn_full_speed",
           "updateTaskUserLevel": "btn_priority", "editTaskHardwareConfig": "btn_hardware",
           "submitTask": "btn_submit", "createTask": "btn_create"}


class Api:
    """One method per endpoint; ``ROUTES`` maps every accepted path to one of them."""

    def __init__(self, engine: Engine, access_id: str, raysync_key: str):
        self.e = engine
        self.cat = engine.cat
        self.access_id = access_id
        self.raysync_key = raysync_key
        self._ram_gb = {h["id"]: int(h["ram"][:-2]) for h in self.cat.hardware
                        if str(h.get("ram", "")).endswith("GB") and h["ram"][:-2].isdigit()}

    # -- helpers -------------------------------------------------------------------------------
    def _record(self, db, endpoint: str, path: str, body: dict, ctx: Ctx) -> None:
        ids = body.get("taskIds") or ([body["taskId"]] if "taskId" in body else [])
        self.e.record(db, "task", {
            "userName": self.e.user_name, "taskType": "render", "buttonName": BUTTONS.get(endpoint, endpoint),
            "taskIds": json.dumps([self.e.alias(int(i), ctx.platform) for i in ids if str(i).isdigit()]),
            "channel": "4", "createTime": fmt_ms(now_ms()), "details": endpoint, "operateSource": 1,
            "userId": str(self.e.user_id), "requestIp": "127.0.0.1", "requestURI": path,
            "requestParam": json.dumps([body], ensure_ascii=False)})

    def record_action(self, endpoint: str, path: str, body: dict, ctx: Ctx) -> None:
        with self.e.store.write() as db:
            self._record(db, endpoint, path, body, ctx)

    def task_wire(self, t, kids: Optional[list] = None, nested: bool = False) -> dict:
        """A §9/§22 task. ``respRenderingTaskList`` is a list on top-level tasks (empty for a task
        without layers: the SDK's get_small_task_id iterates it) and null on nested layer tasks,
        as in the doc's example."""
        ram_gb = self._ram_gb.get(t["hardware_id"])
        cam = t["render_camera"] or None
        return {
            "sceneName": t["scene_name"], "id": t["id"], "taskAlias": self.e.alias(t["id"], t["platform"]),
            "taskStatus": t["status"], "statusText": "render_task_status_%d" % t["status"],
            "preTaskStatus": None, "preStatusText": None,
            "totalFrames": t["total_frames"], "abortFrames": t["abort_frames"],
            "executingFrames": t["executing_frames"], "doneFrames": t["done_frames"],
            "failedFrames": t["failed_frames"], "framesRange": t["frames_range"],
            "projectName": t["project_name"], "renderConsume": round(t["render_consume"], 4), "taskArrears": 0.0,
            "submitDate": t["submit_date"], "startTime": t["start_time"], "completedDate": t["completed_date"],
            "renderDuration": t["render_duration"], "userName": self.e.user_name, "producer": t["producer"],
            "taskLevel": 79, "taskUserLevel": t["task_user_level"], "taskLimit": t["task_limit"],
            "taskOverTime": t["task_over_time"], "overTimeStop": t["over_time_stop"], "userId": t["user_id"],
            "outputFileName": t["output_file_name"], "munuTaskId": "", "munuTaskIds": "",
            "layerParentId": t["parent_id"] or 0, "cgId": t["cg_id"],
            "taskKeyValueVo": {"tiles": "1", "allCamera": cam, "renderableCamera": cam},
            "userAccountConsume": round(t["render_consume"], 4), "couponConsume": 0.0, "qyCouponConsume": None,
            "isOpen": 1 if kids else 0, "taskType": t["task_type"],
            "taskTypeText": "render_major_picture", "renderCamera": t["render_camera"],
            "cloneParentId": 0, "cloneOriginalId": t["clone_original_id"], "shareMainCapital": 0,
            "taskRam": ram_gb,
            "respRenderingTaskList": None if nested else [self.task_wire(k, nested=True) for k in kids or []],
            "layerName": t["layer_name"], "locationOutput": "", "isDelete": t["is_delete"], "channel": 4,
            "remark": "", "labels": t["labels"], "isOverTime": 0, "waitingCount": t["waiting_frames"],
            "stopType": t["stop_type"], "hardwareConfigId": t["hardware_id"], "platform": t["platform"],
            "bid": self.cat.account["bids"]["output_bid"],
        }

    def _tasks_with_kids(self, db, rows) -> List[dict]:
        ids = [r["id"] for r in rows]
        kids: Dict[int, list] = {}
        if ids:
            for k in db.execute("SELECT * FROM tasks WHERE parent_id IN (%s) ORDER BY id" % ",".join("?" * len(ids)),
                                ids):
                kids.setdefault(k["parent_id"], []).append(k)
        return [self.task_wire(r, kids.get(r["id"])) for r in rows]

    def _task_ids(self, p: Params, name: str = "taskIds") -> List[int]:
        ids = p.int_list(name, required=True, non_empty=True)
        with self.e.store.read() as db:
            for tid in ids:
                self.e.task_row(db, tid)
        return ids

    # -- user / account ------------------------------------------------------------------------
    def queryPlatforms(self, p: Params, ctx: Ctx):
        zone = p.int("zone", default=None)
        keys = ("platform", "name", "type", "status", "taskPrefix", "isShow")
        return [{k: x[k] for k in keys} for x in self.cat.platforms if zone is None or zone in x.get("zone", [1, 2])]

    def queryUserProfile(self, p: Params, ctx: Ctx):
        prof = dict(self.cat.account["profile"])
        with self.e.store.read() as db:
            spent = db.execute("SELECT coalesce(sum(fee),0) FROM frames").fetchone()[0]
        base = {"userId": 0, "userName": "", "platform": ctx.platform, "phone": "", "email": "", "company": "",
                "name": "", "job": "", "communicationNumber": "", "softType": 2000, "softStatus": 1,
                "businessType": 1, "status": 1, "infoStatus": 0, "accountType": 1, "userType": 1, "mainUserId": 0,
                "level": 49, "pictureLever": None, "zone": 1, "rmbbalance": 0, "usdbalance": 0, "rmbCumulative": 0,
                "usdCumulative": 0, "credit": 0, "coupon": 0, "description": "", "country": "", "city": "",
                "address": "", "cpuPrice": 0.06, "gpuPrice": 3.5, "shareMainCapital": 0, "subDeleteTask": 0,
                "useMainBalance": 0, "hideBalance": 0, "hideJobCharge": 0, "useLevelDirectory": 1,
                "downloadDisable": 0, "displaySubaccount": 1, "subaccountLimits": 5, "houdiniFlag": 1,
                "c4dFlag": 1, "blenderFlag": 1, "studentEndTime": None}
        base.update(prof)
        base["platform"] = ctx.platform
        base["rmbbalance"] = round(float(prof.get("rmbbalance", 0)) - spent, 4)
        base["rmbCumulative"] = round(spent, 4)
        with self.e.store.write() as db:
            self.e.record(db, "login", {"userId": self.e.user_id, "userName": self.e.user_name,
                                        "userUa": "rb_dcc local farm", "traceId": uuid.uuid4().hex[:20],
                                        "loginType": "accessId", "loginStatus": "200", "loginStaDesc": "success",
                                        "moduleType": "api", "ip": "127.0.0.1", "loginTime": now_ms()})
        return base

    def _settings(self) -> dict:
        s = dict(self.cat.account["settings"])
        stored = self.e.store.meta_get("settings")
        if stored:
            s.update(json.loads(stored))
        s.setdefault("infoStatus", None)
        s.setdefault("accountType", None)
        return s

    def queryUserSetting(self, p: Params, ctx: Ctx):
        return self._settings()

    def updateUserSetting(self, p: Params, ctx: Ctx):
        sec = p.int("taskOverTimeSec", required=True, minimum=0)
        s = self._settings()
        s["taskOverTimeSec"] = sec
        s["taskOverTime"] = sec // 3600
        with self.e.store.write() as db:
            db.execute("INSERT INTO meta (key, value) VALUES ('settings', ?) ON CONFLICT(key) DO UPDATE SET"
                       " value=excluded.value", (json.dumps({"taskOverTimeSec": sec, "taskOverTime": sec // 3600}),))
        return None

    def getBid(self, p: Params, ctx: Ctx):
        out = dict(self.cat.account["bids"])
        out["sub_user_output_bids"] = []
        return out

    def _record_page(self, p: Params, kind: str, endpoint: str):
        num = p.int("pageNum", default=1, minimum=1)
        size = p.int("pageSize", default=10, minimum=1, maximum=1000)
        start = _parse_time(p.str("startDate", default=""), "startDate", endpoint)
        end = _parse_time(p.str("endDate", default=""), "endDate", endpoint)
        where, args = "kind=?", [kind]
        if start:
            where += " AND created>=?"
            args.append(start)
        if end:
            where += " AND created<=?"
            args.append(end)
        with self.e.store.read() as db:
            total = db.execute("SELECT count(*) FROM records WHERE " + where, args).fetchone()[0]
            rows = db.execute("SELECT id, data FROM records WHERE %s ORDER BY id DESC LIMIT ? OFFSET ?" % where,
                              args + [size, (num - 1) * size]).fetchall()
        items = []
        for r in rows:
            item = json.loads(r[1])
            if kind == "login":
                item = dict({"id": r[0]}, **item)
            items.append(item)
        return page(items, total, num, size)

    def taskRecord(self, p: Params, ctx: Ctx):
        return self._record_page(p, "task", "taskRecord")

    def loginRecord(self, p: Params, ctx: Ctx):
        return self._record_page(p, "login", "loginRecord")

    # -- task lifecycle --------------------------------------------------------------------------
    def createTask(self, p: Params, ctx: Ctx):
        count = p.int("count", default=1, minimum=1, maximum=100)
        level = p.int("taskUserLevel", default=50, minimum=0, maximum=100)
        labels = p.str_list("labels") or []
        ids = self.e.create_tasks(count, level, labels, ctx.platform, p.int("cloneOriginalId", default=0),
                                  p.str("artist"), p.int("outUserId"))
        return {"taskIdList": ids, "aliasTaskIdList": [self.e.alias(i, ctx.platform) for i in ids],
                "userId": self.e.user_id}

    def taskJsonFile(self, p: Params, ctx: Ctx):
        tid = p.int("taskId", required=True)
        name = p.str("fileName", required=True)
        if name not in ("task.json", "upload.json", "asset.json", "tips.json"):
            raise invalid("fileName", "taskJsonFile", "one of task.json, upload.json, asset.json, tips.json", name)
        content = p.str("content", required=True)
        if name == "task.json":
            try:
                doc = json.loads(content)
            except ValueError as exc:
                raise FarmError(PARAM_INVALID, "taskJsonFile: content of task.json is not valid JSON (%s)" % exc)
            if not isinstance(doc, dict):
                raise invalid("content", "taskJsonFile", "a JSON object", "a JSON %s" % type(doc).__name__)
        self.e.save_task_file(tid, name, content)
        return None

    def submitTask(self, p: Params, ctx: Ctx):
        self.e.submit(p.int("taskId", required=True), p.str("producer"))
        return None

    def queryAnalyseErrorDetail(self, p: Params, ctx: Ctx):
        codes = p.str_list("codes") if isinstance(p.body.get("codes"), list) else None
        if codes is None and p.body.get("codes") not in (None, ""):
            codes = [c.strip() for c in p.str("codes").split(",") if c.strip()]
        code = p.str("code")
        if code:
            codes = (codes or []) + [code]
        if not codes:
            raise missing("code", "queryAnalyseErrorDetail")
        lang = p.int("language", default=0, minimum=0, maximum=1)
        out = []
        for e in self.cat.errors:
            if e["code"] in codes:
                desc, sol = e["text"].get(str(lang)) or e["text"]["0"]
                out.append({"id": e["id"], "code": e["code"], "type": e["type"], "languageFlag": lang,
                            "desDescriptionCn": desc, "desSolutionCn": sol, "solutionPath": e.get("solutionPath", ""),
                            "isRepair": e.get("isRepair", 0), "isDelete": 1, "isOpen": e.get("isOpen", 1),
                            "lastModifyAdmin": "", "updateTime": 1534387709000})
        return out

    def getTaskList(self, p: Params, ctx: Ctx):
        num = p.int("pageNum", default=1, minimum=1)
        size = p.int("pageSize", default=100, minimum=1, maximum=1000)
        statuses = p.int_list("statusList")
        kw = p.str("searchKeyword")
        start = _parse_time(p.str("startTime"), "startTime", "getTaskList")
        end = _parse_time(p.str("endTime"), "endTime", "getTaskList")
        recycle = p.int("recycleFlag", default=0)
        where = ["parent_id IS NULL", "user_id=?", "is_delete=?"]
        args: list = [self.e.user_id, 0 if recycle == 1 else 1]
        if statuses:
            where.append("status IN (%s)" % ",".join("?" * len(statuses)))
            args += statuses
        if kw:
            digits = re.sub(r"^\d+[A-Za-z]+", "", kw.strip())
            where.append("(scene_name LIKE ? OR CAST(id AS TEXT) LIKE ?)")
            args += ["%" + kw.strip() + "%", "%" + (digits or kw.strip()) + "%"]
        if start:
            where.append("coalesce(submit_date, created)>=?")
            args.append(start)
        if end:
            where.append("coalesce(submit_date, created)<=?")
            args.append(end)
        sql = " AND ".join(where)
        with self.e.store.read() as db:
            total = db.execute("SELECT count(*) FROM tasks WHERE " + sql, args).fetchone()[0]
            rows = db.execute("SELECT * FROM tasks WHERE %s ORDER BY id DESC LIMIT ? OFFSET ?" % sql,
                              args + [size, (num - 1) * size]).fetchall()
            items = self._tasks_with_kids(db, rows)
        return page(items, total, num, size)

    def queryTaskInfo(self, p: Params, ctx: Ctx):
        ids = p.int_list("taskIds", required=True, non_empty=True)
        with self.e.store.read() as db:
            rows = []
            for tid in ids:
                row = db.execute("SELECT * FROM tasks WHERE id=? AND user_id=?", (tid, self.e.user_id)).fetchone()
                if row is not None:
                    rows.append(row)
            items = self._tasks_with_kids(db, rows)
        return page(items, len(items), 1, 100)

    def stopTask(self, p: Params, ctx: Ctx):
        self.e.stop_tasks(self._task_ids(p))

    def startTask(self, p: Params, ctx: Ctx):
        self.e.start_tasks(self._task_ids(p))

    def abandonTask(self, p: Params, ctx: Ctx):
        self.e.abandon_tasks(self._task_ids(p))

    def deleteTask(self, p: Params, ctx: Ctx):
        self.e.abandon_tasks(self._task_ids(p), delete=True)

    def setTaskOverTimeStop(self, p: Params, ctx: Ctx):
        ids = self._task_ids(p)
        self.e.set_task_fields(ids, over_time_stop=p.int("overTime", required=True, minimum=0))
        return "SUCCESS"

    def fullSpeedRendering(self, p: Params, ctx: Ctx):
        self.e.full_speed(self._task_ids(p))
        return "成功"

    def updateTaskUserLevel(self, p: Params, ctx: Ctx):
        tid = p.int("taskId", required=True)
        level = p.int("taskUserLevel", required=True, minimum=0, maximum=100)
        self.e.set_task_fields([tid], task_user_level=level)

    def updateTaskLimit(self, p: Params, ctx: Ctx):
        tid = p.int("taskId", required=True)
        self.e.set_task_fields([tid], task_limit=p.int("taskLimit", required=True, minimum=1, maximum=1000))

    def hardwareConfig(self, p: Params, ctx: Ctx):
        ids = p.int_list("taskIds")
        current = None
        if ids:
            with self.e.store.read() as db:
                current = self.e.task_row(db, ids[0])["hardware_id"]
        return self.cat.hardware_rows(ctx.platform, current)

    def editTaskHardwareConfig(self, p: Params, ctx: Ctx):
        ids = self._task_ids(p)
        hw_ids = p.int_list("hardwareConfigIds") or ([p.int("hardwareConfigId")] if p.body.get("hardwareConfigId")
                                                     is not None else None)
        if not hw_ids:
            raise missing("hardwareConfigIds", "editTaskHardwareConfig")
        hw = self.cat.hardware_by_id(hw_ids[0])
        if hw is None:
            raise FarmError(NOT_FOUND, "editTaskHardwareConfig: hardware config %d does not exist (see "
                                       "/api/render/hardwareConfig/list)" % hw_ids[0])
        if hw["status"] != 1:
            raise FarmError(CONFLICT, "editTaskHardwareConfig: hardware config %d is disabled" % hw_ids[0])
        for name in ("model", "gpuNum", "ram"):
            p.str(name)
        self.e.set_task_fields(ids, hardware_id=hw["id"])

    def getUserPackNodeInfo(self, p: Params, ctx: Ctx):
        return list(self.cat.account.get("packNodes", []))

    # -- frames and logs -----------------------------------------------------------------------
    FRAME_COLS = ("f.id, f.task_id, f.ord, f.frame_index, f.status, f.frame_type, f.work, f.start_time, f.end_time,"
                  " f.due, f.execute_time, f.fee, f.recommit, f.node, f.hardware_id, f.abandoned,"
                  " t.platform, t.task_over_time")

    def frame_wire(self, f, now: int) -> dict:
        hw = self.cat.hardware_by_id(f["hardware_id"] or 0) or {}
        exec_s = f["execute_time"]
        fee = f["fee"]
        current = 0
        if f["status"] == F_RUN:
            current = int(max(0, now - f["start_time"]) / 1000.0 * self.e.speed)
            exec_s = current
            fee = self.e.fee(hw, current) if hw else 0.0
        ram = hw.get("ram", "")
        return {
            "id": f["id"], "userId": self.e.user_id,
            "framePrice": hw.get("pricePerCoreHour") or hw.get("pricePerCardHour"), "feeType": 0,
            "platform": f["platform"], "frameIndex": f["frame_index"], "frameBlock": "1",
            "frameStatus": f["status"], "frameStatusText": "task_frame_status_%d" % f["status"],
            "feeAmount": round(fee, 4), "couponFee": 0, "arrearsFee": None, "startTime": f["start_time"],
            "endTime": f["end_time"], "frameExecuteTime": exec_s, "currentRenderTime": current,
            "taskId": f["task_id"], "munuJobId": str(f["ord"]), "munuTaskId": "", "frameType": f["frame_type"],
            "recommitFlag": f["recommit"], "isCopy": None, "taskOverTime": f["task_over_time"], "gopName": None,
            "frameRam": int(ram[:-2]) if ram.endswith("GB") and ram[:-2].isdigit() else None,
            "averageCpu": 92 if f["status"] in (F_RUN, F_DONE) else 0,
            "averageMemory": 2240647168 if f["status"] in (F_RUN, F_DONE) else 0, "isOverTime": 0,
            "overOneMonth": None, "renderRam": None, "nodeId": f["node"], "openRenderRam": None,
        }

    def _frame_task_ids(self, db, tid: int) -> List[int]:
        self.e.task_row(db, tid)
        kids = [r[0] for r in db.execute("SELECT id FROM tasks WHERE parent_id=? ORDER BY id", (tid,))]
        return kids or [tid]

    # The frame page is the hottest read (clients walk 10,000-frame tasks): SQLite renders each
    # frame's JSON itself (JSON1), the page skips rows on the covering index, and the total comes
    # from the task counters. Running frames (cost and time still moving) are built in Python.
    FRAME_JSON = (
        "json_object('id', f.id, 'userId', ?, 'framePrice', h.price, 'feeType', 0, 'platform', t.platform,"
        " 'frameIndex', f.frame_index, 'frameBlock', '1', 'frameStatus', f.status,"
        " 'frameStatusText', 'task_frame_status_' || f.status, 'feeAmount', round(f.fee, 4), 'couponFee', 0,"
        " 'arrearsFee', NULL, 'startTime', f.start_time, 'endTime', f.end_time, 'frameExecuteTime', f.execute_time,"
        " 'currentRenderTime', 0, 'taskId', f.task_id, 'munuJobId', CAST(f.ord AS TEXT), 'munuTaskId', '',"
        " 'frameType', f.frame_type, 'recommitFlag', f.recommit, 'isCopy', NULL, 'taskOverTime', t.task_over_time,"
        " 'gopName', NULL, 'frameRam', h.ram_gb, 'averageCpu', CASE WHEN f.status=4 THEN 92 ELSE 0 END,"
        " 'averageMemory', CASE WHEN f.status=4 THEN 2240647168 ELSE 0 END, 'isOverTime', 0, 'overOneMonth', NULL,"
        " 'renderRam', NULL, 'nodeId', f.node, 'openRenderRam', NULL)")

    def queryTaskFrames(self, p: Params, ctx: Ctx):
        tid = p.int("taskId", required=True)
        num = p.int("pageNum", default=1, minimum=1)
        size = p.int("pageSize", default=100, minimum=1, maximum=1000)
        kw = p.str("searchKeyword")
        with self.e.store.read() as db:
            ids = self._frame_task_ids(db, tid)
            marks = ",".join("?" * len(ids))
            where = "task_id IN (%s)" % marks
            args: list = list(ids)
            if kw:
                where += " AND frame_index LIKE ?"
                args.append("%" + kw + "%")
                total = db.execute("SELECT count(*) FROM frames WHERE " + where, args).fetchone()[0]
                chosen = "f.id IN (SELECT id FROM frames WHERE %s ORDER BY task_id, id LIMIT ? OFFSET ?)" % where
                chosen_args = args + [size, (num - 1) * size]
            else:
                counts = db.execute("SELECT id, total_frames FROM tasks WHERE id IN (%s) ORDER BY id" % marks,
                                    ids).fetchall()
                total = sum(r[1] for r in counts)
                # walk the layers' counters to the page: each piece reads one layer's covering index
                skip, want, picked = (num - 1) * size, size, []
                for task_id, count in counts:
                    if want <= 0:
                        break
                    if skip >= count:
                        skip -= count
                        continue
                    picked += [r[0] for r in db.execute("SELECT id FROM frames WHERE task_id=? ORDER BY id LIMIT ?"
                                                        " OFFSET ?", (task_id, want, skip))]
                    want = size - len(picked)
                    skip = 0
                chosen = "f.id IN (%s)" % (",".join(str(int(i)) for i in picked) or "NULL")
                chosen_args = []
            if self.e.json1:
                rows = db.execute("SELECT f.status, f.id, %s FROM frames f JOIN tasks t ON t.id=f.task_id"
                                  " LEFT JOIN hw h ON h.id=f.hardware_id WHERE %s ORDER BY f.task_id, f.id"
                                  % (self.FRAME_JSON, chosen), [self.e.user_id] + chosen_args).fetchall()
                running = [r[1] for r in rows if r[0] == F_RUN]
                live = {}
                if running:
                    now = now_ms()
                    for r in db.execute("SELECT %s FROM frames f JOIN tasks t ON t.id=f.task_id WHERE f.id IN (%s)"
                                        % (self.FRAME_COLS, ",".join("?" * len(running))), running):
                        live[r["id"]] = json.dumps(self.frame_wire(r, now), ensure_ascii=False)
                items = ",".join(live.get(r[1]) or r[2] for r in rows)
                pages = int(math.ceil(total / float(size))) if size else 0
                return RawJSON('{"pageCount":%d,"pageNum":%d,"total":%d,"size":%d,"items":[%s]}'
                               % (pages, num, total, size, items))
            rows = db.execute("SELECT %s FROM frames f JOIN tasks t ON t.id=f.task_id WHERE %s ORDER BY f.task_id, f.id"
                              % (self.FRAME_COLS, chosen), chosen_args).fetchall()
        now = now_ms()
        return page([self.frame_wire(r, now) for r in rows], total, num, size)

    def queryAllFrameStats(self, p: Params, ctx: Ctx):
        with self.e.store.read() as db:  # from the per-task counters of layer tasks (no frame scan)
            r = db.execute(
                "SELECT coalesce(sum(executing_frames),0), coalesce(sum(done_frames),0), coalesce(sum(failed_frames),0),"
                " coalesce(sum(waiting_frames),0), coalesce(sum(abort_frames),0), coalesce(sum(total_frames),0)"
                " FROM tasks t WHERE user_id=? AND is_delete=1 AND NOT EXISTS"
                " (SELECT 1 FROM tasks k WHERE k.parent_id=t.id)", (self.e.user_id,)).fetchone()
        return {"executingFramesTotal": r[0], "doneFramesTotal": r[1], "failedFramesTotal": r[2],
                "waitingFramesTotal": r[3], "abandonFramesTotal": r[4], "totalFrames": r[5]}

    def recommitTasks(self, p: Params, ctx: Ctx):
        ids = self._task_ids(p)
        statuses = p.int_list("status") or [F_FAIL]
        with self.e.store.write() as db:
            leaves = self.e._leaf_ids(db, ids)
            self.e.recommit(db, "task_id IN (%s) AND status IN (%s)" % (",".join("?" * len(leaves)),
                                                                       ",".join("?" * len(statuses))),
                            leaves + statuses)
        self.e.poke()

    def _frame_selection(self, p: Params, endpoint: str):
        tid = p.int("taskId", required=p.body.get("selectAll", 1) in (1, "1"))
        select_all = p.int("selectAll", default=1)
        if select_all not in (0, 1):
            raise invalid("selectAll", endpoint, "0 or 1", select_all)
        frame_ids = p.int_list("ids")
        statuses = p.int_list("status")
        with self.e.store.read() as db:
            tasks = self._frame_task_ids(db, tid) if tid is not None else []
        if select_all == 1:
            where = "task_id IN (%s)" % ",".join("?" * len(tasks))
            args = list(tasks)
        else:
            if not frame_ids:
                raise missing("ids", endpoint + " (selectAll=0)")
            where = "id IN (%s)" % ",".join("?" * len(frame_ids))
            args = list(frame_ids)
            if tasks:
                where += " AND task_id IN (%s)" % ",".join("?" * len(tasks))
                args += tasks
        if statuses:
            where += " AND status IN (%s)" % ",".join("?" * len(statuses))
            args += statuses
        return where, args

    def recommitTaskFrames(self, p: Params, ctx: Ctx):
        where, args = self._frame_selection(p, "recommitTaskFrames")
        with self.e.store.write() as db:
            self.e.recommit(db, where, args)
        self.e.poke()

    def stopTaskFrames(self, p: Params, ctx: Ctx):
        where, args = self._frame_selection(p, "stopTaskFrames")
        with self.e.store.write() as db:
            tids = self.e.stop_frames_where(db, where, args, why="stopped by the user")
            self.e.refresh(db, tids)
        self.e.poke()

    def showLog(self, p: Params, ctx: Ctx):
        fid = p.int("id", required=True)
        num = max(1, p.int("pageNum", default=1, minimum=0))
        p.str("renderingType", default="render")
        p.int("pageSize", default=1)
        with self.e.store.read() as db:
            row = db.execute("SELECT f.log, f.task_id FROM frames f JOIN tasks t ON t.id=f.task_id"
                             " WHERE f.id=? AND t.user_id=?", (fid, self.e.user_id)).fetchone()
            if row is not None:
                head = self.e.task_log(db, row["task_id"])
                text = "=================================analyse=================================\n" + head + \
                       "=================================render=================================\n" + row["log"]
            else:
                t = db.execute("SELECT id FROM tasks WHERE id=? AND user_id=?", (fid, self.e.user_id)).fetchone()
                if t is None:
                    raise FarmError(NOT_FOUND, "showLog: no frame (or task) with id %d" % fid)
                text = self.e.task_log(db, fid)
        chunks, cur = [], ""
        for line in text.splitlines(True):
            if cur and len(cur) + len(line) > LOG_PAGE_CHARS:
                chunks.append(cur)
                cur = ""
            cur += line
        chunks.append(cur)
        items = chunks[num - 1].splitlines() if num <= len(chunks) else []
        return {"pageCount": len(chunks), "pageNum": num, "total": len(text), "size": LOG_PAGE_CHARS, "items": items}

    def loadingFrameThumbnail(self, p: Params, ctx: Ctx):
        fid = p.int("id", required=True)
        p.int("frameStatus", default=4)
        with self.e.store.read() as db:
            f = db.execute("SELECT f.id, f.task_id, f.status FROM frames f JOIN tasks t ON t.id=f.task_id"
                           " WHERE f.id=? AND t.user_id=?", (fid, self.e.user_id)).fetchone()
        if f is None:
            raise FarmError(NOT_FOUND, "loadingFrameThumbnail: frame %d does not exist" % fid)
        if not self.e.thumb_path(f["task_id"], f["id"]).is_file():
            return []
        return [self.e.thumb_url(f["task_id"], f["id"])]

    def loadTaskProcessImg(self, p: Params, ctx: Ctx):
        tid = p.int("taskId", required=True)
        ftype = p.int("frameType")
        with self.e.store.read() as db:
            t = self.e.task_row(db, tid)
            ids = self._frame_task_ids(db, tid)
            sql = ("SELECT %s FROM frames f JOIN tasks t ON t.id=f.task_id WHERE f.task_id IN (%s)"
                   % (self.FRAME_COLS, ",".join("?" * len(ids))))
            args = list(ids)
            if ftype is not None:
                sql += " AND f.frame_type=?"
                args.append(ftype)
            rows = db.execute(sql + " ORDER BY f.task_id, f.id LIMIT 1000", args).fetchall()
        now = now_ms()
        grab = []
        for f in rows:
            w = self.frame_wire(f, now)
            has = f["status"] == F_DONE and self.e.thumb_path(f["task_id"], f["id"]).is_file()
            pct = 100 if f["status"] == F_DONE else (
                int(min(99, 100.0 * (now - f["start_time"]) / max(1, f["due"] - f["start_time"])))
                if f["status"] == F_RUN else 0)
            grab.append([{"startTime": fmt_ms(f["start_time"]), "endTime": fmt_ms(f["end_time"]),
                          "frameStatus": str(f["status"]), "isMaxPrice": "0", "feeAmount": "%.2f" % w["feeAmount"],
                          "couponFee": "0.00", "frameIndex": f["frame_index"], "frameBlock": "1",
                          "framePercent": str(pct), "frameUsed": str(w["frameExecuteTime"]), "frameEst": "0",
                          "renderInfo": "", "grabUrl": self.e.thumb_url(f["task_id"], f["id"]) if has else (
                              "/mnt/output/grab/%d/%d/%d-%d.png" % (self.e.user_id, f["task_id"], f["id"], pct)
                              if f["status"] == F_RUN else "")}])
        return {"width": OUTPUT_SIZE[0], "height": OUTPUT_SIZE[1], "block": 1, "isRenderPhoton": False,
                "currentTaskType": "Render", "sceneName": t["scene_name"], "startTime": fmt_ms(t["start_time"]),
                "endTime": fmt_ms(t["completed_date"]), "completedTime": fmt_ms(t["completed_date"]),
                "grabInfo": grab}

    # -- labels / projects ---------------------------------------------------------------------
    def projectAdd(self, p: Params, ctx: Ctx):
        name = p.str("newName", required=True, non_empty=True)
        status = p.int("status", default=1)
        with self.e.store.write() as db:
            if db.execute("SELECT 1 FROM projects WHERE user_id=? AND name=?", (self.e.user_id, name)).fetchone():
                raise FarmError(CONFLICT, "project/add: a label named %r already exists" % name)
            pid = self.e.next_id(db, "projects", 3671)
            db.execute("INSERT INTO projects (id, user_id, name, status) VALUES (?,?,?,?)",
                       (pid, self.e.user_id, name, status))

    def projectDelete(self, p: Params, ctx: Ctx):
        name = p.str("delName", required=True, non_empty=True)
        with self.e.store.write() as db:
            cur = db.execute("DELETE FROM projects WHERE user_id=? AND name=?", (self.e.user_id, name))
            if cur.rowcount == 0:
                raise FarmError(NOT_FOUND, "project/delete: no label named %r" % name)

    def projectGetList(self, p: Params, ctx: Ctx):
        with self.e.store.read() as db:
            rows = db.execute("SELECT id, name FROM projects WHERE user_id=? ORDER BY id", (self.e.user_id,)).fetchall()
        return {"projectNameList": [{"projectId": r[0], "projectName": r[1]} for r in rows]}

    def projectList(self, p: Params, ctx: Ctx):
        flag = p.int("flag", default=0)
        if flag not in (0, 1, 2):
            raise invalid("flag", "project/list", "0, 1 or 2", flag)
        return self.projectGetList(p, ctx)

    def addTaskLabel(self, p: Params, ctx: Ctx):
        label = p.str("label", required=True, non_empty=True)
        ids = self._task_ids(p)
        with self.e.store.write() as db:
            for tid in ids:
                t = self.e.task_row(db, tid)
                labels = json.loads(t["labels"] or "[]")
                if label not in labels:
                    labels.append(label)
                for x in [tid] + [r[0] for r in db.execute("SELECT id FROM tasks WHERE parent_id=?", (tid,))]:
                    db.execute("UPDATE tasks SET labels=? WHERE id=?", (json.dumps(labels), x))
                self.e._plan_failures_from_labels(db, t["parent_id"] or tid, [label])

    def deleteTaskLabel(self, p: Params, ctx: Ctx):
        ids = self._task_ids(p)
        names = set(p.str_list("labelNames") or [])
        p.int_list("labelIds")
        with self.e.store.write() as db:
            for tid in ids:
                t = self.e.task_row(db, tid)
                labels = [x for x in json.loads(t["labels"] or "[]") if x not in names]
                for x in [tid] + [r[0] for r in db.execute("SELECT id FROM tasks WHERE parent_id=?", (tid,))]:
                    db.execute("UPDATE tasks SET labels=? WHERE id=?", (json.dumps(labels), x))

    # -- software and render environments ------------------------------------------------------
    def querySoftwareList(self, p: Params, ctx: Ctx):
        return self.cat.software_list()

    def querySoftwareDetail(self, p: Params, ctx: Ctx):
        cg_id = p.int("cgId", required=True)
        os_name = (p.str("osName", default="windows") or "windows").lower()
        if os_name not in ("windows", "linux", "default"):
            raise invalid("osName", "querySoftwareDetail", "'windows' or 'linux'", os_name)
        out = self.cat.software_detail(cg_id, os_name)
        if out is None:
            raise FarmError(NOT_FOUND, "querySoftwareDetail: cgId %d is not offered (see querySoftwareList)" % cg_id)
        return out

    def _env_from_body(self, p: Params, endpoint: str) -> dict:
        cg_id = p.int("cgId", required=True)
        sw = self.cat.software_by_id(cg_id)
        if sw is None:
            raise FarmError(NOT_FOUND, "%s: cgId %d is not offered" % (endpoint, cg_id))
        version = p.str("cgVersion", required=True, non_empty=True)
        if version not in [v["cgVersion"] for v in sw["versions"]]:
            raise FarmError(NOT_FOUND, "%s: %s %s is not offered (versions: %s)" % (
                endpoint, sw["cgName"], version, ", ".join(v["cgVersion"] for v in sw["versions"])))
        plugin_ids = p.int_list("pluginIds", required=True)
        for pid in plugin_ids:
            plug = self.cat.plugin_by_id(pid)
            if plug is None or plug["cgId"] != cg_id:
                raise FarmError(NOT_FOUND, "%s: plugin id %d is not a %s plugin" % (endpoint, pid, sw["cgName"]))
            if version not in plug.get("cgVersions", []):
                raise FarmError(CONFLICT, "%s: %s %s does not run on %s %s" % (
                    endpoint, plug["pluginName"], plug["pluginVersion"], sw["cgName"], version))
        p.str("cgName", required=True)
        return {"cg_id": cg_id, "cg_name": sw["cgName"], "cg_version": version,
                "edit_name": p.str("editName", required=True, non_empty=True),
                "render_layer_type": p.int("renderLayerType", default=0),
                "os_name": p.int("renderSystem", required=True, minimum=0, maximum=1),
                "project_path": p.str("projectPath", default="") or "",
                "plugin_ids": json.dumps(plugin_ids)}

    def addUserPluginConfig(self, p: Params, ctx: Ctx):
        env = self._env_from_body(p, "addUserPluginConfig")
        with self.e.store.write() as db:
            if db.execute("SELECT 1 FROM envs WHERE user_id=? AND edit_name=?",
                          (self.e.user_id, env["edit_name"])).fetchone():
                raise FarmError(CONFLICT, "addUserPluginConfig: a render environment named %r exists; edit it with "
                                          "editUserPluginConfig" % env["edit_name"])
            db.execute("INSERT INTO envs (user_id, edit_name, cg_id, cg_name, cg_version, os_name, render_layer_type,"
                       " project_path, plugin_ids, created) VALUES (?,?,?,?,?,?,?,?,?,?)",
                       (self.e.user_id, env["edit_name"], env["cg_id"], env["cg_name"], env["cg_version"],
                        env["os_name"], env["render_layer_type"], env["project_path"], env["plugin_ids"], now_ms()))
        return {"editName": env["edit_name"]}

    def editUserPluginConfig(self, p: Params, ctx: Ctx):
        env = self._env_from_body(p, "editUserPluginConfig")
        with self.e.store.write() as db:
            cur = db.execute("UPDATE envs SET cg_id=?, cg_name=?, cg_version=?, os_name=?, render_layer_type=?,"
                             " project_path=?, plugin_ids=? WHERE user_id=? AND edit_name=?",
                             (env["cg_id"], env["cg_name"], env["cg_version"], env["os_name"],
                              env["render_layer_type"], env["project_path"], env["plugin_ids"], self.e.user_id,
                              env["edit_name"]))
            if cur.rowcount == 0:
                raise FarmError(NOT_FOUND, "editUserPluginConfig: no render environment named %r" % env["edit_name"])

    def deleteUserPluginConfig(self, p: Params, ctx: Ctx):
        name = p.str("editName", required=True, non_empty=True)
        with self.e.store.write() as db:
            if db.execute("DELETE FROM envs WHERE user_id=? AND edit_name=?", (self.e.user_id, name)).rowcount == 0:
                raise FarmError(NOT_FOUND, "deleteUserPluginConfig: no render environment named %r" % name)

    def setDefaultUserPluginConfig(self, p: Params, ctx: Ctx):
        name = p.str("editName", required=True, non_empty=True)
        with self.e.store.write() as db:
            row = db.execute("SELECT cg_id FROM envs WHERE user_id=? AND edit_name=?", (self.e.user_id, name)).fetchone()
            if row is None:
                raise FarmError(NOT_FOUND, "setDefaultUserPluginConfig: no render environment named %r" % name)
            db.execute("UPDATE envs SET is_default=0 WHERE user_id=? AND cg_id=?", (self.e.user_id, row[0]))
            db.execute("UPDATE envs SET is_default=1 WHERE user_id=? AND edit_name=?", (self.e.user_id, name))

    def getUserPluginConfig(self, p: Params, ctx: Ctx):
        cg_id = p.int("cgId")
        cg_ids = p.int_list("cgIds") or []
        os_name = p.int("osName")
        where, args = "user_id=?", [self.e.user_id]
        wanted = ([cg_id] if cg_id is not None else []) + cg_ids
        if wanted:
            where += " AND cg_id IN (%s)" % ",".join("?" * len(wanted))
            args += wanted
        if os_name is not None:
            where += " AND os_name=?"
            args.append(os_name)
        with self.e.store.read() as db:
            rows = db.execute("SELECT * FROM envs WHERE %s ORDER BY created, edit_name" % where, args).fetchall()
        out = []
        for r in rows:
            plugins = [self.cat.plugin_by_id(i) for i in json.loads(r["plugin_ids"])]
            out.append({"cgId": r["cg_id"], "editName": r["edit_name"], "cgName": r["cg_name"],
                        "cgVersion": r["cg_version"], "osName": r["os_name"], "renderLayerType": r["render_layer_type"],
                        "isDefault": r["is_default"], "projectPath": r["project_path"], "isMainUserId": 1,
                        "respUserPluginInfoVos": [self.cat.plugin_wire(x) for x in plugins if x]})
        return out

    # -- transfer ------------------------------------------------------------------------------
    def getServerInfo(self, p: Params, ctx: Ctx):
        p.int("zone")
        host, _, port = ctx.domain.partition(":")
        return {"clientVersion": "3.2.8.2", "protocolVersion": "3.2.8.2",
                "raysyncTransfer": {"serverIp": host, "serverPort": int(port or 80), "proxyIp": host,
                                    "proxyPort": int(port or 80), "sslPort": 0, "port": int(port or 80)}}

    def getRaySyncUserKey(self, p: Params, ctx: Ctx):
        return {"channel": 4, "platform": ctx.platform, "signature": "localfarm", "version": "1.0.0",
                "userKey": self.raysync_key[:32], "id": self.e.user_id, "userName": self.e.user_name, "zone": 1,
                "phone": "", "email": "", "loginTime": now_ms(), "infoStatus": 0, "accountType": 1,
                "shareMainCapital": 0, "subDeleteTask": 0, "subDeleteCapital": 1, "useMainBalance": 0,
                "downloadDisable": 0, "raySyncUserKey": self.raysync_key}

    def getConfig(self, p: Params, ctx: Ctx):
        b = self.cat.account["bids"]
        host, _, port = ctx.domain.partition(":")
        return {"inputBid": b["input_bid"], "outputBid": b["output_bid"], "configBid": b["config_bid"],
                "parentInputBid": b.get("parent_input_bid"),
                "resqEngines": [{"engineName": "LocalHTTP", "checkServer": host, "checkPort": port or "80",
                                 "checkEnable": "0", "checkExcludType": "", "automaticCheck": 0, "isDefault": 1,
                                 "resqEngineAccounts": None,
                                 "respTaskEngineLines": [{"name": "local_http", "server": host, "port": port or "80",
                                                          "isDefault": 1, "lineId": 1, "type": 1}]}],
                "subUserOutputBids": []}

    def getOutputUserDirFile(self, p: Params, ctx: Ctx):
        tid = p.int("taskId")
        tree = p.str("treePath", default="/") or "/"
        st = self.e.storage
        if tid is not None and tree.strip() in ("", "/"):
            with self.e.store.read() as db:
                leaves = self.e.leaves(db, tid)
            out = []
            for leaf in leaves:
                if leaf["output_file_name"]:
                    entries = st.listdir("output", "/")
                    out += [x for x in (entries or []) if x["fileName"] == leaf["output_file_name"]]
            return out
        entries = st.listdir("output", tree)
        return entries if entries is not None else []

    # local transfer API (documented in the package docstring)
    def localCheck(self, p: Params, ctx: Ctx):
        storage = p.str("storage", required=True)
        files = p.body.get("files")
        if files is None:
            raise missing("files", "local/check")
        if not isinstance(files, list):
            raise invalid("files", "local/check", "a list of {path, size, hash}", files)
        st = self.e.storage
        area = st.areas[storage] if storage in st.areas else st.area_dir(storage)  # area_dir names a bad storage
        wanted = []
        for i, f in enumerate(files):
            if not isinstance(f, dict):
                raise invalid("files[%d]" % i, "local/check", "an object {path, size, hash}", f)
            fp = Params(f, "local/check files[%d]" % i)
            path = st.check_path(fp.str("path", required=True), "files[%d].path" % i)
            wanted.append((path, fp.int("size", default=None), (fp.str("hash", default="") or "").strip().lower()))
        out = []
        dir_cache: Dict[str, str] = {}
        with self.e.store.read() as db:
            known = {}  # hashes the farm computed before, fetched 500 paths a query
            for k in range(0, len(wanted), 500):
                chunk = [w[0] for w in wanted[k:k + 500]]
                rows = db.execute("SELECT path, size, hash, mtime FROM files WHERE storage=? AND area=? AND path IN (%s)"
                                  % ",".join("?" * len(chunk)), [storage, area] + chunk)
                known.update((row["path"], row) for row in rows)
            for path, size, digest in wanted:
                local = st.local_str(storage, path, dir_cache=dir_cache, checked=True)
                try:
                    info = os.stat(local)
                except OSError:
                    info = None
                state, received = "absent", 0
                if info is not None and stat.S_ISREG(info.st_mode):
                    row = known.get(path)
                    if row is not None and row["size"] == info.st_size and row["mtime"] == int(info.st_mtime_ns):
                        real_hash = row["hash"]
                    else:
                        real_hash = self._cached_hash(db, storage, path, local)
                    if (size is None or info.st_size == size) and (not digest or digest == real_hash):
                        state, received = "present", info.st_size
                if state == "absent":
                    up = db.execute("SELECT * FROM uploads WHERE storage=? AND area=? AND path=?",
                                    (storage, area, path)).fetchone()
                    if up is not None and (not digest or up["hash"] == digest) and (size is None or up["total"] == size):
                        part = st.partial_file(storage, path)
                        received = part.stat().st_size if part.is_file() else 0
                        state = "partial" if received else "absent"
                out.append({"path": path, "state": state, "received": received})
        return {"files": out}

    def _cached_hash(self, db, storage: str, path: str, local) -> str:
        st = os.stat(local)
        row = db.execute("SELECT size, hash, mtime FROM files WHERE storage=? AND area=? AND path=?",
                         (storage, self.e.storage.areas[storage], path)).fetchone()
        if row is not None and row["size"] == st.st_size and row["mtime"] == int(st.st_mtime_ns):
            return row["hash"]
        digest = sha256_file(local)
        with self.e.store.write() as wdb:
            wdb.execute("INSERT INTO files (storage, area, path, size, hash, mtime) VALUES (?,?,?,?,?,?)"
                        " ON CONFLICT(storage, area, path) DO UPDATE SET size=excluded.size, hash=excluded.hash,"
                        " mtime=excluded.mtime",
                        (storage, self.e.storage.areas[storage], path, st.st_size, digest, int(st.st_mtime_ns)))
        return digest

    def localList(self, p: Params, ctx: Ctx):
        storage = p.str("storage", default="output")
        tree = p.str("treePath", default="/") or "/"
        st = self.e.storage
        out = []
        with self.e.store.read() as db:
            for local in st.walk(storage, tree):
                path = st.farm_path(storage, local)
                out.append({"path": path, "size": local.stat().st_size,
                            "hash": self._cached_hash(db, storage, path, local)})
        return out

    # -- admin (local farm only) ---------------------------------------------------------------
    def adminFailFrames(self, p: Params, ctx: Ctx):
        tid = p.int("taskId", required=True)
        frames_raw = p.body.get("frames")
        if isinstance(frames_raw, list):
            frames = p.int_list("frames", non_empty=True)
        else:
            text = p.str("frames", required=True)
            try:
                frames = parse_frames(text)
            except FrameSpecError as exc:
                raise FarmError(PARAM_INVALID, "admin/failFrames: frames: %s" % exc)
        times = p.int("times", default=1, minimum=0, maximum=100)
        with self.e.store.write() as db:
            t = self.e.task_row(db, tid)
            self.e.plan_failures(db, t["parent_id"] or tid, frames, times)
        return {"taskId": tid, "frames": frames, "times": times}

    def adminState(self, p: Params, ctx: Ctx):
        speed = p.body.get("speed")
        if speed is not None:
            if isinstance(speed, bool) or not isinstance(speed, (int, float)) or speed <= 0:
                raise invalid("speed", "admin/state", "a positive number", speed)
            self.e.speed = float(speed)
        with self.e.store.read() as db:
            running = db.execute("SELECT count(*) FROM frames WHERE status=?", (F_RUN,)).fetchone()[0]
        return {"speed": self.e.speed, "nodes": self.e.nodes, "runningFrames": running}


# path -> (method name, records an operation for §49)
ROUTES: Dict[str, tuple] = {}


def _route(name: str, *paths: str, record: bool = False) -> None:
    for path in paths:
        ROUTES[path] = (name, record)


_route("queryPlatforms", "/api/render/common/queryPlatforms")
_route("queryUserProfile", "/api/render/setUp/queryUserProfile", "/api/render/user/queryUserProfile")
_route("queryUserSetting", "/api/render/setUp/queryUserSetting", "/api/render/user/queryUserSetting")
_route("updateUserSetting", "/api/render/setUp/updateUserSetting", "/api/render/user/updateUserSetting")
_route("getBid", "/api/render/transfer/getBid")
_route("createTask", "/api/render/submit/createTask", record=True)
_route("taskJsonFile", "/api/render/submit/taskJsonFile")
_route("submitTask", "/api/render/submit/task", record=True)
_route("queryAnalyseErrorDetail", "/api/render/submit/queryAnalyseErrorDetail")
_route("getTaskList", "/api/render/handle/getTaskList/v2", "/api/render/handle/getTaskList")
_route("queryTaskInfo", "/api/render/handle/queryTaskInfo/v2", "/api/render/handle/queryTaskInfo")
_route("stopTask", "/api/rendering/task/renderingTask/stopTask", "/api/render/handle/stopTask", record=True)
_route("startTask", "/api/rendering/task/renderingTask/startTask", "/api/render/handle/startTask", record=True)
_route("abandonTask", "/api/render/handle/abandonTask", record=True)
_route("deleteTask", "/api/render/handle/deleteTask", record=True)
_route("setTaskOverTimeStop", "/api/render/handle/setTaskOverTimeStop", record=True)
_route("fullSpeedRendering", "/api/render/handle/fullSpeedRendering", record=True)
_route("updateTaskUserLevel", "/api/rendering/task/renderingTask/updateTaskUserLevel", record=True)
_route("updateTaskLimit", "/api/render/handle/updateTaskLimit", record=True)
_route("hardwareConfig", "/api/render/hardwareConfig/list")
_route("editTaskHardwareConfig", "/api/render/handle/editTaskHardwareConfig", record=True)
_route("getUserPackNodeInfo", "/api/render/submit/getUserPackNodeInfo")
_route("taskRecord", "/api/render/handle/operate/sdk/taskRecord")
_route("loginRecord", "/api/render/handle/operate/sdk/loginRecord")
_route("queryTaskFrames", "/api/render/handle/queryTaskFrames")
_route("queryAllFrameStats", "/api/render/handle/queryAllFrameStats")
_route("recommitTasks", "/api/render/handle/recommitTasks", record=True)
_route("recommitTaskFrames", "/api/render/handle/recommitTaskFrames", record=True)
_route("stopTaskFrames", "/api/render/handle/stopTaskFrames", record=True)
_route("showLog", "/api/render/handle/showLog")
_route("loadingFrameThumbnail", "/api/render/handle/loadingFrameThumbnail")
_route("loadTaskProcessImg", "/api/render/handle/loadTaskProcessImg")
_route("projectAdd", "/api/render/project/add")
_route("projectDelete", "/api/render/project/delete")
_route("projectGetList", "/api/render/project/getList")
_route("projectList", "/api/render/project/list")
_route("addTaskLabel", "/api/render/handle/addTaskLabel", record=True)
_route("deleteTaskLabel", "/api/render/handle/deleteTaskLabel", record=True)
_route("querySoftwareList", "/api/render/plugin/querySoftwareList")
_route("querySoftwareDetail", "/api/render/plugin/querySoftwareDetail")
_route("addUserPluginConfig", "/api/render/plugin/addUserPluginConfig")
_route("editUserPluginConfig", "/api/render/plugin/editUserPluginConfig")
_route("deleteUserPluginConfig", "/api/render/plugin/deleteUserPluginConfig")
_route("setDefaultUserPluginConfig", "/api/render/plugin/setDefaultUserPluginConfig")
_route("getUserPluginConfig", "/api/render/plugin/getUserPluginConfig")
_route("getServerInfo", "/api/render/transfer/getServerInfo")
_route("getRaySyncUserKey", "/api/render/transfer/getRaySyncUserKey", "/api/render/user/getRaySyncUserKey")
_route("getConfig", "/api/render/transfer/getConfig")
_route("getOutputUserDirFile", "/api/render/file/operate/getOutputUserDirFile")
_route("localCheck", "/api/render/transfer/local/check")
_route("localList", "/api/render/transfer/local/list")
_route("adminFailFrames", "/api/render/local/admin/failFrames")
_route("adminState", "/api/render/local/admin/state")
