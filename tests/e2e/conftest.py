"""Browser tests: headless Debian Chromium (Playwright, never a downloaded browser) against the
real local stack serving the built SPA."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.integration.conftest import LocalStackProcess, start_local_stack, wait_for

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


# Package scope: Playwright's sync API runs an event loop on the main thread until it is closed;
# it must be gone before other packages' tests call asyncio.run().
@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStackProcess]:
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        raise AssertionError("frontend/dist is missing: run `make spa` (make test does) before the browser tests")
    s = start_local_stack(tmp_path_factory.mktemp("e2e-stack"))
    yield s
    s.stop()


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"],
        )
        yield b
        b.close()


@contextmanager
def open_page(browser: Any, stack: LocalStackProcess) -> Iterator[Any]:
    """A page in its own browser context (own cookies, storage, WebSocket); uncaught page errors fail."""
    ctx = browser.new_context(base_url=stack.url, viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    ctx.close()
    assert errors == [], f"uncaught page errors: {errors}"


@pytest.fixture
def page(browser: Any, stack: LocalStackProcess) -> Iterator[Any]:
    with open_page(browser, stack) as pg:
        yield pg


@pytest.fixture
def second_page(browser: Any, stack: LocalStackProcess) -> Iterator[Any]:
    """Another person on another device (own cookies, storage and WebSocket)."""
    with open_page(browser, stack) as pg:
        yield pg


PASSWORD = "a long enough passphrase 42"


def sign_in(page: Any, email: str, lands_on: str, password: str = PASSWORD) -> None:
    import re

    from playwright.sync_api import expect

    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(lands_on))


def mailbox_code(stack: LocalStackProcess, email: str, after: float = 0.0) -> str:
    def find() -> str | None:
        mails = requests.get(f"{stack.url}/_dev/mailbox.json", params={"to": email}, timeout=5).json()
        for mail in mails:
            if mail["codes"]:
                return str(mail["codes"][0])
        return None

    return str(wait_for(find, timeout=15, message=f"a code emailed to {email}"))


def admin_credentials(stack: LocalStackProcess) -> dict[str, str]:
    data = json.loads((stack.state_dir / "admin.json").read_text())
    return {"email": data["email"], "password": data["password"], "secret": data["totp_secret"]}


def api_signup(stack: LocalStackProcess, role: str, email: str, name: str, password: str) -> dict[str, Any]:
    profile = ({"interests": ["Python"], "career_goal": "Engineer"} if role == "learner"
               else {"domains": ["Programming"], "skills": ["Python"]})
    r = requests.post(f"{stack.url}/api/auth/signup", timeout=10, json={
        "role": role, "name": name, "email": email, "password": password, "profile": profile})
    assert r.status_code == 201, r.text
    r = requests.post(f"{stack.url}/api/auth/verify-email", timeout=10,
                      json={"email": email, "code": mailbox_code(stack, email)})
    assert r.status_code == 200, r.text
    return dict(r.json())


