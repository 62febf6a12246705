"""Layout measured in headless Chromium (bounding boxes, computed fonts): what jsdom cannot see."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_page

expect.set_options(timeout=20_000)  # two shared cores, several sessions: give the lazy routes time


@pytest.mark.parametrize("width", [360, 390, 640, 768, 1024, 1280])
def test_wizard_step_chips_stay_on_one_line(browser: Any, stack: Any, width: int) -> None:
    with open_page(browser, stack) as page:
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/signup/mentor", "/signup/learner"):
            page.goto(path)
            chips = page.get_by_test_id("wizard-steps").get_by_role("listitem")
            expect(chips.first).to_be_visible()
            boxes = [chips.nth(i).bounding_box() for i in range(chips.count())]
            row = page.get_by_test_id("wizard-steps").bounding_box()
            assert row and all(boxes), path
            line = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('[data-testid=wizard-steps] li')).lineHeight)")
            for b in boxes:
                assert b["height"] <= line + 12 + 1, (path, width, b)  # one line of text + py-1
                assert abs(b["y"] - boxes[0]["y"]) < 1, (path, width, boxes)  # one row
            assert boxes[-1]["x"] + boxes[-1]["width"] <= row["x"] + row["width"] + 0.5, (path, width, boxes, row)
            assert chips.first.get_attribute("aria-current") == "step"


def test_inter_is_self_hosted_and_used(page: Page) -> None:
    fonts: list[str] = []
    page.on("response", lambda r: fonts.append(r.url) if r.url.endswith(".woff2") else None)
    page.goto("/login")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.evaluate("() => document.fonts.ready")
    loaded = page.evaluate(
        "() => [...document.fonts].filter(f => f.status === 'loaded').map(f => [f.family, f.display])")
    assert ["Inter Variable", "swap"] in [list(x) for x in loaded], loaded
    assert fonts and all(u.startswith(page.url.split("/login")[0]) for u in fonts), fonts  # same origin
    family = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Inter Variable"'), family


# ---------- a phone: 390×844 ----------

PHONE = {"width": 390, "height": 844}

# Every visible control outside running text: its box (≥ 44×44 unless inline in a sentence) and
# whether another element covers its centre.
TAP_AUDIT = """(scope) => {
  const root = scope ? document.querySelector(scope) : document
  // Page content scrolls under the sticky header and the fixed bottom nav: those bands are off-screen for it.
  const chrome = [...document.querySelectorAll('header, nav[aria-label=Primary]')].filter(
    (n) => ['sticky', 'fixed'].includes(getComputedStyle(n).position))
  const band = (y) => chrome.find((n) => { const b = n.getBoundingClientRect(); return y >= b.top && y <= b.bottom })
  const out = []
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, [role=button], [role=tab], [role=switch]'
  for (const el of root.querySelectorAll(sel)) {
    const box = (el.type === 'checkbox' || el.type === 'radio') && el.labels?.[0] ? el.labels[0] : el
    const r = box.getBoundingClientRect()
    const style = getComputedStyle(el)
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || style.opacity === '0') continue
    if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) continue
    if (el.closest('[aria-hidden=true], .sr-only')) continue
    const inline = style.display === 'inline' && el.closest('p, li, dd, span') !== null  // a link inside a sentence
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1)
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1)
    const under = band(y)
    if (under && !under.contains(el)) continue
    const top = document.elementFromPoint(x, y)
    const covered = !(top && (box === top || box.contains(top) || top.contains(box) || el.contains(top)))
    out.push({name: (el.getAttribute('aria-label') || el.textContent || el.name || el.id || el.tagName).trim().slice(0, 40),
              w: r.width, h: r.height, inline, covered, tag: el.tagName,
              by: covered && top ? top.outerHTML.slice(0, 160) : null})
  }
  return out
}"""


def settle(page: Page) -> None:
    """Loads answered, loading overlays gone, no animation running."""
    for _ in range(3):  # a slow load (> 3 s on a busy machine) can bring the spinner back once more
        expect(page.get_by_test_id("fullscreen-spinner")).to_have_count(0, timeout=20_000)
        page.wait_for_timeout(700)
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running'"
                           " || a.effect?.getComputedTiming().iterations === Infinity)")


def stable_box(page: Page, locator: Any) -> Any:
    """The box once it stops moving (sheets slide up)."""
    last = None
    for _ in range(40):
        box = locator.bounding_box()
        if box and box == last:
            return box
        last = box
        page.wait_for_timeout(100)
    return last


def audit(page: Page, where: str, scope: str | None = None) -> None:
    """`scope`: a modal's selector (what lies behind a modal is inert, not \"covered\")."""
    settle(page)
    found = page.evaluate(TAP_AUDIT, scope)
    if any(c["by"] and "fullscreen-spinner" in c["by"] for c in found):  # a load outlasted the wait: once more
        settle(page)
        found = page.evaluate(TAP_AUDIT, scope)
    if any(c["covered"] and c["by"] and "Dismiss notification" in c["by"] for c in found):
        # a live toast (e.g. the sign-in notice pushed over the WebSocket) sits over the page for a
        # few seconds by design; dismiss it and measure the layout itself
        for button in page.get_by_role("button", name="Dismiss notification").all():
            button.click()
        settle(page)
        found = page.evaluate(TAP_AUDIT, scope)
    fields = ("INPUT", "TEXTAREA", "SELECT")  # full-width fields: only their height matters
    small = [c for c in found if not c["inline"] and (c["h"] < 43.5 or (c["w"] < 43.5 and c["tag"] not in fields))]
    covered = [c for c in found if c["covered"]]
    assert small == [], f"{where}: tap targets under 44 px: {small}"
    assert covered == [], f"{where}: covered controls: {covered}"




