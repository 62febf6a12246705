"""A local stand-in for API Gateway WebSocket APIs.

Browsers connect to `ws://HOST:WS_PORT/?...`. For each connection the gateway builds API Gateway
events (`$connect`, `$disconnect`, `$default` / `action` routes) and calls the app's websocket
handlers in-process through the same wrapper Lambda uses. The app answers clients through the
`@connections` management API, which the HTTP server forwards to `post_to_connection`,
`get_connection` and `delete_connection` here.

Behaviour copied from API Gateway:
- `$connect` runs during the opening handshake: the client's `open` fires only once it succeeded.
  A `statusCode >= 400` rejects the connection. Since a browser only sees code 1006 for a refused
  handshake, the gateway completes the handshake and closes at once with `4000 + (status - 400)`
  (401 → 4001, 403 → 4003) and a reason taken from the response body; 5xx or an exception → 1011.
- Connection ids look like API Gateway's (`L0SM9cOFvHcCIhw=`: base64 with `+`, `/`, `=`), so
  they must be URL-encoded on the management API.
- Frames larger than 32 KB close the connection with 1009 (message too big); posts larger than
  128 KB answer `PayloadTooLargeException`; a connection idle for 10 minutes or older than 2 hours
  is closed with 1001 (going away). No compression extension, no server pings.
- Routing: JSON bodies with an `action` that names a registered route go there, anything else to
  `$default`. A handler exception sends `{"message": "Internal server error", ...}` to the client.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import enum
import json
import logging
import secrets
import socket
import string
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.protocol import State
from websockets.typing import Origin

from local.events import websocket_event

log = logging.getLogger("local.ws")

MAX_FRAME_BYTES = 32 * 1024
MAX_POST_BYTES = 128 * 1024
CLOSE_REASON_MAX_BYTES = 123

# invoke(route_key, event) -> the handler's response dict (or None when no route is registered)
Invoker = Callable[[str, dict[str, Any]], Any]


class PostResult(enum.Enum):
    OK = "ok"
    GONE = "gone"
    TOO_LARGE = "too_large"


def new_connection_id() -> str:
    """16 characters of standard base64 ending in `=`, like API Gateway's connection ids."""
    return base64.b64encode(secrets.token_bytes(11)).decode("ascii")


def new_api_id() -> str:
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(10))


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _truncate_utf8(text: str, limit: int) -> str:
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    return raw[:limit].decode("utf-8", errors="ignore")


def close_for_rejection(response: Any) -> tuple[int, str]:
    """Close code and reason for a `$connect` answer with statusCode >= 400."""
    status = int(response.get("statusCode", 500)) if isinstance(response, dict) else 500
    body = response.get("body") if isinstance(response, dict) else None
    reason = ""
    if isinstance(body, str) and body:
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            for key in ("message", "error", "Message"):
                if isinstance(parsed.get(key), str) and parsed[key]:
                    reason = parsed[key]
                    break
        elif isinstance(parsed, str):
            reason = parsed
        if not reason and parsed is None:
            reason = body
    if 400 <= status < 500:
        code = 4000 + (status - 400)
        reason = reason or {401: "Unauthorized", 403: "Forbidden"}.get(status, "Connection refused")
    else:
        code = 1011
        reason = reason or "Internal server error"
    return code, _truncate_utf8(" ".join(reason.split()), CLOSE_REASON_MAX_BYTES)


def _status_of(response: Any) -> int:
    if isinstance(response, dict):
        try:
            return int(response.get("statusCode", 200))
        except (TypeError, ValueError):
            return 500
    return 200


