"""Real time in headless Chromium against the real local stack: a signed-out visitor's landing page
counts a session going live, and a mentor's dashboard gets a learner's request live (toast and
bell) while the learner sees the mentor's answer live."""

from __future__ import annotations

import re
import uuid
from typing import Any

import requests
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORD, api_signup, sign_in
from tests.support.room_browser import next_quarter
from tests.support.slots import next_slot


def _person(stack: Any, role: str, name: str) -> tuple[str, dict[str, Any]]:
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    return email, api_signup(stack, role, email, name, PASSWORD)


def _post(stack: Any, tokens: dict[str, Any], path: str, body: Any = None) -> Any:
    r = requests.post(f"{stack.url}/api{path}", json=body or {}, timeout=15,
                      headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert r.status_code < 300, r.text
    return r.json()


def test_a_signed_out_landing_page_shows_1_live_when_a_mentor_goes_live(page: Page, stack):
    _, mentor = _person(stack, "mentor", "Anil Rao")
    session = _post(stack, mentor, "/sessions", {
        "title": f"Live graphs {uuid.uuid4().hex[:4]}", "description": "Plotting live.", "topics": ["Graphs"],
        "category": "Mathematics", "starts_at": next_quarter(), "duration_min": 60, "price_paise": 0,
        "seats": 1, "requires_approval": False})
    before = requests.get(f"{stack.url}/api/live", timeout=10).json()["live_count"]

    page.goto("/")
    hero = page.locator("section[aria-labelledby=hero-heading]")
    expect(hero.get_by_role("heading", level=1)).to_be_visible()
    if before == 0:
        expect(hero.get_by_test_id("live-count")).to_have_count(0)  # nothing live: no invented figure
    else:
        expect(hero.get_by_test_id("live-count")).to_have_text(f"{before} Live")
    # the visitor's anonymous socket is subscribed before the mentor acts
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some(e => e.name.includes('/api/realtime/ticket/anonymous'))")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("Sessions"))).to_be_visible()

    _post(stack, mentor, f"/sessions/{session['session_id']}/go-live")
    expect(hero.get_by_test_id("live-count")).to_have_text(f"{before + 1} Live")  # no reload
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_test_id("live-count")).to_have_text(f"{before + 1} Live")  # the Sessions nav item too


def test_the_mentor_gets_a_request_live_and_the_learner_sees_the_answer_live(page: Page, second_page: Page, stack):
    mentor_email, mentor_tokens = _person(stack, "mentor", "Divya Menon")
    learner_email, learner_tokens = _person(stack, "learner", "Rohan Shah")
    topic = f"Async Python {uuid.uuid4().hex[:5]}"

    mentor = page
    sign_in(mentor, mentor_email, r"/dashboard/mentor$")
    mentor.get_by_role("link", name="Requests", exact=True).click()
    expect(mentor.get_by_text("No open requests")).to_be_visible()
    bell = mentor.get_by_test_id("bell-count")
    unread_before = int(requests.get(f"{stack.url}/api/me", timeout=10, headers={
        "Authorization": f"Bearer {mentor_tokens['access_token']}"}).json()["unread_notifications"])
    expect(bell).to_have_text(str(unread_before))

    learner = second_page
    sign_in(learner, learner_email, r"/dashboard/learner$")
    learner.goto("/dashboard/learner/activity?type=requests")

    request = _post(stack, learner_tokens, "/requests", {
        "mentor_id": mentor_tokens["user"]["user_id"], "title": topic, "domain": "Programming",
        "proposed_at": next_slot(3 * 86400), "duration_min": 60, "budget_paise": 0})
    assert request["status"] == "pending"

    # The mentor's open page: toast, bell count and the card, without a reload.
    expect(mentor.get_by_test_id("toast").filter(has_text=f"New request: {topic}")).to_be_visible()
    expect(bell).to_have_text(str(unread_before + 1))
    card = mentor.get_by_role("article", name=topic)
    expect(card.get_by_text("⏳ Pending")).to_be_visible()

    # The mentor accepts; the learner's open page hears it live.
    card.get_by_role("button", name="Accept ➤").click()
    expect(learner.get_by_test_id("toast").filter(has_text=f"Accepted: {topic}")).to_be_visible()
    row = learner.get_by_role("article", name=topic).filter(has_text=re.compile(r"^Request"))
    expect(row.get_by_text("Accepted", exact=True)).to_be_visible()
