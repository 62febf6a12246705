"""Room state derived from storage: topics, recording consent, presence and the timer, attendance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import PutError

from chalicelib.accounts.people import people
from chalicelib.core import clock
from chalicelib.rooms.access import Role, Room
from chalicelib.rooms.models import Attendance, RoomPeer, RoomState

if TYPE_CHECKING:
    from chalicelib.rooms.schemas import AttendeeOut, RecordingStateOut, RoomStateOut, TopicOut

MAX_INTERVALS = 1000  # one room's attendance partition; reconnects add intervals, never this many


def channel(room_code: str) -> str:
    return f"sessions:{room_code}"


def ensure_state(room: Room) -> RoomState:
    try:
        return RoomState.get(room.code, consistent_read=True)
    except RoomState.DoesNotExist:
        pass
    st = RoomState(room_code=room.code, session_id=room.session_id, wb_seq=0, covered={}, recording_status="off",
                   created_at=clock.now_int())
    try:
        st.save(condition=RoomState.room_code.does_not_exist())
    except PutError:  # created by a racing request a moment ago
        return RoomState.get(room.code, consistent_read=True)
    return st


def read_state(room: Room) -> RoomState | None:
    return stored_state(room.code)


def stored_state(room_code: str) -> RoomState | None:
    try:
        return RoomState.get(room_code, consistent_read=True)
    except RoomState.DoesNotExist:
        return None


def topic_key(index: int) -> str:
    return f"t{index}"


def topics(room: Room, st: RoomState | None) -> list[TopicOut]:
    from chalicelib.rooms.schemas import TopicOut

    covered: dict[str, Any] = dict(st.covered.as_dict() if st is not None and st.covered is not None else {})
    out = []
    for i, title in enumerate(room.session.topics or []):
        at = covered.get(topic_key(i))
        out.append(TopicOut(index=i, title=str(title), covered=at is not None,
                            covered_at=clock.iso(float(at)) if at is not None else None))
    return out


def recording(st: RoomState | None) -> RecordingStateOut:
    from chalicelib.rooms.schemas import RecordingStateOut

    if st is None:
        return RecordingStateOut(status="off", asked_by=None, accepted_by=[])
    status = st.recording_status if st.recording_status in ("off", "asked", "recording", "stopped") else "off"
    return RecordingStateOut(status=status, asked_by=st.recording_asked_by,  # type: ignore[arg-type]
                             accepted_by=sorted(st.recording_accepted or []))


def intervals(room_code: str) -> list[Attendance]:
    return list(Attendance.query(room_code, limit=MAX_INTERVALS))


def peers(room_code: str) -> list[RoomPeer]:
    """Every peer row of the room, expired ones included (a mesh holds at most a handful)."""
    return list(RoomPeer.query(room_code, consistent_read=True, limit=100))


def live_peers(room_code: str, exclude: str | None = None) -> list[RoomPeer]:
    now = clock.now_int()
    return [p for p in peers(room_code) if p.expires_at > now and p.connection_id != exclude]


@dataclass(frozen=True)
class Presence:
    both_present: bool
    call_started_at: float | None
    elapsed_seconds: int


def _merge(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def presence(items: list[Attendance]) -> Presence:
    """The timer: time during which the mentor and at least one learner were both in the room
    (derived from the attendance intervals, so it pauses while one side is away)."""
    now = clock.now()
    mentor = _merge([(float(a.joined_at), float(a.left_at) if a.left_at is not None else now)
                     for a in items if a.role == "mentor"])
    learners = _merge([(float(a.joined_at), float(a.left_at) if a.left_at is not None else now)
                       for a in items if a.role == "learner"])
    both = _intersect(mentor, learners)
    open_roles = {a.role for a in items if a.left_at is None}
    return Presence(both_present={"mentor", "learner"} <= open_roles,
                    call_started_at=both[0][0] if both else None,
                    elapsed_seconds=int(sum(end - start for start, end in both)))


def presence_frame(room_code: str, p: Presence | None = None) -> dict[str, Any]:
    p = p or presence(intervals(room_code))
    return {"type": "presence", "room": room_code, "both_present": p.both_present,
            "call_started_at": clock.iso(p.call_started_at) if p.call_started_at is not None else None,
            "elapsed_seconds": p.elapsed_seconds}


def room_state(room: Room, st: RoomState | None = None, p: Presence | None = None) -> RoomStateOut:
    """What a (re)joining peer needs; `st` and `p` when the caller has just read them."""
    from chalicelib.rooms.schemas import RoomStateOut

    st = st or read_state(room)
    p = p or presence(intervals(room.code))
    return RoomStateOut(topics=topics(room, st), recording=recording(st),
                        call_started_at=clock.iso(p.call_started_at) if p.call_started_at is not None else None,
                        elapsed_seconds=p.elapsed_seconds, both_present=p.both_present)


def attendance(room: Room, viewer_id: str, viewer_role: str) -> list[AttendeeOut]:
    """Per participant: merged-by-connection intervals in join order and the total time present.
    The mentor sees everyone; a learner sees the mentor's and their own."""
    from chalicelib.accounts.schemas import name_of
    from chalicelib.rooms.schemas import AttendeeOut, IntervalOut

    items = intervals(room.code)
    now = clock.now()
    users = [room.mentor_id, *room.learner_ids]
    if viewer_role != "mentor":
        users = [u for u in users if u in (room.mentor_id, viewer_id)]
    cards = people(set(users))
    out = []
    for uid in users:
        mine = [a for a in items if a.user_id == uid]
        spans = _merge([(float(a.joined_at), float(a.left_at) if a.left_at is not None else now) for a in mine])
        role: Role = "mentor" if uid == room.mentor_id else "learner"
        out.append(AttendeeOut(
            user_id=uid, name=name_of(cards, uid), role=role,
            intervals=[IntervalOut(joined_at=clock.iso(float(a.joined_at)),
                                   left_at=clock.iso(float(a.left_at)) if a.left_at is not None else None)
                       for a in mine],
            total_seconds=int(sum(end - start for start, end in spans))))
    return out
