"""Admin two-factor (RFC 6238 via pyotp). Each accepted code's time step is stored; a code is
accepted once — the update is conditional on the step being newer than the last one."""

from __future__ import annotations

import hmac

from pynamodb.exceptions import UpdateError

from chalicelib.accounts.models import User
from chalicelib.core import clock
from chalicelib.core.errors import InvalidCredentials

STEP = 30


def new_secret() -> str:
    import pyotp

    return str(pyotp.random_base32())


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def matching_step(secret: str, code: str, now: float) -> int | None:
    import pyotp

    totp = pyotp.TOTP(secret)
    current = int(now // STEP)
    for step in (current, current - 1, current + 1):  # one step of clock drift either way
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def verify_and_consume(user: User, code: str) -> None:
    if not user.totp_secret:
        raise InvalidCredentials("Two-factor authentication is not set up for this account.", code="invalid_code")
    step = matching_step(user.totp_secret, code, clock.now())
    if step is None:
        raise InvalidCredentials("That authenticator code is not right.", code="invalid_code")
    try:
        user.update(actions=[User.totp_last_step.set(step)], condition=User.totp_last_step < step)
    except UpdateError:
        raise InvalidCredentials("That authenticator code was already used. Wait for the next one.",
                                 code="invalid_code") from None
