"""The live room's call set-up, measured in two (and three) headless Chromium peers against the local
stack, next to a bare two-context RTCPeerConnection on the same machine in the same run.

    python bench/room_call.py [--rounds 3] [--chat-samples 7]

Needs the built SPA (`make spa`) and Debian's chromium; the relay figure needs coturn (`make coturn`),
else `relay_connected` is false. The peers use the test flags (fake camera and microphone, loopback
WebRTC, no ICE servers except on the relay stack).

- `join_to_connected_ms`: from the learner's click on "Join now" as the page receives it (the mentor
  is already in) until both peer connections are `connected`, every moment stamped in the pages
  (Date.now, the machine's one clock; Playwright's actionability checks before the click are not
  counted); the median over `--rounds` fresh rooms (the first also pays the room's first render).
- `bare_connected_ms` (median over as many rounds): two contexts on a plain page of the stack, each
  with the fake camera, offer/answer passed through this process, from `createOffer` until both are
  `connected` (stamped in the pages the same way); `connect_ratio` is the first over this, i.e. what
  the room adds (join, server-relayed signaling, trickled candidates) on top of WebRTC.
- `first_frame_ms`: the same click until the learner's remote video has a decoded frame.
- `chat_rtt_ms`: median of a learner → server → mentor → server → learner chat round trip.
- `rejoin_ms`: the learner reloads the page and joins again, until both sides are connected.

Targets: connected, bytes received on both sides, whiteboard synced, relay connected;
join_to_connected_ms < 2000 and connect_ratio ≤ 1.5; chat_rtt_ms < 150. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from _common import log  # noqa: E402

from local.launch import LocalStackProcess, start  # noqa: E402
from tests.e2e.conftest import CHROMIUM  # noqa: E402
from tests.support.room_browser import MEDIA_ARGS, bytes_rise, connected, draw, enter, live_room, prejoin  # noqa: E402

# Stamps, in the page, the first moment every remote peer is connected and the first decoded remote frame.
WATCH = """() => {
  window.__bench = {}
  // the user's click as the page sees it (Playwright's own actionability checks before it are not the room's)
  document.addEventListener('click', () => { window.__bench.click = window.__bench.click || Date.now() }, true)
  const iv = setInterval(() => {
    const r = window.__peerlearnRoom
    if (!r) return
    const snap = r.engine.getSnapshot()
    const rs = snap.remotes
    if (!window.__bench.connected && rs.length >= 1 && rs.every(x => x.connection === 'connected'))
      window.__bench.connected = Date.now()
    const local = snap.local && snap.local.stream
    const frame = [...document.querySelectorAll('video')].some(
      v => v.srcObject && v.srcObject !== local && v.videoWidth > 0 && v.readyState >= 2)
    if (!window.__bench.frame && frame) window.__bench.frame = Date.now()
    if (window.__bench.connected && window.__bench.frame) clearInterval(iv)
  }, 5)
}"""

BARE_SETUP = """async () => {
  const pc = new RTCPeerConnection()
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true })
  for (const t of stream.getTracks()) pc.addTrack(t, stream)
  pc.addEventListener('connectionstatechange', () => {
    if (pc.connectionState === 'connected' && !window.__connectedAt) window.__connectedAt = Date.now()
  })
  window.__pc = pc
}"""
GATHERED = """() => new Promise(done => {
  const pc = window.__pc
  if (pc.iceGatheringState === 'complete') return done(pc.localDescription.toJSON())
  pc.addEventListener('icegatheringstatechange', () => {
    if (pc.iceGatheringState === 'complete') done(pc.localDescription.toJSON())
  })
})"""

# The mentor's page answers every "ping-N" chat line with "pong-N" as soon as it arrives.
ECHO = """() => {
  const c = window.__peerlearnRoom.controller
  const answered = new Set()
  c.subscribe(() => {
    for (const m of c.getSnapshot().chat) {
      const hit = /^ping-(\\d+)$/.exec(m.text || '')
      if (hit && !m.pending && !answered.has(hit[1])) { answered.add(hit[1]); c.sendChat('pong-' + hit[1]) }
    }
  })
}"""
# Rejects after 15 s: a lost line must fail the run, not hang it.
ROUND_TRIP = """n => new Promise((done, fail) => {
  const c = window.__peerlearnRoom.controller
  const t0 = performance.now()
  const timer = setTimeout(() => { off(); fail(new Error('no pong-' + n + ' within 15 s')) }, 15000)
  const off = c.subscribe(() => {
    if (!c.getSnapshot().chat.some(m => m.text === 'pong-' + n && !m.pending)) return
    clearTimeout(timer); off(); done(performance.now() - t0)
  })
  c.sendChat('ping-' + n)
})"""


def start_room_stack(workdir: Path, env: dict[str, str] | None = None) -> LocalStackProcess:
    return start(workdir, "--quiet", env={"PEERLEARN_LOCAL_TEST_HOOKS": "1", **(env or {})}, timeout=90)


def new_page(browser: Any, stack: LocalStackProcess) -> Any:
    ctx = browser.new_context(base_url=stack.url, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    return page


def both_connected(a: Any, b: Any) -> None:
    connected(a, timeout=30_000)
    connected(b, timeout=30_000)


def bare_call(browser: Any, stack: LocalStackProcess) -> float:
    a, b = new_page(browser, stack), new_page(browser, stack)
    try:
        for p in (a, b):
            p.goto("/api/health")
            p.evaluate(BARE_SETUP)
        t0 = a.evaluate("async () => { const t0 = Date.now();"
                        " await window.__pc.setLocalDescription(await window.__pc.createOffer()); return t0 }")
        offer = a.evaluate(GATHERED)
        b.evaluate("async o => { await window.__pc.setRemoteDescription(o);"
                   " await window.__pc.setLocalDescription(await window.__pc.createAnswer()) }", offer)
        answer = b.evaluate(GATHERED)
        a.evaluate("async o => { await window.__pc.setRemoteDescription(o) }", answer)
        connected = [float(p.wait_for_function("() => window.__connectedAt", timeout=30_000, polling=5).json_value())
                     for p in (a, b)]
        return max(connected) - float(t0)
    finally:
        a.context.close()
        b.context.close()


def stamped(page: Any, key: str) -> float:
    page.wait_for_function(f"() => window.__bench && window.__bench.{key}", timeout=30_000, polling=5)
    return float(page.evaluate(f"() => window.__bench.{key}"))


def join_once(browser: Any, stack: LocalStackProcess) -> tuple[Any, Any, float, float]:
    """A fresh room: the mentor in, the learner clicks "Join now"; (pages, ms to both connected, ms to first frame)."""
    room = live_room(stack)
    mentor, learner = new_page(browser, stack), new_page(browser, stack)
    enter(mentor, room["mentor"]["email"], r"/dashboard/mentor", room["code"])
    prejoin(learner, room["learners"][0]["email"], r"/dashboard/learner", room["code"])
    for p in (mentor, learner):
        p.evaluate(WATCH)
    learner.get_by_role("button", name="Join now").click()
    t0 = stamped(learner, "click")
    both = max(stamped(mentor, "connected"), stamped(learner, "connected"))
    return mentor, learner, both - t0, stamped(learner, "frame") - t0


def main_call(browser: Any, stack: LocalStackProcess, rounds: int, chat_samples: int) -> dict[str, Any]:
    joins, frames = [], []
    for _ in range(rounds - 1):  # earlier rounds only time the join (the first also warms the browser up)
        mentor, learner, joined, frame = join_once(browser, stack)
        joins.append(joined)
        frames.append(frame)
        mentor.context.close()
        learner.context.close()
    mentor, learner, joined, frame = join_once(browser, stack)
    joins.append(joined)
    frames.append(frame)
    out: dict[str, Any] = {"connected": True, "join_to_connected_ms": round(statistics.median(joins), 1),
                           "first_frame_ms": round(statistics.median(frames), 1)}
    log(f"join to connected, each round (ms): {[round(j) for j in joins]}")
    try:
        bytes_rise(mentor)
        bytes_rise(learner)
        out["bytes_received_both"] = True

        mentor.evaluate(ECHO)
        rtts = []
        for i in range(chat_samples):  # at a typist's pace: chat allows 5 lines a second per socket
            rtts.append(float(learner.evaluate(ROUND_TRIP, i)))
            learner.wait_for_timeout(250)
        out["chat_rtt_ms"] = round(statistics.median(rtts), 1)

        for p in (mentor, learner):
            p.get_by_role("button", name="Whiteboard", exact=True).click()
        draw(mentor)
        learner.wait_for_function(
            "() => document.querySelector('[data-testid=whiteboard-canvas]')?.getAttribute('data-strokes') === '1'",
            timeout=15_000)
        out["whiteboard_synced"] = True

        learner.reload()
        learner.get_by_text("Clear video, ready to learn!").wait_for(timeout=30_000)
        learner.evaluate(WATCH)
        learner.get_by_role("button", name="Join now").click()
        t0 = stamped(learner, "click")
        stamped(learner, "connected")
        mentor.wait_for_function(
            "() => { const rs = window.__peerlearnRoom.engine.getSnapshot().remotes;"
            " return rs.length === 1 && rs[0].connection === 'connected' }", timeout=30_000, polling=5)
        out["rejoin_ms"] = round(float(mentor.evaluate("() => Date.now()")) - t0, 1)
    finally:
        mentor.context.close()
        learner.context.close()
    return out


def relay_call(browser: Any, stack: LocalStackProcess) -> bool:
    room = live_room(stack)
    mentor, learner = new_page(browser, stack), new_page(browser, stack)
    try:
        enter(mentor, room["mentor"]["email"], r"/dashboard/mentor", room["code"])
        enter(learner, room["learners"][0]["email"], r"/dashboard/learner", room["code"])
        both_connected(mentor, learner)
        pairs = [mentor.evaluate("() => window.__peerlearnRoom.engine.selectedPairs()"),
                 learner.evaluate("() => window.__peerlearnRoom.engine.selectedPairs()")]
        return all(ps and all(p["local"] == "relay" for p in ps) for ps in pairs)
    finally:
        mentor.context.close()
        learner.context.close()


def mesh3(browser: Any, stack: LocalStackProcess) -> bool:
    room = live_room(stack, learners=2)
    pages = [new_page(browser, stack) for _ in range(3)]
    try:
        enter(pages[0], room["mentor"]["email"], r"/dashboard/mentor", room["code"])
        for page, learner in zip(pages[1:], room["learners"], strict=True):
            enter(page, learner["email"], r"/dashboard/learner", room["code"])
        for page in pages:
            connected(page, 2, timeout=40_000)
        return True
    finally:
        for page in pages:
            page.context.close()


def run(rounds: int, chat_samples: int) -> dict[str, Any]:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from tests.support.coturn import start_coturn, turnserver_path

    result: dict[str, Any] = {"connected": False, "join_to_connected_ms": None, "bare_connected_ms": None,
                              "connect_ratio": None, "first_frame_ms": None, "bytes_received_both": False,
                              "chat_rtt_ms": None, "whiteboard_synced": False, "relay_connected": False,
                              "rejoin_ms": None, "mesh3_connected": False}
    with tempfile.TemporaryDirectory(prefix="room-bench-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=MEDIA_ARGS)
        stack = start_room_stack(Path(tmp) / "stack")
        try:
            bare = [bare_call(browser, stack) for _ in range(rounds)]
            log(f"bare two-context call, each round (ms): {[round(b) for b in bare]}")
            result["bare_connected_ms"] = round(statistics.median(bare), 1)
            try:
                result.update(main_call(browser, stack, rounds, chat_samples))
            except PlaywrightError as exc:  # a timeout, or a round trip that never came back
                log(f"the two-peer call did not complete: {exc}")
            if result["join_to_connected_ms"] and result["bare_connected_ms"]:
                result["connect_ratio"] = round(result["join_to_connected_ms"] / result["bare_connected_ms"], 2)
            try:
                result["mesh3_connected"] = mesh3(browser, stack)
            except PlaywrightError as exc:  # a timeout, or a round trip that never came back
                log(f"the three-peer mesh did not connect: {exc}")
        finally:
            stack.stop()
        if turnserver_path() is None:
            log("coturn is not installed (make coturn): relay_connected stays false")
        else:
            turn = start_coturn(Path(tmp) / "coturn")
            relay = start_room_stack(Path(tmp) / "relay",
                                     env={**turn.app_environment(relay_only=True),
                                          "PEERLEARN_ICE_TRANSPORT_POLICY": "relay"})
            try:
                result["relay_connected"] = relay_call(browser, relay)
            except PlaywrightError as exc:  # a timeout, or a round trip that never came back
                log(f"the relay call did not connect: {exc}")
            finally:
                relay.stop()
                turn.stop()
        browser.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="fresh rooms joined; the figures are medians")
    parser.add_argument("--chat-samples", type=int, default=7)
    args = parser.parse_args()
    if not (REPO_ROOT / "frontend" / "dist" / "index.html").exists():
        log("frontend/dist is missing: run `make spa` first")
        return 2
    result = run(max(1, args.rounds), args.chat_samples)
    print(json.dumps(result))
    ok = (result["connected"] and result["bytes_received_both"] and result["whiteboard_synced"]
          and result["relay_connected"] and result["mesh3_connected"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
