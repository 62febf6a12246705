"""Attendance intervals: a peer's join opens one, its leave closes it, each with its domain event
(`room.attendance.joined` / `.left`) in the same transaction (the outbox)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from pynamodb.exceptions import DeleteError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.core import clock
from chalicelib.core import events as outbox
from chalicelib.core.models import tx_connection
from chalicelib.rooms.access import Role, Room
from chalicelib.rooms.events import AttendanceJoined, AttendanceLeft
from chalicelib.rooms.models import Attendance, RoomPeer


def open_interval(room: Room, role: Role, cid: str, user_id: str, name: str, expires_at: int,
                  media: dict[str, bool] | None = None,
                  also: Callable[[TransactWrite], None] | None = None) -> RoomPeer:
    """The peer row and its attendance interval, with `room.attendance.joined`, in one transaction;
    `also` adds the caller's own writes to it (the join's channel subscription)."""
    now = clock.now()
    key = f"{int(now * 1000):015d}#{cid}"
    peer = RoomPeer(room_code=room.code, connection_id=cid, user_id=user_id, name=name, role=role,
                    interval_key=key, joined_at=now, expires_at=expires_at)
    if media:
        peer.audio, peer.video, peer.screen = ("1" if media[k] else "0" for k in ("audio", "video", "screen"))
    interval = Attendance(room_code=room.code, interval_key=key, session_id=room.session_id, user_id=user_id,
                          role=role, connection_id=cid, joined_at=now)
    with TransactWrite(connection=tx_connection()) as tx:
        tx.save(peer, condition=RoomPeer.connection_id.does_not_exist())
        tx.save(interval, condition=Attendance.interval_key.does_not_exist())
        outbox.record(tx, AttendanceJoined(session_id=room.session_id, room_code=room.code, user_id=user_id,
                                           role=role, at=clock.iso(now)))
        if also is not None:
            also(tx)
    return peer


def close_interval(peer: RoomPeer, session_id: str) -> bool:
    """Delete the peer and close its attendance interval, with `room.attendance.left`, in one
    transaction; False when another leave got there first."""
    now = clock.now()
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.delete(peer, condition=RoomPeer.connection_id.exists())
            tx.update(Attendance(room_code=peer.room_code, interval_key=peer.interval_key),
                      actions=[Attendance.left_at.set(now)],
                      condition=Attendance.interval_key.exists() & Attendance.left_at.does_not_exist())
            outbox.record(tx, AttendanceLeft(session_id=session_id, room_code=peer.room_code, user_id=peer.user_id,
                                             role=peer.role, at=clock.iso(now)))
    except TransactWriteError:
        with contextlib.suppress(DeleteError):
            peer.delete()
        return False
    return True


def attendees(room_code: str, until: float | None = None) -> dict[str, str]:
    """Who came to the room (user id → role), from its attendance intervals: one Query of the room's
    partition. With `until`, only those who had joined by then (the no-show check at start + 10)."""
    came: dict[str, str] = {}
    for interval in Attendance.query(room_code, consistent_read=True):
        if until is None or float(interval.joined_at) <= until:
            came[str(interval.user_id)] = str(interval.role)
    return came


def feedback_givers(session_id: str) -> set[str]:
    """The learners who already gave feedback on a session (one Query of its partition)."""
    from chalicelib.rooms.models import Feedback

    return {str(f.learner_id) for f in Feedback.query(session_id, consistent_read=True)}
