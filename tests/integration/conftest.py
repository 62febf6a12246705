"""Integration tests: the local stack started for real (`python -m local`), spoken to over sockets.

`local_stack` (session-scoped) starts one stack on free ports with the test hooks enabled and waits
for its `--ready-file`; `start_local_stack(...)` starts extra ones for lifecycle tests.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "integration: starts the real local stack and talks to it over sockets")


def wait_for(check: Callable[[], T | None], *, timeout: float = 10.0, interval: float = 0.05,
             message: str = "condition") -> T:
    """Poll `check` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


@dataclass
class LocalStackProcess:
    proc: subprocess.Popen[bytes]
    workdir: Path
    ready_file: Path
    state_dir: Path
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return str(self.info["url"])

    def stdout(self) -> str:
        return (self.workdir / "stdout.txt").read_text(errors="replace")

    def stderr(self) -> str:
        return (self.workdir / "stderr.txt").read_text(errors="replace")

    def stop(self, timeout: float = 15.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return int(self.proc.returncode)


def start_local_stack(workdir: Path, *extra_args: str, state_dir: Path | None = None,
                      env: dict[str, str] | None = None, timeout: float = 45.0) -> LocalStackProcess:
    workdir.mkdir(parents=True, exist_ok=True)
    ready = workdir / "ready.json"
    state = state_dir or workdir / "state"
    ready.unlink(missing_ok=True)
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("PEERLEARN_", "AWS_"))}
    full_env.update({"PEERLEARN_LOCAL_TEST_HOOKS": "1", "PYTHONUNBUFFERED": "1", **(env or {})})
    cmd = [sys.executable, "-m", "local", "--port", "0", "--ws-port", "0", "--ready-file", str(ready),
           "--state-dir", str(state), *extra_args]
    with open(workdir / "stdout.txt", "wb") as out, open(workdir / "stderr.txt", "wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=out, stderr=err)
    stack = LocalStackProcess(proc=proc, workdir=workdir, ready_file=ready, state_dir=state)

    def ready_info() -> dict[str, Any] | None:
        if proc.poll() is not None:
            raise AssertionError(f"local stack exited with {proc.returncode}:\n{stack.stderr()[-4000:]}")
        if not ready.exists():
            return None
        try:
            data = json.loads(ready.read_text())
        except ValueError:
            return None  # written atomically, but be tolerant
        return data if isinstance(data, dict) else None

    try:
        stack.info = wait_for(ready_info, timeout=timeout, message="the local stack's ready file")
    except BaseException:
        stack.stop()
        raise
    return stack


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStackProcess]:
    workdir = tmp_path_factory.mktemp("local-stack")
    stack = start_local_stack(workdir, "--no-spa", "--schedule-max-interval", "0",
                              "--schedule-interval", "local_test_tick=0.3", "--sqs-retry-delay", "1")
    yield stack
    code = stack.stop()
    assert code == 0, f"local stack exited with {code}:\n{stack.stderr()[-4000:]}"


@pytest.fixture(scope="session")
def poll() -> Callable[..., Any]:
    """`poll(check, timeout=..., message=...)`: wait for a condition with a deadline, never a bare sleep."""
    return wait_for


@pytest.fixture(scope="session")
def stack_factory() -> Callable[..., LocalStackProcess]:
    """`stack_factory(workdir, *args, state_dir=None, env=None)`: start another local stack."""
    return start_local_stack


def sign_up_learner(stack: LocalStackProcess) -> tuple[str, str]:
    """Sign a new learner up through the API, read the code from the dev mailbox, verify.

    Returns (email, access token)."""
    import uuid

    import requests

    email = f"it-{uuid.uuid4().hex[:10]}@example.com"
    signup = requests.post(f"{stack.url}/api/auth/signup", timeout=10, json={
        "role": "learner", "name": "Integration Learner", "email": email,
        "password": "a long enough passphrase 42", "profile": {"interests": ["python"]}})
    assert signup.status_code == 201, signup.text

    def code() -> str | None:
        mails = requests.get(f"{stack.url}/_dev/mailbox.json", params={"to": email}, timeout=5).json()
        return mails[0]["codes"][0] if mails and mails[0]["codes"] else None

    verified = requests.post(f"{stack.url}/api/auth/verify-email", timeout=10,
                             json={"email": email, "code": wait_for(code, message="the verification email")})
    assert verified.status_code == 200, verified.text
    return email, str(verified.json()["access_token"])


@pytest.fixture(scope="session")
def sign_up() -> Callable[[LocalStackProcess], tuple[str, str]]:
    """`sign_up(stack) -> (email, access_token)` for a fresh, verified learner."""
    return sign_up_learner
