"""Access tokens on the app's clock: HS256 pinned, iss/aud/exp/iat/sub required, rotation-aware."""

from __future__ import annotations

import time

import jwt
import pytest

from chalicelib.core import clock
from chalicelib.core.errors import AuthRequired
from chalicelib.core.jwt_tokens import NotConfigured, Principal, decode_access_token, issue_access_token

SECRET = "s" * 32
OLD = "o" * 32


@pytest.fixture(autouse=True)
def env(monkeypatch):
    for name in ("PEERLEARN_JWT_SECRET_PREVIOUS", "PEERLEARN_JWT_ISSUER", "PEERLEARN_JWT_AUDIENCE",
                 "PEERLEARN_ACCESS_TOKEN_TTL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PEERLEARN_JWT_SECRET", SECRET)
    yield monkeypatch
    clock.reset_clock()


@pytest.fixture
def now():
    """The app's clock, pinned near the wall clock (PyJWT also checks exp against the wall clock)."""
    base = int(time.time())
    state = {"t": base}
    clock.set_clock(lambda: float(state["t"]))

    def move_to(offset: int) -> int:
        state["t"] = base + offset
        return state["t"]

    move_to.base = base  # type: ignore[attr-defined]
    return move_to


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def forged(claims: dict, key: str = SECRET, algorithm: str = "HS256") -> str:
    base = {"sub": "u1", "role": "learner", "name": "Asha", "iss": "peerlearn", "aud": "peerlearn-app",
            "iat": clock.now_int(), "exp": clock.now_int() + 900, "typ": "access"}
    base.update(claims)
    return jwt.encode({k: v for k, v in base.items() if v is not None}, key, algorithm=algorithm)


def test_a_token_carries_who_and_what_for_fifteen_minutes(now):
    t0 = now(0)
    token, ttl = issue_access_token("u1", "mentor", "Vikram")
    assert ttl == 900
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "HS256"
    assert claims_of(token) == {"sub": "u1", "role": "mentor", "name": "Vikram", "iss": "peerlearn",
                                "aud": "peerlearn-app", "iat": t0, "exp": t0 + 900, "typ": "access"}
    assert decode_access_token(token) == Principal(user_id="u1", role="mentor", name="Vikram")


def test_the_ttl_issuer_and_audience_follow_their_settings(env, now):
    env.setenv("PEERLEARN_ACCESS_TOKEN_TTL", "60")
    env.setenv("PEERLEARN_JWT_ISSUER", "iss-x")
    env.setenv("PEERLEARN_JWT_AUDIENCE", "aud-x")
    t0 = now(0)
    token, ttl = issue_access_token("u1", "learner", "")
    assert ttl == 60
    c = claims_of(token)
    assert (c["iss"], c["aud"], c["exp"]) == ("iss-x", "aud-x", t0 + 60)
    assert decode_access_token(token).user_id == "u1"


def test_a_token_is_valid_until_the_second_before_exp_on_the_apps_clock(now):
    now(0)
    token, _ = issue_access_token("u1", "learner", "Asha")
    now(899)
    assert decode_access_token(token).user_id == "u1"
    now(900)
    with pytest.raises(AuthRequired, match="expired") as exc:
        decode_access_token(token, auth_flow="learner_signup")
    assert exc.value.extra == {"auth_flow": "learner_signup"}


def test_a_token_past_exp_on_the_wall_clock_is_expired_too(now):
    now(0)
    token = forged({"iat": now.base - 1000, "exp": now.base - 100})
    with pytest.raises(AuthRequired, match="expired"):
        decode_access_token(token)


@pytest.mark.parametrize("length", [0, 31])
def test_a_short_secret_means_not_configured(env, length):
    env.setenv("PEERLEARN_JWT_SECRET", "k" * length)
    with pytest.raises(NotConfigured) as exc:
        issue_access_token("u1", "learner", "")
    assert exc.value.status == 503 and exc.value.code == "not_configured"
    with pytest.raises(NotConfigured):
        decode_access_token("x.y.z")


def test_a_secret_of_exactly_32_characters_is_enough(env, now):
    env.setenv("PEERLEARN_JWT_SECRET", "k" * 32)
    token, _ = issue_access_token("u1", "admin", "Root")
    assert decode_access_token(token).role == "admin"


def test_during_a_rotation_tokens_from_the_previous_key_stay_valid(env, now):
    env.setenv("PEERLEARN_JWT_SECRET", OLD)
    token, _ = issue_access_token("u1", "learner", "Asha")
    env.setenv("PEERLEARN_JWT_SECRET", SECRET)
    with pytest.raises(AuthRequired, match="Invalid access token"):
        decode_access_token(token)
    env.setenv("PEERLEARN_JWT_SECRET_PREVIOUS", OLD)
    assert decode_access_token(token).name == "Asha"
    fresh, _ = issue_access_token("u2", "mentor", "")
    assert decode_access_token(fresh).user_id == "u2"  # the current key is still tried first
    env.setenv("PEERLEARN_JWT_SECRET_PREVIOUS", OLD[:31])  # a previous key too short to trust is ignored
    with pytest.raises(AuthRequired, match="Invalid access token"):
        decode_access_token(token)


def test_an_expired_token_from_the_previous_key_says_expired(env, now):
    env.setenv("PEERLEARN_JWT_SECRET_PREVIOUS", OLD)
    now(0)
    token = forged({}, key=OLD)
    now(900)
    with pytest.raises(AuthRequired, match="expired"):
        decode_access_token(token)


@pytest.mark.parametrize("claims", [{"iss": "someone-else"}, {"aud": "another-app"}, {"typ": "refresh"},
                                    {"typ": None}, {"role": "root"}, {"role": None}, {"sub": None},
                                    {"iat": None}, {"exp": None}, {"iss": None}, {"aud": None}])
def test_tokens_with_wrong_or_missing_claims_are_refused(now, claims):
    with pytest.raises(AuthRequired, match="Invalid access token") as exc:
        decode_access_token(forged(claims), auth_flow="mentor_signup")
    assert exc.value.extra == {"auth_flow": "mentor_signup"}


@pytest.mark.parametrize("role", ["learner", "mentor", "admin"])
def test_every_role_is_accepted_and_a_missing_name_is_empty(now, role):
    assert decode_access_token(forged({"role": role, "name": None})) == Principal("u1", role, "")


def test_the_algorithm_is_pinned(now):
    with pytest.raises(AuthRequired):
        decode_access_token(forged({}, algorithm="HS512"))
    unsigned = jwt.encode({"sub": "u1", "role": "admin", "iss": "peerlearn", "aud": "peerlearn-app",
                           "iat": clock.now_int(), "exp": clock.now_int() + 900, "typ": "access"}, None,
                          algorithm="none")
    with pytest.raises(AuthRequired):
        decode_access_token(unsigned)


def test_a_tampered_token_and_garbage_are_refused(now):
    token = forged({})
    head, body, sig = token.split(".")
    tampered = ".".join([head, body, ("A" if sig[0] != "A" else "B") + sig[1:]])
    for bad in (tampered, "not-a-token", ""):
        with pytest.raises(AuthRequired, match="Invalid access token") as exc:
            decode_access_token(bad)
        assert exc.value.extra == {"auth_flow": "login"}


@pytest.mark.parametrize("previous", ["p", "p" * 31])
def test_a_previous_key_shorter_than_32_characters_is_never_tried(env, now, previous):
    env.setenv("PEERLEARN_JWT_SECRET_PREVIOUS", previous)
    with pytest.raises(AuthRequired, match="Invalid access token"):
        decode_access_token(forged({}, key=previous))
