"""Pydantic models of every response ``data`` of the Renderbus API.

Attributes are snake_case, the wire names (camelCase, or whatever the service sends) are the
aliases, unknown fields are kept (the service adds fields) and every model round-trips:
``Model.model_validate_json(m.model_dump_json(by_alias=True)) == m``. Fields are optional because
the service sends ``null`` freely. Secret fields (transfer passwords, Raysync keys) are left out
of ``repr``.
"""

from __future__ import annotations

from typing import Any, Generic, Iterator, List, Optional, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from .status import FrameStatus, FrameType, TaskStatus

__all__ = [
    "ApiModel", "Page", "Platform", "UserProfile", "UserSetting", "SubUserOutputBid", "TransferBid",
    "CreateTaskResult", "ErrorDetail", "TaskKeyValue", "Task", "TaskPage", "Frame", "FramePage",
    "FrameStats", "LogPage", "Project", "ProjectList", "SoftwareInfo", "SoftwareList", "CgVersion",
    "PluginVersion", "CgPlugin", "SoftwareDetail", "AddEnvResult", "RenderEnv", "GrabInfo",
    "TaskProcessImg", "RaysyncTransfer", "TransferServerInfo", "RaysyncUserKey", "EngineAccount",
    "EngineLine", "ResqEngine", "TransferConfig", "OutputFile", "HardwareConfig", "PackNode",
    "TaskRecord", "TaskRecordPage", "LoginRecord", "LoginRecordPage",
]

Num = Optional[float]
IntOrStr = Optional[Union[int, str]]


class ApiModel(BaseModel):
    """Base of every response model: camelCase aliases, snake_case attributes, extras kept."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow",
                              coerce_numbers_to_str=True, protected_namespaces=())

    def to_wire(self) -> dict:
        """The model as the service would send it (wire names, extras included)."""
        return self.model_dump(mode="json", by_alias=True)


T = TypeVar("T")


class Page(ApiModel, Generic[T]):
    """One page of a paged answer (§9, §14, §21, §22, §49, §50)."""

    page_count: Optional[int] = None
    page_num: Optional[int] = None
    total: Optional[int] = None
    size: Optional[int] = None
    items: List[T] = Field(default_factory=list)

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


# --- user / account ---------------------------------------------------------------------------

class Platform(ApiModel):
    """§1: one render platform."""

    platform: Optional[int] = None
    name: Optional[str] = None
    type: Optional[int] = None  # 0 GPU, 1 CPU, 2 still image
    status: Optional[int] = None  # 0 off, 1 normal, 2 busy, 3 full
    task_prefix: Optional[str] = None
    is_show: Optional[int] = None


class UserProfile(ApiModel):
    """§2: the account."""

    user_id: Optional[int] = None
    user_name: Optional[str] = None
    platform: Optional[int] = None
    phone: Optional[str] = None
    email: Optional[str] = None
    company: Optional[str] = None
    name: Optional[str] = None
    job: Optional[str] = None
    communication_number: Optional[str] = None
    soft_type: Optional[int] = None
    soft_status: Optional[int] = None
    business_type: Optional[int] = None
    status: Optional[int] = None
    info_status: Optional[int] = None
    account_type: Optional[int] = None
    user_type: Optional[int] = None
    main_user_id: Optional[int] = None
    level: Optional[int] = None
    picture_lever: Optional[int] = None
    zone: Optional[int] = None
    rmbbalance: Num = None
    usdbalance: Num = None
    rmb_cumulative: Num = None
    usd_cumulative: Num = None
    credit: Num = None
    coupon: Num = None
    description: Optional[str] = None
    country: Optional[str] = None
    city: Optional[str] = None
    address: Optional[str] = None
    cpu_price: Num = None
    gpu_price: Num = None
    share_main_capital: Optional[int] = None
    sub_delete_task: Optional[int] = None
    use_main_balance: Optional[int] = None
    hide_balance: Optional[int] = None
    hide_job_charge: Optional[int] = None
    use_level_directory: Optional[int] = None
    download_disable: Optional[int] = None
    display_subaccount: Optional[int] = None
    subaccount_limits: Optional[int] = None
    houdini_flag: Optional[int] = None
    c4d_flag: Optional[int] = None
    blender_flag: Optional[int] = None
    student_end_time: Optional[int] = None


class UserSetting(ApiModel):
    """§3: account settings."""

    info_status: Optional[int] = None
    account_type: Optional[int] = None
    share_main_capital: Optional[int] = None
    sub_delete_task: Optional[int] = None
    use_main_balance: Optional[int] = None
    single_node_render_frames: Optional[str] = None
    max_ignore_map_flag: Optional[str] = None
    auto_commit: Optional[str] = None
    separate_account_flag: Optional[int] = None
    mifile_switch_flag: Optional[int] = None
    assfile_switch_flag: Optional[int] = None
    manually_start_analysis_flag: Optional[int] = None
    download_disable: Optional[int] = None
    task_over_time: Optional[int] = None
    task_over_time_sec: Optional[int] = None
    ignore_map_flag: Optional[int] = None
    is_vray_license: Optional[int] = None
    just_upload_config_flag: Optional[int] = None
    just_upload_cg_flag: Optional[int] = None
    mandatory_analyse_all_agent: Optional[int] = None


class SubUserOutputBid(ApiModel):
    user_id: Optional[str] = None
    output_bid: Optional[str] = None


class TransferBid(ApiModel):
    """§5: storage ids. The service spells these in snake_case on the wire."""

    config_bid: Optional[str] = Field(None, alias="config_bid")
    input_bid: Optional[str] = Field(None, alias="input_bid")
    output_bid: Optional[str] = Field(None, alias="output_bid")
    parent_input_bid: Optional[str] = Field(None, alias="parent_input_bid")
    sub_user_output_bids: Optional[List[SubUserOutputBid]] = Field(None, alias="sub_user_output_bids")


# --- tasks ------------------------------------------------------------------------------------

class CreateTaskResult(ApiModel):
    """§6: the new task id(s). ``result[0]`` is the first task id, as the Doc's example uses it."""

    task_id_list: List[int] = Field(default_factory=list)
    alias_task_id_list: List[str] = Field(default_factory=list)
    user_id: Optional[int] = None

    @property
    def task_id(self) -> int:
        return self.task_id_list[0]

    def __getitem__(self, index):
        if isinstance(index, str):
            return self.to_wire()[index]
        return self.task_id_list[index]


