"""Tickets, connections, subscriptions and fan-out (`push` to a user, `publish` to a channel)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import DeleteError

from chalicelib.core import clock, parallel
from chalicelib.core.errors import Forbidden
from chalicelib.core.ids import new_secret, sha256_hex
from chalicelib.core.logging import logger
from chalicelib.core.settings import get_settings
from chalicelib.realtime import sender
from chalicelib.realtime.models import WsConnection, WsRateWindow, WsSubscription, WsTicket, WsUserEvent

if TYPE_CHECKING:
    from chalicelib.realtime.schemas import EventPage, TicketOut

ANONYMOUS = "anonymous"  # the role of a signed-out visitor's connection
PUBLIC_LIVE = "public:live"  # live counters and mentor presence: anyone may listen, nobody may send
PUBLIC_CHANNELS = frozenset({PUBLIC_LIVE})
REPLAY_TTL = 7 * 24 * 3600  # a tab away longer than a week reloads its lists anyway


def messages_per_second() -> int:
    """Frames one connection may send per second (all actions together); rooms add per-kind limits.
    The room's trickle ICE bursts up to ~60 signals a second, so the default sits above that."""
    raw = os.environ.get("PEERLEARN_WS_MESSAGES_PER_SECOND")
    try:
        return max(1, int(raw)) if raw else 100
    except ValueError:
        return 100


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


