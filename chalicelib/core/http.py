"""The route boundary: parse → authorize → call the service → shape the response.

Every route is declared with `api_route`, which carries its access rule (checked here, and
walked by a test so a route without a rule fails), its input schema (pydantic, strict, no extra
fields) and its output. All errors become JSON here, in one place; nothing escapes as a 500
except a genuine bug, which is logged and answered with a generic message.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chalice.app import Blueprint, Response
from pydantic_core import ValidationError

from chalicelib.core.access import DASHBOARD, Access
from chalicelib.core.errors import AccessDenied, AuthRequired, BadRequest, DomainError, PayloadTooLarge
from chalicelib.core.jwt_tokens import Principal, decode_access_token
from chalicelib.core.lazy import resolve
from chalicelib.core.logging import logger

SchemaRef = Any  # a pydantic model class or a chalicelib.core.lazy.LazySchema

MAX_BODY_BYTES = 64 * 1024
JSON_TYPES = ["application/json"]


@dataclass
class RouteDoc:
    path: str
    methods: list[str]
    access: Access
    body: SchemaRef | None
    response: SchemaRef | None
    status: int
    summary: str
    query: SchemaRef | None = None
    also_status: tuple[int, ...] = ()
    produces: str = "application/json"
    body_doc: SchemaRef | None = None  # documented, not parsed: the route reads ctx.raw_body itself


ROUTE_DOCS: list[RouteDoc] = []


@dataclass
class Ctx:
    """What a route function gets besides its path parameters."""

    principal: Principal | None
    query: dict[str, str]
    headers: dict[str, str]
    raw_body: bytes
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def user(self) -> Principal:
        if self.principal is None:  # only reachable on a misdeclared public route
            raise AuthRequired()
        return self.principal


@dataclass(frozen=True)
class WithStatus:
    """A route's answer with another of its declared statuses (`also_status`), e.g. 200 for a reused order."""

    result: Any
    status: int


class ResponseContractError(RuntimeError):
    """An answer that does not match the response schema its route declares (a bug, never input)."""


def checking_responses() -> bool:
    """Check every answer against its schema: on by default everywhere but Lambda (tests, the local stack)."""
    default = "0" if os.environ.get("AWS_LAMBDA_FUNCTION_NAME") else "1"
    return os.environ.get("PEERLEARN_CHECK_RESPONSES", default) == "1"


def _is_output_error(exc: ValidationError) -> bool:
    """A ValidationError raised while building a response shape (`chalicelib.core.schemas.Out`)."""
    from chalicelib.core.schemas import output_titles

    return exc.title in output_titles()


def serialize(result: Any, schema: Any, *, check: bool) -> Any:
    """The JSON-able body for `result`; with `check`, proven to match `schema` (extra keys, types, enums)."""
    dumped = result.model_dump(mode="json") if hasattr(result, "model_dump") else result
    if check and schema is not None:
        try:
            schema.model_validate_json(json.dumps(dumped))
        except ValidationError as exc:
            raise ResponseContractError(f"answer does not match {schema.__name__}: {exc}") from None
        if hasattr(result, "model_dump") and not _is_instance_of_schema(result, schema):
            raise ResponseContractError(f"answer is a {type(result).__name__}, not the declared {schema.__name__}")
    return dumped


def _is_instance_of_schema(result: Any, schema: Any) -> bool:
    if isinstance(result, schema):
        return True
    root = getattr(schema, "model_fields", {}).get("root")  # a RootModel union: one of its members
    if root is None:
        return False
    try:
        schema.model_validate(result)
    except ValidationError:
        return False
    return True


def field_errors(exc: ValidationError) -> dict[str, str]:
    out: dict[str, str] = {}
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"] if p != "__root__") or "body"
        msg = err["msg"]
        if err["type"] == "missing":
            msg = "This field is required."
        elif err["type"] == "extra_forbidden":
            msg = "This field is not allowed."
        elif msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        out.setdefault(loc, msg)
    return out


def json_response(body: Any, status: int = 200, headers: Mapping[str, str | list[str]] | None = None) -> Response:
    """A list value (e.g. `Set-Cookie`) goes out as API Gateway `multiValueHeaders`, one line each."""
    base: dict[str, str | list[str]] = {"Content-Type": "application/json", "Cache-Control": "no-store"}
    if headers:
        base.update(headers)
    if status == 204:
        base.pop("Content-Type")
        return Response(body="", status_code=204, headers=base)
    return Response(body=json.dumps(body, separators=(",", ":"), default=str), status_code=status, headers=base)


