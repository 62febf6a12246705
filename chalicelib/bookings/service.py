"""Bookings: seats held by one transaction (seat counter with a condition, one guard per
learner+session, one guard per learner time slot) — never read-then-write."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.accounts.people import people
from chalicelib.bookings import problems
from chalicelib.bookings.events import BookingCancelled, BookingCompleted, BookingConfirmed
from chalicelib.bookings.models import APPROVAL_DUE, HOLD, Booking
from chalicelib.catalog import service as catalog
from chalicelib.catalog.models import Session
from chalicelib.catalog.rules import limits
from chalicelib.core import clock, events, metrics, paging, timeslots
from chalicelib.core.errors import Conflict, Forbidden, NotFound
from chalicelib.core.guards import Guard
from chalicelib.core.ids import new_id
from chalicelib.core.logging import logger
from chalicelib.core.models import get_or_404, tx_connection
from chalicelib.core.money import rupees
from chalicelib.notifications.service import notify

if TYPE_CHECKING:
    from chalicelib.accounts.schemas import PersonCardOut
    from chalicelib.bookings.schemas import BookingOut, BookingPage

OPEN = ("pending_payment", "pending_approval", "confirmed")
CURSOR_KEYS = {"booking_id", "approval_mentor_id", "created_at"}


def guard_key(session_id: str, learner_id: str) -> str:
    return f"booking#{session_id}#{learner_id}"


# ---------- shaping and access ----------

def to_out(b: Booking, session: Session | None = None, *, viewer_id: str | None = None,
           cards: dict[str, PersonCardOut] | None = None) -> BookingOut:
    from chalicelib.accounts.schemas import name_of
    from chalicelib.bookings.schemas import BookingOut

    s = session or catalog.load(b.session_id)
    cards = cards if cards is not None else people({s.mentor_id, b.learner_id})
    show_room = b.status == "confirmed" or viewer_id == s.mentor_id
    learner = viewer_id == b.learner_id
    refund_now = refund_due(b, by_mentor=False) if learner and b.status in OPEN else 0
    return BookingOut.from_model(b, session=catalog.to_out(s, cards, show_room=show_room),
                                 learner_name=name_of(cards, b.learner_id), refund_if_cancelled=refund_now,
                                 can_report_problem=learner and problems.can_report(b, s))


def shape_many(items: list[Booking], viewer_id: str) -> list[BookingOut]:
    """A page of bookings in two reads: one BatchGetItem for the sessions, one for the names."""
    sessions = {s.session_id: s for s in Session.batch_get(list({b.session_id for b in items}))} if items else {}
    cards = people({b.learner_id for b in items} | {s.mentor_id for s in sessions.values()})
    return [to_out(b, sessions.get(b.session_id), viewer_id=viewer_id, cards=cards) for b in items]


def load(booking_id: str) -> Booking:
    return get_or_404(Booking, booking_id, "booking")


def visible(user_id: str, booking_id: str) -> BookingOut:
    b = load(booking_id)
    if user_id not in (b.learner_id, b.mentor_id):
        raise Forbidden("Access denied", code="access_denied")
    return to_out(b, viewer_id=user_id)


# ---------- writes shared with live requests ----------

def new_booking(s: Session, learner_id: str, status: str, amount: int, request_id: str | None = None,
                needs_approval: bool = False) -> Booking:
    now = clock.now_int()
    b = Booking(booking_id=new_id(), session_id=s.session_id, learner_id=learner_id, mentor_id=s.mentor_id,
                status=status, amount_paise=amount, starts_at=s.starts_at, ends_at=s.ends_at, created_at=now,
                updated_at=now, request_id=request_id, needs_approval=needs_approval)
    if status == "pending_payment":
        b.hold_expires_at = now + limits().hold_seconds
        b.hold_key = HOLD
    if status == "pending_approval":
        b.approval_mentor_id = s.mentor_id
        b.approval_due_at = approval_deadline(int(s.starts_at), now)
        b.approval_key = APPROVAL_DUE
    return b


def approval_deadline(starts_at: int, now: int) -> int:
    """When an unanswered approval request is rejected (and refunded): the configured answer time,
    and never later than the configured hours before the start."""
    rules = limits()
    return min(now + rules.approval_hours * 3600, starts_at - rules.approval_close_hours * 3600)


def add_booking_writes(tx: TransactWrite, b: Booking, s: Session) -> None:
    """The booking, its one-per-learner guard and the learner's time-slot guards."""
    tx.save(b, condition=Booking.booking_id.does_not_exist())
    tx.save(Guard(key=guard_key(s.session_id, b.learner_id), owner_id=b.booking_id, created_at=b.created_at),
            condition=Guard.key.does_not_exist())
    for slot in timeslots.slots(int(s.starts_at), int(s.ends_at)):
        tx.save(Guard(key=timeslots.learner_slot_key(b.learner_id, slot), owner_id=b.booking_id,
                      created_at=b.created_at), condition=Guard.key.does_not_exist())


