"""Signup → emailed code → verify → login → refresh (rotating) → logout, as a user lives it."""

from __future__ import annotations

from tests.functional.conftest import STRONG, last_code, sent_emails, signup_body


def test_learner_signs_up_verifies_and_sees_own_profile(api):
    body = signup_body("learner", "asha@example.com")
    status, data = api.call("POST", "/auth/signup", body)
    assert status == 201 and data["verification"] == "sent"

    mails = sent_emails("asha@example.com")
    assert len(mails) == 1 and "verification code" in mails[0]["subject"]
    status, tokens = api.call("POST", "/auth/verify-email", {"email": "asha@example.com", "code": last_code("asha@example.com")})
    assert status == 200
    assert tokens["user"]["role"] == "learner" and tokens["user"]["email_verified"] is True

    status, me = api.call("GET", "/me", token=tokens["access_token"])
    assert status == 200
    assert me["name"] == "Asha Rao"
    assert me["profile"]["interests"] == ["Python", "Algebra"]
    assert me["profile"]["career_goal"] == "Data scientist"


def test_email_is_normalised_and_unique(api, make_user):
    make_user("learner", "dup@example.com")
    status, data = api.call("POST", "/auth/signup", signup_body("mentor", "DUP@Example.com"))
    assert status == 409 and data["error"] == "email_taken"


def test_login_before_verifying_sends_a_new_code(api, clock_at):
    body = signup_body("mentor", "m@example.com")
    api.call("POST", "/auth/signup", body)
    clock_at(61)
    status, data = api.call("POST", "/auth/login", {"email": "m@example.com", "password": STRONG})
    assert status == 403 and data["error"] == "email_not_verified"
    assert len(sent_emails("m@example.com")) == 2


def _cookie_attrs(line: str) -> dict[str, str]:
    """`name=value; Max-Age=5; HttpOnly` → {"name": "value", "max-age": "5", "httponly": ""}."""
    first, *attrs = [p.strip() for p in line.split(";")]
    name, _, value = first.partition("=")
    out = {name: value}
    for attr in attrs:
        key, _, val = attr.partition("=")
        out[key.lower()] = val
    return out


def _login(api, user):
    status, body = api.call("POST", "/auth/login", {"email": user["email"], "password": user["password"]})
    assert status == 200, body
    return body, api.refresh_cookie()


def test_login_sets_the_refresh_cookie_and_keeps_the_token_out_of_the_body(api, make_user):
    user = make_user("learner")
    body, cookie = _login(api, user)
    assert body["token_type"] == "Bearer" and body["expires_in"] == 900 and body["access_token"]
    assert "refresh_token" not in body and "refresh_max_age" not in body
    assert cookie and cookie not in api.last.body.decode()
    [line] = api.set_cookies()
    attrs = _cookie_attrs(line)
    assert attrs["peerlearn_refresh"] == cookie
    assert attrs["path"] == "/api/auth"
    assert attrs["samesite"] == "Strict"
    assert "httponly" in attrs and "secure" in attrs
    assert int(attrs["max-age"]) == 30 * 24 * 3600
    assert "domain" not in attrs  # host-only: never sent to sibling subdomains


def test_verify_email_also_signs_in_through_the_cookie(api, make_user):
    user = make_user("mentor")
    assert "refresh_token" not in user and user["refresh_cookie"]
    status, body = api.refresh(user["refresh_cookie"])
    assert status == 200 and body["user"]["role"] == "mentor"


def test_refresh_with_cookie_and_header_rotates(api, make_user):
    user = make_user("learner")
    _, c1 = _login(api, user)
    status, t2 = api.refresh(c1)
    assert status == 200 and "refresh_token" not in t2
    c2 = api.refresh_cookie()
    assert c2 and c2 != c1
    # Same attributes; Max-Age counts down to the family's absolute expiry (rotation never extends it).
    attrs = _cookie_attrs(api.set_cookies()[0])
    assert attrs["path"] == "/api/auth" and attrs["samesite"] == "Strict" and "httponly" in attrs
    assert 0 < int(attrs["max-age"]) <= 30 * 24 * 3600
    assert api.call("GET", "/me", token=t2["access_token"])[0] == 200
    status, _ = api.refresh(c2)
    assert status == 200 and api.refresh_cookie() not in (c1, c2)


