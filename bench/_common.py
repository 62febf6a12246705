"""Shared pieces of the benchmarks (and of the HTTP booking-race test): the local stack in a
subprocess, loopback-only HTTP sessions, and a fast path for creating many users.

Creating users through `POST /api/auth/signup` costs one argon2id hash on signup and one more on
login (~180 ms each on a 2-core machine), so 200 learners would take over a minute before the
benchmark even starts. `create_users` instead calls the app's own
`chalicelib.accounts.service.create_user` in this process against the stack's moto endpoint (same
guard + user + counter transaction as a signup), hashing the shared password once and reusing that
real argon2id hash for every user. Access tokens come from the app's `issue_access_token` with the
stack's JWT secret (`mint_tokens`), or, slower, from `POST /api/auth/login` (`login_tokens`).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # chalicelib, local

from local.launch import LocalStackProcess, start, wait_for  # noqa: E402  (after the path setup)
from tests.support.slots import next_slot, soonest_slot  # noqa: E402  (next_slot: re-exported)

PASSWORD = "a long enough bench passphrase 42"
LEARNER_PROFILE: dict[str, Any] = {"interests": ["Python", "Algebra"], "categories": ["Programming"]}
MENTOR_PROFILE: dict[str, Any] = {"domains": ["Programming"], "skills": ["Python"], "bio": "Benchmark mentor."}
T = TypeVar("T")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100), at least 1
    return ordered[int(min(rank, len(ordered))) - 1]


def http_session(pool_size: int = 4) -> requests.Session:
    """A keep-alive session that ignores proxy settings from the environment (loopback only)."""
    session = requests.Session()
    session.trust_env = False
    adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    return session


# ---------- the local stack ----------

Stack = LocalStackProcess


def start_stack(workdir: Path, *extra_args: str, env: dict[str, str] | None = None, timeout: float = 60.0) -> Stack:
    """Start the local stack quietly on free loopback ports, without the SPA."""
    return start(workdir, "--no-spa", "--quiet", "--schedule-max-interval", "0", *extra_args, env=env,
                 timeout=timeout)


def run_on_stack(name: str, workdir: Path, body: Callable[[Stack], int], *extra_args: str,
                 env: dict[str, str] | None = None) -> int:
    """Start the local stack, run `body` on it, always stop it. Exit code 2 when the run itself failed."""
    try:
        stack = start_stack(workdir, *extra_args, env=env)
    except Exception as exc:
        log(f"the local stack did not start: {exc}")
        return 2
    try:
        return body(stack)
    except Exception as exc:
        log(f"{name} failed: {exc!r}\n-- stack stderr --\n{stack.stderr_tail()}")
        return 2
    finally:
        code = stack.stop()
        if code != 0:
            log(f"the local stack exited with {code}")


def jwt_secret(info: dict[str, Any]) -> str:
    return (Path(str(info["state_dir"])) / "jwt-secret").read_text(encoding="utf-8").strip()


@contextlib.contextmanager
def stack_environment(info: dict[str, Any]) -> Iterator[None]:
    """Point this process's chalicelib at a running local stack's moto (from its ready file),
    then put the environment and the cached AWS clients back as they were."""
    from chalicelib.core import clients

    state_dir = Path(str(info["state_dir"]))
    wanted = {
        "AWS_ENDPOINT_URL": str(info["aws_endpoint_url"]),
        "AWS_ACCESS_KEY_ID": "bench-dummy", "AWS_SECRET_ACCESS_KEY": "bench-dummy-secret",
        "AWS_DEFAULT_REGION": str(info["region"]), "AWS_REGION": str(info["region"]),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": str(state_dir / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(state_dir / "no-aws-credentials"),
        "PEERLEARN_STAGE": "local", "PEERLEARN_LOCAL": "1",
        "PEERLEARN_TABLE_PREFIX": str(info["table_prefix"]),
        "PEERLEARN_JWT_SECRET": jwt_secret(info),
    }
    dropped = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")
    saved = {k: os.environ.get(k) for k in (*wanted, *dropped)}
    for k in dropped:
        os.environ.pop(k, None)
    os.environ.update(wanted)
    clients.reset()
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        clients.reset()


# ---------- users ----------

@dataclass
class BenchUser:
    user_id: str
    email: str
    name: str
    role: str
    token: str = ""


@contextlib.contextmanager
def _one_hash_for(shared: str) -> Iterator[None]:
    """Every user created inside shares one password: hash it once (a real argon2id hash) and reuse it."""
    from chalicelib.accounts import service
    from chalicelib.accounts.passwords import hash_password

    digest = hash_password(shared)
    original = service.hash_password  # type: ignore[attr-defined]  # the name the service calls

    def reuse(password: str) -> str:
        return digest if password == shared else original(password)

    service.hash_password = reuse  # type: ignore[attr-defined]
    try:
        yield
    finally:
        service.hash_password = original  # type: ignore[attr-defined]


def create_users(n: int, *, role: str = "learner", password: str = PASSWORD, workers: int = 8,
                 tag: str = "bench") -> list[BenchUser]:
    """`n` verified users through the app's `create_user` (call inside `stack_environment`)."""
    from chalicelib.accounts.service import create_user

    run = uuid.uuid4().hex[:8]
    profile = LEARNER_PROFILE if role == "learner" else MENTOR_PROFILE

    def one(i: int) -> BenchUser:
        email = f"{tag}-{run}-{role}-{i}@example.com"
        name = f"{role.title()} {i}"
        # a verified mentor's create_user records profile.updated: the stack lists them in the directory
        user = create_user(role=role, name=name, email=email, password=password, profile=profile, verified=True)
        return BenchUser(user.user_id, email, name, role)

    with _one_hash_for(password), ThreadPoolExecutor(max(1, min(workers, n))) as pool:
        return list(pool.map(one, range(n)))


