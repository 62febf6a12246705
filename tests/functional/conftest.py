"""Unit fixtures: moto in-process for every AWS service, chalice.test.Client for the REST routes,
and a recording stand-in for API Gateway's @connections API."""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from chalice.test import Client
from moto import mock_aws

from chalicelib.core import clients, clock
from local import moto_atomic

moto_atomic.apply()

JWT_SECRET = "unit-test-secret-" + "x" * 32


class GoneConnections:
    """Records posts; ids in `gone` answer like API Gateway does for a closed socket."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.gone: set[str] = set()

    def client(self, service: str, endpoint_url: str | None = None, **_: Any) -> Any:
        outer = self

        class _Exc:
            class GoneException(Exception):
                pass

        class _Client:
            exceptions = _Exc

            def post_to_connection(self, ConnectionId: str, Data: Any) -> None:
                if ConnectionId in outer.gone:
                    raise _Exc.GoneException(ConnectionId)
                outer.sent.append((ConnectionId, json.loads(Data)))

        return _Client()

    def to(self, connection_id: str) -> list[dict[str, Any]]:
        return [m for cid, m in self.sent if cid == connection_id]


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """argon2id with its cheapest parameters: every sign-up and sign-in hashes or verifies for real,
    in microseconds instead of ~0.1 s (the product's parameters are argon2-cffi's defaults)."""
    from argon2 import PasswordHasher

    from chalicelib.accounts import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    saved = passwords._hasher
    passwords._hasher = lambda: cheap  # type: ignore[assignment]
    yield
    passwords._hasher = saved  # type: ignore[assignment]


@pytest.fixture(scope="session")
def standin() -> Iterator[Any]:
    """The local Razorpay stand-in (a real HTTP server): webhooks are recorded, and tests deliver
    them to the app's route themselves (`Payments.deliver`), in any order and any number of times."""
    from local.razorpay_standin import generate_credentials, start_standin

    creds = generate_credentials()
    s = start_standin(creds.key_id, creds.key_secret, creds.webhook_secret, None, settle_delay_ms=0)
    yield s
    s.stop()


# The environment every test's AWS world is built in (the stand-in adds its URL and keys per process).
PREFIX = "unit-"
WORLD_ENV = {
    "AWS_DEFAULT_REGION": "ap-south-1", "AWS_REGION": "ap-south-1",
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
    # A stable prefix: PynamoDB caches one botocore client per model and table name.
    "PEERLEARN_TABLE_PREFIX": PREFIX, "PEERLEARN_UPLOADS_BUCKET": f"{PREFIX}uploads",
    "PEERLEARN_EMAIL_QUEUE": f"{PREFIX}email-outbox", "PEERLEARN_JWT_SECRET": JWT_SECRET,
    "PEERLEARN_WS_URL": "ws://ws.test", "PEERLEARN_WS_DOMAIN": "ws.test", "PEERLEARN_WS_STAGE": "ws",
    "PEERLEARN_EMAIL_SENDER": "no-reply@peerlearn.in", "PEERLEARN_WEBHOOK_QUEUE": f"{PREFIX}razorpay-webhooks",
    "POWERTOOLS_METRICS_DISABLED": "true",  # no EMF lines in test output; tests/functional/core re-enables it
}


