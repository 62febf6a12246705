"""Accounts routes: thin — parse, call the service, shape the answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice.app import Blueprint, Response

from chalicelib.accounts import cookies
from chalicelib.core.access import ANY_USER, PUBLIC
from chalicelib.core.errors import InvalidCredentials
from chalicelib.core.http import Ctx, api_route, json_response
from chalicelib.core.lazy import lazy_module, schemas

# Services (and the PynamoDB models behind them) load on the first request, not at cold start;
# mypy sees the real modules, so every route → service call is type checked.
if TYPE_CHECKING:
    from chalicelib.accounts import schemas as s
    from chalicelib.accounts import service
else:
    s = schemas("chalicelib.accounts.schemas")
    service = lazy_module("chalicelib.accounts.service")

bp = Blueprint(__name__)


@api_route(bp, "/auth/signup", methods=["POST"], access=PUBLIC, body=s.SignupIn, response=s.SignupOut, status=201)
def signup(ctx: Ctx, body: s.SignupIn) -> s.SignupOut:
    """Create a learner or mentor account and email a verification code."""
    return service.signup(body)


@api_route(bp, "/auth/verify-email", methods=["POST"], access=PUBLIC, body=s.EmailCodeIn, response=s.TokensOut)
def verify_email(ctx: Ctx, body: s.EmailCodeIn) -> Response:
    """Confirm the emailed code; signs the user in (refresh token in the cookie)."""
    return cookies.signed_in(service.verify_email(body.email, body.code))


@api_route(bp, "/auth/resend-code", methods=["POST"], access=PUBLIC, body=s.ResendIn, response=s.SentOut, status=202)
def resend_code(ctx: Ctx, body: s.ResendIn) -> s.SentOut:
    """Send a new verification or reset code (rate limited)."""
    return service.resend_code(body.email, body.purpose)


@api_route(bp, "/auth/login", methods=["POST"], access=PUBLIC, body=s.LoginIn, response=s.LoginOut)
def login(ctx: Ctx, body: s.LoginIn) -> Response | s.TotpChallengeOut:
    """Email + password (refresh token in the cookie). Admins get a TOTP challenge instead of tokens."""
    return cookies.signed_in(service.login(body.email, body.password))


@api_route(bp, "/auth/login/totp", methods=["POST"], access=PUBLIC, body=s.TotpIn, response=s.TokensOut)
def login_totp(ctx: Ctx, body: s.TotpIn) -> Response:
    """Second factor for admins (refresh token in the cookie)."""
    return cookies.signed_in(service.login_totp(body.challenge, body.code))


@api_route(bp, "/auth/refresh", methods=["POST"], access=PUBLIC, response=s.TokensOut)
def refresh(ctx: Ctx) -> Response:
    """Rotate the refresh cookie and mint a new access token (needs `X-PeerLearn-CSRF: 1`)."""
    cookies.check_csrf(ctx.headers)
    token = cookies.read_cookie(ctx.headers)
    if token is None:
        raise InvalidCredentials("Please sign in.", code="invalid_token", auth_flow="login")
    try:
        result = service.refresh(token)
    except InvalidCredentials as err:
        return cookies.refused(err)
    return cookies.signed_in(result)


@api_route(bp, "/auth/logout", methods=["POST"], access=PUBLIC, status=204)
def logout(ctx: Ctx) -> Any:
    """Revoke this login's refresh tokens and delete the cookie (needs `X-PeerLearn-CSRF: 1`)."""
    cookies.check_csrf(ctx.headers)
    token = cookies.read_cookie(ctx.headers)
    if token is not None:
        service.logout(token)
    return cookies.with_cleared_cookie(json_response(None, 204))


@api_route(bp, "/auth/password/forgot", methods=["POST"], access=PUBLIC, body=s.ForgotIn, response=s.SentOut,
           status=202)
def forgot_password(ctx: Ctx, body: s.ForgotIn) -> s.SentOut:
    """Email a reset code (same answer whether or not the account exists)."""
    return service.forgot_password(body.email)


@api_route(bp, "/auth/password/reset", methods=["POST"], access=PUBLIC, body=s.ResetIn, response=s.ResetOut)
def reset_password(ctx: Ctx, body: s.ResetIn) -> s.ResetOut:
    """Set a new password with the emailed code; every session is signed out."""
    return service.reset_password(body.email, body.code, body.new_password)


@api_route(bp, "/me", access=ANY_USER, response=s.MeOut)
def get_me(ctx: Ctx) -> s.MeOut:
    """The caller's account and profile."""
    return service.me(service.get_user(ctx.user.user_id))


@api_route(bp, "/me", methods=["PATCH"], access=ANY_USER, body=s.MePatch, response=s.MeOut)
def patch_me(ctx: Ctx, body: s.MePatch) -> s.MeOut:
    """Update name, timezone, notification switches or the role's profile fields."""
    return service.update_me(ctx.user.user_id, body)


@api_route(bp, "/me/uploads", methods=["POST"], access=ANY_USER, body=s.UploadIn, response=s.UploadOut, status=201)
def create_upload(ctx: Ctx, body: s.UploadIn) -> s.UploadOut:
    """A presigned S3 POST for the avatar or the mentor's intro video."""
    return service.upload_url(ctx.user.user_id, ctx.user.role, body.kind, body.content_type, body.size)


@api_route(bp, "/me/uploads/complete", methods=["POST"], access=ANY_USER, body=s.UploadCompleteIn,
           response=s.MeOut)
def complete_upload(ctx: Ctx, body: s.UploadCompleteIn) -> s.MeOut:
    """Attach an uploaded file to the profile after checking its type and size."""
    return service.complete_upload(ctx.user.user_id, ctx.user.role, body.kind, body.key)