def error_response(err: DomainError) -> Response:
    headers = {}
    retry_after = err.extra.get("retry_after")
    if retry_after is not None:
        headers["Retry-After"] = str(int(retry_after))
    return json_response(err.body(), err.status, headers)


def parse_body(raw: bytes, schema: Any) -> Any:
    if len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge()
    if not raw.strip():
        raise BadRequest("A JSON body is required.", code="bad_json")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("The request body is not valid JSON.", code="bad_json") from None
    if not isinstance(data, dict):
        raise BadRequest("The request body must be a JSON object.", code="bad_json")
    return schema.model_validate_json(raw)


def authenticate(headers: dict[str, str], access: Access) -> Principal | None:
    header = headers.get("authorization", "")
    if not header:
        if access.public:
            return None
        raise AuthRequired(auth_flow=access.auth_flow)
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthRequired("Use an 'Authorization: Bearer <token>' header.", auth_flow=access.auth_flow)
    principal = decode_access_token(token.strip(), access.auth_flow)
    if access.roles is not None and principal.role not in access.roles:
        raise AccessDenied(redirect=DASHBOARD[principal.role])
    return principal


def api_route(
    bp: Blueprint,
    path: str,
    *,
    methods: list[str] | None = None,
    access: Access,
    body: SchemaRef | None = None,
    query: SchemaRef | None = None,
    response: SchemaRef | None = None,
    status: int = 200,
    also_status: tuple[int, ...] = (),
    cache: str | None = None,
    content_types: list[str] | None = None,
    produces: str = "application/json",
    body_doc: SchemaRef | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`response` is the schema of the answer (required but for 204 and non-JSON answers, see
    tests/functional/meta/test_openapi_contract.py); `also_status` lists other success statuses a
    route answers through `WithStatus`; `body_doc` documents a body the route reads raw."""
    methods = methods or ["GET"]

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        ROUTE_DOCS.append(RouteDoc(path, methods, access, body, response, status,
                                   (fn.__doc__ or fn.__name__).strip().splitlines()[0], query,
                                   also_status, produces, body_doc))

        @functools.wraps(fn)
        def view(**params: Any) -> Response:
            request = bp.current_request
            try:
                headers = {k.lower(): v for k, v in (request.headers or {}).items()}
                raw_body = request.raw_body or b""
                raw = raw_body.encode() if isinstance(raw_body, str) else raw_body
                principal = authenticate(headers, access)
                ctx = Ctx(principal, dict(request.query_params or {}), headers, raw)
                args: list[Any] = [ctx]
                if body is not None:
                    args.append(parse_body(raw, resolve(body)))
                elif len(raw) > MAX_BODY_BYTES:
                    raise PayloadTooLarge()
                if query is not None:
                    args.append(resolve(query).model_validate(ctx.query))
                result = fn(*args, **params)
                answer_status = status
                if isinstance(result, WithStatus):
                    if result.status not in also_status:
                        raise ResponseContractError(f"status {result.status} is not declared for {path}")
                    result, answer_status = result.result, result.status
                if isinstance(result, Response):
                    return result
                body_out = serialize(result, resolve(response) if response is not None else None,
                                     check=checking_responses())
                extra_headers = {"Cache-Control": cache} if cache else None
                return json_response(body_out, answer_status, extra_headers)
            except DomainError as err:
                return error_response(err)
            except ValidationError as err:
                if _is_output_error(err):
                    logger.exception("response shape failed to build", extra={"path": path})
                    return json_response({"error": "internal_error",
                                          "message": "Something went wrong on our side. Please retry."}, 500)
                return error_response(BadRequest("Please check the highlighted fields.",
                                                 code="validation_error", fields=field_errors(err)))
            except Exception:
                logger.exception("unhandled error", extra={"path": path})
                return json_response({"error": "internal_error",
                                      "message": "Something went wrong on our side. Please retry."}, 500)

        view.__peerlearn_access__ = access  # type: ignore[attr-defined]
        bp.route(path, methods=methods, content_types=content_types or JSON_TYPES)(view)
        return view

    return decorate