class World:
    """The AWS world a test starts from, built once per process and restored before every test.

    Creating ~25 tables, a bucket, two queues and a verified sender on moto, and signing up the
    `market` fixture's three users (~64 DynamoDB calls, three argon2 hashes), cost ~1.8 s per test.
    Instead each state is built once, on first use, and captured as a deep copy of moto's in-memory
    backends; every test then starts from a fresh deep copy of it (a few milliseconds). `base` is
    the empty world; `market` is `base` plus the three signed-up users. Only moto's state is
    captured: the app keeps no other per-user state in the process.
    """

    def __init__(self) -> None:
        self.snapshots: dict[str, list[tuple[Any, str, str, Any]]] = {}
        self.market_users: dict[str, dict[str, Any]] = {}

    @staticmethod
    def _copy(backends: list[Any]) -> list[Any]:
        from threading import Condition

        from moto.core.base_backend import BackendDict
        from moto.sqs.models import SQSBackend

        # moto's registries stay shared; each SQS queue gets a lock of its own (locks don't copy).
        memo: dict[int, Any] = {id(bd): bd for bd in BackendDict._instances}
        for b in backends:
            if isinstance(b, SQSBackend):
                for q in b.queues.values():
                    memo[id(q._messages_lock)] = Condition()
        return copy.deepcopy(backends, memo)

    def capture(self, name: str) -> None:
        from moto.core.base_backend import BackendDict

        keys = [(bd, account, region, backend) for bd in BackendDict._instances
                for account, per_region in bd.items() for region, backend in per_region.items()]
        copies = self._copy([k[3] for k in keys])
        self.snapshots[name] = [(bd, account, region, c) for (bd, account, region, _), c in zip(keys, copies, strict=True)]

    def restore(self, name: str) -> None:
        """Make moto's state exactly the captured one (everything else moto knew is forgotten)."""
        clear_moto()
        snapshot = self.snapshots[name]
        copies = self._copy([s[3] for s in snapshot])
        for (bd, account, region, _), backend in zip(snapshot, copies, strict=True):
            dict.__setitem__(bd[account], region, backend)  # bd[account] registers bd with moto again

    def ensure(self, name: str) -> None:
        if name in self.snapshots:
            return
        if name == "base":
            clear_moto()
            build_base_world()
        else:
            self.ensure("base")
            self.restore("base")
            self.market_users = build_market_users()
        self.capture(name)


def clear_moto() -> None:
    """Forget every moto backend (what `mock_aws()`'s reset does, without re-initialising them)."""
    from moto.core.base_backend import BackendDict
    from moto.core.model_instances import reset_model_data

    for bd in BackendDict._instances:
        dict.clear(bd)
    BackendDict._instances.clear()
    reset_model_data()


def build_base_world() -> None:
    from chalicelib.tables import create_all_tables

    create_all_tables()
    clients.client("s3").create_bucket(Bucket=WORLD_ENV["PEERLEARN_UPLOADS_BUCKET"],
                                       CreateBucketConfiguration={"LocationConstraint": "ap-south-1"})
    clients.client("sqs").create_queue(QueueName=WORLD_ENV["PEERLEARN_EMAIL_QUEUE"])
    clients.client("sqs").create_queue(QueueName=WORLD_ENV["PEERLEARN_WEBHOOK_QUEUE"])
    clients.client("ses").verify_email_identity(EmailAddress="no-reply@peerlearn.in")


def build_market_users() -> dict[str, dict[str, Any]]:
    """Sign up the `market` fixture's mentor and two learners through the API, as a test would."""
    from app import app

    api = app.websocket_api
    saved = (api.session, api._endpoint, api._client)
    api.session, api._endpoint, api._client = GoneConnections(), None, None
    try:
        with Client(app) as c:
            helper = Api(c)
            return {"mentor": sign_up(helper, "mentor"), "learner": sign_up(helper, "learner"),
                    "other": sign_up(helper, "learner")}
    finally:
        api.session, api._endpoint, api._client = saved


WORLD = World()


_BOTO_SESSION: list[Any] = []


def _reset_process_caches() -> None:
    """Forget the app's cached clients and queue URLs; keep one boto3 session per process, whose
    loader has parsed botocore's service models and endpoints once (a new session parses ~20 JSON
    files again, ~0.3 s per test)."""
    clients.reset()
    if not _BOTO_SESSION:
        _BOTO_SESSION.append(clients._boto_session())
    clients._session = _BOTO_SESSION[0]
    from chalicelib.core import email

    email._queue_url.cache_clear()
    from chalicelib.payments import webhooks

    webhooks._queue_urls.clear()


def prepare_world(*names: str) -> None:
    """Build the named worlds ahead of the tests (the mutation run's fork server does, once for all
    its workers). Needs no stand-in: building touches only moto."""
    import os

    saved = {k: os.environ.get(k) for k in WORLD_ENV}
    os.environ.update(WORLD_ENV)
    _reset_process_caches()
    try:
        with mock_aws():
            for name in names:
                WORLD.ensure(name)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        _reset_process_caches()


@pytest.fixture(autouse=True)
def aws(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, standin: Any) -> Iterator[None]:
    for k, v in {**WORLD_ENV, **standin.app_environment()}.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    _reset_process_caches()
    world = "market" if "market" in request.fixturenames else "base"
    mock = mock_aws()
    mock.start(reset=False)  # the restore below replaces moto's whole state
    try:
        WORLD.ensure(world)
        WORLD.restore(world)
        yield
    finally:
        mock.stop(remove_data=False)
        clear_moto()
        clock.reset_clock()
        _reset_process_caches()


