"""Admins: password, then a TOTP code that works once; the first admin comes from a command."""

from __future__ import annotations

import time

import pyotp
import pytest

from chalicelib.accounts import cli


def _login(api, admin):
    status, data = api.call("POST", "/auth/login", {"email": admin["email"], "password": admin["password"]})
    assert status == 200 and data["totp_required"] is True and "access_token" not in data
    return data["challenge"]


def test_admin_needs_password_and_totp(api, make_admin):
    admin = make_admin()
    challenge = _login(api, admin)
    code = pyotp.TOTP(admin["secret"]).now()
    status, tokens = api.call("POST", "/auth/login/totp", {"challenge": challenge, "code": code})
    assert status == 200 and tokens["user"]["role"] == "admin" and "refresh_token" not in tokens
    cookie = api.refresh_cookie()
    assert cookie and "HttpOnly" in api.set_cookies()[0]
    assert api.refresh(cookie)[0] == 200
    # The challenge is single use.
    status, _ = api.call("POST", "/auth/login/totp", {"challenge": challenge, "code": code})
    assert status == 401


def test_replayed_totp_code_is_rejected(api, make_admin):
    admin = make_admin()
    code = pyotp.TOTP(admin["secret"]).now()
    assert api.call("POST", "/auth/login/totp", {"challenge": _login(api, admin), "code": code})[0] == 200
    status, data = api.call("POST", "/auth/login/totp", {"challenge": _login(api, admin), "code": code})
    assert status == 401 and "already used" in data["message"]


def test_wrong_totp_code_and_attempt_limit(api, make_admin):
    admin = make_admin()
    challenge = _login(api, admin)
    right = pyotp.TOTP(admin["secret"]).now()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(5):
        status, data = api.call("POST", "/auth/login/totp", {"challenge": challenge, "code": wrong})
        assert status == 401
    status, _ = api.call("POST", "/auth/login/totp", {"challenge": challenge, "code": right})
    assert status == 401  # the challenge is burnt after 5 tries


def test_a_code_from_an_old_time_step_is_refused(api, make_admin):
    admin = make_admin()
    old = pyotp.TOTP(admin["secret"]).at(time.time() - 120)
    status, _ = api.call("POST", "/auth/login/totp", {"challenge": _login(api, admin), "code": old})
    assert status == 401


def test_create_admin_command_generates_credentials(api, capsys):
    assert cli.main(["create-admin", "--email", "Ops@PeerLearn.in"]) == 0
    out = capsys.readouterr().out
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line and not line.startswith("Store"))
    password = fields["password"].strip()
    secret = fields["TOTP secret"].strip()
    assert len(password) >= 20 and len(secret) >= 16
    challenge = _login(api, {"email": "ops@peerlearn.in", "password": password})
    status, _ = api.call("POST", "/auth/login/totp", {"challenge": challenge, "code": pyotp.TOTP(secret).now()})
    assert status == 200


def test_admin_email_cannot_take_over_a_learner(make_user):
    from chalicelib.accounts.bootstrap import ensure_admin

    user = make_user("learner")
    with pytest.raises(ValueError):
        ensure_admin(user["email"], "long enough admin pass", pyotp.random_base32())
