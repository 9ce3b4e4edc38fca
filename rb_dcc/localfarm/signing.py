"""Request signature check, written from the protocol doc §b (no client code shared).

The string to sign is ``[METHOD]{domain}:{path}&k1=v1&k2=v2...``: the signed headers merged with
the decoded body (body keys win), flattened (``a.b`` for dicts, ``a0`` for list items, empty
containers vanish), sorted by key and rendered with Python ``str()``. HMAC-SHA256 with the access
key, Base64. For GET/PUT transfer calls the "body" is the dict of query parameters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
from typing import Any, Dict, Mapping, Optional, Tuple

SIGNED_HEADERS = ("accessId", "channel", "platform", "UTCTimestamp", "nonce", "version")
MAX_SKEW_S = 300


def flatten(value: Any, key: Optional[str] = None, out: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    if out is None:
        out = {}
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(v, k if not key else "%s.%s" % (key, k), out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            flatten(v, "%s%d" % (key or "", i), out)
    else:
        out[key] = value
    return out


def string_to_sign(domain: str, path: str, headers: Mapping[str, Any], body: Mapping[str, Any],
                   method: str = "POST") -> str:
    merged: Dict[str, Any] = {k: v for k, v in headers.items() if k not in ("signature", "Content-Type")}
    merged.update(body)
    flat = flatten(merged)
    pairs = "&".join("%s=%s" % (k, flat[k]) for k in sorted(flat))
    return "[%s]%s:%s&%s" % (method.upper(), domain, path, pairs)


def compute(secret: str, text: str) -> str:
    mac = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(mac).decode("ascii")


def matches(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode("ascii"), given.encode("utf-8", "replace"))


class NonceCache:
    """Remembers ``(accessId, nonce, UTCTimestamp, signature)`` for the skew window; a repeat is a replay.

    The signature is part of the key because it covers the path and body: a request sent again
    verbatim is caught, while two different requests whose 6-digit random nonces happen to
    collide in the same second (likely for a busy client: the SDK draws from 900,000 values) are
    both served.
    """

    def __init__(self, window_s: int = MAX_SKEW_S):
        self._window = window_s
        self._seen: Dict[Tuple[str, str, str, str], float] = {}
        self._lock = threading.Lock()
        self._next_sweep = time.monotonic() + 30

    def check_and_add(self, access_id: str, nonce: str, ts: str, signature: str = "") -> bool:
        """True when new (and now remembered); False when already seen in the window."""
        key = (access_id, nonce, ts, signature)
        now = time.monotonic()
        with self._lock:
            if now >= self._next_sweep:
                cutoff = now - 2 * self._window
                self._seen = {k: t for k, t in self._seen.items() if t >= cutoff}
                self._next_sweep = now + 30
            if key in self._seen:
                return False
            self._seen[key] = now
            return True
