"""The farm's state machine: tasks, frames, analysis of task.json and the simulated render nodes.

Time: frames carry simulated seconds (``work`` at the 28-core reference, scaled by the hardware);
wall time is simulated time divided by ``speed``. One scheduler thread ticks; every tick is one
SQLite transaction, so a kill -9 loses at most the tick in flight and rendering picks up where the
database says it was (frames whose due time passed while the farm was down finish on the next tick).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import zlib
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

from . import png
from .catalogue import Catalogue
from .errors import CONFLICT, NOT_FOUND, PARAM_INVALID, FarmError
from .framespec import FrameSpecError, group_label, parse_frames
from .storage import Storage
from .store import Store

log = logging.getLogger(__name__)

# task status codes (protocol doc §g)
WAITING, RENDERING, STOPPED, USER_STOPPED, TIMEOUT_STOP, DONE, DONE_FAILED = 0, 5, 10, 15, 23, 25, 30
ABANDONED, TEST_DONE, FAILED, ANALYSING, SUBMITTING, DONE_STOPPED = 35, 40, 45, 50, 60, 70
ACTIVE = (WAITING, RENDERING, TEST_DONE)
TERMINAL = (STOPPED, USER_STOPPED, 20, TIMEOUT_STOP, DONE, DONE_FAILED, ABANDONED, FAILED, 65, DONE_STOPPED)
# frame status codes
F_WAIT, F_RUN, F_STOP, F_DONE, F_FAIL, F_TIMEOUT = 1, 2, 3, 4, 5, 11
# frame types
T_PRIORITY, T_MAIN = 4, 5

REFERENCE_CORES = 28
ANALYSIS_SIM_S = 20
OUTPUT_SIZE = (320, 180)
THUMB_SIZE = (160, 90)
LOG_PAGE_CHARS = 16384


def now_ms() -> int:
    return int(time.time() * 1000)


def fmt_ms(ms: Optional[int]) -> str:
    if not ms:
        return ""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ms / 1000.0))


def stem_of(scene_name: str) -> str:
    base = scene_name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def safe_name(text: str) -> str:
    out = "".join(c if (c.isalnum() or c in "-_.") else "_" for c in text).strip("._")
    return out or "scene"


def base_work(root_id: int, frame: int) -> float:
    """Simulated seconds a frame takes on the 28-core reference machine (60–300 s, stable)."""
    return 60.0 + zlib.crc32(("%d:%d" % (root_id, frame)).encode()) % 241


def find_units(scene_info) -> List[Tuple[str, str, str]]:
    """Renderable units ``(name, frames string, camera)`` of a task.json ``scene_info_render``."""
    units: List[Tuple[str, str, str]] = []

    def frames_of(d: dict) -> Optional[str]:
        f = d.get("frames")
        if isinstance(f, str) and f.strip():
            return f
        common = d.get("common")
        if isinstance(common, dict):
            f = common.get("frames")
            if isinstance(f, str) and f.strip():
                return f
        return None

    def camera_of(d: dict) -> str:
        src = d.get("common") if isinstance(d.get("common"), dict) else d
        for key in ("render_camera", "renderable_camera", "camera"):
            cam = src.get(key)
            if isinstance(cam, list) and cam:
                return str(cam[0])
            if isinstance(cam, str) and cam:
                return cam
        return ""

    def walk(obj, name: str) -> None:
        if isinstance(obj, dict):
            if str(obj.get("renderable", "1")) == "0" or str(obj.get("render", "1")) == "0":
                return
            frames = frames_of(obj)
            if frames is not None:
                units.append((str(obj.get("node") or obj.get("name") or name), frames, camera_of(obj)))
                return
            for key, value in obj.items():
                if isinstance(value, (dict, list)):
                    walk(value, key)
        elif isinstance(obj, list):
            for i, item in enumerate(obj):
                walk(item, "%s%d" % (name, i))

    walk(scene_info, "common")
    return units


class Engine:
    def __init__(self, data_dir: Path, catalogue: Catalogue, speed: float = 1.0, nodes: int = 16):
        self.data_dir = Path(data_dir)
        self.cat = catalogue
        self.speed = float(speed)
        self.nodes = nodes
        self.store = Store(self.data_dir / "farm.sqlite3")
        acct = catalogue.account
        self.user_id = int(acct["profile"]["userId"])
        self.user_name = acct["profile"]["userName"]
        self.storage = Storage(self.data_dir / "storage", acct["bids"], self.user_id)
        self.thumb_dir = self.data_dir / "thumbs"
        self.thumb_dir.mkdir(parents=True, exist_ok=True)
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self.domain = ""
        self._prefixes: Dict[int, str] = {}
        with self.store.write() as db:  # hardware prices for SQL-rendered frame pages
            db.execute("DELETE FROM hw")
            for h in catalogue.hardware:
                ram = str(h.get("ram") or "")
                db.execute("INSERT INTO hw (id, price, ram_gb) VALUES (?,?,?)",
                           (h["id"], h.get("pricePerCoreHour") or h.get("pricePerCardHour"),
                            int(ram[:-2]) if ram.endswith("GB") and ram[:-2].isdigit() else None))
        with self.store.read() as db:
            try:
                db.execute("SELECT json_object('a', 1)").fetchone()
                self.json1 = True
            except Exception:  # SQLite built without JSON1: frame pages are built in Python
                self.json1 = False
        self._wake = threading.Event()

    # -- scheduler thread ---------------------------------------------------------------------
    @property
    def tick_s(self) -> float:
        return max(0.01, min(0.5, 2.0 / self.speed))

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="localfarm-scheduler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=10)

    def poke(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # keep scheduling; the error is in the farm log
                log.exception("local farm scheduler tick failed")
            self._wake.wait(self.tick_s)
            self._wake.clear()

    def sim_to_wall_ms(self, sim_s: float) -> int:
        return int(sim_s / self.speed * 1000)

    # -- ids -----------------------------------------------------------------------------------
    @staticmethod
    def next_id(db, table: str, first: int) -> int:
        row = db.execute("SELECT max(id) FROM %s" % table).fetchone()
        return max(first, (row[0] or 0) + 1)

    def alias(self, task_id: int, platform: int) -> str:
        prefix = self._prefixes.get(platform)
        if prefix is None:
            prefix = self._prefixes[platform] = "%d%s" % (platform, (self.cat.platform(platform) or {}).get(
                "taskPrefix", "W"))
        return prefix + str(task_id)

    # -- hardware ------------------------------------------------------------------------------
    def hardware(self, hw_id: Optional[int], platform: int) -> dict:
        return self.cat.hardware_by_id(hw_id or 0) or self.cat.default_hardware(platform) or {
            "id": 0, "type": 1, "model": "Default", "cores": REFERENCE_CORES, "ram": "64GB", "pricePerCoreHour": 0.06}

    @staticmethod
    def sim_duration(work: float, hw: dict) -> float:
        if hw.get("type") == 2:
            cards = int(str(hw.get("gpuNum") or "2").split("*")[0] or 2)
            return max(5.0, work * 0.35 * 2.0 / cards)
        cores = int(hw.get("cores") or REFERENCE_CORES)
        return max(5.0, work * REFERENCE_CORES / cores)

    @staticmethod
    def fee(hw: dict, sim_s: float) -> float:
        hours = sim_s / 3600.0
        if hw.get("type") == 2:
            cards = int(str(hw.get("gpuNum") or "1").split("*")[0] or 1)
            return round(cards * hours * float(hw.get("pricePerCardHour") or 0), 4)
        return round(int(hw.get("cores") or REFERENCE_CORES) * hours * float(hw.get("pricePerCoreHour") or 0), 4)

    # -- task queries --------------------------------------------------------------------------
    def task_row(self, db, task_id: int, include_deleted: bool = True):
        row = db.execute("SELECT * FROM tasks WHERE id=? AND user_id=?", (task_id, self.user_id)).fetchone()
        if row is None or (not include_deleted and row["is_delete"] == 0):
            raise FarmError(NOT_FOUND, "task %s does not exist on this farm" % task_id)
        return row

    def leaves(self, db, task_id: int) -> List:
        row = self.task_row(db, task_id)
        kids = db.execute("SELECT * FROM tasks WHERE parent_id=? ORDER BY id", (task_id,)).fetchall()
        return kids or [row]

    def root_id(self, row) -> int:
        return row["parent_id"] or row["id"]

    # -- creation / submission -----------------------------------------------------------------
    def create_tasks(self, count: int, level: int, labels: List[str], platform: int,
                     clone_original_id: int = 0, artist: Optional[str] = None,
                     out_user_id: Optional[int] = None) -> List[int]:
        ids = []
        with self.store.write() as db:
            for _ in range(count):
                tid = self.next_id(db, "tasks", 19097)
                db.execute(
                    "INSERT INTO tasks (id, user_id, platform, status, labels, task_user_level, created,"
                    " clone_original_id, artist, out_user_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (tid, self.user_id, platform, SUBMITTING, json.dumps(labels), level, now_ms(),
                     clone_original_id or 0, artist, out_user_id))
                self._plan_failures_from_labels(db, tid, labels)
                ids.append(tid)
        return ids

    def _plan_failures_from_labels(self, db, root_id: int, labels: Iterable[str]) -> None:
        for label in labels:
            text = str(label).strip()
            if text.lower().startswith("fail:"):
                try:
                    frames = parse_frames(text[5:])
                except FrameSpecError:
                    continue
                self.plan_failures(db, root_id, frames, 1)

    @staticmethod
    def plan_failures(db, root_id: int, frames: Iterable[int], times: int) -> None:
        """Frames ``frames`` of every layer of task ``root_id`` fail their next ``times`` renders."""
        frames = list(frames)
        db.executemany(
            "INSERT INTO fail_plan (task_id, frame, times) VALUES (?,?,?)"
            " ON CONFLICT(task_id, frame) DO UPDATE SET times=excluded.times",
            [(root_id, f, times) for f in frames])
        leaves = [r[0] for r in db.execute("SELECT id FROM tasks WHERE id=? OR parent_id=?", (root_id, root_id))]
        for leaf in leaves:
            db.executemany("DELETE FROM fail_used WHERE task_id=? AND frame=?", [(leaf, f) for f in frames])

    @staticmethod
    def _planned_failure(db, root_id: int, leaf_id: int, numbers: List[int]) -> Optional[int]:
        marks = ",".join("?" * len(numbers))
        for frame, times in db.execute("SELECT frame, max(times) FROM fail_plan WHERE task_id IN (?,?) AND frame IN"
                                       " (%s) GROUP BY frame ORDER BY frame" % marks, [root_id, leaf_id] + numbers):
            used = db.execute("SELECT used FROM fail_used WHERE task_id=? AND frame=?", (leaf_id, frame)).fetchone()
            if (used[0] if used else 0) < times:
                return frame
        return None

    def save_task_file(self, task_id: int, name: str, content: str) -> None:
        with self.store.write() as db:
            self.task_row(db, task_id)
            db.execute("INSERT INTO task_files (task_id, name, content) VALUES (?,?,?)"
                       " ON CONFLICT(task_id, name) DO UPDATE SET content=excluded.content",
                       (task_id, name, content))
        # the job files also land in config storage, as the transfer engine would put them
        self.storage.write_bytes("config", "/%d/cfg/%s" % (task_id, name), content.encode("utf-8"))

    def submit(self, task_id: int, producer: Optional[str]) -> None:
        with self.store.write() as db:
            row = self.task_row(db, task_id, include_deleted=False)
            if row["parent_id"]:
                raise FarmError(PARAM_INVALID, "submit/task: task %d is a layer of task %d; submit the parent"
                                % (task_id, row["parent_id"]))
            if row["status"] != SUBMITTING:
                raise FarmError(CONFLICT, "submit/task: task %d was already submitted (status %d)"
                                % (task_id, row["status"]))
            now = now_ms()
            db.execute("UPDATE tasks SET status=?, submit_date=?, analysis_until=?, producer=? WHERE id=?",
                       (ANALYSING, now, now + self.sim_to_wall_ms(ANALYSIS_SIM_S), producer, task_id))
            self._task_log(db, task_id, "task %d submitted; analysing the job files" % task_id)
        self.poke()

    # -- logging -------------------------------------------------------------------------------
    @staticmethod
    def _line(text: str) -> str:
        return "[%s] %s\n" % (time.strftime("%Y-%m-%d %H:%M:%S"), text)

    def _task_log(self, db, task_id: int, text: str) -> None:
        db.execute("INSERT INTO task_logs (task_id, log) VALUES (?, ?) ON CONFLICT(task_id) DO UPDATE SET"
                   " log = log || excluded.log", (task_id, self._line(text)))

    @staticmethod
    def task_log(db, task_id: int) -> str:
        row = db.execute("SELECT log FROM task_logs WHERE task_id=?", (task_id,)).fetchone()
        return row[0] if row else ""

    def _frame_log(self, db, frame_id: int, text: str) -> None:
        db.execute("UPDATE frames SET log = log || ? WHERE id=?", (self._line(text), frame_id))

    # -- analysis ------------------------------------------------------------------------------
    def _fail_task(self, db, task_id: int, why: str) -> None:
        self._task_log(db, task_id, "ANALYSIS FAILED: " + why)
        db.execute("UPDATE tasks SET status=?, completed_date=? WHERE id=?", (FAILED, now_ms(), task_id))

    def _analyse(self, db, task) -> None:
        tid = task["id"]
        row = db.execute("SELECT content FROM task_files WHERE task_id=? AND name='task.json'", (tid,)).fetchone()
        if row is None:
            return self._fail_task(db, tid, "no task.json was uploaded for this task (upload it with "
                                            "/api/render/submit/taskJsonFile before submitting)")
        try:
            doc = json.loads(row[0])
            if not isinstance(doc, dict):
                raise ValueError("the top level is not an object")
        except ValueError as exc:
            return self._fail_task(db, tid, "task.json is not valid JSON: %s" % exc)
        ti = doc.get("task_info") if isinstance(doc.get("task_info"), dict) else {}
        sc = doc.get("software_config") if isinstance(doc.get("software_config"), dict) else {}
        sir = doc.get("scene_info_render") or doc.get("scene_info") or {}
        scene_path = str(ti.get("input_cg_file") or "")
        scene_name = scene_path.replace("\\", "/").rsplit("/", 1)[-1] or "scene"
        stem = safe_name(stem_of(scene_name))
        plugins = sc.get("plugins") if isinstance(sc.get("plugins"), dict) else {}
        software = "%s %s" % (sc.get("cg_name", "?"), sc.get("cg_version", "?"))
        if plugins:
            software += " (" + ", ".join("%s %s" % kv for kv in plugins.items()) + ")"
        hw_id = None
        ids = ti.get("hardwareConfigIds")
        if isinstance(ids, list):
            for x in ids:
                try:
                    if self.cat.hardware_by_id(int(x)):
                        hw_id = int(x)
                        break
                except (TypeError, ValueError):
                    pass
        hw = self.hardware(hw_id, task["platform"])
        try:
            cg_id = int(ti.get("cg_id") or 0)
        except (TypeError, ValueError):
            cg_id = 0
        try:
            fpt = max(1, int(ti.get("frames_per_task") or 1))
        except (TypeError, ValueError):
            fpt = 1
        stop_after_test = 1 if str(ti.get("stop_after_test", "2")) == "1" else 0
        project = str(ti.get("project_name") or "")
        db.execute("UPDATE tasks SET scene_name=?, cg_id=?, hardware_id=?, software=?, project_name=?,"
                   " stop_after_test=?, task_over_time=? WHERE id=?",
                   (scene_name, cg_id, hw["id"], software, project, stop_after_test,
                    int(ti.get("time_out") or 43200) if str(ti.get("time_out") or "").isdigit() else 43200, tid))
        self._task_log(db, tid, "software: %s" % software)
        self._task_log(db, tid, "hardware: %s %s (config %s), %s" % (
            hw.get("model"), hw.get("ram"), hw.get("id"),
            ("%s x %s" % (hw.get("gpuNum"), hw.get("gpuModel"))) if hw.get("type") == 2
            else "%s cores %s" % (hw.get("cores"), hw.get("cpuModel", ""))))
        units = []
        for name, frames_text, camera in find_units(sir):
            try:
                numbers = parse_frames(frames_text)
            except FrameSpecError as exc:
                return self._fail_task(db, tid, "layer %s: %s" % (name, exc))
            if numbers:
                units.append((name, frames_text, camera, numbers))
        if not units:
            return self._fail_task(db, tid, "no frames found: task.json scene_info_render has no renderable "
                                            "layer, ROP or 'common' entry with a 'frames' string")
        test = self._test_frames(ti)
        if len(units) == 1:
            name, frames_text, camera, numbers = units[0]
            layer = "" if name == "common" else name
            db.execute("UPDATE tasks SET layer_name=?, render_camera=?, frames_range=?, output_file_name=?,"
                       " status=? WHERE id=?",
                       (layer, camera, frames_text, "%d_%s" % (tid, stem), WAITING, tid))
            self._make_frames(db, tid, tid, numbers, fpt, test)
            self._task_log(db, tid, "layer %s: frames %s (%d frames)" % (layer or stem, frames_text, len(numbers)))
        else:
            db.execute("UPDATE tasks SET frames_range=?, status=? WHERE id=?",
                       ("; ".join("%s:%s" % (u[0], u[1]) for u in units), WAITING, tid))
            for name, frames_text, camera, numbers in units:
                cid = self.next_id(db, "tasks", 19097)
                db.execute(
                    "INSERT INTO tasks (id, parent_id, user_id, platform, scene_name, status, layer_name,"
                    " project_name, labels, task_user_level, task_limit, created, submit_date, output_file_name,"
                    " cg_id, hardware_id, render_camera, frames_range, stop_after_test, software, producer,"
                    " task_over_time) SELECT ?, id, user_id, platform, scene_name, ?, ?, project_name, labels,"
                    " task_user_level, task_limit, created, submit_date, ?, cg_id, hardware_id, ?, ?,"
                    " stop_after_test, software, producer, task_over_time FROM tasks WHERE id=?",
                    (cid, WAITING, name, "%d_%s" % (cid, stem), camera, frames_text, tid))
                self._make_frames(db, cid, tid, numbers, fpt, test)
                self._task_log(db, tid, "layer %s: task %d, frames %s (%d frames)"
                               % (name, cid, frames_text, len(numbers)))
                self._task_log(db, cid, "layer %s of task %d: frames %s" % (name, tid, frames_text))
        self._task_log(db, tid, "analysis done; waiting for render nodes")

    @staticmethod
    def _test_frames(ti: dict):
        """(flags first/middle/last, explicit frame numbers) from pre_frames / test_frames."""
        pre = str(ti.get("pre_frames") or "000")
        flags = tuple(c == "1" for c in (pre + "000")[:3])
        explicit: Set[int] = set()
        tf = ti.get("test_frames")
        if isinstance(tf, str) and tf.strip():
            try:
                explicit = set(parse_frames(tf))
            except FrameSpecError:
                pass
        return flags, explicit

    def _make_frames(self, db, task_id: int, root_id: int, numbers: List[int], fpt: int, test) -> None:
        flags, explicit = test
        groups = [numbers[i:i + fpt] for i in range(0, len(numbers), fpt)]
        priority = set()
        if flags[0]:
            priority.add(0)
        if flags[1]:
            priority.add(len(groups) // 2)
        if flags[2]:
            priority.add(len(groups) - 1)
        for i, g in enumerate(groups):
            if explicit.intersection(g):
                priority.add(i)
        first = self.next_id(db, "frames", 1546598)
        rows = []
        for i, g in enumerate(groups):
            work = sum(base_work(root_id, n) for n in g)
            rows.append((first + i, task_id, i, group_label(g), ",".join(str(n) for n in g), F_WAIT,
                         T_PRIORITY if i in priority else T_MAIN, work))
        db.executemany("INSERT INTO frames (id, task_id, ord, frame_index, numbers, status, frame_type, work)"
                       " VALUES (?,?,?,?,?,?,?,?)", rows)
        self.refresh(db, [task_id])

    # -- the tick ------------------------------------------------------------------------------
    def tick(self) -> None:
        now = now_ms()
        touched: Set[int] = set()
        with self.store.read() as db:  # nothing due: no write transaction at all
            running = db.execute("SELECT count(*) FROM frames WHERE status=?", (F_RUN,)).fetchone()[0]
            busy = db.execute(
                "SELECT EXISTS(SELECT 1 FROM tasks WHERE status=? AND analysis_until<=?)"
                " OR EXISTS(SELECT 1 FROM frames WHERE status=? AND due<=?)"
                " OR (? AND EXISTS(SELECT 1 FROM tasks WHERE status IN (?,?) AND is_delete=1 AND waiting_frames>0"
                "     AND (full_speed=1 OR executing_frames<task_limit)))",
                (ANALYSING, now, F_RUN, now, running < self.nodes, WAITING, RENDERING)).fetchone()[0]
        if not busy:
            return
        with self.store.write() as db:
            for task in db.execute("SELECT * FROM tasks WHERE status=? AND analysis_until<=?",
                                   (ANALYSING, now)).fetchall():
                self._analyse(db, task)
                touched.add(task["id"])
            due = db.execute("SELECT f.*, t.output_file_name, t.layer_name, t.scene_name, t.parent_id,"
                             " t.platform FROM frames f JOIN tasks t ON t.id=f.task_id"
                             " WHERE f.status=? AND f.due<=? ORDER BY f.due", (F_RUN, now)).fetchall()
            for f in due:
                self._finish(db, f)
                touched.add(f["task_id"])
            touched.update(self._schedule(db, now))
            if touched:
                self.refresh(db, touched)

    def _finish(self, db, f) -> None:
        hw = self.hardware(f["hardware_id"], f["platform"])
        sim_s = (f["due"] - f["start_time"]) / 1000.0 * self.speed
        outcome = f["outcome"]
        fee = self.fee(hw, sim_s)
        db.execute("UPDATE frames SET status=?, end_time=?, execute_time=?, fee=? WHERE id=?",
                   (outcome, f["due"], int(round(sim_s)), fee, f["id"]))
        numbers = [int(n) for n in f["numbers"].split(",") if n]
        stem = safe_name(stem_of(f["scene_name"] or "scene"))
        if outcome == F_DONE:
            sub = safe_name(f["layer_name"]) if f["layer_name"] else stem
            outputs = []
            for n in numbers:
                path = "/%s/%s/%s.%04d.png" % (f["output_file_name"], sub, stem, n)
                self.storage.write_bytes("output", path,
                                         png.frame_image(OUTPUT_SIZE[0], OUTPUT_SIZE[1], n, seed=f["task_id"]))
                outputs.append(path)
            thumb = self.thumb_path(f["task_id"], f["id"])
            thumb.parent.mkdir(parents=True, exist_ok=True)
            thumb.write_bytes(png.frame_image(THUMB_SIZE[0], THUMB_SIZE[1], numbers[0], seed=f["task_id"]))
            self._frame_log(db, f["id"], "render finished in %s; wrote %s" % (
                time.strftime("%H:%M:%S", time.gmtime(sim_s)), ", ".join(outputs)))
        elif outcome == F_FAIL:
            self._frame_log(db, f["id"], "ERROR: render process exited with code 211 after %ds "
                                         "(failure injected for frame %s)" % (int(sim_s), f["frame_index"]))
        elif outcome == F_TIMEOUT:
            self._frame_log(db, f["id"], "frame stopped: it ran past the task's overtime limit of %ds" % int(sim_s))
        self._frame_log(db, f["id"], "cost: %s = %.4f RMB" % (self._cost_text(hw, sim_s), fee))

    @staticmethod
    def _cost_text(hw: dict, sim_s: float) -> str:
        if hw.get("type") == 2:
            return "%s cards x %.4f h x %s/card-hour" % (str(hw.get("gpuNum")).split("*")[0], sim_s / 3600.0,
                                                        hw.get("pricePerCardHour"))
        return "%s cores x %.4f h x %s/core-hour" % (hw.get("cores"), sim_s / 3600.0, hw.get("pricePerCoreHour"))

    def thumb_path(self, task_id: int, frame_id: int) -> Path:
        return self.thumb_dir / str(task_id) / ("%d.png" % frame_id)

    def thumb_url(self, task_id: int, frame_id: int) -> str:
        return "/mnt/output/small_pic/%d/%d/%d.png" % (self.user_id, task_id, frame_id)

    def _schedule(self, db, now: int) -> Set[int]:
        touched: Set[int] = set()
        running = db.execute("SELECT count(*) FROM frames WHERE status=?", (F_RUN,)).fetchone()[0]
        free = self.nodes - running
        if free <= 0:
            return touched
        busy_nodes = {r[0] for r in db.execute("SELECT node FROM frames WHERE status=?", (F_RUN,))}
        tasks = db.execute(
            "SELECT * FROM tasks WHERE status IN (?,?) AND is_delete=1 AND waiting_frames>0"
            " ORDER BY task_user_level DESC, submit_date, id", (WAITING, RENDERING)).fetchall()
        for t in tasks:
            if free <= 0:
                break
            limit = self.nodes if t["full_speed"] else max(1, t["task_limit"])
            running_here = db.execute("SELECT count(*) FROM frames WHERE task_id=? AND status=?",
                                      (t["id"], F_RUN)).fetchone()[0]
            n = min(free, limit - running_here)
            if n <= 0:
                continue
            only_test = t["stop_after_test"] and not t["full_speed"]
            sql = "SELECT * FROM frames WHERE task_id=? AND status=?"
            if only_test:
                sql += " AND frame_type=%d" % T_PRIORITY
            sql += " ORDER BY (frame_type<>%d), ord LIMIT ?" % T_PRIORITY
            frames = db.execute(sql, (t["id"], F_WAIT, n)).fetchall()
            if not frames:
                continue
            hw = self.hardware(t["hardware_id"], t["platform"])
            root = t["parent_id"] or t["id"]
            for f in frames:
                node = next("node-%03d" % i for i in range(1, self.nodes * 2) if "node-%03d" % i not in busy_nodes)
                busy_nodes.add(node)
                sim_s = self.sim_duration(f["work"], hw)
                outcome = F_DONE
                numbers = [int(x) for x in f["numbers"].split(",") if x]
                fail_at = self._planned_failure(db, root, t["id"], numbers)
                if fail_at is not None:
                    outcome = F_FAIL
                    sim_s = max(5.0, sim_s * 0.3)
                    db.execute("INSERT INTO fail_used (task_id, frame, used) VALUES (?,?,1) ON CONFLICT(task_id, frame)"
                               " DO UPDATE SET used=used+1", (t["id"], fail_at))
                elif t["over_time_stop"] and sim_s > t["over_time_stop"]:
                    outcome, sim_s = F_TIMEOUT, float(t["over_time_stop"])
                db.execute("UPDATE frames SET status=?, start_time=?, end_time=0, due=?, node=?, outcome=?,"
                           " hardware_id=?, execute_time=0 WHERE id=?",
                           (F_RUN, now, now + self.sim_to_wall_ms(sim_s), node, outcome, hw["id"], f["id"]))
                self._frame_log(db, f["id"], "%s picked up frame %s of task %d (attempt %d)"
                                % (node, f["frame_index"], t["id"], f["recommit"] + 1))
                self._frame_log(db, f["id"], "software: %s; hardware: %s %s config %s"
                                % (t["software"] or "?", hw.get("model"), hw.get("ram"), hw.get("id")))
                self._frame_log(db, f["id"], "rendering %s%s" % (
                    ("layer %s " % t["layer_name"]) if t["layer_name"] else "",
                    ("camera %s" % t["render_camera"]) if t["render_camera"] else ""))
                free -= 1
            if t["start_time"] is None:
                db.execute("UPDATE tasks SET start_time=? WHERE id=?", (now, t["id"]))
            touched.add(t["id"])
        return touched

    # -- counters and status -------------------------------------------------------------------
    def refresh(self, db, task_ids: Iterable[int]) -> None:
        parents: Set[int] = set()
        for tid in set(task_ids):
            t = db.execute("SELECT * FROM tasks WHERE id=?", (tid,)).fetchone()
            if t is None:
                continue
            kids = db.execute("SELECT id FROM tasks WHERE parent_id=?", (tid,)).fetchall()
            if kids:
                parents.add(tid)
                continue
            self._refresh_leaf(db, t)
            if t["parent_id"]:
                parents.add(t["parent_id"])
        for pid in parents:
            self._refresh_parent(db, pid)

    def _refresh_leaf(self, db, t) -> None:
        c = {F_WAIT: 0, F_RUN: 0, F_STOP: 0, F_DONE: 0, F_FAIL: 0, F_TIMEOUT: 0}
        abort = 0
        fee = 0.0
        dur = 0
        for r in db.execute("SELECT status, abandoned, count(*), sum(fee), sum(execute_time) FROM frames"
                            " WHERE task_id=? GROUP BY status, abandoned", (t["id"],)):
            if r[1]:
                abort += r[2]
            else:
                c[r[0]] = c.get(r[0], 0) + r[2]
            fee += r[3] or 0
            dur += r[4] or 0
        total = sum(c.values()) + abort
        status = t["status"]
        completed = t["completed_date"]
        if status in ACTIVE:
            waiting_test = 0
            if t["stop_after_test"] and not t["full_speed"] and c[F_WAIT]:
                waiting_test = db.execute("SELECT count(*) FROM frames WHERE task_id=? AND status=? AND frame_type=?",
                                          (t["id"], F_WAIT, T_PRIORITY)).fetchone()[0]
            if c[F_RUN]:
                status = RENDERING
            elif c[F_WAIT]:
                if t["stop_after_test"] and not t["full_speed"] and not waiting_test:
                    status = TEST_DONE
                else:
                    status = RENDERING if t["start_time"] else WAITING
            else:
                status = (DONE_FAILED if c[F_FAIL] else TIMEOUT_STOP if c[F_TIMEOUT]
                          else DONE_STOPPED if c[F_STOP] else DONE)
                completed = now_ms()
        db.execute("UPDATE tasks SET status=?, completed_date=?, total_frames=?, done_frames=?, failed_frames=?,"
                   " executing_frames=?, waiting_frames=?, abort_frames=?, stopped_frames=?, timeout_frames=?,"
                   " render_consume=?, render_duration=? WHERE id=?",
                   (status, completed if status not in ACTIVE else None, total, c[F_DONE], c[F_FAIL], c[F_RUN],
                    c[F_WAIT], abort, c[F_STOP], c[F_TIMEOUT], round(fee, 4), dur, t["id"]))

    def _refresh_parent(self, db, pid: int) -> None:
        p = db.execute("SELECT * FROM tasks WHERE id=?", (pid,)).fetchone()
        kids = db.execute("SELECT * FROM tasks WHERE parent_id=?", (pid,)).fetchall()
        sums = {k: sum(x[k] for x in kids) for k in (
            "total_frames", "done_frames", "failed_frames", "executing_frames", "waiting_frames",
            "abort_frames", "stopped_frames", "timeout_frames", "render_duration")}
        consume = round(sum(x["render_consume"] for x in kids), 4)
        statuses = [x["status"] for x in kids]
        status = p["status"]
        if status not in (ANALYSING, SUBMITTING, FAILED):
            if any(s == RENDERING for s in statuses):
                status = RENDERING
            elif any(s == WAITING for s in statuses):
                status = RENDERING if p["start_time"] or any(x["start_time"] for x in kids) else WAITING
            elif any(s == TEST_DONE for s in statuses):
                status = TEST_DONE
            elif all(s == ABANDONED for s in statuses):
                status = ABANDONED
            elif any(s in (STOPPED, USER_STOPPED) for s in statuses):
                status = STOPPED
            elif any(s == DONE_FAILED for s in statuses):
                status = DONE_FAILED
            elif any(s == TIMEOUT_STOP for s in statuses):
                status = TIMEOUT_STOP
            elif any(s in (DONE_STOPPED, ABANDONED) for s in statuses):
                status = DONE_STOPPED
            else:
                status = DONE
        starts = [x["start_time"] for x in kids if x["start_time"]]
        start = min(starts) if starts else None
        completed = max([x["completed_date"] or 0 for x in kids]) if status in TERMINAL else None
        db.execute("UPDATE tasks SET status=?, start_time=?, completed_date=?, total_frames=?, done_frames=?,"
                   " failed_frames=?, executing_frames=?, waiting_frames=?, abort_frames=?, stopped_frames=?,"
                   " timeout_frames=?, render_duration=?, render_consume=? WHERE id=?",
                   (status, start, completed or None, sums["total_frames"], sums["done_frames"],
                    sums["failed_frames"], sums["executing_frames"], sums["waiting_frames"], sums["abort_frames"],
                    sums["stopped_frames"], sums["timeout_frames"], sums["render_duration"], consume, pid))

    # -- actions -------------------------------------------------------------------------------
    def _leaf_ids(self, db, task_ids: Iterable[int]) -> List[int]:
        out = []
        for tid in task_ids:
            out.extend(r["id"] for r in self.leaves(db, tid))
        return out

    def _charge_partial(self, db, frame_ids: List[int], now: int) -> None:
        for f in db.execute("SELECT f.*, t.platform FROM frames f JOIN tasks t ON t.id=f.task_id WHERE f.id IN (%s)"
                            % ",".join("?" * len(frame_ids)), frame_ids).fetchall():
            sim_s = max(0.0, (now - f["start_time"]) / 1000.0 * self.speed)
            hw = self.hardware(f["hardware_id"], f["platform"])
            db.execute("UPDATE frames SET end_time=?, execute_time=?, fee=? WHERE id=?",
                       (now, int(sim_s), self.fee(hw, sim_s), f["id"]))

    def stop_frames_where(self, db, where: str, args: list, abandon: bool = False, why: str = "stopped") -> List[int]:
        now = now_ms()
        rows = db.execute("SELECT id, status, task_id FROM frames WHERE (%s) AND status IN (?,?)" % where,
                          list(args) + [F_WAIT, F_RUN]).fetchall()
        running = [r["id"] for r in rows if r["status"] == F_RUN]
        if running:
            self._charge_partial(db, running, now)
        for r in rows:
            db.execute("UPDATE frames SET status=?, abandoned=? WHERE id=?", (F_STOP, 1 if abandon else 0, r["id"]))
            self._frame_log(db, r["id"], "frame %s" % why)
        if abandon:
            db.execute("UPDATE frames SET abandoned=1 WHERE (%s) AND status=?" % where, list(args) + [F_STOP])
        return sorted({r["task_id"] for r in rows})

    def stop_tasks(self, task_ids: List[int]) -> None:
        with self.store.write() as db:
            for tid in task_ids:
                self.task_row(db, tid, include_deleted=False)
            leaves = self._leaf_ids(db, task_ids)
            for lid in leaves:
                t = self.task_row(db, lid)
                if t["status"] in ACTIVE or t["status"] == ANALYSING:
                    self.stop_frames_where(db, "task_id=?", [lid], why="stopped by the user")
                    db.execute("UPDATE tasks SET status=?, stop_type=1 WHERE id=?", (STOPPED, lid))
                    self._task_log(db, lid, "task stopped by the user")
            for tid in task_ids:
                t = self.task_row(db, tid)
                if t["status"] == ANALYSING:
                    db.execute("UPDATE tasks SET status=?, stop_type=1 WHERE id=?", (STOPPED, tid))
            self.refresh(db, leaves + list(task_ids))
        self.poke()

    def start_tasks(self, task_ids: List[int]) -> None:
        with self.store.write() as db:
            for tid in task_ids:
                self.task_row(db, tid, include_deleted=False)
            leaves = self._leaf_ids(db, task_ids)
            for lid in leaves:
                t = self.task_row(db, lid)
                if t["status"] not in (STOPPED, USER_STOPPED):
                    continue
                has_frames = db.execute("SELECT 1 FROM frames WHERE task_id=? LIMIT 1", (lid,)).fetchone()
                if has_frames is None and t["analysis_until"]:
                    db.execute("UPDATE tasks SET status=?, analysis_until=? WHERE id=?", (ANALYSING, now_ms(), lid))
                else:
                    db.execute("UPDATE frames SET status=? WHERE task_id=? AND status=? AND abandoned=0",
                               (F_WAIT, lid, F_STOP))
                    db.execute("UPDATE tasks SET status=?, stop_type=0, completed_date=NULL WHERE id=?", (WAITING, lid))
                self._task_log(db, lid, "task started again by the user")
            for tid in task_ids:
                t = self.task_row(db, tid)
                if t["parent_id"] is None and t["status"] in (STOPPED, USER_STOPPED):
                    db.execute("UPDATE tasks SET status=? WHERE id=?", (WAITING, tid))
            self.refresh(db, leaves + list(task_ids))
        self.poke()

    def abandon_tasks(self, task_ids: List[int], delete: bool = False) -> None:
        with self.store.write() as db:
            for tid in task_ids:
                self.task_row(db, tid, include_deleted=delete)
            leaves = self._leaf_ids(db, task_ids)
            for lid in leaves:
                t = self.task_row(db, lid)
                if t["status"] not in TERMINAL or t["status"] in (STOPPED, USER_STOPPED):
                    self.stop_frames_where(db, "task_id=?", [lid], abandon=True,
                                           why="deleted" if delete else "abandoned")
                    db.execute("UPDATE frames SET abandoned=1 WHERE task_id=? AND status=?", (lid, F_STOP))
                    db.execute("UPDATE tasks SET status=?, completed_date=? WHERE id=?", (ABANDONED, now_ms(), lid))
                if delete:
                    db.execute("UPDATE tasks SET is_delete=0 WHERE id=?", (lid,))
                self._task_log(db, lid, "task %s by the user" % ("deleted" if delete else "abandoned"))
            for tid in task_ids:
                t = self.task_row(db, tid)
                if t["status"] in (SUBMITTING, ANALYSING):
                    db.execute("UPDATE tasks SET status=? WHERE id=?", (ABANDONED, tid))
                if delete:
                    db.execute("UPDATE tasks SET is_delete=0 WHERE id=?", (tid,))
            self.refresh(db, leaves + list(task_ids))
        self.poke()

    def recommit(self, db, where: str, args: list) -> List[int]:
        rows = db.execute("SELECT id, task_id FROM frames WHERE (%s) AND status NOT IN (?,?) AND abandoned=0"
                          " AND task_id IN (SELECT id FROM tasks WHERE status<>? AND is_delete=1)"
                          % where, list(args) + [F_WAIT, F_RUN, ABANDONED]).fetchall()
        for r in rows:
            db.execute("UPDATE frames SET status=?, recommit=recommit+1, due=0 WHERE id=?", (F_WAIT, r["id"]))
            self._frame_log(db, r["id"], "frame re-submitted by the user")
        tids = sorted({r["task_id"] for r in rows})
        for tid in tids:
            t = db.execute("SELECT * FROM tasks WHERE id=?", (tid,)).fetchone()
            if t["status"] not in ACTIVE:
                db.execute("UPDATE tasks SET status=?, completed_date=NULL WHERE id=?",
                           (RENDERING if t["start_time"] else WAITING, tid))
                if t["parent_id"]:
                    db.execute("UPDATE tasks SET status=? WHERE id=?", (RENDERING, t["parent_id"]))
        self.refresh(db, tids)
        return tids

    def set_task_fields(self, task_ids: List[int], **fields) -> None:
        with self.store.write() as db:
            for tid in task_ids:
                self.task_row(db, tid, include_deleted=False)
            ids = set(task_ids) | set(self._leaf_ids(db, task_ids))
            cols = ", ".join("%s=?" % k for k in fields)
            for tid in ids:
                db.execute("UPDATE tasks SET %s WHERE id=?" % cols, list(fields.values()) + [tid])
            self.refresh(db, ids)
        self.poke()

    def full_speed(self, task_ids: List[int]) -> None:
        with self.store.write() as db:
            for tid in task_ids:
                self.task_row(db, tid, include_deleted=False)
            ids = set(task_ids) | set(self._leaf_ids(db, task_ids))
            for tid in ids:
                t = self.task_row(db, tid)
                db.execute("UPDATE tasks SET full_speed=1 WHERE id=?", (tid,))
                if t["status"] == TEST_DONE:
                    db.execute("UPDATE tasks SET status=? WHERE id=?", (RENDERING, tid))
                self._task_log(db, tid, "full-speed rendering requested")
            self.refresh(db, ids)
        self.poke()

    def record(self, db, kind: str, data: dict) -> None:
        db.execute("INSERT INTO records (kind, user_id, created, data) VALUES (?,?,?,?)",
                   (kind, self.user_id, now_ms(), json.dumps(data, ensure_ascii=False)))
