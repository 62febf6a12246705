"""The live room driven through Chromium pages: a live session with booked learners (over the API),
entering the room through the pre-join check, and reading the call's state from the page
(`window.__peerlearnRoom`, which the SPA exposes for exactly this). Shared by tests/e2e/test_room.py
and bench/room_call.py."""

from __future__ import annotations

import re
import uuid
from typing import Any

import requests
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORD, api_signup, sign_in
from tests.support.slots import soonest_slot

MEDIA_ARGS = [
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]


def call(stack: Any, method: str, path: str, tokens: dict[str, Any], body: Any = None) -> Any:
    r = requests.request(method, f"{stack.url}/api{path}", json=body, timeout=10,
                         headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert r.status_code < 300, f"{method} {path}: {r.status_code} {r.text}"
    return r.json() if r.text else None


def next_quarter() -> str:
    """A start the session can be taken live at right away (see tests.support.slots.soonest_slot)."""
    return soonest_slot()


def live_room(stack: Any, learners: int = 1) -> dict[str, Any]:
    """A free session starting at the next quarter hour, booked by the learners, and live."""
    tag = uuid.uuid4().hex[:6]
    mentor_email = f"room-mentor-{tag}@example.com"
    mentor = api_signup(stack, "mentor", mentor_email, "Ravi Mentor", PASSWORD)
    session = call(stack, "POST", "/sessions", mentor, {
        "title": f"Algebra live {tag}", "description": "Equations, step by step.",
        "topics": ["Linear equations", "Quadratics"], "category": "Mathematics",
        "starts_at": next_quarter(), "duration_min": 60, "price_paise": 0, "seats": max(1, learners),
        "requires_approval": False})
    people = []
    for i in range(learners):
        email = f"room-learner-{tag}-{i}@example.com"
        tokens = api_signup(stack, "learner", email, f"Asha {i + 1}", PASSWORD)
        booking = call(stack, "POST", f"/sessions/{session['session_id']}/book", tokens, {})
        assert booking["status"] == "confirmed", booking
        people.append({"email": email, "tokens": tokens})
    call(stack, "POST", f"/sessions/{session['session_id']}/go-live", mentor, {})
    room = call(stack, "GET", f"/rooms/{session['room_code']}", mentor)
    return {"code": room["room_code"], "session": session, "mentor": {"email": mentor_email, "tokens": mentor},
            "learners": people}


def prejoin(page: Page, email: str, lands_on: str, code: str) -> None:
    """Signed in, on the room's pre-join check, with camera and microphone found fine."""
    sign_in(page, email, lands_on)
    page.goto(f"/session/{code}")
    expect(page.get_by_role("heading", name="Check your camera and microphone")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Clear video, ready to (teach|learn)!"))).to_be_visible()


def enter(page: Page, email: str, lands_on: str, code: str) -> None:
    prejoin(page, email, lands_on, code)
    page.get_by_role("button", name="Join now").click()
    expect(page.get_by_role("navigation", name="Call controls")).to_be_visible()


def connected(page: Page, n: int = 1, timeout: float = 15_000) -> None:
    page.wait_for_function(
        """n => {
            const r = window.__peerlearnRoom
            if (!r) return false
            const rs = r.engine.getSnapshot().remotes
            return rs.length >= n && rs.every(x => x.connection === 'connected')
        }""", arg=n, timeout=timeout)


def inbound_bytes(page: Page) -> int:
    return int(page.evaluate("() => window.__peerlearnRoom.engine.inboundBytes()"))


def bytes_rise(page: Page) -> None:
    first = inbound_bytes(page)
    page.wait_for_function("b => window.__peerlearnRoom.engine.inboundBytes().then(x => x > b + 20000)",
                           arg=first, timeout=10_000)


def draw(page: Page) -> None:
    canvas = page.get_by_test_id("whiteboard-canvas")
    box = canvas.bounding_box()
    assert box
    x, y = box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.3
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(x + i * 15, y + i * 6)
    page.mouse.up()


def strokes(page: Page) -> int:
    return int(page.get_by_test_id("whiteboard-canvas").get_attribute("data-strokes") or 0)


def chat(page: Page, text: str) -> None:
    page.get_by_role("textbox", name="Message").fill(text)
    page.get_by_role("textbox", name="Message").press("Enter")
