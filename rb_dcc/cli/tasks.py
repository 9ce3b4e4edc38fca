"""``rb-dcc tasks``: the task list, newest first."""

from __future__ import annotations

from ._tasks_common import (
    EXIT_OK, add_common, client_for_args, fmt_ms, guarded, print_json, status_label, table,
)


def add_arguments(parser) -> None:
    add_common(parser)
    parser.add_argument("--status", type=int, action="append", metavar="CODE",
                        help="only tasks with this status code (repeatable), e.g. 5 rendering, 25 done")
    parser.add_argument("--search", metavar="TEXT", help="scene name or task id contains TEXT")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="show at most N tasks (default 50)")
    parser.add_argument("--layers", action="store_true", help="also list the layer/ROP tasks of each task")


def _progress(t) -> str:
    total = t.total_frames or 0
    if not total:
        return "-"
    return "%d/%d%s" % (t.done_frames or 0, total, (" (%d failed)" % t.failed_frames) if t.failed_frames else "")


@guarded
def run(args) -> int:
    client = client_for_args(args)
    tasks = []
    for t in client.iter_tasks(status_list=args.status or None, search_keyword=args.search or None):
        tasks.append(t)
        if len(tasks) >= max(1, args.limit):
            break
    if args.json:
        print_json([t.model_dump(mode="json", by_alias=True) for t in tasks])
        return EXIT_OK
    if not tasks:
        print("no tasks")
        return EXIT_OK
    rows = []
    for t in tasks:
        rows.append([str(t.id), t.task_alias or "", status_label(t.task_status), t.scene_name or "-",
                     _progress(t), fmt_ms(t.submit_date)])
        if args.layers:
            for child in t.children:
                rows.append(["  " + str(child.id), child.layer_name or "", status_label(child.task_status), "",
                             _progress(child), ""])
    print(table(rows, ["ID", "ALIAS", "STATUS", "SCENE", "FRAMES", "SUBMITTED"]))
    return EXIT_OK
