"""Dashboard and activity feed answers."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

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
