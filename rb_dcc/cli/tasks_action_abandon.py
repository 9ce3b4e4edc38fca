"""``rb-dcc abandon TASK``: abandon a task (its remaining frames are not rendered)."""

from __future__ import annotations

from ._tasks_common import simple_action

add_arguments, run = simple_action("abandon", "abandoned", lambda client, tid: client.task.abort_task([tid]),
                                   destructive=True)