@pytest.fixture
def ws() -> Iterator[GoneConnections]:
    from app import app

    fake = GoneConnections()
    api = app.websocket_api
    saved = (api.session, api._endpoint, api._client)
    api.session, api._endpoint, api._client = fake, None, None
    yield fake
    api.session, api._endpoint, api._client = saved


@pytest.fixture
def client(ws: GoneConnections) -> Iterator[Client]:
    from app import app

    with Client(app) as c:
        yield c


@dataclass
class Api:
    """Small JSON helper over chalice.test.Client."""

    client: Client
    last: Any = field(default=None)

    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             raw: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        h = {"Content-Type": "application/json", **(headers or {})}
        if token:
            h["Authorization"] = f"Bearer {token}"
        payload = raw if raw is not None else (json.dumps(body) if body is not None else None)
        resp = getattr(self.client.http, method.lower())(path, headers=h, body=payload)
        drain_events()  # what the outbox stream does before the user's next click
        self.last = resp
        is_json = str(resp.headers.get("Content-Type", "application/json")).startswith("application/json")
        data = (json.loads(resp.body) if is_json else resp.body) if resp.body else None
        return resp.status_code, data

    def set_cookies(self) -> list[str]:
        """The last response's `Set-Cookie` lines (chalice passes a list as multiValueHeaders)."""
        value = self.last.headers.get("Set-Cookie") or []
        return [value] if isinstance(value, str) else list(value)

    def refresh_cookie(self) -> str | None:
        """The refresh token the last response set (None if it set none; "" if it deleted it)."""
        from chalicelib.accounts.cookies import COOKIE_NAME

        for line in self.set_cookies():
            name, _, rest = line.partition("=")
            if name == COOKIE_NAME:
                return rest.split(";", 1)[0]
        return None

    def with_cookie(self, method: str, path: str, cookie: str | None, *, csrf: bool = True,
                    origin: str | None = None) -> tuple[int, Any]:
        """What the SPA sends to /auth/refresh and /auth/logout: the cookie and the CSRF header."""
        from chalicelib.accounts.cookies import COOKIE_NAME, CSRF_HEADER

        headers = {}
        if cookie is not None:
            headers["Cookie"] = f"{COOKIE_NAME}={cookie}"
        if csrf:
            headers[CSRF_HEADER] = "1"
        if origin is not None:
            headers["Origin"] = origin
        return self.call(method, path, headers=headers)

    def refresh(self, cookie: str | None, **kw: Any) -> tuple[int, Any]:
        return self.with_cookie("POST", "/auth/refresh", cookie, **kw)

    def logout(self, cookie: str | None, **kw: Any) -> tuple[int, Any]:
        return self.with_cookie("POST", "/auth/logout", cookie, **kw)


def drain_events() -> Any:
    """Deliver every pending domain event to its subscribers (the stream / local poller's job)."""
    from chalicelib.events import dispatch

    return dispatch.drain()


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


def deliver_emails() -> None:
    """Run the outbox consumer over everything queued (what the SQS event source does in AWS)."""
    from chalice.app import SQSEvent

    from chalicelib.core import email
    from chalicelib.notifications import email_outbox

    sqs = clients.client("sqs")
    url = email.queue_url()
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
        msgs = got.get("Messages", [])
        if not msgs:
            return
        for m in msgs:
            event = {"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"],
                                  "body": m["Body"], "attributes": {}, "messageAttributes": {},
                                  "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:ap-south-1:1:q"}]}
            email_outbox.handle_batch(SQSEvent(event, None))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


def sent_emails(to: str | None = None) -> list[dict[str, Any]]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    deliver_emails()
    backend = ses_backends[DEFAULT_ACCOUNT_ID]["ap-south-1"]
    out = []
    for m in backend.sent_messages:
        dest = m.destinations["ToAddresses"]
        if to is None or to in dest:
            out.append({"to": dest, "subject": m.subject, "body": m.body})
    return out


def last_code(email: str) -> str:
    mails = sent_emails(email)
    assert mails, f"no email to {email}"
    match = re.search(r"\b(\d{6})\b", mails[-1]["body"])
    assert match
    return match.group(1)


