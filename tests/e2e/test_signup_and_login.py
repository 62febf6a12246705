"""A visitor's first minutes, in headless Chromium against the real local stack."""

from __future__ import annotations

import base64
import re
import uuid

import pyotp
import requests
from playwright.sync_api import expect

from tests.e2e.conftest import admin_credentials, api_signup, mailbox_code

# A real 1×1 PNG, uploaded through the presigned S3 POST.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PASSWORD = "a long enough passphrase 42"


def test_learner_completes_the_wizard_and_lands_on_their_dashboard(page, stack, tmp_path):
    email = f"asha-{uuid.uuid4().hex[:6]}@gmial.com"
    picture = tmp_path / "me.png"
    picture.write_bytes(PNG)

    page.goto("/")
    page.get_by_role("button", name="Get Started ➤").first.click()
    page.get_by_role("button", name="I'm a Learner").click()
    expect(page).to_have_url(re.compile(r"/signup/learner"))
    progress = page.get_by_role("progressbar", name="Signup progress")
    expect(progress).to_have_attribute("aria-valuemax", "4")

    # Step 1: real-time validation and the email-domain typo hint.
    page.get_by_label("Name").fill("Asha Rao")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password", exact=True).press("Tab")
    expect(page.get_by_text(re.compile(r"Use at least 10 characters"))).to_be_visible()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Did you mean gmail.com?").click()
    email = email.replace("gmial.com", "gmail.com")
    expect(page.get_by_label("Email")).to_have_value(email)
    page.get_by_role("button", name="Next").click()
    expect(progress).to_have_attribute("aria-valuenow", "2")

    # Step 2: autocomplete "Pyth" → Python. The draft survives a reload.
    page.get_by_role("combobox", name="Interests").fill("Pyth")
    page.get_by_role("option", name="Python").click()
    expect(page.get_by_role("button", name="Remove Python")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Remove Python")).to_be_visible()
    expect(progress).to_have_attribute("aria-valuenow", "2")
    page.get_by_role("button", name="Next").click()

    # Step 3 and 4.
    page.get_by_label("Career goal").fill("Become a data scientist")
    page.get_by_role("button", name="Next").click()
    expect(progress).to_have_attribute("aria-valuenow", "4")
    page.get_by_label("Profile picture").set_input_files(str(picture))
    page.get_by_role("button", name="Create account").click()

    # The password is never stored in the draft, so after the reload the wizard asks for it again.
    expect(page.get_by_text("please type it again")).to_be_visible()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    for _ in range(3):
        page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Create account").click()

    # Now the emailed code, from the local stack's dev mailbox:
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_role("link", name="Open the dev mailbox")).to_be_visible()
    page.get_by_label("Verification code").fill(mailbox_code(stack, email))
    page.get_by_role("button", name="Verify").click()

    expect(page).to_have_url(re.compile(r"/dashboard/learner$"))
    expect(page.get_by_role("heading", name=re.compile(r"Welcome, Asha"))).to_be_visible()
    # The welcome notification reached the bell.
    expect(page.get_by_test_id("bell-count")).to_have_text("1")
    # Signed in through the cookie, with nothing about the session in page-readable storage.
    assert any(c["name"] == "peerlearn_refresh" and c["httpOnly"] for c in page.context.cookies())
    storage = page.evaluate("() => JSON.stringify([localStorage, sessionStorage, document.cookie])")
    assert "access" not in storage.lower() and "refresh" not in storage.lower()
    # The avatar went to S3 through the presigned POST and is attached to the profile.
    me_avatar = page.locator("img[src*='uploads/']").first
    expect(me_avatar).to_be_visible()


def test_admin_signs_in_with_password_and_totp(page, stack):
    admin = admin_credentials(stack)
    page.goto("/dashboard/admin")
    expect(page).to_have_url(re.compile(r"/login\?admin=1"))
    page.get_by_label("Email").fill(admin["email"])
    page.get_by_label("Password", exact=True).fill(admin["password"])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Authenticator code").fill(pyotp.TOTP(admin["secret"]).now())
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/dashboard/admin$"))
    expect(page.get_by_role("heading", name=re.compile(r"Welcome"))).to_be_visible()


def _sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_another_roles_dashboard_says_access_denied_and_redirects(page, stack):
    email = f"mentor-{uuid.uuid4().hex[:6]}@example.com"
    api_signup(stack, "mentor", email, "Vikram Shah", PASSWORD)
    _sign_in(page, email)
    expect(page).to_have_url(re.compile(r"/dashboard/mentor$"))
    expect(page.get_by_role("heading", name=re.compile(r"Welcome, Vikram"))).to_be_visible()
    page.goto("/dashboard/learner")
    expect(page.get_by_text("Access denied")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/dashboard/mentor$"))


def test_anonymous_visitors_go_to_the_right_auth_flow(page):
    for path, target in [("/dashboard/learner", r"/signup/learner"), ("/dashboard/mentor", r"/signup/mentor"),
                         ("/dashboard/admin", r"/login\?admin=1")]:
        page.goto(path)
        expect(page).to_have_url(re.compile(target))


def test_bell_updates_in_real_time_and_logout_ends_the_session(page, stack):
    email = f"bell-{uuid.uuid4().hex[:6]}@example.com"
    api_signup(stack, "learner", email, "Kiran Das", PASSWORD)
    _sign_in(page, email)
    expect(page).to_have_url(re.compile(r"/dashboard/learner$"))
    bell = page.get_by_test_id("bell-count")
    expect(bell).to_have_text("2")  # welcome + this sign-in
    # Another device signs in: the server pushes a notification over the WebSocket.
    r = requests.post(f"{stack.url}/api/auth/login", json={"email": email, "password": PASSWORD}, timeout=10)
    assert r.status_code == 200
    expect(bell).to_have_text("3")
    page.get_by_role("button", name="Notifications").click()
    expect(page.get_by_text("New sign-in to your account").first).to_be_visible()

    # Log out, then the dashboard needs a sign-in again.
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto("/dashboard/learner")
    expect(page).to_have_url(re.compile(r"/signup/learner"))