def test_phone_tap_targets_sheet_and_profile(browser: Any, stack: Any) -> None:
    import uuid

    import requests as http

    from tests.e2e.conftest import PASSWORD, api_signup, sign_in

    mentor = api_signup(stack, "mentor", f"m-{uuid.uuid4().hex[:8]}@example.com", "Ravi Kumar", PASSWORD)
    learner_email = f"l-{uuid.uuid4().hex[:8]}@example.com"
    api_signup(stack, "learner", learner_email, "Asha Rao", PASSWORD)
    from datetime import UTC, datetime, timedelta

    start = (datetime.now(UTC) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    r = http.post(f"{stack.url}/api/sessions", timeout=10, headers={"Authorization": f"Bearer {mentor['access_token']}"},
                  json={"title": "Phone-sized algebra: quadratic equations, factorising and the formula, step by step",
                        "description": "Equations, step by step.",
                        "topics": ["Algebra", "Quadratic equations", "Polynomials", "Factorising", "Completing the square",
                                   "The discriminant", "Graphs of parabolas", "Word problems"],
                        "category": "Mathematics", "starts_at": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "duration_min": 60, "price_paise": 49_900, "seats": 3, "requires_approval": True})
    assert r.status_code == 201, r.text
    session_id = r.json()["session_id"]

    with open_page(browser, stack) as page:
        page.set_viewport_size(PHONE)
        sign_in(page, learner_email, r"/dashboard/learner$")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        audit(page, "learner home")
        logo = page.get_by_role("link", name="PeerLearn home").first.bounding_box()
        assert logo and logo["width"] >= 44 and logo["height"] >= 44, logo
        mine = page.get_by_role("link", name="My activity", exact=True).first.bounding_box()
        assert mine and mine["height"] >= 44, mine
        badge_px = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('[data-testid=bell-count]')).fontSize)")
        assert badge_px >= 14, badge_px

        # The booking sheet: "Confirm ➤" in view without scrolling, and not covered.
        page.goto(f"/sessions/{session_id}?book=1")
        sheet = page.get_by_test_id("bottom-sheet")
        confirm = sheet.get_by_role("button", name="Confirm ➤")
        expect(confirm).to_be_enabled(timeout=30_000)  # a busy machine: the page and its policy load first
        settle(page)
        box = stable_box(page, confirm)
        overflow = page.evaluate("() => { const c = document.querySelector('[data-testid=bottom-sheet]').children[1];"
                                 " return c.scrollHeight - c.clientHeight }")
        assert overflow > 0, "the sheet's content should be longer than the sheet for this check"
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
        assert page.evaluate("""() => {
            const b = [...document.querySelectorAll('[data-testid=bottom-sheet] button')].find(x => x.textContent.includes('Confirm'))
            const r = b.getBoundingClientRect()
            return b.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2))
        }""")
        audit(page, "booking sheet", "[data-testid=bottom-sheet]")
        sheet.get_by_role("button", name="Close").click()

        # The profile: "Save changes" never covers the Name field, wherever the page is scrolled.
        page.goto("/profile")
        name = page.get_by_label("Name", exact=True)
        expect(name).to_be_visible()
        save = page.get_by_role("button", name="Save changes")
        for scroll in (0, 200, 400, 10_000):
            page.evaluate(f"window.scrollTo(0, {scroll})")
            page.wait_for_timeout(100)
            a, b = name.bounding_box(), save.bounding_box()
            assert a and b
            overlap = not (a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
                           or a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"])
            in_view = a["y"] < PHONE["height"] and a["y"] + a["height"] > 0
            assert not (overlap and in_view), (scroll, a, b)
        page.evaluate("window.scrollTo(0, 0)")
        audit(page, "profile")
