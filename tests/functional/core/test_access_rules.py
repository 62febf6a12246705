"""The access matrix: every route carries a rule, and every rule holds for every kind of caller."""

from __future__ import annotations

import pyotp
import pytest

from chalicelib.core.access import Access

# Every route and who may call it. A new route must be added here *and* declare its rule.
EXPECTED = {
    ("/health", "GET"): "public",
    ("/meta/config", "GET"): "public",
    ("/meta/taxonomy", "GET"): "public",
    ("/meta/openapi.json", "GET"): "public",
    ("/auth/signup", "POST"): "public",
    ("/auth/verify-email", "POST"): "public",
    ("/auth/resend-code", "POST"): "public",
    ("/auth/login", "POST"): "public",
    ("/auth/login/totp", "POST"): "public",
    ("/auth/refresh", "POST"): "public",
    ("/auth/logout", "POST"): "public",
    ("/auth/password/forgot", "POST"): "public",
    ("/auth/password/reset", "POST"): "public",
    ("/me", "GET"): "admin,learner,mentor",
    ("/me", "PATCH"): "admin,learner,mentor",
    ("/me/uploads", "POST"): "admin,learner,mentor",
    ("/me/uploads/complete", "POST"): "admin,learner,mentor",
    ("/notifications", "GET"): "admin,learner,mentor",
    ("/notifications/read", "POST"): "admin,learner,mentor",
    ("/realtime/ticket", "POST"): "admin,learner,mentor",
    ("/realtime/ticket/anonymous", "POST"): "public",  # signed-out visitors: public channels only
    ("/realtime/events", "GET"): "admin,learner,mentor",  # the caller's own frames (reconnect replay)
    ("/presence", "GET"): "public",  # mentors to anyone, learners only to signed-in callers
    ("/live", "GET"): "public",
    ("/dashboard/learner", "GET"): "learner",
    ("/dashboard/mentor", "GET"): "mentor",
    ("/dashboard/admin", "GET"): "admin",
    # Marketplace
    ("/landing", "GET"): "public",
    ("/sessions", "GET"): "public",
    ("/sessions", "POST"): "mentor",
    ("/sessions/thumbnail", "POST"): "mentor",
    ("/catalog/suggest", "POST"): "mentor",
    ("/sessions/{session_id}", "GET"): "public",
    ("/sessions/{session_id}", "PATCH"): "mentor",
    ("/sessions/{session_id}/cancel", "POST"): "mentor",
    ("/sessions/{session_id}/go-live", "POST"): "mentor",
    ("/sessions/{session_id}/end", "POST"): "mentor",
    ("/sessions/{session_id}/book", "POST"): "learner",
    ("/mentor/sessions", "GET"): "mentor",
    ("/mentor/approvals", "GET"): "mentor",
    ("/mentor/requests", "GET"): "mentor",
    ("/mentors", "GET"): "public",
    ("/mentors/{user_id}", "GET"): "public",
    ("/mentors/{user_id}/sessions", "GET"): "public",
    ("/mentors/{user_id}/reviews", "GET"): "public",
    ("/bookings/{booking_id}", "GET"): "learner,mentor",
    ("/bookings/{booking_id}/cancel", "POST"): "learner",
    ("/bookings/{booking_id}/approve", "POST"): "mentor",
    ("/bookings/{booking_id}/reject", "POST"): "mentor",
    ("/bookings/{booking_id}/report-problem", "POST"): "learner",
    ("/admin/problem-reports", "GET"): "admin",
    ("/admin/problem-reports/{booking_id}/resolve", "POST"): "admin",
    ("/admin/no-shows", "GET"): "admin",
    ("/admin/monthly-reports", "GET"): "admin",
    ("/admin/monthly-reports/{month}", "GET"): "admin",
    ("/conversations", "GET"): "learner,mentor",
    ("/conversations/{peer_id}", "GET"): "learner,mentor",
    ("/conversations/{peer_id}/messages", "GET"): "learner,mentor",
    ("/conversations/{peer_id}/messages", "POST"): "learner,mentor",
    ("/conversations/{peer_id}/read", "POST"): "learner,mentor",
    ("/conversations/{peer_id}/delivered", "POST"): "learner,mentor",
    ("/conversations/{peer_id}/block", "POST"): "learner,mentor",
    ("/conversations/{peer_id}/unblock", "POST"): "learner,mentor",
    ("/requests", "POST"): "learner",
    ("/requests/{request_id}", "GET"): "learner,mentor",
    ("/requests/{request_id}/withdraw", "POST"): "learner",
    ("/requests/{request_id}/accept-offer", "POST"): "learner",
    ("/requests/{request_id}/decline-offer", "POST"): "learner",
    ("/requests/{request_id}/accept", "POST"): "mentor",
    ("/requests/{request_id}/offer", "POST"): "mentor",
    ("/requests/{request_id}/decline", "POST"): "mentor",
    ("/learner/activity", "GET"): "learner",
    ("/learner/seats", "GET"): "learner",
    ("/rooms/{room_code}", "GET"): "learner,mentor",
    ("/rooms/{room_code}/ice-servers", "GET"): "learner,mentor",
    ("/rooms/{room_code}/chat", "GET"): "learner,mentor",
    ("/rooms/{room_code}/whiteboard", "GET"): "learner,mentor",
    ("/rooms/{room_code}/topics/{index}", "PUT"): "mentor",
    ("/rooms/{room_code}/end", "POST"): "mentor",
    ("/rooms/{room_code}/feedback", "POST"): "learner",
    ("/rooms/{room_code}/feedback/mine", "GET"): "learner",
    ("/rooms/{room_code}/resources", "POST"): "mentor",
    ("/rooms/{room_code}/resources/{resource_id}/complete", "POST"): "mentor",
    ("/rooms/{room_code}/resources", "GET"): "learner,mentor",
    ("/rooms/{room_code}/recording/ask", "POST"): "learner,mentor",
    ("/rooms/{room_code}/recording/answer", "POST"): "learner,mentor",
    ("/rooms/{room_code}/recording/stop", "POST"): "learner,mentor",
    ("/rooms/{room_code}/recordings", "POST"): "mentor",
    ("/rooms/{room_code}/recordings/{recording_id}/parts", "POST"): "mentor",
    ("/rooms/{room_code}/recordings/{recording_id}/complete", "POST"): "mentor",
    ("/rooms/{room_code}/recordings", "GET"): "learner,mentor",
    ("/rooms/{room_code}/attendance", "GET"): "learner,mentor",
    ("/rooms/{room_code}/pack", "GET"): "learner,mentor",
    # Payments
    ("/webhooks/razorpay", "POST"): "public",
    ("/payments/orders", "POST"): "learner",
    ("/payments/verify", "POST"): "learner",
    ("/payments/gifts", "POST"): "learner",
    ("/payments/orders/{order_id}", "GET"): "admin,learner,mentor",
    ("/payments/mine", "GET"): "learner",
    ("/payments/refunds", "GET"): "admin,learner,mentor",
    ("/payments/earnings", "GET"): "mentor",
    ("/payments/earnings/series", "GET"): "mentor",
    ("/payments/earnings.csv", "GET"): "mentor",
    ("/payments/payout-account", "GET"): "admin,mentor",
    ("/payments/payout-account", "PUT"): "admin,mentor",
    ("/payments/withdrawals", "POST"): "admin,mentor",
    ("/payments/withdrawals", "GET"): "admin,mentor",
    ("/admin/payments", "GET"): "admin",
    ("/admin/payments/{order_id}/refunds", "POST"): "admin",
    ("/admin/revenue", "GET"): "admin",
    ("/admin/webhook-events", "GET"): "admin",
    ("/admin/webhook-events/{event_id}/replay", "POST"): "admin",
    ("/admin/event-deliveries", "GET"): "admin",
    ("/admin/event-deliveries/replay", "POST"): "admin",
    ("/admin/reconciliation", "GET"): "admin",
}


