"""The refresh token's cookie, and the CSRF rules of the two routes that read it.

The refresh token never reaches JavaScript: it travels only in an `HttpOnly; Secure; SameSite=Strict`
cookie scoped to `Path=/api/auth`, the narrowest path that still covers both `/api/auth/refresh` and
`/api/auth/logout` (a cookie path matches itself and everything below it; `/api` is the CloudFront
behaviour, the REST API's stage name and the local stack's prefix alike, so the browser-side path is
the same everywhere). The SPA keeps only the short-lived access token, in memory.

Refresh and logout act on a credential the browser attaches by itself, so they are closed against
cross-site requests three ways: SameSite=Strict (the browser does not send the cookie from another
site), a required custom header (a cross-origin page cannot add one without a CORS preflight, which
this API never grants), and an `Origin` check (present and not one of the app's own origins → 403).
The checks run before the cookie is read, so a refused request spends nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

from chalice.app import Response

from chalicelib.core.errors import DomainError, Forbidden
from chalicelib.core.http import checking_responses, error_response, json_response, serialize
from chalicelib.core.settings import get_settings

if TYPE_CHECKING:
    from chalicelib.accounts.schemas import TotpChallengeOut
    from chalicelib.accounts.service import SignedIn

COOKIE_NAME = "peerlearn_refresh"
COOKIE_PATH = "/api/auth"
CSRF_HEADER = "X-PeerLearn-CSRF"
CSRF_VALUE = "1"


def set_cookie(token: str, max_age: int) -> str:
    """The `Set-Cookie` value that stores `token` for `max_age` seconds."""
    attrs = [f"{COOKIE_NAME}={token}", f"Max-Age={max(0, int(max_age))}", f"Path={COOKIE_PATH}", "HttpOnly"]
    if get_settings().cookie_secure:
        attrs.append("Secure")
    attrs.append("SameSite=Strict")
    return "; ".join(attrs)


def clear_cookie() -> str:
    """The `Set-Cookie` value that deletes the cookie (same name, path and attributes, Max-Age=0)."""
    return set_cookie("", 0)


def read_cookie(headers: dict[str, str]) -> str | None:
    """The refresh token from a (lower-cased) header map's `Cookie`, or None. First occurrence wins."""
    for part in headers.get("cookie", "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name == COOKIE_NAME:
            value = value.strip().strip('"')
            return value or None
    return None


def check_csrf(headers: dict[str, str]) -> None:
    """403 unless the custom header is there and any `Origin` is the app's own."""
    if headers.get(CSRF_HEADER.lower(), "").strip() != CSRF_VALUE:
        raise Forbidden(f"This request needs the '{CSRF_HEADER}: {CSRF_VALUE}' header.", code="csrf_rejected")
    origin = headers.get("origin")
    if origin is not None and origin.strip().rstrip("/").lower() not in get_settings().app_origins:
        raise Forbidden("Requests from another site are refused.", code="csrf_rejected")


@overload
def signed_in(result: SignedIn) -> Response: ...
@overload
def signed_in(result: TotpChallengeOut) -> TotpChallengeOut: ...
def signed_in(result: SignedIn | TotpChallengeOut) -> Response | TotpChallengeOut:
    """A service's sign-in as a response: the tokens' body (checked against `TokensOut` like any
    answer) and the refresh token in the cookie. An admin's TOTP challenge is answered as it is."""
    from chalicelib.accounts.service import SignedIn  # loaded by the route's service call already

    if not isinstance(result, SignedIn):
        return result
    body = serialize(result.tokens, type(result.tokens), check=checking_responses())
    return json_response(body, 200, {"Set-Cookie": [set_cookie(result.refresh_token, result.refresh_max_age)]})


def with_cleared_cookie(response: Response) -> Response:
    response.headers["Set-Cookie"] = [clear_cookie()]
    return response


def refused(err: DomainError) -> Response:
    """An error answer that also deletes the cookie (its token is no good any more)."""
    return with_cleared_cookie(error_response(err))
