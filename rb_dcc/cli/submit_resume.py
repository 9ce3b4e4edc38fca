"""``rb-dcc resume [JOURNAL]``: finish an interrupted submission from its journal.

Without JOURNAL the newest unfinished submission is resumed; ``--list`` shows them. The task
created before the interruption is reused (never a second one) and only files the farm does not
have yet are uploaded.
"""

from __future__ import annotations

import os
import sys

from . import CliError
from ._tasks_common import (
    EXIT_INTERRUPTED, EXIT_OK, ProgressBar, add_common, client_for_args, guarded, human_bytes, print_json,
    profile_for_farm, run_cancellable, table,
)


def add_arguments(parser) -> None:
    parser.add_argument("journal", nargs="?", metavar="JOURNAL", help="journal file (default: the newest unfinished)")
    parser.add_argument("--list", action="store_true", help="list unfinished submissions")
    add_common(parser)


@guarded
def run(args) -> int:
    from ..submit.journal import list_journals
    from ..submit.pipeline import Submission, SubmissionCancelled, SubmissionError

    if args.list:
        journals = list_journals()
        if args.json:
            print_json([{"journal": j.path, "scene": j.data.get("scene"), "task_id": j.data.get("task_id"),
                         "state": j.data.get("state"), "farm": j.data.get("farm", {}).get("domain")} for j in journals])
        elif not journals:
            print("no unfinished submissions")
        else:
            print(table([[j.path, os.path.basename(j.data.get("scene") or ""), str(j.data.get("task_id") or "-"),
                          j.data.get("state", "")] for j in journals], ["JOURNAL", "SCENE", "TASK", "STATE"]))
        return EXIT_OK
    path = args.journal
    if not path:
        journals = list_journals()
        if not journals:
            raise CliError("no unfinished submission to resume")
        path = journals[0].path
    if not os.path.isfile(path):
        raise CliError("%s: no such journal" % path)
    from ..submit.journal import Journal

    try:
        farm = Journal.load(path).data.get("farm", {})
    except (OSError, ValueError) as exc:
        raise CliError("%s cannot be resumed: %s" % (path, exc))
    # the profile of the journal's farm unless --profile says otherwise
    client = client_for_args(args, profile_for_farm(farm.get("domain", ""), farm.get("access_id", "")))
    try:
        sub = Submission.resume(path, client)
    except (ValueError, KeyError) as exc:
        raise CliError("%s cannot be resumed: %s" % (path, exc))
    except SubmissionError as exc:
        raise CliError(str(exc))
    bar = None if args.json else ProgressBar()
    try:
        result = run_cancellable(lambda cancel: sub.run(on_progress=bar.event if bar else None, cancel=cancel))
    except (SubmissionCancelled, KeyboardInterrupt):
        if bar:
            bar.close()
        print("rb-dcc resume: cancelled; run it again to finish %s" % path, file=sys.stderr)
        return EXIT_INTERRUPTED
    except SubmissionError as exc:
        raise CliError(str(exc), exit_code=1)
    finally:
        if bar:
            bar.close()
    if args.json:
        print_json({"ok": True, "task_id": result.task_id, "alias": result.alias, "journal": path,
                    "uploaded_bytes": result.uploaded_bytes, "uploaded_files": result.uploaded_files,
                    "skipped_files": result.skipped_files})
    else:
        print("submitted task %s (id %d): %d files sent (%s), %d already on the farm" % (
            result.alias, result.task_id, result.uploaded_files, human_bytes(result.uploaded_bytes),
            result.skipped_files))
    return EXIT_OK
