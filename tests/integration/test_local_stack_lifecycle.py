"""Start-up, first admin, state directory, SPA serving and clean shutdown of `python -m local`."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyotp
import pytest
import requests

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def totp_code(state_dir: Path) -> str:
    out = subprocess.run([sys.executable, "-m", "local.totp", "--state-dir", str(state_dir)], cwd=ROOT,
                         capture_output=True, text=True, timeout=30, check=True)
    return out.stdout.strip()


def admin_login(stack: Any, email: str, password: str, code: str) -> dict[str, Any]:
    first = requests.post(f"{stack.url}/api/auth/login", timeout=10, json={"email": email, "password": password})
    assert first.status_code == 200, first.text
    assert first.json()["totp_required"] is True
    second = requests.post(f"{stack.url}/api/auth/login/totp", timeout=10,
                           json={"challenge": first.json()["challenge"], "code": code})
    assert second.status_code == 200, second.text
    return dict(second.json())


def moto_children(parent: int) -> list[int]:
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat_file.parent / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if int(fields[1]) == parent and b"local.moto_process" in cmdline:
            found.append(int(stat_file.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_moto_stops_when_the_stack_is_killed(tmp_path: Path, stack_factory: Callable[..., Any]) -> None:
    stack = stack_factory(tmp_path / "killed", "--no-spa")
    moto = moto_children(stack.proc.pid)
    assert len(moto) == 1
    stack.proc.kill()  # no clean shutdown: the child notices its parent is gone
    stack.proc.wait(10)
    deadline = time.monotonic() + 10
    while alive(moto[0]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(moto[0])


def make_dist(root: Path) -> Path:
    dist = root / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text('<!doctype html><title>PeerLearn SPA</title><script src="/assets/app-1.js">'
                                     "</script>")
    (dist / "assets" / "app-1.js").write_text("console.log('hi')")
    return dist


def test_first_admin_state_dir_spa_and_clean_shutdown(tmp_path: Path, stack_factory: Callable[..., Any]) -> None:
    state_dir = tmp_path / "state"
    dist = make_dist(tmp_path)
    stack = stack_factory(tmp_path / "one", "--spa-dir", str(dist), state_dir=state_dir)
    try:
        admin = json.loads((state_dir / "admin.json").read_text())
        assert admin["email"] == "admin@peerlearn.in"
        assert len(admin["password"]) >= 16
        for secret_file in ("admin.json", "jwt-secret"):
            assert stat.S_IMODE((state_dir / secret_file).stat().st_mode) == 0o600
        assert stat.S_IMODE(state_dir.stat().st_mode) == 0o700

        # the banner tells a human everything needed to sign in
        banner = stack.stdout()
        for needle in (stack.url, stack.info["mailbox_url"], admin["email"], admin["password"],
                       admin["totp_secret"], "otpauth://totp/", "python -m local.totp"):
            assert needle in banner

        code = totp_code(state_dir)
        now, totp = time.time(), pyotp.TOTP(admin["totp_secret"])
        assert code in {totp.at(now - 30), totp.at(now)}  # the code may have rolled over meanwhile
        tokens = admin_login(stack, admin["email"], admin["password"], code)
        assert tokens["user"]["role"] == "admin"

        # the built SPA, with history fallback and long-lived hashed assets
        index = requests.get(f"{stack.url}/sessions/abc", timeout=5)
        assert index.status_code == 200 and "PeerLearn SPA" in index.text
        assert index.headers["Cache-Control"] == "no-cache"
        asset = requests.get(f"{stack.url}/assets/app-1.js", timeout=5)
        assert asset.status_code == 200 and asset.headers["Content-Type"].startswith("text/javascript")
        assert "immutable" in asset.headers["Cache-Control"]
        assert requests.get(f"{stack.url}/assets/nope.js", timeout=5).status_code == 404
        assert requests.get(f"{stack.url}/../../etc/passwd", timeout=5).status_code in (200, 404)
        assert "root:" not in requests.get(f"{stack.url}/%2e%2e/%2e%2e/etc/passwd", timeout=5).text
        moto = moto_children(stack.proc.pid)
        assert len(moto) == 1  # the local AWS runs in a process of its own
    finally:
        started = time.monotonic()
        code_on_exit = stack.stop()
    assert code_on_exit == 0, stack.stderr()[-3000:]
    assert time.monotonic() - started < 8
    assert not stack.ready_file.exists()
    assert not alive(moto[0])  # and stops with the stack

    # a second start reuses the same admin credentials and JWT secret; an admin.json from an
    # earlier version (admin@peerlearn.local, which the app's email validation refuses) is migrated
    jwt_secret = (state_dir / "jwt-secret").read_text()
    (state_dir / "admin.json").write_text(json.dumps({**admin, "email": "admin@peerlearn.local"}))
    again = stack_factory(tmp_path / "two", "--no-spa", state_dir=state_dir)
    try:
        assert json.loads((state_dir / "admin.json").read_text()) == admin
        assert stat.S_IMODE((state_dir / "admin.json").stat().st_mode) == 0o600
        assert (state_dir / "jwt-secret").read_text() == jwt_secret
        tokens = admin_login(again, admin["email"], admin["password"], pyotp.TOTP(admin["totp_secret"]).now())
        assert tokens["user"]["email"] == "admin@peerlearn.in"
    finally:
        assert again.stop() == 0
