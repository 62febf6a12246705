"""The Foundation issue's journey over real HTTP and a real WebSocket, against `python -m local`:
signup → code from the dev mailbox → verify → login → refresh → ws ticket → connect → a
notification pushed by the app arrives on the socket."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import pyotp
import pytest
import requests
import websockets

pytestmark = pytest.mark.integration

PASSWORD = "a long enough passphrase 42"


def api(stack: Any, method: str, path: str, body: Any = None, token: str | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, f"{stack.url}/api{path}", json=body, headers=headers, timeout=10)


def refresh_cookie(r: requests.Response) -> str:
    """The refresh token from the answer's own `Set-Cookie` line, checked as the browser will see it."""
    lines = [v for v in r.raw.headers.getlist("Set-Cookie") if v.startswith("peerlearn_refresh=")]
    assert len(lines) == 1, r.raw.headers
    attrs = [a.strip() for a in lines[0].split(";")]
    assert {"Path=/api/auth", "HttpOnly", "Secure", "SameSite=Strict"} <= set(attrs), lines[0]
    return attrs[0].partition("=")[2]


def cookie_call(stack: Any, path: str, cookie: str, origin: str | None = None) -> requests.Response:
    headers = {"Cookie": f"peerlearn_refresh={cookie}", "X-PeerLearn-CSRF": "1", "Origin": origin or stack.url}
    return requests.post(f"{stack.url}/api{path}", headers=headers, timeout=10)


def mailbox_code(stack: Any, email: str, poll: Any, subject_word: str) -> str:
    def code() -> str | None:
        mails = requests.get(f"{stack.url}/_dev/mailbox.json", params={"to": email}, timeout=5).json()
        for mail in mails:  # newest first
            if subject_word in mail["subject"] and mail["codes"]:
                return str(mail["codes"][0])
        return None

    return str(poll(code, timeout=15, message=f"a '{subject_word}' email to {email}"))


async def recv_until(sock: Any, predicate: Any, timeout: float = 10) -> dict[str, Any]:
    async def loop() -> dict[str, Any]:
        while True:
            msg = json.loads(await sock.recv())
            if predicate(msg):
                return msg

    return await asyncio.wait_for(loop(), timeout)


def test_signup_verify_login_refresh_and_a_live_bell(local_stack, poll):
    stack = local_stack
    email = f"flow-{uuid.uuid4().hex[:8]}@example.com"
    r = api(stack, "POST", "/auth/signup", {
        "role": "mentor", "name": "Meera Iyer", "email": email, "password": PASSWORD,
        "profile": {"domains": ["Design"], "skills": ["Figma"], "bio": "Product designer."}})
    assert r.status_code == 201, r.text

    code = mailbox_code(stack, email, poll, "verification")
    r = api(stack, "POST", "/auth/verify-email", {"email": email, "code": code})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["name"] == "Meera Iyer" and r.json()["user"]["role"] == "mentor"

    r = api(stack, "POST", "/auth/login", {"email": email, "password": PASSWORD})
    assert r.status_code == 200 and "refresh_token" not in r.json()
    first = refresh_cookie(r)
    # The refresh cookie, through the local gateway: a foreign Origin is refused and spends nothing.
    r = cookie_call(stack, "/auth/refresh", first, origin="https://evil.example")
    assert r.status_code == 403 and r.json()["error"] == "csrf_rejected"
    r = cookie_call(stack, "/auth/refresh", first)
    assert r.status_code == 200
    rotated = r.json()
    second = refresh_cookie(r)
    assert second != first
    assert cookie_call(stack, "/auth/refresh", first).status_code == 401
    # Reuse revoked the whole family, including the rotated token.
    assert cookie_call(stack, "/auth/refresh", second).status_code == 401

    r = api(stack, "GET", "/dashboard/mentor", token=rotated["access_token"])
    assert r.status_code == 200 and r.json()["me"]["email"] == email
    r = api(stack, "GET", "/dashboard/learner", token=rotated["access_token"])
    assert r.status_code == 403 and r.json()["message"] == "Access denied"

    r = api(stack, "POST", "/realtime/ticket", token=rotated["access_token"])
    assert r.status_code == 201
    ticket = r.json()
    user_id = rotated["user"]["user_id"]

    async def live_bell() -> dict[str, Any]:
        async with websockets.connect(f"{ticket['url']}?ticket={ticket['ticket']}", origin=stack.url) as sock:
            await sock.send(json.dumps({"action": "ping"}))
            await recv_until(sock, lambda m: m["type"] == "pong")
            await sock.send(json.dumps({"action": "subscribe", "channel": f"notifications:{user_id}"}))
            first = await recv_until(sock, lambda m: m["type"] == "unread_count")
            # Another device signs in: the app pushes a security notification to this socket.
            await asyncio.to_thread(api, stack, "POST", "/auth/login", {"email": email, "password": PASSWORD})
            pushed = await recv_until(sock, lambda m: m["type"] == "notification")
            return {"first": first, "pushed": pushed}

    got = asyncio.run(live_bell())
    assert got["pushed"]["notification"]["title"] == "New sign-in to your account"
    assert got["pushed"]["unread_count"] == got["first"]["unread_count"] + 1

    # The ticket was single use.
    async def reuse() -> Any:
        async with websockets.connect(f"{ticket['url']}?ticket={ticket['ticket']}", origin=stack.url) as sock:
            await sock.recv()

    with pytest.raises(websockets.ConnectionClosed) as closed:
        asyncio.run(reuse())
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4001


def test_password_reset_by_mailbox_code(local_stack, poll, sign_up):
    email, _ = sign_up(local_stack)
    assert api(local_stack, "POST", "/auth/password/forgot", {"email": email}).status_code == 202
    code = mailbox_code(local_stack, email, poll, "Reset")
    new = "another long passphrase 7"
    r = api(local_stack, "POST", "/auth/password/reset", {"email": email, "code": code, "new_password": new})
    assert r.status_code == 200, r.text
    assert api(local_stack, "POST", "/auth/login", {"email": email, "password": new}).status_code == 200


def test_admin_signs_in_with_password_and_totp(local_stack):
    admin = json.loads((local_stack.state_dir / "admin.json").read_text())
    r = api(local_stack, "POST", "/auth/login", {"email": admin["email"], "password": admin["password"]})
    assert r.status_code == 200 and r.json()["totp_required"] is True
    code = pyotp.TOTP(admin["totp_secret"]).now()
    r = api(local_stack, "POST", "/auth/login/totp", {"challenge": r.json()["challenge"], "code": code})
    assert r.status_code == 200, r.text
    token = r.json()["access_token"]
    r = api(local_stack, "GET", "/dashboard/admin", token=token)
    assert r.status_code == 200 and r.json()["users"]["admins"] >= 1
