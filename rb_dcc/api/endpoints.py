"""The endpoint table: wire path and retry class of every call (protocol doc §e).

Retry class: ``R`` read-only and ``I`` idempotent calls are retried on connection errors,
timeouts and 5xx answers; ``C`` calls create or bill something and are retried only when the
connection was refused before anything was sent.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Endpoint", "EP", "READ", "IDEMPOTENT", "CREATES"]

READ, IDEMPOTENT, CREATES = "R", "I", "C"


class Endpoint(NamedTuple):
    section: int  # section of the API doc (0 for calls the doc does not list)
    path: str
    safety: str
    method: str = "POST"


class EP:
    # user / account
    query_platforms = Endpoint(1, "/api/render/common/queryPlatforms", READ)
    query_user_profile = Endpoint(2, "/api/render/setUp/queryUserProfile", READ)
    query_user_setting = Endpoint(3, "/api/render/setUp/queryUserSetting", READ)
    update_user_setting = Endpoint(4, "/api/render/setUp/updateUserSetting", IDEMPOTENT)
    get_bid = Endpoint(5, "/api/render/transfer/getBid", READ)
    task_record = Endpoint(49, "/api/render/handle/operate/sdk/taskRecord", READ)
    login_record = Endpoint(50, "/api/render/handle/operate/sdk/loginRecord", READ)
    # task lifecycle
    create_task = Endpoint(6, "/api/render/submit/createTask", CREATES)
    submit_task = Endpoint(7, "/api/render/submit/task", CREATES)
    error_detail = Endpoint(8, "/api/render/submit/queryAnalyseErrorDetail", READ)
    get_task_list = Endpoint(9, "/api/render/handle/getTaskList/v2", READ)
    stop_task = Endpoint(10, "/api/rendering/task/renderingTask/stopTask", IDEMPOTENT)
    start_task = Endpoint(11, "/api/rendering/task/renderingTask/startTask", IDEMPOTENT)
    abandon_task = Endpoint(12, "/api/render/handle/abandonTask", IDEMPOTENT)
    delete_task = Endpoint(13, "/api/render/handle/deleteTask", IDEMPOTENT)
    query_task_frames = Endpoint(14, "/api/render/handle/queryTaskFrames", READ)
    query_all_frame_stats = Endpoint(16, "/api/render/handle/queryAllFrameStats", READ)
    recommit_tasks = Endpoint(17, "/api/render/handle/recommitTasks", CREATES)
    recommit_task_frames = Endpoint(18, "/api/render/handle/recommitTaskFrames", CREATES)
    stop_task_frames = Endpoint(19, "/api/render/handle/stopTaskFrames", IDEMPOTENT)
    show_log = Endpoint(21, "/api/render/handle/showLog", READ)
    query_task_info = Endpoint(22, "/api/render/handle/queryTaskInfo/v2", READ)
    # labels / projects
    add_label = Endpoint(23, "/api/render/project/add", CREATES)
    delete_label = Endpoint(24, "/api/render/project/delete", IDEMPOTENT)
    get_label_list = Endpoint(25, "/api/render/project/getList", READ)
    project_list = Endpoint(26, "/api/render/project/list", READ)
    add_task_label = Endpoint(27, "/api/render/handle/addTaskLabel", IDEMPOTENT)
    delete_task_label = Endpoint(28, "/api/render/handle/deleteTaskLabel", IDEMPOTENT)
    # software / envs
    query_software_list = Endpoint(29, "/api/render/plugin/querySoftwareList", READ)
    query_software_detail = Endpoint(30, "/api/render/plugin/querySoftwareDetail", READ)
    add_user_plugin_config = Endpoint(31, "/api/render/plugin/addUserPluginConfig", CREATES)
    edit_user_plugin_config = Endpoint(32, "/api/render/plugin/editUserPluginConfig", IDEMPOTENT)
    delete_user_plugin_config = Endpoint(33, "/api/render/plugin/deleteUserPluginConfig", IDEMPOTENT)
    set_default_user_plugin_config = Endpoint(34, "/api/render/plugin/setDefaultUserPluginConfig", IDEMPOTENT)
    get_user_plugin_config = Endpoint(35, "/api/render/plugin/getUserPluginConfig", READ)
    # progress, overtime, thumbnails
    load_task_process_img = Endpoint(36, "/api/render/handle/loadTaskProcessImg", READ)
    set_task_overtime_stop = Endpoint(37, "/api/render/handle/setTaskOverTimeStop", IDEMPOTENT)
    loading_frame_thumbnail = Endpoint(38, "/api/render/handle/loadingFrameThumbnail", READ)
    # transfer
    get_server_info = Endpoint(39, "/api/render/transfer/getServerInfo", READ)
    get_raysync_user_key = Endpoint(40, "/api/render/transfer/getRaySyncUserKey", READ)
    full_speed_rendering = Endpoint(41, "/api/render/handle/fullSpeedRendering", IDEMPOTENT)
    get_transfer_config = Endpoint(42, "/api/render/transfer/getConfig", READ)
    task_json_file = Endpoint(43, "/api/render/submit/taskJsonFile", IDEMPOTENT)
    get_output_user_dir_file = Endpoint(44, "/api/render/file/operate/getOutputUserDirFile", READ)
    # hardware, pack nodes
    hardware_config_list = Endpoint(46, "/api/render/hardwareConfig/list", READ)
    edit_task_hardware_config = Endpoint(47, "/api/render/handle/editTaskHardwareConfig", IDEMPOTENT)
    get_user_pack_node_info = Endpoint(48, "/api/render/submit/getUserPackNodeInfo", READ)
    # in the SDK, not in the doc
    update_task_user_level = Endpoint(0, "/api/rendering/task/renderingTask/updateTaskUserLevel", IDEMPOTENT)
    update_task_limit = Endpoint(0, "/api/render/handle/updateTaskLimit", IDEMPOTENT)
