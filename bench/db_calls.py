"""DynamoDB requests per user-facing GET route of the marketplace, at 1,000 and at 10,000 sessions.

In-process, like the unit tests: moto (`mock_aws`, with `local.moto_atomic`), every table from
`create_all_tables()`, the app called through `chalice.test.Client` with real access tokens.

Every botocore client made in this process — boto3's (`chalicelib.core.clients`) and the ones
PynamoDB builds per connection — gets a `before-call` handler (installed by wrapping
`botocore.session.Session.create_client` before the app is imported), so each request to DynamoDB
is counted by operation and any `Scan` is flagged.

Data (seeded with PynamoDB batch writes, deterministic): mentors with profiles in the directory,
sessions spread over categories, prices (about a third free), seats, approval, and start times from
two months ago to four months ahead (past ones completed, a few live or cancelled), bookings in
every state and live requests in every state. One mentor and one learner are measured: their own
sessions, bookings and requests are the same in both phases; phase two adds 9,000 sessions of 900
more mentors and the bookings and requests of 2,700 more learners (10× the tables and indexes).

Payments (their own random stream, so the marketplace draws are unchanged): every paid booking
gets its payment as the services leave it — an open order for a held seat (a fifth failed once),
captured for confirmed and completed seats (held or released by the session's end, 5 % refunded
in part by an admin, gifts after 8 % of completed sessions), refunded in full for cancelled
sessions — with its Refund rows, the processed `payment.captured` webhook of the last 30 days, the
balances and counters the ledger postings would leave, a processed withdrawal for about a third of
the mentors with money available, and a dead-lettered webhook per hundred payments. The measured
mentor has 30 captured booking payments (4 refunded in part, 3 in full), 4 gifts, 2 open orders,
5 withdrawals and a payout account; the measured learner 26 payments (more than one page); the
platform has a payout account, 3 withdrawals and 60 daily reconciliation reports; 8 webhooks are
dead-lettered or replayed. Those are the same in both phases; the other payments grow 10×
(~330 → ~3,300). Admin routes use an admin created by `bootstrap.ensure_admin` and signed in
through `/auth/login` + `/auth/login/totp` (pyotp).

    python bench/db_calls.py [--small 1000] [--large 10000] [--strict]

The last line is JSON: {"routes": n, "max_calls_per_request": ..., "scans": ..., "growth_ratio": ...}
(+ the routes over a target). The per-route table goes to stderr. Targets: scans 0,
max_calls_per_request ≤ 5, growth_ratio (calls at the large size ÷ calls at the small size, worst
route) ≤ 1.1. `--strict` exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

MAX_CALLS = 5
MAX_GROWTH = 1.1
SESSIONS_PER_MENTOR = 10
LEARNERS_PER_MENTOR = 3
SLOT = 900
DAY = 86400
PASSWORD = "a long enough bench passphrase 42"
WEIGHTED_CATEGORIES = [  # popular categories first: a realistic, skewed spread
    ("Programming", 18), ("Data Science", 12), ("Mathematics", 10), ("Exam Prep", 8), ("Career", 6),
    ("Design", 5), ("Physics", 5), ("Languages", 5), ("Business", 4), ("Finance", 4), ("Cloud & DevOps", 4),
    ("Music", 3), ("Marketing", 3), ("Chemistry", 3), ("Biology", 3), ("Communication", 2), ("Writing", 2),
    ("Art", 1), ("Product Management", 1), ("Cybersecurity", 1),
]
TOPICS = {
    "Programming": ["Python", "JavaScript", "Java", "Go", "React", "Django", "Data Structures", "Algorithms"],
    "Data Science": ["Pandas", "Machine Learning", "Statistics", "SQL", "Python", "Deep Learning"],
    "Mathematics": ["Algebra", "Calculus", "Geometry", "Probability", "Linear Algebra", "Trigonometry"],
    "Exam Prep": ["JEE", "NEET", "GRE", "GMAT", "IELTS", "CAT", "UPSC"],
}
DEFAULT_TOPICS = ["Fundamentals", "Interview Preparation", "Practice", "Projects", "Public Speaking", "Excel"]
TITLES = ["Master {t} in 1 Hour", "{t} for Beginners", "{t}: Live Q&A", "Advanced {t}", "{t} Crash Course",
          "Hands-on {t}", "{t} Office Hours", "{t} Problem Solving"]
PRICES = [19900, 29900, 49900, 79900, 99900, 149900, 199900, 299900]


# ---------- counting DynamoDB requests ----------

@dataclass
class Recorder:
    """Every botocore API call made while `active`, as (service, operation)."""

    active: bool = False
    calls: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_call(self, model: Any = None, **_: Any) -> None:
        if self.active and model is not None:
            with self.lock:
                self.calls.append((str(model.service_model.service_name), str(model.name)))


RECORDER = Recorder()


def install_call_counter() -> None:
    """Hook every botocore client created from now on: boto3 clients go through a botocore
    session's `create_client` too, and PynamoDB calls `get_session().create_client(...)` for each
    connection (per model, per endpoint), so wrapping the class method reaches them all."""
    import botocore.session

    original = botocore.session.Session.create_client
    if getattr(original, "__bench_counting__", False):
        return

    def create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        client = original(self, *args, **kwargs)
        client.meta.events.register("before-call", RECORDER.on_call)
        return client

    create_client.__bench_counting__ = True  # type: ignore[attr-defined]
    botocore.session.Session.create_client = create_client


# ---------- environment ----------

def configure_environment() -> None:
    """What tests/functional/conftest.py sets: in-process moto only, no endpoint, dummy credentials."""
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        os.environ.pop(name, None)
    os.environ.update({
        "AWS_DEFAULT_REGION": "ap-south-1", "AWS_REGION": "ap-south-1",
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "PEERLEARN_TABLE_PREFIX": "bench-", "PEERLEARN_UPLOADS_BUCKET": "bench-uploads",
        "PEERLEARN_EMAIL_QUEUE": "bench-email-outbox", "PEERLEARN_JWT_SECRET": "bench-secret-" + "x" * 40,
        "PEERLEARN_WS_URL": "ws://ws.test", "PEERLEARN_WS_DOMAIN": "ws.test", "PEERLEARN_WS_STAGE": "ws",
        "PEERLEARN_EMAIL_SENDER": "no-reply@peerlearn.in",
    })


# ---------- seeding ----------

def quarter(t: int) -> int:
    return t - t % SLOT


@dataclass
class World:
    """What the measured routes need: the two measured users and the ids they look at."""

    now: int
    rng: random.Random
    mentor_id: str = ""
    mentor_token: str = ""
    learner_id: str = ""
    learner_token: str = ""
    session_id: str = ""
    booking_id: str = ""
    request_id: str = ""
    room_code: str = ""
    admin_token: str = ""
    order_id: str = ""  # a measured learner's payment, refunded in part twice
    pay_rng: random.Random = field(default_factory=random.Random)  # payments only: the marketplace draws stay as before
    balances: Counter[str] = field(default_factory=Counter)  # ledger account → paise, as the postings would leave it
    totals: Counter[str] = field(default_factory=Counter)  # counters table: captured/refunded totals, gifts per mentor
    mentors: list[str] = field(default_factory=list)
    learners: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def _write(model: Any, items: list[Any]) -> None:
    with model.batch_write() as batch:
        for item in items:
            batch.save(item)


def _category(rng: random.Random) -> str:
    names, weights = zip(*WEIGHTED_CATEGORIES, strict=True)
    return rng.choices(names, weights)[0]


def _mentor_profile(rng: random.Random) -> dict[str, Any]:
    domains = list(dict.fromkeys([_category(rng) for _ in range(rng.choice([1, 1, 2, 3]))]))
    skills = list(dict.fromkeys(t for d in domains for t in rng.sample(TOPICS.get(d, DEFAULT_TOPICS), 2)))
    return {"domains": domains, "skills": skills, "bio": f"I teach {', '.join(skills)}.",
            "qualifications": "", "certifications": []}


def seed_users(world: World, mentors: int, learners: int, password_hash: str) -> None:
    from chalicelib.accounts.models import User
    from chalicelib.catalog import mentors as directory
    from chalicelib.core.ids import new_id

    rng, now = world.rng, world.now

    def user(role: str, i: int, profile: dict[str, Any]) -> Any:
        return User(user_id=new_id(), email=f"{role}{i}@example.com", name=f"{role.title()} {i}", role=role,
                    password_hash=password_hash, email_verified=True, created_at=now, updated_at=now,
                    profile=profile, notification_prefs={})

    new_mentors = [user("mentor", i, _mentor_profile(rng))
                   for i in range(len(world.mentors), len(world.mentors) + mentors)]
    new_learners = [user("learner", i, {"interests": [_category(rng)]})
                    for i in range(len(world.learners), len(world.learners) + learners)]
    _write(User, new_mentors + new_learners)
    for u in new_mentors:
        directory.refresh(u.user_id)  # the directory attributes, exactly as email verification sets them
    world.mentors += [u.user_id for u in new_mentors]
    world.learners += [u.user_id for u in new_learners]
    world.counts["users"] += len(new_mentors) + len(new_learners)


def _session(world: World, mentor_id: str, start: int, *, category: str | None = None, price: int | None = None,
             seats: int | None = None, approval: bool | None = None) -> Any:
    from chalicelib.catalog import service as catalog

    rng = world.rng
    category = category or _category(rng)
    topics = rng.sample(TOPICS.get(category, DEFAULT_TOPICS), 2)
    duration = rng.choice([30, 45, 60, 60, 60, 90, 120])
    if price is None:
        price = 0 if rng.random() < 0.35 else rng.choice(PRICES)
    s = catalog.build_session(
        mentor_id, title=rng.choice(TITLES).format(t=topics[0]), description=f"A session on {', '.join(topics)}.",
        topics=topics, category=category, start=start, end=start + duration * 60, duration_min=duration,
        price_paise=price, seats=seats or rng.choice([1, 1, 1, 1, 2, 3, 5]),
        requires_approval=rng.random() < 0.1 if approval is None else approval, thumbnail_key=None)
    end = int(s.ends_at)
    if end <= world.now:
        _close(s, "completed")
    elif start <= world.now:
        s.status = "live"
    elif rng.random() < 0.03:
        _close(s, "cancelled")
    return s


def _close(s: Any, status: str) -> None:
    s.status, s.listed_key, s.listed_category, s.active_key = status, None, None, None


def _booking_status(world: World, s: Any) -> str:
    if s.status == "completed":
        return "completed"
    if s.status == "cancelled":
        return "cancelled"
    if s.requires_approval and world.rng.random() < 0.5:
        return "pending_approval"
    if int(s.price_paise) > 0 and world.rng.random() < 0.15:
        return "pending_payment"
    return "confirmed"


def _book(world: World, s: Any, learner_id: str, status: str | None = None) -> Any:
    from chalicelib.bookings import service as bookings

    status = status or _booking_status(world, s)
    if status == "pending_payment" and not int(s.price_paise):
        status = "confirmed"  # nothing to pay for a free session
    b = bookings.new_booking(s, learner_id, status, int(s.price_paise))
    if b.status in bookings.OPEN or b.status == "completed":
        s.seats_taken = int(s.seats_taken or 0) + 1
    return b


def _request(world: World, learner_id: str, mentor_id: str, status: str) -> Any:
    from chalicelib.core.ids import new_id
    from chalicelib.live_requests.models import OPEN, LiveRequest

    rng, now = world.rng, world.now
    proposed = quarter(now + rng.randint(2, 30) * DAY)
    domain = _category(rng)
    r = LiveRequest(
        request_id=new_id(), learner_id=learner_id, mentor_id=mentor_id,
        title=f"Help with {rng.choice(TOPICS.get(domain, DEFAULT_TOPICS))}", domain=domain, proposed_at=proposed,
        duration_min=60, budget_paise=rng.choice([0, 49900, 99900]), message="Could we do a live session?",
        status=status, created_at=now - rng.randint(60, 20 * DAY), updated_at=now, expires_at=proposed)
    if status == "offered":
        r.offer_proposed_at, r.offer_budget_paise, r.offer_message = proposed + DAY, 79900, "How about this?"
    if status in ("pending", "offered"):
        r.open_key, r.open_mentor_id = OPEN, mentor_id
    if status == "declined":
        r.decline_reason = "Not available then."
    return r


def seed_marketplace(world: World, mentor_ids: list[str], learner_ids: list[str]) -> None:
    """SESSIONS_PER_MENTOR sessions per mentor, bookings on about a third of them, and requests."""
    from chalicelib.bookings.models import Booking
    from chalicelib.catalog.models import Session
    from chalicelib.live_requests.models import LiveRequest

    rng, now = world.rng, world.now
    sessions, bookings, requests = [], [], []
    for mentor_id in mentor_ids:
        starts: set[int] = set()
        while len(starts) < SESSIONS_PER_MENTOR:  # one mentor's sessions never share a start
            if rng.random() < 0.12:
                starts.add(quarter(now - rng.randint(1, 60) * DAY - rng.randint(0, DAY)))
            else:
                starts.add(quarter(now + rng.randint(2 * 3600, 120 * DAY)))
        for start in sorted(starts):
            s = _session(world, mentor_id, start)
            if s.status != "cancelled" and rng.random() < 0.35:
                for learner_id in rng.sample(learner_ids, rng.randint(1, int(s.seats))):
                    bookings.append(_book(world, s, learner_id))
            sessions.append(s)
    for learner_id in learner_ids:
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            status = rng.choice(["pending", "pending", "offered", "accepted", "declined", "withdrawn", "expired"])
            requests.append(_request(world, learner_id, rng.choice(mentor_ids), status))
    _write(Session, sessions)
    # The word index the app writes in each listed session's transaction (text search).
    from chalicelib.catalog import terms
    from chalicelib.catalog.models import SessionTerm

    _write(SessionTerm, [t for s in sessions if s.listed_key for t in terms.items(s)])
    _write(Booking, bookings)
    _write(LiveRequest, requests)
    world.counts.update(sessions=len(sessions), bookings=len(bookings), requests=len(requests))
    seed_background_payments(world, {str(s.session_id): s for s in sessions}, bookings, mentor_ids)


def seed_measured(world: World) -> None:
    """The measured mentor and learner, through the app's `create_user` (real argon2id hash), and
    their own sessions (today, upcoming, past, one live with a room), bookings and requests."""
    from chalicelib.accounts.service import create_user
    from chalicelib.bookings.models import Booking
    from chalicelib.catalog import mentors as directory
    from chalicelib.catalog.models import Session
    from chalicelib.core.jwt_tokens import issue_access_token
    from chalicelib.live_requests.models import LiveRequest

    rng, now = world.rng, world.now
    mentor = create_user(role="mentor", name="Measured Mentor", email="measured.mentor@example.com",
                         password=PASSWORD, verified=True,
                         profile={"domains": ["Programming", "Data Science"], "skills": ["Python", "Pandas"],
                                  "bio": "I teach Python and data."})
    directory.refresh(mentor.user_id)
    learner = create_user(role="learner", name="Measured Learner", email="measured.learner@example.com",
                          password=PASSWORD, verified=True, profile={"interests": ["Python"]})
    world.mentor_id, world.learner_id = mentor.user_id, learner.user_id
    world.mentor_token = issue_access_token(mentor.user_id, "mentor", mentor.name)[0]
    world.learner_token = issue_access_token(learner.user_id, "learner", learner.name)[0]
    others = world.learners

    local = datetime.fromtimestamp(now, ZoneInfo("Asia/Kolkata"))
    day_start = int(local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp())
    live_start = max(day_start, quarter(now) - SLOT)
    starts = [live_start]  # live now: the learner's room
    starts += [t for t in (quarter(now) + 2 * SLOT, quarter(now) + 8 * SLOT) if t < day_start + DAY]  # later today
    starts += [quarter(now + d * DAY + 5 * 3600) for d in range(1, 23)]  # upcoming
    starts += [quarter(now - d * DAY) for d in range(1, 16)]  # past
    sessions = [_session(world, mentor.user_id, t, category="Programming" if i % 2 else "Data Science",
                         seats=3, approval=i % 7 == 3)  # prices drawn like everyone else's
                for i, t in enumerate(starts)]
    sessions[0].status = "live" if sessions[0].starts_at <= now else sessions[0].status
    bookings = [_book(world, sessions[0], learner.user_id, "confirmed")]
    world.room_code = str(sessions[0].room_code)
    upcoming = [s for s in sessions if s.status == "scheduled"]
    bookings += [_book(world, upcoming[1], learner.user_id, "confirmed"),
                 _book(world, upcoming[2], learner.user_id, "pending_payment")]
    past = [s for s in sessions if s.status == "completed"]
    bookings += [_book(world, past[0], learner.user_id, "completed")]
    for s in [s for s in upcoming if s.requires_approval][:4]:  # waiting for the mentor's approval
        bookings.append(_book(world, s, rng.choice(others), "pending_approval"))
    for s in upcoming[3:12]:
        bookings.append(_book(world, s, rng.choice(others), "confirmed"))
    for s in past[1:8]:
        bookings.append(_book(world, s, rng.choice(others), "completed"))
    # The learner's bookings with other mentors.
    theirs = [_session(world, m, quarter(now + (3 + i) * DAY)) for i, m in enumerate(world.mentors[:6])]
    for s, status in zip(theirs, ["confirmed", "confirmed", "pending_payment", "confirmed", "cancelled", "confirmed"],
                         strict=True):
        if s.status == "scheduled":
            bookings.append(_book(world, s, learner.user_id, status))
    requests = [_request(world, learner.user_id, mentor.user_id, st) for st in ("pending", "offered")]
    requests += [_request(world, learner.user_id, m, st)
                 for m, st in zip(world.mentors[6:9], ["accepted", "declined", "withdrawn"], strict=True)]
    requests += [_request(world, rng.choice(others), mentor.user_id, st)
                 for st in ("pending", "pending", "offered", "pending", "declined", "accepted", "expired", "pending")]
    _write(Session, sessions + theirs)
    _write(Booking, bookings)
    _write(LiveRequest, requests)
    world.counts.update(sessions=len(sessions) + len(theirs), bookings=len(bookings), requests=len(requests))
    world.session_id = str(upcoming[1].session_id)
    world.booking_id = str(bookings[1].booking_id)
    world.request_id = str(requests[1].request_id)
    seed_measured_payments(world, sessions, theirs, bookings)


# ---------- payments ----------

MEASURED_CAPTURED = 30  # the measured mentor's captured booking payments (refunded ones included)
MEASURED_LEARNER_PAYMENTS = 26  # the measured learner's payments: more than one page of 20
ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


@dataclass
class Ledgered:
    """Payments rows of one seeding step, written together by `_flush`."""

    payments: list[Any] = field(default_factory=list)
    refunds: list[Any] = field(default_factory=list)
    withdrawals: list[Any] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    other: list[Any] = field(default_factory=list)  # payout accounts, reconciliation reports


@dataclass
class Paid:
    """What a payment is for: a seeded session, or an older one (before the catalog's two months)."""

    session_id: str
    title: str
    starts_at: int
    ends_at: int


def _rzp(rng: random.Random, prefix: str) -> str:
    """A Razorpay-style id (order_…, pay_…, rfnd_…, pout_…), drawn from the payments stream."""
    return f"{prefix}_" + "".join(rng.choices(ID_CHARS, k=14))


def _paid(s: Any) -> Paid:
    return Paid(str(s.session_id), str(s.title), int(s.starts_at), int(s.ends_at))


def _older(world: World, days_ago: int) -> Paid:
    from chalicelib.core.ids import new_id

    start = quarter(world.now - days_ago * DAY)
    return Paid(new_id(), world.pay_rng.choice(TITLES).format(t="Python"), start, start + 3600)


def _created_for(world: World, paid: Paid) -> int:
    """Paid some time before the session starts, never in the future."""
    rng = world.pay_rng
    return min(world.now - rng.randint(60, 3 * DAY), paid.starts_at - rng.randint(3600, 20 * DAY))


def _payment(world: World, out: Ledgered, *, kind: str, paid: Paid, booking_id: str, learner_id: str,
             mentor_id: str, amount: int, created_at: int, status: str = "captured",
             refunds: tuple[tuple[int, str], ...] = ()) -> Any:
    """A payment as the services leave it (capture, refunds, release), its refund rows and the
    processed webhook that captured it; the ledger balances and counters move as the postings would."""
    from chalicelib.payments import ledger
    from chalicelib.payments.models import Payment, Refund, WebhookEvent
    from chalicelib.payments.money import mentor_share_of_refund
    from chalicelib.payments.records import CAPTURED_COUNTER, MENTOR_BPS, REFUNDED_COUNTER, gifts_counter, ist_day

    rng, now = world.pay_rng, world.now
    mentor, platform = ledger.split(amount, MENTOR_BPS)
    p = Payment(order_id=_rzp(rng, "order"), kind=kind, booking_id=booking_id, session_id=paid.session_id,
                session_title=paid.title, session_starts_at=paid.starts_at, session_ends_at=paid.ends_at,
                learner_id=learner_id, mentor_id=mentor_id, amount_paise=amount, mentor_paise=mentor,
                platform_paise=platform, status=status, created_at=created_at, updated_at=created_at)
    out.payments.append(p)
    if status == "failed":
        p.failed_ids = {_rzp(rng, "pay")}
    if status != "captured":
        return p
    captured = min(now - 30, created_at + rng.randint(20, 600))
    released = kind == "gift" or paid.ends_at <= now
    account = ledger.mentor_available(mentor_id) if released else ledger.mentor_held(mentor_id)
    p.razorpay_payment_id = _rzp(rng, "pay")
    p.captured_at, p.captured_day, p.updated_at = captured, ist_day(captured), captured
    p.earning_status, p.release_key = ("available", None) if released else ("held", "held")
    world.balances[account] += mentor
    world.balances[ledger.PLATFORM_FEES] += platform
    world.totals[CAPTURED_COUNTER] += amount
    if kind == "gift":
        world.totals[gifts_counter(mentor_id)] += mentor
    if captured > now - 30 * DAY:  # processed events are kept 30 days (TTL)
        out.events.append(WebhookEvent(event_id=_rzp(rng, "evt"), event="payment.captured",
                                       entity_id=p.razorpay_payment_id, status="processed", attempts=1,
                                       received_at=captured, processed_at=captured, expires_at=captured + 30 * DAY))
    refunded = reversed_ = 0
    for i, (paise, reason) in enumerate(refunds):
        last = refunded + paise == amount
        back = mentor - reversed_ if last else mentor_share_of_refund(paise, amount, MENTOR_BPS)
        when = max(captured + 1, min(now - 60, captured + (i + 1) * rng.randint(3600, 3 * DAY)))
        refund_id = f"{p.order_id}-admin-{_rzp(rng, 'k')}" if reason == "admin" else f"{p.order_id}-{reason}"
        out.refunds.append(Refund(
            refund_id=refund_id, order_id=p.order_id, razorpay_payment_id=p.razorpay_payment_id,
            razorpay_refund_id=_rzp(rng, "rfnd"), learner_id=learner_id, mentor_id=mentor_id, amount_paise=paise,
            mentor_paise=back, reason=reason, note="Partial refund agreed with support." if reason == "admin" else "",
            status="processed", requested_by=None, created_at=when, updated_at=when, created_day=ist_day(when)))
        world.balances[account] -= back
        world.balances[ledger.PLATFORM_FEES] -= paise - back
        world.totals[REFUNDED_COUNTER] += paise
        refunded, reversed_ = refunded + paise, reversed_ + back
        p.updated_at = when
    if refunded:
        p.refunded_paise, p.mentor_reversed_paise = refunded, reversed_
        p.status = "refunded" if refunded == amount else "partially_refunded"
        if refunded == amount and not released:
            p.earning_status, p.release_key = "reversed", None
    return p


def _withdrawal(world: World, out: Ledgered, owner: str, amount: int, status: str, created_at: int,
                destination: str) -> None:
    """A withdrawal and its ledger effect: processed → paid out, processing → in flight,
    reversed/failed → back in the available balance."""
    from chalicelib.payments import ledger
    from chalicelib.payments.models import Withdrawal

    rng = world.pay_rng
    available, pending = ((ledger.PLATFORM_FEES, ledger.PLATFORM_PAYOUTS) if owner == "platform" else
                          (ledger.mentor_available(owner), ledger.mentor_payouts(owner)))
    if status == "processed":
        world.balances[available] -= amount
        world.balances[ledger.external(f"bank:{owner}")] += amount
    elif status == "processing":
        world.balances[available] -= amount
        world.balances[pending] += amount
    out.withdrawals.append(Withdrawal(
        withdrawal_id=_rzp(rng, "wd"), owner=owner, amount_paise=amount, status=status, destination=destination,
        mode="UPI" if "@" in destination else "IMPS", fund_account_id=_rzp(rng, "fa"),
        payout_id=None if status == "failed" else _rzp(rng, "pout"),
        utr=f"UTR{rng.randint(10**11, 10**12 - 1)}" if status == "processed" else None,
        failure_reason={"reversed": "Beneficiary bank rejected the transfer.",
                        "failed": "Invalid beneficiary account."}.get(status),
        created_at=created_at, updated_at=created_at + (3600 if status != "processing" else 0)))


def _dead_event(world: World, out: Ledgered, state: str, received_at: int) -> None:
    from chalicelib.payments.models import WebhookEvent

    rng = world.pay_rng
    event = rng.choice(["payment.captured", "refund.processed", "payout.processed", "order.paid"])
    out.events.append(WebhookEvent(
        event_id=_rzp(rng, "evt"), event=event, entity_id=_rzp(rng, "pay"), status=state, admin_state=state,
        body=json.dumps({"event": event, "payload": {}}), error="KeyError: 'entity'", attempts=5,
        received_at=received_at, processed_at=received_at + 600 if state == "replayed" else None))


def _flush(world: World, out: Ledgered, accounts: set[str], totals: set[str]) -> None:
    """Write the rows, and the balances and counters this step changed (their current totals)."""
    from chalicelib.core.counters import Counter as Total
    from chalicelib.payments.models import Balance, Payment, Refund, WebhookEvent, Withdrawal

    _write(Payment, out.payments)
    _write(Refund, out.refunds)
    _write(Withdrawal, out.withdrawals)
    _write(WebhookEvent, out.events)
    for model in {type(o) for o in out.other}:
        _write(model, [o for o in out.other if type(o) is model])
    _write(Balance, [Balance(account=a, balance_paise=world.balances[a]) for a in sorted(accounts)])
    _write(Total, [Total(name=n, value=world.totals[n]) for n in sorted(totals)])
    world.counts.update(payments=len(out.payments), refunds=len(out.refunds), withdrawals=len(out.withdrawals),
                        webhook_events=len(out.events))


def _changed(world: World, step: Any) -> tuple[set[str], set[str]]:
    before_b, before_t = dict(world.balances), dict(world.totals)
    step()
    return ({a for a, v in world.balances.items() if before_b.get(a) != v},
            {n for n, v in world.totals.items() if before_t.get(n) != v})


def seed_measured_payments(world: World, sessions: list[Any], theirs: list[Any], bookings: list[Any]) -> None:
    """The measured mentor's and learner's money, the same in both phases: 30 captured booking
    payments for the mentor (7 from the learner; 4 refunded in part, 3 in full), 4 gifts, 2 open
    orders; the learner's payments with other mentors up to 26; withdrawals, payout accounts, the
    platform's withdrawals, dead-lettered webhooks and 60 daily reconciliation reports."""
    from chalicelib.core.ids import new_id
    from chalicelib.payments.models import PayoutAccount, Reconciliation
    from chalicelib.payments.records import ist_day

    rng, now, out = world.pay_rng, world.now, Ledgered()
    mentor_id, learner_id, others = world.mentor_id, world.learner_id, world.learners

    def step() -> None:
        # The mentor: real bookings first, then older payments on the mentor's paid sessions.
        mine = [b for b in bookings if b.mentor_id == mentor_id and int(b.amount_paise)
                and b.status in ("confirmed", "completed")]
        by_id = {str(s.session_id): s for s in sessions + theirs}
        specs = [(by_id[str(b.session_id)], str(b.booking_id), str(b.learner_id), int(b.amount_paise)) for b in mine]
        paid_sessions = [s for s in sessions if int(s.price_paise) and s.status != "cancelled"]
        own = sum(1 for _, _, who, _ in specs if who == learner_id)
        i = 0
        while len(specs) < MEASURED_CAPTURED:
            s = paid_sessions[i % len(paid_sessions)]
            who = learner_id if own < 7 else others[(i * 7) % len(others)]
            own += who == learner_id
            specs.append((s, new_id(), who, int(s.price_paise)))
            i += 1
        refund_plan: dict[int, tuple[tuple[int, str], ...]] = {}
        learner_rows = [k for k, spec in enumerate(specs) if spec[2] == learner_id]
        refund_plan[learner_rows[0]] = ((specs[learner_rows[0]][3] // 4, "admin"),
                                        (specs[learner_rows[0]][3] // 4, "admin"))  # /payments/refunds
        rest = [k for k in range(len(specs)) if k != learner_rows[0]]
        for k in rest[1:4]:
            refund_plan[k] = ((specs[k][3] // 2, "admin"),)
        for k, reason in zip(rest[5:8], ["learner_cancelled", "mentor_cancelled", "mentor_no_show"], strict=True):
            refund_plan[k] = ((specs[k][3], reason),)
        for k, (s, booking_id, who, amount) in enumerate(specs):
            paid = _paid(s)
            p = _payment(world, out, kind="booking", paid=paid, booking_id=booking_id, learner_id=who,
                         mentor_id=mentor_id, amount=amount, created_at=_created_for(world, paid),
                         refunds=refund_plan.get(k, ()))
            if k == learner_rows[0]:
                world.order_id = str(p.order_id)
        for k, who in enumerate([learner_id, learner_id, others[1], others[2]]):  # gifts after past sessions
            s = paid_sessions[k]
            _payment(world, out, kind="gift", paid=_paid(s), booking_id=new_id(), learner_id=who,
                     mentor_id=mentor_id, amount=rng.choice([5000, 10000, 20000]),
                     created_at=min(now - 3600, int(s.ends_at) + 1800))
        for status in ("created", "failed"):  # open orders: not earnings
            s = paid_sessions[-1]
            _payment(world, out, kind="booking", paid=_paid(s), booking_id=new_id(), learner_id=rng.choice(others),
                     mentor_id=mentor_id, amount=int(s.price_paise), created_at=now - rng.randint(60, 600),
                     status=status)
        # The learner with other mentors: their seeded bookings, then older payments.
        for b in [b for b in bookings if b.learner_id == learner_id and b.mentor_id != mentor_id
                  and int(b.amount_paise)]:
            paid = _paid(by_id[str(b.session_id)])
            status = {"pending_payment": "created"}.get(str(b.status), "captured")
            _payment(world, out, kind="booking", paid=paid, booking_id=str(b.booking_id), learner_id=learner_id,
                     mentor_id=str(b.mentor_id), amount=int(b.amount_paise), created_at=_created_for(world, paid),
                     status=status, refunds=((int(b.amount_paise), "mentor_cancelled"),) if b.status == "cancelled"
                     else ())
        n = sum(1 for p in out.payments if p.learner_id == learner_id)
        for k in range(MEASURED_LEARNER_PAYMENTS - n):
            paid = _older(world, 61 + 3 * k)
            _payment(world, out, kind="booking", paid=paid, booking_id=new_id(), learner_id=learner_id,
                     mentor_id=world.mentors[10 + k], amount=rng.choice(PRICES[:5]),
                     created_at=paid.starts_at - rng.randint(DAY, 10 * DAY),
                     status="failed" if k == 3 else "captured",
                     refunds=((PRICES[0], "learner_cancelled"),) if k == 5 else ())
        # Withdrawals: the mentor's from what became available, the platform's from its fees.
        from chalicelib.payments import ledger

        available = world.balances[ledger.mentor_available(mentor_id)]
        for k, (share, status) in enumerate([(25, "processed"), (15, "processed"), (10, "reversed"),
                                             (5, "failed"), (10, "processing")]):
            _withdrawal(world, out, mentor_id, max(10000, available * share // 100), status,
                        now - (40 - 8 * k) * DAY, "HDFC0001234 ••••6789")
        fees = world.balances[ledger.PLATFORM_FEES]
        for k, status in enumerate(["processed", "processed", "processing"]):
            _withdrawal(world, out, "platform", max(10000, fees // 10), status, now - (30 - 10 * k) * DAY,
                        "peer••••@icici")
        out.other += [
            PayoutAccount(owner=mentor_id, kind="bank", holder_name="Measured Mentor", ifsc="HDFC0001234",
                          masked="HDFC0001234 ••••6789", contact_id=_rzp(rng, "cont"), fund_account_id=_rzp(rng, "fa"),
                          updated_at=now - 50 * DAY),
            PayoutAccount(owner="platform", kind="vpa", masked="peer••••@icici", contact_id=_rzp(rng, "cont"),
                          fund_account_id=_rzp(rng, "fa"), updated_at=now - 90 * DAY)]
        for k in range(8):  # dead letters waiting for an admin, and two replayed
            _dead_event(world, out, "replayed" if k < 2 else "dead", now - (20 - 2 * k) * DAY)
        for d in range(1, 61):  # one reconciliation report per IST day
            ok = d % 17 != 5
            out.other.append(Reconciliation(
                day=ist_day(now - d * DAY), ok=ok, checked_payments=rng.randint(20, 80),
                checked_refunds=rng.randint(0, 6),
                differences=[] if ok else [{"kind": "missing_capture", "payment_id": _rzp(rng, "pay")}],
                ran_at=now - d * DAY + 3600))

    accounts, totals = _changed(world, step)
    _flush(world, out, accounts, totals)


def seed_background_payments(world: World, sessions: dict[str, Any], bookings: list[Any],
                             mentor_ids: list[str]) -> None:
    """Payments of a marketplace step's paid bookings: open orders for held seats (a fifth of them
    failed once), captured for confirmed and completed seats (5 % refunded in part by an admin, 8 %
    of completed sessions followed by a gift), refunded in full for cancelled sessions; about a
    third of the mentors with money available withdraw half of it; one dead-lettered webhook per
    hundred payments. Capture days spread over the catalog's two months and the weeks before."""
    from chalicelib.payments import ledger

    rng, now, out = world.pay_rng, world.now, Ledgered()

    def step() -> None:
        for b in bookings:
            amount = int(b.amount_paise)
            if not amount or b.status == "pending_approval":
                continue
            paid = _paid(sessions[str(b.session_id)])
            common: dict[str, Any] = {"paid": paid, "booking_id": str(b.booking_id), "learner_id": str(b.learner_id),
                                      "mentor_id": str(b.mentor_id), "amount": amount}
            if b.status == "pending_payment":
                _payment(world, out, kind="booking", created_at=now - rng.randint(60, 600),
                         status="failed" if rng.random() < 0.2 else "created", **common)
            elif b.status == "cancelled":
                _payment(world, out, kind="booking", created_at=_created_for(world, paid),
                         refunds=((amount, "mentor_cancelled"),), **common)
            else:
                _payment(world, out, kind="booking", created_at=_created_for(world, paid),
                         refunds=((amount // 2, "admin"),) if rng.random() < 0.05 else (), **common)
                if b.status == "completed" and rng.random() < 0.08:
                    _payment(world, out, kind="gift", created_at=min(now - 60, paid.ends_at + rng.randint(600, DAY)),
                             **{**common, "amount": rng.choice([5000, 10000])})
        for mentor_id in mentor_ids:
            available = world.balances[ledger.mentor_available(mentor_id)]
            if available >= 20000 and rng.random() < 0.35:
                _withdrawal(world, out, mentor_id, available // 2, "processed", now - rng.randint(DAY, 20 * DAY),
                            f"{rng.choice(['HDFC', 'ICIC', 'SBIN'])}0001234 ••••{rng.randint(1000, 9999)}")
        for _ in range(len(out.payments) // 100):
            _dead_event(world, out, "dead", now - rng.randint(DAY, 30 * DAY))

    accounts, totals = _changed(world, step)
    _flush(world, out, accounts, totals)


def admin_login(client: Any, world: World) -> None:
    """An admin as `create-admin` makes one (`bootstrap.ensure_admin`), signed in like the
    dashboard does: password, then the TOTP code (pyotp) against the challenge."""
    import pyotp

    from chalicelib.accounts.bootstrap import ensure_admin

    secret = pyotp.random_base32()
    ensure_admin("bench.admin@peerlearn.in", PASSWORD, secret)
    headers = {"Content-Type": "application/json"}
    resp = client.http.post("/auth/login", headers=headers,
                            body=json.dumps({"email": "bench.admin@peerlearn.in", "password": PASSWORD}))
    challenge = json.loads(resp.body).get("challenge")
    if not challenge:
        raise RuntimeError(f"admin login: no TOTP challenge ({resp.status_code} {resp.body!r})")
    resp = client.http.post("/auth/login/totp", headers=headers,
                            body=json.dumps({"challenge": challenge, "code": pyotp.TOTP(secret).now()}))
    token = json.loads(resp.body).get("access_token")
    if not token:
        raise RuntimeError(f"admin login: no access token ({resp.status_code} {resp.body!r})")
    world.admin_token = str(token)


def grow_to(world: World, sessions: int, password_hash: str) -> None:
    """Add mentors (and their learners) until there are about `sessions` sessions."""
    missing = max(0, sessions - world.counts["sessions"])
    mentors = -(-missing // SESSIONS_PER_MENTOR)
    if not mentors:
        return
    before_m, before_l = len(world.mentors), len(world.learners)
    seed_users(world, mentors, mentors * LEARNERS_PER_MENTOR, password_hash)
    seed_marketplace(world, world.mentors[before_m:], world.learners[before_l:])


# ---------- measuring ----------

@dataclass
class Route:
    name: str
    path: Callable[[World, dict[str, Any]], str]
    who: str  # "public" | "mentor" | "learner" | "admin"


def _iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def routes() -> list[Route]:
    def fixed(p: str) -> Callable[[World, dict[str, Any]], str]:
        return lambda _w, _c: p

    week = lambda w, _c: "/sessions?" + urlencode({"from": _iso(w.now), "to": _iso(w.now + 7 * DAY)})  # noqa: E731
    return [
        Route("/landing", fixed("/landing"), "public"),
        Route("/landing?category=", fixed("/landing?category=Mathematics"), "public"),
        Route("/sessions", fixed("/sessions"), "public"),
        Route("/sessions?category=", fixed("/sessions?category=Mathematics"), "public"),
        Route("/sessions?price=free", fixed("/sessions?price=free"), "public"),
        Route("/sessions?price=paid", fixed("/sessions?price=paid"), "public"),
        Route("/sessions?min_price_paise=&max_price_paise=",
              fixed("/sessions?min_price_paise=40000&max_price_paise=120000"), "public"),
        Route("/sessions?from=&to= (7 days)", week, "public"),
        Route("/sessions?mentor_id=", lambda w, _c: f"/sessions?mentor_id={w.mentor_id}", "public"),
        Route("/sessions?q=python", fixed("/sessions?q=python"), "public"),
        Route("/sessions?cursor= (page 2)", lambda _w, c: "/sessions?" + urlencode({"cursor": c["sessions"]}),
              "public"),
        Route("/sessions/{id}", lambda w, _c: f"/sessions/{w.session_id}", "public"),
        Route("/mentors", fixed("/mentors"), "public"),
        Route("/mentors?q=python", fixed("/mentors?q=python"), "public"),
        Route("/mentors?domain=", fixed("/mentors?domain=Mathematics"), "public"),
        Route("/mentors?cursor= (page 2)", lambda _w, c: "/mentors?" + urlencode({"cursor": c["mentors"]}),
              "public"),
        Route("/mentors/{id}", lambda w, _c: f"/mentors/{w.mentor_id}", "public"),
        Route("/mentors/{id}/sessions", lambda w, _c: f"/mentors/{w.mentor_id}/sessions", "public"),
        Route("/mentors/{id}/reviews", lambda w, _c: f"/mentors/{w.mentor_id}/reviews", "public"),
        Route("/mentor/sessions?tab=today", fixed("/mentor/sessions?tab=today"), "mentor"),
        Route("/mentor/sessions?tab=upcoming", fixed("/mentor/sessions?tab=upcoming"), "mentor"),
        Route("/mentor/sessions?tab=past", fixed("/mentor/sessions?tab=past"), "mentor"),
        Route("/mentor/requests", fixed("/mentor/requests"), "mentor"),
        Route("/mentor/requests?status=all", fixed("/mentor/requests?status=all"), "mentor"),
        Route("/mentor/approvals", fixed("/mentor/approvals"), "mentor"),
        Route("/learner/activity?type=all", fixed("/learner/activity?type=all"), "learner"),
        Route("/learner/activity?type=requests", fixed("/learner/activity?type=requests"), "learner"),
        Route("/learner/activity?type=bookings", fixed("/learner/activity?type=bookings"), "learner"),
        Route("/bookings/{id}", lambda w, _c: f"/bookings/{w.booking_id}", "learner"),
        Route("/requests/{id}", lambda w, _c: f"/requests/{w.request_id}", "learner"),
        Route("/rooms/{code}", lambda w, _c: f"/rooms/{w.room_code}", "learner"),
        # Payments
        Route("/payments/mine", fixed("/payments/mine"), "learner"),
        Route("/payments/mine?cursor= (page 2)",
              lambda _w, c: "/payments/mine?" + urlencode({"cursor": c["payments/mine"]}), "learner"),
        Route("/payments/orders/{order_id}", lambda w, _c: f"/payments/orders/{w.order_id}", "learner"),
        Route("/payments/refunds?order_id=", lambda w, _c: "/payments/refunds?" + urlencode({"order_id": w.order_id}),
              "mentor"),
        Route("/payments/earnings", fixed("/payments/earnings"), "mentor"),
        Route("/payments/earnings/series?days=30", fixed("/payments/earnings/series?days=30"), "mentor"),
        Route("/payments/earnings.csv", fixed("/payments/earnings.csv"), "mentor"),
        Route("/payments/withdrawals", fixed("/payments/withdrawals"), "mentor"),
        Route("/payments/payout-account", fixed("/payments/payout-account"), "mentor"),
        Route("/admin/payments", fixed("/admin/payments"), "admin"),
        Route("/admin/payments?status=captured", fixed("/admin/payments?status=captured"), "admin"),
        Route("/admin/revenue", fixed("/admin/revenue"), "admin"),
        Route("/admin/webhook-events?status=dead", fixed("/admin/webhook-events?status=dead"), "admin"),
        Route("/admin/reconciliation", fixed("/admin/reconciliation"), "admin"),
    ]


PAGED = ("/sessions", "/mentors", "/payments/mine")  # first pages whose cursor a "(page 2)" route uses


@dataclass
class Measure:
    status: int
    items: int | None
    calls: Counter[str]  # DynamoDB operation → count

    @property
    def total(self) -> int:
        return sum(self.calls.values())


def call(client: Any, world: World, route: Route, cursors: dict[str, Any]) -> Measure:
    path = route.path(world, cursors)
    headers = {"Content-Type": "application/json"}
    token = {"mentor": world.mentor_token, "learner": world.learner_token, "admin": world.admin_token}.get(route.who)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    RECORDER.calls.clear()
    RECORDER.active = True
    try:
        resp = client.http.get(path, headers=headers)
    finally:
        RECORDER.active = False
    items = None
    content_type = {k.lower(): v for k, v in (resp.headers or {}).items()}.get("content-type", "")
    if str(content_type).startswith("text/csv"):
        body: Any = {}
        items = max(0, len(resp.body.decode().splitlines()) - 1)  # rows after the header
    else:
        body = json.loads(resp.body) if resp.body else {}
    if isinstance(body, dict):
        for key in ("items", "live_upcoming", "participants", "days"):
            if isinstance(body.get(key), list):
                items = len(body[key])
                break
        if route.name in PAGED:
            cursors[route.name.strip("/")] = body.get("next_cursor")
    calls = Counter(op for service, op in RECORDER.calls if service == "dynamodb")
    others = [f"{service}.{op}" for service, op in RECORDER.calls if service != "dynamodb"]
    if others:
        calls.update(f"(not DynamoDB) {o}" for o in others)
    return Measure(resp.status_code, items, calls)


def measure_all(client: Any, world: World) -> dict[str, Measure]:
    out: dict[str, Measure] = {}
    cursors: dict[str, Any] = {}
    for route in routes():
        if route.name.endswith("(page 2)") and not cursors.get(route.name.split("?")[0].strip("/")):
            raise RuntimeError(f"{route.name}: the first page returned no cursor; seed more data")
        first = call(client, world, route, cursors)
        again = call(client, world, route, cursors)  # the same request twice: counts must be stable
        if again.total != first.total:
            log(f"note: {route.name} made {first.total} then {again.total} DynamoDB requests")
        out[route.name] = first if first.total >= again.total else again
    if not any(m.total for m in out.values()):
        raise RuntimeError("no DynamoDB request was counted: the botocore hook did not reach the clients")
    return out


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _ops(m: Measure) -> str:
    return ", ".join(f"{op}×{n}" if n > 1 else op for op, n in sorted(m.calls.items())) or "-"


def report(small: dict[str, Measure], large: dict[str, Measure], sizes: tuple[int, int]) -> dict[str, Any]:
    width = max(len(n) for n in small) + 2
    log(f"\n{'GET route':<{width}} {'status':>6} {'calls@' + str(sizes[0]):>11} {'calls@' + str(sizes[1]):>12} "
        f"{'ratio':>6} {'items':>6}  DynamoDB requests at {sizes[1]} sessions")
    misses: list[str] = []
    worst_ratio, worst_calls, scans = 0.0, 0, 0
    for name, a in small.items():
        b = large[name]
        ratio = b.total / a.total if a.total else (1.0 if not b.total else float("inf"))
        worst_ratio, worst_calls = max(worst_ratio, ratio), max(worst_calls, a.total, b.total)
        route_scans = a.calls.get("Scan", 0) + b.calls.get("Scan", 0)
        scans += route_scans
        flags = []
        if max(a.total, b.total) > MAX_CALLS:
            flags.append(f"> {MAX_CALLS} calls")
        if ratio > MAX_GROWTH:
            flags.append(f"grows ×{ratio:.2f}")
        if route_scans:
            flags.append("SCAN")
        if a.status != 200 or b.status != 200:
            flags.append(f"HTTP {a.status}/{b.status}")
        if flags:
            misses.append(f"GET {name}: {', '.join(flags)} ({_ops(b)})")
        log(f"{name:<{width}} {b.status:>6} {a.total:>11} {b.total:>12} {ratio:>6.2f} "
            f"{'' if b.items is None else b.items:>6}  {_ops(b)}{'   <-- ' + '; '.join(flags) if flags else ''}")
    return {"routes": len(small), "max_calls_per_request": worst_calls, "scans": scans,
            "growth_ratio": round(worst_ratio, 3), "misses": misses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000, help="sessions in the first measurement")
    parser.add_argument("--large", type=int, default=10000, help="sessions in the second measurement")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if not 200 <= args.small < args.large <= 50_000:
        parser.error("want 200 <= --small < --large <= 50000")

    configure_environment()
    install_call_counter()
    os.chdir(REPO_ROOT)  # chalice.test.Client reads .chalice/config.json from the project directory
    from chalice.test import Client
    from moto import mock_aws

    from local import moto_atomic

    moto_atomic.apply()
    with mock_aws():
        from app import app
        from chalicelib.accounts.passwords import hash_password
        from chalicelib.tables import create_all_tables

        create_all_tables()
        world = World(now=int(time.time()), rng=random.Random(args.seed),
                      pay_rng=random.Random(f"payments-{args.seed}"))  # its own stream: the marketplace as before
        password_hash = hash_password(PASSWORD)  # one real hash, shared by the bulk users
        t = time.monotonic()
        first_mentors = max(10, -(-args.small // SESSIONS_PER_MENTOR) - 1)
        seed_users(world, first_mentors, first_mentors * LEARNERS_PER_MENTOR, password_hash)
        seed_measured(world)
        grow_to(world, args.small, password_hash)
        log(f"seeded {dict(world.counts)} in {time.monotonic() - t:.1f} s")
        with Client(app, project_dir=str(REPO_ROOT)) as client:
            admin_login(client, world)
            small = measure_all(client, world)
            t = time.monotonic()
            grow_to(world, args.large, password_hash)
            log(f"grown to {dict(world.counts)} in {time.monotonic() - t:.1f} s")
            large = measure_all(client, world)
    result = report(small, large, (args.small, args.large))
    missed = bool(result["misses"])
    if missed:
        log("\nroutes over a target:\n  " + "\n  ".join(result["misses"]))
    print(json.dumps(result))
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
