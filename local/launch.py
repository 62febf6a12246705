"""Start `python -m local` in a subprocess and wait for its ready file — shared by the integration
and browser tests and the benchmarks, which all need the real stack over real sockets."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def wait_for(check: Callable[[], T | None], *, timeout: float = 10.0, interval: float = 0.05,
             message: str = "condition") -> T:
    """Poll `check` until it returns something truthy; raise TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {message}")
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

    @property
    def api(self) -> str:
        return str(self.info["api_url"])

    def stdout(self) -> str:
        return (self.workdir / "stdout.txt").read_text(errors="replace")

    def stderr(self) -> str:
        path = self.workdir / "stderr.txt"
        return path.read_text(errors="replace") if path.exists() else ""

    def stderr_tail(self, chars: int = 3000) -> str:
        return self.stderr()[-chars:]

    def stop(self, timeout: float = 15.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return int(self.proc.returncode)


def start(workdir: Path, *extra_args: str, state_dir: Path | None = None, env: dict[str, str] | None = None,
          timeout: float = 45.0) -> LocalStackProcess:
    """Start the stack on free loopback ports (real PEERLEARN_*/AWS_*/RAZORPAY* settings are never inherited)."""
    workdir.mkdir(parents=True, exist_ok=True)
    ready = workdir / "ready.json"
    state = state_dir or workdir / "state"
    ready.unlink(missing_ok=True)
    # never real AWS or Razorpay settings: without RAZORPAY_KEY_ID the stack starts its Razorpay stand-in
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("PEERLEARN_", "AWS_", "RAZORPAY"))}
    full_env.update({"PYTHONUNBUFFERED": "1", **(env or {})})
    cmd = [sys.executable, "-m", "local", "--host", "127.0.0.1", "--port", "0", "--ws-port", "0",
           "--ready-file", str(ready), "--state-dir", str(state), *extra_args]
    with open(workdir / "stdout.txt", "wb") as out, open(workdir / "stderr.txt", "wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=out, stderr=err)
    stack = LocalStackProcess(proc=proc, workdir=workdir, ready_file=ready, state_dir=state)

    def ready_info() -> dict[str, Any] | None:
        if proc.poll() is not None:
            raise RuntimeError(f"the local stack exited with {proc.returncode}:\n{stack.stderr_tail(4000)}")
        try:
            data = json.loads(ready.read_text())
        except (OSError, ValueError):
            return None  # not written yet (it is written atomically, but be tolerant)
        return data if isinstance(data, dict) else None

    try:
        stack.info = wait_for(ready_info, timeout=timeout, message="the local stack's ready file")
    except BaseException:
        stack.stop()
        raise
    return stack