def count_created(b: Booking) -> None:
    """Business metrics for a booking just written (live requests create bookings too)."""
    metrics.count(metrics.BOOKINGS_CREATED)
    if b.status == "confirmed":
        metrics.count(metrics.BOOKINGS_CONFIRMED)


def _release_writes(tx: TransactWrite, b: Booking, seat: bool = True) -> None:
    if seat:
        tx.update(Session(session_id=b.session_id), actions=[Session.seats_taken.add(-1)],
                  condition=Session.seats_taken > 0)
    tx.delete(Guard(key=guard_key(b.session_id, b.learner_id)), condition=Guard.owner_id == b.booking_id)
    for slot in timeslots.slots(int(b.starts_at), int(b.ends_at)):
        tx.delete(Guard(key=timeslots.learner_slot_key(b.learner_id, slot)), condition=Guard.owner_id == b.booking_id)


# ---------- learner actions ----------

def book(learner_id: str, session_id: str) -> BookingOut:
    s = catalog.load(session_id)
    if s.mentor_id == learner_id:
        raise Forbidden("You can't book your own session.", code="own_session")
    if s.visibility != "public":
        raise NotFound("We couldn't find that session.")
    now = clock.now_int()
    if s.status not in ("scheduled", "live") or s.ends_at <= now:
        raise Conflict(f"This session is {s.status if s.status != 'scheduled' else 'over'} and can't be booked.",
                       code="not_bookable")
    if s.requires_approval and approval_deadline(int(s.starts_at), now) <= now:
        hours = limits().approval_close_hours
        raise Conflict(f"This session needs the mentor's approval, and approvals close {hours} hours before the start.",
                       code="approval_closed")
    amount = int(s.price_paise)
    # Approval sessions follow the standard flow: the learner pays first (a held seat), then the
    # mentor approves or rejects the paid seat (a rejection is refunded in full).
    status = "pending_payment" if amount > 0 else ("pending_approval" if s.requires_approval else "confirmed")
    b = new_booking(s, learner_id, status, amount, needs_approval=bool(s.requires_approval))
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(Session(session_id=s.session_id), actions=[Session.seats_taken.add(1)],
                      condition=(Session.seats_taken < Session.seats) & Session.status.is_in("scheduled", "live")
                      & (Session.ends_at > now))
            add_booking_writes(tx, b, s)
            if status == "confirmed":
                events.record(tx, _confirmed(b))
    except TransactWriteError as exc:
        raise _booking_conflict(exc, session_id, learner_id) from None
    count_created(b)
    s.seats_taken = int(s.seats_taken or 0) + 1
    _announce_booking(b, s)
    return to_out(b, s, viewer_id=learner_id)


