"""The live room in two headless Chromium contexts (a mentor and a learner) against the real local
stack: fake camera and microphone, loopback WebRTC with no ICE servers. Both peers connect and
receive video, chat and the whiteboard cross both ways, mute state crosses, a topic ticked by the
mentor reaches the learner, the learner's screen share replaces the track the mentor receives, a
dropped signaling socket does not end the call, and the mentor's end brings the learner the feedback
modal and the after-session pack.

`relay` repeats the call with `iceTransportPolicy: 'relay'` through a real coturn (the backend's
session-scoped `coturn` fixture) and checks both selected candidate pairs are relayed."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import CHROMIUM, PASSWORD, api_signup, open_page, sign_in
from tests.support.room_browser import MEDIA_ARGS, bytes_rise, chat, connected, draw, enter, live_room


@pytest.fixture(autouse=True)
def patient_expect() -> Iterator[None]:
    """Two (or three) browsers with fake media on two shared cores: give each assertion 15 s, in this module only."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture(scope="module")
def media_browser(browser: Any) -> Iterator[Any]:
    """A second Chromium from the same Playwright, with fake media devices and loopback WebRTC."""
    b = browser.browser_type.launch(executable_path=CHROMIUM, args=MEDIA_ARGS)
    yield b
    b.close()



