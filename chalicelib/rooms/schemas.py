"""Room shapes (docs/room-protocol.md): REST answers and bodies, and the WebSocket frames' parts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from chalicelib.catalog.schemas import SessionOut
from chalicelib.core.clock import iso
from chalicelib.core.schemas import Out, omitted_if_none

if TYPE_CHECKING:
    from chalicelib.rooms.models import ChatMessage, Feedback, RoomFile, WhiteboardBatch

RoomRole = Literal["mentor", "learner"]
Strict = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)
Cursor = Annotated[str, StringConstraints(max_length=1000)]


class ParticipantOut(Out):
    user_id: str
    name: str
    role: RoomRole


class TopicOut(Out):
    index: int
    title: str
    covered: bool
    covered_at: str | None


class RecordingStateOut(Out):
    status: Literal["off", "asked", "recording", "stopped"]
    asked_by: str | None
    accepted_by: list[str]


class RoomStateOut(Out):
    topics: list[TopicOut]
    recording: RecordingStateOut
    call_started_at: str | None
    elapsed_seconds: int
    both_present: bool


class RoomOut(Out):
    room_code: str
    session: SessionOut
    role: RoomRole  # the caller's role in this room
    participants: list[ParticipantOut]
    opens_at: str
    ends_at: str
    state: RoomStateOut
    booking_id: str | None = None  # the calling learner's booking (a gift from the room names it); None for the mentor


# ---------- ICE ----------

class IceServerOut(Out):
    urls: list[str]
    username: str | None = omitted_if_none()
    credential: str | None = omitted_if_none()


class IceServersOut(Out):
    ice_servers: list[IceServerOut]
    expires_at: str
    ice_transport_policy: Literal["all", "relay"]


# ---------- chat and whiteboard ----------

class ChatMessageOut(Out):
    message_id: str
    sender_id: str
    sender_name: str
    sender_role: RoomRole
    text: str
    sent_at: str
    client_id: str

    @classmethod
    def from_model(cls, m: ChatMessage) -> ChatMessageOut:
        role: RoomRole = "mentor" if m.sender_role == "mentor" else "learner"
        return cls(message_id=m.message_id, sender_id=m.sender_id, sender_name=m.sender_name, sender_role=role,
                   text=m.text, sent_at=iso(float(m.sent_at)), client_id=m.client_id)


class ChatPage(Out):
    items: list[ChatMessageOut]
    next_cursor: str | None


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    cursor: Cursor | None = None
    limit: int = Field(default=50, ge=1, le=100)


class BoardQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    cursor: Cursor | None = None
    limit: int = Field(default=200, ge=1, le=200)


class WhiteboardBatchOut(Out):
    seq: int
    sender_id: str
    ops: list[dict[str, Any]]
    sent_at: str

    @classmethod
    def from_model(cls, b: WhiteboardBatch) -> WhiteboardBatchOut:
        return cls(seq=int(b.seq), sender_id=b.sender_id, ops=json.loads(b.ops), sent_at=iso(float(b.sent_at)))


class WhiteboardPage(Out):
    items: list[WhiteboardBatchOut]
    next_cursor: str | None


Unit = Annotated[float, Field(ge=0, le=1)]
StrokeId = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class StrokeOp(BaseModel):
    model_config = ConfigDict(extra="forbid")
    op: Literal["stroke"]
    id: StrokeId
    tool: Literal["pen", "eraser"]
    color: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
    width: Annotated[float, Field(ge=1, le=40)]
    points: Annotated[list[tuple[Unit, Unit]], Field(min_length=1, max_length=2000)]


class UndoOp(BaseModel):
    model_config = ConfigDict(extra="forbid")
    op: Literal["undo"]
    id: StrokeId


class ClearOp(BaseModel):
    model_config = ConfigDict(extra="forbid")
    op: Literal["clear"]


Op = Annotated[StrokeOp | UndoOp | ClearOp, Field(discriminator="op")]


class WhiteboardIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    ops: Annotated[list[Op], Field(min_length=1, max_length=200)]


# ---------- topics, recording consent ----------

class TopicIn(BaseModel):
    model_config = Strict
    covered: bool


class RecordingAnswerIn(BaseModel):
    model_config = Strict
    accept: bool


# ---------- feedback ----------

class FeedbackIn(BaseModel):
    model_config = Strict
    rating: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[str, StringConstraints(max_length=2000)] = ""


class FeedbackOut(Out):
    session_id: str
    learner_id: str
    mentor_id: str
    rating: int
    comment: str
    created_at: str

    @classmethod
    def from_model(cls, f: Feedback) -> FeedbackOut:
        return cls(session_id=f.session_id, learner_id=f.learner_id, mentor_id=f.mentor_id, rating=int(f.rating),
                   comment=f.comment or "", created_at=iso(float(f.created_at)))


# ---------- resources and recordings ----------

Filename = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ResourceIn(BaseModel):
    model_config = Strict
    filename: Filename
    content_type: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    size_bytes: Annotated[int, Field(ge=1, le=10 * 1024 ** 3)]
    kind: Literal["file", "whiteboard"] = "file"


class ResourceUploadOut(Out):
    resource_id: str
    url: str
    fields: dict[str, str]
    expires_in: int


class ResourceOut(Out):
    resource_id: str
    filename: str
    content_type: str
    size_bytes: int
    kind: Literal["file", "whiteboard"]
    uploaded_at: str | None
    download_url: str

    @classmethod
    def from_model(cls, f: RoomFile, download_url: str) -> ResourceOut:
        kind: Literal["file", "whiteboard"] = "whiteboard" if f.kind == "whiteboard" else "file"
        return cls(resource_id=f.file_id, filename=f.filename, content_type=f.content_type,
                   size_bytes=int(f.size_bytes or 0), kind=kind,
                   uploaded_at=iso(float(f.uploaded_at)) if f.uploaded_at else None, download_url=download_url)


class ResourceList(Out):
    items: list[ResourceOut]


class RecordingIn(BaseModel):
    model_config = Strict
    content_type: Literal["video/webm"] = "video/webm"


class RecordingStartOut(Out):
    recording_id: str
    upload_id: str


class PartIn(BaseModel):
    model_config = Strict
    part_number: Annotated[int, Field(ge=1, le=10_000)]


class PartUrlOut(Out):
    url: str
    expires_in: int


class PartDone(BaseModel):
    model_config = Strict
    part_number: Annotated[int, Field(ge=1, le=10_000)]
    etag: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class RecordingCompleteIn(BaseModel):
    model_config = Strict
    parts: Annotated[list[PartDone], Field(min_length=1, max_length=10_000)]


class RecordingOut(Out):
    recording_id: str
    content_type: str
    size_bytes: int
    status: Literal["uploading", "ready"]
    uploaded_at: str | None
    download_url: str | None

    @classmethod
    def from_model(cls, f: RoomFile, download_url: str | None) -> RecordingOut:
        return cls(recording_id=f.file_id, content_type=f.content_type, size_bytes=int(f.size_bytes or 0),
                   status="ready" if f.status == "ready" else "uploading",
                   uploaded_at=iso(float(f.uploaded_at)) if f.uploaded_at else None, download_url=download_url)


class RecordingList(Out):
    items: list[RecordingOut]


# ---------- attendance and the pack ----------

class IntervalOut(Out):
    joined_at: str
    left_at: str | None


class AttendeeOut(Out):
    user_id: str
    name: str
    role: RoomRole
    intervals: list[IntervalOut]
    total_seconds: int


class AttendanceOut(Out):
    items: list[AttendeeOut]


class PackOut(Out):
    session: SessionOut
    topics: list[TopicOut]
    chat: list[ChatMessageOut]
    chat_next_cursor: str | None  # a longer transcript continues at GET /rooms/{code}/chat
    snapshots: list[ResourceOut]
    resources: list[ResourceOut]
    recordings: list[RecordingOut]
    attendance: list[AttendeeOut]
