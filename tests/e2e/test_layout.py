"""Layout measured in headless Chromium (bounding boxes, computed fonts): what jsdom cannot see."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_page


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
