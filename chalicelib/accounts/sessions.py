"""Refresh tokens: stored hashed, rotated on every use, grouped in families.

Presenting a spent token means it leaked (or a client raced itself): the whole family is revoked.
"""

from __future__ import annotations

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.accounts.models import RefreshToken, TokenFamily
from chalicelib.core import clock
from chalicelib.core.errors import InvalidCredentials
from chalicelib.core.ids import new_id, new_secret, sha256_hex
from chalicelib.core.models import tx_connection
from chalicelib.core.settings import get_settings


def start_family(user_id: str) -> str:
    """A new login: a new family and its first refresh token."""
    now = clock.now_int()
    ttl = get_settings().refresh_token_ttl
    family = TokenFamily(family_id=new_id(), user_id=user_id, revoked=False, created_at=now, expires_at=now + ttl)
    token = new_secret(32)
    with TransactWrite(connection=tx_connection()) as tx:
        tx.save(family, condition=TokenFamily.family_id.does_not_exist())
        tx.save(RefreshToken(token_hash=sha256_hex(token), family_id=family.family_id, user_id=user_id,
                             spent=False, created_at=now, expires_at=now + ttl))
    return token


def revoke_family(family_id: str, reason: str) -> None:
    TokenFamily(family_id=family_id).update(
        actions=[TokenFamily.revoked.set(True), TokenFamily.revoked_reason.set(reason)]
    )


def rotate(token: str) -> tuple[str, str, int]:
    """Spend `token`, return (user_id, new_token, expires_at). Reuse revokes the family.

    The family's absolute expiry does not move: rotation never extends a login."""
    invalid = InvalidCredentials("Your session has ended. Please sign in again.", code="invalid_token",
                                 auth_flow="login")
    now = clock.now_int()
    try:
        old = RefreshToken.get(sha256_hex(token), consistent_read=True)
    except RefreshToken.DoesNotExist:
        raise invalid from None
    try:
        family = TokenFamily.get(old.family_id, consistent_read=True)
    except TokenFamily.DoesNotExist:
        raise invalid from None
    if family.revoked or old.expires_at <= now or family.expires_at <= now:
        raise invalid
    if old.spent:
        revoke_family(old.family_id, "reuse")
        raise invalid
    new_token = new_secret(32)
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(old, actions=[RefreshToken.spent.set(True)], condition=RefreshToken.spent == False)  # noqa: E712
            tx.condition_check(TokenFamily, old.family_id, condition=TokenFamily.revoked == False)  # noqa: E712
            tx.save(RefreshToken(token_hash=sha256_hex(new_token), family_id=old.family_id, user_id=old.user_id,
                                 spent=False, created_at=now, expires_at=family.expires_at))
    except TransactWriteError:
        # Lost a race with another use of the same token: that is reuse.
        revoke_family(old.family_id, "reuse")
        raise invalid from None
    return old.user_id, new_token, int(family.expires_at)


def logout(token: str) -> None:
    try:
        old = RefreshToken.get(sha256_hex(token), consistent_read=True)
    except RefreshToken.DoesNotExist:
        return
    revoke_family(old.family_id, "logout")


def revoke_all(user_id: str) -> int:
    count = 0
    for fam in TokenFamily.by_user.query(user_id, filter_condition=TokenFamily.revoked == False):  # noqa: E712
        revoke_family(fam.family_id, "password_reset")
        count += 1
    return count
