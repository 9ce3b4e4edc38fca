"""``client.task``: create, submit and steer tasks (§6, §7, §10–§13, §37, §41, §47)."""

from __future__ import annotations

from typing import Any, List, Optional

from ..endpoints import EP
from ..models import CreateTaskResult
from ._base import Namespace, ids, model_of, strs


class Task(Namespace):
    def create_task(self, count: int = 1, task_user_level: int = 50, out_user_id: Optional[int] = None,
                    labels: Optional[List[str]] = None, clone_original_id: Optional[int] = None,
                    artist: Optional[str] = None) -> CreateTaskResult:
        """§6: new task id(s). Never retried once sent: a lost answer may still have created a task."""
        body = {"count": int(count), "taskUserLevel": int(task_user_level)}
        if out_user_id:
            body["outUserId"] = int(out_user_id)
        if labels:
            body["labels"] = [str(label) for label in labels]
        if clone_original_id:
            body["cloneOriginalId"] = int(clone_original_id)
        if artist:
            body["artist"] = str(artist)
        return self._client.call(EP.create_task, body, model_of(CreateTaskResult))

    def submit_task(self, task_id: int, producer: Optional[str] = None) -> None:
        """§7: start analysis and rendering of a task whose job files are uploaded."""
        body = {"taskId": ids(task_id, "submit_task(task_id)")[0]}
        if producer:
            body["producer"] = str(producer)
        return self._client.call(EP.submit_task, body)

    def _task_ids_call(self, endpoint, task_param_list: Any, name: str) -> Any:
        task_ids = ids(task_param_list, "%s(task_param_list)" % name)
        if not task_ids:
            raise ValueError("%s: give at least one task id" % name)
        return self._client.call(endpoint, {"taskIds": task_ids})

    def stop_task(self, task_param_list: Any) -> None:
        """§10."""
        return self._task_ids_call(EP.stop_task, task_param_list, "stop_task")

    def start_task(self, task_param_list: Any) -> None:
        """§11."""
        return self._task_ids_call(EP.start_task, task_param_list, "start_task")

    def abort_task(self, task_param_list: Any) -> None:
        """§12: abandon."""
        return self._task_ids_call(EP.abandon_task, task_param_list, "abort_task")

    def delete_task(self, task_param_list: Any) -> None:
        """§13."""
        return self._task_ids_call(EP.delete_task, task_param_list, "delete_task")

    def update_priority(self, task_id: int, priority: int) -> None:
        """Task priority (``taskUserLevel``), as in the SDK."""
        return self._client.call(EP.update_task_user_level,
                                 {"taskId": ids(task_id, "update_priority")[0], "taskUserLevel": int(priority)})

    def update_task_limit(self, taskId: int, taskLimit: int) -> None:
        """Most machines the task may use at once."""
        return self._client.call(EP.update_task_limit, {"taskId": int(taskId), "taskLimit": int(taskLimit)})

    def set_task_overtime_top(self, task_id_list: Any, overtime: int) -> Any:
        """§37: stop frames running longer than ``overtime`` seconds."""
        return self._client.call(EP.set_task_overtime_stop,
                                 {"taskIds": ids(task_id_list, "set_task_overtime_top"), "overTime": int(overtime)})

    set_task_overtime_stop = set_task_overtime_top

    def full_speed(self, task_id_list: Any) -> Any:
        """§41: render the rest after the test frames."""
        return self._task_ids_call(EP.full_speed_rendering, task_id_list, "full_speed")

    def edit_task_hardware_config(self, taskIds: Any, hardwareConfigIds: Any, model: str, gpuNum: str, ram: str) -> None:
        """§47: move tasks to another machine configuration."""
        listify = (lambda v: v if isinstance(v, (list, tuple)) else [v])
        body = {"taskIds": strs(listify(taskIds)), "hardwareConfigIds": strs(listify(hardwareConfigIds)),
                "model": str(model or ""), "gpuNum": str(gpuNum or ""), "ram": str(ram or "")}
        return self._client.call(EP.edit_task_hardware_config, body)
