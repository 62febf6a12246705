"""Razorpay's error format: `{"error": {"code", "description", "source", "step", "reason", "metadata", "field"}}`.

The SDK reads `error.code` and `error.description`: `BAD_REQUEST_ERROR` raises
`razorpay.errors.BadRequestError(description)`, anything else `ServerError`.
"""

from __future__ import annotations

from typing import Any

BAD_REQUEST = "BAD_REQUEST_ERROR"
SERVER_ERROR = "SERVER_ERROR"


class ApiError(Exception):
    """A request Razorpay would refuse. `status` is the HTTP status (400 unless said otherwise)."""

    def __init__(self, description: str, *, field: str | None = None, status: int = 400, code: str = BAD_REQUEST,
                 reason: str = "input_validation_failed", source: str = "business",
                 step: str = "payment_initiation", metadata: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.description = description
        self.field = field
        self.status = status
        self.code = code
        self.reason = reason
        self.source = source
        self.step = step
        self.metadata = metadata or {}

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "description": self.description, "source": self.source,
                          "step": self.step, "reason": self.reason, "metadata": self.metadata, "field": self.field}}


def not_found_id() -> ApiError:
    # Razorpay answers an unknown id with 400, not 404
    return ApiError("The id provided does not exist", reason="NA", source="NA", step="NA")


def unknown_url() -> ApiError:
    return ApiError("The requested URL was not found on the server", status=404, reason="NA", source="NA", step="NA")


def auth_error(description: str) -> ApiError:
    return ApiError(description, status=401, reason="NA", source="NA", step="NA")
