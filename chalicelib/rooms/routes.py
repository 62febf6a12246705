"""The live room's REST side (docs/room-protocol.md). The WebSocket side is `rooms.signaling`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.core.access import LEARNER, MENTOR, allow
from chalicelib.core.errors import NotFound
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

# Services (and the PynamoDB models behind them) load on the first request, not at cold start;
# mypy sees the real modules, so every route → service call is type checked.
if TYPE_CHECKING:
    from chalicelib.catalog import schemas as cs
    from chalicelib.rooms import files, ice, service
    from chalicelib.rooms import schemas as s
else:
    s = schemas("chalicelib.rooms.schemas")
    cs = schemas("chalicelib.catalog.schemas")
    service = lazy_module("chalicelib.rooms.service")
    files = lazy_module("chalicelib.rooms.files")
    ice = lazy_module("chalicelib.rooms.ice")

bp = Blueprint(__name__)

PARTICIPANTS = allow(LEARNER, MENTOR)
MENTOR_ONLY = allow(MENTOR)
LEARNER_ONLY = allow(LEARNER)
ROOM = "/rooms/{room_code}"


@api_route(bp, ROOM, access=PARTICIPANTS, response=s.RoomOut)
def enter(ctx: Ctx, room_code: str) -> s.RoomOut:
    """What the room page needs — for the session's mentor and its confirmed learners only."""
    return service.enter(ctx.user.user_id, ctx.user.role, room_code)


@api_route(bp, ROOM + "/ice-servers", access=PARTICIPANTS, response=s.IceServersOut)
def ice_servers(ctx: Ctx, room_code: str) -> s.IceServersOut:
    """STUN/TURN servers with time-limited TURN credentials for this user and room."""
    return ice.ice_servers(ctx.user.user_id, ctx.user.role, room_code)


@api_route(bp, ROOM + "/chat", access=PARTICIPANTS, query=s.PageQuery, response=s.ChatPage)
def chat(ctx: Ctx, q: s.PageQuery, room_code: str) -> s.ChatPage:
    """The room's chat, oldest first, paged."""
    return service.chat_page(ctx.user.user_id, ctx.user.role, room_code, q.cursor, q.limit)


@api_route(bp, ROOM + "/whiteboard", access=PARTICIPANTS, query=s.BoardQuery, response=s.WhiteboardPage)
def whiteboard(ctx: Ctx, q: s.BoardQuery, room_code: str) -> s.WhiteboardPage:
    """The whiteboard's batches in `seq` order, paged (a late joiner replays them all)."""
    return service.whiteboard_page(ctx.user.user_id, ctx.user.role, room_code, q.cursor, q.limit)


