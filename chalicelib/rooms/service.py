"""Room rules (docs/room-protocol.md): entry, chat, whiteboard, topics, recording consent, ending,
feedback, attendance and the after-session pack. Access: the session's mentor and its confirmed
learners — nobody else (spec 000 §8)."""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.accounts.people import people
from chalicelib.catalog import service as catalog
from chalicelib.core import clock, paging
from chalicelib.core import events as outbox
from chalicelib.core.errors import Conflict, NotFound
from chalicelib.core.guards import Guard
from chalicelib.core.ids import new_id
from chalicelib.core.logging import logger
from chalicelib.core.models import tx_connection
from chalicelib.realtime import service as rt
from chalicelib.rooms import attendance as attendance_log
from chalicelib.rooms import state
from chalicelib.rooms.access import Room, learner_of, member, mentor_of, require_finished
from chalicelib.rooms.events import FeedbackGiven
from chalicelib.rooms.models import Attendance, ChatMessage, Feedback, RoomPeer, RoomState, WhiteboardBatch

if TYPE_CHECKING:
    from chalicelib.catalog.schemas import SessionOut
    from chalicelib.rooms.schemas import (
        ChatMessageOut,
        ChatPage,
        FeedbackIn,
        FeedbackOut,
        PackOut,
        RecordingStateOut,
        RoomOut,
        TopicOut,
        WhiteboardBatchOut,
        WhiteboardPage,
    )

WB_PAGE = 200
PACK_CHAT = 500


def broadcast(code: str, frame: dict[str, Any]) -> None:
    """Tell the room. The change is already stored: a failed broadcast only makes it late (peers
    re-read the state on join), so it never fails the request."""
    try:
        rt.publish(state.channel(code), {**frame, "room": code})
    except Exception:
        logger.exception("room broadcast failed", extra={"room_code": code, "type": frame.get("type")})


# ---------- entry ----------

def enter(user_id: str, role: str, room_code: str) -> RoomOut:
    from chalicelib.accounts.schemas import name_of
    from chalicelib.rooms.schemas import ParticipantOut, RoomOut

    room, me_role = member(room_code, user_id, role)
    cards = people({room.mentor_id, *room.learner_ids})
    participants = [ParticipantOut(user_id=room.mentor_id, name=name_of(cards, room.mentor_id), role="mentor")]
    participants += [ParticipantOut(user_id=uid, name=name_of(cards, uid), role="learner") for uid in room.learner_ids]
    return RoomOut(room_code=room.code, session=catalog.to_out(room.session, cards, show_room=True), role=me_role,
                   participants=participants, opens_at=clock.iso(room.opens_at),
                   ends_at=clock.iso(float(room.session.ends_at)), state=state.room_state(room),
                   booking_id=room.booking_of(user_id) if me_role == "learner" else None)


# ---------- chat ----------

def store_chat(peer: RoomPeer, text: str, client_id: str) -> tuple[ChatMessageOut, bool]:
    """Stored once per (sender, client_id): a retried frame answers the stored message."""
    from chalicelib.rooms.schemas import ChatMessageOut

    now = clock.now()
    message_id = new_id()
    key = f"{int(now * 1000):015d}#{message_id}"
    guard_key = f"room-chat#{peer.room_code}#{peer.user_id}#{client_id}"
    m = ChatMessage(room_code=peer.room_code, message_key=key, message_id=message_id, sender_id=peer.user_id,
                    sender_name=peer.name, sender_role=peer.role, text=text, client_id=client_id, sent_at=now)
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.save(Guard(key=guard_key, owner_id=key, created_at=int(now)), condition=Guard.key.does_not_exist())
            tx.save(m, condition=ChatMessage.message_key.does_not_exist())
    except TransactWriteError:
        try:
            first = Guard.get(guard_key, consistent_read=True)
            stored = ChatMessage.get(peer.room_code, first.owner_id, consistent_read=True)
            return ChatMessageOut.from_model(stored), False
        except (Guard.DoesNotExist, ChatMessage.DoesNotExist):
            raise Conflict("The message could not be stored; send it again.", code="busy") from None
    return ChatMessageOut.from_model(m), True


def chat_page(user_id: str, role: str, room_code: str, cursor: str | None, limit: int) -> ChatPage:
    from chalicelib.rooms.schemas import ChatMessageOut, ChatPage

    room, _ = member(room_code, user_id, role)
    items, last = _chat(room, cursor, limit)
    return ChatPage(items=[ChatMessageOut.from_model(m) for m in items], next_cursor=paging.encode(last))


def _chat(room: Room, cursor: str | None, limit: int) -> tuple[list[ChatMessage], dict[str, Any] | None]:
    start = paging.decode(cursor, {"room_code", "message_key"}, {"room_code": room.code})
    result = ChatMessage.query(room.code, limit=limit, last_evaluated_key=start, page_size=limit)
    return paging.take(result, limit, max_pages=1)