def test_refresh_without_the_csrf_header_is_refused_and_spends_nothing(api, make_user):
    user = make_user("learner")
    _, cookie = _login(api, user)
    status, data = api.refresh(cookie, csrf=False)
    assert status == 403 and data["error"] == "csrf_rejected" and "X-PeerLearn-CSRF" in data["message"]
    assert api.set_cookies() == []
    status, data = api.call("POST", "/auth/refresh", headers={"Cookie": f"peerlearn_refresh={cookie}",
                                                              "X-PeerLearn-CSRF": "yes"})
    assert status == 403 and data["error"] == "csrf_rejected"
    # The token was not spent: using it properly now works (and is not treated as reuse).
    status, _ = api.refresh(cookie)
    assert status == 200 and api.refresh_cookie() not in (None, "", cookie)


def test_refresh_from_a_foreign_origin_is_refused_and_spends_nothing(api, make_user):
    user = make_user("learner")
    _, cookie = _login(api, user)
    for origin in ("https://evil.example", "null", "http://localhost:8000.evil.example"):
        status, data = api.refresh(cookie, origin=origin)
        assert status == 403 and data["error"] == "csrf_rejected", origin
        assert api.set_cookies() == []
    # The app's own origin (PEERLEARN_PUBLIC_URL's by default) and no Origin at all are accepted.
    status, _ = api.refresh(cookie, origin="http://localhost:8000")
    assert status == 200


def test_allowed_origins_come_from_settings(api, make_user, monkeypatch):
    monkeypatch.setenv("PEERLEARN_APP_ORIGINS", "https://learn.example.com, http://127.0.0.1:5173")
    user = make_user("learner")
    _, cookie = _login(api, user)
    assert api.refresh(cookie, origin="http://localhost:8000")[0] == 403
    assert api.refresh(cookie, origin="https://learn.example.com")[0] == 200
    assert api.refresh(api.refresh_cookie(), origin="http://127.0.0.1:5173")[0] == 200


def test_logout_deletes_the_cookie_and_revokes_the_family(api, make_user):
    user = make_user("learner")
    _, cookie = _login(api, user)
    status, data = api.logout(cookie, csrf=False)
    assert status == 403 and data["error"] == "csrf_rejected" and api.set_cookies() == []
    assert api.logout(cookie, origin="https://evil.example")[0] == 403
    status, _ = api.logout(cookie)
    assert status == 204
    [line] = api.set_cookies()
    attrs = _cookie_attrs(line)
    assert attrs["peerlearn_refresh"] == "" and attrs["max-age"] == "0" and attrs["path"] == "/api/auth"
    status, data = api.refresh(cookie)
    assert status == 401 and data["error"] == "invalid_token"
    # Logging out without a cookie is harmless and still deletes it.
    assert api.logout(None)[0] == 204 and api.refresh_cookie() == ""


def test_reusing_a_spent_refresh_cookie_revokes_the_family(api, make_user):
    user = make_user("learner")
    c1 = user["refresh_cookie"]
    assert api.refresh(c1)[0] == 200
    c2 = api.refresh_cookie()
    # The old token comes back (stolen copy): refused, the cookie is deleted, and the victim is signed out too.
    status, data = api.refresh(c1)
    assert status == 401 and data["error"] == "invalid_token" and api.refresh_cookie() == ""
    status, _ = api.refresh(c2)
    assert status == 401


def test_refresh_without_a_cookie_is_401(api):
    status, data = api.refresh(None)
    assert status == 401 and data["error"] == "invalid_token" and data["auth_flow"] == "login"
    assert api.refresh("not-a-real-token-at-all")[0] == 401


def test_refresh_ignores_a_token_in_the_body(api, make_user):
    user = make_user("learner")
    status, _ = api.call("POST", "/auth/refresh", {"refresh_token": user["refresh_cookie"]},
                         headers={"X-PeerLearn-CSRF": "1"})
    assert status == 401
    assert api.refresh(user["refresh_cookie"])[0] == 200  # and it was not spent


def test_other_logins_survive_one_logout(api, make_user):
    user = make_user("learner")
    _, other = _login(api, user)
    api.logout(user["refresh_cookie"])
    assert api.refresh(other)[0] == 200


