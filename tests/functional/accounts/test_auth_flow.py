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


def test_login_refresh_rotates_and_logout_revokes(api, make_user):
    user = make_user("learner")
    status, t1 = api.call("POST", "/auth/login", {"email": user["email"], "password": user["password"]})
    assert status == 200 and t1["token_type"] == "Bearer" and t1["expires_in"] == 900

    status, t2 = api.call("POST", "/auth/refresh", {"refresh_token": t1["refresh_token"]})
    assert status == 200 and t2["refresh_token"] != t1["refresh_token"]
    assert api.call("GET", "/me", token=t2["access_token"])[0] == 200

    status, _ = api.call("POST", "/auth/logout", {"refresh_token": t2["refresh_token"]})
    assert status == 204
    status, data = api.call("POST", "/auth/refresh", {"refresh_token": t2["refresh_token"]})
    assert status == 401 and data["error"] == "invalid_token"


def test_reusing_a_spent_refresh_token_revokes_the_family(api, make_user):
    user = make_user("learner")
    status, t2 = api.call("POST", "/auth/refresh", {"refresh_token": user["refresh_token"]})
    assert status == 200
    # The old token comes back (stolen copy): refused, and the thief's victim is signed out too.
    status, data = api.call("POST", "/auth/refresh", {"refresh_token": user["refresh_token"]})
    assert status == 401 and data["error"] == "invalid_token"
    status, _ = api.call("POST", "/auth/refresh", {"refresh_token": t2["refresh_token"]})
    assert status == 401


def test_other_logins_survive_one_logout(api, make_user):
    user = make_user("learner")
    _, other = api.call("POST", "/auth/login", {"email": user["email"], "password": user["password"]})
    api.call("POST", "/auth/logout", {"refresh_token": user["refresh_token"]})
    assert api.call("POST", "/auth/refresh", {"refresh_token": other["refresh_token"]})[0] == 200


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
    assert api.call("POST", "/auth/refresh", {"refresh_token": user["refresh_token"]})[0] == 401
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
