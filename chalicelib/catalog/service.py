"""Sessions: create, edit, cancel, go live, end, and discovery (landing, listing, mentor pages)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.accounts import uploads
from chalicelib.accounts.models import User
from chalicelib.accounts.people import people
from chalicelib.catalog import terms
from chalicelib.catalog.events import SessionCancelled, SessionCompleted, SessionWentLive
from chalicelib.catalog.models import ACTIVE, CLOSED, LISTED, START, Session, SessionTerm, job_bucket
from chalicelib.catalog.rules import limits
from chalicelib.core import clock, events, paging, timeslots
from chalicelib.core.errors import BadRequest, Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.core.events import DomainEvent
from chalicelib.core.guards import Guard
from chalicelib.core.ids import new_id, new_secret
from chalicelib.core.logging import logger
from chalicelib.core.models import get_or_404, tx_connection

if TYPE_CHECKING:
    from chalicelib.accounts.schemas import PersonCardOut
    from chalicelib.catalog.schemas import (
        LandingOut,
        ListQuery,
        MentorSessionPage,
        SessionIn,
        SessionOut,
        SessionPage,
        SessionPatch,
    )

LIVE_LOOKBACK = 240 * 60  # a live session started at most this long ago
CURSOR_KEYS = {
    "listed-by-start": {"session_id", "listed_key", "starts_at"},
    "listed-by-category": {"session_id", "listed_category", "starts_at"},
    "by-mentor": {"session_id", "mentor_id", "starts_at"},
}


# ---------- shaping ----------

def to_out(s: Session, mentors: dict[str, PersonCardOut] | None = None, *, show_room: bool = False) -> SessionOut:
    from chalicelib.catalog.schemas import SessionOut

    return SessionOut.from_model(s, (mentors or {}).get(s.mentor_id), show_room=show_room,
                                 thumbnail_url=uploads.view_url(s.thumbnail_key))


def shape_many(sessions: list[Session]) -> list[SessionOut]:
    cards = people({s.mentor_id for s in sessions})
    return [to_out(s, cards) for s in sessions]


# ---------- loading and ownership ----------

def load(session_id: str) -> Session:
    return get_or_404(Session, session_id, "session")


def owned(mentor_id: str, session_id: str) -> Session:
    s = load(session_id)
    if s.mentor_id != mentor_id:
        raise Forbidden("Access denied", code="access_denied")
    return s


def can_view(s: Session, user_id: str | None) -> bool:
    if s.visibility == "public":
        return True
    return user_id is not None and user_id in (s.mentor_id, s.for_learner_id)


# ---------- validation ----------

def checked_times(starts_at_iso: str, duration_min: int) -> tuple[int, int]:
    from chalicelib.catalog.schemas import parse_time

    try:
        start = parse_time(starts_at_iso)
    except ValueError as exc:
        raise ValidationFailed({"starts_at": str(exc)}) from None
    now = clock.now_int()
    if start <= now:
        raise ValidationFailed({"starts_at": "Pick a start time in the future."})
    if start > now + limits().max_days_ahead * 86400:
        raise ValidationFailed({"starts_at": "Sessions can be scheduled at most a year ahead."})
    if not timeslots.aligned(start):
        raise ValidationFailed({"starts_at": "Start on a quarter hour (:00, :15, :30 or :45)."})
    return start, start + duration_min * 60


def _search_text(title: str, topics: list[str], category: str) -> str:
    return " ".join([title, *topics, category]).casefold()


def _listing_attrs(visibility: str, category: str) -> dict[str, Any]:
    if visibility != "public":
        return {"listed_key": None, "listed_category": None}
    return {"listed_key": LISTED, "listed_category": category}


def _slot_conflict(exc: TransactWriteError) -> bool:
    return any(r is not None and r.code == "ConditionalCheckFailed" for r in (exc.cancellation_reasons or []))


# ---------- mentor actions ----------

def build_session(mentor_id: str, *, title: str, description: str, topics: list[str], category: str, start: int,
                  end: int, duration_min: int, price_paise: int, seats: int, requires_approval: bool,
                  thumbnail_key: str | None, visibility: str = "public", for_learner_id: str | None = None) -> Session:
    now = clock.now_int()
    s = Session(
        session_id=new_id(), mentor_id=mentor_id, title=title, description=description, topics=topics,
        category=category, starts_at=start, ends_at=end, duration_min=duration_min, price_paise=price_paise,
        seats=seats, seats_taken=0, requires_approval=requires_approval, thumbnail_key=thumbnail_key,
        status="scheduled", visibility=visibility, for_learner_id=for_learner_id, room_code=new_secret(12),
        search_text=_search_text(title, topics, category), created_at=now, updated_at=now, active_key=ACTIVE,
        job_bucket=job_bucket(START, clock.day(start)), job_at=start,
    )
    for k, v in _listing_attrs(visibility, category).items():
        setattr(s, k, v)
    return s


def add_session_writes(tx: TransactWrite, s: Session) -> None:
    """The session, its word-index items and its mentor time-slot guards, for one transaction."""
    tx.save(s, condition=Session.session_id.does_not_exist())
    terms.put_in(tx, s)
    for slot in timeslots.slots(int(s.starts_at), int(s.ends_at)):
        tx.save(Guard(key=timeslots.mentor_slot_key(s.mentor_id, slot), owner_id=s.session_id,
                      created_at=clock.now_int()), condition=Guard.key.does_not_exist())


def create_session(mentor_id: str, data: SessionIn) -> SessionOut:
    start, end = checked_times(data.starts_at, data.duration_min)
    if data.thumbnail_key:
        uploads.verify_uploaded(mentor_id, "mentor", "thumbnail", data.thumbnail_key)
    s = build_session(mentor_id, title=data.title, description=data.description, topics=data.topics,
                      category=data.category, start=start, end=end, duration_min=data.duration_min,
                      price_paise=data.price_paise, seats=data.seats, requires_approval=data.requires_approval,
                      thumbnail_key=data.thumbnail_key)
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            add_session_writes(tx, s)
    except TransactWriteError as exc:
        if _slot_conflict(exc):
            raise Conflict("You already have a session at that time. Slot taken, try another.",
                           code="slot_taken") from None
        raise
    return to_out(s, people({mentor_id}), show_room=True)


def update_session(mentor_id: str, session_id: str, patch: SessionPatch) -> SessionOut:
    s = owned(mentor_id, session_id)
    if s.status != "scheduled":
        raise Conflict(f"This session is {s.status} and can no longer be edited.", code="stale_state")
    fields = patch.model_dump(exclude_unset=True, exclude_none=True)
    timing = {"starts_at", "duration_min", "price_paise", "seats"} & fields.keys()
    if timing and int(s.seats_taken or 0) > 0:
        raise Conflict("Learners have booked this session: its time, price and seats can't change now. "
                       "Cancel it instead.", code="has_bookings")
    if "thumbnail_key" in fields:
        uploads.verify_uploaded(mentor_id, "mentor", "thumbnail", fields["thumbnail_key"])
    old_start, old_end = int(s.starts_at), int(s.ends_at)
    old_terms = {(t.term, t.sort_key) for t in terms.items(s)}
    duration = int(fields.get("duration_min", s.duration_min))
    if "starts_at" in fields or "duration_min" in fields:
        start, end = checked_times(fields.get("starts_at") or clock.iso(old_start), duration)
    else:
        start, end = old_start, old_end
    for name in ("title", "description", "topics", "category", "price_paise", "seats", "requires_approval",
                 "thumbnail_key"):
        if name in fields:
            setattr(s, name, fields[name])
    s.starts_at, s.ends_at, s.duration_min = start, end, duration
    s.job_bucket, s.job_at = job_bucket(START, clock.day(start)), start
    s.search_text = _search_text(s.title, [str(t) for t in s.topics], s.category)
    for k, v in _listing_attrs(s.visibility, s.category).items():
        setattr(s, k, v)
    prev_updated = s.updated_at
    s.updated_at = clock.now_int()
    old_slots, new_slots = set(timeslots.slots(old_start, old_end)), set(timeslots.slots(start, end))
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            # Optimistic: nobody booked or edited since we read it.
            tx.save(s, condition=(Session.updated_at == prev_updated) & (Session.seats_taken == s.seats_taken)
                    & (Session.status == "scheduled"))
            new_terms = terms.items(s)
            for term, sort_key in old_terms - {(t.term, t.sort_key) for t in new_terms}:
                tx.delete(SessionTerm(term=term, sort_key=sort_key))
            for item in new_terms:
                tx.save(item)
            for slot in old_slots - new_slots:
                tx.delete(Guard(key=timeslots.mentor_slot_key(mentor_id, slot)))
            for slot in new_slots - old_slots:
                tx.save(Guard(key=timeslots.mentor_slot_key(mentor_id, slot), owner_id=s.session_id,
                              created_at=clock.now_int()), condition=Guard.key.does_not_exist())
    except TransactWriteError:
        # Classify from fresh state (PynamoDB reorders transaction items by kind).
        fresh = load(session_id)
        if (fresh.updated_at != prev_updated or fresh.status != "scheduled"
                or int(fresh.seats_taken or 0) != int(s.seats_taken or 0)):
            raise Conflict("The session changed meanwhile. Reload and try again.", code="stale_state") from None
        raise Conflict("You already have a session at that time. Slot taken, try another.",
                       code="slot_taken") from None
    return to_out(s, people({mentor_id}), show_room=True)


def release_mentor_slots(s: Session) -> None:
    """Free a closed session's quarter hours (tolerant: a slot may be free or reused already)."""
    for slot in timeslots.slots(int(s.starts_at), int(s.ends_at)):
        try:
            Guard(key=timeslots.mentor_slot_key(s.mentor_id, slot)).delete(condition=Guard.owner_id == s.session_id)
        except Exception:  # already released or reused: nothing to do
            logger.debug("slot not held", extra={"slot": slot})