STRONG = "correct horse battery"

LEARNER_PROFILE = {"interests": ["Python", "Algebra"], "categories": ["Programming"], "career_goal": "Data scientist"}
MENTOR_PROFILE = {"domains": ["Programming"], "skills": ["Python", "Django"], "certifications": ["AWS SAA"],
                  "bio": "I teach Python.", "qualifications": "B.Tech"}


def signup_body(role: str = "learner", email: str | None = None, **over: Any) -> dict[str, Any]:
    body = {"role": role, "name": "Asha Rao" if role == "learner" else "Vikram Mentor",
            "email": email or f"{uuid.uuid4().hex[:10]}@example.com", "password": STRONG,
            "timezone": "Asia/Kolkata", "profile": LEARNER_PROFILE if role == "learner" else MENTOR_PROFILE}
    body.update(over)
    return body


def sign_up(api: Api, role: str = "learner", email: str | None = None) -> dict[str, Any]:
    """Sign up and verify a user; returns the token response plus the email, the password and the
    refresh token from the cookie (`refresh_cookie`)."""
    body = signup_body(role, email)
    status, data = api.call("POST", "/auth/signup", body)
    assert status == 201, data
    status, tokens = api.call("POST", "/auth/verify-email", {"email": body["email"], "code": last_code(body["email"])})
    assert status == 200, tokens
    return {**tokens, "email": body["email"], "password": body["password"], "refresh_cookie": api.refresh_cookie()}


@pytest.fixture
def make_user(api: Api) -> Any:
    """`sign_up` through this test's client."""

    def make(role: str = "learner", email: str | None = None) -> dict[str, Any]:
        return sign_up(api, role, email)

    return make


@pytest.fixture
def make_admin() -> Any:
    import pyotp

    from chalicelib.accounts.bootstrap import ensure_admin

    def make(email: str = "root@peerlearn.in") -> dict[str, str]:
        secret = pyotp.random_base32()
        password = "admin-" + uuid.uuid4().hex
        ensure_admin(email, password, secret)
        return {"email": email, "password": password, "secret": secret}

    return make


@pytest.fixture
def clock_at() -> Any:
    """Move the app's clock forward by N seconds from the real now (JWTs use it too)."""
    import time

    base = time.time()
    offset = {"s": 0.0}
    clock.set_clock(lambda: time.time() + offset["s"])

    def move(seconds: float) -> None:
        offset["s"] = seconds

    _ = base
    return move


def at_quarter(seconds_from_now: int) -> str:
    """An ISO time on a quarter hour, at least `seconds_from_now` ahead of the app's clock."""
    from datetime import UTC, datetime

    t = int(clock.now()) + seconds_from_now
    t = t - t % 900 + 900
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def session_body(**over: Any) -> dict[str, Any]:
    body = {"title": "Master Algebra in 1 Hour", "description": "Equations, step by step.",
            "topics": ["Algebra", "Equations"], "category": "Mathematics", "starts_at": at_quarter(86400),
            "duration_min": 60, "price_paise": 0, "seats": 1, "requires_approval": False}
    body.update(over)
    return body


def _signed_in_now(user: dict[str, Any]) -> dict[str, Any]:
    """A cached user with an access token issued now, by the app's clock (as signing in now would)."""
    from chalicelib.core.jwt_tokens import issue_access_token

    u = copy.deepcopy(user)
    u["access_token"], u["expires_in"] = issue_access_token(u["user"]["user_id"], u["user"]["role"], u["user"]["name"])
    return u


@pytest.fixture
def market(api: Api) -> Any:
    """A mentor and two learners, signed in. They are signed up once per process (`World`); every test
    gets them in a fresh copy of that world, with access tokens issued at the test's start."""
    users = {role: _signed_in_now(u) for role, u in WORLD.market_users.items()}

    class Market:
        mentor = users["mentor"]
        learner = users["learner"]
        other = users["other"]

        def create(self, token: str | None = None, **over: Any) -> dict[str, Any]:
            status, data = api.call("POST", "/sessions", session_body(**over), token=token or self.mentor["access_token"])
            assert status == 201, data
            return data

        def book(self, session_id: str, who: dict[str, Any] | None = None) -> tuple[int, Any]:
            return api.call("POST", f"/sessions/{session_id}/book", {}, token=(who or self.learner)["access_token"])

    return Market()
