"""``client.tag``: project names (labels) and task labels (§23–§28)."""

from __future__ import annotations

from typing import Any, List, Optional

from ..endpoints import EP
from ..models import Project, ProjectList
from ._base import Namespace, ids, model_of


class Tag(Namespace):
    def add_label(self, new_name: str, status: int = 1) -> None:
        """§23: a new project name (unique)."""
        return self._client.call(EP.add_label, {"newName": str(new_name), "status": int(status)})

    def delete_label(self, del_name: str) -> None:
        """§24."""
        return self._client.call(EP.delete_label, {"delName": str(del_name)})

    def get_label_list(self) -> ProjectList:
        """§25."""
        return self._client.call(EP.get_label_list, None, model_of(ProjectList))

    def get_project_list(self) -> List[Project]:
        return self.get_label_list().project_name_list

    def get_list(self, flag: int = 0) -> ProjectList:
        """§26: 0 own projects, 1 also the main account's, 2 all under the same main account."""
        return self._client.call(EP.project_list, {"flag": int(flag)}, model_of(ProjectList))

    def add_task_tag(self, tag: str, task_ids: Any) -> None:
        """§27: label tasks."""
        return self._client.call(EP.add_task_label, {"label": str(tag), "taskIds": ids(task_ids, "add_task_tag")})

    def delete_task_tag(self, taskIds: Any = None, labelNames: Optional[List[str]] = None,
                        tag_ids: Optional[List[int]] = None) -> None:
        """§28: remove labels, by task ids + names and/or by label ids."""
        body = {"taskIds": ids(taskIds, "delete_task_tag(taskIds)"),
                "labelNames": [str(n) for n in (labelNames or [])],
                "labelIds": ids(tag_ids, "delete_task_tag(tag_ids)")}
        if not (body["labelNames"] or body["labelIds"]):
            raise ValueError("delete_task_tag: give labelNames (with taskIds) or tag_ids")
        return self._client.call(EP.delete_task_label, body)