def mint_tokens(users: list[BenchUser]) -> None:
    """Access tokens from the app's own issuer (call inside `stack_environment`)."""
    from chalicelib.core.jwt_tokens import issue_access_token

    for u in users:
        u.token = issue_access_token(u.user_id, u.role, u.name)[0]


def login_tokens(api: str, users: list[BenchUser], *, password: str = PASSWORD, workers: int = 8) -> None:
    """Access tokens through `POST /api/auth/login` (one argon2id verify each, on the server)."""

    def one(u: BenchUser) -> None:
        with http_session() as s:
            r = s.post(f"{api}/auth/login", json={"email": u.email, "password": password}, timeout=60)
            if r.status_code != 200:
                raise RuntimeError(f"login of {u.email} answered {r.status_code}: {r.text[:300]}")
            u.token = str(r.json()["access_token"])

    with ThreadPoolExecutor(max(1, min(workers, len(users)))) as pool:
        list(pool.map(one, users))


def sign_up(info: dict[str, Any], role: str, *, password: str = PASSWORD, timeout: float = 30.0) -> BenchUser:
    """One user through the real flow: signup → code from the dev mailbox → verify-email.
    `info` is the stack's ready file."""
    api = str(info["api_url"])
    email = f"bench-{uuid.uuid4().hex[:10]}-{role}@example.com"
    name = "Bench Mentor" if role == "mentor" else "Bench Learner"
    profile = MENTOR_PROFILE if role == "mentor" else LEARNER_PROFILE
    with http_session() as s:
        r = s.post(f"{api}/auth/signup", timeout=30, json={
            "role": role, "name": name, "email": email, "password": password, "profile": profile})
        if r.status_code != 201:
            raise RuntimeError(f"signup answered {r.status_code}: {r.text[:300]}")
        user_id = str(r.json()["user_id"])

        def code() -> str | None:
            mails = s.get(str(info["mailbox_json_url"]), params={"to": email}, timeout=10).json()
            return str(mails[0]["codes"][0]) if mails and mails[0].get("codes") else None

        found = wait_for(code, timeout=timeout, interval=0.1, message=f"the verification email to {email}")
        r = s.post(f"{api}/auth/verify-email", json={"email": email, "code": found}, timeout=30)
        if r.status_code != 200:
            raise RuntimeError(f"verify-email answered {r.status_code}: {r.text[:300]}")
        return BenchUser(user_id, email, name, role, str(r.json()["access_token"]))