def _booking_conflict(exc: TransactWriteError, session_id: str, learner_id: str) -> Conflict:
    """Say why the booking transaction was refused, from fresh state (the write already failed).

    PynamoDB orders transaction items by kind (checks, deletes, puts, updates), so the
    cancellation reasons are classified by re-reading, not by position."""
    if not any(r is not None and r.code == "ConditionalCheckFailed" for r in (exc.cancellation_reasons or [])):
        return Conflict("Too many people are booking right now. Please try again.", code="busy")
    s = catalog.load(session_id)
    if s.status not in ("scheduled", "live"):
        return Conflict(f"This session is {s.status} and can't be booked.", code="not_bookable")
    if s.ends_at <= clock.now_int():
        return Conflict("This session is over and can't be booked.", code="not_bookable")
    try:
        Guard.get(guard_key(session_id, learner_id), consistent_read=True)
        return Conflict("You have already booked this session.", code="already_booked")
    except Guard.DoesNotExist:
        pass
    if int(s.seats_taken or 0) >= int(s.seats):
        return Conflict("Sorry, this session is fully booked.", code="sold_out")
    return Conflict("You have another session at that time. Slot taken, try another.", code="slot_taken")


def _announce_booking(b: Booking, s: Session) -> None:
    link = "/dashboard/learner"
    if b.status == "confirmed":
        notify(b.learner_id, "booking_confirmed", f"Booked ✔ {s.title}", "See it in My Activity.", link,
               email=("Your PeerLearn booking is confirmed", f"You're booked for {s.title}."), category="bookings")
        notify(s.mentor_id, "booking_new", f"New booking: {s.title}", "A learner booked your session.",
               "/dashboard/mentor")
    elif b.status == "pending_payment":
        then = " to send your request to the mentor." if b.needs_approval else " to confirm."
        notify(b.learner_id, "booking_pending_payment", f"Seat held: {s.title}",
               f"Pay {rupees(int(b.amount_paise))} within {limits().hold_seconds // 60} minutes{then}", link)
    else:
        _ask_for_approval(b, s)


def _ask_for_approval(b: Booking, s: Session) -> None:
    """The seat is paid for (or free) and waits for the mentor: they are asked, never told it is booked."""
    learner = people({b.learner_id}).get(b.learner_id)
    who = learner.name if learner else "A learner"
    paid = " (paid)" if int(b.amount_paise) > 0 else ""
    refund = " If they don't answer in time, you are refunded in full." if int(b.amount_paise) > 0 else ""
    notify(b.learner_id, "booking_pending_approval", f"Request sent: {s.title}",
           f"The mentor will approve or decline your booking.{refund}", "/dashboard/learner")
    notify(s.mentor_id, "booking_pending_approval", f"{who} wants to book {s.title}",
           f"Approve or decline this request{paid} before it expires.", "/dashboard/mentor")


def refund_due(b: Booking, by_mentor: bool) -> int:
    """What closing this booking now refunds, by the marketplace's policy: everything not yet
    refunded when the mentor cancels or the seat was never approved; otherwise everything when the
    learner cancels up to the full-refund cutoff, and nothing after it."""
    if b.status not in ("confirmed", "pending_approval"):
        return 0  # nothing was paid, or the booking is closed
    left = b.paid_left()
    if by_mentor or b.status == "pending_approval":
        return left
    cutoff = int(b.starts_at) - limits().full_refund_hours * 3600
    return left if clock.now_int() <= cutoff else 0


def _confirmed(b: Booking) -> BookingConfirmed:
    return BookingConfirmed(booking_id=b.booking_id, session_id=b.session_id, learner_id=b.learner_id,
                            mentor_id=b.mentor_id, amount_paise=int(b.amount_paise), paid_order_id=b.paid_order_id)


def close(b: Booking, to: str, refund: int = 0, reason: str = "") -> None:
    """Move an open booking to a closed state and free its seat and guards, atomically. A cancellation
    records `booking.cancelled` (with the refund the policy owes) in the same transaction."""
    previous = b.status
    now = clock.now_int()
    actions: list[Any] = [Booking.status.set(to), Booking.updated_at.set(now), Booking.refund_due_paise.set(refund),
               Booking.hold_key.remove(), Booking.approval_mentor_id.remove(), Booking.approval_key.remove()]
    if refund:
        actions.append(Booking.refund_status.set("requested"))
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(b, actions=actions, condition=Booking.status == previous)
            _release_writes(tx, b)
            if to in ("cancelled", "rejected") or refund:
                events.record(tx, BookingCancelled(booking_id=b.booking_id, session_id=b.session_id,
                                                   learner_id=b.learner_id, mentor_id=b.mentor_id,
                                                   refund_paise=refund, reason=reason))
    except TransactWriteError:
        current = load(b.booking_id).status
        raise Conflict(f"This booking is already {current.replace('_', ' ')}.", code="stale_state") from None
    b.status, b.refund_due_paise, b.updated_at = to, refund, now
    if refund:
        b.refund_status = "requested"