def _transition(s: Session, to: str, allowed_from: tuple[str, ...], extra: list[Any] | None = None,
                message: str | None = None, event: DomainEvent | None = None) -> None:
    """A forward-only status change and, in the same transaction, the event that tells the layers above."""
    now = clock.now_int()
    actions = [Session.status.set(to), Session.updated_at.set(now), *(extra or [])]
    closing = to in ("completed", "cancelled")
    if closing:
        actions += [Session.listed_key.remove(), Session.listed_category.remove(), Session.active_key.remove(),
                    Session.job_bucket.set(job_bucket(CLOSED, clock.day(now, clock.IST))),
                    Session.job_at.set(now)]
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(s, actions=actions, condition=Session.status.is_in(*allowed_from))
            if event is not None:
                events.record(tx, event)
    except TransactWriteError:
        current = load(s.session_id).status
        raise Conflict(message or f"This session is already {current}.", code="stale_state") from None
    s.status, s.updated_at = to, now  # a transaction returns no new image
    if closing:
        s.listed_key = s.listed_category = s.active_key = None
        s.job_bucket, s.job_at = job_bucket(CLOSED, clock.day(now, clock.IST)), now
        terms.remove(s)


def cancel_session(mentor_id: str, session_id: str, reason: str) -> SessionOut:
    """Cancelled here; its slots, bookings and refunds follow from `session.cancelled`."""
    s = owned(mentor_id, session_id)
    _transition(s, "cancelled", ("scheduled",), [Session.cancel_reason.set(reason or "")],
                f"Only a scheduled session can be cancelled; this one is {s.status}.",
                SessionCancelled(session_id=s.session_id, mentor_id=s.mentor_id, title=s.title, reason=reason or "",
                                 starts_at=int(s.starts_at), ends_at=int(s.ends_at)))
    s.cancel_reason = reason or ""
    return to_out(s, people({mentor_id}), show_room=True)


