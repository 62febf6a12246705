"""Direct messages in headless Chromium against the real local stack: a learner and a mentor who
share a request exchange messages live — every open tab of the mentor gets them, ticks turn to
read, and the learner uses a 390 px phone layout."""

from __future__ import annotations

import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORD, api_signup, sign_in


def _person(stack: Any, role: str, name: str) -> tuple[str, dict[str, Any]]:
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    return email, api_signup(stack, role, email, name, PASSWORD)


def _request(stack: Any, learner: dict[str, Any], mentor_id: str, title: str) -> None:
    t = datetime.now(UTC) + timedelta(days=3)
    t = t.replace(minute=0, second=0, microsecond=0)
    # A new mentor reaches the directory through the outbox (profile.updated → refresh), a moment
    # after the sign-up answered: until then a request for them is a 404.
    deadline = time.monotonic() + 20
    while True:
        r = requests.post(f"{stack.url}/api/requests", timeout=10,
                          headers={"Authorization": f"Bearer {learner['access_token']}"},
                          json={"mentor_id": mentor_id, "title": title, "domain": "Programming",
                                "proposed_at": t.strftime("%Y-%m-%dT%H:%M:%SZ")})
        if r.status_code != 404 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert r.status_code == 201, r.text


def test_two_users_exchange_direct_messages_live(page: Page, second_page: Page, stack):
    mentor_email, mentor_tokens = _person(stack, "mentor", "Meera Iyer")
    learner_email, learner_tokens = _person(stack, "learner", "Kiran Das")
    mentor_id = mentor_tokens["user"]["user_id"]
    topic = f"Graphs {uuid.uuid4().hex[:5]}"
    _request(stack, learner_tokens, mentor_id, topic)  # what makes the two eligible

    # The mentor opens the conversation from the request card, and keeps a second tab on Messages.
    mentor = second_page
    sign_in(mentor, mentor_email, r"/dashboard/mentor$")
    mentor.get_by_role("link", name="Requests", exact=True).click()
    mentor.get_by_role("article", name=topic).get_by_role("link", name="Message Kiran Das").click()
    expect(mentor).to_have_url(re.compile(r"/dashboard/mentor/messages/"))
    mentor_thread = mentor.get_by_role("region", name="Conversation with Kiran Das")
    expect(mentor_thread.get_by_text("No messages yet — say hello to Kiran Das.")).to_be_visible()
    other_tab = mentor.context.new_page()
    other_tab.goto("/dashboard/mentor/messages")  # signed in through the shared refresh cookie
    expect(other_tab.get_by_role("heading", level=1, name="Messages")).to_be_visible()

    # The learner, on a phone, finds "Message" on the mentor's profile.
    learner = page
    learner.set_viewport_size({"width": 390, "height": 844})
    sign_in(learner, learner_email, r"/dashboard/learner$")
    learner.goto(f"/mentors/{mentor_id}")
    learner.get_by_role("link", name="Message Meera Iyer").click()
    thread = learner.get_by_role("region", name="Conversation with Meera Iyer")
    expect(thread).to_be_visible()
    expect(learner.get_by_role("list", name="Conversations")).to_be_hidden()  # one pane at a time on a phone
    assert learner.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the screen

    box = thread.get_by_role("textbox", name="Message to Meera Iyer")
    box.fill("Hi! <b>Can</b> we cover BFS first?")
    box.press("Enter")
    expect(box).to_have_value("")
    mine = thread.get_by_test_id("dm-bubble").filter(has_text="Can</b> we cover BFS first?")
    expect(mine).to_be_visible()

    # It arrives live in the mentor's open conversation (as text) and in the other tab's list.
    expect(mentor_thread.get_by_text("Hi! <b>Can</b> we cover BFS first?")).to_be_visible()
    row = other_tab.get_by_test_id("conversation-row").filter(has_text="Kiran Das")
    expect(row.get_by_text("Hi! <b>Can</b> we cover BFS first?")).to_be_visible()
    # The mentor had it open: read at once, and the learner's tick says so.
    expect(mine.get_by_test_id("dm-tick")).to_have_attribute("data-tick", "read")

    # The reply comes back live; the learner's tab title shows nothing unread while it is open.
    reply = mentor_thread.get_by_role("textbox", name="Message to Kiran Das")
    reply.fill("Yes — BFS, then DFS.")
    reply.press("Enter")
    expect(thread.get_by_text("Yes — BFS, then DFS.")).to_be_visible()
    expect(mentor_thread.get_by_test_id("dm-bubble").filter(has_text="Yes — BFS, then DFS.")
           .get_by_test_id("dm-tick")).to_have_attribute("data-tick", "read")

    # Away from the conversation, a new message pops a toast and adds one to the tab title's count
    # (the bell's unread notifications plus unread messages).
    learner.goto("/dashboard/learner")
    expect(learner.get_by_role("heading", level=1)).to_be_visible()
    bell = requests.get(f"{stack.url}/api/notifications", timeout=10,
                        headers={"Authorization": f"Bearer {learner_tokens['access_token']}"}).json()["unread_count"]
    expect(learner).to_have_title(re.compile(rf"^\({bell}\) ") if bell else re.compile(r"^[^(]"))
    reply.fill("See you Thursday.")
    reply.press("Enter")
    expect(learner.get_by_test_id("toast").filter(has_text="New message from Meera Iyer")).to_be_visible()
    expect(learner).to_have_title(re.compile(rf"^\({bell + 1}\) Learner dashboard · PeerLearn$"))
    other_tab.close()