def cancel(learner_id: str, booking_id: str) -> BookingOut:
    b = load(booking_id)
    if b.learner_id != learner_id:
        raise Forbidden("Access denied", code="access_denied")
    if b.status not in OPEN:
        raise Conflict(f"This booking is already {b.status.replace('_', ' ')}.", code="stale_state")
    s = catalog.load(b.session_id)
    if s.status not in ("scheduled",):
        raise Conflict(f"The session is {s.status}; the booking can't be cancelled now.", code="stale_state")
    refund = refund_due(b, by_mentor=False)
    close(b, "cancelled", refund, "learner_cancelled")  # the refund follows from booking.cancelled
    s.seats_taken = int(s.seats_taken) - 1  # the seat close() just freed: the answer shows it free again
    notify(s.mentor_id, "booking_cancelled", f"Booking cancelled: {s.title}", "A learner cancelled.",
           "/dashboard/mentor")
    return to_out(b, s, viewer_id=learner_id)


# ---------- mentor actions ----------

def _mentor_booking(mentor_id: str, booking_id: str) -> Booking:
    b = load(booking_id)
    if b.mentor_id != mentor_id:
        raise Forbidden("Access denied", code="access_denied")
    return b


def approve(mentor_id: str, booking_id: str) -> BookingOut:
    """The seat (already paid for, if it costs anything) is confirmed, with `booking.confirmed`."""
    b = _mentor_booking(mentor_id, booking_id)
    s = catalog.load(b.session_id)
    now = clock.now_int()
    if b.status == "pending_approval" and b.approval_due_at is not None and int(b.approval_due_at) <= now:
        raise Conflict("This request expired before it was approved; the learner has been refunded.",
                       code="approval_expired")
    actions: list[Any] = [Booking.status.set("confirmed"), Booking.updated_at.set(now),
                          Booking.approval_mentor_id.remove(), Booking.approval_key.remove()]
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(b, actions=actions, condition=Booking.status == "pending_approval")
            b.status, b.updated_at = "confirmed", now
            events.record(tx, _confirmed(b))
    except TransactWriteError:
        raise Conflict(f"This booking is already {load(booking_id).status.replace('_', ' ')}.",
                       code="stale_state") from None
    b.approval_mentor_id = b.approval_key = None
    metrics.count(metrics.BOOKINGS_CONFIRMED)
    notify(b.learner_id, "booking_approved", f"Booked ✔ {s.title}", "The mentor approved your booking.",
           "/dashboard/learner", email=("Your PeerLearn booking is confirmed", f"You're booked for {s.title}."),
           category="bookings")
    return to_out(b, s, viewer_id=mentor_id)


def reject(mentor_id: str, booking_id: str) -> BookingOut:
    """Declined: the seat is freed and whatever was paid goes back in full (via `booking.cancelled`)."""
    b = _mentor_booking(mentor_id, booking_id)
    if b.status != "pending_approval":
        raise Conflict(f"This booking is already {b.status.replace('_', ' ')}.", code="stale_state")
    refund = refund_due(b, by_mentor=True)
    close(b, "rejected", refund, "mentor_rejected")
    s = catalog.load(b.session_id)
    body = (f"The mentor declined this booking. Your {rupees(refund)} is being refunded in full." if refund
            else "The mentor declined this booking. Nothing was charged.")
    notify(b.learner_id, "booking_rejected", f"Not approved: {s.title}", body, "/sessions")
    return to_out(b, s, viewer_id=mentor_id)