class ErrorDetail(ApiModel):
    """§8: what an analysis tip code means and how to fix it."""

    id: Optional[int] = None
    code: Optional[str] = None
    type: Optional[int] = None  # 0 warning, 1 error (blocks submission)
    language_flag: Optional[int] = None
    des_description_cn: Optional[str] = None
    des_solution_cn: Optional[str] = None
    solution_path: Optional[str] = None
    is_repair: Optional[int] = None
    is_delete: Optional[int] = None
    is_open: Optional[int] = None
    last_modify_admin: Optional[str] = None
    update_time: Optional[int] = None

    @property
    def is_blocking(self) -> bool:
        return self.type == 1


class TaskKeyValue(ApiModel):
    tiles: Optional[str] = None
    all_camera: Optional[str] = None
    renderable_camera: Optional[str] = None


class Task(ApiModel):
    """§9 / §22: a task; a parent task (``is_open == 1``) lists its layer tasks as children."""

    id: Optional[int] = None
    task_alias: Optional[str] = None
    scene_name: Optional[str] = None
    task_status: Optional[TaskStatus] = None
    status_text: Optional[str] = None
    pre_task_status: Optional[TaskStatus] = None
    pre_status_text: Optional[str] = None
    total_frames: Optional[int] = None
    abort_frames: Optional[int] = None
    executing_frames: Optional[int] = None
    done_frames: Optional[int] = None
    failed_frames: Optional[int] = None
    frames_range: Optional[str] = None
    project_name: Optional[str] = None
    render_consume: Num = None
    task_arrears: Num = None
    submit_date: Optional[int] = None
    start_time: Optional[int] = None
    completed_date: Optional[int] = None
    render_duration: Optional[int] = None
    user_name: Optional[str] = None
    user_id: Optional[int] = None
    producer: Optional[str] = None
    task_level: Optional[int] = None
    task_user_level: Optional[int] = None
    task_limit: Optional[int] = None
    task_over_time: Optional[int] = None
    over_time_stop: Optional[int] = None
    output_file_name: Optional[str] = None
    munu_task_id: Optional[str] = None
    munu_task_ids: Optional[str] = None
    layer_parent_id: IntOrStr = None
    cg_id: Optional[int] = None
    task_key_value_vo: Optional[TaskKeyValue] = None
    user_account_consume: Num = None
    coupon_consume: Num = None
    qy_coupon_consume: Num = None
    is_open: Optional[int] = None
    task_type: Optional[str] = None
    task_type_text: Optional[str] = None
    render_camera: Optional[str] = None
    clone_parent_id: Optional[int] = None
    clone_original_id: Optional[int] = None
    share_main_capital: Optional[int] = None
    task_ram: Optional[int] = None
    resp_rendering_task_list: Optional[List["Task"]] = None
    layer_name: Optional[str] = None
    location_output: Optional[str] = None
    is_delete: Optional[int] = None
    channel: Optional[int] = None
    remark: Optional[str] = None
    labels: Optional[Any] = None  # JSON text ("{}") or a list, depending on the service version
    is_over_time: Optional[int] = None
    waiting_count: Optional[int] = None
    stop_type: Optional[int] = None
    bid: Optional[str] = None

    @property
    def children(self) -> List["Task"]:
        return list(self.resp_rendering_task_list or [])

    def leaves(self) -> Iterator["Task"]:
        """This task if it has no children, else every leaf task below it (layer tasks)."""
        kids = self.children
        if not kids:
            yield self
            return
        for kid in kids:
            yield from kid.leaves()

    @property
    def is_terminal(self) -> bool:
        """True when this task (and every child) has finished one way or another."""
        kids = self.children
        if kids:
            return all(k.is_terminal for k in kids)
        return self.task_status is not None and TaskStatus(self.task_status).is_terminal


