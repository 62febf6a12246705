"""API Gateway WebSocket routes: $connect (ticket), $disconnect (cleanup), $default (actions)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from chalice.app import Response

from chalicelib.core import parallel
from chalicelib.core.errors import DomainError
from chalicelib.core.logging import logger
from chalicelib.realtime import sender, service

MAX_MESSAGE_BYTES = 32 * 1024

# First message after subscribing to a channel, by channel prefix (e.g. the bell's unread count).
# Registered by the app: the contexts that own them sit above realtime.
WELCOMES: dict[str, Callable[[str], dict[str, Any]]] = {}


ActionHandler = Callable[[Any, dict[str, Any]], None]

# Actions of the contexts above realtime (rooms' "room"), registered by the app.
EXTRA_ACTIONS: dict[str, ActionHandler] = {}
METERED: set[str] = set()

# An action's reads that need only the frame and the connection id (not the connection's row):
# they run side by side with the connection's read, and the handler gets their results.
Prefetch = Callable[[str, dict[str, Any]], list[Callable[[], Any]]]
PrefetchedHandler = Callable[[Any, dict[str, Any], list[Any]], None]
PREFETCHED: dict[str, tuple[Prefetch, PrefetchedHandler]] = {}


def on_prefetched_action(action: str, prefetch: Prefetch, handler: PrefetchedHandler) -> None:
    """Like a metered `on_action`, plus `prefetch(connection_id, msg)`: thunks (reads, the handler's
    own rate token) run alongside the connection's read; `handler(conn, msg, results)` runs only for a
    live connection. A thunk must tolerate any frame: the handler validates it."""
    on_action(action, lambda conn, msg: handler(conn, msg, []), metered=True)
    PREFETCHED[action] = (prefetch, handler)


def on_subscribe(prefix: str, welcome: Callable[[str], dict[str, Any]]) -> None:
    WELCOMES[prefix] = welcome


def on_action(action: str, handler: ActionHandler, *, metered: bool = False) -> None:
    """`handler(conn, msg)` serves frames `{"action": action, ...}`; built-in actions can't be replaced.
    `metered`: the handler rate-limits its frames itself (then the per-connection frame limit skips them)."""
    if action in _ACTIONS:
        raise ValueError(f"'{action}' is a built-in action")
    EXTRA_ACTIONS[action] = handler
    if metered:
        METERED.add(action)


def on_disconnect_hook(name: str, hook: service.CloseHook) -> None:
    """`hook(conn)` runs when a connection closes ($disconnect, or found gone while sending),
    before it and its subscriptions are deleted."""
    service.CLOSE_HOOKS[name] = hook


def _reject(status: int, reason: str) -> Response:
    return Response(body=json.dumps({"error": "connect_rejected", "message": reason}), status_code=status,
                    headers={"Content-Type": "application/json"})


def on_connect(event: Any) -> Response | None:
    params = event.to_dict().get("queryStringParameters") or {}
    try:
        service.open_connection(event.connection_id, params.get("ticket"))
    except service.TicketRejected as exc:
        return _reject(401, exc.reason)
    return None


def on_disconnect(event: Any) -> None:
    service.close_connection(event.connection_id)


def _reply(connection_id: str, payload: dict[str, Any]) -> None:
    try:
        sender.send(connection_id, payload)
    except sender.NotConnected:
        service.close_connection(connection_id)


def on_message(event: Any) -> None:
    cid = event.connection_id
    body = event.body or ""
    try:
        msg = json.loads(body) if len(body.encode()) <= MAX_MESSAGE_BYTES else None
    except ValueError:
        msg = None
    action = msg.get("action") if isinstance(msg, dict) else None
    prefetched = PREFETCHED.get(action) if isinstance(action, str) and isinstance(msg, dict) else None
    early: list[Any] = []
    if prefetched is not None and isinstance(msg, dict):
        conn, *early = parallel.gather(lambda: service.live_connection(cid), *prefetched[0](cid, msg))
    else:
        conn = service.live_connection(cid)
    if conn is None:
        _reply(cid, {"type": "error", "error": "connection_expired", "message": "Reconnect with a new ticket."})
        return
    # Counted for every frame, junk included (one conditional write each), except the actions whose
    # owner meters them per kind itself (the room: join, signal, chat, wb…), so a relayed signal
    # pays for one rate window, not two.
    if not (isinstance(action, str) and action in METERED and conn.role != service.ANONYMOUS):
        wait_ms = service.take_token(cid, "frame", service.messages_per_second())
        if wait_ms:
            _reply(cid, {"type": "error", "error": "throttled", "retry_after_ms": wait_ms,
                         "message": f"Too many messages: at most {service.messages_per_second()} a second. "
                                    "Slow down and retry."})
            return
    if len(body.encode()) > MAX_MESSAGE_BYTES:
        _reply(cid, {"type": "error", "error": "too_large", "message": "Messages are limited to 32 KB."})
        return
    if not isinstance(msg, dict) or not isinstance(action, str):
        _reply(cid, {"type": "error", "error": "bad_message", "message": 'Send JSON like {"action": "ping"}.'})
        return
    handler = _ACTIONS.get(action) or EXTRA_ACTIONS.get(action)
    if handler is None:
        _reply(cid, {"type": "error", "error": "unknown_action", "message": f"Unknown action '{action[:40]}'."})
        return
    if conn.role == service.ANONYMOUS and action not in _ACTIONS:
        _reply(cid, {"type": "error", "error": "access_denied", "message": "Sign in first: signed-out visitors "
                     "may only ping and subscribe to public channels."})
        return
    try:
        if prefetched is not None:
            prefetched[1](conn, msg, early)
        else:
            handler(conn, msg)
    except DomainError as err:
        _reply(cid, {"type": "error", "error": err.code, "message": err.message, **_refs(msg), **err.extra})
    except Exception:
        logger.exception("ws action failed", extra={"action": action})
        # the client retries a join that failed here (see room-controller.ts)
        _reply(cid, {"type": "error", "error": "internal_error", "message": "Something went wrong.", **_refs(msg)})


def _refs(msg: dict[str, Any]) -> dict[str, str]:
    """What an error frame names of the frame it refuses: its `type`, and its `client_id` (a chat line's
    own id), so that the client can tell which of its messages to send again."""
    refs: dict[str, str] = {}
    kind, client_id = msg.get("type"), msg.get("client_id")
    if isinstance(kind, str):
        refs["ref_type"] = kind[:40]
    if isinstance(client_id, str) and 0 < len(client_id) <= 40:
        refs["ref_id"] = client_id
    return refs


def _ping(conn: Any, msg: dict[str, Any]) -> None:
    _reply(conn.connection_id, {"type": "pong"})


def _subscribe(conn: Any, msg: dict[str, Any]) -> None:
    channel = msg.get("channel")
    if not isinstance(channel, str) or len(channel) > 200:
        _reply(conn.connection_id, {"type": "error", "error": "bad_message", "message": "A channel is required."})
        return
    service.subscribe(conn, channel)
    subscribed: dict[str, Any] = {"type": "subscribed", "channel": channel}
    if channel == f"notifications:{conn.user_id}":
        # The user's latest sequence: a tab that saw less fetches the rest (GET /realtime/events).
        subscribed["last_seq"] = service.last_seq(conn.user_id)
    _reply(conn.connection_id, subscribed)
    for prefix, welcome in WELCOMES.items():
        if channel.startswith(prefix):
            _reply(conn.connection_id, welcome(conn.user_id))


_ACTIONS: dict[str, ActionHandler] = {"ping": _ping, "subscribe": _subscribe}