def expire_approvals(event: Any = None) -> dict[str, int]:
    """Scheduled: requests the mentor did not answer by their deadline are rejected and refunded
    (Query on a sparse index; the conditional close makes overlapping runs act once)."""
    expired = 0
    for b in Booking.approvals_by_deadline.query(APPROVAL_DUE, Booking.approval_due_at <= clock.now_int(),
                                                 limit=200):
        refund = refund_due(b, by_mentor=True)
        try:
            close(b, "rejected", refund, "approval_expired")
        except Conflict:
            continue
        expired += 1
        s = catalog.load(b.session_id)
        body = f"You are refunded {rupees(refund)} in full." if refund else "Nothing was charged."
        # Only the run whose close succeeded gets here, so each side is told once. (A fixed `once` key
        # such as "approval-<id>" would sort above every time-sortable key and pin this notice to the
        # top of the bell for good.)
        notify(b.learner_id, "booking_rejected", f"Not approved in time: {s.title}",
               f"The mentor didn't answer your request in time. {body}", "/sessions")
        notify(s.mentor_id, "booking_expired", f"Request expired: {s.title}",
               "You didn't answer a booking request in time; the learner was refunded.", "/dashboard/mentor")
    return {"expired": expired}


def approvals(mentor_id: str, cursor: str | None, limit: int) -> BookingPage:
    from chalicelib.bookings.schemas import BookingPage

    result = Booking.approvals_by_mentor.query(
        mentor_id, scan_index_forward=True, page_size=limit,
        last_evaluated_key=paging.decode(cursor, CURSOR_KEYS, {"approval_mentor_id": mentor_id}))
    items, last = paging.take(result, limit, max_pages=1)
    return BookingPage(items=shape_many(items, mentor_id), next_cursor=paging.encode(last))


# ---------- payments hooks (the payments issue calls these) ----------

def mark_paid(booking_id: str, paid_order_id: str | None = None) -> Booking:
    """A captured payment confirms a held seat (pending_payment → confirmed), remembering which
    order paid for it (a second paid order for the same seat is then refunded, not kept)."""
    b = load(booking_id)
    if b.needs_approval:
        return _paid_for_approval(b, paid_order_id)
    now = clock.now_int()
    actions: list[Any] = [Booking.status.set("confirmed"), Booking.hold_key.remove(), Booking.updated_at.set(now)]
    if paid_order_id:
        actions.append(Booking.paid_order_id.set(paid_order_id))
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(b, actions=actions, condition=Booking.status == "pending_payment")
            b.status, b.hold_key, b.updated_at = "confirmed", None, now
            b.paid_order_id = paid_order_id or b.paid_order_id
            events.record(tx, _confirmed(b))
    except TransactWriteError:
        raise Conflict(f"This booking is {load(booking_id).status.replace('_', ' ')}; it can't be confirmed.",
                       code="stale_state") from None
    metrics.count(metrics.BOOKINGS_CONFIRMED)
    s = catalog.load(b.session_id)
    # Money was taken: this email is the payment's receipt, sent whatever the booking-email switch says.
    paid = rupees(int(b.amount_paise or 0))
    notify(b.learner_id, "booking_confirmed", f"Booked ✔ {s.title}", "Payment received. See it in My Activity.",
           "/dashboard/learner", email=("Your PeerLearn booking is confirmed",
                                        f"You're booked for {s.title}.\nReceipt: we received {paid}."),
           category="receipts")
    notify(s.mentor_id, "booking_new", f"New booking: {s.title}", "A learner booked and paid.", "/dashboard/mentor")
    return b


def _paid_for_approval(b: Booking, paid_order_id: str | None) -> Booking:
    """A paid approval seat: pending_payment → pending_approval, with the mentor's deadline."""
    s = catalog.load(b.session_id)
    now = clock.now_int()
    due = max(now, approval_deadline(int(s.starts_at), now))
    actions: list[Any] = [Booking.status.set("pending_approval"), Booking.hold_key.remove(),
                          Booking.updated_at.set(now), Booking.approval_mentor_id.set(b.mentor_id),
                          Booking.approval_due_at.set(due), Booking.approval_key.set(APPROVAL_DUE)]
    if paid_order_id:
        actions.append(Booking.paid_order_id.set(paid_order_id))
    try:
        b.update(actions=actions, condition=Booking.status == "pending_payment")
    except UpdateError:
        raise Conflict(f"This booking is {load(b.booking_id).status.replace('_', ' ')}; it can't be confirmed.",
                       code="stale_state") from None
    _ask_for_approval(b, s)
    return b


