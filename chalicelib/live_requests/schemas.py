"""Live request API shapes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from chalicelib.catalog.schemas import Cursor, Duration, Limit, Price, Time
from chalicelib.core.clock import iso
from chalicelib.core.schemas import Out, PersonRef

if TYPE_CHECKING:
    from chalicelib.live_requests.models import LiveRequest

Strict = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


class RequestIn(BaseModel):
    model_config = Strict
    mentor_id: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    title: Annotated[str, StringConstraints(min_length=3, max_length=120)]
    domain: Annotated[str, StringConstraints(min_length=2, max_length=60)]
    proposed_at: Time
    duration_min: Duration = 60
    budget_paise: Price = 0
    message: Annotated[str, StringConstraints(max_length=1000)] = ""


class OfferIn(BaseModel):
    model_config = Strict
    proposed_at: Time
    budget_paise: Price
    message: Annotated[str, StringConstraints(max_length=1000)] = ""


class DeclineIn(BaseModel):
    model_config = Strict
    reason: Annotated[str, StringConstraints(min_length=1, max_length=500)]


class MentorRequestsQuery(BaseModel):
    """`open` = pending + offered; the history filters: `answered` (accepted), `declined`, `expired`,
    `withdrawn`; `all` = everything."""

    model_config = ConfigDict(extra="forbid")
    status: Literal["open", "all", "answered", "declined", "expired", "withdrawn"] = "open"
    cursor: Cursor | None = None
    limit: Limit = 20


class ActivityQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["all", "requests", "bookings"] = "all"
    cursor: Cursor | None = None
    limit: Annotated[int, Field(ge=1, le=50)] = 20


# ---------- answers ----------

RequestStatus = Literal["pending", "offered", "accepted", "declined", "withdrawn", "expired"]


class OfferOut(Out):
    proposed_at: str
    budget_paise: int
    message: str


class RequestOut(Out):
    request_id: str
    learner: PersonRef
    mentor: PersonRef
    title: str
    domain: str
    proposed_at: str
    duration_min: int
    budget_paise: int
    message: str
    status: RequestStatus
    status_label: str
    offer: OfferOut | None  # the mentor's counter-offer
    decline_reason: str | None
    session_id: str | None  # once accepted
    booking_id: str | None
    created_at: str
    updated_at: str

    @classmethod
    def from_model(cls, r: LiveRequest, *, learner_name: str, mentor_name: str, status_label: str) -> RequestOut:
        offer = None
        if r.offer_proposed_at is not None:
            offer = OfferOut(proposed_at=iso(r.offer_proposed_at), budget_paise=int(r.offer_budget_paise or 0),
                             message=r.offer_message or "")
        return cls(
            request_id=r.request_id, learner=PersonRef(user_id=r.learner_id, name=learner_name),
            mentor=PersonRef(user_id=r.mentor_id, name=mentor_name), title=r.title, domain=r.domain,
            proposed_at=iso(r.proposed_at), duration_min=int(r.duration_min), budget_paise=int(r.budget_paise),
            message=r.message, status=cast("RequestStatus", r.status), status_label=status_label, offer=offer,
            decline_reason=r.decline_reason, session_id=r.session_id, booking_id=r.booking_id,
            created_at=iso(r.created_at), updated_at=iso(r.updated_at))


class RequestPage(Out):
    items: list[RequestOut]
    next_cursor: str | None
