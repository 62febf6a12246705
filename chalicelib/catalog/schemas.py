"""Catalog API shapes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from chalicelib.accounts.schemas import PersonCardOut, plain_map
from chalicelib.catalog.rules import approval_policy_text, limits, refund_policy_text
from chalicelib.core.clock import iso
from chalicelib.core.schemas import Out

if TYPE_CHECKING:
    from chalicelib.accounts.models import User
    from chalicelib.catalog.models import Session

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


# ---------- answers ----------

SessionStatus = Literal["scheduled", "live", "completed", "cancelled"]
Visibility = Literal["public", "private"]


class SessionOut(Out):
    session_id: str
    room_code: str | None  # only for the session's mentor and its confirmed learners
    mentor: PersonCardOut
    title: str
    description: str
    topics: list[str]
    category: str
    starts_at: str
    ends_at: str
    duration_min: int
    price_paise: int
    seats: int
    seats_left: int
    requires_approval: bool
    visibility: Visibility
    status: SessionStatus
    thumbnail_url: str | None
    created_at: str
    refund_policy: str
    full_refund_until: str  # a learner who cancels up to then is refunded in full; later, nothing
    approval_policy: str | None  # approval sessions: how paying first and the mentor's answer work
    ended_at: str | None  # when the session was completed
    ended_early: bool  # the mentor ended it well before its scheduled length

    @classmethod
    def fields_of(cls, s: Session, mentor: PersonCardOut | None, *, show_room: bool,
                  thumbnail_url: str | None) -> dict[str, Any]:
        return {
            "session_id": s.session_id, "room_code": s.room_code if show_room else None,
            "mentor": mentor or PersonCardOut.unknown(s.mentor_id), "title": s.title, "description": s.description,
            "topics": [str(t) for t in s.topics or []], "category": s.category, "starts_at": iso(s.starts_at),
            "ends_at": iso(s.ends_at), "duration_min": int(s.duration_min), "price_paise": int(s.price_paise),
            "seats": int(s.seats), "seats_left": max(0, int(s.seats) - int(s.seats_taken or 0)),
            "requires_approval": bool(s.requires_approval), "visibility": s.visibility, "status": s.status,
            "thumbnail_url": thumbnail_url, "created_at": iso(s.created_at), "refund_policy": refund_policy_text(),
            "full_refund_until": iso(int(s.starts_at) - limits().full_refund_hours * 3600),
            "approval_policy": approval_policy_text(int(s.price_paise) > 0) if s.requires_approval else None,
            "ended_at": iso(s.ended_at) if s.ended_at else None, "ended_early": bool(s.ended_early),
        }

    @classmethod
    def from_model(cls, s: Session, mentor: PersonCardOut | None, *, show_room: bool,
                   thumbnail_url: str | None) -> SessionOut:
        return cls(**cls.fields_of(s, mentor, show_room=show_room, thumbnail_url=thumbnail_url))


class MentorSessionOut(SessionOut):
    """A session in the mentor's own list, with how many learners booked it."""

    bookings_count: int

    @classmethod
    def from_model(cls, s: Session, mentor: PersonCardOut | None, *, show_room: bool,
                   thumbnail_url: str | None) -> MentorSessionOut:
        return cls(**cls.fields_of(s, mentor, show_room=show_room, thumbnail_url=thumbnail_url),
                   bookings_count=int(s.seats_taken or 0))


class SessionPage(Out):
    items: list[SessionOut]
    next_cursor: str | None


class MentorSessionPage(Out):
    items: list[MentorSessionOut]
    next_cursor: str | None


class RatingOut(Out):
    average: float
    count: int


class MentorCardOut(Out):
    """A mentor in the directory. `rating` is null until real reviews exist — never invented."""

    user_id: str
    name: str
    avatar_url: str | None
    domains: list[str]
    skills: list[str]
    bio: str
    rating: RatingOut | None
    is_demo: bool

    @classmethod
    def fields_of(cls, u: User, avatar_url: str | None) -> dict[str, Any]:
        profile = plain_map(u.profile)
        count = int(u.rating_count or 0)
        return {
            "user_id": u.user_id, "name": u.name, "avatar_url": avatar_url,
            "domains": [str(d) for d in profile.get("domains", [])],
            "skills": [str(k) for k in profile.get("skills", [])], "bio": str(profile.get("bio", "")),
            "rating": RatingOut(average=round(int(u.rating_sum) / count, 2), count=count) if count else None,
            "is_demo": bool(u.is_demo),
        }

    @classmethod
    def from_model(cls, u: User, *, avatar_url: str | None) -> MentorCardOut:
        return cls(**cls.fields_of(u, avatar_url))


class MentorProfileOut(MentorCardOut):
    qualifications: str
    certifications: list[str]
    intro_video_url: str | None
    timezone: str

    @classmethod
    def from_model(cls, u: User, *, avatar_url: str | None, intro_video_url: str | None = None) -> MentorProfileOut:
        p = plain_map(u.profile)
        return cls(**cls.fields_of(u, avatar_url), qualifications=str(p.get("qualifications", "")),
                   certifications=[str(c) for c in p.get("certifications", [])], intro_video_url=intro_video_url,
                   timezone=u.timezone)


class MentorPage(Out):
    items: list[MentorCardOut]
    next_cursor: str | None


class ReviewPage(Out):
    """A mentor's reviews. None are stored before the reviews feature, so the list is always empty."""

    items: list[dict[str, object]]
    next_cursor: str | None


class LandingOut(Out):
    live_upcoming: list[SessionOut]
    categories: list[str]
    top_mentors: list[MentorCardOut]


class SuggestOut(Out):
    titles: list[str]
    corrections: dict[str, str]