def issue_anonymous_ticket() -> TicketOut:
    """A signed-out visitor's ticket: the connection may only listen to public channels."""
    from chalicelib.realtime.schemas import TicketOut

    s = get_settings()
    ticket = new_secret(24)
    WsTicket(ticket_hash=sha256_hex(ticket), user_id=f"anon-{new_secret(12)}", role=ANONYMOUS,
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
    if conn.role == "mentor":  # the online status on cards follows from the event (outbox), not here
        _with_presence_event(conn, opened=True, write=lambda tx: tx.save(conn))
    else:
        conn.save()
    return conn


def _with_presence_event(conn: WsConnection, *, opened: bool, write: Callable[[Any], None]) -> None:
    """The connection's write and the mentor's presence event in one transaction: $connect never
    waits for a fan-out to every visitor."""
    from pynamodb.transactions import TransactWrite

    from chalicelib.core import events
    from chalicelib.core.models import tx_connection
    from chalicelib.realtime.events import MentorConnectionChanged

    with TransactWrite(connection=tx_connection()) as tx:
        write(tx)
        events.record(tx, MentorConnectionChanged(user_id=conn.user_id, connection_id=conn.connection_id,
                                                  opened=opened))


def live_connection(connection_id: str) -> WsConnection | None:
    try:
        conn = WsConnection.get(connection_id, consistent_read=True)
    except WsConnection.DoesNotExist:
        return None
    if conn.expires_at <= clock.now_int():
        return None
    return conn


CloseHook = Callable[[WsConnection], None]
CLOSE_HOOKS: dict[str, CloseHook] = {}  # registered through ws_handlers.on_disconnect_hook


def close_connection(connection_id: str) -> None:
    try:
        conn = WsConnection.get(connection_id, consistent_read=True)
    except WsConnection.DoesNotExist:
        return
    for name, hook in list(CLOSE_HOOKS.items()):
        try:
            hook(conn)
        except Exception:  # one failing reaction must not keep the connection around
            logger.exception("close hook failed", extra={"hook": name})
    for channel in list(getattr(conn, "channels", None) or []):
        WsSubscription(channel=channel, connection_id=connection_id).delete()
    if conn.role == "mentor":
        _with_presence_event(conn, opened=False, write=lambda tx: tx.delete(conn))
    else:
        conn.delete()


ChannelRule = Callable[[WsConnection, str], bool]

# Who may subscribe to channels owned by the contexts above realtime (e.g. "sessions:" → rooms),
# registered by the app. `rule(conn, ident)` answers for the part after the prefix.
CHANNEL_RULES: dict[str, ChannelRule] = {}


def allow_channel(prefix: str, rule: ChannelRule) -> None:
    CHANNEL_RULES[prefix] = rule


def allowed_channel(conn: WsConnection, channel: str) -> bool:
    if channel in PUBLIC_CHANNELS:
        return True
    if conn.role == ANONYMOUS:
        return False
    kind, _, ident = channel.partition(":")
    if kind == "notifications":
        return ident == conn.user_id
    for prefix, rule in CHANNEL_RULES.items():
        if channel.startswith(prefix):
            return bool(ident) and rule(conn, channel[len(prefix):])
    return False


def subscribe(conn: WsConnection, channel: str) -> None:
    if not allowed_channel(conn, channel):
        if conn.role == ANONYMOUS:
            raise Forbidden("Sign in to subscribe to that channel; signed-out visitors may only listen to "
                            f"{', '.join(sorted(PUBLIC_CHANNELS))}.", code="access_denied", channel=channel[:200])
        raise Forbidden("You cannot subscribe to that channel.", code="access_denied", channel=channel[:200])
    subscribe_checked(conn, channel)


def unsubscribe(conn: WsConnection, channel: str) -> None:
    WsSubscription(channel=channel, connection_id=conn.connection_id).delete()
    try:
        conn.update(actions=[WsConnection.channels.delete({channel})])
    except Exception:  # the connection is already gone
        logger.debug("unsubscribe of a gone connection", extra={"connection_id": conn.connection_id})


def subscribe_checked(conn: WsConnection, channel: str) -> None:
    """Subscribe after the owner of the channel has checked access itself (no rule lookup)."""
    subscription(conn, channel).save()
    add_channel(conn, channel)


def subscription(conn: WsConnection, channel: str) -> WsSubscription:
    """The channel's row of a subscription (a caller may write it inside its own transaction, as the
    room's join does; then `add_channel` after it)."""
    return WsSubscription(channel=channel, connection_id=conn.connection_id, user_id=conn.user_id,
                          expires_at=conn.expires_at)


def add_channel(conn: WsConnection, channel: str) -> None:
    """The connection's own channel set. A plain ADD, never inside a transaction: a page subscribes to
    several channels at once, and concurrent transactions on one item cancel each other
    (TransactionConflict), which would drop a subscription."""
    conn.update(actions=[WsConnection.channels.add({channel})])


def send_to(connection_id: str, payload: dict[str, Any]) -> bool:
    """One frame to one connection; False (and the connection dropped) when it is gone."""
    return _deliver(connection_id, payload)


def _deliver(connection_id: str, payload: dict[str, Any]) -> bool:
    try:
        sender.send(connection_id, payload)
        return True
    except sender.NotConnected:
        logger.info("dropping gone connection", extra={"connection_id": connection_id})
        close_connection(connection_id)
        return False


def _next_seq(user_id: str) -> int:
    """The user's next sequence number: an atomic ADD on the counter row (no read-modify-write)."""
    counter = WsUserEvent(user_id=user_id, seq=0)
    counter.update(actions=[WsUserEvent.last_seq.add(1)])
    return int(counter.last_seq or 0)


def last_seq(user_id: str) -> int:
    try:
        return int(WsUserEvent.get(user_id, 0, consistent_read=True).last_seq or 0)
    except WsUserEvent.DoesNotExist:
        return 0


def _store(user_id: str, event: dict[str, Any]) -> dict[str, Any]:
    """Number the frame and keep it for replay; storing comes first, so what a socket misses is kept."""
    seq = _next_seq(user_id)
    now = clock.now_int()
    framed = {**event, "seq": seq}
    WsUserEvent(user_id=user_id, seq=seq, frame=json.dumps(framed, separators=(",", ":"), default=str),
                at=now, expires_at=now + REPLAY_TTL).save()
    return framed


def events_since(user_id: str, since: int, cursor: str | None, limit: int) -> EventPage:
    """The user's frames with a sequence above `since`, oldest first, cursor-paged."""
    from chalicelib.core import paging
    from chalicelib.realtime.schemas import EventPage

    start = paging.decode(cursor, {"user_id", "seq"}, bound={"user_id": user_id})
    now = clock.now_int()
    result = WsUserEvent.query(user_id, WsUserEvent.seq > max(0, since), consistent_read=True, limit=limit,
                               last_evaluated_key=start)
    rows, key = paging.take(result, limit)
    items = [json.loads(r.frame) for r in rows if r.frame and (r.expires_at or 0) > now]
    return EventPage(items=items, next_cursor=paging.encode(key), last_seq=last_seq(user_id))


def push(user_id: str, event: dict[str, Any]) -> int:
    """Number `event` (the user's `seq`), keep it for replay, and send it to every live connection
    of the user; returns how many received it. A tab that was offline fetches what it missed by
    `GET /realtime/events?since=`."""
    delivered = 0
    now = clock.now_int()
    event = _store(user_id, event)
    for conn in WsConnection.by_user.query(user_id):
        if conn.expires_at <= now:
            continue
        try:
            if _deliver(conn.connection_id, event):
                delivered += 1
        except Exception:  # one broken socket must not stop the others
            logger.exception("push failed", extra={"connection_id": conn.connection_id})
    return delivered


def subscribers(channel: str) -> list[WsSubscription]:
    """The channel's subscriptions (for `publish(..., to=)`, when the caller reads them alongside its
    own writes)."""
    return list(WsSubscription.query(channel))


def publish(channel: str, event: dict[str, Any], exclude: str | None = None,
            to: list[WsSubscription] | None = None) -> int:
    """Send `event` to every subscriber of the channel (but `exclude`, a connection id); `to`: the
    subscriptions, when the caller has read them already. The sends go out side by side."""
    now = clock.now_int()
    frame = {**event, "channel": channel}
    targets = [sub.connection_id for sub in (subscribers(channel) if to is None else to)
               if sub.expires_at > now and sub.connection_id != exclude]

    def send(connection_id: str) -> bool:
        try:
            return _deliver(connection_id, frame)
        except Exception:  # one broken socket must not stop the others
            logger.exception("publish failed", extra={"connection_id": connection_id})
            return False

    if len(targets) <= 1:
        return sum(send(c) for c in targets)
    first, *rest = targets
    return sum(parallel.gather(lambda: send(first), *(lambda c=c: send(c) for c in rest)))


def take_token(connection_id: str, kind: str, per_second: int) -> int:
    """A fixed one-second window per (connection, kind), counted in DynamoDB with a conditional
    ADD (Lambda instances share no memory). Returns 0 when allowed, else the ms until the next window."""
    from pynamodb.exceptions import UpdateError

    now = clock.now()
    second = int(now)
    item = WsRateWindow(window_key=f"{connection_id}#{kind}#{second}")
    try:
        item.update(actions=[WsRateWindow.hits.add(1), WsRateWindow.expires_at.set(second + 60)],
                    condition=WsRateWindow.hits.does_not_exist() | (WsRateWindow.hits < per_second))
    except UpdateError:
        return max(1, int((second + 1 - now) * 1000))
    return 0



# ---------- presence: derived from connections (multi-tab safe, gone with the connection) ----------

def is_online(user_id: str, roles: frozenset[str] | None = None) -> bool:
    now = clock.now_int()
    return any(c.expires_at > now and (roles is None or c.role in roles)
               for c in WsConnection.by_user.query(user_id))


def online_among(user_ids: list[str], roles: frozenset[str] | None = None) -> list[str]:
    """Which of these users has at least one live connection (one Query each, on the user index, side
    by side: a page of cards asks about a dozen at once); `roles` limits the answer to users
    connected in one of those roles."""
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        return []
    first, *rest = ids
    found = parallel.gather(lambda: is_online(first, roles), *(lambda u=u: is_online(u, roles) for u in rest))
    return [u for u, online in zip(ids, found, strict=True) if online]


def online_by_role(role: str, cursor: str | None, limit: int) -> tuple[list[WsConnection], str | None]:
    """Live connections of one role, newest first (the admin's online-users view reads this)."""
    from chalicelib.core import paging

    start = paging.decode(cursor, {"connection_id", "role", "connected_at"}, bound={"role": role})
    result = WsConnection.by_role.query(role, scan_index_forward=False, limit=limit, last_evaluated_key=start,
                                        filter_condition=WsConnection.expires_at > clock.now_int())
    rows, key = paging.take(result, limit)
    return rows, paging.encode(key)


def publish_presence(user_id: str) -> int:
    """A mentor's online state on the public channel (cards and profiles), recounted from the
    connections. Learners are not broadcast: who needs to know reads `GET /presence`."""
    return publish(PUBLIC_LIVE, {"type": "presence", "user_id": user_id, "online": is_online(user_id)})
