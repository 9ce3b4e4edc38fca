"""``rb-dcc log TASK FRAME``: the render log of one frame (FRAME = frame number, or id:<frame id>)."""

from __future__ import annotations

from . import CliError
from ._tasks_common import EXIT_OK, add_common, add_task_arg, client_for_args, guarded, print_json, task_id_of
from .tasks_frames import leaves_of


def add_arguments(parser) -> None:
    add_task_arg(parser)
    parser.add_argument("frame", metavar="FRAME", help="frame number (e.g. 1001) or id:<frame id>")
    parser.add_argument("--layer", metavar="NAME", help="layer/ROP name when the task has several")
    add_common(parser)


def _frame_id(client, task_id: int, frame_text: str, layer: str = "") -> int:
    if frame_text.startswith("id:"):
        try:
            return int(frame_text[3:])
        except ValueError:
            raise CliError("%r: write a frame id as id:12345" % frame_text)
    try:
        number = int(frame_text)
    except ValueError:
        raise CliError("%r is not a frame number" % frame_text)
    from ..api.operators.query import frame_numbers

    _task, leaves = leaves_of(client, task_id)
    if layer:
        leaves = [l for l in leaves if (l.layer_name or "") == layer]
        if not leaves:
            raise CliError("task %d has no layer %r" % (task_id, layer))
    matches = []
    for leaf in leaves:
        for f in client.iter_frames(leaf.id):
            try:
                if number in frame_numbers(str(f.frame_index)):
                    matches.append((leaf, f))
            except ValueError:
                continue
    if not matches:
        raise CliError("task %d has no frame %d" % (task_id, number))
    if len({leaf.id for leaf, _ in matches}) > 1:
        raise CliError("frame %d exists in several layers (%s); add --layer NAME"
                       % (number, ", ".join(sorted({leaf.layer_name or str(leaf.id) for leaf, _ in matches}))))
    # the main render of the frame rather than a test render, when both exist
    matches.sort(key=lambda lf: (lf[1].frame_type == 4, -(lf[1].id or 0)))
    return int(matches[0][1].id)


@guarded
def run(args) -> int:
    task_id = task_id_of(args.task)
    client = client_for_args(args)
    frame_id = _frame_id(client, task_id, args.frame, args.layer or "")
    lines = []
    page_num = 1
    while True:
        page = client.query.get_render_log(renderingType="render", pageNum=page_num, pageSize=100, frame_id=frame_id)
        lines.extend(str(x) for x in (page.items or []))
        if not page.items or not page.page_count or page_num >= page.page_count:
            break
        page_num += 1
    if args.json:
        print_json({"task_id": task_id, "frame_id": frame_id, "lines": lines})
    else:
        print("\n".join(lines) if lines else "(the log of frame %s is empty)" % args.frame)
    return EXIT_OK
