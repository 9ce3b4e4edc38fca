"""``rb-dcc frames TASK``: the frames of a task (of each layer/ROP task when it has several)."""

from __future__ import annotations

from ._tasks_common import (
    EXIT_OK, add_common, add_task_arg, client_for_args, guarded, human_duration, print_json, table, task_id_of,
)


def add_arguments(parser) -> None:
    add_task_arg(parser)
    add_common(parser)


def frame_label(code) -> str:
    from ..api.status import FrameStatus

    try:
        return FrameStatus(int(code)).label
    except (TypeError, ValueError):
        return "-"


def leaves_of(client, task_id: int):
    page = client.query.task_info([task_id])
    if not page.items:
        from ..api.errors import NotFoundError

        raise NotFoundError("task %d does not exist" % task_id, endpoint="/api/render/handle/queryTaskInfo/v2")
    task = next((t for t in page.items if t.id == task_id), page.items[0])
    return task, list(task.leaves())


@guarded
def run(args) -> int:
    task_id = task_id_of(args.task)
    client = client_for_args(args)
    task, leaves = leaves_of(client, task_id)
    out = []
    rows = []
    for leaf in leaves:
        for f in client.iter_frames(leaf.id):
            out.append(dict(f.model_dump(mode="json", by_alias=True), layerName=leaf.layer_name or "", layerTaskId=leaf.id))
            rows.append([str(f.id), leaf.layer_name or "-", str(f.frame_index), frame_label(f.frame_status),
                         human_duration(f.frame_execute_time) if f.frame_execute_time else "-",
                         "%.2f" % float(f.fee_amount) if f.fee_amount is not None else "-"])
    if args.json:
        print_json(out)
        return EXIT_OK
    if not rows:
        print("task %d has no frames yet" % task_id)
        return EXIT_OK
    print(table(rows, ["FRAME ID", "LAYER", "FRAME", "STATUS", "TIME", "FEE"]))
    return EXIT_OK
