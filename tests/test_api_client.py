"""The client core against loopback servers: retries, typed errors, secrets, pagination, fetch_bytes."""

from __future__ import annotations

import logging
import pickle
import socket
import threading
import time

import pytest

from rb_dcc.api import AuthError, NotFoundError, RenderbusClient, RenderbusError, TransportError
from rb_dcc.api.endpoints import EP
from rb_dcc.api.errors import ServerBusyError
from rb_dcc.api.models import Frame, Task, UserProfile
from tests.fixtures.recording_server import ACCESS_ID, ACCESS_KEY, Raw, RecordingServer, envelope

PROFILE = EP.query_user_profile.path
CREATE = EP.create_task.path


@pytest.fixture
def profile_route(recording_server):
    recording_server.routes[PROFILE] = {"userId": 10001136, "userName": "rayvision"}
    recording_server.routes[CREATE] = {"taskIdList": [19097], "aliasTaskIdList": ["2W19097"], "userId": 1}
    return recording_server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- retries ----------------------------------------------------------------------------------

def test_read_is_retried_after_dropped_connections(profile_route, rec_client):
    profile_route.drop_next(2)
    profile = rec_client.user.query_user_profile()
    assert isinstance(profile, UserProfile) and profile.user_id == 10001136
    assert len(profile_route.calls(PROFILE)) == 3


def test_read_is_retried_after_5xx_then_gives_up(profile_route, rec_client):
    profile_route.fail_next(2, 502)
    assert rec_client.user.query_user_profile().user_name == "rayvision"
    assert len(profile_route.calls(PROFILE)) == 3
    profile_route.clear()
    profile_route.fail_next(10, 503)
    with pytest.raises(ServerBusyError) as info:
        rec_client.user.query_user_profile()
    assert len(profile_route.calls(PROFILE)) == 3  # bounded: retries=3 attempts in all
    assert info.value.endpoint == PROFILE and "503" in str(info.value) and "after 3 attempts" in str(info.value)


def test_each_attempt_is_signed_afresh(profile_route, rec_client):
    profile_route.fail_next(1, 500)
    rec_client.user.query_user_profile()
    first, second = profile_route.calls(PROFILE)
    assert first.signature_ok and second.signature_ok
    assert first.headers["signature"] != second.headers["signature"] or first.headers["nonce"] == second.headers["nonce"]


def test_create_task_is_never_retried_after_the_request_was_sent(profile_route, rec_client):
    profile_route.drop_next(1)
    with pytest.raises(TransportError) as info:
        rec_client.task.create_task(count=1)
    assert len(profile_route.calls(CREATE)) == 1
    assert "check the task list" in str(info.value)
    profile_route.clear()
    profile_route.fail_next(1, 502)
    with pytest.raises(ServerBusyError):
        rec_client.task.create_task(count=1)
    assert len(profile_route.calls(CREATE)) == 1


def test_create_task_is_not_retried_after_a_read_timeout(profile_route):
    profile_route.delay = 0.6
    client = RenderbusClient(ACCESS_ID, ACCESS_KEY, domain=profile_route.domain, protocol="http",
                             timeout=(2, 0.2), retries=4, backoff=0.01)
    with pytest.raises(TransportError) as info:
        client.task.create_task()
    assert "did not answer in time" in str(info.value)
    time.sleep(0.1)
    assert len(profile_route.calls(CREATE)) == 1
    with pytest.raises(TransportError):
        client.user.query_user_profile()  # a read: retried on timeouts
    time.sleep(0.7)
    assert len(profile_route.calls(PROFILE)) == 4


def test_create_task_is_retried_when_the_connection_was_refused_before_sending():
    port = _free_port()
    started = []

    def start_later():
        time.sleep(0.15)
        srv = RecordingServer(port=port).start()
        srv.routes[CREATE] = {"taskIdList": [7], "aliasTaskIdList": ["2W7"], "userId": 1}
        started.append(srv)

    t = threading.Thread(target=start_later)
    t.start()
    client = RenderbusClient(ACCESS_ID, ACCESS_KEY, domain="127.0.0.1:%d" % port, protocol="http",
                             timeout=(1, 2), retries=8, backoff=0.05, backoff_max=0.2)
    try:
        result = client.task.create_task()
        assert result.task_id == 7
        assert len(started[0].calls(CREATE)) == 1
    finally:
        t.join()
        for srv in started:
            srv.stop()


def test_business_errors_are_not_retried(profile_route, rec_client):
    profile_route.routes[PROFILE] = envelope(None, code=600, message="参数错误")
    with pytest.raises(RenderbusError) as info:
        rec_client.user.query_user_profile()
    assert len(profile_route.calls(PROFILE)) == 1
    err = info.value
    assert err.code == 600 and err.endpoint == PROFILE and err.request_id
    assert type(err) is RenderbusError


