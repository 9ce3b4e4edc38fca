"""``RenderbusClient``: one signed ``requests.Session``, one envelope unwrapper, typed errors.

Namespaces mirror the official SDK (``client.query``, ``client.user``, ``client.task``,
``client.env``, ``client.tag``, ``client.transmit``) with its method and keyword names, so the
API doc's examples run as written. Logging (``rb_dcc.api``) records the path, status and timing
of each call, never headers, bodies or keys.
"""

from __future__ import annotations

import json
import logging
import math
import os
import itertools
import random
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Tuple, Union
from urllib.parse import parse_qsl, urlsplit

import requests
import requests.adapters
from urllib3.exceptions import NewConnectionError

from . import signing
from .endpoints import CREATES, READ, Endpoint
from .errors import AuthError, NotFoundError, RenderbusError, ServerBusyError, TransportError, error_for_envelope
from .models import Frame, Task

__all__ = ["RenderbusClient", "DEFAULT_DOMAIN", "SIGNATURE_VERSION"]

_NONCE_SPAN = 900000  # nonces run 100000..999999

_log = logging.getLogger("rb_dcc.api")

DEFAULT_DOMAIN = "task.renderbus.com"
SIGNATURE_VERSION = "2.0.0"
CHANNEL = "4"  # the API/SDK channel

Timeout = Union[float, Tuple[float, float]]
Parser = Optional[Callable[[Any], Any]]


class _Secret:
    """Holds the access key; shows nothing of it anywhere."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "'***'"

    __str__ = __repr__

    def __reduce__(self):
        raise TypeError("the access key cannot be pickled")


def _clean(value: Any, where: str) -> Any:
    """Body values as the service accepts them: str, int, lists and dicts only.

    ``None`` entries of a dict are left out, booleans become 0/1, whole floats become ints; any
    other type is refused here rather than signed differently by client and server.
    """
    return _clean_at(value, where, ())


def _trail_text(where: str, trail: tuple) -> str:
    parts = []
    while trail:
        trail, step = trail
        parts.append("[%d]" % step if isinstance(step, int) else "." + step)
    return where + "".join(reversed(parts))


def _clean_at(value: Any, where: str, trail: tuple) -> Any:
    kind = type(value)
    if kind is str or kind is int:  # the common case, checked without isinstance chains
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if v is None:
                continue
            if not isinstance(k, str):
                raise TypeError("%s: body key %r must be a string" % (_trail_text(where, trail), k))
            out[k] = _clean_at(v, where, (trail, k))
        return out
    if isinstance(value, (list, tuple)):
        return [_clean_at(v, where, (trail, i)) for i, v in enumerate(value)]
    raise TypeError("%s: %s values cannot be sent to the farm (send a string or a whole number)"
                    % (_trail_text(where, trail), type(value).__name__))


def _freeze_environment(session: requests.Session, base_url: str) -> None:
    """Read the proxy / CA-bundle environment once, for our farm, instead of on every call.

    requests re-reads the environment (and ~/.netrc) per request when ``trust_env`` is on; that is
    a fifth of a loopback call. The farm is one host, so its settings are taken once here; netrc
    credentials never apply (calls are signed).
    """
    if not session.trust_env:
        return
    for scheme, proxy in requests.utils.get_environ_proxies(base_url).items():
        session.proxies.setdefault(scheme, proxy)
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if bundle and session.verify is True:
        session.verify = bundle
    session.trust_env = False


def _never_sent(exc: Exception) -> bool:
    """True when the connection failed before any byte of the request left (safe to retry)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError):
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        return isinstance(reason, NewConnectionError)
    return False


def _describe(exc: Exception) -> str:
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "the farm did not accept the connection in time"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return "the farm did not answer in time"
    if isinstance(exc, requests.exceptions.SSLError):
        return "the secure connection to the farm failed (certificate or protocol)"
    if _never_sent(exc):
        return "could not connect to the farm (connection refused or host unreachable)"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "the connection to the farm broke before an answer came"
    return "the request could not be sent (%s)" % type(exc).__name__


