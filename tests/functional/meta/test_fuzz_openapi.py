"""No input makes any route answer 5xx: every operation of the generated OpenAPI 3.1 document is
fuzzed with schema-shaped bodies (hypothesis-jsonschema) and with arbitrary JSON / bytes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import app as _app  # noqa: F401  (registers every route before the document is built)
from chalicelib.meta.openapi import build

DOC = build()
OPS = [(path, method, op) for path, item in DOC["paths"].items() for method, op in item.items()]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values shaped like the schema (right keys, mostly right types), plus near-misses."""
    if "anyOf" in schema:
        return st.one_of([from_schema(s) for s in schema["anyOf"]])
    if "enum" in schema or "const" in schema:
        return st.sampled_from(schema.get("enum") or [schema["const"]])
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        fields = {k: from_schema(v) for k, v in props.items()}
        base = st.fixed_dictionaries({}, optional=fields) if fields else st.dictionaries(st.text(max_size=8), json_values, max_size=3)
        return base.flatmap(lambda d: st.just(d) | st.builds(lambda extra: {**d, **extra},
                                                              st.dictionaries(st.text(max_size=6), json_values, max_size=2)))
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {})), max_size=5)
    if kind == "string":
        pattern = schema.get("pattern")
        if pattern:
            return st.from_regex(pattern, fullmatch=True) | st.text(max_size=20)
        return st.text(max_size=int(schema.get("maxLength", 40)) + 5)
    if kind == "integer":
        return st.integers(min_value=-(2**40), max_value=2**40)
    if kind == "boolean":
        return st.booleans()
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False)
    return json_values


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Inline `#/components/schemas/...` refs so hypothesis-jsonschema sees one document."""
    comps = DOC["components"]["schemas"]

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(comps[node["$ref"].rsplit("/", 1)[1]])
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def test_openapi_document_is_served_and_complete(api):
    status, doc = api.call("GET", "/meta/openapi.json")
    assert status == 200 and doc["openapi"] == "3.1.0"
    from app import app

    served = {(p, m.lower()) for p, ms in app.routes.items() for m in ms}
    assert served == {(p, m) for p, m, _ in OPS}


@pytest.fixture
def token(make_user):
    return make_user("mentor")["access_token"]


def _fill_path(path: str, value: str) -> str:
    out = []
    for part in path.split("/"):
        out.append(value if part.startswith("{") else part)
    return "/".join(out)


@pytest.mark.parametrize(("path", "method", "op"), OPS, ids=[f"{m.upper()} {p}" for p, m, _ in OPS])
def test_no_route_answers_5xx(api, token, path, method, op):
    body_schema = None
    if "requestBody" in op:
        body_schema = _resolve(op["requestBody"]["content"]["application/json"]["schema"])
    bodies = from_schema(body_schema) if body_schema else st.none()
    raw_bodies = st.one_of(
        bodies.map(lambda b: None if b is None else json.dumps(b).encode()),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=64),
    )

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(raw=raw_bodies, authed=st.booleans(), segment=st.text(min_size=1, max_size=12).filter(lambda s: "/" not in s),
           query=st.dictionaries(st.sampled_from(["limit", "cursor", "x"]), st.text(max_size=12), max_size=2))
    def run(raw: bytes | None, authed: bool, segment: str, query: dict[str, str]) -> None:
        from urllib.parse import quote, urlencode

        url = _fill_path(path, quote(segment, safe=""))
        if query:
            url += "?" + urlencode(query)
        status, data = api.call(method.upper(), url, token=token if authed else None, raw=raw or b"")
        assert status < 500, (method, url, raw, data)
        if status >= 400 and data is not None:
            assert data.get("message"), data

    run()
