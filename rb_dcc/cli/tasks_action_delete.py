"""``rb-dcc delete TASK``: delete a task from the task list."""

from __future__ import annotations

from ._tasks_common import simple_action

add_arguments, run = simple_action("delete", "deleted", lambda client, tid: client.task.delete_task([tid]),
                                   destructive=True)
