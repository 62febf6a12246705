"""The room over the WebSocket API: `{"action": "room", "type": ..., "room": code}` frames.

Peers are connections. The sender is always the connection (never a field of the frame); a frame
is relayed only to peers of the same room. Every kind has a size limit and a per-connection rate
limit counted in DynamoDB (`realtime.service.take_token`). Bad input gets an `error` frame and
changes nothing.
"""

from __future__ import annotations

import json
from typing import Any

from pynamodb.exceptions import TransactWriteError

from chalicelib.core import clock, parallel
from chalicelib.core.errors import AccessDenied, DomainError
from chalicelib.core.logging import logger
from chalicelib.realtime import service as rt
from chalicelib.rooms import attendance, state
from chalicelib.rooms.access import Role, Room, load_room
from chalicelib.rooms.models import Attendance, RoomPeer

KB = 1024
# kind → (frames per second per connection, largest frame in bytes)
LIMITS: dict[str, tuple[int, int]] = {
    "join": (5, 2 * KB), "leave": (5, 2 * KB), "signal": (60, 16 * KB), "media": (5, 2 * KB),
    "chat": (5, 8 * KB), "wb": (20, 24 * KB + 2 * KB), "quality": (1, 2 * KB),
}
WB_BATCH_BYTES = 24 * KB
RELAYED_ONLY = ("signal", "quality")  # kinds that only pass through: they read no peer row
CHAT_MAX = 2000
CLIENT_ID_MAX = 40


class RoomError(DomainError):
    """An `error` frame: `bad_message`, `not_in_room`, `unknown_peer`, `too_large`, `rate_limited`."""


def _frame_error(code: str, message: str, **extra: Any) -> RoomError:
    return RoomError(message, code=code, **extra)


# ---------- registration (called from app.py's wiring) ----------

def register(ws_handlers: Any) -> None:
    # LIMITS: per kind and connection, below; the frame's rate token and peer row are read alongside
    # the connection (`prefetch`)
    ws_handlers.on_prefetched_action("room", prefetch, handle)
    rt.allow_channel("sessions:", may_subscribe)
    ws_handlers.on_disconnect_hook("rooms", on_close)


def may_subscribe(conn: Any, room_code: str) -> bool:
    """The `sessions:{room_code}` channel: a participant, while the room is open."""
    try:
        room = load_room(room_code)
    except DomainError:
        return False
    role = room.role_of(conn.user_id)
    return role is not None and room.is_open(role)


def on_close(conn: Any) -> None:
    """`$disconnect` (or a connection found gone) is a leave of every room it joined."""
    for ch in list(getattr(conn, "channels", None) or []):
        if ch.startswith("sessions:"):
            code = ch[len("sessions:"):]
            try:
                peer = RoomPeer.get(code, conn.connection_id, consistent_read=True)
            except RoomPeer.DoesNotExist:
                continue
            leave_peer(peer, notify_self=None)


# ---------- the dispatcher ----------

_NOT_READ = object()  # a peer row prefetch() did not read (None: read, and not there)


def _kind_and_size(msg: dict[str, Any]) -> tuple[str, str]:
    kind = msg.get("type")
    code = msg.get("room")
    if not isinstance(kind, str) or kind not in LIMITS:
        raise _frame_error("bad_message", "Unknown room message type.")
    if not isinstance(code, str) or not code or len(code) > 64:
        raise _frame_error("bad_message", "A room code is required.")
    max_bytes = LIMITS[kind][1]
    if len(json.dumps(msg, separators=(",", ":")).encode()) > max_bytes:
        raise _frame_error("too_large", f"A {kind} message is limited to {max_bytes // KB} KB.")
    return kind, code


def _peer_row(code: str, connection_id: str) -> RoomPeer | None:
    try:
        return RoomPeer.get(code, connection_id, consistent_read=True)
    except RoomPeer.DoesNotExist:
        return None


def prefetch(connection_id: str, msg: dict[str, Any]) -> list[Any]:
    """The reads a well-formed frame needs whoever sent it, run alongside the connection's read: the
    kind's rate token, and the peer row it acts on (a signal's target, or the sender's own row).
    A malformed frame reads nothing: `handle` answers its error."""
    try:
        kind, code = _kind_and_size(msg)
    except RoomError:
        return []
    thunks: list[Any] = [lambda: rt.take_token(connection_id, kind, LIMITS[kind][0])]
    to = msg.get("to")
    if kind == "join":  # the room (session and seats), its peers, its state and attendance: see join()
        thunks += [lambda: _room_or_none(code), lambda: state.peers(code), lambda: state.stored_state(code),
                   lambda: state.intervals(code)]
    elif kind == "signal" and isinstance(to, str) and 0 < len(to) <= 128 and to != connection_id:
        thunks.append(lambda: _peer_row(code, to))
    elif kind in ("leave", "media", "chat", "wb"):
        thunks.append(lambda: _peer_row(code, connection_id))
    return thunks


