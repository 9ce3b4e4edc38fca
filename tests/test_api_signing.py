"""Signing: the shared vectors byte for byte, and random bodies against the official SDK's own code."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rb_dcc.api.signing import flatten, sign, string_to_sign
from tests.fixtures.sdk import run_sdk


@pytest.fixture(scope="module")
def vectors(shared_dir):
    return json.loads((shared_dir / "docs" / "signing-vectors.json").read_text(encoding="utf-8"))


def test_there_are_fourteen_vectors(vectors):
    assert len(vectors) == 14


@pytest.mark.parametrize("index", range(14))
def test_vector_reproduces_byte_for_byte(vectors, index):
    v = vectors[index]
    text = string_to_sign(v["domain"], v["path"], v["headers"], v["body"], v.get("method", "POST"))
    assert text == v["string_to_sign"], v["name"]
    assert sign(v["domain"], v["path"], v["headers"], v["body"], v["access_key"]) == v["signature"]


def test_flatten_rules():
    assert flatten({"a": {"b": [1, {"c": 2}]}, "e": [], "f": {}, "m": [[1], [2, 3]]}) == {
        "a.b0": 1, "a.b1.c": 2, "m00": 1, "m10": 2, "m11": 3}


def test_signature_and_content_type_are_never_signed():
    headers = {"accessId": "A", "Content-Type": "application/json", "languageFlag": "0"}
    assert string_to_sign("d", "/p", headers, {}) == "[POST]d:/p&accessId=A"


def test_other_methods_change_the_prefix():
    assert string_to_sign("h:1", "/transfer/upload", {"a": "1"}, {"offset": 0}, "put") == \
        "[PUT]h:1:/transfer/upload&a=1&offset=0"


# Random JSON bodies: str/int scalars (what rb_dcc sends) and also floats, booleans and null (what
# other clients may send, rendered with Python str() by the service), lists, nested dicts, any text.
_keys = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8)
_scalars = st.one_of(st.integers(-10**12, 10**12), st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
                     st.booleans(), st.none(), st.floats(allow_nan=False, allow_infinity=False))
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(_keys, inner, max_size=4)), max_leaves=8)
_bodies = st.dictionaries(_keys, _values, max_size=6)

_SDK_SCRIPT = r"""
import json
from rayvision_api import signature
cases = json.load(open(CASES_PATH, encoding="utf-8"))
out = []
for c in cases:
    headers = dict(c["headers"], signature="", **{"Content-Type": "application/json"})
    text = signature.generate_headers_body_str(c["domain"], c["path"], headers, c["body"])
    out.append([text, signature.generate_signature(c["key"], text).decode("ascii")])
print(json.dumps(out))
"""


def test_random_bodies_match_the_official_sdk(sdk_python, tmp_path):
    cases = []

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(body=_bodies, nonce=st.integers(100000, 999998), port=st.sampled_from(["", ":8443"]))
    def collect(body, nonce, port):
        headers = {"accessId": "AKIDhyp", "channel": "4", "platform": "2", "UTCTimestamp": "1764000000",
                   "nonce": str(nonce), "version": "2.0.0"}
        cases.append({"domain": "task.renderbus.com" + port, "path": "/api/render/x", "headers": headers,
                      "body": body, "key": "sk_hyp_%d" % nonce})

    collect()
    assert len(cases) >= 100
    data = tmp_path / "cases.json"
    data.write_text(json.dumps(cases), encoding="utf-8")
    script = _SDK_SCRIPT.replace("CASES_PATH", repr(str(data)))
    expected = run_sdk(sdk_python, script)
    mismatches = []
    for case, (text, sig) in zip(cases, expected):
        ours = string_to_sign(case["domain"], case["path"], case["headers"], case["body"])
        if ours != text or sign(case["domain"], case["path"], case["headers"], case["body"], case["key"]) != sig:
            mismatches.append((case["body"], ours, text))
    assert not mismatches, mismatches[:3]
