"""Error codes of the local farm (stable; listed in the package docstring)."""

from __future__ import annotations

MALFORMED_JSON = 40001
PARAM_MISSING = 40002
PARAM_INVALID = 40003
HEADER_MISSING = 40100
ACCESS_ID_UNKNOWN = 40101
SIGNATURE_INVALID = 40102
TIMESTAMP_EXPIRED = 40103
NONCE_REPLAYED = 40104
PATH_REFUSED = 40301
NOT_FOUND = 40401
UNKNOWN_ENDPOINT = 40404
METHOD_NOT_ALLOWED = 40501
CONFLICT = 40901
TOO_LARGE = 41301
RANGE_INVALID = 41601
TRANSFER_MISMATCH = 42201
INTERNAL = 50000

HTTP_STATUS = {  # used for the raw (GET/PUT) transfer routes; API routes always answer HTTP 200
    MALFORMED_JSON: 400, PARAM_MISSING: 400, PARAM_INVALID: 400, HEADER_MISSING: 401,
    ACCESS_ID_UNKNOWN: 401, SIGNATURE_INVALID: 401, TIMESTAMP_EXPIRED: 401, NONCE_REPLAYED: 401,
    PATH_REFUSED: 403, NOT_FOUND: 404, UNKNOWN_ENDPOINT: 404, METHOD_NOT_ALLOWED: 405,
    CONFLICT: 409, TOO_LARGE: 413, RANGE_INVALID: 416, TRANSFER_MISMATCH: 422, INTERNAL: 500,
}


class FarmError(Exception):
    """A refusal answered with the error envelope (``result: false``, ``code``, ``message``)."""

    def __init__(self, code: int, message: str, http_status: int = 200):
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status


def missing(field: str, endpoint: str) -> FarmError:
    return FarmError(PARAM_MISSING, "%s: required parameter '%s' is missing" % (endpoint, field))


def invalid(field: str, endpoint: str, want: str, got) -> FarmError:
    shown = repr(got)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return FarmError(PARAM_INVALID, "%s: parameter '%s' must be %s, got %s" % (endpoint, field, want, shown))
