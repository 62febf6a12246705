"""The marketplace in headless Chromium against the real local stack: a mentor publishes a session,
a learner finds it through search and books it within the click budget, and a live request goes
back and forth (Modify & Reply → Confirm ➤) with both dashboards following in real time."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import requests
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORD, api_signup, sign_in


def _person(stack: Any, role: str, name: str) -> tuple[str, dict[str, Any]]:
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    tokens = api_signup(stack, role, email, name, PASSWORD)
    return email, tokens


def _api(stack: Any, tokens: dict[str, Any], path: str, **params: Any) -> Any:
    r = requests.get(f"{stack.url}/api{path}", params=params, timeout=10,
                     headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert r.status_code == 200, r.text
    return r.json()


def _wall_clock(tz: str, days: int, hour: int, minute: int) -> tuple[str, str, str]:
    """A date and time `days` ahead in `tz`, and the UTC instant the API should store."""
    local = (datetime.now(ZoneInfo(tz)) + timedelta(days=days)).replace(hour=hour, minute=minute, second=0,
                                                                          microsecond=0)
    utc = local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M"), utc


def test_mentor_publishes_a_session_and_a_learner_finds_and_books_it(page: Page, second_page: Page, stack):
    mentor_email, mentor_tokens = _person(stack, "mentor", "Ravi Kumar")
    learner_email, learner_tokens = _person(stack, "learner", "Asha Rao")
    word = f"quadratics{uuid.uuid4().hex[:6]}"
    title = f"Master Algebra {word}"

    # (a) The mentor creates the session in the browser.
    sign_in(page, mentor_email, r"/dashboard/mentor$")
    page.get_by_role("link", name="Create Session ➤").click()
    expect(page).to_have_url(re.compile(r"/dashboard/mentor/sessions/new$"))
    form = page.get_by_role("form", name="Session details")
    form.get_by_role("button", name="Publish session ➤").click()
    expect(form.get_by_role("alert")).to_contain_text("Complete all fields")
    form.get_by_label("Title").fill(title)
    topics = form.get_by_role("combobox", name="Topics")
    topics.fill("Algebra")
    topics.press("Enter")
    topics.fill("Polynomials")
    topics.press("Enter")
    expect(form.get_by_role("button", name="Remove Algebra")).to_be_visible()
    form.get_by_label("Category").select_option("Mathematics")
    tz = _api(stack, mentor_tokens, "/me")["timezone"]
    expect(form.get_by_text(f"In your timezone ({tz}).")).to_be_visible()
    date, time_, starts_utc = _wall_clock(tz, days=3, hour=17, minute=45)
    form.get_by_label("Start time: date").fill(date)
    form.get_by_label("Start time: time").select_option(time_)
    form.get_by_label("Duration").select_option("45")
    form.get_by_label("Price (₹)").fill("0")
    form.get_by_role("button", name="Publish session ➤").click()
    expect(page).to_have_url(re.compile(r"/dashboard/mentor/sessions\?tab=upcoming&session=[^&]+$"))  # its tab, its row
    expect(page.get_by_text("Session published ✔")).to_be_visible()
    row = page.get_by_role("article", name=title)
    expect(row).to_be_visible()
    expect(row.get_by_text("No bookings yet")).to_be_visible()
    expect(row.get_by_role("button", name="Go Live ➤")).to_be_disabled()  # three days early
    stored = _api(stack, mentor_tokens, "/mentor/sessions", tab="upcoming")["items"]
    mine = next(s for s in stored if s["title"] == title)
    assert mine["starts_at"] == starts_utc, (mine["starts_at"], starts_utc, tz)
    assert mine["duration_min"] == 45 and mine["price_paise"] == 0 and mine["topics"] == ["Algebra", "Polynomials"]

    # (b) A learner finds it through search on /sessions and books it: Sessions → Book ➤ → Confirm ➤.
    learner = second_page
    sign_in(learner, learner_email, r"/dashboard/learner$")
    clicks = 0
    learner.get_by_role("navigation", name="Browse").get_by_role("link", name="Sessions").click()
    clicks += 1
    expect(learner).to_have_url(re.compile(r"/sessions$"))
    learner.get_by_role("searchbox", name="Search sessions").fill(word)
    expect(learner).to_have_url(re.compile(rf"/sessions\?q={word}$"))
    results = learner.get_by_role("list", name="Sessions")
    card = results.get_by_role("article", name=title)
    expect(card).to_be_visible()
    expect(results.get_by_role("article")).to_have_count(1)
    expect(card.get_by_text("Free")).to_be_visible()
    expect(card.get_by_text("1 seat left")).to_be_visible()
    card.get_by_role("button", name="Book ➤").click()
    clicks += 1
    sheet = learner.get_by_test_id("bottom-sheet")
    expect(sheet.get_by_role("heading", name="Book this session")).to_be_visible()
    expect(sheet.get_by_test_id("refund-policy")).to_contain_text("full refund")
    sheet.get_by_role("button", name="Confirm ➤").click()
    clicks += 1
    expect(sheet.get_by_text("Booked ✔")).to_be_visible()
    assert clicks <= 4

    sheet.get_by_role("link", name="Go to My Activity ➤").click()
    expect(learner).to_have_url(re.compile(r"/dashboard/learner/activity$"))
    booking = learner.get_by_role("article", name=title)
    expect(booking.get_by_text("Confirmed", exact=True)).to_be_visible()
    expect(booking.get_by_role("button", name="Cancel booking")).to_be_visible()

    # The mentor's list follows the booking over the WebSocket (no reload).
    expect(row.get_by_text("1 booked")).to_be_visible()
    assert _api(stack, learner_tokens, "/learner/activity", type="bookings")["items"][0]["booking"]["status"] == "confirmed"


def test_live_request_modify_and_reply_then_the_learner_confirms(page: Page, second_page: Page, stack):
    mentor_email, mentor_tokens = _person(stack, "mentor", "Meera Iyer")
    learner_email, learner_tokens = _person(stack, "learner", "Kiran Das")
    mentor_id = mentor_tokens["user"]["user_id"]
    topic = f"Recursion {uuid.uuid4().hex[:5]}"

    # The learner asks for a live session from the mentor's profile.
    learner = page
    sign_in(learner, learner_email, r"/dashboard/learner$")
    learner.goto(f"/mentors/{mentor_id}")
    expect(learner.get_by_role("heading", level=1, name="Meera Iyer")).to_be_visible()
    expect(learner.get_by_text("No reviews yet")).to_be_visible()
    learner.get_by_role("button", name="Request Live ➤").click()
    form = learner.get_by_role("form", name="Request a live session with Meera Iyer")
    learner_tz = _api(stack, learner_tokens, "/me")["timezone"]
    date, time_, proposed_utc = _wall_clock(learner_tz, days=4, hour=18, minute=30)
    form.get_by_label("Title").fill(topic)
    form.get_by_label("Domain").select_option("Programming")
    form.get_by_label("Proposed time: date").fill(date)
    form.get_by_label("Proposed time: time").select_option(time_)
    form.get_by_label("Duration").select_option("60")
    form.get_by_label("Budget (₹)").fill("500")
    form.get_by_label("Message").fill("I keep getting stack overflows.")
    form.get_by_role("button", name="Send Request ➤").click()
    expect(learner.get_by_test_id("toast").filter(has_text="Request Sent ✔")).to_be_visible()
    learner.get_by_role("link", name="Go to My Activity ➤").click()
    mine = learner.get_by_role("article", name=topic).filter(has_text=re.compile(r"^Request"))
    expect(mine.get_by_text("⏳ Pending")).to_be_visible()
    stored = _api(stack, learner_tokens, "/learner/activity", type="requests")["items"][0]["request"]
    assert stored["proposed_at"] == proposed_utc and stored["budget_paise"] == 50000

    # The mentor answers with Modify & Reply: another time, a different budget (free).
    mentor = second_page
    sign_in(mentor, mentor_email, r"/dashboard/mentor$")
    mentor.get_by_role("link", name="Requests", exact=True).click()
    card = mentor.get_by_role("article", name=topic)
    expect(card.get_by_text("⏳ Pending")).to_be_visible()
    expect(card.get_by_text("from Kiran Das · Programming")).to_be_visible()
    card.get_by_role("button", name="Modify & Reply ➤").click()
    mentor_tz = _api(stack, mentor_tokens, "/me")["timezone"]
    new_date, new_time, offered_utc = _wall_clock(mentor_tz, days=5, hour=19, minute=15)
    card.get_by_label("New time: date").fill(new_date)
    card.get_by_label("New time: time").select_option(new_time)
    card.get_by_label("Budget (₹)").fill("0")
    card.get_by_label("Message to the learner").fill("First one is on me.")
    card.get_by_role("button", name="Send Reply ➤").click()
    expect(mentor.get_by_test_id("toast").filter(has_text="Replied ✔")).to_be_visible()
    expect(card.get_by_text("Offered", exact=True)).to_be_visible()

    # The learner's feed turns to "Offered" over the WebSocket; Confirm ➤ accepts the offer.
    expect(mine.get_by_text("Offered", exact=True)).to_be_visible()
    expect(mine.get_by_text("“First one is on me.”")).to_be_visible()
    mentor.get_by_role("link", name="Home", exact=True).click()
    mine.get_by_role("button", name="Confirm ➤").click()
    expect(learner.get_by_test_id("toast").filter(has_text="Confirmed ✔")).to_be_visible()
    expect(mine.get_by_text("Accepted", exact=True)).to_be_visible()
    learner.get_by_role("tab", name="Bookings").click()
    booked = learner.get_by_role("article", name=topic).filter(has_text=re.compile(r"^Booking"))
    expect(booked.get_by_text("Confirmed", exact=True)).to_be_visible()
    request = _api(stack, learner_tokens, "/learner/activity", type="requests")["items"][0]["request"]
    assert request["status"] == "accepted" and request["offer"]["proposed_at"] == offered_utc

    # The mentor's dashboard shows the new private session without a reload.
    session_row = mentor.get_by_role("article", name=topic).filter(has_text="Private · from a request")
    expect(session_row).to_be_visible()
    expect(session_row.get_by_text("1 booked")).to_be_visible()
    expect(mentor.get_by_text("No requests yet")).to_be_visible()
