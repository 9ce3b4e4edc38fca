"""``rb-dcc start TASK``: start a stopped task again."""

from __future__ import annotations

from ._tasks_common import simple_action

add_arguments, run = simple_action("start", "started", lambda client, tid: client.task.start_task([tid]))