@dataclass
class _Connection:
    connection_id: str
    ws: ServerConnection
    connected_at: float
    source_ip: str
    user_agent: str
    last_active_at: float = 0.0
    established: bool = False  # $connect succeeded and the handshake completed
    handled: bool = False  # the connection handler coroutine picked it up
    rejection: tuple[int, str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        return {"connection_id": self.connection_id, "connected_at": _iso(self.connected_at),
                "last_active_at": _iso(self.last_active_at or self.connected_at), "source_ip": self.source_ip,
                "user_agent": self.user_agent, "established": self.established}


class WebSocketGateway:
    def __init__(self, *, sock: socket.socket, invoke: Invoker, route_keys: Callable[[], Iterable[str]],
                 allowed_origins: Iterable[str], api_id: str, stage: str, domain_name: str,
                 idle_timeout: float = 600.0, max_age: float = 7200.0, workers: int = 32,
                 max_frame_bytes: int = MAX_FRAME_BYTES) -> None:
        self._sock = sock
        self._invoke = invoke
        self._route_keys = route_keys
        self._origins: list[Origin | None] = [Origin(o) for o in sorted(set(allowed_origins))]
        self._origins.append(None)  # non-browser clients send no Origin header
        self.allowed_origins = [o for o in self._origins if o is not None]
        self.api_id = api_id
        self.stage = stage
        self.domain_name = domain_name
        self.idle_timeout = idle_timeout
        self.max_age = max_age
        self.max_frame_bytes = max_frame_bytes
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ws-handler")
        self._connections: dict[str, _Connection] = {}
        self._by_ws: dict[int, _Connection] = {}
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    # -- lifecycle --------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return int(self._sock.getsockname()[1])

    def start(self, timeout: float = 10.0) -> None:
        self._thread = threading.Thread(target=self._run, name="ws-gateway", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError("the WebSocket gateway did not start")
        if self._error is not None:
            raise RuntimeError(f"the WebSocket gateway failed to start: {self._error}") from self._error

    def stop(self, timeout: float = 5.0) -> None:
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stopping.set)
        if self._thread is not None:
            self._thread.join(timeout)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # surfaced to start() if it happens before ready
            self._error = exc
            self._ready.set()
            if not isinstance(exc, (KeyboardInterrupt, SystemExit)):
                log.exception("WebSocket gateway crashed")

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        server: Server
        async with serve(self._handle, sock=self._sock, origins=self._origins,
                         process_response=self._process_response, max_size=self.max_frame_bytes,
                         compression=None, ping_interval=None, open_timeout=30, close_timeout=5,
                         server_header=None) as server:
            self._ready.set()
            watchdog = asyncio.create_task(self._watchdog())
            await self._stopping.wait()
            watchdog.cancel()
            server.close(close_connections=True)
            try:
                await asyncio.wait_for(server.wait_closed(), timeout=4)
            except TimeoutError:
                log.warning("some WebSocket connections did not close in time")

    # -- calling the app ----------------------------------------------------------------------------
    async def _call(self, route_key: str, event: dict[str, Any]) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._invoke, route_key, event)

    def _event(self, conn: _Connection, route_key: str, **kwargs: Any) -> dict[str, Any]:
        return websocket_event(route_key=route_key, connection_id=conn.connection_id, api_id=self.api_id,
                               stage=self.stage, domain_name=self.domain_name,
                               connected_at_ms=int(conn.connected_at * 1000), source_ip=conn.source_ip,
                               user_agent=conn.user_agent, **kwargs)

    async def _process_response(self, ws: ServerConnection, request: Request, response: Response) -> None:
        """The handshake is valid (origin and headers checked): run `$connect` before answering 101."""
        if response.status_code != 101:
            return None
        remote = ws.remote_address
        conn = _Connection(connection_id=new_connection_id(), ws=ws, connected_at=time.time(),
                           source_ip=str(remote[0]) if remote else "127.0.0.1",
                           user_agent=request.headers.get("User-Agent", ""))
        conn.last_active_at = conn.connected_at
        with self._lock:
            self._connections[conn.connection_id] = conn
            self._by_ws[id(ws)] = conn
        query = parse_qsl(request.path.partition("?")[2], keep_blank_values=True)
        headers = _api_gateway_headers(request.headers, self.domain_name, conn.source_ip)
        event = self._event(conn, "$connect", headers=headers, query=query)
        if "$connect" not in set(self._route_keys()):
            return None  # no $connect route: API Gateway lets everyone in
        try:
            answer = await self._call("$connect", event)
        except Exception:
            log.exception("$connect handler raised (connection %s refused)", conn.connection_id)
            conn.rejection = (1011, "Internal server error")
            return None
        if _status_of(answer) >= 400:
            conn.rejection = close_for_rejection(answer)
        return None

    async def _handle(self, ws: ServerConnection) -> None:
        with self._lock:
            conn = self._by_ws.get(id(ws))
        if conn is None:  # cannot happen: process_response registered it
            await ws.close(1011, "Internal server error")
            return
        conn.handled = True
        if conn.rejection is not None:
            self._forget(conn)
            code, reason = conn.rejection
            log.info("ws %s refused by $connect: %s %s", conn.connection_id, code, reason)
            await ws.close(code, reason)
            return
        conn.established = True
        log.debug("ws %s connected from %s", conn.connection_id, conn.source_ip)
        # Like API Gateway, each message invokes its route on its own, without waiting for the
        # previous one to finish: a frame sent right behind another can be handled first.
        in_flight: set[asyncio.Task[None]] = set()
        try:
            async for message in ws:
                conn.last_active_at = time.time()
                task = asyncio.create_task(self._on_message(conn, message))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
        except ConnectionClosed:
            pass
        finally:
            self._forget(conn)
            if in_flight:  # $disconnect after the messages already being handled
                await asyncio.gather(*in_flight, return_exceptions=True)
            await self._disconnected(conn)

    def _forget(self, conn: _Connection) -> None:
        conn.established = False
        with self._lock:
            self._connections.pop(conn.connection_id, None)
            self._by_ws.pop(id(conn.ws), None)

    async def _disconnected(self, conn: _Connection) -> None:
        if "$disconnect" not in set(self._route_keys()):
            return
        code = conn.ws.close_code
        event = self._event(conn, "$disconnect",
                            headers=[("Host", self.domain_name), ("X-Forwarded-For", conn.source_ip)],
                            disconnect_status_code=code if code is not None else 1006,
                            disconnect_reason=conn.ws.close_reason or "")
        try:
            await self._call("$disconnect", event)
        except Exception:
            log.exception("$disconnect handler raised for %s", conn.connection_id)

    async def _on_message(self, conn: _Connection, message: str | bytes) -> None:
        route_key = "$default"
        if isinstance(message, str):
            try:
                parsed = json.loads(message)
            except ValueError:
                parsed = None
            action = parsed.get("action") if isinstance(parsed, dict) else None
            if isinstance(action, str) and action in set(self._route_keys()) and not action.startswith("$"):
                route_key = action
        event = self._event(conn, route_key, body=message)
        request_id = event["requestContext"]["requestId"]
        if route_key not in set(self._route_keys()):
            await self._send_error(conn, "Forbidden", request_id)
            return
        try:
            await self._call(route_key, event)
        except Exception:
            log.exception("websocket handler %s raised for %s", route_key, conn.connection_id)
            await self._send_error(conn, "Internal server error", request_id)

    async def _send_error(self, conn: _Connection, message: str, request_id: str) -> None:
        payload = json.dumps({"message": message, "connectionId": conn.connection_id, "requestId": request_id})
        with contextlib.suppress(ConnectionClosed):
            await conn.ws.send(payload)

    async def _watchdog(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            now = time.time()
            with self._lock:
                conns = list(self._connections.values())
            for conn in conns:
                if conn.established and conn.ws.state is State.OPEN:
                    if now - conn.last_active_at > self.idle_timeout:
                        log.info("ws %s idle for %.0fs: closing", conn.connection_id, self.idle_timeout)
                        await conn.ws.close(1001, "Going away")
                    elif now - conn.connected_at > self.max_age:
                        await conn.ws.close(1001, "Going away")
                elif not conn.handled and conn.ws.state is State.CLOSED and now - conn.connected_at > 5:
                    # $connect ran but the client vanished before the handshake finished
                    self._forget(conn)
                    if conn.rejection is None:
                        await self._disconnected(conn)

    # -- @connections management API (called from HTTP server threads) ---------------------------
    def _live(self, connection_id: str) -> _Connection | None:
        with self._lock:
            conn = self._connections.get(connection_id)
        if conn is None or not conn.established or conn.ws.state is not State.OPEN:
            return None
        return conn

    def _run_on_loop(self, coro: Any, timeout: float = 10.0) -> Any:
        loop = self._loop
        if loop is None or loop.is_closed():
            coro.close()
            return None
        return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout)

    def post_to_connection(self, connection_id: str, data: bytes) -> PostResult:
        if len(data) > MAX_POST_BYTES:
            return PostResult.TOO_LARGE
        conn = self._live(connection_id)
        if conn is None:
            return PostResult.GONE
        try:
            result = self._run_on_loop(self._send(conn, data))
        except Exception:
            return PostResult.GONE
        return result if isinstance(result, PostResult) else PostResult.GONE

    async def _send(self, conn: _Connection, data: bytes) -> PostResult:
        try:
            message: str | bytes = data.decode("utf-8")
        except UnicodeDecodeError:
            message = data
        try:
            await conn.ws.send(message)
        except ConnectionClosed:
            return PostResult.GONE
        conn.last_active_at = time.time()
        return PostResult.OK

    def get_connection(self, connection_id: str) -> dict[str, Any] | None:
        conn = self._live(connection_id)
        if conn is None:
            return None
        # the wire names of the management API (botocore maps them to ConnectedAt, Identity, ...)
        return {"connectedAt": _iso(conn.connected_at), "lastActiveAt": _iso(conn.last_active_at),
                "identity": {"sourceIp": conn.source_ip, "userAgent": conn.user_agent}}

    def delete_connection(self, connection_id: str) -> bool:
        conn = self._live(connection_id)
        if conn is None:
            return False
        try:
            self._run_on_loop(conn.ws.close(1000, ""), timeout=5)
        except Exception:
            log.debug("closing %s failed", connection_id, exc_info=True)
        return True

    def list_connections(self) -> list[dict[str, Any]]:
        with self._lock:
            conns = list(self._connections.values())
        return [c.describe() for c in conns if c.established]


def _api_gateway_headers(headers: Headers, domain_name: str, source_ip: str) -> list[tuple[str, str]]:
    """Client headers as API Gateway forwards them, plus the ones it adds."""
    out = [(k, v) for k, v in headers.raw_items() if k.lower() != "host"]
    out.extend([("Host", domain_name), ("X-Forwarded-For", source_ip),
                ("X-Forwarded-Port", domain_name.rpartition(":")[2]), ("X-Forwarded-Proto", "http")])
    return out
