"""``rb-dcc stop TASK``: stop a task (its frames stop rendering; start it again later)."""

from __future__ import annotations

from ._tasks_common import simple_action

add_arguments, run = simple_action("stop", "stopped", lambda client, tid: client.task.stop_task([tid]))
