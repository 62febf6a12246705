"""Accounts: signup, email verification, login (+ admin TOTP), token refresh, password reset, profile."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic_core import ValidationError
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.accounts import codes, sessions, totp, uploads
from chalicelib.accounts.events import AccountNotice, ProfileUpdated
from chalicelib.accounts.models import LoginChallenge, User
from chalicelib.accounts.passwords import burn_time, hash_password, needs_rehash, verify_password
from chalicelib.core import clock, counters, events
from chalicelib.core.access import DASHBOARD
from chalicelib.core.email import queue_email
from chalicelib.core.errors import (
    Conflict,
    Forbidden,
    InvalidCredentials,
    Locked,
    NotFound,
    RateLimited,
    ValidationFailed,
)
from chalicelib.core.guards import Guard
from chalicelib.core.http import field_errors
from chalicelib.core.ids import new_id, new_secret, sha256_hex
from chalicelib.core.jwt_tokens import issue_access_token
from chalicelib.core.lazy import lazy_module
from chalicelib.core.logging import logger
from chalicelib.core.models import plain, tx_connection
from chalicelib.core.settings import get_settings

MAX_FAILED_LOGINS = 5
LOCKOUT_SECONDS = 15 * 60
CHALLENGE_TTL = 300
PROFILE_ROLES = ("learner", "mentor")

if TYPE_CHECKING:
    from chalicelib.accounts import schemas
    from chalicelib.accounts.schemas import (
        MeOut,
        MePatch,
        ResetOut,
        SentOut,
        SignupIn,
        SignupOut,
        TokensOut,
        TotpChallengeOut,
        UploadOut,
    )
else:  # lazy: pydantic model building is cold-start heavy
    schemas = lazy_module("chalicelib.accounts.schemas")




def email_guard_key(email: str) -> str:
    return f"email#{email}"


def validate_profile(role: str, data: dict[str, Any]) -> dict[str, Any]:
    if role not in PROFILE_ROLES:
        return {}
    schema = schemas.LearnerProfile if role == "learner" else schemas.MentorProfile
    try:
        return dict(schema.model_validate(data).model_dump())
    except ValidationError as exc:
        raise ValidationFailed({f"profile.{k}": v for k, v in field_errors(exc).items()}) from None


def find_by_email(email: str) -> User | None:
    try:
        guard = Guard.get(email_guard_key(email), consistent_read=True)
    except Guard.DoesNotExist:
        return None
    try:
        return User.get(guard.owner_id, consistent_read=True)
    except User.DoesNotExist:
        return None


def get_user(user_id: str) -> User:
    try:
        return User.get(user_id, consistent_read=True)
    except User.DoesNotExist:
        raise NotFound("Account not found.") from None


def me(user: User) -> MeOut:
    intro = uploads.view_url(user.intro_video_key) if user.role == "mentor" else None
    return schemas.MeOut.from_model(user, avatar_url=uploads.view_url(user.avatar_key), intro_video_url=intro)


@dataclass(frozen=True)
class SignedIn:
    """A sign-in: the body for the SPA, and the refresh token the route puts in the HttpOnly cookie."""

    tokens: TokensOut
    refresh_token: str
    refresh_max_age: int


def _tokens(user: User) -> SignedIn:
    access, ttl = issue_access_token(user.user_id, user.role, user.name)
    refresh = sessions.start_family(user.user_id)
    return SignedIn(schemas.TokensOut(access_token=access, expires_in=ttl, user=me(user)), refresh,
                    get_settings().refresh_token_ttl)


def _send_code(purpose: str, user: User) -> int:
    code = codes.issue(purpose, user.email, user.user_id)
    if purpose == "verify":
        subject = "Your PeerLearn verification code"
        text = (f"Hi {user.name},\n\nYour PeerLearn verification code is {code}.\n"
                "It expires in 10 minutes. If you did not sign up, ignore this email.\n")
    else:
        subject = "Reset your PeerLearn password"
        text = (f"Hi {user.name},\n\nYour password reset code is {code}.\n"
                "It expires in 10 minutes. If you did not ask for it, ignore this email.\n")
    queue_email(user.email, subject, text)
    return codes.RESEND_GAP


def create_user(*, role: str, name: str, email: str, password: str, timezone: str = "Asia/Kolkata",
                profile: dict[str, Any] | None = None, verified: bool = False, demo: bool = False,
                totp_secret: str | None = None) -> User:
    """Create the user and its unique-email guard in one transaction (409 if the email exists)."""
    now = clock.now_int()
    user = User(
        user_id=new_id(), email=email, name=name, role=role, password_hash=hash_password(password),
        email_verified=verified, created_at=now, updated_at=now, timezone=timezone,
        profile=validate_profile(role, profile or {}) if role != "admin" else {},
        notification_prefs=schemas.NotificationPrefs().model_dump(), is_demo=demo, totp_secret=totp_secret,
        admin_key="admin" if role == "admin" else None, joined_month=clock.month(now),
        unverified_day=None if verified else datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d"),
    )
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.save(Guard(key=email_guard_key(email), owner_id=user.user_id, created_at=now),
                    condition=Guard.key.does_not_exist())
            tx.save(user, condition=User.user_id.does_not_exist())
            counters.add_in(tx, f"users:{role}", 1)
            if role == "mentor" and verified:  # demo mentors are listed from the start
                events.record(tx, ProfileUpdated(user_id=user.user_id, role=role))
    except TransactWriteError:
        # Classify from fresh state: PynamoDB orders transaction items by kind, not call order.
        if find_by_email(email) is not None or _guard_exists(email):
            raise Conflict("An account with this email already exists. Sign in instead.",
                           code="email_taken") from None
        raise
    return user


def _guard_exists(email: str) -> bool:
    try:
        Guard.get(email_guard_key(email), consistent_read=True)
        return True
    except Guard.DoesNotExist:
        return False


def signup(data: SignupIn) -> SignupOut:
    profile = validate_profile(data.role, data.profile)
    user = create_user(role=data.role, name=data.name, email=data.email, password=data.password,
                       timezone=data.timezone, profile=profile)
    _send_code("verify", user)
    return schemas.SignupOut(user_id=user.user_id, email=user.email)


def verify_email(email: str, code: str) -> SignedIn:
    user_id = codes.check("verify", email, code)
    user = get_user(user_id)
    first = user.name.split()[0] if user.name.split() else user.name
    with TransactWrite(connection=tx_connection()) as tx:
        tx.update(user, actions=[User.email_verified.set(True), User.unverified_day.remove(),
                                 User.updated_at.set(clock.now_int())])
        events.record(tx, ProfileUpdated(user_id=user.user_id, role=user.role))
        events.record(tx, AccountNotice(user_id=user.user_id, kind="welcome", title=f"Welcome to PeerLearn, {first}!",
                                        body="Your email is verified. Your dashboard is ready.",
                                        link=DASHBOARD.get(user.role)))
    user.email_verified, user.unverified_day = True, None
    return _tokens(user)


def resend_code(email: str, purpose: str) -> SentOut:
    user = find_by_email(email)
    # Same answer for unknown or already-verified emails: no account enumeration.
    pointless = user is None or (user.email_verified if purpose == "verify" else not user.email_verified)
    if user is None or pointless:
        return schemas.SentOut(retry_after=codes.RESEND_GAP)
    return schemas.SentOut(retry_after=_send_code(purpose, user))


def _notify_sign_in(user: User) -> None:
    """The sign-in's own write is the refresh-token family, elsewhere: the notice goes out on its
    own, and a failure there must never fail the sign-in itself."""
    try:
        events.publish(AccountNotice(user_id=user.user_id, kind="security", title="New sign-in to your account",
                                     body="If this wasn't you, reset your password.", link="/profile"))
    except Exception:
        logger.exception("sign-in notice failed")


def _record_failed_login(user: User) -> None:
    user.update(actions=[User.failed_logins.add(1)])
    if user.failed_logins >= MAX_FAILED_LOGINS:
        user.update(actions=[User.locked_until.set(clock.now_int() + LOCKOUT_SECONDS), User.failed_logins.set(0)])


def login(email: str, password: str) -> SignedIn | TotpChallengeOut:
    user = find_by_email(email)
    if user is None:
        burn_time(password)
        raise InvalidCredentials("Invalid credentials.")
    now = clock.now_int()
    if user.locked_until > now:
        wait = user.locked_until - now
        raise Locked(f"Too many failed sign-ins. Try again in {(wait + 59) // 60} minutes.", retry_after=wait)
    if not verify_password(user.password_hash, password):
        _record_failed_login(user)
        if user.locked_until > now:
            raise Locked("Too many failed sign-ins. Try again in 15 minutes.", retry_after=LOCKOUT_SECONDS)
        raise InvalidCredentials("Invalid credentials.")
    if user.blocked:
        raise Forbidden("This account has been blocked. Contact support.", code="account_blocked")
    actions: list[Any] = [User.failed_logins.set(0)]
    if needs_rehash(user.password_hash):
        actions.append(User.password_hash.set(hash_password(password)))
    user.update(actions=actions)
    if not user.email_verified:
        with contextlib.suppress(RateLimited):  # a code was sent moments ago; that one still works
            _send_code("verify", user)
        raise Forbidden("Verify your email first: we sent you a new code.", code="email_not_verified",
                        email=user.email)
    if user.role == "admin":
        challenge = new_secret(24)
        LoginChallenge(challenge_hash=sha256_hex(challenge), user_id=user.user_id, attempts=0,
                       expires_at=now + CHALLENGE_TTL).save()
        return schemas.TotpChallengeOut(challenge=challenge)
    _notify_sign_in(user)
    return _tokens(user)


def login_totp(challenge: str, code: str) -> SignedIn:
    from pynamodb.exceptions import DeleteError, UpdateError

    expired = InvalidCredentials("This sign-in attempt has expired. Start again.", code="invalid_token",
                                 auth_flow="admin_login")
    try:
        item = LoginChallenge.get(sha256_hex(challenge), consistent_read=True)
    except LoginChallenge.DoesNotExist:
        raise expired from None
    if item.expires_at <= clock.now_int():
        raise expired
    try:
        item.update(actions=[LoginChallenge.attempts.add(1)], condition=LoginChallenge.attempts < 5)
    except UpdateError:
        raise expired from None
    user = get_user(item.user_id)
    totp.verify_and_consume(user, code)
    try:
        item.delete(condition=LoginChallenge.challenge_hash.exists())
    except DeleteError:
        raise expired from None
    _notify_sign_in(user)
    return _tokens(user)


def refresh(token: str) -> SignedIn:
    user_id, new_refresh, expires_at = sessions.rotate(token)
    user = get_user(user_id)
    if user.blocked:
        raise InvalidCredentials("This account has been blocked.", code="invalid_token")
    access, ttl = issue_access_token(user.user_id, user.role, user.name)
    return SignedIn(schemas.TokensOut(access_token=access, expires_in=ttl, user=me(user)), new_refresh,
                    expires_at - clock.now_int())


def logout(token: str) -> None:
    sessions.logout(token)


def forgot_password(email: str) -> SentOut:
    user = find_by_email(email)
    if user is not None and user.email_verified:
        with contextlib.suppress(RateLimited):  # same answer either way: no account enumeration
            _send_code("reset", user)
    return schemas.SentOut()


def reset_password(email: str, code: str, new_password: str) -> ResetOut:
    user_id = codes.check("reset", email, code)
    user = get_user(user_id)
    with TransactWrite(connection=tx_connection()) as tx:
        tx.update(user, actions=[User.password_hash.set(hash_password(new_password)), User.failed_logins.set(0),
                                 User.locked_until.set(0), User.updated_at.set(clock.now_int())])
        events.record(tx, AccountNotice(
            user_id=user.user_id, kind="security", title="Your password was changed",
            body="Every other session was signed out. If this wasn't you, reset your password now.", link="/profile",
            email_subject="Your PeerLearn password was changed",
            email_text=(f"Hi {user.name},\n\nYour password was just changed and every session was signed out.\n"
                        "If this wasn't you, reset your password right away.\n")))
    sessions.revoke_all(user.user_id)
    return schemas.ResetOut()


def update_me(user_id: str, patch: MePatch) -> MeOut:
    user = get_user(user_id)
    actions: list[Any] = [User.updated_at.set(clock.now_int())]
    if patch.name is not None:
        actions.append(User.name.set(patch.name))
    if patch.timezone is not None:
        actions.append(User.timezone.set(patch.timezone))
    if patch.notification_prefs is not None:
        merged = {**plain(user.notification_prefs), **patch.notification_prefs.model_dump(exclude_none=True)}
        prefs = schemas.NotificationPrefs.model_validate(merged).model_dump()
        actions.append(User.notification_prefs.set(prefs))
    if patch.profile is not None:
        if user.role not in PROFILE_ROLES:
            raise ValidationFailed({"profile": "This account has no profile fields."})
        current = plain(user.profile)
        merged_profile = {**current, **patch.profile}
        actions.append(User.profile.set(validate_profile(user.role, merged_profile)))
    with TransactWrite(connection=tx_connection()) as tx:
        tx.update(user, actions=actions)
        if user.role == "mentor":
            events.record(tx, ProfileUpdated(user_id=user.user_id, role=user.role))
    user.refresh(consistent_read=True)  # a transaction returns no new image
    return me(user)


def upload_url(user_id: str, role: str, kind: str, content_type: str, size: int) -> UploadOut:
    return uploads.presign(user_id, role, kind, content_type, size)


def complete_upload(user_id: str, role: str, kind: str, key: str) -> MeOut:
    uploads.verify_uploaded(user_id, role, kind, key)
    user = get_user(user_id)
    attr = User.avatar_key if kind == "avatar" else User.intro_video_key
    user.update(actions=[attr.set(key), User.updated_at.set(clock.now_int())])
    return me(user)


