"""The state directory: secrets that must survive restarts (JWT secret, first admin).

Everything else (tables, queues, mail) lives in moto's memory and is gone when the stack stops.
Files holding secrets are written with mode 600, the directory with mode 700, and the directory
ignores itself for git (`.gitignore` containing `*`).
"""

from __future__ import annotations

import json
import os
import secrets
import string
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

ADMIN_FILE = "admin.json"
JWT_SECRET_FILE = "jwt-secret"
# The app validates addresses with email-validator, which rejects special-use domains such as
# `.local`; an admin created as admin@peerlearn.local could never sign in.
DEFAULT_ADMIN_EMAIL = "admin@peerlearn.in"
LEGACY_ADMIN_EMAILS = frozenset({"admin@peerlearn.local"})
DEFAULT_STATE_DIR = ".local"


def ensure_state_dir(path: Path) -> Path:
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    ignore = path / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# local stack state: secrets, never commit\n*\n")
    return path


def write_secret_file(path: Path, text: str) -> None:
    """Atomically write `text` to `path` with mode 600 (never briefly world-readable)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_secret_file(path: Path) -> str | None:
    if not path.exists():
        return None
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)  # tighten a copy made with a loose umask
    return path.read_text(encoding="utf-8")


def load_or_create_jwt_secret(state_dir: Path) -> str:
    path = state_dir / JWT_SECRET_FILE
    existing = read_secret_file(path)
    if existing and existing.strip():
        return existing.strip()
    value = secrets.token_urlsafe(48)
    write_secret_file(path, value + "\n")
    return value


def generate_password(length: int = 20) -> str:
    """A strong random password: letters, digits and a few symbols, at least one of each kind."""
    alphabet = string.ascii_letters + string.digits + "-_.!@#%"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if (any(c.islower() for c in candidate) and any(c.isupper() for c in candidate)
                and any(c.isdigit() for c in candidate) and any(not c.isalnum() for c in candidate)):
            return candidate


@dataclass(frozen=True)
class AdminCredentials:
    email: str
    password: str
    totp_secret: str
    created_at: int

    def otpauth_uri(self, issuer: str = "PeerLearn") -> str:
        import pyotp

        return str(pyotp.TOTP(self.totp_secret).provisioning_uri(name=self.email, issuer_name=issuer))

    def current_code(self, at: float | None = None) -> str:
        import pyotp

        return str(pyotp.TOTP(self.totp_secret).at(time.time() if at is None else at))


def _parse_admin(data: Any) -> AdminCredentials | None:
    if not isinstance(data, dict):
        return None
    email, password, secret = data.get("email"), data.get("password"), data.get("totp_secret")
    if not (isinstance(email, str) and isinstance(password, str) and isinstance(secret, str)):
        return None
    if not (email and password and secret):
        return None
    created = data.get("created_at")
    return AdminCredentials(email=email, password=password, totp_secret=secret,
                            created_at=created if isinstance(created, int) else 0)


def load_admin(state_dir: Path) -> AdminCredentials | None:
    raw = read_secret_file(state_dir / ADMIN_FILE)
    if raw is None:
        return None
    try:
        return _parse_admin(json.loads(raw))
    except ValueError:
        return None


def load_or_create_admin(state_dir: Path, email: str = DEFAULT_ADMIN_EMAIL) -> tuple[AdminCredentials, bool]:
    """The first admin's credentials, generated once and reused on later starts.

    Returns (credentials, created). There is no default password: a new one is random."""
    existing = load_admin(state_dir)
    if existing is not None and existing.email in LEGACY_ADMIN_EMAILS and email not in LEGACY_ADMIN_EMAILS:
        # an earlier version's default that the app cannot accept: keep password and secret, move the email
        existing = replace(existing, email=email.strip().lower())
        write_secret_file(state_dir / ADMIN_FILE, json.dumps(asdict(existing), indent=2) + "\n")
    if existing is not None:
        return existing, False
    import pyotp

    creds = AdminCredentials(email=email.strip().lower(), password=generate_password(),
                             totp_secret=pyotp.random_base32(), created_at=int(time.time()))
    write_secret_file(state_dir / ADMIN_FILE, json.dumps(asdict(creds), indent=2) + "\n")
    return creds, True
