"""OpenAPI 3.1 generated from the routes' pydantic schemas (served at /meta/openapi.json, read by the
fuzz and contract tests, and the source of the SPA's types: `python -m chalicelib.meta.openapi --dump`).

Request bodies are documented in pydantic's validation mode, answers in serialization mode (every
field that is always sent is required). All schemas are generated in one pass, so a name means one
shape; the output is deterministic (same code → byte-identical dump).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic.json_schema import JsonSchemaMode

from chalicelib.core.http import JSON_TYPES, ROUTE_DOCS
from chalicelib.core.lazy import resolve, schemas

ERROR = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["error", "message"], "additionalProperties": True,
    "properties": {
        "error": {"type": "string"}, "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
        "auth_flow": {"enum": ["learner_signup", "mentor_signup", "admin_login", "login"]},
        "redirect": {"type": "string"}, "retry_after": {"type": "integer"},
    },
}
ERROR_CODES = ("400", "401", "403", "404", "409", "413", "429")
REF_TEMPLATE = "#/components/schemas/{model}"

# Shapes that no route answers directly but the SPA shares with the API: the role profiles inside
# `MeOut.profile` and the WebSocket events (`docs/api.md`, Real time).
EXTRA_SCHEMAS: list[tuple[Any, JsonSchemaMode]] = [
    (schemas("chalicelib.accounts.schemas").LearnerProfile, "validation"),
    (schemas("chalicelib.accounts.schemas").MeMentorProfile, "validation"),
    (schemas("chalicelib.notifications.schemas").RealtimeEvent, "serialization"),
    (schemas("chalicelib.messages.schemas").DmEvent, "serialization"),
    (schemas("chalicelib.realtime.schemas").PresenceEvent, "serialization"),  # on public:live
    (schemas("chalicelib.live.schemas").LiveUpdateEvent, "serialization"),  # on public:live
    (schemas("chalicelib.live.schemas").MentorInEvent, "serialization"),  # pushed to confirmed learners
]


def _query_params(query: Any) -> list[dict[str, Any]]:
    query = resolve(query)
    props = query.model_json_schema()["properties"]
    out = []
    for name, field in query.model_fields.items():
        public = field.alias or name
        out.append({"name": public, "in": "query", "required": field.is_required(), "schema": props[public]})
    return out


def build() -> dict[str, Any]:
    from pydantic.json_schema import models_json_schema

    wanted: list[tuple[Any, JsonSchemaMode]] = []

    def want(ref: Any, mode: JsonSchemaMode) -> tuple[Any, JsonSchemaMode]:
        key = (resolve(ref), mode)
        if key not in wanted:
            wanted.append(key)
        return key

    for doc in ROUTE_DOCS:
        for ref, mode in ((doc.body, "validation"), (doc.body_doc, "validation"), (doc.response, "serialization")):
            if ref is not None:
                want(ref, mode)  # type: ignore[arg-type]  # the literals above
    for ref, mode in EXTRA_SCHEMAS:
        want(ref, mode)
    refs, defs = models_json_schema(wanted, ref_template=REF_TEMPLATE)
    components: dict[str, Any] = {"Error": ERROR_SCHEMA, **defs.get("$defs", {})}

    def schema_of(ref: Any, mode: JsonSchemaMode) -> dict[str, Any]:
        return dict(refs[(resolve(ref), mode)])

    paths: dict[str, Any] = {}
    for doc in ROUTE_DOCS:
        for method in doc.methods:
            paths.setdefault(doc.path, {})[method.lower()] = _operation(doc, schema_of)
    return {
        "openapi": "3.1.0",
        "info": {"title": "PeerLearn API", "version": "1.0.0"},
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {"schemas": dict(sorted(components.items())),
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
    }


def _operation(doc: Any, schema_of: Any) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": doc.summary, "x-access": doc.access.describe(), "responses": {}}
    params = [{"name": p.strip("{}"), "in": "path", "required": True, "schema": {"type": "string"}}
              for p in doc.path.split("/") if p.startswith("{")]
    if doc.query is not None:
        params += _query_params(doc.query)
    if params:
        op["parameters"] = params
    body = doc.body if doc.body is not None else doc.body_doc
    if body is not None:
        op["requestBody"] = {"required": True,
                             "content": {"application/json": {"schema": schema_of(body, "validation")}}}
    for status in (doc.status, *doc.also_status):
        op["responses"][str(status)] = _success(doc, status, schema_of)
    for code in ERROR_CODES:
        op["responses"][code] = {"description": "Error", "content": {"application/json": {"schema": ERROR}}}
    if not doc.access.public:
        op["security"] = [{"bearer": []}]
    return op


def _success(doc: Any, code: int, schema_of: Any) -> dict[str, Any]:
    if code == 204:
        return {"description": "No Content"}
    if doc.produces not in JSON_TYPES:
        return {"description": "OK", "content": {doc.produces: {"schema": {"type": "string"}}}}
    out: dict[str, Any] = {"description": "Created" if code == 201 else "OK"}
    if doc.response is not None:
        out["content"] = {"application/json": {"schema": schema_of(doc.response, "serialization")}}
    return out


def dump() -> str:
    """The document as stable text: sorted keys, two-space indent, one trailing newline."""
    import app  # noqa: F401  (registers every route)

    return json.dumps(build(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write this API's OpenAPI document (no server is started).")
    parser.add_argument("--dump", metavar="PATH", nargs="?", const="-", required=True,
                        help="where to write the JSON ('-' or nothing: stdout)")
    args = parser.parse_args(argv)
    text = dump()
    if args.dump == "-":
        sys.stdout.write(text)
    else:
        Path(args.dump).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
