"""Typed errors of the Renderbus client.

Every error names the endpoint it came from and says what the artist can do. None carries the
access key, a signature or a request body.
"""

from __future__ import annotations

from typing import Optional

__all__ = ["RenderbusError", "TransportError", "AuthError", "NotFoundError", "ServerBusyError",
           "error_for_envelope"]


class RenderbusError(Exception):
    """The farm answered a call with an error, or could not be asked at all.

    ``code`` is the envelope code (or the HTTP status for transport failures, ``None`` when there
    was no answer), ``message`` the server's text, ``request_id`` the server's trace id when it
    sent one, ``endpoint`` the path called.
    """

    hint = "Try again later; if it keeps failing, send the request id to Renderbus support."

    def __init__(self, message: str, *, code: Optional[int] = None, endpoint: str = "",
                 request_id: Optional[str] = None, hint: Optional[str] = None):
        self.message = message
        self.code = code
        self.endpoint = endpoint
        self.request_id = request_id
        if hint is not None:
            self.hint = hint
        super().__init__(self._text())

    def _text(self) -> str:
        parts = []
        if self.endpoint:
            parts.append("%s:" % self.endpoint)
        parts.append(self.message.rstrip(".") + ".")
        if self.code is not None:
            parts[-1] = parts[-1][:-1] + " (code %s)." % self.code
        if self.hint:
            parts.append(self.hint)
        if self.request_id:
            parts.append("[request id %s]" % self.request_id)
        return " ".join(parts)

    def __reduce__(self):
        return (_rebuild, (type(self), self.message, self.code, self.endpoint, self.request_id, self.hint))


def _rebuild(cls, message, code, endpoint, request_id, hint):
    return cls(message, code=code, endpoint=endpoint, request_id=request_id, hint=hint)


class TransportError(RenderbusError):
    """No usable answer: connection refused or dropped, timeout, HTTP error page, non-JSON body."""

    hint = "Check the network connection and the farm address in the profile, then try again."


class ServerBusyError(TransportError):
    """The farm answered with a 5xx status (after any retries the call allows)."""

    hint = "The farm is having trouble; wait a minute and try again."


class AuthError(RenderbusError):
    """The farm refused the credentials or the signature."""

    hint = ("Check the access id and access key of the profile (rb-dcc login) and that the "
            "computer clock is right.")


class NotFoundError(RenderbusError):
    """The task, frame, file or name asked for does not exist on the farm."""

    hint = "Refresh the list; the item may have been deleted or belong to another account."


# Envelope codes with a known meaning. The official service does not document its codes for
# signature failures, so the texts are matched too (English and Chinese).
# 401xx / 40401 are the local farm's codes (rb_dcc.localfarm.errors).
_AUTH_CODES = frozenset({401, 403, 20020, 100001, 100002, 100003, 40100, 40101, 40102, 40103, 40104})
_NOT_FOUND_CODES = frozenset({404, 100404, 40401})
_AUTH_WORDS = ("signature", "accessid", "access id", "access key", "timestamp", "unauthor",
               "forbidden", "login", "签名", "认证", "鉴权", "登录", "时间戳")
_NOT_FOUND_WORDS = ("not found", "not exist", "no such", "unknown task", "不存在", "未找到", "找不到")


def error_for_envelope(code, message: str, endpoint: str, request_id: Optional[str] = None) -> RenderbusError:
    """The typed error for an envelope whose ``code`` is not 200."""
    text = (message or "").lower()
    if code in _AUTH_CODES or any(w in text for w in _AUTH_WORDS):
        cls = AuthError
    elif code in _NOT_FOUND_CODES or any(w in text for w in _NOT_FOUND_WORDS):
        cls = NotFoundError
    else:
        cls = RenderbusError
    return cls(message or "the farm refused the request", code=code, endpoint=endpoint,
               request_id=request_id, hint=None if cls is not RenderbusError else
               "Check the values sent; the farm's message says which one it refused.")
