"""``rb-dcc download TASK --to DIR [--follow]``: fetch a task's outputs into a folder.

Files already there and intact are skipped, partial files resume, every file is checked against
the farm's sha256. Paths from the farm that would land outside DIR are refused and listed.
With ``--follow`` frames are fetched as they finish until the task is done.
"""

from __future__ import annotations

import sys

from ._tasks_common import (
    EXIT_FARM, EXIT_OK, ProgressBar, add_common, add_task_arg, client_for_args, guarded, human_bytes, print_json,
    run_cancellable, task_id_of,
)


def add_arguments(parser) -> None:
    add_task_arg(parser)
    parser.add_argument("--to", required=True, metavar="DIR", help="folder to download into")
    parser.add_argument("--follow", action="store_true", help="keep downloading frames as they finish")
    parser.add_argument("--poll", type=float, default=5.0, metavar="S", help="seconds between checks with --follow")
    add_common(parser)


@guarded
def run(args) -> int:
    from ..transfer import TransferCancelled, download_outputs

    task_id = task_id_of(args.task)
    client = client_for_args(args)
    bar = None if args.json else ProgressBar()

    def work(cancel):
        return download_outputs(client, task_id, args.to, on_progress=bar.event if bar else None, cancel=cancel,
                                follow=args.follow, poll_s=args.poll)

    try:
        result = run_cancellable(work)
    except TransferCancelled:
        raise KeyboardInterrupt
    finally:
        if bar:
            bar.close()
    if args.json:
        print_json({"ok": not result.refused, "task_id": task_id, "dest_dir": result.dest_dir,
                    "roots": result.roots, "files_total": result.files_total,
                    "files_downloaded": result.files_downloaded, "files_skipped": result.files_skipped,
                    "bytes_downloaded": result.bytes_downloaded, "finished": result.finished,
                    "refused": [{"path": p, "reason": r} for p, r in result.refused]})
    else:
        print("task %d: %d files downloaded (%s), %d already there, into %s" % (
            task_id, result.files_downloaded, human_bytes(result.bytes_downloaded), result.files_skipped,
            result.dest_dir))
        for path, reason in result.refused:
            print("refused %s: %s" % (path, reason), file=sys.stderr)
    return EXIT_FARM if result.refused else EXIT_OK
