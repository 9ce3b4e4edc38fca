"""Typed reading of request bodies: every refusal names the endpoint and the field."""

from __future__ import annotations

from typing import Any, List, Optional

from .errors import invalid, missing

_ABSENT = object()


class Params:
    def __init__(self, body: dict, endpoint: str):
        self.body = body
        self.endpoint = endpoint

    def _get(self, name: str, required: bool):
        value = self.body.get(name, _ABSENT)
        if value is _ABSENT or value is None:
            if required:
                raise missing(name, self.endpoint)
            return _ABSENT
        return value

    def _as_int(self, name: str, value: Any) -> int:
        out = None
        if isinstance(value, bool):
            out = None
        elif isinstance(value, int):
            out = value
        elif isinstance(value, float) and value.is_integer():
            out = int(value)
        elif isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value.strip()) < 20:
            out = int(value.strip())
        if out is None or not -(1 << 63) <= out < (1 << 63):
            raise invalid(name, self.endpoint, "an integer", value)
        return out

    def int(self, name: str, default: Optional[int] = None, required: bool = False,
            minimum: Optional[int] = None, maximum: Optional[int] = None) -> Optional[int]:
        value = self._get(name, required)
        if value is _ABSENT:
            return default
        out = self._as_int(name, value)
        if minimum is not None and out < minimum:
            raise invalid(name, self.endpoint, "at least %d" % minimum, value)
        if maximum is not None and out > maximum:
            raise invalid(name, self.endpoint, "at most %d" % maximum, value)
        return out

    def str(self, name: str, default: Optional[str] = None, required: bool = False,
            non_empty: bool = False) -> Optional[str]:
        value = self._get(name, required)
        if value is _ABSENT:
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise invalid(name, self.endpoint, "a string", value)
        if non_empty and not value.strip():
            raise invalid(name, self.endpoint, "a non-empty string", value)
        return value

    def int_list(self, name: str, required: bool = False, non_empty: bool = False) -> Optional[List[int]]:
        value = self._get(name, required)
        if value is _ABSENT:
            return None
        if not isinstance(value, list):
            raise invalid(name, self.endpoint, "a list of integers", value)
        if non_empty and not value:
            raise invalid(name, self.endpoint, "a non-empty list of integers", value)
        return [self._as_int("%s[%d]" % (name, i), v) for i, v in enumerate(value)]

    def str_list(self, name: str, required: bool = False) -> Optional[List[str]]:
        value = self._get(name, required)
        if value is _ABSENT:
            return None
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            raise invalid(name, self.endpoint, "a list of strings", value)
        return [str(v) for v in value]

    def dict(self, name: str, required: bool = False) -> Optional[dict]:
        value = self._get(name, required)
        if value is _ABSENT:
            return None
        if not isinstance(value, dict):
            raise invalid(name, self.endpoint, "an object", value)
        return value
