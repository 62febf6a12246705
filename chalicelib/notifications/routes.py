"""Bell history and read state."""

from __future__ import annotations

from typing import Annotated, Any

from chalice import Blueprint
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from chalicelib.core.access import ANY_USER
from chalicelib.core.http import Ctx, api_route
from chalicelib.notifications import service

bp = Blueprint(__name__)


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


class NotificationOut(BaseModel):
    id: str
    kind: str
    title: str
    body: str
    link: str | None
    read: bool
    created_at: str


class ListOut(BaseModel):
    items: list[NotificationOut]
    next_cursor: str | None
    unread_count: int


class CountOut(BaseModel):
    unread_count: int


@api_route(bp, "/notifications", access=ANY_USER, query=ListQuery, response=ListOut)
def list_notifications(ctx: Ctx, q: ListQuery) -> dict[str, Any]:
    """The caller's notifications, newest first, paged by cursor."""
    return service.list_for(ctx.user.user_id, q.limit, q.cursor)


@api_route(bp, "/notifications/read", methods=["POST"], access=ANY_USER, body=ReadIn, response=CountOut)
def mark_read(ctx: Ctx, body: ReadIn) -> dict[str, Any]:
    """Mark some or all of the caller's notifications read."""
    return service.mark_read(ctx.user.user_id, body.ids, body.all)
