"""Every bad input of the Foundation issue: a clear 4xx, and nothing written."""

from __future__ import annotations

import json
import time

import jwt
import pytest

from chalicelib.accounts.models import User
from chalicelib.core.guards import Guard
from tests.functional.conftest import JWT_SECRET, STRONG, signup_body


def user_count() -> int:
    return sum(1 for _ in User.scan()) + sum(1 for _ in Guard.scan())  # test-only check of "nothing written"


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"{not json", "bad_json"),
        (b"[1, 2]", "bad_json"),
        (b"", "bad_json"),
        (b"\xff\xfe", "bad_json"),
    ],
)
def test_malformed_json_is_rejected(api, raw, error):
    status, data = api.call("POST", "/auth/signup", raw=raw)
    assert status == 400 and data["error"] == error and data["message"]
    assert user_count() == 0


def test_body_over_64_kb_is_rejected(api):
    body = signup_body()
    body["name"] = "x" * (65 * 1024)
    status, data = api.call("POST", "/auth/signup", body)
    assert status == 413 and data["error"] == "payload_too_large"
    assert user_count() == 0


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda b: b.pop("email"), "email"),
        (lambda b: b.pop("password"), "password"),
        (lambda b: b.update(admin=True), "admin"),
        (lambda b: b.update(role="admin"), "role"),
        (lambda b: b.update(name=123), "name"),
        (lambda b: b.update(email="not-an-email"), "email"),
        (lambda b: b.update(email="a@b"), "email"),
        (lambda b: b.update(password="short"), "password"),
        (lambda b: b.update(password="password123"), "password"),
        (lambda b: b.update(password="1234567890"), "password"),
        (lambda b: b.update(timezone="Mars/Olympus"), "timezone"),
        (lambda b: b.update(profile={"interests": []}), "profile.interests"),
        (lambda b: b.update(profile={"interests": ["x"], "hobby": "y"}), "profile.hobby"),
    ],
)
def test_invalid_signup_fields_name_the_field_and_write_nothing(api, mutate, field):
    body = signup_body()
    mutate(body)
    status, data = api.call("POST", "/auth/signup", body)
    assert status == 400, data
    assert data["error"] == "validation_error"
    assert field in data["fields"], data
    assert user_count() == 0


def test_weak_password_message_is_clear(api):
    status, data = api.call("POST", "/auth/signup", signup_body(password="qwertyuiop"))
    assert status == 400 and "too common" in data["fields"]["password"]


def test_duplicate_email_when_two_signups_race(api):
    from concurrent.futures import ThreadPoolExecutor

    from chalicelib.accounts.schemas import SignupIn
    from chalicelib.accounts.service import signup
    from chalicelib.core.errors import Conflict

    body = SignupIn.model_validate(signup_body(email="race@example.com"))

    def attempt(_: int) -> str:
        try:
            signup(body)
            return "created"
        except Conflict:
            return "conflict"

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(attempt, range(8)))
    assert results.count("created") == 1 and results.count("conflict") == 7
    assert sum(1 for u in User.scan() if u.email == "race@example.com") == 1


def _token(**claims):
    base = {"sub": "u1", "role": "learner", "iss": "peerlearn", "aud": "peerlearn-app", "typ": "access",
            "iat": int(time.time()), "exp": int(time.time()) + 600}
    base.update(claims)
    return base


@pytest.mark.parametrize(
    "token",
    [
        jwt.encode(_token(exp=int(time.time()) - 1), JWT_SECRET, algorithm="HS256"),  # expired
        jwt.encode(_token(), "another-secret-" + "y" * 32, algorithm="HS256"),  # forged
        jwt.encode(_token(), None, algorithm="none"),  # alg none
        jwt.encode(_token(aud="someone-else"), JWT_SECRET, algorithm="HS256"),  # wrong audience
        jwt.encode(_token(iss="evil"), JWT_SECRET, algorithm="HS256"),  # wrong issuer
        jwt.encode(_token(role="root"), JWT_SECRET, algorithm="HS256"),  # unknown role
        jwt.encode(_token(typ="refresh"), JWT_SECRET, algorithm="HS512"),  # other algorithm
        "not.a.jwt",
    ],
)
def test_bad_access_tokens_get_401_with_an_auth_flow(api, token):
    status, data = api.call("GET", "/me", token=token)
    assert status == 401 and data["error"] == "auth_required" and data["auth_flow"] == "login"