def create_session(info: dict[str, Any], mentor: BenchUser, *, seats: int, price_paise: int = 0,
                   days_ahead: int = 1, title: str = "Race for a seat", hours_later: int = 0) -> dict[str, Any]:
    """Publish a one-hour session through `POST /api/sessions`; returns the Session. A mentor's
    sessions must not overlap: give each of them its own `days_ahead` or `hours_later`."""
    ahead = days_ahead * 86400 + hours_later * 3600
    body: dict[str, Any] = {
        "title": title, "description": "Benchmark session.", "topics": ["Benchmarks"],
        "category": "Programming", "starts_at": next_slot(ahead) if ahead else soonest_slot(),
        "duration_min": 60,
        "price_paise": price_paise, "seats": seats, "requires_approval": False,
    }
    with http_session() as s:
        r = s.post(f"{info['api_url']}/sessions", json=body, timeout=30,
                   headers={"Authorization": f"Bearer {mentor.token}"})
    if r.status_code != 201:
        raise RuntimeError(f"creating the session answered {r.status_code}: {r.text[:300]}")
    return dict(r.json())


def stored_open_bookings(info: dict[str, Any], session_id: str) -> int:
    """Open bookings stored for a session (a Query on the bookings `by-session` index)."""
    from chalicelib.bookings.models import Booking

    with stack_environment(info):
        return sum(1 for b in Booking.by_session.query(session_id)
                   if b.status in ("confirmed", "pending_payment", "pending_approval"))


# ---------- payments (the stack's Razorpay stand-in) ----------

def admin_token(info: dict[str, Any], *, attempts: int = 4) -> str:
    """Sign the stack's first admin in: password, then a TOTP code from `admin.json`.

    A TOTP code is accepted once per 30 s step (another test may just have used this one), and the
    app accepts one step of drift, so the next step's code is tried too before waiting a step."""
    import json as _json

    import pyotp

    admin = _json.loads(Path(str(info["admin_file"])).read_text(encoding="utf-8"))
    totp = pyotp.TOTP(admin["totp_secret"])
    api = str(info["api_url"])
    with http_session() as s:
        for _ in range(attempts):
            now = time.time()
            for offset in (0, 30):
                r = s.post(f"{api}/auth/login", json={"email": admin["email"], "password": admin["password"]},
                           timeout=30)
                if r.status_code != 200 or not r.json().get("totp_required"):
                    raise RuntimeError(f"admin login answered {r.status_code}: {r.text[:300]}")
                r = s.post(f"{api}/auth/login/totp", timeout=30,
                           json={"challenge": r.json()["challenge"], "code": totp.at(now + offset)})
                if r.status_code == 200:
                    return str(r.json()["access_token"])
            time.sleep(30 - time.time() % 30 + 0.2)  # both steps used: the next one is free
    raise RuntimeError("the admin could not sign in with a fresh TOTP code")


def standin_url(info: dict[str, Any]) -> str:
    rzp = info.get("razorpay") or {}
    if rzp.get("mode") != "standin":
        raise RuntimeError("this local stack talks to real Razorpay (RAZORPAY_KEY_ID was set), not the stand-in")
    return str(rzp["url"])


def razorpay_client(info: dict[str, Any]) -> Any:
    """The real `razorpay` SDK pointed at the stack's stand-in, with this run's keys."""
    import json as _json

    import razorpay

    creds = _json.loads(Path(str(info["razorpay"]["credentials_file"])).read_text(encoding="utf-8"))
    return razorpay.Client(auth=(creds["RAZORPAY_KEY_ID"], creds["RAZORPAY_KEY_SECRET"]),
                           base_url=creds["RAZORPAY_BASE_URL"])


WEBHOOK_QUEUE = "peerlearn-razorpay-webhooks"


def webhooks_settled(info: dict[str, Any], session: requests.Session | None = None) -> bool:
    """True once the stand-in has nothing in flight (no refund or payout moving, no webhook held,
    queued or being retried) and the app's webhook queue is empty (every accepted event processed,
    or dead-lettered). Only meaningful while nothing else is creating events."""
    s = session or http_session()
    try:
        health = s.get(f"{standin_url(info)}/_standin/health", timeout=10).json()
        if not health.get("idle"):
            return False
        depth = s.get(f"{info['url']}/_dev/sqs", timeout=10).json()["queues"][WEBHOOK_QUEUE]
        return int(depth["visible"]) + int(depth["in_flight"]) == 0
    finally:
        if session is None:
            s.close()


def ledger_total(info: dict[str, Any]) -> tuple[int, int]:
    """(sum of every ledger leg, number of legs) — a full Scan of the ledger table in the stack's moto."""
    from chalicelib.payments.models import LedgerItem

    total = legs = 0
    with stack_environment(info):
        for item in LedgerItem.scan(LedgerItem.leg >= 1):
            total += int(item.amount_paise or 0)
            legs += 1
    return total, legs