class Frame(ApiModel):
    """§14: one frame (or frame group) of a task."""

    id: Optional[int] = None
    user_id: Optional[int] = None
    frame_price: Num = None
    fee_type: Optional[int] = None
    platform: Optional[int] = None
    frame_index: Optional[str] = None
    frame_block: Optional[str] = None
    frame_status: Optional[FrameStatus] = None
    frame_status_text: Optional[str] = None
    fee_amount: Num = None
    coupon_fee: Num = None
    arrears_fee: Num = None
    start_time: Optional[int] = None
    end_time: Optional[int] = None
    frame_execute_time: Optional[int] = None
    current_render_time: Optional[int] = None
    task_id: Optional[int] = None
    munu_job_id: Optional[str] = None
    munu_task_id: Optional[str] = None
    frame_type: Optional[FrameType] = None
    recommit_flag: Optional[int] = None
    is_copy: Optional[int] = None
    task_over_time: Optional[int] = None
    gop_name: Optional[str] = None
    frame_ram: Optional[int] = None
    average_cpu: Num = None
    average_memory: Optional[int] = None
    is_over_time: Optional[int] = None
    over_one_month: Optional[int] = None
    node_id: Optional[str] = None
    render_ram: Optional[int] = None
    open_render_ram: Optional[int] = None


TaskPage = Page[Task]
FramePage = Page[Frame]
LogPage = Page[str]


class FrameStats(ApiModel):
    """§16: account-wide frame counts."""

    executing_frames_total: Optional[int] = None
    done_frames_total: Optional[int] = None
    failed_frames_total: Optional[int] = None
    waiting_frames_total: Optional[int] = None
    abandon_frames_total: Optional[int] = None
    total_frames: Optional[int] = None


# --- projects / labels --------------------------------------------------------------------------

class Project(ApiModel):
    project_id: Optional[int] = None
    project_name: Optional[str] = None