NO_SHOW_REASON = "The mentor didn't join, so the session is cancelled."


def cancel_for_mentor_no_show(session_id: str) -> Session | None:
    """The no-show job: the mentor never came. Cancelled like a mentor's own cancellation (the same
    `session.cancelled`, so slots, bookings and full refunds follow), from scheduled or live (a mentor
    may go live and never enter the room), with the no-show as the refunds' reason. None when the
    session had closed meanwhile (a second run, or the mentor ended it)."""
    s = load(session_id)
    try:
        _transition(s, "cancelled", ("scheduled", "live"),
                    [Session.cancel_reason.set(NO_SHOW_REASON), Session.cancel_cause.set("mentor_no_show")],
                    event=SessionCancelled(session_id=s.session_id, mentor_id=s.mentor_id, title=s.title,
                                           reason=NO_SHOW_REASON, starts_at=int(s.starts_at), ends_at=int(s.ends_at),
                                           refund_reason="mentor_no_show"))
    except Conflict:
        return None
    s.cancel_reason, s.cancel_cause = NO_SHOW_REASON, "mentor_no_show"
    return s


def go_live(mentor_id: str, session_id: str) -> SessionOut:
    s = owned(mentor_id, session_id)
    now = clock.now_int()
    if s.status == "scheduled" and now < s.starts_at - limits().go_live_early_seconds:
        minutes = (s.starts_at - limits().go_live_early_seconds - now + 59) // 60
        raise Conflict(f"You can go live from 15 minutes before the start (in {minutes} min).", code="too_early")
    if now >= s.ends_at:
        raise Conflict("This session's time is over.", code="too_late")
    _transition(s, "live", ("scheduled",), message=f"This session is already {s.status}.",
                event=SessionWentLive(session_id=s.session_id, mentor_id=s.mentor_id, title=s.title,
                                      room_code=s.room_code))
    return to_out(s, people({mentor_id}), show_room=True)


