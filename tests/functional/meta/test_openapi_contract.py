"""The API contract is complete: every operation of the served OpenAPI document declares what it
answers (a JSON schema for every success status but 204), every operation that takes a body
declares its schema, and the document is what the SPA's types are generated from (docs/api.md).

`problems()` is the check; a test below proves it fails on a document with one schema removed.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

import app as _app  # noqa: F401  (registers every route before the document is built)
from chalicelib.core.http import ROUTE_DOCS, ResponseContractError, checking_responses, serialize
from chalicelib.meta.openapi import build, dump

# Actions whose path says everything: POST with no body. A new one must be added here on purpose;
# any other POST/PUT/PATCH must declare its body schema.
BODILESS = {
    ("/admin/webhook-events/{event_id}/replay", "post"),
    ("/auth/logout", "post"),  # the refresh token is the cookie
    ("/auth/refresh", "post"),
    ("/bookings/{booking_id}/approve", "post"),
    ("/bookings/{booking_id}/cancel", "post"),
    ("/bookings/{booking_id}/reject", "post"),
    ("/conversations/{peer_id}/block", "post"),
    ("/conversations/{peer_id}/read", "post"),
    ("/conversations/{peer_id}/unblock", "post"),
    ("/realtime/ticket", "post"),
    ("/realtime/ticket/anonymous", "post"),
    ("/requests/{request_id}/accept", "post"),
    ("/requests/{request_id}/accept-offer", "post"),
    ("/requests/{request_id}/decline-offer", "post"),
    ("/requests/{request_id}/withdraw", "post"),
    ("/rooms/{room_code}/end", "post"),
    ("/rooms/{room_code}/recording/ask", "post"),
    ("/rooms/{room_code}/recording/stop", "post"),
    ("/rooms/{room_code}/resources/{resource_id}/complete", "post"),
    ("/sessions/{session_id}/book", "post"),
    ("/sessions/{session_id}/end", "post"),
    ("/sessions/{session_id}/go-live", "post"),
}
WRITES = {"post", "put", "patch"}


def _schema_ok(schema: Any, components: dict[str, Any]) -> bool:
    if not isinstance(schema, dict) or not schema:
        return False
    ref = schema.get("$ref")
    if ref is not None:
        return ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in components
    return "type" in schema or "anyOf" in schema or "oneOf" in schema


def problems(doc: dict[str, Any]) -> list[str]:
    """Everything that makes `doc` an incomplete contract, one line each."""
    out: list[str] = []
    components = doc["components"]["schemas"]
    for path, item in doc["paths"].items():
        for method, op in item.items():
            where = f"{method.upper()} {path}"
            ok = {code: r for code, r in op["responses"].items() if code.startswith("2")}
            if not ok:
                out.append(f"{where}: no success response")
            for code, response in ok.items():
                if code == "204":
                    if "content" in response:
                        out.append(f"{where}: 204 with a body")
                    continue
                content = response.get("content") or {}
                if not content:
                    out.append(f"{where}: {code} has no response schema")
                for media, body in content.items():
                    if not _schema_ok(body.get("schema"), components):
                        out.append(f"{where}: {code} {media} has no usable schema")
            body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {})
            if method in WRITES and (path, method) not in BODILESS and not _schema_ok(body.get("schema"), components):
                out.append(f"{where}: takes a body but declares no request schema")
            if (path, method) in BODILESS and "requestBody" in op:
                out.append(f"{where}: listed as bodiless but declares a body (update BODILESS)")
    for name in components:
        if name.endswith(("-Input", "-Output")) or "__" in name:
            out.append(f"component {name}: one name must mean one shape (rename the model)")
    return out


DOC = build()


def test_the_served_document_is_a_complete_contract(api):
    status, served = api.call("GET", "/meta/openapi.json")
    assert status == 200
    assert served == DOC
    assert problems(served) == []


def test_every_operation_answers_with_a_schema():
    ops = [(p, m, op) for p, item in DOC["paths"].items() for m, op in item.items()]
    assert len(ops) == sum(len(d.methods) for d in ROUTE_DOCS)
    with_schema = [1 for _p, _m, op in ops
                   if any("content" in r for code, r in op["responses"].items() if code.startswith("2"))]
    no_content = [(p, m) for p, m, op in ops if set(op["responses"]) & {"204"}]
    assert len(with_schema) + len(no_content) == len(ops), no_content


def test_bodiless_list_names_real_operations():
    assert {(p, m) for p, m in BODILESS} <= {(p, m) for p, item in DOC["paths"].items() for m in item}


def test_the_check_fails_without_a_response_schema():
    broken = copy.deepcopy(DOC)
    op = broken["paths"]["/sessions/{session_id}"]["get"]
    del op["responses"]["200"]["content"]
    assert problems(broken) == ["GET /sessions/{session_id}: 200 has no response schema"]


def test_the_check_fails_without_a_request_schema():
    broken = copy.deepcopy(DOC)
    del broken["paths"]["/sessions"]["post"]["requestBody"]
    assert problems(broken) == ["POST /sessions: takes a body but declares no request schema"]


def test_answers_are_checked_against_their_schema_outside_lambda(monkeypatch):
    from chalicelib.meta.schemas import HealthOut, TaxonomyOut

    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    monkeypatch.delenv("PEERLEARN_CHECK_RESPONSES", raising=False)
    assert checking_responses()
    assert serialize(HealthOut(ok=True), HealthOut, check=True) == {"ok": True}
    with pytest.raises(ResponseContractError):  # a key the schema doesn't have
        serialize({"ok": True, "extra": 1}, HealthOut, check=True)
    with pytest.raises(ResponseContractError):  # another shape than the declared one
        serialize(HealthOut(ok=True), TaxonomyOut, check=True)
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "peerlearn-dev")
    assert not checking_responses()


def test_the_dump_is_deterministic():
    assert dump() == dump()
