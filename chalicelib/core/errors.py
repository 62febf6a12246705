"""One domain error hierarchy. `chalicelib.core.http` maps it to HTTP in one place."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    code = "bad_request"
    default_message = "The request could not be processed."

    def __init__(self, message: str | None = None, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(message or self.default_message)
        self.message = message or self.default_message
        if code:
            self.code = code
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.extra}


class BadRequest(DomainError):
    pass


class ValidationFailed(DomainError):
    code = "validation_error"
    default_message = "Please check the highlighted fields."

    def __init__(self, fields: dict[str, str], message: str | None = None) -> None:
        super().__init__(message, fields=fields)


class AuthRequired(DomainError):
    status = 401
    code = "auth_required"
    default_message = "Please sign in to continue."


class InvalidCredentials(DomainError):
    status = 401
    code = "invalid_credentials"
    default_message = "Invalid credentials."


class AccessDenied(DomainError):
    status = 403
    code = "access_denied"
    default_message = "Access denied"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_message = "Not found."


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = "That conflicts with the current state."


class PayloadTooLarge(DomainError):
    status = 413
    code = "payload_too_large"
    default_message = "The request body is larger than 64 KB."


class Locked(DomainError):
    status = 423
    code = "account_locked"
    default_message = "Too many failed sign-ins. Try again later."


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    default_message = "Too many requests. Please wait and try again."
