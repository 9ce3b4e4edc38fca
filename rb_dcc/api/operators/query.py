"""``client.query``: platforms, tasks, frames, logs, software, previews (the SDK's ``query`` namespace)."""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, Iterable, List, Optional, Set

from ..endpoints import EP
from ..errors import NotFoundError
from ..models import (ErrorDetail, Frame, FramePage, FrameStats, LogPage, PackNode, Platform, RaysyncUserKey,
                      SoftwareDetail, SoftwareList, TaskPage, TaskProcessImg, TransferServerInfo)
from ._base import Namespace, cg_id_of, client_os_name, ids, list_of, model_of, strs

_log = logging.getLogger("rb_dcc.api")

_RANGE = re.compile(r"^\s*(-?\d+)\s*(?:-\s*(-?\d+)\s*(?:\[\s*(\d+)\s*\])?)?\s*$")


def frame_numbers(spec: str) -> Set[int]:
    """Frame numbers of a farm frame index: "6", "7-9[1]", "1,5,10-20[2]" (empty set if unreadable)."""
    out: Set[int] = set()
    for part in str(spec).split(","):
        m = _RANGE.match(part)
        if not m:
            return set()
        start = int(m.group(1))
        end = int(m.group(2)) if m.group(2) is not None else start
        step = max(1, int(m.group(3) or 1))
        if end < start or (end - start) // step > 1_000_000:
            return set()
        out.update(range(start, end + 1, step))
    return out


def match_frames(frames: Iterable[Frame], wanted: Iterable[Any]) -> List[Frame]:
    """Frames whose index is one of ``wanted`` exactly, else whose frame numbers overlap them."""
    frames = list(frames)
    wanted_text = {str(w).strip() for w in wanted}
    exact = [f for f in frames if f.frame_index is not None and str(f.frame_index).strip() in wanted_text]
    if exact:
        return exact
    numbers: Set[int] = set()
    for w in wanted_text:
        numbers |= frame_numbers(w)
    if not numbers:
        return []
    return [f for f in frames if f.frame_index is not None and frame_numbers(f.frame_index) & numbers]


