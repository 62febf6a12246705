"""Notifications API shapes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints, model_validator

from chalicelib.core.clock import iso
from chalicelib.core.schemas import Out, omitted_if_none
from chalicelib.realtime.schemas import ErrorEvent, PongEvent, SubscribedEvent

if TYPE_CHECKING:
    from chalicelib.notifications.models import Notification


class ListQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    limit: Annotated[int, Field(ge=1, le=50)] = 20
    cursor: Annotated[str, StringConstraints(max_length=500)] | None = None


class ReadIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    ids: Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=40)]], Field(max_length=100)] = []
    all: bool = False

    @model_validator(mode="after")
    def _one_of(self) -> ReadIn:
        if not self.ids and not self.all:
            raise ValueError("Give 'ids' or set 'all' to true.")
        return self


class NotificationOut(Out):
    """`title` and `body` may hold the placeholder `{at}`: the time in `at` (ISO, UTC), which the reader's
    app shows in the reader's timezone and the app's one format — the server never formats times in text."""

    id: str
    kind: str
    title: str
    body: str
    link: str | None
    read: bool
    created_at: str
    at: str | None = None

    @classmethod
    def from_model(cls, n: Notification) -> NotificationOut:
        return cls(id=n.sort_key, kind=n.kind, title=n.title, body=n.body, link=n.link, read=bool(n.read),
                   created_at=iso(n.created_at), at=iso(n.at) if n.at is not None else None)


class NotificationPage(Out):
    items: list[NotificationOut]
    next_cursor: str | None
    unread_count: int


class UnreadCountOut(Out):
    unread_count: int


# ---------- what the server sends on the WebSocket (the realtime frames plus the bell's) ----------

class NotificationEvent(Out):
    type: Literal["notification"] = "notification"
    notification: NotificationOut
    unread_count: int
    seq: int | None = omitted_if_none()  # the user's event sequence (realtime.service.push)


class UnreadCountEvent(Out):
    type: Literal["unread_count"] = "unread_count"
    unread_count: int
    seq: int | None = omitted_if_none()  # absent on the subscribe welcome, set when pushed


class RealtimeEvent(RootModel[Annotated[NotificationEvent | UnreadCountEvent | PongEvent | SubscribedEvent | ErrorEvent,
                                        Field(discriminator="type")]]):
    """Any message the server sends on the WebSocket."""
