"""``client.transmit``: job files and the output tree (§42–§44)."""

from __future__ import annotations

import json
from typing import Any, List, Optional

from ..endpoints import EP
from ..models import OutputFile, TransferConfig
from ._base import Namespace, ids, list_of, model_of


class Transmit(Namespace):
    def upload_json_content(self, task_id: int, content: Any, file_name: str = "task.json") -> None:
        """§43: store a job file (task.json, upload.json, asset.json, tips.json) with the task.

        ``content`` is the file's text; a dict or list is written as JSON first.
        """
        if not isinstance(content, str):
            content = json.dumps(content, indent=2, ensure_ascii=False)
        body = {"taskId": ids(task_id, "upload_json_content(task_id)")[0], "fileName": str(file_name),
                "content": content}
        return self._client.call(EP.task_json_file, body)

    def get_transfer_config(self) -> TransferConfig:
        """§42 (holds transfer passwords: never log it)."""
        return self._client.call(EP.get_transfer_config, None, model_of(TransferConfig))

    def get_output_files(self, task_id: Optional[int] = None, tree_path: str = "/") -> List[OutputFile]:
        """§44: one level of the output storage tree, for a (layer) task and/or a folder."""
        body = {"treePath": tree_path or "/"}
        if task_id is not None:
            body["taskId"] = ids(task_id, "get_output_files(task_id)")[0]
        return self._client.call(EP.get_output_user_dir_file, body, list_of(OutputFile))
