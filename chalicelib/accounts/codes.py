"""Emailed 6-digit one-time codes: stored as a keyed hash, 10-minute life, 5 attempts,
resend at most once a minute and 5 times an hour."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from pynamodb.exceptions import UpdateError

from chalicelib.accounts.models import OneTimeCode
from chalicelib.core import clock
from chalicelib.core.errors import InvalidCredentials, RateLimited
from chalicelib.core.settings import get_settings

CODE_TTL = 600
MAX_ATTEMPTS = 5
RESEND_GAP = 60
WINDOW = 3600
MAX_SENDS_PER_WINDOW = 5


def _hash(key: str, code: str) -> str:
    pepper = (get_settings().jwt_secret or "peerlearn").encode()
    return hmac.new(pepper, f"{key}|{code}".encode(), hashlib.sha256).hexdigest()


def _key(purpose: str, email: str) -> str:
    return f"{purpose}#{email}"


def issue(purpose: str, email: str, user_id: str) -> str:
    """Create or replace the code, enforcing the resend limits atomically. Returns the code."""
    key = _key(purpose, email)
    now = clock.now_int()
    code = f"{secrets.randbelow(1_000_000):06d}"
    try:
        existing = OneTimeCode.get(key, consistent_read=True)
    except OneTimeCode.DoesNotExist:
        existing = None
    if existing is None:
        item = OneTimeCode(key=key, user_id=user_id, code_hash=_hash(key, code), expires_at=now + CODE_TTL,
                           attempts=0, last_sent_at=now, window_start=now, sends_in_window=1,
                           expires_ttl=now + WINDOW + CODE_TTL)
        try:
            item.save(condition=OneTimeCode.key.does_not_exist())
        except Exception:
            raise RateLimited("A code was just sent. Please wait a minute.", retry_after=RESEND_GAP) from None
        return code
    wait = existing.last_sent_at + RESEND_GAP - now
    if wait > 0:
        raise RateLimited(f"Please wait {wait} seconds before asking for another code.", retry_after=wait)
    window_open = existing.window_start > now - WINDOW
    if window_open and existing.sends_in_window >= MAX_SENDS_PER_WINDOW:
        retry = existing.window_start + WINDOW - now
        raise RateLimited("Too many codes requested. Try again later.", retry_after=retry)
    sends = existing.sends_in_window + 1 if window_open else 1
    window_start = existing.window_start if window_open else now
    try:
        # Conditional on the value we read: two racing resends cannot both pass the limit.
        existing.update(
            actions=[OneTimeCode.code_hash.set(_hash(key, code)), OneTimeCode.expires_at.set(now + CODE_TTL),
                     OneTimeCode.attempts.set(0), OneTimeCode.last_sent_at.set(now),
                     OneTimeCode.window_start.set(window_start), OneTimeCode.sends_in_window.set(sends),
                     OneTimeCode.user_id.set(user_id), OneTimeCode.expires_ttl.set(now + WINDOW + CODE_TTL)],
            condition=OneTimeCode.last_sent_at == existing.last_sent_at,
        )
    except UpdateError:
        raise RateLimited("A code was just sent. Please wait a minute.", retry_after=RESEND_GAP) from None
    return code


def check(purpose: str, email: str, code: str) -> str:
    """Consume a correct code and return its user id; count a wrong one."""
    key = _key(purpose, email)
    now = clock.now_int()
    try:
        item = OneTimeCode.get(key, consistent_read=True)
    except OneTimeCode.DoesNotExist:
        raise InvalidCredentials("That code is not valid. Request a new one.", code="invalid_code") from None
    if item.expires_at <= now:
        raise InvalidCredentials("That code has expired. Request a new one.", code="invalid_code")
    try:
        item.update(actions=[OneTimeCode.attempts.add(1)], condition=OneTimeCode.attempts < MAX_ATTEMPTS)
    except UpdateError:
        raise RateLimited("Too many wrong codes. Request a new code.", retry_after=0) from None
    if not hmac.compare_digest(item.code_hash, _hash(key, code)):
        left = MAX_ATTEMPTS - item.attempts
        if left <= 0:
            raise RateLimited("Too many wrong codes. Request a new code.", retry_after=0)
        raise InvalidCredentials(f"That code is not right. {left} attempt(s) left.", code="invalid_code")
    try:
        # Consume: the code cannot be used twice, also not by two racing requests.
        item.update(actions=[OneTimeCode.expires_at.set(0)], condition=OneTimeCode.expires_at > now)
    except UpdateError:
        raise InvalidCredentials("That code was already used.", code="invalid_code") from None
    return item.user_id


