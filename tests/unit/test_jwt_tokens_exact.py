"""The exact words a refused access token gets (the SPA shows them, and signs the user out on them),
and the zero leeway: a token is never accepted before its `iat` by even a second."""

from __future__ import annotations

import time
from collections.abc import Iterator

import jwt
import pytest

from chalicelib.core import clock
from chalicelib.core.errors import AuthRequired
from chalicelib.core.jwt_tokens import NotConfigured, decode_access_token, issue_access_token

SECRET = "s" * 32


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    for name in ("PEERLEARN_JWT_SECRET_PREVIOUS", "PEERLEARN_JWT_ISSUER", "PEERLEARN_JWT_AUDIENCE",
                 "PEERLEARN_ACCESS_TOKEN_TTL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PEERLEARN_JWT_SECRET", SECRET)
    yield monkeypatch
    clock.reset_clock()


def token(**claims: object) -> str:
    now = int(time.time())
    base: dict[str, object] = {"sub": "u1", "role": "learner", "name": "Asha", "iss": "peerlearn",
                               "aud": "peerlearn-app", "iat": now, "exp": now + 900, "typ": "access"}
    base.update(claims)
    return jwt.encode(base, SECRET, algorithm="HS256")


def refusal(raw: str, auth_flow: str = "login") -> dict[str, object]:
    with pytest.raises(AuthRequired) as exc:
        decode_access_token(raw, auth_flow=auth_flow)
    assert exc.value.status == 401
    return exc.value.body()


def test_a_secret_too_short_says_exactly_what_to_set(env: pytest.MonkeyPatch) -> None:
    env.setenv("PEERLEARN_JWT_SECRET", "x" * 31)
    with pytest.raises(NotConfigured) as exc:
        issue_access_token("u1", "learner", "Asha")
    assert (exc.value.status, exc.value.body()) == (503, {
        "error": "not_configured", "message": "PEERLEARN_JWT_SECRET must be set to at least 32 characters."})


def test_an_expired_token_asks_to_sign_in_again() -> None:
    assert refusal(token(exp=int(time.time()) - 5), auth_flow="admin") == {
        "error": "auth_required", "message": "Your session has expired. Please sign in again.", "auth_flow": "admin"}


def test_a_token_expired_on_the_apps_clock_says_the_same() -> None:
    raw, ttl = issue_access_token("u1", "mentor", "Vikram")
    clock.set_clock(lambda: time.time() + ttl)
    assert refusal(raw)["message"] == "Your session has expired. Please sign in again."


def test_a_bad_signature_and_a_refresh_token_are_invalid_access_tokens() -> None:
    forged = jwt.encode({"sub": "u1"}, "o" * 32, algorithm="HS256")
    invalid = {"error": "auth_required", "message": "Invalid access token.", "auth_flow": "login"}
    assert refusal(forged) == invalid
    assert refusal(token(typ="refresh")) == invalid  # well signed, but not an access token
    assert refusal(token(role="root")) == invalid


def test_a_token_issued_in_the_next_second_is_not_valid_yet() -> None:
    while time.time() % 1 > 0.5:  # room for the check before the wall clock reaches that second
        time.sleep(0.05)
    early = token(iat=int(time.time()) + 1)
    assert refusal(early)["message"] == "Invalid access token."
