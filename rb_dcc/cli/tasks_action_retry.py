"""``rb-dcc retry TASK``: render the failed frames of a task again."""

from __future__ import annotations

from ._tasks_common import simple_action

add_arguments, run = simple_action("retry", "is rendering its failed frames again",
                                   lambda client, tid: client.query.restart_failed_frames([tid]))
