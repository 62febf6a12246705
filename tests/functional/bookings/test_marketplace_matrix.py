"""Every marketplace route × {anonymous, learner, another learner, mentor, another mentor, admin}."""

from __future__ import annotations

import pyotp

from tests.functional.conftest import at_quarter
from tests.functional.live_requests.test_live_requests import request_body

ANON, L, L2, M, M2, ADMIN = "anonymous", "learner", "other_learner", "mentor", "other_mentor", "admin"
ALL = [ANON, L, L2, M, M2, ADMIN]


def test_marketplace_role_matrix(api, market, make_user, make_admin):
    admin = make_admin()
    _, ch = api.call("POST", "/auth/login", {"email": admin["email"], "password": admin["password"]})
    _, at = api.call("POST", "/auth/login/totp", {"challenge": ch["challenge"], "code": pyotp.TOTP(admin["secret"]).now()})
    other_mentor = make_user("mentor")
    tokens = {ANON: None, L: market.learner["access_token"], L2: market.other["access_token"],
              M: market.mentor["access_token"], M2: other_mentor["access_token"], ADMIN: at["access_token"]}
    s = market.create(seats=3, requires_approval=True)
    sid, room = s["session_id"], s["room_code"]
    _, booking = market.book(sid)
    bid = booking["booking_id"]
    _, req = api.call("POST", "/requests", request_body(market.mentor["user"]["user_id"]), token=tokens[L])
    rid = req["request_id"]
    mid = market.mentor["user"]["user_id"]

    # (method, path, body, {caller: expected status}); callers not listed must get 2xx or a 409/400 of the rules.
    rows = [
        ("GET", "/landing", None, {}),
        ("GET", "/sessions", None, {}),
        ("GET", f"/sessions/{sid}", None, {}),
        ("GET", "/mentors", None, {}),
        ("GET", f"/mentors/{mid}", None, {}),
        ("GET", f"/mentors/{mid}/sessions", None, {}),
        ("GET", f"/mentors/{mid}/reviews", None, {}),
        ("POST", "/sessions", {}, {ANON: 401, L: 403, L2: 403, ADMIN: 403}),
        ("POST", "/sessions/thumbnail", {"content_type": "image/png", "size": 10}, {ANON: 401, L: 403, L2: 403, ADMIN: 403}),
        ("POST", "/catalog/suggest", {"topics": ["x"]}, {ANON: 401, L: 403, L2: 403, ADMIN: 403}),
        ("PATCH", f"/sessions/{sid}", {"title": "New title here"}, {ANON: 401, L: 403, L2: 403, M2: 403, ADMIN: 403}),
        ("POST", f"/sessions/{sid}/go-live", None, {ANON: 401, L: 403, L2: 403, M2: 403, ADMIN: 403}),
        ("POST", f"/sessions/{sid}/book", {}, {ANON: 401, M: 403, M2: 403, ADMIN: 403}),
        ("GET", f"/bookings/{bid}", None, {ANON: 401, L2: 403, M2: 403, ADMIN: 403}),
        ("POST", f"/bookings/{bid}/approve", None, {ANON: 401, L: 403, L2: 403, M2: 403, ADMIN: 403}),
        ("POST", f"/bookings/{bid}/reject", None, {ANON: 401, L: 403, L2: 403, M2: 403, ADMIN: 403}),
        ("POST", f"/bookings/{bid}/cancel", None, {ANON: 401, L2: 403, M: 403, M2: 403, ADMIN: 403}),
        ("GET", "/mentor/sessions", None, {ANON: 401, L: 403, L2: 403, ADMIN: 403}),
        ("GET", "/mentor/approvals", None, {ANON: 401, L: 403, L2: 403, ADMIN: 403}),
        ("GET", "/mentor/requests", None, {ANON: 401, L: 403, L2: 403, ADMIN: 403}),
        ("GET", "/learner/activity", None, {ANON: 401, M: 403, M2: 403, ADMIN: 403}),
        ("POST", "/requests", request_body(mid), {ANON: 401, M: 403, M2: 403, ADMIN: 403}),
        ("GET", f"/requests/{rid}", None, {ANON: 401, L2: 403, M2: 403, ADMIN: 403}),
        ("POST", f"/requests/{rid}/offer", {"proposed_at": at_quarter(5 * 86400), "budget_paise": 0},
         {ANON: 401, L: 403, L2: 403, M2: 403, ADMIN: 403}),
        ("POST", f"/requests/{rid}/accept-offer", None, {ANON: 401, L2: 403, M: 403, M2: 403, ADMIN: 403}),
        ("POST", f"/requests/{rid}/decline-offer", None, {ANON: 401, L2: 403, M: 403, M2: 403, ADMIN: 403}),
        ("POST", f"/requests/{rid}/accept", None, {ANON: 401, L: 403, L2: 403, M2: 403, ADMIN: 403}),
        ("POST", f"/requests/{rid}/decline", {"reason": "busy"}, {ANON: 401, L: 403, L2: 403, M2: 403, ADMIN: 403}),
        ("POST", f"/requests/{rid}/withdraw", None, {ANON: 401, L2: 403, M: 403, M2: 403, ADMIN: 403}),
        ("GET", f"/rooms/{room}", None, {ANON: 401, L: 403, L2: 403, M2: 403, ADMIN: 403}),  # booking not approved yet
        ("POST", f"/sessions/{sid}/end", None, {ANON: 401, L: 403, L2: 403, M2: 403, ADMIN: 403}),
        ("POST", f"/sessions/{sid}/cancel", {}, {ANON: 401, L: 403, L2: 403, M2: 403, ADMIN: 403}),
    ]
    failures = []
    for method, path, body, denied in rows:
        for who in ALL:
            if who not in denied:
                continue
            status, data = api.call(method, path, body, token=tokens[who])
            if status != denied[who]:
                failures.append(f"{who} {method} {path}: {status} {data}")
            elif status == 403 and data["message"] != "Access denied" and data["error"] != "own_session":
                failures.append(f"{who} {method} {path}: 403 without 'Access denied': {data}")
        for who in ALL:
            if who in denied:
                continue
            status, data = api.call(method, path, body, token=tokens[who])
            if status in (401, 403, 404) or status >= 500:
                failures.append(f"allowed {who} {method} {path}: {status} {data}")
    assert failures == []