# --- typed errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("code,message,kind", [
    (100001, "signature invalid", AuthError),
    (700, "AccessId not exist", AuthError),
    (40404, "task not found", NotFoundError),
    (60001, "任务不存在", NotFoundError),
])
def test_envelope_codes_map_to_typed_errors(profile_route, rec_client, code, message, kind):
    profile_route.routes[PROFILE] = envelope(None, code=code, message=message, request_id="rid-9")
    with pytest.raises(kind) as info:
        rec_client.user.query_user_profile()
    text = str(info.value)
    assert PROFILE in text and message in text and "rid-9" in text and info.value.hint in text


def test_non_json_and_unknown_paths_are_transport_errors(profile_route, rec_client):
    profile_route.routes[PROFILE] = Raw(b"<html>maintenance</html>", 200)
    with pytest.raises(TransportError, match="not a Renderbus reply"):
        rec_client.user.query_user_profile()
    with pytest.raises(TransportError, match="does not know this call"):
        rec_client.query.all_frame_status()  # no route: HTML 404
    profile_route.routes[PROFILE] = Raw(b"", 403)
    with pytest.raises(AuthError):
        rec_client.user.query_user_profile()


def test_unexpected_answer_shape_is_a_clear_error(profile_route, rec_client):
    profile_route.routes[PROFILE] = ["not", "an", "object"]
    with pytest.raises(RenderbusError, match="unexpected shape"):
        rec_client.user.query_user_profile()


def test_errors_pickle(profile_route):
    err = NotFoundError("task 5 not found", code=404, endpoint="/x", request_id="r")
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is NotFoundError and str(again) == str(err)


def test_missing_credentials_are_refused():
    with pytest.raises(AuthError, match="rb-dcc login"):
        RenderbusClient("id", "")
    with pytest.raises(AuthError):
        RenderbusClient("", "key")
    with pytest.raises(ValueError, match="without a scheme"):
        RenderbusClient("id", "key", domain="https://task.renderbus.com")


# --- bodies and headers --------------------------------------------------------------------------

def test_bodies_hold_only_str_int_list_dict(profile_route, rec_client):
    profile_route.routes["/x"] = None
    rec_client.post("/x", {"a": True, "b": None, "c": 2.0, "d": ("x", 1), "e": {"f": False}})
    body = profile_route.calls("/x")[0].body
    assert body == {"a": 1, "c": 2, "d": ["x", 1], "e": {"f": 0}}
    with pytest.raises(TypeError, match=r"/x\.ratio"):
        rec_client.post("/x", {"ratio": 0.5})


def test_language_flag_and_domain_rules(recording_server):
    assert RenderbusClient("a", "k").language == "0"
    assert RenderbusClient("a", "k", domain="task.foxrenderfarm.com").language == "1"


def test_timeouts_are_connect_read_pairs():
    assert RenderbusClient("a", "k", timeout=7).timeout == (7.0, 7.0)
    assert RenderbusClient("a", "k").timeout == (5, 60)


# --- secrets ---------------------------------------------------------------------------------------

def test_no_secret_in_logs_exceptions_or_reprs(profile_route, rec_client, caplog):
    caplog.set_level(logging.DEBUG)
    rec_client.user.query_user_profile()
    profile_route.drop_next(3)
    errors = []
    try:
        rec_client.user.query_user_profile()
    except RenderbusError as exc:
        errors.append(exc)
    profile_route.routes[PROFILE] = envelope(None, code=100001, message="signature invalid")
    try:
        rec_client.user.query_user_profile()
    except RenderbusError as exc:
        errors.append(exc)
    profile_route.routes[EP.get_raysync_user_key.path] = {"raySyncUserKey": "RAYSYNC-SECRET-KEY", "userKey": "UK-SECRET"}
    key = rec_client.query.get_raysync_user_key()
    assert len(errors) == 2
    secrets = [ACCESS_KEY, "RAYSYNC-SECRET-KEY", "UK-SECRET"] + [r.headers["signature"] for r in profile_route.requests]
    texts = [caplog.text, repr(rec_client), str(rec_client.__dict__), repr(key), repr(rec_client.query)]
    texts += [str(e) for e in errors] + [repr(e) for e in errors] + [repr(e.__context__) for e in errors]
    assert "/api/render/setUp/queryUserProfile" in caplog.text  # logging did happen
    for text in texts:
        for secret in secrets:
            assert secret not in text
    with pytest.raises(TypeError):
        pickle.dumps(rec_client)


# --- pagination --------------------------------------------------------------------------------------

