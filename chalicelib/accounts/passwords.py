"""Password policy and argon2id hashing (argon2-cffi; its defaults are argon2id, RFC 9106 low-memory)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

MIN_LENGTH = 10
MAX_LENGTH = 200


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(line.strip().lower() for line in path.read_text().splitlines() if line.strip())


def password_problem(password: str) -> str | None:
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in _common() or len(set(lowered)) <= 2:
        return "This password is too common. Choose something harder to guess."
    if lowered in ("0123456789" * 3) or lowered in ("9876543210" * 3) or lowered in "abcdefghijklmnopqrstuvwxyz":
        return "This password is too common. Choose something harder to guess."
    return None


@lru_cache(maxsize=1)
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def verify_password(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return bool(_hasher().verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return bool(_hasher().check_needs_rehash(password_hash))


_DUMMY: str | None = None


def burn_time(password: str) -> None:
    """Verify against a dummy hash so unknown emails cost as much time as known ones."""
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = hash_password("dummy-password-for-timing")
    verify_password(_DUMMY, password)
