"""Turn any exception into a message an artist can read: what went wrong and what to do.

``describe(exc)`` never returns a traceback; the traceback goes to the log at debug level only.
"""

from __future__ import annotations

import errno
import logging
import socket
from dataclasses import dataclass

from .i18n import tr

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErrorInfo:
    """An error as data: a short title, the message, what to do, and whether Retry may help."""

    title: str
    message: str
    hint: str = ""
    retry: bool = False
    kind: str = "error"  # "offline", "auth", "notfound", "farm", "input", "cancelled", "error"

    def text(self) -> str:
        return self.message + (("\n" + self.hint) if self.hint else "")


def _class_names(exc: BaseException):
    return {c.__name__ for c in type(exc).__mro__}


def _is_offline(exc: BaseException) -> bool:
    names = _class_names(exc)
    if names & {"TransportError", "ConnectionError", "ConnectTimeout", "ReadTimeout", "Timeout"}:
        return True
    if isinstance(exc, (ConnectionError, socket.timeout, TimeoutError)):
        return True
    return isinstance(exc, OSError) and exc.errno in (errno.ECONNREFUSED, errno.ECONNRESET, errno.EHOSTUNREACH)


def describe(exc: BaseException, where: str = "") -> ErrorInfo:
    """A readable ``ErrorInfo`` for ``exc``; ``where`` names the farm or file involved."""
    log.debug("error shown to the user", exc_info=exc)
    names = _class_names(exc)
    detail = _short(str(exc))
    if "SubmissionCancelled" in names or "DownloadCancelled" in names or "Cancelled" in names:
        return ErrorInfo(tr("Cancelled"), tr("Stopped before the end; nothing more was sent."), kind="cancelled")
    if "AuthError" in names:
        return ErrorInfo(
            tr("Sign-in refused"),
            tr("The farm did not accept the access id and key: %s") % detail,
            tr("Open Profile… and enter the key again."),
            kind="auth",
        )
    if _is_offline(exc):
        target = where or tr("the farm")
        return ErrorInfo(
            tr("Farm unreachable"),
            tr("Cannot reach %s.") % target,
            tr("Check the network, or that the local farm is running, then press Retry."),
            retry=True,
            kind="offline",
        )
    if "NotFoundError" in names:
        return ErrorInfo(tr("Not found"), detail, tr("It may have been deleted; refresh the list."), kind="notfound")
    if "RenderbusError" in names:
        return ErrorInfo(tr("The farm said no"), detail, retry=True, kind="farm")
    if "ConfigError" in names:
        return ErrorInfo(tr("Settings problem"), detail, kind="input")
    if "SceneFileError" in names:
        return ErrorInfo(tr("Cannot read the scene"), detail, tr("Check the file opens in its application."), kind="input")
    if "FrameRangeError" in names:
        return ErrorInfo(tr("Frames"), detail, kind="input")
    if "ValidationError" in names:
        return ErrorInfo(tr("Invalid setting"), detail, kind="input")
    if isinstance(exc, FileNotFoundError):
        return ErrorInfo(tr("File not found"), tr("%s does not exist.") % (exc.filename or detail), kind="input")
    if isinstance(exc, PermissionError):
        return ErrorInfo(
            tr("Permission denied"),
            tr("No permission to use %s.") % (exc.filename or detail),
            tr("Choose a folder you can write to."),
            kind="input",
        )
    if isinstance(exc, OSError):
        return ErrorInfo(tr("Disk error"), detail, kind="input", retry=True)
    return ErrorInfo(tr("Something went wrong"), "%s: %s" % (type(exc).__name__, detail) if detail else type(exc).__name__, retry=True)


def _short(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
