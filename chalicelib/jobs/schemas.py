"""Admin shapes for no-shows and monthly reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.core.clock import iso
from chalicelib.core.schemas import Out

if TYPE_CHECKING:
    from chalicelib.accounts.schemas import PersonCardOut
    from chalicelib.jobs.models import MonthlyReport, NoShow

Cursor = Annotated[str, Field(min_length=1, max_length=1000)]


class NoShowsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["mentor", "learner"] = "mentor"
    user_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[0-9a-z]+$")] | None = None
    cursor: Cursor | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 20


class NoShowOut(Out):
    session_id: str
    title: str
    starts_at: str
    user_id: str
    name: str | None
    role: Literal["mentor", "learner"]
    mentor_id: str
    outcome: Literal["cancelled_refunded", "mentor_paid"]
    recorded_at: str

    @classmethod
    def from_model(cls, n: NoShow, person: PersonCardOut | None = None) -> NoShowOut:
        return cls(session_id=n.session_id, title=n.title, starts_at=iso(n.starts_at), user_id=n.user_id,
                   name=person.name if person else None, role=cast("Literal['mentor', 'learner']", n.role),
                   mentor_id=n.mentor_id,
                   outcome=cast("Literal['cancelled_refunded', 'mentor_paid']", n.outcome),
                   recorded_at=iso(n.recorded_at))


class NoShowPage(Out):
    items: list[NoShowOut]
    next_cursor: str | None


class ReportsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cursor: Cursor | None = None
    limit: Annotated[int, Field(ge=1, le=36)] = 12


class NewUsersOut(Out):
    learners: int
    mentors: int


class MonthlyReportOut(Out):
    month: str
    revenue_paise: int
    platform_fees_paise: int
    refunds_paise: int
    sessions_completed: int
    sessions_cancelled: int
    new_users: NewUsersOut
    computed_at: str

    @classmethod
    def from_model(cls, r: MonthlyReport) -> MonthlyReportOut:
        users = r.new_users.as_dict() if hasattr(r.new_users, "as_dict") else dict(r.new_users or {})
        return cls(month=r.month, revenue_paise=int(r.revenue_paise), platform_fees_paise=int(r.platform_fees_paise),
                   refunds_paise=int(r.refunds_paise), sessions_completed=int(r.sessions_completed),
                   sessions_cancelled=int(r.sessions_cancelled),
                   new_users=NewUsersOut(learners=int(users.get("learner", 0)), mentors=int(users.get("mentor", 0))),
                   computed_at=iso(r.computed_at))


class MonthlyReportPage(Out):
    items: list[MonthlyReportOut]
    next_cursor: str | None
