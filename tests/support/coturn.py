"""A real TURN server for the tests: Debian's coturn (`turnserver`) on loopback, and a small STUN/TURN
client (RFC 5389 / 5766) to speak to it from Python.

`start_coturn(workdir)` starts coturn with the TURN REST shared-secret scheme (`use-auth-secret`,
`static-auth-secret`) on a free UDP/TCP port of 127.0.0.1, without TLS/DTLS, with its own log and
database files in `workdir`, and waits until it answers a STUN Binding request. The `coturn`
fixture in `tests/conftest.py` wraps it (session-scoped, killed at the end); the SPA's browser tests
use the same fixture and point the app at it with `Coturn.app_environment()`:

    PEERLEARN_TURN_URLS=turn:127.0.0.1:PORT?transport=udp  PEERLEARN_TURN_SECRET=...
    PEERLEARN_ICE_TRANSPORT_POLICY=relay

Install: `apt-get install -y coturn` (the Makefile's `coturn` target does it on CI).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import shutil
import socket
import struct
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

MAGIC = 0x2112A442
BINDING, ALLOCATE, REFRESH = 0x0001, 0x0003, 0x0004
SUCCESS, ERROR = 0x0100, 0x0110
ATTR_USERNAME, ATTR_MI, ATTR_ERROR, ATTR_LIFETIME = 0x0006, 0x0008, 0x0009, 0x000D
ATTR_REALM, ATTR_NONCE, ATTR_XOR_RELAYED, ATTR_TRANSPORT, ATTR_XOR_MAPPED = 0x0014, 0x0015, 0x0016, 0x0019, 0x0020
UDP = 17


def free_port() -> int:
    """A port free for both UDP and TCP on 127.0.0.1 (coturn listens on both)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.bind(("127.0.0.1", 0))
            port = int(u.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
                try:
                    t.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port
    raise RuntimeError("no free port")


# ---------- STUN / TURN messages ----------

def _attr(kind: int, value: bytes) -> bytes:
    pad = (4 - len(value) % 4) % 4
    return struct.pack("!HH", kind, len(value)) + value + b"\0" * pad


def _message(method: int, tid: bytes, attrs: list[tuple[int, bytes]], key: bytes | None = None) -> bytes:
    body = b"".join(_attr(k, v) for k, v in attrs)
    if key is None:
        return struct.pack("!HHI", method, len(body), MAGIC) + tid + body
    # MESSAGE-INTEGRITY covers the header with the length already counting the MI attribute (24 bytes)
    head = struct.pack("!HHI", method, len(body) + 24, MAGIC) + tid
    mac = hmac.new(key, head + body, hashlib.sha1).digest()
    return head + body + _attr(ATTR_MI, mac)


@dataclass
class StunReply:
    kind: int
    attrs: dict[int, bytes] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.kind & 0x0110 == SUCCESS

    @property
    def error_code(self) -> int | None:
        raw = self.attrs.get(ATTR_ERROR)
        if raw is None:
            return None
        return (raw[2] & 0x07) * 100 + raw[3]

    @property
    def error_reason(self) -> str:
        raw = self.attrs.get(ATTR_ERROR)
        return raw[4:].decode(errors="replace") if raw else ""

    def xor_address(self, kind: int) -> tuple[str, int] | None:
        raw = self.attrs.get(kind)
        if raw is None:
            return None
        port = struct.unpack("!H", raw[2:4])[0] ^ (MAGIC >> 16)
        ip = struct.unpack("!I", raw[4:8])[0] ^ MAGIC
        return socket.inet_ntoa(struct.pack("!I", ip)), port


def _parse(data: bytes, tid: bytes) -> StunReply:
    kind, length, cookie = struct.unpack("!HHI", data[:8])
    if cookie != MAGIC or data[8:20] != tid:
        raise ValueError("not our STUN answer")
    attrs: dict[int, bytes] = {}
    pos = 20
    while pos + 4 <= 20 + length:
        a_kind, a_len = struct.unpack("!HH", data[pos:pos + 4])
        attrs.setdefault(a_kind, data[pos + 4:pos + 4 + a_len])
        pos += 4 + a_len + (4 - a_len % 4) % 4
    return StunReply(kind, attrs)


class TurnClient:
    """Just enough TURN over UDP for a test: Binding, and Allocate with the long-term credential
    mechanism (401 with REALM and NONCE, then the request again with MESSAGE-INTEGRITY)."""

    def __init__(self, host: str, port: int, timeout: float = 2.0) -> None:
        self.server = (host, port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.settimeout(timeout)

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> TurnClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _ask(self, method: int, attrs: list[tuple[int, bytes]], key: bytes | None = None) -> StunReply:
        tid = secrets.token_bytes(12)
        self.sock.sendto(_message(method, tid, attrs, key), self.server)
        while True:
            data, _ = self.sock.recvfrom(4096)
            try:
                return _parse(data, tid)
            except ValueError:
                continue

    def binding(self) -> StunReply:
        return self._ask(BINDING, [])

    def allocate(self, username: str, password: str, lifetime: int = 60) -> StunReply:
        """Allocate a UDP relay with a TURN REST credential; returns the final answer."""
        transport = [(ATTR_TRANSPORT, bytes([UDP, 0, 0, 0]))]
        first = self._ask(ALLOCATE, transport)
        if first.ok or first.error_code != 401:
            return first
        realm, nonce = first.attrs[ATTR_REALM], first.attrs[ATTR_NONCE]
        key = hashlib.md5(f"{username}:{realm.decode()}:{password}".encode()).digest()
        attrs = [(ATTR_USERNAME, username.encode()), (ATTR_REALM, realm), (ATTR_NONCE, nonce),
                 *transport, (ATTR_LIFETIME, struct.pack("!I", lifetime))]
        reply = self._ask(ALLOCATE, attrs, key)
        if reply.ok:  # release the allocation at once (Refresh with lifetime 0)
            self._ask(REFRESH, [(ATTR_USERNAME, username.encode()), (ATTR_REALM, realm), (ATTR_NONCE, nonce),
                                (ATTR_LIFETIME, struct.pack("!I", 0))], key)
        return reply


# ---------- the server ----------

@dataclass
class Coturn:
    host: str
    port: int
    secret: str
    realm: str
    workdir: Path
    process: subprocess.Popen[bytes]

    @property
    def turn_url(self) -> str:
        return f"turn:{self.host}:{self.port}?transport=udp"

    @property
    def stun_url(self) -> str:
        return f"stun:{self.host}:{self.port}"

    def app_environment(self, relay_only: bool = True) -> dict[str, str]:
        """What the app needs to hand out this server (GET /rooms/{code}/ice-servers)."""
        env = {"PEERLEARN_TURN_URLS": self.turn_url, "PEERLEARN_TURN_SECRET": self.secret,
               "PEERLEARN_STUN_URLS": self.stun_url}
        if relay_only:
            env["PEERLEARN_ICE_TRANSPORT_POLICY"] = "relay"
        return env

    def log(self) -> str:
        path = self.workdir / "turnserver.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def turnserver_path() -> str | None:
    return shutil.which("turnserver") or next(
        (p for p in ("/usr/bin/turnserver", "/usr/sbin/turnserver") if os.path.exists(p)), None)


def start_coturn(workdir: Path, *, secret: str | None = None, realm: str = "peerlearn.test",
                 timeout: float = 10.0) -> Coturn:
    binary = turnserver_path()
    if binary is None:
        raise RuntimeError("coturn is not installed: apt-get install -y coturn (make coturn)")
    workdir.mkdir(parents=True, exist_ok=True)
    secret = secret or secrets.token_hex(16)
    port = free_port()
    args = [
        binary, "-n",  # no config file: everything is on this command line
        "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", f"--listening-port={port}",
        "--use-auth-secret", f"--static-auth-secret={secret}", f"--realm={realm}",
        "--no-tls", "--no-dtls", "--no-cli", "--fingerprint", "--allow-loopback-peers",
        "--min-port=49152", "--max-port=65535",
        f"--log-file={workdir / 'turnserver.log'}", "--simple-log", "--no-stdout-log",
        f"--pidfile={workdir / 'turnserver.pid'}", f"--db={workdir / 'turndb'}",
    ]
    process = subprocess.Popen(args, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    server = Coturn("127.0.0.1", port, secret, realm, workdir, process)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"turnserver exited with {process.returncode}:\n{server.log()[-3000:]}")
        try:
            with TurnClient(server.host, port, timeout=0.3) as c:
                if c.binding().ok:
                    return server
        except OSError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"turnserver did not answer within {timeout} s:\n{server.log()[-3000:]}")
