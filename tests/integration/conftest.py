"""Integration tests: the local stack started for real (`python -m local`), spoken to over sockets.

`local_stack` (session-scoped) starts one stack on free ports with the test hooks enabled and waits
for its `--ready-file`; `start_local_stack(...)` starts extra ones for lifecycle tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from local.launch import ROOT, LocalStackProcess, start, wait_for

__all__ = ["ROOT", "LocalStackProcess", "start_local_stack", "wait_for"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "integration: starts the real local stack and talks to it over sockets")


def start_local_stack(workdir: Path, *extra_args: str, state_dir: Path | None = None,
                      env: dict[str, str] | None = None, timeout: float = 45.0) -> LocalStackProcess:
    """The stack with the test hooks (an extra SQS queue and schedule inside `local/`) enabled."""
    return start(workdir, *extra_args, state_dir=state_dir, env={"PEERLEARN_LOCAL_TEST_HOOKS": "1", **(env or {})},
                 timeout=timeout)


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
