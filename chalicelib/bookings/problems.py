""""Report a problem": a learner's report about a finished session, and support's decision.

A report is allowed within the dispute window after the session ended (24 h by default). It is
stored with the booking's `problem_status = open` and `booking.problem_reported`, in one
transaction; payments holds the mentor's share on that event and no release happens while a
report is open. An admin resolves it: `released` (the mentor is paid as usual) or `refunded`
(what the learner paid and has not had back), again with its event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.bookings.events import BookingProblemReported, BookingProblemResolved
from chalicelib.bookings.models import OPEN_KEY, Booking, ProblemReport
from chalicelib.catalog import service as catalog
from chalicelib.catalog.models import Session
from chalicelib.catalog.rules import limits
from chalicelib.core import clock, events, paging
from chalicelib.core.errors import Conflict, Forbidden, NotFound
from chalicelib.core.models import get_or_404, tx_connection
from chalicelib.core.money import rupees
from chalicelib.notifications.service import notify, notify_admins

if TYPE_CHECKING:
    from chalicelib.bookings.schemas import ProblemReportOut, ProblemReportPage

REASONS = {
    "ended_early": "The session ended early",
    "mentor_absent": "The mentor didn't show up or left",
    "quality": "Audio, video or connection problems",
    "not_as_described": "The session wasn't what was described",
    "conduct": "Inappropriate behaviour",
    "other": "Something else",
}
CURSOR_KEYS = {"booking_id", "open_key", "reported_at"}


def window_ends(s: Session) -> int:
    ended = int(s.ended_at or s.ends_at)
    return ended + limits().dispute_window_hours * 3600


def can_report(b: Booking, s: Session) -> bool:
    return b.status == "completed" and not b.problem_status and clock.now_int() < window_ends(s)


def report(learner_id: str, booking_id: str, reason: str, details: str) -> Booking:
    b = get_or_404(Booking, booking_id, "booking")
    if b.learner_id != learner_id:
        raise Forbidden("Access denied", code="access_denied")
    s = catalog.load(b.session_id)
    if b.problem_status:
        raise Conflict("You have already reported a problem with this session.", code="already_reported")
    if b.status != "completed":
        raise Conflict("You can report a problem once the session has ended.", code="stale_state")
    if clock.now_int() >= window_ends(s):
        hours = limits().dispute_window_hours
        raise Conflict(f"Problems can be reported up to {hours} hours after the session ends.",
                       code="report_window_closed")
    now = clock.now_int()
    r = ProblemReport(booking_id=b.booking_id, session_id=b.session_id, learner_id=b.learner_id,
                      mentor_id=b.mentor_id, reason=reason, details=details, status="open", reported_at=now,
                      open_key=OPEN_KEY)
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.save(r, condition=ProblemReport.booking_id.does_not_exist())
            tx.update(b, actions=[Booking.problem_status.set("open"), Booking.updated_at.set(now)],
                      condition=(Booking.status == "completed") & Booking.problem_status.does_not_exist())
            events.record(tx, BookingProblemReported(booking_id=b.booking_id, session_id=b.session_id,
                                                     learner_id=b.learner_id, mentor_id=b.mentor_id, reason=reason))
    except TransactWriteError:
        raise Conflict("You have already reported a problem with this session.", code="already_reported") from None
    b.problem_status = "open"
    notify(b.mentor_id, "problem_reported", f"A learner reported a problem: {s.title}",
           "Your earning for this booking is on hold until PeerLearn support reviews the report.",
           "/dashboard/mentor/earnings")
    notify_admins("problem_reported", f"Problem reported: {s.title}", f"{REASONS[reason]}. Booking {b.booking_id}.",
                  "/dashboard/admin")
    return b


def load_report(booking_id: str) -> ProblemReport:
    try:
        return ProblemReport.get(booking_id, consistent_read=True)
    except ProblemReport.DoesNotExist:
        raise NotFound("We couldn't find that report.") from None


def resolve(admin_id: str, booking_id: str, outcome: str, note: str) -> ProblemReport:
    """Support's decision, once: the report and the booking change together, with the event."""
    r = load_report(booking_id)
    if r.status != "open":
        raise Conflict(f"This report is already {r.status}.", code="stale_state")
    b = get_or_404(Booking, booking_id, "booking")
    refund = b.paid_left() if outcome == "refunded" and b.paid_order_id else 0
    now = clock.now_int()
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(r, actions=[ProblemReport.status.set(outcome), ProblemReport.resolved_at.set(now),
                                  ProblemReport.resolved_by.set(admin_id),
                                  ProblemReport.resolution_note.set(note[:1000]), ProblemReport.open_key.remove()],
                      condition=ProblemReport.status == "open")
            tx.update(b, actions=[Booking.problem_status.set(outcome), Booking.updated_at.set(now)],
                      condition=Booking.problem_status == "open")
            events.record(tx, BookingProblemResolved(booking_id=b.booking_id, session_id=b.session_id,
                                                     learner_id=b.learner_id, mentor_id=b.mentor_id, outcome=outcome,
                                                     refund_paise=refund))
    except TransactWriteError:
        raise Conflict("This report was resolved meanwhile.", code="stale_state") from None
    r.status, r.resolved_at, r.resolved_by = outcome, now, admin_id
    title = catalog.load(b.session_id).title
    if outcome == "refunded":
        notify(b.learner_id, "problem_resolved", f"Report resolved: {title}",
               f"PeerLearn support refunds you {rupees(refund)}." if refund else "PeerLearn support agreed with you.",
               "/dashboard/learner")
        notify(b.mentor_id, "problem_resolved", f"Report resolved: {title}",
               "Support refunded the learner; this booking's earning was reversed.", "/dashboard/mentor/earnings")
    else:
        notify(b.learner_id, "problem_resolved", f"Report reviewed: {title}",
               "PeerLearn support reviewed your report; the session stands.", "/dashboard/learner")
        notify(b.mentor_id, "problem_resolved", f"Report resolved: {title}",
               "Support reviewed the report; your earning will be released.", "/dashboard/mentor/earnings")
    return r


def open_reports(cursor: str | None, limit: int) -> ProblemReportPage:
    from chalicelib.bookings.schemas import ProblemReportOut, ProblemReportPage

    result = ProblemReport.open_problems.query(
        OPEN_KEY, scan_index_forward=True, page_size=limit,
        last_evaluated_key=paging.decode(cursor, CURSOR_KEYS, {"open_key": OPEN_KEY}))
    items, last = paging.take(result, limit, max_pages=1)
    return ProblemReportPage(items=[ProblemReportOut.from_model(r) for r in items], next_cursor=paging.encode(last))


def to_out(r: ProblemReport) -> ProblemReportOut:
    from chalicelib.bookings.schemas import ProblemReportOut

    return ProblemReportOut.from_model(r)
