"""OpenAPI 3.1 generated from the routes' pydantic schemas (used by docs and the fuzz tests)."""

from __future__ import annotations

from typing import Any

from chalicelib.core.http import ROUTE_DOCS
from chalicelib.core.lazy import resolve

ERROR = {"$ref": "#/components/schemas/Error"}


def build() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    components: dict[str, Any] = {
        "Error": {"type": "object", "required": ["error", "message"],
                  "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                                 "fields": {"type": "object", "additionalProperties": {"type": "string"}}}},
    }

    def ref(model: Any) -> dict[str, Any]:
        model = resolve(model)
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, sub in schema.pop("$defs", {}).items():
            components[name] = sub
        components[model.__name__] = schema
        return {"$ref": f"#/components/schemas/{model.__name__}"}

    for doc in ROUTE_DOCS:
        for method in doc.methods:
            op: dict[str, Any] = {"summary": doc.summary, "x-access": doc.access.describe(), "responses": {}}
            params = [{"name": p.strip("{}"), "in": "path", "required": True, "schema": {"type": "string"}}
                      for p in doc.path.split("/") if p.startswith("{")]
            if doc.query is not None:
                query = resolve(doc.query)
                props = query.model_json_schema()["properties"]
                for name, field in query.model_fields.items():
                    public = field.alias or name
                    params.append({"name": public, "in": "query", "required": field.is_required(),
                                   "schema": props[public]})
            if params:
                op["parameters"] = params
            if doc.body is not None:
                op["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(doc.body)}}}
            ok: dict[str, Any] = {"description": "OK"}
            if doc.response is not None:
                ok["content"] = {"application/json": {"schema": ref(doc.response)}}
            op["responses"][str(doc.status)] = ok
            for code in ("400", "401", "403", "404", "409", "413", "429"):
                op["responses"][code] = {"description": "Error", "content": {"application/json": {"schema": ERROR}}}
            if not doc.access.public:
                op["security"] = [{"bearer": []}]
            paths.setdefault(doc.path, {})[method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "PeerLearn API", "version": "1.0.0"},
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {"schemas": components,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
    }
