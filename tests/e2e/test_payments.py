"""Paying in headless Chromium through the local test checkout: a failed attempt, Retry, then a
successful payment; the learner sees "Booked ✔" and the mentor's earnings page shows the 90 %
share without a reload (pushed over the WebSocket)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORD, api_signup, sign_in


def _paid_session(stack: Any, tokens: dict[str, Any], title: str, price: int) -> dict[str, Any]:
    start = datetime.now(UTC) + timedelta(days=2)
    start = start.replace(minute=0, second=0, microsecond=0)
    r = requests.post(f"{stack.url}/api/sessions", timeout=10, headers={"Authorization": f"Bearer {tokens['access_token']}"},
                      json={"title": title, "description": "Paid practice", "topics": ["Python"],
                            "category": "Programming", "starts_at": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                            "duration_min": 60, "price_paise": price, "seats": 2, "requires_approval": False})
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_a_learner_pays_through_the_local_checkout_and_the_mentor_sees_the_earning(page: Page, second_page: Page,
                                                                                   stack: Any) -> None:
    mentor_email = f"mentor-{uuid.uuid4().hex[:8]}@example.com"
    learner_email = f"learner-{uuid.uuid4().hex[:8]}@example.com"
    mentor_tokens = api_signup(stack, "mentor", mentor_email, "Ravi Kumar", PASSWORD)
    api_signup(stack, "learner", learner_email, "Asha Rao", PASSWORD)
    title = f"Python pairing {uuid.uuid4().hex[:6]}"
    session = _paid_session(stack, mentor_tokens, title, 49_900)

    # The mentor watches the earnings page.
    mentor = page
    sign_in(mentor, mentor_email, r"/dashboard/mentor$")
    mentor.goto("/dashboard/mentor/earnings")
    earnings = mentor.get_by_role("table", name="Your earnings")
    expect(mentor.get_by_role("region", name="Balance")).to_be_visible()

    # The learner books and fails the first attempt.
    learner = second_page
    sign_in(learner, learner_email, r"/dashboard/learner$")
    learner.goto(f"/sessions/{session['session_id']}")
    learner.get_by_role("button", name="Book ➤").first.click()
    sheet = learner.get_by_test_id("bottom-sheet")
    expect(sheet.get_by_text("₹499", exact=True)).to_be_visible()
    # the refund cancelling would give is said before booking
    expect(sheet.get_by_test_id("refund-now")).to_contain_text("you get ₹499 back in full")
    sheet.get_by_role("button", name="Confirm ➤").click()
    expect(learner).to_have_title(re.compile("local test checkout"))
    expect(learner.get_by_text("₹499")).to_be_visible()
    learner.get_by_role("button", name="Fail payment").click()
    expect(learner).to_have_url(re.compile(r"/checkout/return"))
    expect(learner.get_by_role("heading", name="Payment failed")).to_be_visible()
    expect(learner.get_by_text("Attempt 1 of 3 failed.")).to_be_visible()

    # Retry, and pay.
    learner.get_by_role("button", name="Retry").click()
    expect(learner).to_have_title(re.compile("local test checkout"))
    learner.get_by_role("button", name="Pay (success)").click()
    expect(learner.get_by_text("Booked ✔").first).to_be_visible()
    expect(learner).to_have_url(re.compile(r"/dashboard/learner/activity$"))
    booking = learner.get_by_role("article", name=title)
    expect(booking.get_by_text("Confirmed", exact=True)).to_be_visible()

    # The mentor's page followed without a reload: 90 % of ₹499, held until the session is done.
    row = earnings.get_by_test_id("money-row").filter(has_text=title)
    expect(row).to_be_visible()
    expect(row).to_contain_text("₹449.10")
    expect(mentor.get_by_role("region", name="Balance")).to_contain_text("₹449.10")

    # And the learner's payments table lists it.
    learner.goto("/dashboard/learner/payments")
    table = learner.get_by_role("table", name="Your payments and gifts")
    expect(table.get_by_role("row").filter(has_text=title)).to_contain_text("₹499")