def test_reused_refresh_token(api, make_user):
    user = make_user()
    assert api.refresh(user["refresh_cookie"])[0] == 200
    status, data = api.refresh(user["refresh_cookie"])
    assert status == 401 and data["error"] == "invalid_token"


def test_wrong_otp_beyond_the_limit(api, clock_at):
    from tests.functional.conftest import last_code

    body = signup_body(email="otp@example.com")
    api.call("POST", "/auth/signup", body)
    right = last_code("otp@example.com")
    wrong = "000000" if right != "000000" else "111111"
    for left in (4, 3, 2, 1):
        status, data = api.call("POST", "/auth/verify-email", {"email": "otp@example.com", "code": wrong})
        assert status == 401 and f"{left} attempt" in data["message"]
    status, data = api.call("POST", "/auth/verify-email", {"email": "otp@example.com", "code": wrong})
    assert status == 429
    # Even the right code is refused now; the account stays unverified.
    status, data = api.call("POST", "/auth/verify-email", {"email": "otp@example.com", "code": right})
    assert status == 429 and "new code" in data["message"]
    assert next(iter(User.scan())).email_verified is False


def test_expired_otp(api, clock_at):
    from tests.functional.conftest import last_code

    api.call("POST", "/auth/signup", signup_body(email="late@example.com"))
    code = last_code("late@example.com")
    clock_at(601)
    status, data = api.call("POST", "/auth/verify-email", {"email": "late@example.com", "code": code})
    assert status == 401 and "expired" in data["message"]


def test_resend_is_rate_limited(api, clock_at):
    api.call("POST", "/auth/signup", signup_body(email="spam@example.com"))
    status, data = api.call("POST", "/auth/resend-code", {"email": "spam@example.com"})
    assert status == 429 and int(api.last.headers["Retry-After"]) > 0
    for i in range(1, 5):
        clock_at(61 * i)
        assert api.call("POST", "/auth/resend-code", {"email": "spam@example.com"})[0] == 202
    clock_at(61 * 5)
    status, data = api.call("POST", "/auth/resend-code", {"email": "spam@example.com"})
    assert status == 429 and "Too many codes" in data["message"]
    clock_at(3601 + 60)
    assert api.call("POST", "/auth/resend-code", {"email": "spam@example.com"})[0] == 202


def test_wrong_content_type_is_4xx(api):
    status, _ = api.call("POST", "/auth/login", raw=b"email=a", headers={"Content-Type": "text/plain"})
    assert status == 415


def test_extra_query_parameters_and_bad_cursor(api, make_user):
    token = make_user()["access_token"]
    status, data = api.call("GET", "/notifications?cursor=%%%", token=token)
    assert status == 400 and data["error"] == "bad_cursor"
    status, data = api.call("GET", "/notifications?limit=500", token=token)
    assert status == 400 and "limit" in data["fields"]


def test_nothing_written_on_bad_login_body(api):
    status, data = api.call("POST", "/auth/login", {"email": "a@example.com"})
    assert status == 400 and data["fields"]["password"] == "This field is required."
    assert json.dumps(data)  # serialisable, clear
    assert STRONG


def test_tokens_signed_with_the_previous_key_survive_a_rotation(api, make_user, monkeypatch):
    user = make_user()
    monkeypatch.setenv("PEERLEARN_JWT_SECRET", "rotated-secret-" + "z" * 32)
    assert api.call("GET", "/me", token=user["access_token"])[0] == 401
    monkeypatch.setenv("PEERLEARN_JWT_SECRET_PREVIOUS", JWT_SECRET)
    assert api.call("GET", "/me", token=user["access_token"])[0] == 200