def handle(conn: Any, msg: dict[str, Any], early: list[Any] | None = None) -> None:
    kind, code = _kind_and_size(msg)
    early = early or []
    wait_ms = early[0] if early else rt.take_token(conn.connection_id, kind, LIMITS[kind][0])
    if wait_ms:
        raise _frame_error("rate_limited", f"Too many {kind} messages; slow down.", retry_after_ms=wait_ms)
    row = early[1] if len(early) > 1 else _NOT_READ
    if kind == "join":
        join(conn, code, _join_media(msg.get("media")), tuple(early[1:]) if len(early) == 5 else None)
        return
    if kind in RELAYED_ONLY:
        # A relay needs no peer row of its sender: the connection's own channel set (read with the
        # connection, a consistent read) says it joined and has not left.
        if state.channel(code) not in (getattr(conn, "channels", None) or ()):
            raise _frame_error("not_in_room", "Join the room first.")
        relay = RoomPeer(room_code=code, connection_id=conn.connection_id)
        if kind == "signal":
            _signal(relay, msg, row)
        else:
            _quality(relay, msg)
        return
    peer = _peer(code, conn.connection_id, row)
    if kind == "leave":
        leave_peer(peer, notify_self=conn.connection_id)
    elif kind == "media":
        _media(peer, msg)
    elif kind == "chat":
        _chat(peer, msg)
    elif kind == "wb":
        _wb(peer, msg)


def _peer(code: str, connection_id: str, row: Any = _NOT_READ) -> RoomPeer:
    peer = _peer_row(code, connection_id) if row is _NOT_READ else row
    if peer is None:
        raise _frame_error("not_in_room", "Join the room first.")
    if peer.expires_at <= clock.now_int():
        raise _frame_error("not_in_room", "Join the room first.")
    return peer


def peer_out(p: RoomPeer) -> dict[str, Any]:
    return {"peer_id": p.connection_id, "user_id": p.user_id, "name": p.name, "role": p.role,
            "media": {"audio": p.audio == "1", "video": p.video == "1", "screen": p.screen == "1"}}


def broadcast(code: str, frame: dict[str, Any], exclude: str | None = None,
              to: list[Any] | None = None) -> None:
    rt.publish(state.channel(code), {**frame, "room": code}, exclude=exclude, to=to)


# ---------- join and leave ----------

def _join_media(media: Any) -> dict[str, bool] | None:
    """The joiner's mute/camera/screen state rides on the join (no separate `media` frame to relay)."""
    if media is None:
        return None
    if not isinstance(media, dict) or set(media) != {"audio", "video", "screen"} \
            or not all(isinstance(v, bool) for v in media.values()):
        raise _frame_error("bad_message", "`media` needs audio, video and screen as true/false.")
    return media


def _room_or_none(code: str) -> Room | None:
    try:
        return load_room(code)
    except DomainError:
        return None


def join(conn: Any, code: str, media: dict[str, bool] | None = None,
         early: tuple[Any, ...] | None = None) -> None:
    """`early`: (room, peers, stored state, attendance intervals) read alongside the connection
    (`prefetch`). Before `room.joined` goes out: the joiner's name, then its attendance transaction
    beside its channel set; the others hear of it afterwards, from one read of the subscribers."""
    from chalicelib.accounts.people import people
    from chalicelib.accounts.schemas import name_of

    room, peers, stored, intervals = early if early is not None else (_room_or_none(code), None, None, None)
    if room is None:
        raise AccessDenied()
    role = room.role_of(conn.user_id)
    if role is None:
        raise AccessDenied()
    room.check_open(role)
    st = stored if stored is not None else state.ensure_state(room)  # the mentor's first join creates it
    cid = conn.connection_id
    # One read of the room's peers: this connection's own row (a join again on the same socket) and
    # the others.
    peers = state.peers(code) if peers is None else peers
    existing: RoomPeer | None = next((p for p in peers if p.connection_id == cid), None)
    now = clock.now_int()
    # The newer tab of the same user takes over: the older one is told and leaves.
    others = []
    for old in (p for p in peers if p.connection_id != cid and p.expires_at > now):
        if old.user_id != conn.user_id:
            others.append(old)
            continue
        rt.send_to(old.connection_id, {"type": "room.replaced", "room": code,
                                       "message": "You joined this room from another tab."})
        leave_peer(old, notify_self=None)
    if existing is None:
        name = name_of(people({conn.user_id}), conn.user_id)
        channel = state.channel(code)
        # the channel set before room.joined (the relays check it), written beside the transaction
        opened, _ = parallel.gather(lambda: _open_interval_once(room, role, conn, name, media, channel),
                                    lambda: rt.add_channel(conn, channel))
        if opened is None:  # another join on this socket won the race: it announced us
            existing = _peer_row(code, cid)
            if existing is None:
                raise _frame_error("join_conflict", "The room was busy; joining again.", retry_after_ms=500)
            me, intervals = existing, None  # read again below: the winner's interval is not in ours
        else:
            me = opened
            if intervals is not None:
                intervals = [*intervals, _interval_of(opened, room.session_id)]
    else:
        me = existing
        if media is not None:
            _store_media(me, media)
        rt.subscribe_checked(conn, state.channel(code))
    # The joiner's state and everyone's presence frame come from the same intervals, ours included.
    here = state.presence(state.intervals(code) if intervals is None else intervals)
    rt.send_to(cid, {"type": "room.joined", "room": code, "you": cid, "peers": [peer_out(p) for p in others],
                     "state": state.room_state(room, st, here).model_dump(mode="json")})
    if existing is None:
        subscribers = rt.subscribers(state.channel(code))
        broadcast(code, {"type": "peer.joined", "peer": peer_out(me)}, exclude=cid, to=subscribers)
        broadcast(code, state.presence_frame(code, here), to=subscribers)


