"""Live request API shapes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from chalicelib.catalog.schemas import Cursor, Duration, Limit, Price, Time

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
    model_config = ConfigDict(extra="forbid")
    status: Literal["open", "all"] = "open"
    cursor: Cursor | None = None
    limit: Limit = 20


class ActivityQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["all", "requests", "bookings"] = "all"
    cursor: Cursor | None = None
    limit: Annotated[int, Field(ge=1, le=50)] = 20