class ProjectList(ApiModel):
    """§25 / §26."""

    project_name_list: List[Project] = Field(default_factory=list)


# --- software and render environments -----------------------------------------------------------

class SoftwareInfo(ApiModel):
    cg_id: Optional[int] = None
    cg_name: Optional[str] = None
    cg_type: Optional[str] = None
    icon_path: Optional[str] = None
    is_need_project_path: Optional[int] = None
    is_need_analyse: Optional[int] = None
    is_support_linux: Optional[int] = None


class SoftwareList(ApiModel):
    """§29: the software the farm renders."""

    is_auto_commit: Optional[int] = None
    default_cg_id: Optional[int] = None
    render_info_list: List[SoftwareInfo] = Field(default_factory=list)


class CgVersion(ApiModel):
    id: Optional[int] = None
    cg_id: Optional[int] = None
    cg_name: Optional[str] = None
    cg_version: Optional[str] = None


class PluginVersion(ApiModel):
    plugin_id: Optional[int] = None
    plugin_name: Optional[str] = None
    plugin_version: Optional[str] = None


class CgPlugin(ApiModel):
    cv_id: Optional[int] = None
    plugin_name: Optional[str] = None
    plugin_versions: List[PluginVersion] = Field(default_factory=list)


class SoftwareDetail(ApiModel):
    """§30: versions of one software and the plugins offered per version."""

    cg_version: List[CgVersion] = Field(default_factory=list)
    cg_plugin: List[CgPlugin] = Field(default_factory=list)


class AddEnvResult(ApiModel):
    """§31."""

    edit_name: Optional[str] = None


class RenderEnv(ApiModel):
    """§35: a saved render environment (software version + plugins)."""

    cg_id: Optional[int] = None
    edit_name: Optional[str] = None
    cg_name: Optional[str] = None
    cg_version: Optional[str] = None
    os_name: Optional[int] = None
    render_layer_type: Optional[int] = None
    is_default: Optional[int] = None
    project_path: Optional[str] = None
    is_main_user_id: Optional[int] = None
    resp_user_plugin_info_vos: List[PluginVersion] = Field(default_factory=list)


# --- progress images ------------------------------------------------------------------------------

class GrabInfo(ApiModel):
    start_time: Optional[str] = None
    end_time: Optional[str] = None
    frame_status: Optional[str] = None
    is_max_price: Optional[str] = None
    fee_amount: Optional[str] = None
    coupon_fee: Optional[str] = None
    frame_index: Optional[str] = None
    frame_block: Optional[str] = None
    frame_percent: Optional[str] = None
    frame_used: Optional[str] = None
    frame_est: Optional[str] = None
    render_info: Optional[str] = None
    grab_url: Optional[str] = None


class TaskProcessImg(ApiModel):
    """§36: the progress image blocks of a (3ds Max) task."""

    width: Optional[int] = None
    height: Optional[int] = None
    block: Optional[int] = None
    is_render_photon: Optional[bool] = None
    current_task_type: Optional[str] = None
    scene_name: Optional[str] = None
    start_time: Optional[str] = None
    end_time: Optional[str] = None
    completed_time: Optional[str] = None
    grab_info: List[List[GrabInfo]] = Field(default_factory=list)


# --- transfer ----------------------------------------------------------------------------------

class RaysyncTransfer(ApiModel):
    server_ip: Optional[str] = None
    server_port: Optional[int] = None
    proxy_ip: Optional[str] = None
    proxy_port: Optional[int] = None
    ssl_port: Optional[int] = None
    port: Optional[int] = None


class TransferServerInfo(ApiModel):
    """§39."""

    client_version: Optional[str] = None
    protocol_version: Optional[str] = None
    raysync_transfer: Optional[RaysyncTransfer] = None


