"""Short-lived access tokens (JWT, HS256 pinned, iss/aud/exp/iat/sub required)."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.core import clock
from chalicelib.core.errors import AuthRequired, DomainError
from chalicelib.core.settings import get_settings

ALGORITHM = "HS256"


class NotConfigured(DomainError):
    status = 503
    code = "not_configured"
    default_message = "The service is not configured yet."


@dataclass(frozen=True)
class Principal:
    user_id: str
    role: str
    name: str = ""


def _secret() -> str:
    secret = get_settings().jwt_secret
    if len(secret) < 32:
        raise NotConfigured("PEERLEARN_JWT_SECRET must be set to at least 32 characters.")
    return secret


def issue_access_token(user_id: str, role: str, name: str) -> tuple[str, int]:
    import jwt  # lazy: PyJWT pulls in `cryptography` (~25 ms of cold start)

    s = get_settings()
    now = clock.now_int()
    claims = {
        "sub": user_id,
        "role": role,
        "name": name,
        "iss": s.jwt_issuer,
        "aud": s.jwt_audience,
        "iat": now,
        "exp": now + s.access_token_ttl,
        "typ": "access",
    }
    return jwt.encode(claims, _secret(), algorithm=ALGORITHM), s.access_token_ttl


def decode_access_token(token: str, auth_flow: str = "login") -> Principal:
    import jwt

    s = get_settings()
    # During a rotation tokens signed with the previous key stay valid until they expire (≤ 15 min).
    keys = [_secret()] + ([s.jwt_previous_secret] if len(s.jwt_previous_secret) >= 32 else [])
    try:
        for i, key in enumerate(keys):
            try:
                claims = jwt.decode(
                    token,
                    key,
                    algorithms=[ALGORITHM],  # pinned: "none" and RS/HS confusion are refused
                    audience=s.jwt_audience,
                    issuer=s.jwt_issuer,
                    options={"require": ["exp", "iat", "sub", "iss", "aud"]},
                    leeway=0,
                )
                break
            except jwt.InvalidSignatureError:
                if i == len(keys) - 1:
                    raise
        # PyJWT checks exp against the wall clock; the injectable clock must agree too.
        if int(claims["exp"]) <= clock.now_int():
            raise jwt.ExpiredSignatureError("expired")
    except jwt.ExpiredSignatureError:
        raise AuthRequired("Your session has expired. Please sign in again.", auth_flow=auth_flow) from None
    except jwt.PyJWTError:
        raise AuthRequired("Invalid access token.", auth_flow=auth_flow) from None
    if claims.get("typ") != "access" or claims.get("role") not in ("learner", "mentor", "admin"):
        raise AuthRequired("Invalid access token.", auth_flow=auth_flow)
    return Principal(user_id=str(claims["sub"]), role=str(claims["role"]), name=str(claims.get("name", "")))