def _interval_of(peer: RoomPeer, session_id: str) -> Attendance:
    """The attendance interval `open_interval` wrote with this peer row (same key, same start)."""
    return Attendance(room_code=peer.room_code, interval_key=peer.interval_key, session_id=session_id,
                      user_id=peer.user_id, role=peer.role, connection_id=peer.connection_id,
                      joined_at=peer.joined_at)


def _open_interval_once(room: Room, role: Role, conn: Any, name: str, media: dict[str, bool] | None,
                        channel: str) -> RoomPeer | None:
    """None when the transaction was cancelled: a second join on the same socket (sent again, or
    retried by the client) wrote the peer row between our read of the peers and this write, or a
    concurrent transaction on one of its items conflicted (DynamoDB's TransactionConflict)."""
    try:
        return attendance.open_interval(room, role, conn.connection_id, conn.user_id, name,
                                        int(conn.expires_at), media,
                                        also=lambda tx: tx.save(rt.subscription(conn, channel)))
    except TransactWriteError as err:
        logger.info("room join transaction cancelled", extra={"room": room.code, "reason": str(err)[:200]})
        return None


def leave_peer(peer: RoomPeer, notify_self: str | None, announce: bool = True) -> None:
    code = peer.room_code
    session_id = _session_id(code)
    closed = attendance.close_interval(peer, session_id)
    try:
        conn = rt.live_connection(peer.connection_id)
        if conn is not None:
            rt.unsubscribe(conn, state.channel(code))
    except Exception:  # the connection is closing anyway
        logger.debug("unsubscribe on leave failed", extra={"connection_id": peer.connection_id})
    if notify_self:
        rt.send_to(notify_self, {"type": "room.left", "room": code})
    if closed and announce:
        broadcast(code, {"type": "peer.left", "peer": peer_out(peer)})
        broadcast(code, state.presence_frame(code))


def _session_id(code: str) -> str:
    from chalicelib.rooms.models import RoomState

    try:
        return str(RoomState.get(code).session_id)
    except RoomState.DoesNotExist:
        return load_room(code).session_id


# ---------- relay ----------

SDP_TYPES = ("offer", "answer", "pranswer", "rollback")
MAX_CANDIDATES = 32
CANDIDATE_KEYS = {"candidate", "sdpMid", "sdpMLineIndex", "usernameFragment"}


def _candidate(candidate: Any) -> dict[str, Any]:
    if not isinstance(candidate, dict) or set(candidate) - CANDIDATE_KEYS \
            or not isinstance(candidate.get("candidate", ""), str):
        raise _frame_error("bad_message", "`candidate` must be an RTCIceCandidateInit.")
    return candidate