class Query(Namespace):
    def platforms(self) -> List[Platform]:
        """§1: render platforms (China or international list chosen by the domain)."""
        return self._client.call(EP.query_platforms, {"zone": self._zone()}, list_of(Platform))

    def error_detail(self, code: Any = None, codes: Optional[List[Any]] = None, language: Any = 0) -> List[ErrorDetail]:
        """§8: meaning and fix of analysis tip codes; ``language`` 0 Chinese, 1 English."""
        body: Dict[str, Any] = {"language": int(language) if str(language).isdigit() else language}
        if code not in (None, ""):
            body["code"] = str(code)
        if codes:
            body["codes"] = strs(codes if isinstance(codes, (list, tuple)) else [codes])
        if "code" not in body and "codes" not in body:
            raise ValueError("error_detail: give code or codes")
        return self._client.call(EP.error_detail, body, list_of(ErrorDetail))

    def get_task_list(self, page_num: int = 1, page_size: int = 100, status_list: Optional[List[int]] = None,
                      search_keyword: Optional[str] = None, start_time: Optional[str] = None,
                      end_time: Optional[str] = None, recycle_flag: Optional[int] = None) -> TaskPage:
        """§9: one page of tasks, newest first. Use ``client.iter_tasks`` to walk all pages."""
        body: Dict[str, Any] = {"pageNum": int(page_num), "pageSize": int(page_size)}
        if status_list:
            body["statusList"] = [int(s) for s in status_list]
        if search_keyword:
            body["searchKeyword"] = str(search_keyword)
        if start_time:
            body["startTime"] = str(start_time)
        if end_time:
            body["endTime"] = str(end_time)
        if recycle_flag:
            body["recycleFlag"] = int(recycle_flag)
        return self._client.call(EP.get_task_list, body, model_of(TaskPage))

    def task_info(self, task_ids_list: Any) -> TaskPage:
        """§22: details of tasks (with their layer tasks)."""
        task_ids = ids(task_ids_list, "task_info(task_ids_list)")
        if not task_ids:
            raise ValueError("task_info: give at least one task id")
        return self._client.call(EP.query_task_info, {"taskIds": task_ids}, model_of(TaskPage))

    def get_small_task_id(self, task_id: Any) -> List[int]:
        """§45 (client side): ids of the layer tasks of a task, or the task itself when it has none."""
        tid = ids(task_id, "get_small_task_id(task_id)")[0]
        items = self.task_info([tid]).items
        children = items[0].children if items else []
        return [c.id for c in children] if children else [tid]

    def task_frames(self, task_id: Any, page_num: int = 1, page_size: int = 100,
                    search_keyword: Optional[str] = None) -> FramePage:
        """§14: one page of frames. Use ``client.iter_frames`` for all of them."""
        body: Dict[str, Any] = {"taskId": ids(task_id, "task_frames(task_id)")[0], "pageNum": int(page_num),
                                "pageSize": int(page_size)}
        if search_keyword:
            body["searchKeyword"] = str(search_keyword)
        return self._client.call(EP.query_task_frames, body, model_of(FramePage))

    def get_all_frames(self, task_id: Any, start_page: int = 1, end_page: int = 2000,
                       page_size: int = 100) -> Dict[str, Frame]:
        """§15 (client side): frames of pages ``start_page``..``end_page`` keyed by frame index, as
        the SDK returns them (frames sharing an index: the later one wins; ``iter_frames`` keeps all)."""
        tid = ids(task_id, "get_all_frames(task_id)")[0]
        out: Dict[str, Frame] = {}
        if int(start_page) == 1:
            frames: Iterable[Frame] = self._client.iter_frames(tid, page_size=page_size)
            for n, frame in enumerate(frames):
                if n >= (int(end_page) * page_size):
                    break
                out[str(frame.frame_index)] = frame
            return out
        for num in range(int(start_page), int(end_page) + 1):
            page = self.task_frames(tid, num, page_size)
            if not page.items:
                break
            for frame in page.items:
                out[str(frame.frame_index)] = frame
        return out

    def _frames_by_number(self, task_id: int, wanted: Iterable[Any], what: str) -> List[int]:
        wanted = list(wanted or [])
        if not wanted:
            raise ValueError("%s: give the frame numbers, e.g. [\"6\", \"7-9[1]\"]" % what)
        frames = match_frames(self._client.iter_frames(task_id), wanted)
        if not frames:
            raise NotFoundError("task %d has no frames %s" % (task_id, ", ".join(map(str, wanted))),
                                endpoint=EP.query_task_frames.path,
                                hint="Check the frame numbers against the task's frame list.")
        return [f.id for f in frames]

    def get_custome_frames(self, task_id: Any, restartframes: List[Any]) -> None:
        """§20 (client side): re-render frames given by number ("6", "7-9[1]")."""
        tid = ids(task_id, "get_custome_frames(task_id)")[0]
        frame_ids = self._frames_by_number(tid, restartframes, "get_custome_frames")
        return self.restart_frame(tid, select_all=0, ids_list=frame_ids)

    get_custom_frames = get_custome_frames

    def frame_number_to_stop(self, task_id: Any, stop_frame: List[Any]) -> None:
        """Stop frames given by number (client side over §14 and §19)."""
        tid = ids(task_id, "frame_number_to_stop(task_id)")[0]
        return self.stop_frame(tid, select_all=0, ids_list=self._frames_by_number(tid, stop_frame, "frame_number_to_stop"))

    def all_frame_status(self) -> FrameStats:
        """§16: frame counts over the whole account."""
        return self._client.call(EP.query_all_frame_stats, None, model_of(FrameStats))

    def restart_failed_frames(self, task_param_list: Any, status: Optional[List[int]] = None) -> None:
        """§17: re-render the failed frames of tasks (or the frames in ``status``)."""
        body: Dict[str, Any] = {"taskIds": ids(task_param_list, "restart_failed_frames")}
        if not body["taskIds"]:
            raise ValueError("restart_failed_frames: give at least one task id")
        if status:
            body["status"] = [int(s) for s in status]
        return self._client.call(EP.recommit_tasks, body)

    @staticmethod
    def _frames_body(what: str, task_id: Any, select_all: int, ids_list: Any, status: Any) -> Dict[str, Any]:
        body: Dict[str, Any] = {}
        if task_id is not None:
            body["taskId"] = ids(task_id, "%s(task_id)" % what)[0]
        body["selectAll"] = int(select_all)
        if int(select_all) == 1:
            if "taskId" not in body:
                raise ValueError("%s: task_id is needed with select_all=1" % what)
        else:
            frame_ids = ids(ids_list, "%s(ids_list)" % what)
            if not frame_ids:
                raise ValueError("%s: give the frame ids (ids_list) with select_all=0" % what)
            body["ids"] = frame_ids
        if status:
            body["status"] = [int(s) for s in status]
        return body

    def restart_frame(self, task_id: Any = None, select_all: int = 1, ids_list: Any = None,
                      status: Optional[List[int]] = None) -> None:
        """§18: re-render all frames of a task (``select_all=1``) or the frames ``ids_list``."""
        return self._client.call(EP.recommit_task_frames,
                                 self._frames_body("restart_frame", task_id, select_all, ids_list, status))

    def stop_frame(self, task_id: Any, select_all: int = 1, ids_list: Any = None,
                   status: Optional[List[int]] = None) -> None:
        """§19: stop all frames of a task or the frames ``ids_list``."""
        return self._client.call(EP.stop_task_frames,
                                 self._frames_body("stop_frame", task_id, select_all, ids_list, status))

    def get_render_log(self, renderingType: str = "render", pageNum: int = 1, pageSize: int = 1,
                       frame_id: Any = None) -> LogPage:
        """§21: the render log of a frame, as pages of lines."""
        body: Dict[str, Any] = {"renderingType": renderingType, "pageNum": int(pageNum), "pageSize": int(pageSize)}
        if frame_id is not None:
            body["id"] = ids(frame_id, "get_render_log(frame_id)")[0]
        return self._client.call(EP.show_log, body, model_of(LogPage))

    def supported_software(self) -> SoftwareList:
        """§29."""
        return self._client.call(EP.query_software_list, None, model_of(SoftwareList))

    def supported_plugin(self, name: Any, os_name: Any = "default") -> SoftwareDetail:
        """§30: versions and plugins of one DCC (name like "maya" or a cgId); ``os_name`` windows/linux."""
        if os_name in (None, "default"):
            os_name = client_os_name()
        elif os_name in (0, "0"):
            os_name = "linux"
        elif os_name in (1, "1"):
            os_name = "windows"
        body = {"cgId": cg_id_of(name, "supported_plugin(name)"), "osName": str(os_name).lower()}
        return self._client.call(EP.query_software_detail, body, model_of(SoftwareDetail))

    def get_transfer_server_msg(self) -> TransferServerInfo:
        """§39."""
        return self._client.call(EP.get_server_info, {"zone": self._zone()}, model_of(TransferServerInfo))

    def get_raysync_user_key(self) -> RaysyncUserKey:
        """§40 (secret: never logged or shown)."""
        return self._client.call(EP.get_raysync_user_key, None, model_of(RaysyncUserKey))

    def get_task_processing_img(self, task_id: Any, frame_type: Optional[int] = None) -> TaskProcessImg:
        """§36: progress image blocks (3ds Max tasks)."""
        body: Dict[str, Any] = {"taskId": ids(task_id, "get_task_processing_img(task_id)")[0]}
        if frame_type:
            body["frameType"] = int(frame_type)
        return self._client.call(EP.load_task_process_img, body, model_of(TaskProcessImg))

    def get_frame_thumbnall(self, frame_id: Any, frame_status: int = 4) -> List[str]:
        """§38: server paths of a done frame's thumbnails (fetch them with ``client.fetch_bytes``)."""
        body = {"id": ids(frame_id, "get_frame_thumbnall(frame_id)")[0], "frameStatus": int(frame_status)}
        return self._client.call(EP.loading_frame_thumbnail, body, lambda d: [str(p) for p in (d or [])])

    get_frame_thumbnail = get_frame_thumbnall

    def get_pack_node_info(self) -> List[PackNode]:
        """§48: reserved machine plans."""
        return self._client.call(EP.get_user_pack_node_info, None, list_of(PackNode))
