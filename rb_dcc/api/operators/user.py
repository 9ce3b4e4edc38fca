"""``client.user``: the account (§2–§5, §46, §49, §50)."""

from __future__ import annotations

from typing import List, Optional

from ..endpoints import EP
from ..models import HardwareConfig, LoginRecordPage, TaskRecordPage, TransferBid, UserProfile, UserSetting
from ._base import Namespace, list_of, model_of, strs


class User(Namespace):
    def query_user_profile(self) -> UserProfile:
        """§2: the account's profile (also caches ``user_id``)."""
        profile = self._client.call(EP.query_user_profile, None, model_of(UserProfile))
        if profile.user_id is not None:
            self._client._user_id = profile.user_id
        return profile

    def query_user_setting(self) -> UserSetting:
        """§3."""
        return self._client.call(EP.query_user_setting, None, model_of(UserSetting))

    def update_user_settings(self, task_over_time: int) -> None:
        """§4: the task overtime warning, in seconds."""
        return self._client.call(EP.update_user_setting, {"taskOverTimeSec": int(task_over_time)})

    update_user_setting = update_user_settings

    def get_transfer_bid(self) -> TransferBid:
        """§5: storage ids of the config, input and output areas."""
        return self._client.call(EP.get_bid, None, model_of(TransferBid))

    @property
    def user_id(self) -> Optional[int]:
        """The account's user id (asked once, then cached)."""
        return self._client._user_id_cached()

    def get_hardware_config(self, task_ids: Optional[List[str]] = None, clone_task: bool = False) -> List[HardwareConfig]:
        """§46: the machine configurations of the platform (``task_ids``: the config of those tasks)."""
        body = {"cloneTask": "true" if clone_task else "false"}
        if task_ids:
            body["taskIds"] = strs(task_ids if isinstance(task_ids, (list, tuple)) else [task_ids])
        return self._client.call(EP.hardware_config_list, body, list_of(HardwareConfig))

    def task_record(self, pageNum: int = 1, pageSize: int = 10, startDate: str = "", endDate: str = "") -> TaskRecordPage:
        """§49: the task operation log of this platform."""
        body = {"platform": int(self._client.platform), "pageNum": pageNum, "pageSize": pageSize,
                "startDate": startDate or "", "endDate": endDate or ""}
        return self._client.call(EP.task_record, body, model_of(TaskRecordPage))

    def login_record(self, pageNum: int = 1, pageSize: int = 10, startDate: str = "", endDate: str = "") -> LoginRecordPage:
        """§50: the login log."""
        body = {"pageNum": pageNum, "pageSize": pageSize, "startDate": startDate or "", "endDate": endDate or ""}
        return self._client.call(EP.login_record, body, model_of(LoginRecordPage))