def end_session(mentor_id: str, session_id: str) -> SessionOut:
    s = owned(mentor_id, session_id)
    complete(s)
    return to_out(s, people({mentor_id}), show_room=True)


EARLY_SHARE = 0.8  # ended before 80 % of its scheduled length had passed: "ended early"


def ends_early(s: Session, at: int) -> bool:
    """Ending at `at` is "early" when less than 80 % of the scheduled length has passed since the start."""
    return at < int(s.starts_at) + EARLY_SHARE * int(s.duration_min) * 60


def complete(s: Session) -> None:
    """Completed here; bookings, slots and earnings follow from `session.completed`."""
    now = clock.now_int()
    early = ends_early(s, now)
    _transition(s, "completed", ("scheduled", "live"), message=f"This session is already {s.status}.",
                extra=[Session.ended_at.set(now), Session.ended_early.set(early)],
                event=SessionCompleted(session_id=s.session_id, mentor_id=s.mentor_id, title=s.title,
                                       starts_at=int(s.starts_at), ends_at=int(s.ends_at), ended_at=now,
                                       ended_early=early))
    s.ended_at, s.ended_early = now, early


def complete_ended(event: Any = None) -> dict[str, int]:
    """Scheduled: sessions whose end has passed become completed (Query on the sparse index)."""
    done = 0
    for s in Session.active_by_end.query(ACTIVE, Session.ends_at <= clock.now_int(), limit=200):
        try:
            complete(s)
            done += 1
        except Conflict:
            continue
    return {"completed": done}


# ---------- the jobs' windows (time-bucketed sparse indexes; Query, never Scan) ----------

def starting_between(lo: int, hi: int) -> Iterator[Session]:
    """Scheduled or live sessions starting in [lo, hi], soonest first."""
    for bucket in clock.days_between(lo, hi):
        yield from Session.jobs_by_day.query(job_bucket(START, bucket), Session.job_at.between(lo, hi))


def closed_between(lo: int, hi: int) -> Iterator[Session]:
    """Sessions completed or cancelled in [lo, hi], oldest first."""
    for bucket in clock.days_between(lo, hi, clock.IST):
        yield from Session.jobs_by_day.query(job_bucket(CLOSED, bucket), Session.job_at.between(lo, hi))


def closed_in_month(name: str) -> dict[str, int]:
    """How many sessions completed and were cancelled in the IST month "YYYY-MM"."""
    lo, hi = clock.month_bounds(name)
    counts = {"completed": 0, "cancelled": 0}
    for s in closed_between(lo, hi - 1):
        if s.status in counts:
            counts[s.status] += 1
    return counts


# ---------- discovery ----------

