"""Render frame 0 of the landing's Lottie hero to a static SVG (the picture shown until, or instead
of, the animation: frontend/src/features/landing/assets/hero-first-frame.svg).

    .venv/bin/python tools/hero_first_frame.py

Uses lottie-web's own light SVG renderer in headless Chromium, so the still matches the first frame
the animation paints. Rerun after changing hero-animation.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

FRONTEND = Path(__file__).resolve().parents[1] / "frontend"
ANIMATION = FRONTEND / "src/features/landing/assets/hero-animation.json"
OUT = ANIMATION.with_name("hero-first-frame.svg")
PLAYER = FRONTEND / "node_modules/lottie-web/build/player/lottie_light.min.js"


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.set_content('<div id="box" style="width:480px;height:360px"></div>')
        page.add_script_tag(content=PLAYER.read_text(encoding="utf-8"))
        svg = page.evaluate(
            """(data) => {
                const anim = lottie.loadAnimation({container: document.getElementById('box'), renderer: 'svg',
                    loop: false, autoplay: false, animationData: data});
                anim.goToAndStop(0, true);
                const svg = document.querySelector('#box svg');
                svg.removeAttribute('style');
                svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
                return svg.outerHTML;
            }""",
            json.loads(ANIMATION.read_text(encoding="utf-8")),
        )
        browser.close()
    # lottie's ids are random per load: give them stable names so a rerun gives the same file
    ids = dict.fromkeys(re.findall(r'id="([^"]+)"', svg))
    for i, old in enumerate(ids):
        svg = svg.replace(f'"{old}"', f'"f{i}"').replace(f"#{old})", f"#f{i})")
    svg = re.sub(r'\s(?:width|height)="[^"]*"', "", svg, count=2)  # sized by its box (viewBox keeps the ratio)
    OUT.write_text(svg + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(FRONTEND.parent)}: {len(svg)} bytes")


if __name__ == "__main__":
    main()
