"""Booking answers (the booking routes' inputs are the catalog's `PageQuery`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from chalicelib.catalog.rules import refund_policy_text
from chalicelib.catalog.schemas import SessionOut
from chalicelib.core.clock import iso
from chalicelib.core.schemas import Out, PersonRef

if TYPE_CHECKING:
    from chalicelib.bookings.models import Booking, ProblemReport

BookingStatus = Literal["pending_payment", "pending_approval", "confirmed", "completed", "cancelled", "rejected",
                        "expired", "refunded"]
RefundStatus = Literal["requested", "processed", "failed"]
ProblemStatus = Literal["open", "released", "refunded"]


class BookingOut(Out):
    booking_id: str
    session: SessionOut
    learner: PersonRef
    status: BookingStatus
    amount_paise: int
    hold_expires_at: str | None  # while a paid seat is held (pending_payment)
    refund_policy: str
    refund_due_paise: int  # what the closing of this booking refunded, by the policy
    refund_status: RefundStatus | None
    refunded_paise: int  # given back so far (reserved or paid out)
    refund_if_cancelled_paise: int  # what cancelling now would refund (the cancel dialog says so)
    needs_approval: bool  # an approval session: paid first, then the mentor approves
    approval_due_at: str | None  # while pending_approval: unanswered by then → rejected and refunded
    ended_early: bool  # the mentor ended the session well before its scheduled length
    problem_status: ProblemStatus | None  # a "Report a problem" and how support resolved it
    can_report_problem: bool
    created_at: str
    request_id: str | None  # the live request it came from

    @classmethod
    def from_model(cls, b: Booking, *, session: SessionOut, learner_name: str, refund_if_cancelled: int = 0,
                   can_report_problem: bool = False) -> BookingOut:
        return cls(
            booking_id=b.booking_id, session=session, learner=PersonRef(user_id=b.learner_id, name=learner_name),
            status=b.status,  # type: ignore[arg-type]  # checked against BookingStatus when built
            amount_paise=int(b.amount_paise),
            hold_expires_at=iso(b.hold_expires_at) if b.hold_expires_at and b.status == "pending_payment" else None,
            refund_policy=refund_policy_text(), refund_due_paise=int(b.refund_due_paise or 0),
            refund_status=b.refund_status,  # type: ignore[arg-type]
            refunded_paise=int(b.refunded_paise or 0), refund_if_cancelled_paise=refund_if_cancelled,
            needs_approval=bool(b.needs_approval),
            approval_due_at=iso(b.approval_due_at) if b.approval_due_at and b.status == "pending_approval" else None,
            ended_early=session.ended_early, problem_status=b.problem_status,  # type: ignore[arg-type]
            can_report_problem=can_report_problem, created_at=iso(b.created_at), request_id=b.request_id)


class BookingPage(Out):
    items: list[BookingOut]
    next_cursor: str | None


ProblemReason = Literal["ended_early", "mentor_absent", "quality", "not_as_described", "conduct", "other"]


class ProblemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: ProblemReason
    details: str = Field(default="", max_length=2000)

    @field_validator("details")
    @classmethod
    def _strip(cls, v: str) -> str:
        return v.strip()


class ResolveProblemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["released", "refunded"]
    note: str = Field(default="", max_length=1000)


class ProblemReportOut(Out):
    booking_id: str
    session_id: str
    learner_id: str
    mentor_id: str
    reason: ProblemReason
    details: str
    status: ProblemStatus
    reported_at: str
    resolved_at: str | None
    resolution_note: str | None

    @classmethod
    def from_model(cls, r: ProblemReport) -> ProblemReportOut:
        return cls(booking_id=r.booking_id, session_id=r.session_id, learner_id=r.learner_id, mentor_id=r.mentor_id,
                   reason=r.reason,  # type: ignore[arg-type]  # validated by ProblemIn when stored
                   details=r.details or "", status=r.status,  # type: ignore[arg-type]
                   reported_at=iso(r.reported_at), resolved_at=iso(r.resolved_at) if r.resolved_at else None,
                   resolution_note=r.resolution_note)


class ProblemReportPage(Out):
    items: list[ProblemReportOut]
    next_cursor: str | None