def all_routes():
    from app import app

    for path, methods in app.routes.items():
        for method, entry in methods.items():
            yield path, method, entry.view_function


def test_every_route_declares_an_access_rule():
    missing = [f"{m} {p}" for p, m, view in all_routes() if not isinstance(getattr(view, "__peerlearn_access__", None), Access)]
    assert missing == [], f"routes without an access rule: {missing}"


def test_the_route_table_matches_the_matrix():
    actual = {(p, m): view.__peerlearn_access__.describe() for p, m, view in all_routes()}
    assert actual == EXPECTED


@pytest.fixture
def callers(make_user, make_admin, api):
    learner, other_learner = make_user("learner"), make_user("learner")
    mentor, other_mentor = make_user("mentor"), make_user("mentor")
    admin = make_admin()
    _, ch = api.call("POST", "/auth/login", {"email": admin["email"], "password": admin["password"]})
    assert "challenge" in ch, ch
    _, at = api.call("POST", "/auth/login/totp", {"challenge": ch["challenge"], "code": pyotp.TOTP(admin["secret"]).now()})
    return {"anonymous": None, "learner": learner["access_token"], "other_learner": other_learner["access_token"],
            "mentor": mentor["access_token"], "other_mentor": other_mentor["access_token"],
            "admin": at["access_token"]}


ROLE_OF = {"learner": "learner", "other_learner": "learner", "mentor": "mentor", "other_mentor": "mentor",
           "admin": "admin"}
FLOW = {"/dashboard/learner": "learner_signup", "/dashboard/mentor": "mentor_signup", "/dashboard/admin": "admin_login"}


@pytest.mark.parametrize("path", ["/dashboard/learner", "/dashboard/mentor", "/dashboard/admin", "/me", "/notifications"])
def test_role_matrix_for_every_caller(api, callers, path):
    allowed = EXPECTED[(path, "GET")].split(",")
    for who, token in callers.items():
        status, data = api.call("GET", path, token=token)
        if token is None:
            assert status == 401, (who, path)
            assert data["auth_flow"] == FLOW.get(path, "login")
        elif ROLE_OF[who] in allowed:
            assert status == 200, (who, path, data)
        else:
            assert status == 403, (who, path)
            assert data["message"] == "Access denied"
            assert data["redirect"] == f"/dashboard/{ROLE_OF[who]}"


def test_dashboards_show_the_callers_own_data(api, callers):
    for who in ("learner", "other_learner"):
        _, me = api.call("GET", "/me", token=callers[who])
        _, dash = api.call("GET", "/dashboard/learner", token=callers[who])
        assert dash["me"]["user_id"] == me["user_id"]
    _, dash = api.call("GET", "/dashboard/admin", token=callers["admin"])
    assert dash["users"] == {"learners": 2, "mentors": 2, "admins": 1}
