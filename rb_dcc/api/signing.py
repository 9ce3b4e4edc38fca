"""Request signing, exactly as the Renderbus service checks it.

The string to sign is ``[METHOD]{domain}:{path}&k1=v1&k2=v2...`` where the pairs are the signed
headers merged with the request body (a body key replaces a header of the same name), flattened
(nested dict keys joined with ``.``, list indexes appended with no separator, empty lists and
dicts dropped), sorted as plain strings and rendered with Python ``str()``. The signature is the
Base64 of HMAC-SHA256 over that string, keyed with the access key (both UTF-8).

For the local farm's non-POST transfer calls the prefix is ``[GET]``/``[PUT]`` and ``body`` is
the dict of query parameters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any, Dict, Mapping

__all__ = ["UNSIGNED_HEADERS", "flatten", "string_to_sign", "sign"]

#: Headers that never take part in the signature (``languageFlag`` is added after signing).
UNSIGNED_HEADERS = frozenset({"signature", "Content-Type", "languageFlag"})


def _flatten_into(value: Any, key: str, out: Dict[str, Any]) -> None:
    if isinstance(value, dict):
        for sub, item in value.items():
            # With an empty prefix the child key stands alone, as the service does it.
            _flatten_into(item, "%s.%s" % (key, sub) if key else sub, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flatten_into(item, "%s%d" % (key, index), out)
    else:
        out[key] = value


def flatten(obj: Mapping[str, Any]) -> Dict[str, Any]:
    """Flatten a (nested) mapping into the key → scalar map that is signed."""
    out: Dict[str, Any] = {}
    _flatten_into(dict(obj), "", out)
    return out


def _render(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def string_to_sign(domain: str, path: str, headers: Mapping[str, Any], body: Mapping[str, Any],
                   method: str = "POST") -> str:
    """The exact text the service signs for a call to ``path`` on ``domain`` (host[:port], no scheme)."""
    merged = {k: v for k, v in headers.items() if k not in UNSIGNED_HEADERS}
    merged.update(body)
    flat = flatten(merged)
    pairs = "&".join("%s=%s" % (k, _render(flat[k])) for k in sorted(flat))
    return "[%s]%s:%s&%s" % (method.upper(), domain, path, pairs)


def sign(domain: str, path: str, headers: Mapping[str, Any], body: Mapping[str, Any], secret: str,
         method: str = "POST") -> str:
    """Base64 HMAC-SHA256 signature (44 characters) of the request, keyed with ``secret``."""
    message = string_to_sign(domain, path, headers, body, method)
    digest = hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")
