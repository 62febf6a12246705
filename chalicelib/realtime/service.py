"""Tickets, connections, subscriptions and fan-out (`push` to a user, `publish` to a channel)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import DeleteError

from chalicelib.core import clock
from chalicelib.core.errors import Forbidden
from chalicelib.core.ids import new_secret, sha256_hex
from chalicelib.core.logging import logger
from chalicelib.core.settings import get_settings
from chalicelib.realtime import sender
from chalicelib.realtime.models import WsConnection, WsSubscription, WsTicket

if TYPE_CHECKING:
    from chalicelib.realtime.schemas import TicketOut


class TicketRejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def issue_ticket(user_id: str, role: str) -> TicketOut:
    from chalicelib.realtime.schemas import TicketOut

    s = get_settings()
    ticket = new_secret(24)
    WsTicket(ticket_hash=sha256_hex(ticket), user_id=user_id, role=role,
             expires_at=clock.now_int() + s.ws_ticket_ttl).save()
    return TicketOut(ticket=ticket, url=s.ws_public_url, expires_in=s.ws_ticket_ttl)


def redeem_ticket(ticket: str | None) -> WsTicket:
    """Single use: the ticket is deleted by a conditional delete; only one caller gets its content."""
    if not ticket:
        raise TicketRejected("A ticket is required to connect.")
    try:
        old = WsTicket._get_connection().delete_item(
            sha256_hex(ticket), condition=WsTicket.ticket_hash.exists(), return_values="ALL_OLD"
        )
    except DeleteError:
        raise TicketRejected("This ticket is invalid or was already used.") from None
    attrs = old.get("Attributes") if isinstance(old, dict) else None
    if not attrs:
        raise TicketRejected("This ticket is invalid or was already used.")
    found = WsTicket.from_raw_data(attrs)
    if found.expires_at <= clock.now_int():  # DynamoDB TTL deletes late; check in code
        raise TicketRejected("This ticket has expired.")
    return found


def open_connection(connection_id: str, ticket: str | None) -> WsConnection:
    t = redeem_ticket(ticket)
    now = clock.now_int()
    conn = WsConnection(connection_id=connection_id, user_id=t.user_id, role=t.role,
                        connected_at=now, expires_at=now + get_settings().ws_connection_ttl)
    conn.save()
    return conn


def live_connection(connection_id: str) -> WsConnection | None:
    try:
        conn = WsConnection.get(connection_id, consistent_read=True)
    except WsConnection.DoesNotExist:
        return None
    if conn.expires_at <= clock.now_int():
        return None
    return conn


def close_connection(connection_id: str) -> None:
    try:
        conn = WsConnection.get(connection_id, consistent_read=True)
    except WsConnection.DoesNotExist:
        return
    for channel in list(getattr(conn, "channels", None) or []):
        WsSubscription(channel=channel, connection_id=connection_id).delete()
    conn.delete()


def allowed_channel(conn: WsConnection, channel: str) -> bool:
    kind, _, ident = channel.partition(":")
    if kind == "notifications":
        return ident == conn.user_id
    return False


def subscribe(conn: WsConnection, channel: str) -> None:
    if not allowed_channel(conn, channel):
        raise Forbidden("You cannot subscribe to that channel.", code="access_denied")
    WsSubscription(channel=channel, connection_id=conn.connection_id, user_id=conn.user_id,
                   expires_at=conn.expires_at).save()
    conn.update(actions=[WsConnection.channels.add({channel})])


def _deliver(connection_id: str, payload: dict[str, Any]) -> bool:
    try:
        sender.send(connection_id, payload)
        return True
    except sender.NotConnected:
        logger.info("dropping gone connection", extra={"connection_id": connection_id})
        close_connection(connection_id)
        return False


def push(user_id: str, event: dict[str, Any]) -> int:
    """Send `event` to every live connection of the user; returns how many received it."""
    delivered = 0
    now = clock.now_int()
    for conn in WsConnection.by_user.query(user_id):
        if conn.expires_at <= now:
            continue
        try:
            if _deliver(conn.connection_id, event):
                delivered += 1
        except Exception:  # one broken socket must not stop the others
            logger.exception("push failed", extra={"connection_id": conn.connection_id})
    return delivered


def publish(channel: str, event: dict[str, Any]) -> int:
    delivered = 0
    now = clock.now_int()
    for sub in WsSubscription.query(channel):
        if sub.expires_at <= now:
            continue
        if _deliver(sub.connection_id, {**event, "channel": channel}):
            delivered += 1
    return delivered

