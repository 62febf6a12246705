"""The local stack's HTTP front door (one port, like CloudFront in front of everything).

- `/api/*`            the Chalice REST routes, through `chalice.local.LocalGateway` (routing, path
                      parameters, query strings, binary bodies, CORS preflight as API Gateway does);
                      the `/api` prefix is stripped, as the CloudFront behaviour + API stage do.
- `/_ws_mgmt/@connections/{id}`  the API Gateway management API (POST/GET/DELETE) for the
                      WebSocket gateway; unknown ids answer 410 `GoneException`.
- `/_dev/...`         local-only tools: mailbox (HTML + JSON), schedules, SQS, live connections.
- anything else       the built SPA with fallback to `index.html` (or a placeholder page).
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from chalice.local import LocalGateway, LocalGatewayException

from local.mailbox import Mailbox, render_html
from local.scheduler import Scheduler
from local.spa import SpaSite
from local.sqs_poller import SqsPoller
from local.ws_gateway import PostResult, WebSocketGateway

log = logging.getLogger("local.http")

API_PREFIX = "/api"
MGMT_PREFIX = "/_ws_mgmt"
MAX_BODY_BYTES = 10 * 1024 * 1024  # API Gateway's payload limit


class BodyTooLarge(Exception):
    pass


class BadRequest(Exception):
    pass


class ApiGatewayAdapter(LocalGateway):
    """`LocalGateway` plus the request fields real API Gateway adds (stage, request id, source IP,
    decoded path parameters, single-value query/headers maps)."""

    def __init__(self, app: Any, config: Any, *, stage: str, domain_name: str, api_id: str) -> None:
        super().__init__(app, config)
        self.stage = stage
        self.domain_name = domain_name
        self.api_id = api_id
        self._request = threading.local()

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes | None,
               client_ip: str) -> dict[str, Any]:
        self._request.client_ip = client_ip
        return self.handle_request(method=method, path=path, headers=headers, body=body)

    def _generate_lambda_event(self, method: str, path: str, headers: dict[str, Any],
                               body: bytes | None) -> dict[str, Any]:
        event: dict[str, Any] = super()._generate_lambda_event(method, path, headers, body)
        now = time.time()
        ctx = event["requestContext"]
        raw_path = path.split("?", 1)[0]
        ctx.update({
            "stage": self.stage, "requestId": str(uuid.uuid4()), "apiId": self.api_id,
            "domainName": self.domain_name, "protocol": "HTTP/1.1", "resourceId": "local",
            "requestTimeEpoch": int(now * 1000), "path": f"/{self.stage}{raw_path}",
            "accountId": "123456789012",
        })
        ctx["identity"] = {"sourceIp": getattr(self._request, "client_ip", "127.0.0.1"),
                           "userAgent": headers.get("user-agent")}
        # API Gateway URL-decodes path parameters; chalice.local passes them raw
        event["pathParameters"] = {k: unquote(v) for k, v in (event.get("pathParameters") or {}).items()}
        multi = event.get("multiValueQueryStringParameters")
        event["queryStringParameters"] = {k: v[-1] for k, v in multi.items()} if multi else None
        event["multiValueHeaders"] = {k: [v] for k, v in event["headers"].items()}
        event["path"] = raw_path
        event["httpMethod"] = method
        event["resource"] = ctx["resourcePath"]
        event.setdefault("isBase64Encoded", False)
        return event


@dataclass
class Services:
    """What the HTTP server dispatches to; filled in once everything has started."""

    api: ApiGatewayAdapter
    spa: SpaSite
    mailbox: Mailbox
    ws: WebSocketGateway
    scheduler: Scheduler
    poller: SqsPoller
    public_url: str
    allowed_origins: set[str]
    info: dict[str, Any] = field(default_factory=dict)
    test_hooks: bool = False
    sqs_depths: Callable[[], dict[str, Any]] | None = None


class LocalStackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, host: str, port: int) -> None:
        super().__init__((host, port), RequestHandler)
        self.services: Services | None = None

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class RequestHandler(BaseHTTPRequestHandler):
    server: LocalStackHTTPServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, a keep-alive connection waits
    # ~40 ms for the delayed ACK on every response (measured: 45 ms → 1 ms per request).
    disable_nagle_algorithm = True

    def version_string(self) -> str:
        return "PeerLearnLocal/1.0"

    # -- plumbing -----------------------------------------------------------------------------------
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def _send(self, status: int, headers: dict[str, str | list[str]], body: bytes = b"") -> None:
        self.send_response(status)
        lowered = {k.lower() for k in headers}
        for name, value in headers.items():
            if name.lower() == "content-length":
                continue
            for item in value if isinstance(value, list) else [value]:
                self.send_header(name, str(item))
        if "content-type" not in lowered and body:
            self.send_header("Content-Type", "application/octet-stream")
        no_body = self.command == "HEAD" or status in (204, 304) or 100 <= status < 200
        self.send_header("Content-Length", "0" if status in (204, 304) else str(len(body)))
        self.end_headers()
        if body and not no_body:
            self.wfile.write(body)

    def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload, indent=None, default=str).encode()
        self._send(status, {"Content-Type": "application/json", "Cache-Control": "no-store", **(headers or {})}, body)

    def _html(self, status: int, markup: str) -> None:
        self._send(status, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}, markup.encode())

    def _read_body(self) -> bytes | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks, total = [], 0
            while True:
                try:
                    size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                except ValueError:
                    raise BadRequest("invalid chunked body") from None
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                total += size
                if total > MAX_BODY_BYTES:
                    raise BodyTooLarge
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks) if chunks else None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise BadRequest("invalid Content-Length") from None
        if length > MAX_BODY_BYTES:
            raise BodyTooLarge
        return self.rfile.read(length) if length > 0 else None

    def _dispatch(self) -> None:
        started = time.monotonic()
        services = self.server.services
        path = urlsplit(self.path).path
        try:
            if services is None:
                self._json(503, {"message": "The local stack is still starting."}, {"Retry-After": "1"})
            elif path == API_PREFIX or path.startswith(API_PREFIX + "/"):
                self._api(services)
            elif path.startswith(MGMT_PREFIX + "/"):
                self._management(services)
            elif path == "/_dev" or path.startswith("/_dev/"):
                self._dev(services, path)
            else:
                self._static(services)
        except BodyTooLarge:
            self.close_connection = True
            self._json(413, {"message": "Request Too Long"})
        except BadRequest as exc:
            self.close_connection = True
            self._json(400, {"message": str(exc)})
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            log.exception("unhandled error serving %s %s", self.command, self.path)
            self.close_connection = True
            with contextlib.suppress(OSError):
                self._json(500, {"message": "Internal server error"})
        finally:
            level = logging.DEBUG if path.startswith(("/_dev/mailbox", "/assets/")) else logging.INFO
            if path.startswith((API_PREFIX + "/", MGMT_PREFIX)) or level == logging.DEBUG:
                log.log(level, "%s %s -> %s (%.0f ms)", self.command, self.path, getattr(self, "_status", "?"),
                        (time.monotonic() - started) * 1000)

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _dispatch  # noqa: N815

    # -- /api -----------------------------------------------------------------------------------------
    def _api(self, services: Services) -> None:
        body = self._read_body()
        rest = self.path[len(API_PREFIX):]
        if not rest.startswith("/"):
            rest = "/" + rest  # "/api" -> "/", "/api?x=1" -> "/?x=1"
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            response = services.api.handle(self.command, rest, headers, body, self.client_address[0])
        except LocalGatewayException as err:
            self._send(err.CODE, {"Content-Type": "application/json", **err.headers}, err.body or b"")
            return
        out_headers: dict[str, str | list[str]] = dict(response.get("headers") or {})
        for name, values in (response.get("multiValueHeaders") or {}).items():
            out_headers[name] = list(values)
        out_headers.setdefault("Content-Type", "application/json")
        raw = response.get("body")
        if raw is None:
            data = b""
        elif response.get("isBase64Encoded"):
            data = base64.b64decode(raw)
        else:
            data = raw if isinstance(raw, bytes) else str(raw).encode("utf-8")
        self._send(int(response["statusCode"]), out_headers, data)

    # -- /_ws_mgmt/@connections/{id} ----------------------------------------------------------------
    def _management(self, services: Services) -> None:
        raw_path = urlsplit(self.path).path[len(MGMT_PREFIX):]
        segments = raw_path.strip("/").split("/")
        if len(segments) != 2 or segments[0] != "@connections":
            self._aws_error(403, "ForbiddenException", "Missing Authentication Token")
            return
        if not self.headers.get("Authorization", "").startswith("AWS4-HMAC-SHA256"):
            self._aws_error(403, "ForbiddenException", "Missing Authentication Token")
            return
        connection_id = unquote(segments[1])
        if self.command == "POST":
            data = self._read_body() or b""
            result = services.ws.post_to_connection(connection_id, data)
            if result is PostResult.OK:
                self._send(200, {"Content-Type": "application/json"}, b"")
            elif result is PostResult.TOO_LARGE:
                self._aws_error(413, "PayloadTooLargeException", "Message too long")
            else:
                self._gone()
        elif self.command == "GET":
            info = services.ws.get_connection(connection_id)
            if info is None:
                self._gone()
            else:
                self._json(200, info)
        elif self.command == "DELETE":
            if services.ws.delete_connection(connection_id):
                self._send(204, {})
            else:
                self._gone()
        else:
            self._aws_error(403, "ForbiddenException", "Missing Authentication Token")

    def _aws_error(self, status: int, error_type: str, message: str | None) -> None:
        self._json(status, {"message": message},
                   {"x-amzn-ErrorType": error_type, "x-amzn-RequestId": str(uuid.uuid4())})

    def _gone(self) -> None:
        self._aws_error(410, "GoneException", None)

    # -- /_dev ------------------------------------------------------------------------------------------
    def _same_origin_or_tool(self, services: Services) -> bool:
        origin = self.headers.get("Origin")
        return origin is None or origin in services.allowed_origins

    def _dev(self, services: Services, path: str) -> None:
        query = parse_qs(urlsplit(self.path).query)
        method = self.command
        if method in ("POST", "DELETE", "PUT", "PATCH") and not self._same_origin_or_tool(services):
            self._json(403, {"message": "cross-origin requests to /_dev are refused"})
            return
        to = _param(query, "to")
        if path == "/_dev/mailbox.json" and method in ("GET", "HEAD"):
            raw_limit = _param(query, "limit") or ""
            limit = int(raw_limit) if raw_limit.isdigit() and int(raw_limit) > 0 else None
            self._json(200, [m.as_json() for m in services.mailbox.messages(to=to, limit=limit)])
        elif path in ("/_dev/mailbox", "/_dev/mailbox/") and method in ("GET", "HEAD"):
            self._html(200, render_html(services.mailbox.messages(to=to), to=to, public_url=services.public_url))
        elif path in ("/_dev/mailbox", "/_dev/mailbox.json") and method == "DELETE":
            services.mailbox.clear()
            self._send(204, {})
        elif path == "/_dev/schedule" and method in ("GET", "HEAD"):
            self._json(200, {"enabled": services.scheduler.enabled, "jobs": services.scheduler.describe()})
        elif path.startswith("/_dev/schedule/") and method == "POST":
            name = unquote(path[len("/_dev/schedule/"):])
            try:
                result = services.scheduler.trigger(name)
            except KeyError:
                self._json(404, {"message": f"no schedule handler named {name!r}",
                                 "known": sorted(services.scheduler.jobs)})
                return
            self._json(200 if result["ok"] else 500, result)
        elif path == "/_dev/sqs" and method in ("GET", "HEAD"):
            depths = services.sqs_depths() if services.sqs_depths else {}
            self._json(200, {"subscriptions": services.poller.describe(), "queues": depths})
        elif path == "/_dev/ws/connections" and method in ("GET", "HEAD"):
            self._json(200, services.ws.list_connections())
        elif path == "/_dev/info" and method in ("GET", "HEAD"):
            self._json(200, services.info)
        elif path == "/_dev/test-hooks/sqs" and method in ("GET", "HEAD") and services.test_hooks:
            from local import testhooks

            self._json(200, testhooks.deliveries(tag=_param(query, "tag") or to))
        elif path in ("/_dev", "/_dev/") and method in ("GET", "HEAD"):
            self._html(200, _dev_index())
        else:
            self._json(404, {"message": "not found"})

    # -- SPA ----------------------------------------------------------------------------------------------
    def _static(self, services: Services) -> None:
        if self.command not in ("GET", "HEAD"):
            self._send(405, {"Allow": "GET, HEAD", "Content-Type": "text/plain"}, b"Method not allowed\n")
            return
        response = services.spa.respond(urlsplit(self.path).path, self.headers.get("If-None-Match"),
                                       self.headers.get("Accept-Encoding"))
        self._send(response.status, dict(response.headers), response.body)


def _param(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None


def _dev_index() -> str:
    links = [("/_dev/mailbox", "Dev mailbox"), ("/_dev/mailbox.json", "Mailbox JSON (?to=email)"),
             ("/_dev/schedule", "Schedules (POST /_dev/schedule/NAME runs one now)"),
             ("/_dev/sqs", "SQS pollers and queue depths"), ("/_dev/ws/connections", "Live WebSocket connections"),
             ("/_dev/info", "Stack info"), ("/api/health", "API health")]
    items = "".join(f'<li><a href="{href}">{label}</a></li>' for href, label in links)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local stack tools</title></head>'
            f"<body><h1>PeerLearn local stack — dev tools (local only)</h1><ul>{items}</ul></body></html>")

