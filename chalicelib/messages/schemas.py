"""Direct message API shapes, and the frames pushed on the WebSocket."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints, field_validator

from chalicelib.accounts.schemas import PersonCardOut
from chalicelib.core.clock import iso
from chalicelib.core.schemas import Out

if TYPE_CHECKING:
    from chalicelib.messages.models import Conversation, DirectMessage

MAX_CHARS = 4000
MessageId = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Cursor = Annotated[str, StringConstraints(max_length=1000)]


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    body: str

    @field_validator("body")
    @classmethod
    def _text(cls, value: str) -> str:
        # Whitespace around the text is dropped; what is left must be 1 to 4,000 characters.
        text = value.strip()
        if not text:
            raise ValueError("Write a message first.")
        if len(text) > MAX_CHARS:
            raise ValueError(f"A message can be at most {MAX_CHARS:,} characters ({len(text):,} given).")
        return text


class DeliveredIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    upto: MessageId


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cursor: Cursor | None = None
    limit: Annotated[int, Field(ge=1, le=50)] = 20


Tick = Literal["sent", "delivered", "read"]


class MessageOut(Out):
    """`status` is the message as its sender sees it: sent, delivered to the recipient's app, read."""

    message_id: str
    sender_id: str
    recipient_id: str
    body: str
    created_at: str
    status: Tick

    @classmethod
    def from_model(cls, m: DirectMessage, *, delivered_upto: str | None, read_upto: str | None) -> MessageOut:
        status: Tick = "sent"
        if read_upto and m.message_id <= read_upto:
            status = "read"
        elif delivered_upto and m.message_id <= delivered_upto:
            status = "delivered"
        return cls(message_id=m.message_id, sender_id=m.sender_id, recipient_id=m.recipient_id, body=m.body,
                   created_at=iso(m.created_at), status=status)


class LastMessageOut(Out):
    message_id: str
    sender_id: str
    preview: str
    created_at: str


class ConversationOut(Out):
    """One side's view. `peer_delivered_upto`/`peer_read_upto`: the newest of the caller's messages the
    peer's app received / the peer read (every older one too). `blocked`: the caller blocked the peer;
    `blocked_by_peer`: the peer blocked the caller. Either stops new messages both ways."""

    peer: PersonCardOut
    last_message: LastMessageOut | None
    unread: int
    peer_delivered_upto: str | None
    peer_read_upto: str | None
    blocked: bool
    blocked_by_peer: bool

    @classmethod
    def from_model(cls, c: Conversation, peer: PersonCardOut) -> ConversationOut:
        last = None
        if c.last_message_id and c.last_sender_id and c.last_at is not None:
            last = LastMessageOut(message_id=c.last_message_id, sender_id=c.last_sender_id,
                                  preview=c.last_preview or "", created_at=iso(c.last_at))
        return cls(peer=peer, last_message=last, unread=max(0, int(c.unread or 0)),
                   peer_delivered_upto=c.peer_delivered_upto, peer_read_upto=c.peer_read_upto,
                   blocked=bool(c.blocked), blocked_by_peer=bool(c.blocked_by_peer))


class ConversationPage(Out):
    items: list[ConversationOut]
    next_cursor: str | None
    unread_total: int


class MessagePage(Out):
    """Newest first; `next_cursor` pages back through older messages."""

    items: list[MessageOut]
    next_cursor: str | None
    conversation: ConversationOut


# ---------- frames pushed to both sides' open tabs ----------

class DmMessageEvent(Out):
    """A new message, to every tab of both sides. `peer_id` is the other side for the receiving user;
    `peer_name` names them (for the toast); `unread`/`unread_total` are the receiving user's counts after it."""

    type: Literal["dm.message"] = "dm.message"
    peer_id: str
    peer_name: str
    message: MessageOut
    unread: int
    unread_total: int


class DmReceiptEvent(Out):
    """The peer's app received (`delivered_upto`) or the peer read (`read_upto`) the user's messages."""

    type: Literal["dm.receipt"] = "dm.receipt"
    peer_id: str
    delivered_upto: str | None
    read_upto: str | None


class DmUnreadEvent(Out):
    """The user read a conversation (in one tab): every tab updates its counts."""

    type: Literal["dm.unread"] = "dm.unread"
    peer_id: str
    unread: int
    unread_total: int


class DmBlockEvent(Out):
    type: Literal["dm.block"] = "dm.block"
    peer_id: str
    blocked: bool
    blocked_by_peer: bool


class DmEvent(RootModel[Annotated[DmMessageEvent | DmReceiptEvent | DmUnreadEvent | DmBlockEvent,
                                  Field(discriminator="type")]]):
    """Any direct-message frame the server pushes on the WebSocket."""