def get_session(session_id: str, viewer_id: str | None) -> SessionOut:
    s = load(session_id)
    if not can_view(s, viewer_id):
        raise NotFound("We couldn't find that session.")
    return to_out(s, people({s.mentor_id}), show_room=viewer_id == s.mentor_id)


def list_sessions(q: ListQuery) -> SessionPage:
    from chalicelib.catalog.schemas import SessionPage, parse_time

    now = clock.now_int()
    lower = now - LIVE_LOOKBACK
    upper: int | None = None
    try:
        if q.from_:
            lower = max(lower, parse_time(q.from_))
        if q.to:
            upper = parse_time(q.to)
    except ValueError as exc:
        raise ValidationFailed({"from" if q.from_ else "to": str(exc)}) from None
    key_cond = Session.starts_at.between(lower, upper) if upper is not None else Session.starts_at >= lower
    filt = Session.ends_at > now
    if q.price == "free":
        filt &= Session.price_paise == 0
    elif q.price == "paid":
        filt &= Session.price_paise > 0
    if q.min_price_paise is not None:
        filt &= Session.price_paise >= q.min_price_paise
    if q.max_price_paise is not None:
        filt &= Session.price_paise <= q.max_price_paise
    for word in (q.q or "").casefold().split()[:5]:
        filt &= Session.search_text.contains(word)
    index: Any
    words = terms.words(q.q or "")[:5]
    if words and not q.mentor_id:
        found = _search_words(words, q, lower, upper, now)
        if found is not None:
            return found
    if q.mentor_id:
        index, hash_key, names = Session.by_mentor, q.mentor_id, CURSOR_KEYS["by-mentor"]
        filt &= Session.listed_key == LISTED
        if q.category:
            filt &= Session.category == q.category
    elif q.category:
        index, hash_key, names = Session.listed_by_category, q.category, CURSOR_KEYS["listed-by-category"]
    else:
        index, hash_key, names = Session.listed_by_start, LISTED, CURSOR_KEYS["listed-by-start"]
    start_key = paging.decode(q.cursor, names)
    # Selective filters (price, text, mentor) skip items: read bigger pages so one page usually
    # fills the answer — fewer round trips, and a cost that doesn't depend on where matches fall.
    selective = bool(q.q or q.price or q.min_price_paise is not None or q.max_price_paise is not None or q.mentor_id)
    page_size = 100 if selective else max(q.limit * 2, 25)
    result = index.query(hash_key, key_cond, filter_condition=filt, scan_index_forward=True,
                         page_size=page_size, last_evaluated_key=start_key)
    items, last = paging.take(result, q.limit)
    return SessionPage(items=shape_many(items), next_cursor=paging.encode(last))


def _search_words(words: list[str], q: ListQuery, lower: int, upper: int | None, now: int) -> SessionPage | None:
    """Text search through the word index: a Query on the first word's partition, soonest first.

    Returns None when the first page finds nothing for a first query (e.g. a half-typed word), so
    the caller can fall back to the bounded substring filter."""
    key_cond = (SessionTerm.sort_key.between(f"{lower:012d}", f"{upper:012d}~") if upper is not None
                else SessionTerm.sort_key >= f"{lower:012d}")
    filt = SessionTerm.ends_at > now
    for word in words[1:]:
        filt &= SessionTerm.search_text.contains(word)
    if q.category:
        filt &= SessionTerm.category == q.category
    if q.price == "free":
        filt &= SessionTerm.price_paise == 0
    elif q.price == "paid":
        filt &= SessionTerm.price_paise > 0
    if q.min_price_paise is not None:
        filt &= SessionTerm.price_paise >= q.min_price_paise
    if q.max_price_paise is not None:
        filt &= SessionTerm.price_paise <= q.max_price_paise
    start_key = None
    if q.cursor:
        try:
            start_key = paging.decode(q.cursor, {"term", "sort_key"}, {"term": words[0]})
        except BadRequest:
            return None  # a cursor of the substring path: continue there
    result = SessionTerm.query(words[0], key_cond, filter_condition=filt, scan_index_forward=True,
                               page_size=max(q.limit * 2, 25), last_evaluated_key=start_key)
    hits, last = paging.take(result, q.limit)
    if not hits and not q.cursor:
        return None
    by_id = {s.session_id: s for s in Session.batch_get([h.session_id for h in hits])} if hits else {}
    ordered = [by_id[h.session_id] for h in hits
               if h.session_id in by_id and by_id[h.session_id].listed_key == LISTED]
    from chalicelib.catalog.schemas import SessionPage

    return SessionPage(items=shape_many(ordered), next_cursor=paging.encode(last))