def test_wrong_password_and_unknown_email_look_the_same(api, make_user):
    user = make_user("learner")
    s1, d1 = api.call("POST", "/auth/login", {"email": user["email"], "password": "wrong password!"})
    s2, d2 = api.call("POST", "/auth/login", {"email": "nobody@example.com", "password": "wrong password!"})
    assert (s1, d1) == (s2, d2) == (401, {"error": "invalid_credentials", "message": "Invalid credentials."})


def test_lockout_after_five_failures_even_with_the_right_password(api, make_user, clock_at):
    user = make_user("learner")
    for _ in range(4):
        assert api.call("POST", "/auth/login", {"email": user["email"], "password": "nope nope nope"})[0] == 401
    status, data = api.call("POST", "/auth/login", {"email": user["email"], "password": "nope nope nope"})
    assert status == 423 and data["error"] == "account_locked"
    status, data = api.call("POST", "/auth/login", {"email": user["email"], "password": user["password"]})
    assert status == 423 and int(api.last.headers["Retry-After"]) > 0
    clock_at(15 * 60 + 1)
    assert api.call("POST", "/auth/login", {"email": user["email"], "password": user["password"]})[0] == 200


def test_password_reset_by_emailed_code_signs_out_everywhere(api, make_user, clock_at):
    user = make_user("learner")
    status, data = api.call("POST", "/auth/password/forgot", {"email": user["email"]})
    assert status == 202 and data["sent"] is True
    code = last_code(user["email"])
    new = "a brand new passphrase"
    status, data = api.call("POST", "/auth/password/reset", {"email": user["email"], "code": code, "new_password": new})
    assert status == 200 and data == {"reset": True}
    assert api.refresh(user["refresh_cookie"])[0] == 401
    assert api.call("POST", "/auth/login", {"email": user["email"], "password": user["password"]})[0] == 401
    assert api.call("POST", "/auth/login", {"email": user["email"], "password": new})[0] == 200
    # The code is spent.
    status, _ = api.call("POST", "/auth/password/reset", {"email": user["email"], "code": code, "new_password": new + "x"})
    assert status == 401


def test_forgot_password_does_not_reveal_accounts(api):
    status, data = api.call("POST", "/auth/password/forgot", {"email": "ghost@example.com"})
    assert status == 202 and data == {"sent": True}
    assert sent_emails("ghost@example.com") == []


def test_profile_update_is_role_specific(api, make_user):
    mentor = make_user("mentor")
    token = mentor["access_token"]
    status, me = api.call("PATCH", "/me", {"profile": {"bio": "Ten years of Django."}, "timezone": "Europe/London",
                                          "notification_prefs": {"email_marketing": True}}, token=token)
    assert status == 200
    assert me["profile"]["bio"] == "Ten years of Django." and me["profile"]["skills"] == ["Python", "Django"]
    assert me["timezone"] == "Europe/London" and me["notification_prefs"]["email_marketing"] is True
    status, data = api.call("PATCH", "/me", {"profile": {"interests": ["Math"]}}, token=token)
    assert status == 400 and "profile.interests" in data["fields"]
    status, me = api.call("GET", "/me", token=token)
    assert "interests" not in me["profile"]


def test_access_token_expires_on_the_apps_clock(api, make_user):
    """The exp check follows the injectable clock, not only PyJWT's wall clock."""
    import jwt

    from chalicelib.core import clock

    user = make_user("learner")
    exp = jwt.decode(user["access_token"], options={"verify_signature": False})["exp"]
    status, _ = api.call("GET", "/me", token=user["access_token"])
    assert status == 200
    clock.set_clock(lambda: exp - 1)
    status, _ = api.call("GET", "/me", token=user["access_token"])
    assert status == 200
    clock.set_clock(lambda: exp + 1)
    status, data = api.call("GET", "/me", token=user["access_token"])
    assert status == 401, data


def test_the_secure_flag_can_only_be_dropped_by_the_local_stack(api, make_user, monkeypatch):
    user = make_user("learner")
    monkeypatch.setenv("PEERLEARN_COOKIE_SECURE", "0")
    _login(api, user)
    assert "secure" in _cookie_attrs(api.set_cookies()[0])  # ignored outside the local stack
    monkeypatch.setenv("PEERLEARN_LOCAL", "1")
    _login(api, user)
    assert "secure" not in _cookie_attrs(api.set_cookies()[0])
