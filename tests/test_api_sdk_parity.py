"""Wire parity with the official SDK: the doc's request examples, run by the SDK (in its venv) and by
our client against the same recording server, put the same path and body on the wire, except where
we fix a documented SDK defect."""

from __future__ import annotations

import ast
import json
from typing import Any, Dict, List

import pytest

from tests.fixtures.recording_server import ACCESS_ID, ACCESS_KEY
from tests.fixtures.sdk import run_sdk
from tests.test_api_doc_examples import install_doc_routes, parse_doc

MARK = "/__mark__/"

# Where we differ from the SDK on purpose (protocol doc §i).
DELIBERATE = {
    30: "cgId sent as an integer (the SDK sends the string '2000')",
    35: "cgId sent as an integer (D13: the SDK sends a string that its own schema rejects)",
    39: "zone by the same rule as queryPlatforms (D11: the SDK inverts it here)",
}

_SCRIPT = r"""
import json, sys, tempfile, traceback
import requests
from rayvision_api.connect import Connect
Connect.post = Connect.post.__wrapped__  # one attempt: its blanket 5x retry would only slow this down
from rayvision_api import RayvisionAPI
cfg = json.load(open(CFG, encoding="utf-8"))
api = RayvisionAPI(access_id=cfg["id"], access_key=cfg["key"], domain=cfg["domain"], platform="2",
                   protocol="http", log_folder=tempfile.mkdtemp(prefix="rb-sdk-"), log_level="WARNING")
out = {}
for number, code in cfg["examples"]:
    requests.post("http://%s%s%d" % (cfg["domain"], cfg["mark"], number), data=b"{}")
    ns = {"api": api, "create_task_id": [19097]}
    try:
        exec(code, ns)
        out[number] = "ok"
    except Exception as exc:
        out[number] = "%s: %s" % (type(exc).__name__, str(exc)[:200])
print(json.dumps(out))
"""


def _split_by_marks(requests_: List[Any]) -> Dict[int, List[Any]]:
    out: Dict[int, List[Any]] = {}
    current = None
    for rec in requests_:
        if rec.path.startswith(MARK):
            current = int(rec.path[len(MARK):])
            out[current] = []
        elif current is not None:
            out[current].append(rec)
    return out


@pytest.mark.sdk
def test_sdk_and_rb_dcc_send_the_same_requests(sdk_python, seed_doc, recording_server, rec_client, tmp_path):
    doc = parse_doc(seed_doc)
    install_doc_routes(recording_server, doc)
    examples = [(n, doc[n].request) for n in range(1, 51)]
    cfg = tmp_path / "cfg.json"
    cfg.write_text(json.dumps({"id": ACCESS_ID, "key": ACCESS_KEY, "domain": recording_server.domain, "mark": MARK,
                               "examples": examples}), encoding="utf-8")
    sdk_status = run_sdk(sdk_python, _SCRIPT.replace("CFG", repr(str(cfg))), timeout=300)
    sdk_requests = _split_by_marks(recording_server.requests)

    recording_server.clear()
    for number, code in examples:
        recording_server.routes.setdefault(MARK + str(number), None)
        rec_client.post(MARK + str(number))
        tree = ast.parse(code)
        exec(compile(tree, "<doc §%d>" % number, "exec"), {"api": rec_client, "create_task_id": [19097]})  # noqa: S102
    ours = _split_by_marks(recording_server.requests)

    ran = [n for n, status in sdk_status.items() if status == "ok"]
    assert len(ran) >= 40, sdk_status  # the SDK runs 44 of the 50 as written
    compared = 0
    for key in ran:
        number = int(key)
        theirs = sdk_requests.get(number, [])
        mine = ours[number]
        assert len(mine) >= 1 and all(r.signature_ok for r in mine + theirs)
        if not theirs or number in (15, 20):  # composites: page walks differ by design (D17)
            continue
        a, b = theirs[-1], mine[-1]
        assert a.path == b.path, "§%d path" % number
        if number in DELIBERATE:
            assert set(a.body) == set(b.body), "§%d keys" % number
        else:
            assert a.body == b.body, "§%d body: SDK %r, rb_dcc %r" % (number, a.body, b.body)
        signed = {"accessId", "channel", "platform", "UTCTimestamp", "nonce", "version", "signature",
                  "Content-Type", "languageFlag"}
        assert signed <= set(a.headers) and signed <= set(b.headers)
        assert a.headers["languageFlag"] == b.headers["languageFlag"]
        compared += 1
    assert compared >= 38
    failed = {n: s for n, s in sdk_status.items() if s != "ok"}
    print("SDK could not run: %s" % json.dumps(failed, ensure_ascii=False, indent=1))
