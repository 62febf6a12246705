"""Dashboard and activity feed answers."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from chalicelib.accounts.schemas import MeOut
from chalicelib.bookings.schemas import BookingOut, BookingStatus
from chalicelib.core.schemas import Out
from chalicelib.live_requests.schemas import RequestOut


class DashboardOut(Out):
    me: MeOut


class UserTotalsOut(Out):
    learners: int
    mentors: int
    admins: int


class AdminDashboardOut(Out):
    me: MeOut
    users: UserTotalsOut


class RequestActivityOut(Out):
    kind: Literal["request"] = "request"
    at: str
    request: RequestOut
    booking_status: BookingStatus | None = None  # an accepted request's booking: paid (confirmed) or not yet


class BookingActivityOut(Out):
    kind: Literal["booking"] = "booking"
    at: str
    booking: BookingOut


ActivityItemOut = Annotated[RequestActivityOut | BookingActivityOut, Field(discriminator="kind")]


class ActivityPage(Out):
    items: list[ActivityItemOut]
    next_cursor: str | None


class SeatsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    session_ids: Annotated[str, StringConstraints(min_length=1, max_length=2100)]  # comma-separated, up to 50

    def ids(self) -> list[str]:
        return [i for i in (p.strip() for p in self.session_ids.split(",")) if i]

    @field_validator("session_ids")
    @classmethod
    def _at_most_50(cls, v: str) -> str:
        parts = [p.strip() for p in v.split(",") if p.strip()]
        if not parts or len(parts) > 50 or any(len(p) > 40 for p in parts):
            raise ValueError("Give 1 to 50 session ids, comma-separated.")
        return v


class SeatOut(Out):
    """The caller's open booking of one session; `room_code` once the seat is confirmed."""

    session_id: str
    booking_id: str
    status: BookingStatus
    room_code: str | None


class SeatPage(Out):
    items: list[SeatOut]