def _frame_pages(total: int, inflight: list):
    lock = threading.Lock()
    state = {"now": 0}

    def route(rec):
        with lock:
            state["now"] += 1
            inflight.append(state["now"])
        time.sleep(0.03)
        with lock:
            state["now"] -= 1
        n, size = rec.body["pageNum"], rec.body["pageSize"]
        start = (n - 1) * size
        items = [{"id": i, "frameIndex": str(i // 2), "frameStatus": 4, "taskId": rec.body["taskId"]}
                 for i in range(start, min(total, start + size))]
        return {"pageCount": -(-total // size), "pageNum": n, "total": total, "size": size, "items": items}
    return route


def test_iter_frames_fetches_pages_concurrently_and_keeps_every_frame(recording_server, rec_client):
    inflight: list = []
    recording_server.routes[EP.query_task_frames.path] = _frame_pages(950, inflight)
    frames = list(rec_client.iter_frames(77))
    assert [f.id for f in frames] == list(range(950))  # in order, duplicates of frameIndex kept
    assert all(isinstance(f, Frame) for f in frames)
    assert len(recording_server.calls(EP.query_task_frames.path)) == 10
    assert max(inflight) >= 2
    assert len(rec_client.query.get_all_frames(77)) == 475  # the SDK's shape: keyed by frameIndex


def test_iter_frames_single_and_empty_pages(recording_server, rec_client):
    recording_server.routes[EP.query_task_frames.path] = _frame_pages(0, [])
    assert list(rec_client.iter_frames(1)) == []
    recording_server.routes[EP.query_task_frames.path] = _frame_pages(3, [])
    assert len(list(rec_client.iter_frames(1))) == 3


def test_iter_tasks_walks_every_page_with_the_filters(recording_server, rec_client):
    def route(rec):
        n, size = rec.body["pageNum"], rec.body["pageSize"]
        items = [{"id": i, "taskStatus": 25} for i in range((n - 1) * size, min(23, n * size))]
        return {"pageCount": 3, "pageNum": n, "total": 23, "size": size, "items": items}
    recording_server.routes[EP.get_task_list.path] = route
    tasks = list(rec_client.iter_tasks(page_size=10, status_list=[25], search_keyword="shot"))
    assert [t.id for t in tasks] == list(range(23)) and all(isinstance(t, Task) for t in tasks)
    calls = recording_server.calls(EP.get_task_list.path)
    assert [c.body["pageNum"] for c in calls] == [1, 2, 3]
    assert all(c.body["statusList"] == [25] and c.body["searchKeyword"] == "shot" for c in calls)


# --- fetch_bytes ---------------------------------------------------------------------------------------

def test_fetch_bytes_signed_get_for_server_paths_plain_get_for_urls(recording_server, rec_client):
    png = b"\x89PNG\r\n\x1a\nimage-bytes"
    path = "/mnt/output/small_pic/13652193/frame[-]0001[-]exr.jpg"
    recording_server.routes[path] = Raw(png, 200, "image/jpeg")
    assert rec_client.fetch_bytes(path) == png
    rec = recording_server.requests[-1]
    assert rec.method == "GET" and rec.signature_ok and "languageFlag" in rec.headers
    assert rec_client.fetch_bytes(recording_server.url + path) == png
    plain = recording_server.requests[-1]
    assert "accessId" not in plain.headers and "signature" not in plain.headers
    with pytest.raises(NotFoundError):
        rec_client.fetch_bytes(recording_server.url + "/missing.jpg")
    with pytest.raises((NotFoundError, TransportError)):
        rec_client.fetch_bytes("/missing.jpg")
    with pytest.raises(ValueError):
        rec_client.fetch_bytes("relative.jpg")


def test_query_parameters_are_signed_for_get_and_put(recording_server, rec_client):
    recording_server.routes["/transfer/upload"] = {"received": 3, "complete": True}
    resp = rec_client.request("PUT", "/transfer/upload", params={"storage": "input", "path": "/D/x.png", "offset": 0},
                              data=b"abc", headers={"Content-Type": "application/octet-stream"}, safety="I")
    rec = recording_server.requests[-1]
    assert rec.method == "PUT" and rec.signature_ok and rec.query["path"] == "/D/x.png" and rec.raw == b"abc"
    assert resp.json()["data"]["complete"] is True


def test_nonces_of_one_client_never_repeat_in_a_burst():
    """The service refuses a repeated (accessId, nonce, timestamp): a burst in one second must not collide."""
    from rb_dcc.api import RenderbusClient

    client = RenderbusClient("AKIDtest", "secret", domain="127.0.0.1:9", protocol="http")
    nonces = [client.signed_headers("/api/render/setUp/queryUserProfile", {})["nonce"] for _ in range(5000)]
    assert len(set(nonces)) == len(nonces)
    assert all(len(n) == 6 and 100000 <= int(n) <= 999999 for n in nonces)


def test_body_values_are_checked_and_the_bad_one_is_named():
    from rb_dcc.api.client import _clean

    assert _clean({"a": [1, True, {"b": "x", "n": None}], "f": 2.0}, "/p") == {"a": [1, 1, {"b": "x"}], "f": 2}
    with pytest.raises(TypeError, match=r"^/p\.a\[1\]\.b: float values cannot be sent"):
        _clean({"a": [1, {"b": 2.5}]}, "/p")
