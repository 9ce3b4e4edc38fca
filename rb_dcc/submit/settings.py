"""``JobSettings``: what the artist chose for one submission, validated field by field.

Every field error names the field and says what to type instead; ``JobSettings.field_errors(data)``
returns those messages keyed by field name so a form can show each one beside its widget.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..scene import FrameRange, FrameRangeError

__all__ = ["JobSettings", "SettingsError", "TEST_FRAME_WORDS", "parse_test_frames"]

# "first", "middle", "last" → the three flags of task.json ``pre_frames`` ("100" = first frame only).
TEST_FRAME_WORDS = ("first", "middle", "last")

_LABEL = re.compile(r"^[^\x00-\x1f]{1,64}$")


class SettingsError(ValueError):
    """Settings that cannot be used; ``errors`` maps field name → message."""

    def __init__(self, errors: Dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join("%s: %s" % (k, v) for k, v in self.errors.items()))


def parse_test_frames(text: str) -> Tuple[str, Optional[FrameRange]]:
    """Read the test-frames field: '' (none), words 'first,middle,last', or explicit frames.

    Returns ``(pre_frames, explicit)``: the three-flag text of task.json ``pre_frames`` ("000" for
    none) and the explicit frame range (or None).
    """
    text = (text or "").strip()
    if not text:
        return "000", None
    words = [w for w in re.split(r"[,;\s]+", text.lower()) if w]
    if all(w in TEST_FRAME_WORDS for w in words):
        return "".join("1" if name in words else "0" for name in TEST_FRAME_WORDS), None
    try:
        return "000", FrameRange.parse(text)
    except FrameRangeError as exc:
        raise ValueError(
            "write test frames as 'first', 'first,middle,last' or frame numbers like '1,50,100' (%s)" % exc
        ) from None


class JobSettings(BaseModel):
    """The artist's choices for one job (see CONTRACTS.md). Unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    frames: Optional[FrameRange] = Field(None, description="frames to render; None = the scene's own range")
    frames_per_machine: int = Field(1, description="frames one machine renders in a row (task.json frames_per_task)")
    test_frames: str = Field("", description="'' none, 'first', 'first,middle,last' or frame numbers, rendered first")
    stop_after_test: bool = Field(False, description="stop after the test frames and wait for 'full speed'")
    cameras: List[str] = Field(default_factory=list, description="cameras to render; empty = the scene's renderable ones")
    layers: List[str] = Field(default_factory=list, description="layers / ROPs to render; empty = every renderable one")
    env_name: str = Field("", description="render environment (editName) on the farm")
    hardware_config_id: Optional[int] = Field(None, description="hardware configuration id (hardwareConfigIds)")
    priority: int = Field(50, description="taskUserLevel: 50 normal, 60 high")
    project: str = Field("", description="project name shown on the farm")
    labels: List[str] = Field(default_factory=list, description="task labels")
    output_dir: str = Field("", description="local folder for downloaded outputs")
    timeout_s: int = Field(43200, description="warn when one frame renders longer than this (task.json time_out)")
    overtime_stop_s: int = Field(0, description="stop a frame after this many seconds; 0 = the farm default")
    notes: str = Field("", description="free text stored with the job")

    # field checks: each message says what to type ---------------------------------------------------
    @field_validator("frames_per_machine")
    @classmethod
    def _fpm(cls, v: int) -> int:
        if not 1 <= v <= 1000:
            raise ValueError("frames per machine must be between 1 and 1000, got %d" % v)
        return v

    @field_validator("test_frames")
    @classmethod
    def _test_frames(cls, v: str) -> str:
        parse_test_frames(v)
        return v.strip()

    @field_validator("cameras", "layers")
    @classmethod
    def _names(cls, v: List[str]) -> List[str]:
        out = []
        for name in v:
            name = str(name).strip()
            if not name:
                raise ValueError("names must not be empty")
            if name not in out:
                out.append(name)
        return out

    @field_validator("env_name")
    @classmethod
    def _env(cls, v: str) -> str:
        v = v.strip()
        if len(v) > 128:
            raise ValueError("the render environment name is longer than 128 characters")
        return v

    @field_validator("hardware_config_id")
    @classmethod
    def _hw(cls, v: Optional[int]) -> Optional[int]:
        if v is not None and v <= 0:
            raise ValueError("a hardware configuration id is a positive number (see 'rb-dcc submit --hardware')")
        return v

    @field_validator("priority")
    @classmethod
    def _priority(cls, v: int) -> int:
        if not 0 <= v <= 100:
            raise ValueError("priority must be between 0 and 100 (50 normal, 60 high), got %d" % v)
        return v

    @field_validator("project")
    @classmethod
    def _project(cls, v: str) -> str:
        v = v.strip()
        if v and not _LABEL.match(v):
            raise ValueError("a project name has 1 to 64 characters and no control characters")
        return v

    @field_validator("labels")
    @classmethod
    def _labels(cls, v: List[str]) -> List[str]:
        out = []
        for label in v:
            label = str(label).strip()
            if not _LABEL.match(label):
                raise ValueError("label %r: a label has 1 to 64 characters and no control characters" % label)
            if label not in out:
                out.append(label)
        return out

    @field_validator("timeout_s")
    @classmethod
    def _timeout(cls, v: int) -> int:
        if not 60 <= v <= 30 * 86400:
            raise ValueError("the frame timeout is given in seconds, between 60 and 2592000 (30 days), got %d" % v)
        return v

    @field_validator("overtime_stop_s")
    @classmethod
    def _overtime(cls, v: int) -> int:
        if v != 0 and not 60 <= v <= 30 * 86400:
            raise ValueError("stop-after is 0 (farm default) or seconds between 60 and 2592000, got %d" % v)
        return v

    @field_validator("notes")
    @classmethod
    def _notes(cls, v: str) -> str:
        if len(v) > 2000:
            raise ValueError("notes are limited to 2000 characters")
        return v

    @model_validator(mode="after")
    def _test_inside_frames(self) -> "JobSettings":
        if self.stop_after_test and not self.test_frames:
            raise ValueError("'stop after test' needs test frames; set test frames or untick it")
        return self

    # helpers ------------------------------------------------------------------------------------------
    @property
    def pre_frames(self) -> str:
        return parse_test_frames(self.test_frames)[0]

    @property
    def explicit_test_frames(self) -> Optional[FrameRange]:
        return parse_test_frames(self.test_frames)[1]

    @classmethod
    def field_errors(cls, data: Dict[str, Any]) -> Dict[str, str]:
        """Validate ``data``; return ``{field: message}`` (empty when all is well)."""
        try:
            cls.model_validate(data)
        except ValidationError as exc:
            return _errors_by_field(exc)
        return {}

    @classmethod
    def checked(cls, data: Dict[str, Any]) -> "JobSettings":
        """Like ``model_validate`` but raises ``SettingsError`` with one message per field."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise SettingsError(_errors_by_field(exc)) from None


def _errors_by_field(exc: ValidationError) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for err in exc.errors():
        loc = err.get("loc") or ()
        field = str(loc[0]) if loc else "settings"
        msg = str(err.get("msg", "invalid value"))
        for prefix in ("Value error, ", "Assertion failed, "):
            if msg.startswith(prefix):
                msg = msg[len(prefix):]
        if err.get("type") == "extra_forbidden":
            msg = "unknown setting %r" % field
        elif err.get("type", "").startswith("int_"):
            msg = "%s must be a whole number" % field.replace("_", " ")
        out.setdefault(field, msg)
    return out