def test_two_browsers_teach_a_session_end_to_end(media_browser: Any, stack: Any) -> None:
    room = live_room(stack)
    code = room["code"]
    with open_page(media_browser, stack) as mentor, open_page(media_browser, stack) as learner:
        # The learner's WebSocket goes through a Playwright route, so the test can drop it (step 6).
        sockets: list[Any] = []

        def proxy(ws: Any) -> None:
            sockets.append((ws, ws.connect_to_server()))

        learner.route_web_socket(re.compile(r".*"), proxy)
        enter(mentor, room["mentor"]["email"], r"/dashboard/mentor", code)
        enter(learner, room["learners"][0]["email"], r"/dashboard/learner", code)

        # 1–2. Both connections reach `connected`; inbound video bytes rise on both sides.
        connected(mentor)
        connected(learner)
        bytes_rise(mentor)
        bytes_rise(learner)
        expect(mentor.get_by_role("timer", name="Live now")).to_be_visible(timeout=10_000)

        # 3. Chat crosses both ways (with an unread badge while the panel is closed).
        learner.get_by_role("button", name="Chat", exact=True).click()
        chat(learner, "Hello <b>mentor</b>")
        expect(mentor.get_by_test_id("unread-badge")).to_have_text("1")
        mentor.get_by_role("button", name=re.compile(r"^Chat")).click()
        expect(mentor.get_by_test_id("chat-text").filter(has_text="Hello <b>mentor</b>")).to_be_visible()
        chat(mentor, "Welcome, Asha!")
        expect(learner.get_by_test_id("chat-text").filter(has_text="Welcome, Asha!")).to_be_visible()

        # … and a whiteboard stroke crosses both ways.
        mentor.get_by_role("button", name="Whiteboard", exact=True).click()
        learner.get_by_role("button", name="Whiteboard", exact=True).click()
        draw(mentor)
        expect(learner.get_by_test_id("whiteboard-canvas")).to_have_attribute("data-strokes", "1")
        draw(learner)
        expect(mentor.get_by_test_id("whiteboard-canvas")).to_have_attribute("data-strokes", "2")
        mentor.get_by_role("button", name="Save snapshot").click()
        expect(mentor.get_by_test_id("toast").filter(has_text="Snapshot saved")).to_be_visible()

        # Mute state crosses.
        learner.get_by_role("button", name="Mute microphone").click()
        expect(mentor.get_by_role("img", name=re.compile(r"Asha 1 is muted"))).to_be_visible()
        learner.get_by_role("button", name="Unmute microphone").click()
        expect(mentor.get_by_role("img", name=re.compile(r"Asha 1 is muted"))).to_have_count(0)

        # 4. The mentor ticks a topic; the learner sees it.
        mentor.get_by_role("button", name="Topics", exact=True).click()
        mentor.get_by_role("checkbox", name="Quadratics").click()
        expect(mentor.get_by_role("checkbox", name="Quadratics")).to_be_checked()
        learner.get_by_role("button", name="Topics", exact=True).click()
        expect(learner.get_by_label("Quadratics: covered")).to_be_visible()

        # 5. The learner shares the screen: the track sent to the mentor is the screen (replaceTrack, no
        # renegotiation), the mentor is told and keeps receiving video; stopping restores the camera.
        camera = learner.evaluate("() => window.__peerlearnRoom.engine.getSnapshot().local.stream.getVideoTracks()[0].id")
        assert learner.evaluate("() => window.__peerlearnRoom.engine.videoSenderTrackIds()") == [camera]
        learner.get_by_role("button", name="Share screen").click()
        expect(mentor.get_by_text("· sharing screen")).to_be_visible()
        screen = learner.evaluate(
            "() => window.__peerlearnRoom.engine.getSnapshot().local.screenStream.getVideoTracks()[0].id")
        assert screen != camera
        assert learner.evaluate("() => window.__peerlearnRoom.engine.videoSenderTrackIds()") == [screen]
        bytes_rise(mentor)
        learner.get_by_role("button", name="Stop sharing screen").click()
        expect(mentor.get_by_text("· sharing screen")).to_have_count(0)
        assert learner.evaluate("() => window.__peerlearnRoom.engine.videoSenderTrackIds()") == [camera]

        # 6. The learner's signaling socket drops and comes back: the call, the chat and the board survive.
        page_side, server_side = sockets[-1]
        server_side.close(code=4000, reason="test: network drop")
        page_side.close(code=4000, reason="test: network drop")
        expect(learner.get_by_text("Reconnecting to the room… your call continues.")).to_be_visible()
        expect(learner.get_by_text("Reconnecting to the room… your call continues.")).to_have_count(0, timeout=30_000)
        assert len(sockets) >= 2  # a new socket, with a new ticket
        connected(learner)
        connected(mentor)
        bytes_rise(learner)
        learner.get_by_role("button", name=re.compile(r"^Chat")).click()
        expect(learner.get_by_test_id("chat-text").filter(has_text="Welcome, Asha!")).to_be_visible()
        chat(learner, "Still here")
        expect(mentor.get_by_test_id("unread-badge")).to_have_text("1")
        mentor.get_by_role("button", name=re.compile(r"^Chat")).click()
        expect(mentor.get_by_test_id("chat-text").filter(has_text="Still here")).to_be_visible()

        # 7. The mentor ends; the learner gets the feedback modal, gives 5 stars; the pack has the transcript and snapshot.
        mentor.get_by_role("button", name="End session").click()
        mentor.get_by_role("dialog", name="End the session for everyone?").get_by_role(
            "button", name=re.compile(r"^End (early for everyone|session)$")).click()
        expect(mentor.get_by_role("heading", name="The session has ended")).to_be_visible()
        dialog = learner.get_by_role("dialog", name="How was your session?")
        expect(dialog).to_be_visible(timeout=15_000)
        dialog.get_by_role("radio", name="5 stars").click()
        dialog.get_by_label("Comment (optional)").fill("Clear and patient.")
        dialog.get_by_role("button", name="Send feedback").click()
        expect(learner.get_by_text("You rated this session 5 ★")).to_be_visible()
        learner.get_by_role("link", name="Open the after-session pack").click()
        expect(learner.get_by_role("heading", name="Chat transcript")).to_be_visible()
        expect(learner.get_by_test_id("chat-text").filter(has_text="Welcome, Asha!")).to_be_visible()
        expect(learner.get_by_role("img", name=re.compile(r"^Whiteboard snapshot"))).to_have_count(1)
        expect(learner.get_by_text("1 of 2 covered")).to_be_visible()