class RaysyncUserKey(ApiModel):
    """§40: Raysync login data. The keys are secrets and never shown in ``repr``."""

    id: Optional[int] = None
    user_name: Optional[str] = None
    channel: Optional[int] = None
    platform: Optional[int] = None
    zone: Optional[int] = None
    version: Optional[str] = None
    phone: Optional[str] = None
    email: Optional[str] = None
    login_time: Optional[int] = None
    info_status: Optional[int] = None
    account_type: Optional[int] = None
    share_main_capital: Optional[int] = None
    sub_delete_task: Optional[int] = None
    sub_delete_capital: Optional[int] = None
    use_main_balance: Optional[int] = None
    download_disable: Optional[int] = None
    signature: Optional[str] = Field(None, repr=False)
    user_key: Optional[str] = Field(None, repr=False)
    ray_sync_user_key: Optional[str] = Field(None, repr=False)


class EngineAccount(ApiModel):
    bid: Optional[str] = None
    name: Optional[str] = None
    password: Optional[str] = Field(None, repr=False)


class EngineLine(ApiModel):
    name: Optional[str] = None
    server: Optional[str] = None
    port: Optional[str] = None
    is_default: Optional[int] = None
    line_id: Optional[int] = None
    type: Optional[int] = None


class ResqEngine(ApiModel):
    engine_name: Optional[str] = None
    check_server: Optional[str] = None
    check_port: Optional[str] = None
    check_enable: Optional[str] = None
    check_exclud_type: Optional[str] = None
    automatic_check: Optional[int] = None
    is_default: Optional[int] = None
    resq_engine_accounts: Optional[List[EngineAccount]] = None
    resp_task_engine_lines: Optional[List[EngineLine]] = None


class TransferConfig(ApiModel):
    """§42: transfer engines and lines (holds engine passwords: never logged or shown)."""

    input_bid: Optional[str] = None
    output_bid: Optional[str] = None
    config_bid: Optional[str] = None
    parent_input_bid: Optional[str] = None
    resq_engines: List[ResqEngine] = Field(default_factory=list)
    sub_user_output_bids: Optional[List[SubUserOutputBid]] = None


class OutputFile(ApiModel):
    """§44: one entry of the output storage tree."""

    file_name: Optional[str] = None
    file_size: Optional[int] = None
    icon_path: Optional[str] = None
    last_modify: Optional[str] = None
    file_type: Optional[str] = None
    file_path: Optional[str] = None
    directory: Optional[bool] = None
    is_arrears: Optional[int] = None


class HardwareConfig(ApiModel):
    """§46: a machine configuration the farm offers."""

    id: Optional[int] = None
    type: Optional[int] = None  # 1 CPU, 2 GPU
    model: Optional[str] = None
    ram: Optional[str] = None
    gpu_num: Optional[str] = None
    platform: Optional[int] = None
    current: Optional[bool] = None
    status: Optional[int] = None
    not_support_cg_id: List[int] = Field(default_factory=list)
    not_support_code: Optional[List[Any]] = None
    not_support_cg_versions: Optional[List[Any]] = None
    not_support_plugin_list: Optional[List[str]] = None


class PackNode(ApiModel):
    """§48."""

    pack_node_id: Optional[int] = None
    pack_name: Optional[str] = None


class TaskRecord(ApiModel):
    """§49: one task operation log entry."""

    user_name: Optional[str] = None
    task_type: Optional[str] = None
    button_name: Optional[str] = None
    task_ids: Optional[str] = None
    channel: Optional[str] = None
    create_time: Optional[str] = None
    details: Optional[str] = None
    operate_source: Optional[int] = None
    user_id: Optional[str] = None
    request_ip: Optional[str] = None
    request_uri: Optional[str] = Field(None, alias="requestURI")
    request_param: Optional[str] = None


class LoginRecord(ApiModel):
    """§50: one login log entry."""

    id: IntOrStr = None
    user_id: IntOrStr = None
    user_name: Optional[str] = None
    user_ua: Optional[str] = None
    trace_id: Optional[str] = None
    login_type: Optional[str] = None
    login_status: IntOrStr = None
    login_sta_desc: Optional[str] = None
    module_type: Optional[str] = None
    ip: Optional[str] = None
    login_time: Optional[int] = None


TaskRecordPage = Page[TaskRecord]
LoginRecordPage = Page[LoginRecord]

Task.model_rebuild()
