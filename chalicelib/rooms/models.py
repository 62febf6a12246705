"""The live room's storage: state, peers, attendance, chat, whiteboard, files, feedback.

Every table is keyed by the room code (or the session id) so every read is a Query of one
partition; nothing here is ever scanned. See docs/data-model.md (Rooms).
"""

from __future__ import annotations

from pynamodb.attributes import (
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.core.models import BaseModel, EnvTableMeta


class RoomState(BaseModel):
    """One item per room: the whiteboard's `seq` counter, the topics ticked, the recording consent."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "rooms"

    room_code = UnicodeAttribute(hash_key=True)
    session_id = UnicodeAttribute()
    wb_seq = NumberAttribute(default=0)  # atomic ADD per whiteboard batch
    covered: MapAttribute[str, float] = MapAttribute(default=dict)  # "t{index}" → covered_at
    recording_status = UnicodeAttribute(default="off")  # off | asked | recording | stopped
    recording_asked_by = UnicodeAttribute(null=True)
    recording_accepted = UnicodeSetAttribute(null=True)
    created_at = NumberAttribute()


class RoomPeer(BaseModel):
    """A connection that joined the room (a peer; `peer_id` = connection id). TTL as the connection."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "room-peers"
        ttl_attribute_name = "expires_at"

    room_code = UnicodeAttribute(hash_key=True)
    connection_id = UnicodeAttribute(range_key=True)
    user_id = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()  # mentor | learner
    audio = UnicodeAttribute(default="1")
    video = UnicodeAttribute(default="1")
    screen = UnicodeAttribute(default="0")
    interval_key = UnicodeAttribute()  # the open attendance interval of this peer
    joined_at = NumberAttribute()
    expires_at = NumberAttribute()


class Attendance(BaseModel):
    """One presence interval of one peer: join time, leave time (null while in the room)."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "room-attendance"

    room_code = UnicodeAttribute(hash_key=True)
    interval_key = UnicodeAttribute(range_key=True)  # f"{joined_ms:015d}#{connection_id}"
    session_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    role = UnicodeAttribute()
    connection_id = UnicodeAttribute()
    joined_at = NumberAttribute()  # seconds (float)
    left_at = NumberAttribute(null=True)


class ChatMessage(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "room-chat"

    room_code = UnicodeAttribute(hash_key=True)
    message_key = UnicodeAttribute(range_key=True)  # f"{sent_ms:015d}#{message_id}": oldest first
    message_id = UnicodeAttribute()
    sender_id = UnicodeAttribute()
    sender_name = UnicodeAttribute()
    sender_role = UnicodeAttribute()
    text = UnicodeAttribute()
    client_id = UnicodeAttribute()
    sent_at = NumberAttribute()


class WhiteboardBatch(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "room-whiteboard"

    room_code = UnicodeAttribute(hash_key=True)
    seq = NumberAttribute(range_key=True)
    sender_id = UnicodeAttribute()
    ops = UnicodeAttribute()  # JSON list of ops, ≤ 24 KB
    sent_at = NumberAttribute()


class RoomFile(BaseModel):
    """A resource (`file`), a whiteboard snapshot (`whiteboard`) or a recording (`recording`)."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "room-files"

    room_code = UnicodeAttribute(hash_key=True)
    file_id = UnicodeAttribute(range_key=True)  # f"{created_ms:015d}{random}": upload order
    kind = UnicodeAttribute()  # file | whiteboard | recording
    status = UnicodeAttribute()  # pending | ready
    s3_key = UnicodeAttribute()
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size_bytes = NumberAttribute(default=0)
    upload_id = UnicodeAttribute(null=True)  # S3 multipart upload (recordings)
    owner_id = UnicodeAttribute()
    created_at = NumberAttribute()
    uploaded_at = NumberAttribute(null=True)


class FeedbackByMentor(GlobalSecondaryIndex["Feedback"]):
    """A mentor's reviews, newest first (the reviews list and ratings of a later issue)."""

    class Meta:
        index_name = "by-mentor"
        projection = AllProjection()

    mentor_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class Feedback(BaseModel):
    """One per learner per session: a conditional put (`attribute_not_exists`)."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "feedback"

    session_id = UnicodeAttribute(hash_key=True)
    learner_id = UnicodeAttribute(range_key=True)
    mentor_id = UnicodeAttribute()
    room_code = UnicodeAttribute()
    rating = NumberAttribute()
    comment = UnicodeAttribute(default="")
    created_at = NumberAttribute()
    by_mentor = FeedbackByMentor()