def test_three_participant_mesh(media_browser: Any, stack: Any) -> None:
    room = live_room(stack, learners=2)
    code = room["code"]
    with open_page(media_browser, stack) as mentor, open_page(media_browser, stack) as a, \
            open_page(media_browser, stack) as b:
        enter(mentor, room["mentor"]["email"], r"/dashboard/mentor", code)
        enter(a, room["learners"][0]["email"], r"/dashboard/learner", code)
        enter(b, room["learners"][1]["email"], r"/dashboard/learner", code)
        for pg in (mentor, a, b):
            connected(pg, 2, timeout=25_000)
        for pg in (mentor, a, b):
            bytes_rise(pg)


def test_reload_rejoins_and_restores_state(media_browser: Any, stack: Any) -> None:
    room = live_room(stack)
    code = room["code"]
    with open_page(media_browser, stack) as mentor, open_page(media_browser, stack) as learner:
        enter(mentor, room["mentor"]["email"], r"/dashboard/mentor", code)
        enter(learner, room["learners"][0]["email"], r"/dashboard/learner", code)
        connected(learner)
        learner.get_by_role("button", name="Chat", exact=True).click()
        chat(learner, "before the reload")
        mentor.get_by_role("button", name="Whiteboard", exact=True).click()
        draw(mentor)
        expect(mentor.get_by_test_id("whiteboard-canvas")).to_have_attribute("data-strokes", "1")
        mentor.wait_for_timeout(300)  # the ~50 ms batch is flushed

        learner.reload()
        expect(learner.get_by_text(re.compile(r"Clear video, ready to learn!"))).to_be_visible()
        learner.get_by_role("button", name="Join now").click()
        connected(learner)
        connected(mentor)
        bytes_rise(learner)
        learner.get_by_role("button", name="Chat", exact=True).click()
        expect(learner.get_by_test_id("chat-text").filter(has_text="before the reload")).to_be_visible()
        learner.get_by_role("button", name="Whiteboard", exact=True).click()
        expect(learner.get_by_test_id("whiteboard-canvas")).to_have_attribute("data-strokes", "1")


