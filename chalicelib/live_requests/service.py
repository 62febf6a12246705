"""Live requests: a learner asks, the mentor accepts, counter-offers or declines.

Every transition is one conditional write on `status` (forward only): an accept racing a
withdraw has exactly one winner, and the loser gets 409. Accepting creates the private session
and its booking in the same transaction as the status change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.accounts.models import User
from chalicelib.accounts.people import people
from chalicelib.bookings import service as bookings
from chalicelib.catalog import service as catalog
from chalicelib.catalog.mentors import DIRECTORY
from chalicelib.catalog.rules import limits
from chalicelib.core import clock, paging
from chalicelib.core.counters import Counter
from chalicelib.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.core.ids import new_id
from chalicelib.core.models import get_or_404, tx_connection
from chalicelib.core.money import rupees
from chalicelib.live_requests.models import OPEN, LiveRequest
from chalicelib.notifications.service import notify

if TYPE_CHECKING:
    from chalicelib.accounts.schemas import PersonCardOut
    from chalicelib.live_requests.schemas import OfferIn, RequestIn, RequestOut, RequestPage

OPEN_STATES = ("pending", "offered")
LABEL = {"pending": "⏳ Pending", "offered": "Offer received", "accepted": "Accepted", "declined": "Declined",
         "withdrawn": "Withdrawn", "expired": "Expired"}


def counter_name(learner_id: str, mentor_id: str) -> str:
    return f"openreq#{learner_id}#{mentor_id}"


def to_out(r: LiveRequest, cards: dict[str, PersonCardOut] | None = None) -> RequestOut:
    from chalicelib.accounts.schemas import name_of
    from chalicelib.live_requests.schemas import RequestOut

    cards = cards if cards is not None else people({r.learner_id, r.mentor_id})
    return RequestOut.from_model(r, learner_name=name_of(cards, r.learner_id), mentor_name=name_of(cards, r.mentor_id),
                                 status_label=LABEL.get(r.status, r.status))


def shape_many(items: list[LiveRequest]) -> list[RequestOut]:
    cards = people({r.learner_id for r in items} | {r.mentor_id for r in items})
    return [to_out(r, cards) for r in items]


def load(request_id: str) -> LiveRequest:
    return get_or_404(LiveRequest, request_id, "request")


def visible(user_id: str, request_id: str) -> RequestOut:
    r = load(request_id)
    if user_id not in (r.learner_id, r.mentor_id):
        raise Forbidden("Access denied", code="access_denied")
    return to_out(r)


def _stale(request_id: str) -> Conflict:
    current = load(request_id).status
    return Conflict(f"This request is already {LABEL.get(current, current).lower().lstrip('⏳ ')}.",
                    code="stale_state")


def create(learner_id: str, data: RequestIn) -> RequestOut:
    try:
        mentor = User.get(data.mentor_id)
    except User.DoesNotExist:
        raise NotFound("We couldn't find that mentor.") from None
    if mentor.directory_key != DIRECTORY:
        raise NotFound("We couldn't find that mentor.")
    if mentor.user_id == learner_id:
        raise Forbidden("You can't request a session from yourself.", code="own_request")
    start, _end = _times("proposed_at", data.proposed_at, data.duration_min)
    now = clock.now_int()
    r = LiveRequest(request_id=new_id(), learner_id=learner_id, mentor_id=mentor.user_id, title=data.title,
                    domain=data.domain, proposed_at=start, duration_min=data.duration_min,
                    budget_paise=data.budget_paise, message=data.message, status="pending", created_at=now,
                    updated_at=now, expires_at=start, open_key=OPEN, open_mentor_id=mentor.user_id)
    cap = limits().max_open_requests_per_mentor
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(Counter(name=counter_name(learner_id, mentor.user_id)), actions=[Counter.value.add(1)],
                      condition=Counter.value.does_not_exist() | (Counter.value < cap))
            tx.save(r, condition=LiveRequest.request_id.does_not_exist())
    except TransactWriteError:
        raise Conflict(f"You already have {cap} open requests with this mentor. Wait for an answer or withdraw one.",
                       code="too_many_requests") from None
    notify(mentor.user_id, "request_received", f"New request: {r.title}",
           f"A learner asked for a live session ({r.duration_min} min).", "/dashboard/mentor",
           email=("New live session request on PeerLearn", f"You have a new request: {r.title}."),
           category="bookings")
    return to_out(r)


def _times(field: str, iso: str, duration: int) -> tuple[int, int]:
    try:
        return catalog.checked_times(iso, duration)
    except ValidationFailed as exc:
        fields = exc.extra.get("fields", {})
        raise ValidationFailed({field: next(iter(fields.values()), "Invalid time.")}) from None


def _close_actions(status: str) -> list[Any]:
    return [LiveRequest.status.set(status), LiveRequest.updated_at.set(clock.now_int()),
            LiveRequest.open_key.remove(), LiveRequest.open_mentor_id.remove()]


def _close(r: LiveRequest, status: str, extra: list[Any] | None = None) -> None:
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(r, actions=[*_close_actions(status), *(extra or [])],
                      condition=LiveRequest.status.is_in(*OPEN_STATES))
            tx.update(Counter(name=counter_name(r.learner_id, r.mentor_id)), actions=[Counter.value.add(-1)],
                      condition=Counter.value > 0)
    except TransactWriteError:
        raise _stale(r.request_id) from None
    r.status = status


def _as_mentor(mentor_id: str, request_id: str) -> LiveRequest:
    r = load(request_id)
    if r.mentor_id != mentor_id:
        raise Forbidden("Access denied", code="access_denied")
    return r


def _as_learner(learner_id: str, request_id: str) -> LiveRequest:
    r = load(request_id)
    if r.learner_id != learner_id:
        raise Forbidden("Access denied", code="access_denied")
    return r


def _accept(r: LiveRequest, start: int, budget: int, expect: str, mentor_kind: str = "request_accepted") -> None:
    """Create the private session + booking and close the request, all in one transaction."""
    end = start + int(r.duration_min) * 60
    if start <= clock.now_int():
        raise Conflict("The proposed time has passed. Send a new time instead.", code="too_late")
    s = catalog.build_session(r.mentor_id, title=r.title, description=r.message, topics=[r.domain],
                              category=r.domain, start=start, end=end, duration_min=int(r.duration_min),
                              price_paise=budget, seats=1, requires_approval=False, thumbnail_key=None,
                              visibility="private", for_learner_id=r.learner_id)
    s.seats_taken = 1
    b = bookings.new_booking(s, r.learner_id, "pending_payment" if budget > 0 else "confirmed", budget,
                             request_id=r.request_id)
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(r, actions=[*_close_actions("accepted"), LiveRequest.session_id.set(s.session_id),
                                  LiveRequest.booking_id.set(b.booking_id)],
                      condition=LiveRequest.status == expect)
            tx.update(Counter(name=counter_name(r.learner_id, r.mentor_id)), actions=[Counter.value.add(-1)],
                      condition=Counter.value > 0)
            catalog.add_session_writes(tx, s)
            bookings.add_booking_writes(tx, b, s)
    except TransactWriteError:
        # Classify from fresh state (PynamoDB reorders transaction items by kind).
        if load(r.request_id).status != expect:
            raise _stale(r.request_id) from None
        raise Conflict("That time is no longer free for one of you. Slot taken, try another.",
                       code="slot_taken") from None
    r.status, r.session_id, r.booking_id = "accepted", s.session_id, b.booking_id
    bookings.count_created(b)
    if budget > 0:
        body = f"Pay {rupees(budget)} within 15 minutes to confirm."
    else:
        body = "Your session is confirmed. See it in My Activity."
    notify(r.learner_id, "request_accepted", f"Accepted: {r.title}", body, "/dashboard/learner",
           email=("Your PeerLearn request was accepted", f"{r.title} is on. {body}"), category="bookings")
    notify(r.mentor_id, mentor_kind, f"Scheduled: {r.title}", "The session is in My Sessions.",
           "/dashboard/mentor")


def accept(mentor_id: str, request_id: str) -> RequestOut:
    r = _as_mentor(mentor_id, request_id)
    if r.status != "pending":
        raise _stale(request_id)
    _accept(r, int(r.proposed_at), int(r.budget_paise), "pending")
    return to_out(r)


def offer(mentor_id: str, request_id: str, data: OfferIn) -> RequestOut:
    r = _as_mentor(mentor_id, request_id)
    start, _end = _times("proposed_at", data.proposed_at, int(r.duration_min))
    try:
        r.update(actions=[LiveRequest.status.set("offered"), LiveRequest.offer_proposed_at.set(start),
                          LiveRequest.offer_budget_paise.set(data.budget_paise),
                          LiveRequest.offer_message.set(data.message), LiveRequest.expires_at.set(start),
                          LiveRequest.updated_at.set(clock.now_int())],
                 condition=LiveRequest.status.is_in(*OPEN_STATES))
    except Exception:
        raise _stale(request_id) from None
    notify(r.learner_id, "request_offered", f"New offer: {r.title}",
           f"The mentor proposed {{at}} for {rupees(data.budget_paise)}.", "/dashboard/learner", at=start,
           email=("A mentor replied to your request", f"New time and budget for {r.title}."), category="bookings")
    return to_out(r)


def decline(mentor_id: str, request_id: str, reason: str) -> RequestOut:
    r = _as_mentor(mentor_id, request_id)
    _close(r, "declined", [LiveRequest.decline_reason.set(reason)])
    notify(r.learner_id, "request_declined", f"Declined: {r.title}", reason, "/dashboard/learner")
    return to_out(load(request_id))


def withdraw(learner_id: str, request_id: str) -> RequestOut:
    r = _as_learner(learner_id, request_id)
    _close(r, "withdrawn")
    notify(r.mentor_id, "request_withdrawn", f"Withdrawn: {r.title}", "The learner withdrew this request.",
           "/dashboard/mentor")
    return to_out(load(request_id))


def accept_offer(learner_id: str, request_id: str) -> RequestOut:
    r = _as_learner(learner_id, request_id)
    if r.status != "offered" or r.offer_proposed_at is None:
        raise _stale(request_id)
    _accept(r, int(r.offer_proposed_at), int(r.offer_budget_paise or 0), "offered", mentor_kind="offer_accepted")
    return to_out(r)


def decline_offer(learner_id: str, request_id: str) -> RequestOut:
    r = _as_learner(learner_id, request_id)
    if r.status != "offered":
        raise _stale(request_id)
    _close(r, "declined", [LiveRequest.decline_reason.set("The learner declined the offer.")])
    notify(r.mentor_id, "offer_declined", f"Offer declined: {r.title}", "The learner declined your offer.",
           "/dashboard/mentor")
    return to_out(load(request_id))


HISTORY = {"answered": "accepted", "declined": "declined", "expired": "expired", "withdrawn": "withdrawn"}


def for_mentor(mentor_id: str, status: str, cursor: str | None, limit: int) -> RequestPage:
    from chalicelib.live_requests.schemas import RequestPage

    if status == "open":
        names = {"request_id", "open_mentor_id", "created_at"}
        result = LiveRequest.open_by_mentor.query(mentor_id, scan_index_forward=False, page_size=limit,
                                                  last_evaluated_key=paging.decode(cursor, names,
                                                                                   {"open_mentor_id": mentor_id}))
    else:
        names = {"request_id", "mentor_id", "created_at"}
        wanted = HISTORY.get(status)  # a history filter: the mentor's index, filtered by status
        result = LiveRequest.by_mentor.query(mentor_id, scan_index_forward=False, page_size=limit,
                                             filter_condition=(LiveRequest.status == wanted) if wanted else None,
                                             last_evaluated_key=paging.decode(cursor, names, {"mentor_id": mentor_id}))
    items, last = paging.take(result, limit, max_pages=3 if status in HISTORY else 1)
    return RequestPage(items=shape_many(items), next_cursor=paging.encode(last))


def expire_open(event: Any = None) -> dict[str, int]:
    """Scheduled: open requests whose (offered) time has passed become expired."""
    expired = 0
    for r in LiveRequest.open_by_time.query(OPEN, LiveRequest.expires_at <= clock.now_int(), limit=200):
        try:
            _close(r, "expired")
        except Conflict:
            continue
        expired += 1
        notify(r.learner_id, "request_expired", f"Expired: {r.title}",
               "The proposed time passed without an agreement.", "/dashboard/learner")
    return {"expired": expired}


def shares_request(learner_id: str, mentor_id: str) -> bool:
    """Whether the learner ever asked the mentor for a session (one keys-only Query on `by-pair`)."""
    return any(True for _ in LiveRequest.by_pair.query(learner_id, LiveRequest.mentor_id == mentor_id, limit=1))