# ---------- whiteboard ----------

def store_wb(peer: RoomPeer, ops: list[dict[str, Any]]) -> WhiteboardBatchOut:
    """`seq` is the room's atomic counter (ADD), so batches have one total order."""
    from chalicelib.rooms.schemas import WhiteboardBatchOut

    st = RoomState(room_code=peer.room_code)
    st.update(actions=[RoomState.wb_seq.add(1)], condition=RoomState.room_code.exists())
    now = clock.now()
    b = WhiteboardBatch(room_code=peer.room_code, seq=int(st.wb_seq), sender_id=peer.user_id,
                        ops=json.dumps(ops, separators=(",", ":")), sent_at=now)
    b.save()
    return WhiteboardBatchOut.from_model(b)


def whiteboard_page(user_id: str, role: str, room_code: str, cursor: str | None, limit: int) -> WhiteboardPage:
    from chalicelib.rooms.schemas import WhiteboardBatchOut, WhiteboardPage

    room, _ = member(room_code, user_id, role)
    size = min(WB_PAGE, limit)
    start = paging.decode(cursor, {"room_code", "seq"}, {"room_code": room.code})
    items, last = paging.take(WhiteboardBatch.query(room.code, limit=size, last_evaluated_key=start,
                                                    page_size=size), size, max_pages=1)
    return WhiteboardPage(items=[WhiteboardBatchOut.from_model(b) for b in items], next_cursor=paging.encode(last))


# ---------- topics ----------

def set_topic(user_id: str, role: str, room_code: str, index: int, covered: bool) -> TopicOut:
    room = mentor_of(room_code, user_id, role)
    titles = list(room.session.topics or [])
    if not 0 <= index < len(titles):
        raise NotFound("This session has no such topic.")
    state.ensure_state(room)
    key = state.topic_key(index)
    path: Any = RoomState.covered[key]  # a document path inside the map
    action = path.set(clock.now()) if covered else path.remove()
    RoomState(room_code=room.code).update(actions=[action], condition=RoomState.room_code.exists())
    topic = state.topics(room, state.read_state(room))[index]
    broadcast(room.code, {"type": "topic", "topic": topic.model_dump(mode="json")})
    return topic


# ---------- recording consent ----------

def _present_users(room: Room) -> set[str]:
    return {p.user_id for p in state.live_peers(room.code)}


def _recording_changed(room: Room) -> RecordingStateOut:
    rec = state.recording(state.read_state(room))
    broadcast(room.code, {"type": "recording", "recording": rec.model_dump(mode="json")})
    return rec


def ask_recording(user_id: str, role: str, room_code: str) -> RecordingStateOut:
    room, _ = member(room_code, user_id, role)
    room.check_open("mentor" if user_id == room.mentor_id else "learner")
    state.ensure_state(room)
    try:
        RoomState(room_code=room.code).update(
            actions=[RoomState.recording_status.set("asked"), RoomState.recording_asked_by.set(user_id),
                     RoomState.recording_accepted.remove()],
            condition=RoomState.recording_status.is_in("off", "stopped"))
    except UpdateError:
        raise Conflict("Recording was already asked for or is running.", code="stale_state") from None
    return _recording_changed(room)


def answer_recording(user_id: str, role: str, room_code: str, accept: bool) -> RecordingStateOut:
    room, _ = member(room_code, user_id, role)
    st = state.read_state(room)
    if st is None or st.recording_status != "asked":
        raise Conflict("Nobody is asking to record right now.", code="stale_state")
    if st.recording_asked_by == user_id:
        raise Conflict("You asked; the others answer.", code="stale_state")
    item = RoomState(room_code=room.code)
    asked = RoomState.recording_status == "asked"
    try:
        if not accept:  # one decline is enough: back to off
            item.update(actions=[RoomState.recording_status.set("off"), RoomState.recording_asked_by.remove(),
                                 RoomState.recording_accepted.remove()], condition=asked)
            return _recording_changed(room)
        item.update(actions=[RoomState.recording_accepted.add({user_id})], condition=asked)
        agreed = set(item.recording_accepted or set()) | {str(st.recording_asked_by)}
        if _present_users(room) <= agreed:  # everyone present said yes: it starts
            item.update(actions=[RoomState.recording_status.set("recording")], condition=asked)
    except UpdateError:
        raise Conflict("The recording request changed meanwhile.", code="stale_state") from None
    return _recording_changed(room)


def stop_recording(user_id: str, role: str, room_code: str) -> RecordingStateOut:
    room, _ = member(room_code, user_id, role)
    try:
        RoomState(room_code=room.code).update(actions=[RoomState.recording_status.set("stopped")],
                                              condition=RoomState.recording_status.is_in("asked", "recording"))
    except UpdateError:
        raise Conflict("Nothing is being recorded.", code="stale_state") from None
    return _recording_changed(room)


# ---------- ending ----------