def test_a_stranger_is_refused_at_the_page(page: Page, stack: Any) -> None:
    room = live_room(stack)
    email = f"room-stranger-{uuid.uuid4().hex[:6]}@example.com"
    api_signup(stack, "learner", email, "Stranger", PASSWORD)
    sign_in(page, email, r"/dashboard/learner")
    page.goto(f"/session/{room['code']}")
    expect(page.get_by_test_id("toast").filter(has_text="Access denied")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/dashboard/learner$"))


@pytest.fixture
def relay_stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A local stack whose ICE servers are the backend's session-scoped `coturn` fixture
    (tests/conftest.py, tests/support/coturn.py), relay only. Without that fixture in the tree the
    test is skipped, never counted as passing."""
    try:
        turn = request.getfixturevalue("coturn")
    except pytest.FixtureLookupError:
        pytest.skip("no coturn fixture in this tree yet (the backend branch adds it)")
    from tests.integration.conftest import start_local_stack

    env = dict(turn.app_environment(relay_only=True))
    env["PEERLEARN_ICE_TRANSPORT_POLICY"] = "relay"
    s = start_local_stack(tmp_path_factory.mktemp("relay-stack"), env=env)
    yield s
    s.stop()


def test_relay_only_call_through_coturn(media_browser: Any, relay_stack: Any) -> None:
    room = live_room(relay_stack)
    with open_page(media_browser, relay_stack) as mentor, open_page(media_browser, relay_stack) as learner:
        enter(mentor, room["mentor"]["email"], r"/dashboard/mentor", room["code"])
        enter(learner, room["learners"][0]["email"], r"/dashboard/learner", room["code"])
        connected(mentor, timeout=25_000)
        connected(learner, timeout=25_000)
        bytes_rise(mentor)
        bytes_rise(learner)
        for pg in (mentor, learner):
            pairs = pg.evaluate("() => window.__peerlearnRoom.engine.selectedPairs()")
            assert pairs and all(p["local"] == "relay" for p in pairs), pairs


def test_recording_needs_consent_and_uploads_in_parts(media_browser: Any, stack: Any) -> None:
    room = live_room(stack)
    code = room["code"]
    with open_page(media_browser, stack) as mentor, open_page(media_browser, stack) as learner:
        enter(mentor, room["mentor"]["email"], r"/dashboard/mentor", code)
        enter(learner, room["learners"][0]["email"], r"/dashboard/learner", code)
        connected(mentor)
        connected(learner)
        mentor.get_by_role("button", name="Ask to record").click()
        ask = learner.get_by_role("alert").filter(has_text="asks to record this session")
        expect(ask).to_be_visible()
        expect(mentor.get_by_test_id("recording-indicator")).to_have_count(0)  # not before consent
        ask.get_by_role("button", name="Accept").click()
        for pg in (mentor, learner):
            expect(pg.get_by_test_id("recording-indicator")).to_be_visible()
        mentor.wait_for_timeout(4000)  # a few seconds of MediaRecorder chunks
        mentor.get_by_role("button", name="Stop recording").click()
        expect(mentor.get_by_test_id("toast").filter(has_text="Recording saved")).to_be_visible(timeout=20_000)
        expect(learner.get_by_test_id("recording-indicator")).to_have_count(0)
        mentor.get_by_role("button", name="End session").click()
        mentor.get_by_role("dialog", name="End the session for everyone?").get_by_role(
            "button", name=re.compile(r"^End (early for everyone|session)$")).click()
        expect(learner.get_by_role("dialog", name="How was your session?")).to_be_visible(timeout=15_000)
        learner.get_by_role("button", name="Later").click()
        learner.get_by_role("link", name="Open the after-session pack").click()
        expect(learner.get_by_role("link", name="Download")).to_be_visible()


def test_on_a_phone_join_now_is_in_view_before_any_scroll(media_browser: Any, stack: Any) -> None:
    """390×844: the camera check is longer than the screen; "Join now" stays above the bottom
    navigation, uncovered, and at the end of the page sits in its place over nothing."""
    from tests.support.room_browser import prejoin

    room = live_room(stack)
    phone = {"width": 390, "height": 844}
    with open_page(media_browser, stack) as learner:
        learner.set_viewport_size(phone)
        prejoin(learner, room["learners"][0]["email"], r"/dashboard/learner", room["code"])
        join = learner.get_by_role("button", name="Join now")
        on_top = """() => {
            const b = [...document.querySelectorAll('button')].find(x => x.textContent.trim() === 'Join now')
            const r = b.getBoundingClientRect()
            return {top: r.top, bottom: r.bottom,
                    hit: b.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2))}
        }"""
        nav = learner.get_by_role("navigation", name="Primary").bounding_box()
        assert nav, "the phone's bottom navigation"
        assert learner.evaluate("() => document.documentElement.scrollHeight > innerHeight + 100"), \
            "the check should be longer than the screen for this test"
        learner.evaluate("window.scrollTo(0, 0)")
        learner.wait_for_timeout(100)
        at_top = learner.evaluate(on_top)
        assert at_top["hit"] and at_top["top"] >= 0 and at_top["bottom"] <= nav["y"], at_top
        # scrolled to the end, the row is back in its place: the microphone switch above it is not covered
        learner.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        learner.wait_for_timeout(100)
        mic = learner.get_by_label("Join with microphone on")
        covered_by_row = learner.evaluate("""() => [...document.querySelectorAll('input[type=checkbox]')].filter(i => {
            const r = i.closest('label').getBoundingClientRect()
            const top = document.elementFromPoint(r.left + 10, r.top + r.height / 2)
            return top !== null && top.closest('[data-testid=prejoin-actions]') !== null
        }).length""")
        assert covered_by_row == 0
        expect(mic).to_be_checked()
        join.click()
        expect(learner.get_by_role("navigation", name="Call controls")).to_be_visible()