class RenderbusClient:
    """A signed client of the Renderbus API (or of a compatible local farm).

    ``domain`` may carry a port (``127.0.0.1:8765``); requests go to ``{protocol}://{domain}{path}``.
    ``timeout`` is ``(connect, read)`` seconds. ``retries`` is the number of attempts a retryable
    call gets in all; ``backoff`` the first wait between them (doubled each time, with jitter,
    capped at ``backoff_max``).
    """

    def __init__(self, access_id: str, access_key: str, domain: str = DEFAULT_DOMAIN, platform: str = "2",
                 protocol: str = "https", timeout: Timeout = (5, 60), *, retries: int = 3,
                 backoff: float = 0.5, backoff_max: float = 8.0, language: Optional[str] = None,
                 session: Optional[requests.Session] = None, page_workers: int = 8):
        if not access_id or not isinstance(access_id, str):
            raise AuthError("no access id given", hint="Run 'rb-dcc login' or set RB_ACCESS_ID.")
        if not access_key or not isinstance(access_key, str):
            raise AuthError("no access key given", hint="Run 'rb-dcc login' or set RB_ACCESS_KEY.")
        if protocol not in ("http", "https"):
            raise ValueError("protocol must be 'http' or 'https', not %r" % (protocol,))
        domain = str(domain).strip()
        if "://" in domain:
            raise ValueError("domain %r must be a host name (with an optional :port), without a scheme" % domain)
        self.access_id = access_id
        self._key = _Secret(access_key)
        self.domain = domain.rstrip("/")
        self.platform = str(platform)
        self.protocol = protocol
        self.timeout = timeout if isinstance(timeout, tuple) else (float(timeout), float(timeout))
        self.retries = max(1, int(retries))
        self.backoff = float(backoff)
        self.backoff_max = float(backoff_max)
        # One language rule: Chinese messages for the renderbus.com service, English elsewhere.
        self.language = language if language is not None else ("0" if "renderbus" in self.domain.lower() else "1")
        self.page_workers = max(1, int(page_workers))
        self._base = "%s://%s" % (protocol, self.domain)
        if session is None:
            # Room for the panel's workers and concurrent page fetches without discarding connections.
            session = requests.Session()
            adapter = requests.adapters.HTTPAdapter(pool_connections=2, pool_maxsize=16, max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
        self._session = session
        _freeze_environment(self._session, self._base)
        self._plain_session: Optional[requests.Session] = None
        self._fixed_headers = {"accessId": self.access_id, "channel": CHANNEL, "platform": self.platform,
                               "version": SIGNATURE_VERSION}
        # Nonces are 6 digits (100000-999999). A random start and a counter make every nonce of
        # this client differ from the last 899,999, so two calls in one second never collide
        # (the service refuses a repeated (accessId, nonce, timestamp) as a replay).
        self._nonce = itertools.count(random.SystemRandom().randrange(_NONCE_SPAN))
        self._user_id: Optional[int] = None
        from .operators import Env, Query, Tag, Task as TaskOps, Transmit, User
        self.query = Query(self)
        self.user = User(self)
        self.task = TaskOps(self)
        self.env = Env(self)
        self.tag = Tag(self)
        self.transmit = Transmit(self)

    # --- plumbing -------------------------------------------------------------------------------

    def __repr__(self) -> str:
        return "RenderbusClient(access_id=%r, access_key='***', domain=%r, platform=%r, protocol=%r)" % (
            self.access_id, self.domain, self.platform, self.protocol)

    def __reduce__(self):
        raise TypeError("a RenderbusClient holds a secret and cannot be pickled; pass its profile name")

    def close(self) -> None:
        self._session.close()
        if self._plain_session is not None:
            self._plain_session.close()

    def __enter__(self) -> "RenderbusClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def session(self) -> requests.Session:
        return self._session

    def url(self, path: str) -> str:
        return self._base + path

    def signed_headers(self, path: str, body: Mapping[str, Any], method: str = "POST") -> Dict[str, str]:
        """Headers of a signed call: the signed set, ``signature``, then ``languageFlag`` (unsigned)."""
        headers = dict(self._fixed_headers)
        headers["UTCTimestamp"] = str(int(time.time()))
        headers["nonce"] = str(100000 + next(self._nonce) % _NONCE_SPAN)
        headers["signature"] = signing.sign(self.domain, path, headers, body, self._key.reveal(), method)
        if method == "POST":
            headers["Content-Type"] = "application/json"
        headers["languageFlag"] = self.language
        return headers

    def _sleep_before(self, attempt: int) -> None:
        delay = min(self.backoff_max, self.backoff * (2 ** (attempt - 1)))
        time.sleep(delay * (0.5 + random.random() / 2))

    def _send(self, endpoint: Endpoint, method: str, path: str, signed: Mapping[str, Any], *,
              data: Optional[bytes] = None, params: Optional[Mapping[str, Any]] = None,
              extra_headers: Optional[Mapping[str, str]] = None, stream: bool = False) -> requests.Response:
        """Send with the endpoint's retry policy; returns a response with a status below 500."""
        url = self._base + path
        attempt = 0
        while True:
            attempt += 1
            headers = self.signed_headers(path, signed, method)
            if extra_headers:
                headers.update(extra_headers)
            started = time.perf_counter()
            status = None  # HTTP status of a 5xx answer; None when no answer came
            try:
                resp = self._session.request(method, url, data=data, params=params, headers=headers,
                                             timeout=self.timeout, stream=stream)
            except requests.exceptions.RequestException as exc:
                failure = _describe(exc)
                # A call that creates or bills something is repeated only if it never left.
                retry = _never_sent(exc) or endpoint.safety != CREATES
            else:
                if resp.status_code < 500:
                    if _log.isEnabledFor(logging.DEBUG):
                        _log.debug("%s %s -> HTTP %d in %.1f ms (attempt %d)", method, path, resp.status_code,
                                   (time.perf_counter() - started) * 1000, attempt)
                    return resp
                status = resp.status_code
                failure = "the farm answered HTTP %d" % status
                retry = endpoint.safety != CREATES
                resp.close()
            if not (retry and attempt < self.retries):
                break
            _log.info("%s %s: %s; retrying (attempt %d of %d)", method, path, failure, attempt + 1, self.retries)
            self._sleep_before(attempt)
        if not retry:
            failure += ("; the request may have reached the farm, so it was not repeated: check the task "
                        "list before trying again")
        if attempt > 1:
            failure += " (after %d attempts)" % attempt
        _log.warning("%s %s failed: %s", method, path, failure)
        if status is not None:
            raise ServerBusyError(failure, code=status, endpoint=path)
        raise TransportError(failure, endpoint=path)

    def _unwrap(self, path: str, resp: requests.Response) -> Any:
        """The ``data`` of a JSON envelope, or the typed error it stands for."""
        status = resp.status_code
        try:
            envelope = json.loads(resp.content)
        except ValueError:
            envelope = None
        if not isinstance(envelope, dict) or "code" not in envelope:
            if status in (401, 403):
                raise AuthError("the farm refused the credentials (HTTP %d)" % status, code=status, endpoint=path)
            if status == 404:
                raise TransportError("the farm at %s does not know this call (HTTP 404)" % self.domain, code=404,
                                     endpoint=path, hint="Check the farm address (domain) of the profile.")
            kind = "an empty answer" if not resp.content else "an answer that is not a Renderbus reply"
            raise TransportError("the farm sent %s (HTTP %d)" % (kind, status), code=status, endpoint=path)
        code = envelope.get("code")
        if code != 200:
            raise error_for_envelope(code, str(envelope.get("message") or ""), path, envelope.get("requestId"))
        if status >= 300:
            raise TransportError("the farm answered HTTP %d" % status, code=status, endpoint=path,
                                 request_id=envelope.get("requestId"))
        return envelope.get("data")

    def call(self, endpoint: Endpoint, body: Optional[Mapping[str, Any]] = None, parse: Parser = None) -> Any:
        """POST ``body`` to ``endpoint`` and return its ``data`` (parsed with ``parse`` when given)."""
        clean = _clean(body or {}, endpoint.path)
        payload = json.dumps(clean).encode("ascii")
        resp = self._send(endpoint, "POST", endpoint.path, clean, data=payload)
        data = self._unwrap(endpoint.path, resp)
        if parse is None:
            return data
        try:
            return parse(data)
        except ValueError as exc:  # pydantic.ValidationError is a ValueError
            raise RenderbusError("the farm's answer has an unexpected shape (%s)" % str(exc).splitlines()[0],
                                 endpoint=endpoint.path,
                                 hint="The service may have changed; update rb_dcc.") from None

    def post(self, path: str, body: Optional[Mapping[str, Any]] = None, *, safety: str = READ,
             parse: Parser = None) -> Any:
        """A signed JSON call to any path (e.g. the local farm's transfer endpoints)."""
        return self.call(Endpoint(0, path, safety), body, parse)

    def request(self, method: str, path: str, *, params: Optional[Mapping[str, Any]] = None,
                data: Optional[bytes] = None, headers: Optional[Mapping[str, str]] = None,
                safety: str = READ, stream: bool = False) -> requests.Response:
        """A signed non-JSON call (GET/PUT of the local farm's transfer API).

        The query parameters are the signed "body"; the prefix is ``[GET]``/``[PUT]``. Returns the
        response (status below 500); an error envelope or an HTTP error raises the typed error.
        """
        method = method.upper()
        clean = {k: _clean(v, path) for k, v in (params or {}).items() if v is not None}
        signed = {k: str(v) for k, v in clean.items()}
        resp = self._send(Endpoint(0, path, safety, method), method, path, signed, data=data,
                          params=signed or None, extra_headers=headers, stream=stream)
        if resp.status_code >= 300:
            content = resp.content  # the (small) error body
            try:
                envelope = json.loads(content)
            except ValueError:
                envelope = None
            if isinstance(envelope, dict) and "code" in envelope:
                self._unwrap(path, resp)
            if resp.status_code == 404:
                raise NotFoundError("nothing at this path on the farm (HTTP 404)", code=404, endpoint=path)
            if resp.status_code in (401, 403):
                raise AuthError("the farm refused the credentials (HTTP %d)" % resp.status_code,
                                code=resp.status_code, endpoint=path)
            raise TransportError("the farm answered HTTP %d" % resp.status_code, code=resp.status_code,
                                 endpoint=path)
        return resp

    # --- helpers ----------------------------------------------------------------------------------

    def fetch_bytes(self, path_or_url: str) -> bytes:
        """Bytes of a thumbnail / progress image: a signed GET for a server path ("/..."), a plain
        GET for a full URL (no credentials are sent to other hosts)."""
        if path_or_url.startswith("/"):
            split = urlsplit(path_or_url)
            params = dict(parse_qsl(split.query, keep_blank_values=True))
            return self.request("GET", split.path, params=params).content
        if not path_or_url.startswith(("http://", "https://")):
            raise ValueError("fetch_bytes needs a server path starting with '/' or a full URL, not %r" % path_or_url)
        where = urlsplit(path_or_url).path or "/"
        attempt = 0
        while True:
            attempt += 1
            if self._plain_session is None:  # other hosts: the environment's proxy rules apply
                self._plain_session = requests.Session()
            try:
                resp = self._plain_session.get(path_or_url, timeout=self.timeout)
            except requests.exceptions.RequestException as exc:
                failure = _describe(exc)
            else:
                if resp.status_code < 500:
                    if resp.status_code == 404:
                        raise NotFoundError("the image is not there (HTTP 404)", code=404, endpoint=where)
                    if resp.status_code >= 300:
                        raise TransportError("the image server answered HTTP %d" % resp.status_code,
                                             code=resp.status_code, endpoint=where)
                    return resp.content
                failure = "the image server answered HTTP %d" % resp.status_code
            if attempt >= self.retries:
                raise TransportError(failure, endpoint=where)
            self._sleep_before(attempt)

    def _user_id_cached(self) -> Optional[int]:
        if self._user_id is None:
            self._user_id = self.user.query_user_profile().user_id
        return self._user_id

    def iter_tasks(self, page_size: int = 100, **filters: Any) -> Iterator[Task]:
        """Every task matching ``filters`` (the keyword names of ``query.get_task_list``), page by page."""
        filters.pop("page_num", None)
        page_num = 1
        seen = 0
        while True:
            page = self.query.get_task_list(page_num=page_num, page_size=page_size, **filters)
            for task in page.items:
                yield task
            seen += len(page.items)
            last = page.page_count if page.page_count else (
                math.ceil(page.total / page_size) if page.total else None)
            if not page.items or (last is not None and page_num >= last) or (page.total is not None and seen >= page.total):
                return
            page_num += 1

    def iter_frames(self, task_id: int, page_size: int = 100, search_keyword: Optional[str] = None) -> Iterator[Frame]:
        """Every frame of ``task_id`` in page order; once page 1 gives the total the other pages are
        fetched concurrently. Nothing is merged away: frame groups with the same index all come back."""
        first = self.query.task_frames(task_id, 1, page_size, search_keyword)
        for frame in first.items:
            yield frame
        if not first.items:
            return
        if first.page_count:
            last = first.page_count
        elif first.total:
            last = math.ceil(first.total / max(1, len(first.items)))
        else:
            last = None
        if last is None:  # no totals: walk until an empty page
            page_num = 2
            while True:
                page = self.query.task_frames(task_id, page_num, page_size, search_keyword)
                if not page.items:
                    return
                yield from page.items
                page_num += 1
        if last < 2:
            return
        pages = range(2, last + 1)
        workers = min(self.page_workers, len(pages))
        if workers == 1:
            for n in pages:
                yield from self.query.task_frames(task_id, n, page_size, search_keyword).items
            return
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rb-dcc-frames") as pool:
            futures = [pool.submit(self.query.task_frames, task_id, n, page_size, search_keyword) for n in pages]
            try:
                for fut in futures:
                    yield from fut.result().items
            finally:
                for fut in futures:
                    fut.cancel()

    def all_frames(self, task_id: int, page_size: int = 100) -> List[Frame]:
        return list(self.iter_frames(task_id, page_size=page_size))