# ---------- session-wide effects and sweepers ----------

def by_session(session_id: str) -> list[Booking]:
    return list(Booking.by_session.query(session_id))


def notify_learners(session_id: str, kind: str, title: str, body: str, link: str, once: str) -> None:
    """Each confirmed learner, once per event (`once`: the event's id)."""
    for b in by_session(session_id):
        if b.status == "confirmed":
            notify(b.learner_id, kind, title, body, link, once=f"{once}-{b.booking_id}")


def cancel_all_for_session(session_id: str, title: str, reason: str, once: str, refund_reason: str) -> int:
    """The mentor cancelled: every open booking closes with a full refund and its learner is told.
    Safe to run again (closed bookings are skipped; `once` keys each learner's notification)."""
    closed = 0
    for b in by_session(session_id):
        if b.status not in OPEN:
            continue
        refund = refund_due(b, by_mentor=True)
        try:
            close(b, "cancelled", refund, refund_reason)  # by the mentor's side: everything paid goes back
        except Conflict:
            continue
        closed += 1
        notify(b.learner_id, "session_cancelled", f"Cancelled: {title}",
               (reason or "The mentor cancelled this session.") + (" You will be refunded in full." if refund else ""),
               "/dashboard/learner", email=("A PeerLearn session was cancelled", (
                   f"{title} was cancelled. {reason}" if refund_reason == "mentor_no_show"
                   else f"{title} was cancelled by the mentor. {reason}").strip()),
               category="bookings", once=f"{once}-{b.booking_id}")
    return closed


def complete_for_session(session_id: str) -> int:
    """The session is over: confirmed bookings complete (each with `booking.completed`, which releases
    the mentor's earning), unpaid or unapproved ones expire. Safe to run again."""
    done = 0
    for b in by_session(session_id):
        if b.status == "confirmed":
            try:
                with TransactWrite(connection=tx_connection()) as tx:
                    tx.update(b, actions=[Booking.status.set("completed"), Booking.updated_at.set(clock.now_int())],
                              condition=Booking.status == "confirmed")
                    events.record(tx, BookingCompleted(booking_id=b.booking_id, session_id=b.session_id,
                                                       learner_id=b.learner_id, mentor_id=b.mentor_id,
                                                       paid=bool(b.paid_order_id)))
            except TransactWriteError:
                continue
            done += 1
        elif b.status in ("pending_payment", "pending_approval"):
            refund = refund_due(b, by_mentor=True)  # an unapproved paid seat goes back in full
            try:
                close(b, "expired", refund, "approval_expired" if refund else "")
            except Conflict:
                continue
    return done


def expire_holds(event: Any = None) -> dict[str, int]:
    """Scheduled: unpaid holds past their 15 minutes release their seat (Query on a sparse index)."""
    expired = 0
    for b in Booking.holds_by_expiry.query(HOLD, Booking.hold_expires_at <= clock.now_int(), limit=200):
        try:
            close(b, "expired")
        except Conflict:
            continue
        expired += 1
        try:
            s = catalog.load(b.session_id)
            notify(b.learner_id, "booking_expired", f"Seat released: {s.title}",
                   "The 15-minute payment window passed. Book again if seats are left.", f"/sessions/{s.session_id}")
        except Exception:
            logger.exception("expiry notification failed")
    return {"expired": expired}


def sweep(event: Any = None) -> dict[str, int]:
    """Scheduled every minute: unpaid holds and unanswered approval requests."""
    return {"expired": expire_holds()["expired"], "approvals_expired": expire_approvals()["expired"]}


def report_problem(learner_id: str, booking_id: str, reason: str, details: str) -> BookingOut:
    b = problems.report(learner_id, booking_id, reason, details)
    return to_out(b, viewer_id=learner_id)


def shares_booking(learner_id: str, mentor_id: str) -> bool:
    """Whether the learner ever booked a session of the mentor (one keys-only Query on `by-pair`)."""
    return any(True for _ in Booking.by_pair.query(learner_id, Booking.mentor_id == mentor_id, limit=1))