def end(user_id: str, role: str, room_code: str) -> SessionOut:
    """The mentor ends for everyone: the session completes (catalog's end path), every open
    attendance interval closes, and every peer hears `room.ended`."""
    room = mentor_of(room_code, user_id, role)
    out = catalog.end_session(user_id, room.session_id)
    close_room(room.code, room.session_id, by=user_id, reason="completed")
    return out


def close_room(room_code: str, session_id: str, by: str | None, reason: str) -> None:
    """Everyone hears `room.ended` and leaves; every open attendance interval closes now. Safe to repeat:
    the mentor's End does it at once, and the session's completed/cancelled event does it again (for a
    session the clock completed, or the no-show job cancelled, while someone was still in)."""
    peers = state.live_peers(room_code)
    if peers:
        broadcast(room_code, {"type": "room.ended", "by": by, "reason": reason})
    for peer in peers:
        attendance_log.close_interval(peer, session_id)
        conn = rt.live_connection(peer.connection_id)
        if conn is not None:
            rt.unsubscribe(conn, state.channel(room_code))
    for a in state.intervals(room_code):  # peers whose socket vanished without a $disconnect
        if a.left_at is None:
            with contextlib.suppress(UpdateError):
                a.update(actions=[Attendance.left_at.set(clock.now())], condition=Attendance.left_at.does_not_exist())


# ---------- feedback ----------

def give_feedback(user_id: str, role: str, room_code: str, data: FeedbackIn) -> FeedbackOut:
    from chalicelib.rooms.schemas import FeedbackOut

    room = learner_of(room_code, user_id, role)
    if room.session.status not in ("live", "completed"):
        raise Conflict("Feedback opens once the session has started.", code="stale_state")
    if not any(a.user_id == user_id for a in state.intervals(room.code)):
        raise Conflict("Only a learner who attended can leave feedback.", code="not_attended")
    f = Feedback(session_id=room.session_id, learner_id=user_id, mentor_id=room.mentor_id, room_code=room.code,
                 rating=data.rating, comment=data.comment, created_at=clock.now_int())
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.save(f, condition=Feedback.learner_id.does_not_exist())
            outbox.record(tx, FeedbackGiven(session_id=room.session_id, mentor_id=room.mentor_id, learner_id=user_id,
                                            rating=data.rating))
    except TransactWriteError:
        raise Conflict("You have already reviewed this session.", code="already_reviewed") from None
    return FeedbackOut.from_model(f)


def my_feedback(user_id: str, role: str, room_code: str) -> FeedbackOut:
    from chalicelib.rooms.schemas import FeedbackOut

    room = learner_of(room_code, user_id, role)
    try:
        return FeedbackOut.from_model(Feedback.get(room.session_id, user_id))
    except Feedback.DoesNotExist:
        raise NotFound("You have not reviewed this session yet.") from None


# ---------- attendance and the pack ----------

def attendance(user_id: str, role: str, room_code: str) -> list[Any]:
    room, me_role = member(room_code, user_id, role)
    return state.attendance(room, user_id, me_role)


def pack(user_id: str, role: str, room_code: str) -> PackOut:
    from chalicelib.rooms import files
    from chalicelib.rooms.schemas import ChatMessageOut, PackOut

    room, me_role = member(room_code, user_id, role)
    require_finished(room)
    chat, last = _chat(room, None, PACK_CHAT)
    resources = files.resources_of(room)
    return PackOut(session=catalog.to_out(room.session, people({room.mentor_id}), show_room=True),
                   topics=state.topics(room, state.read_state(room)),
                   chat=[ChatMessageOut.from_model(m) for m in chat], chat_next_cursor=paging.encode(last),
                   snapshots=[r for r in resources if r.kind == "whiteboard"],
                   resources=[r for r in resources if r.kind == "file"],
                   recordings=files.recordings_of(room),
                   attendance=state.attendance(room, user_id, me_role))


# ---------- gifts (from payments' event) ----------

def announce_gift(order_id: str, booking_id: str | None, learner_id: str, amount_paise: int) -> bool:
    """The room hears of a captured gift once (a guard per order), if the gift names a booking."""
    from chalicelib.accounts.schemas import name_of
    from chalicelib.bookings.models import Booking
    from chalicelib.catalog.models import Session

    if not booking_id:
        return False
    try:
        b = Booking.get(booking_id)
        s = Session.get(b.session_id)
    except (Booking.DoesNotExist, Session.DoesNotExist):
        return False
    try:
        Guard(key=f"room-gift#{order_id}", owner_id=s.room_code, created_at=clock.now_int()).save(
            condition=Guard.key.does_not_exist())
    except Exception:  # told already (a redelivered event)
        return False
    broadcast(s.room_code, {"type": "gift", "amount_paise": int(amount_paise), "from_user_id": learner_id,
                            "from_name": name_of(people({learner_id}), learner_id)})
    return True
