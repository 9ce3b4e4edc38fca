"""The SDK-shaped namespaces of ``RenderbusClient``: ``query``, ``user``, ``task``, ``env``, ``tag``, ``transmit``."""

from __future__ import annotations

from .env import Env
from .query import Query
from .tag import Tag
from .task import Task
from .transmit import Transmit
from .user import User

__all__ = ["Query", "User", "Task", "Env", "Tag", "Transmit"]