def landing(category: str | None) -> LandingOut:
    from chalicelib.catalog.schemas import LandingOut, ListQuery
    from chalicelib.core.taxonomy import CATEGORIES

    page = list_sessions(ListQuery(category=category, limit=12))
    # Live first, then soonest.
    items = sorted(page.items, key=lambda s: (s.status != "live", s.starts_at))
    from chalicelib.catalog import mentors

    return LandingOut(live_upcoming=items, categories=list(CATEGORIES), top_mentors=mentors.top(12))


def mentor_sessions(mentor_id: str, tab: str, cursor: str | None, limit: int) -> MentorSessionPage:
    from zoneinfo import ZoneInfo

    from chalicelib.catalog.schemas import MentorSessionOut, MentorSessionPage

    user = User.get(mentor_id, attributes_to_get=["timezone"])
    tz = ZoneInfo(user.timezone or "Asia/Kolkata")
    now = clock.now_int()
    local = datetime.fromtimestamp(now, tz)
    day_start = int(local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp())
    day_end = int((local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)).timestamp())
    names = CURSOR_KEYS["by-mentor"]
    start_key = paging.decode(cursor, names, {"mentor_id": mentor_id})
    if tab == "today":
        result = Session.by_mentor.query(mentor_id, Session.starts_at.between(day_start, day_end - 1),
                                         scan_index_forward=True, page_size=limit, last_evaluated_key=start_key)
    elif tab == "upcoming":
        result = Session.by_mentor.query(mentor_id, Session.starts_at >= day_end, scan_index_forward=True,
                                         page_size=limit, last_evaluated_key=start_key)
    else:
        result = Session.by_mentor.query(mentor_id, Session.starts_at < day_start, scan_index_forward=False,
                                         page_size=limit, last_evaluated_key=start_key)
    items, last = paging.take(result, limit, max_pages=1)
    card = people({mentor_id}).get(mentor_id)
    out = [MentorSessionOut.from_model(s, card, show_room=True, thumbnail_url=uploads.view_url(s.thumbnail_key))
           for s in items]
    return MentorSessionPage(items=out, next_cursor=paging.encode(last))


def profile_sessions(user_id: str, cursor: str | None, limit: int) -> SessionPage:
    """A mentor's listed sessions on their public profile, soonest first."""
    from chalicelib.catalog.schemas import SessionPage

    now = clock.now_int()
    result = Session.by_mentor.query(
        user_id, Session.starts_at >= now - LIVE_LOOKBACK,
        filter_condition=(Session.listed_key == LISTED) & (Session.ends_at > now), scan_index_forward=True,
        page_size=max(limit * 2, 25),
        last_evaluated_key=paging.decode(cursor, CURSOR_KEYS["by-mentor"], {"mentor_id": user_id}))
    items, last = paging.take(result, limit)
    return SessionPage(items=shape_many(items), next_cursor=paging.encode(last))


def live_now(limit: int = 100) -> list[Session]:
    """Public sessions live right now, newest start first. A live session started at most
    LIVE_LOOKBACK ago and at the earliest goes live before its start by the go-live window, so this is
    one bounded Query of the listed index (public, scheduled or live) over that window; no index of
    its own (the sessions table already gains the jobs' index in this release, and DynamoDB adds one
    index per table per update)."""
    now = clock.now_int()
    window = Session.starts_at.between(now - LIVE_LOOKBACK, now + limits().go_live_early_seconds)
    found: list[Session] = []
    for s in Session.listed_by_start.query(LISTED, window, scan_index_forward=False,
                                           filter_condition=Session.status == "live"):
        found.append(s)
        if len(found) >= limit:
            break
    return found
