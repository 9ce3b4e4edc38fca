"""Every status code of the Renderbus API, in one place.

``TaskStatus`` and ``FrameStatus`` are ``IntEnum`` s, so they compare equal to the raw integers the
service sends. A code the service adds later still converts (``TaskStatus(77)`` gives a member
named ``UNKNOWN_77``) rather than failing a whole task list.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["TaskStatus", "FrameStatus", "FrameType", "TERMINAL_TASK_STATUSES"]


class _CodeEnum(IntEnum):
    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return cls(int(value))
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = "UNKNOWN_%d" % value
        member._value_ = value
        return member

    @property
    def label(self) -> str:
        return _LABELS.get((type(self).__name__, int(self)), "status %d" % int(self))


class TaskStatus(_CodeEnum):
    WAITING = 0
    RENDERING = 5
    PRE_RENDERING = 8
    STOP = 10
    USER_STOP = 15
    ARREARAGE_STOP = 20
    TIME_OUT_STOP = 23
    FINISHED = 25
    FINISHED_HAS_FAILED = 30
    ABANDONED = 35
    FINISHED_TEST = 40
    FAILED = 45
    ANALYSE = 50
    SUBMITTING = 60
    SUBMIT_FAILED = 65
    FINISHED_HAS_STOPPED = 70
    UPDATING = 100

    @property
    def is_terminal(self) -> bool:
        """True when the task will not change any more without the artist acting."""
        return int(self) in TERMINAL_TASK_STATUSES

    @property
    def is_failure(self) -> bool:
        return int(self) in (30, 45, 65)

    @property
    def is_stopped(self) -> bool:
        return int(self) in (10, 15, 20, 23)

    @property
    def is_active(self) -> bool:
        return int(self) in (0, 5, 8, 50, 60, 100)


class FrameStatus(_CodeEnum):
    WAITING = 1
    RENDERING = 2
    STOPPED = 3
    DONE = 4
    FAILED = 5
    WAITING_PRE_PROCESS = 6
    WAITING_PHOTON_FRAME = 7
    WAITING_PHOTON_JOB = 9
    WAITING_SIMULATION = 10
    TIMEOUT_STOP = 11
    SECONDARY_WAITING = 12

    @property
    def is_terminal(self) -> bool:
        return int(self) in (3, 4, 5, 11)

    @property
    def is_failure(self) -> bool:
        return int(self) in (5, 11)


class FrameType(_CodeEnum):
    PRE_RENDER = 1
    PHOTON = 2
    MERGED_PHOTON = 3
    PRIORITY = 4
    MAIN = 5
    PRIORITY_COMPOSITE = 6
    MAIN_COMPOSITE = 7
    SIMULATION = 8
    CHANNEL = 9

    @property
    def is_test(self) -> bool:
        return int(self) in (4, 6)


#: Task codes after which a task waits for nothing (SDK list plus 15, 65, 70; 40 waits for "full speed").
TERMINAL_TASK_STATUSES = frozenset({10, 15, 20, 23, 25, 30, 35, 45, 65, 70})

_LABELS = {
    ("TaskStatus", 0): "Waiting",
    ("TaskStatus", 5): "Rendering",
    ("TaskStatus", 8): "Pre-processing",
    ("TaskStatus", 10): "Stopped",
    ("TaskStatus", 15): "Stopped by user",
    ("TaskStatus", 20): "Stopped (arrears)",
    ("TaskStatus", 23): "Stopped (timeout)",
    ("TaskStatus", 25): "Done",
    ("TaskStatus", 30): "Done with failed frames",
    ("TaskStatus", 35): "Abandoned",
    ("TaskStatus", 40): "Test frames done",
    ("TaskStatus", 45): "Failed",
    ("TaskStatus", 50): "Analysing",
    ("TaskStatus", 60): "Submitting",
    ("TaskStatus", 65): "Submit failed",
    ("TaskStatus", 70): "Done with stopped frames",
    ("TaskStatus", 100): "Updating",
    ("FrameStatus", 1): "Waiting",
    ("FrameStatus", 2): "Rendering",
    ("FrameStatus", 3): "Stopped",
    ("FrameStatus", 4): "Done",
    ("FrameStatus", 5): "Failed",
    ("FrameStatus", 6): "Waiting for pre-process",
    ("FrameStatus", 7): "Waiting for photon frame",
    ("FrameStatus", 9): "Waiting for photon job",
    ("FrameStatus", 10): "Waiting for simulation",
    ("FrameStatus", 11): "Timed out",
    ("FrameStatus", 12): "Waiting (secondary)",
    ("FrameType", 1): "Pre-render",
    ("FrameType", 2): "Photon",
    ("FrameType", 3): "Merged photon",
    ("FrameType", 4): "Test frame",
    ("FrameType", 5): "Main",
    ("FrameType", 6): "Test composite",
    ("FrameType", 7): "Main composite",
    ("FrameType", 8): "Simulation",
    ("FrameType", 9): "Channel",
}
