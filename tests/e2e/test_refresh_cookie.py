"""The refresh token is out of JavaScript's reach: an HttpOnly cookie, and the access token only in
memory. A reload still keeps the user signed in (the SPA refreshes silently through the cookie)."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, api_signup, sign_in, wait_for

READ_EVERYTHING_JS = """() => {
  const dump = (s) => Array.from({length: s.length}, (_, i) => [s.key(i), s.getItem(s.key(i))]);
  return {local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie};
}"""


def _refresh_cookie(page):
    [cookie] = [c for c in page.context.cookies() if c["name"] == "peerlearn_refresh"]
    return cookie


def _assert_unreadable(page, secret: str) -> None:
    seen = page.evaluate(READ_EVERYTHING_JS)
    assert secret not in str(seen), seen
    assert "peerlearn_refresh" not in seen["cookie"]
    keys = [key for key, _ in seen["local"] + seen["session"]]
    assert not [k for k in keys if "token" in k.lower() or k == "peerlearn.session"], keys


def test_page_javascript_cannot_read_the_refresh_token_and_a_reload_stays_signed_in(page, stack):
    email = f"cookie-{uuid.uuid4().hex[:6]}@example.com"
    api_signup(stack, "learner", email, "Meena Pillai", PASSWORD)
    calls: list[tuple[str, str, dict[str, str]]] = []
    page.on("request", lambda r: calls.append((r.method, r.url, r.headers)) if "/api/auth/" in r.url else None)

    sign_in(page, email, r"/dashboard/learner$")
    expect(page.get_by_role("heading", name=re.compile(r"Welcome, Meena"))).to_be_visible()

    # The browser holds it, as an HttpOnly, Secure, SameSite=Strict cookie scoped to /api/auth.
    cookie = _refresh_cookie(page)
    assert cookie["httpOnly"] is True and cookie["secure"] is True
    assert cookie["sameSite"] == "Strict" and cookie["path"] == "/api/auth"
    assert cookie["domain"] == "127.0.0.1" and cookie["expires"] > 0
    # ...and the page's JavaScript sees neither token: not in localStorage, sessionStorage or document.cookie.
    _assert_unreadable(page, cookie["value"])

    # A reload: the in-memory access token is gone, the SPA refreshes silently and stays signed in.
    calls.clear()
    page.reload()
    expect(page).to_have_url(re.compile(r"/dashboard/learner$"))
    expect(page.get_by_role("heading", name=re.compile(r"Welcome, Meena"))).to_be_visible()
    refreshes = [(m, u, h) for m, u, h in calls if u.endswith("/api/auth/refresh")]
    assert len(refreshes) == 1, calls
    assert refreshes[0][0] == "POST" and refreshes[0][2].get("x-peerlearn-csrf") == "1"
    rotated = _refresh_cookie(page)
    assert rotated["value"] != cookie["value"] and rotated["httpOnly"] is True
    _assert_unreadable(page, rotated["value"])

    # Page JavaScript cannot spend the cookie by itself without the CSRF header: refused, nothing changes.
    status = page.evaluate("() => fetch('/api/auth/refresh', {method: 'POST'}).then(r => r.status)")
    assert status == 403
    assert _refresh_cookie(page)["value"] == rotated["value"]
    page.reload()
    expect(page.get_by_role("heading", name=re.compile(r"Welcome, Meena"))).to_be_visible()

    # Log out: the API deletes the cookie, and a reload is signed out.
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("button", name="Get Started ➤").first).to_be_visible()
    wait_for(lambda: not [c for c in page.context.cookies() if c["name"] == "peerlearn_refresh"],
             timeout=10, message="the logout to delete the refresh cookie")
    page.goto("/dashboard/learner")
    expect(page).to_have_url(re.compile(r"/signup/learner"))
