"""The Renderbus HTTP API: signing, session, envelope, errors, retries, pagination, models.

``from rb_dcc.api import RenderbusClient, RenderbusError, TransportError, AuthError, NotFoundError``
"""

from __future__ import annotations

from .client import DEFAULT_DOMAIN, RenderbusClient
from .errors import AuthError, NotFoundError, RenderbusError, ServerBusyError, TransportError
from .status import FrameStatus, FrameType, TaskStatus

__all__ = ["RenderbusClient", "RenderbusError", "TransportError", "ServerBusyError", "AuthError", "NotFoundError",
           "TaskStatus", "FrameStatus", "FrameType", "DEFAULT_DOMAIN"]