def _index(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 4:
        raise NotFound("This session has no such topic.")
    return int(raw)


@api_route(bp, ROOM + "/topics/{index}", methods=["PUT"], access=MENTOR_ONLY, body=s.TopicIn, response=s.TopicOut)
def topic(ctx: Ctx, data: s.TopicIn, room_code: str, index: str) -> s.TopicOut:
    """The mentor ticks (or unticks) a topic as covered; everyone in the room sees it."""
    return service.set_topic(ctx.user.user_id, ctx.user.role, room_code, _index(index), data.covered)


@api_route(bp, ROOM + "/end", methods=["POST"], access=MENTOR_ONLY, response=cs.SessionOut)
def end(ctx: Ctx, room_code: str) -> cs.SessionOut:
    """The mentor ends the call for everyone and completes the session."""
    return service.end(ctx.user.user_id, ctx.user.role, room_code)


@api_route(bp, ROOM + "/feedback", methods=["POST"], access=LEARNER_ONLY, body=s.FeedbackIn, response=s.FeedbackOut,
           status=201)
def feedback(ctx: Ctx, data: s.FeedbackIn, room_code: str) -> s.FeedbackOut:
    """1–5 stars and a comment, once per learner per session, after attending."""
    return service.give_feedback(ctx.user.user_id, ctx.user.role, room_code, data)


@api_route(bp, ROOM + "/feedback/mine", access=LEARNER_ONLY, response=s.FeedbackOut)
def my_feedback(ctx: Ctx, room_code: str) -> s.FeedbackOut:
    """Your feedback on this session (404 if none yet)."""
    return service.my_feedback(ctx.user.user_id, ctx.user.role, room_code)


@api_route(bp, ROOM + "/resources", methods=["POST"], access=MENTOR_ONLY, body=s.ResourceIn,
           response=s.ResourceUploadOut, status=201)
def start_resource(ctx: Ctx, data: s.ResourceIn, room_code: str) -> s.ResourceUploadOut:
    """A presigned S3 POST for a resource or a whiteboard snapshot (type allow-list, size limit)."""
    return files.start_resource(ctx.user.user_id, ctx.user.role, room_code, data)


@api_route(bp, ROOM + "/resources/{resource_id}/complete", methods=["POST"], access=MENTOR_ONLY,
           response=s.ResourceOut)
def complete_resource(ctx: Ctx, room_code: str, resource_id: str) -> s.ResourceOut:
    """Checks the uploaded object (HEAD: type and size) and lists it."""
    return files.complete_resource(ctx.user.user_id, ctx.user.role, room_code, resource_id)


@api_route(bp, ROOM + "/resources", access=PARTICIPANTS, response=s.ResourceList)
def resources(ctx: Ctx, room_code: str) -> s.ResourceList:
    """The session's files and snapshots with 5-minute download links."""
    return s.ResourceList(items=files.list_resources(ctx.user.user_id, ctx.user.role, room_code))


@api_route(bp, ROOM + "/recording/ask", methods=["POST"], access=PARTICIPANTS, response=s.RecordingStateOut)
def ask_recording(ctx: Ctx, room_code: str) -> s.RecordingStateOut:
    """Ask everyone present to consent to recording."""
    return service.ask_recording(ctx.user.user_id, ctx.user.role, room_code)


@api_route(bp, ROOM + "/recording/answer", methods=["POST"], access=PARTICIPANTS, body=s.RecordingAnswerIn,
           response=s.RecordingStateOut)
def answer_recording(ctx: Ctx, data: s.RecordingAnswerIn, room_code: str) -> s.RecordingStateOut:
    """Accept or decline; recording starts once everyone present accepted."""
    return service.answer_recording(ctx.user.user_id, ctx.user.role, room_code, data.accept)


@api_route(bp, ROOM + "/recording/stop", methods=["POST"], access=PARTICIPANTS, response=s.RecordingStateOut)
def stop_recording(ctx: Ctx, room_code: str) -> s.RecordingStateOut:
    """Stop recording (anyone may)."""
    return service.stop_recording(ctx.user.user_id, ctx.user.role, room_code)


@api_route(bp, ROOM + "/recordings", methods=["POST"], access=MENTOR_ONLY, body=s.RecordingIn,
           response=s.RecordingStartOut, status=201)
def start_recording(ctx: Ctx, data: s.RecordingIn, room_code: str) -> s.RecordingStartOut:
    """Starts an S3 multipart upload for the recording (only while everyone consented)."""
    return files.start_recording(ctx.user.user_id, ctx.user.role, room_code, data.content_type)


@api_route(bp, ROOM + "/recordings/{recording_id}/parts", methods=["POST"], access=MENTOR_ONLY, body=s.PartIn,
           response=s.PartUrlOut)
def recording_part(ctx: Ctx, data: s.PartIn, room_code: str, recording_id: str) -> s.PartUrlOut:
    """A presigned UploadPart URL for one part."""
    return files.part_url(ctx.user.user_id, ctx.user.role, room_code, recording_id, data.part_number)


@api_route(bp, ROOM + "/recordings/{recording_id}/complete", methods=["POST"], access=MENTOR_ONLY,
           body=s.RecordingCompleteIn, response=s.RecordingOut)
def complete_recording(ctx: Ctx, data: s.RecordingCompleteIn, room_code: str, recording_id: str) -> s.RecordingOut:
    """Completes the multipart upload."""
    return files.complete_recording(ctx.user.user_id, ctx.user.role, room_code, recording_id, data.parts)


@api_route(bp, ROOM + "/recordings", access=PARTICIPANTS, response=s.RecordingList)
def recordings(ctx: Ctx, room_code: str) -> s.RecordingList:
    """The session's recordings with 5-minute download links."""
    return s.RecordingList(items=files.list_recordings(ctx.user.user_id, ctx.user.role, room_code))


@api_route(bp, ROOM + "/attendance", access=PARTICIPANTS, response=s.AttendanceOut)
def attendance(ctx: Ctx, room_code: str) -> s.AttendanceOut:
    """Join and leave times (the mentor sees everyone; a learner the mentor and themselves)."""
    return s.AttendanceOut(items=service.attendance(ctx.user.user_id, ctx.user.role, room_code))


@api_route(bp, ROOM + "/pack", access=PARTICIPANTS, response=s.PackOut)
def pack(ctx: Ctx, room_code: str) -> s.PackOut:
    """After the session: topics, transcript, snapshots, resources, recordings, attendance."""
    return service.pack(ctx.user.user_id, ctx.user.role, room_code)
