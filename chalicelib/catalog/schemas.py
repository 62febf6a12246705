"""Catalog API shapes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from chalicelib.catalog.rules import limits

Strict = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)
Title = Annotated[str, StringConstraints(min_length=3, max_length=120)]
Topic = Annotated[str, StringConstraints(min_length=1, max_length=60)]
Category = Annotated[str, StringConstraints(min_length=2, max_length=60)]
Description = Annotated[str, StringConstraints(max_length=4000)]
ThumbKey = Annotated[str, StringConstraints(min_length=5, max_length=300)]


def parse_time(value: str) -> int:
    """ISO-8601 with an explicit offset → epoch seconds (UTC)."""
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("Use an ISO-8601 time such as 2026-11-24T10:30:00Z.") from None
    if dt.tzinfo is None:
        raise ValueError("Give the time with its timezone (e.g. a trailing Z for UTC).")
    return int(dt.astimezone(UTC).timestamp())


def _duration(value: int) -> int:
    if not 15 <= value <= 240:
        raise ValueError("Sessions last between 15 and 240 minutes.")
    if value % 15:
        raise ValueError("Choose a duration in 15-minute steps.")
    return value


def _price(value: int) -> int:
    if value < 0:
        raise ValueError("The price cannot be negative.")
    cap = limits().max_price_paise
    if value > cap:
        raise ValueError(f"The price can be at most ₹{cap // 100:,}.")
    return value


def _seats(value: int) -> int:
    cap = limits().max_seats
    if not 1 <= value <= cap:
        raise ValueError(f"Seats must be between 1 and {cap}.")
    return value


Duration = Annotated[int, AfterValidator(_duration)]
Price = Annotated[int, AfterValidator(_price)]
Seats = Annotated[int, AfterValidator(_seats)]
Time = Annotated[str, StringConstraints(min_length=10, max_length=40)]


def _topics(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for v in values:
        seen.setdefault(v.casefold(), v)
    if not seen:
        raise ValueError("Please add topics")
    return list(seen.values())


class SessionIn(BaseModel):
    model_config = Strict
    title: Title
    description: Description = ""
    topics: Annotated[list[Topic], Field(max_length=10)]
    category: Category
    starts_at: Time
    duration_min: Duration
    price_paise: Price
    seats: Seats = 1
    requires_approval: bool = False
    thumbnail_key: ThumbKey | None = None

    _t = field_validator("topics")(_topics)


class SessionPatch(BaseModel):
    model_config = Strict
    title: Title | None = None
    description: Description | None = None
    topics: Annotated[list[Topic], Field(max_length=10)] | None = None
    category: Category | None = None
    starts_at: Time | None = None
    duration_min: Duration | None = None
    price_paise: Price | None = None
    seats: Seats | None = None
    requires_approval: bool | None = None
    thumbnail_key: ThumbKey | None = None

    @field_validator("topics")
    @classmethod
    def _topics_ok(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _topics(v)


class CancelIn(BaseModel):
    model_config = Strict
    reason: Annotated[str, StringConstraints(max_length=500)] = ""


class ThumbnailIn(BaseModel):
    model_config = Strict
    content_type: Annotated[str, StringConstraints(min_length=3, max_length=100)]
    size: Annotated[int, Field(ge=1)]


class SuggestIn(BaseModel):
    model_config = Strict
    topics: Annotated[list[Topic], Field(max_length=10)] = []
    category: Category | None = None


Limit = Annotated[int, Field(ge=1, le=50)]
Cursor = Annotated[str, StringConstraints(max_length=1000)]


class ListQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: Category | None = None
    price: Literal["free", "paid"] | None = None
    min_price_paise: Annotated[int, Field(ge=0)] | None = None
    max_price_paise: Annotated[int, Field(ge=0)] | None = None
    from_: Time | None = Field(default=None, alias="from")
    to: Time | None = None
    mentor_id: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None
    q: Annotated[str, StringConstraints(max_length=100)] | None = None
    cursor: Cursor | None = None
    limit: Limit = 20


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cursor: Cursor | None = None
    limit: Limit = 20


class LandingQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: Category | None = None


class MentorSessionsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tab: Literal["today", "upcoming", "past"] = "upcoming"
    cursor: Cursor | None = None
    limit: Limit = 20


class MentorsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    q: Annotated[str, StringConstraints(max_length=100)] | None = None
    domain: Category | None = None
    cursor: Cursor | None = None
    limit: Limit = 20