def _signal(peer: RoomPeer, msg: dict[str, Any], row: Any = _NOT_READ) -> None:
    to = msg.get("to")
    if not isinstance(to, str) or not to or len(to) > 128:
        raise _frame_error("bad_message", "A signal needs `to`: a peer id.")
    given = [k for k in ("description", "candidate", "candidates") if msg.get(k) is not None]
    if len(given) != 1:
        raise _frame_error("bad_message", "A signal carries one of `description`, `candidate` or `candidates`.")
    out: dict[str, Any] = {"type": "signal", "room": peer.room_code, "from": peer.connection_id}
    if given[0] == "description":
        description = msg["description"]
        if (not isinstance(description, dict) or description.get("type") not in SDP_TYPES
                or not isinstance(description.get("sdp", ""), str) or set(description) - {"type", "sdp"}):
            raise _frame_error("bad_message", "`description` must be {type, sdp}.")
        out["description"] = {"type": description["type"], "sdp": description.get("sdp", "")}
    elif given[0] == "candidate":
        out["candidate"] = _candidate(msg["candidate"])
    else:  # a burst of trickled candidates in one frame: one relay instead of one per candidate
        batch = msg["candidates"]
        if not isinstance(batch, list) or not 1 <= len(batch) <= MAX_CANDIDATES:
            raise _frame_error("bad_message", f"`candidates` is a list of 1 to {MAX_CANDIDATES} candidates.")
        out["candidates"] = [_candidate(c) for c in batch]
    if to == peer.connection_id:
        raise _frame_error("unknown_peer", "You can't signal yourself.")
    target = _peer_row(peer.room_code, to) if row is _NOT_READ else row
    if target is None or target.expires_at <= clock.now_int():
        raise _frame_error("unknown_peer", "That peer is not in this room.")
    if not rt.send_to(target.connection_id, out):
        raise _frame_error("unknown_peer", "That peer has left.")


def _media(peer: RoomPeer, msg: dict[str, Any]) -> None:
    flags = {k: msg.get(k) for k in ("audio", "video", "screen")}
    if not all(isinstance(v, bool) for v in flags.values()):
        raise _frame_error("bad_message", "`media` needs audio, video and screen as true/false.")
    _store_media(peer, flags)
    broadcast(peer.room_code, {"type": "media", "from": peer.connection_id, **flags}, exclude=peer.connection_id)


def _store_media(peer: RoomPeer, flags: dict[str, Any]) -> None:
    peer.update(actions=[RoomPeer.audio.set("1" if flags["audio"] else "0"),
                         RoomPeer.video.set("1" if flags["video"] else "0"),
                         RoomPeer.screen.set("1" if flags["screen"] else "0")],
                condition=RoomPeer.connection_id.exists())


def _quality(peer: RoomPeer, msg: dict[str, Any]) -> None:
    level = msg.get("level")
    if level not in ("good", "fair", "poor"):
        raise _frame_error("bad_message", "`level` is good, fair or poor.")
    broadcast(peer.room_code, {"type": "quality", "from": peer.connection_id, "level": level},
              exclude=peer.connection_id)


# ---------- stored: chat and whiteboard ----------

def _chat(peer: RoomPeer, msg: dict[str, Any]) -> None:
    from chalicelib.rooms import service

    text, client_id = msg.get("text"), msg.get("client_id")
    if not isinstance(text, str) or not 1 <= len(text.strip()) <= CHAT_MAX:
        raise _frame_error("bad_message", f"A chat message is 1 to {CHAT_MAX} characters.")
    if not isinstance(client_id, str) or not 1 <= len(client_id) <= CLIENT_ID_MAX:
        raise _frame_error("bad_message", f"`client_id` is 1 to {CLIENT_ID_MAX} characters.")
    # Stored while the room's subscribers are read: the broadcast waits on one round trip, not two.
    # A peer subscribing within that round trip gets the message from the history it reads after
    # `room.joined` (an HTTP call, slower than the store's one write).
    (message, fresh), subs = parallel.gather(lambda: service.store_chat(peer, text.strip(), client_id),
                                             lambda: rt.subscribers(state.channel(peer.room_code)))
    frame = {"type": "chat", "message": message.model_dump(mode="json")}
    if fresh:
        broadcast(peer.room_code, frame, to=subs)
    else:  # a retry of a stored message: only the sender hears it again
        rt.send_to(peer.connection_id, {**frame, "room": peer.room_code})


def _wb(peer: RoomPeer, msg: dict[str, Any]) -> None:
    from pydantic import ValidationError

    from chalicelib.rooms import service
    from chalicelib.rooms.schemas import WhiteboardIn

    try:
        batch = WhiteboardIn.model_validate({"ops": msg.get("ops")})
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise _frame_error("bad_message", f"Bad whiteboard ops ({where}: {first.get('msg', 'invalid')}).") from None
    ops = [op.model_dump(mode="json") for op in batch.ops]
    if len(json.dumps(ops, separators=(",", ":")).encode()) > WB_BATCH_BYTES:
        raise _frame_error("too_large", "A whiteboard batch is limited to 24 KB; send it in parts.")
    if peer.role != "mentor" and any(op["op"] == "clear" for op in ops):
        raise AccessDenied("Only the mentor can clear the board.")
    out, subs = parallel.gather(lambda: service.store_wb(peer, ops),
                                lambda: rt.subscribers(state.channel(peer.room_code)))
    broadcast(peer.room_code, {"type": "wb", "batch": out.model_dump(mode="json")}, to=subs)
