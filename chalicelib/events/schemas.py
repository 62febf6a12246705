"""Admin shapes for event deliveries that ended as dead letters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.core.clock import iso
from chalicelib.core.schemas import Out

if TYPE_CHECKING:
    from chalicelib.events.models import Delivery, DeliveryStatus

Cursor = Annotated[str, Field(min_length=1, max_length=1000)]


class DeadLettersQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cursor: Cursor | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 20


class ReplayIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    event_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[0-9a-z]+$")]
    subscriber: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:()]+$")]


class DeliveryOut(Out):
    event_id: str
    subscriber: str
    type: str
    version: int
    status: Literal["running", "done", "retry", "dead"]
    attempts: int
    reason: str | None
    correlation_id: str | None
    updated_at: str

    @classmethod
    def from_model(cls, d: Delivery) -> DeliveryOut:
        return cls(event_id=d.event_id, subscriber=d.subscriber, type=d.type, version=int(d.version),
                   status=cast("DeliveryStatus", d.status), attempts=int(d.attempts or 0), reason=d.reason,
                   correlation_id=d.correlation_id or None, updated_at=iso(d.updated_at))


class DeadLettersOut(Out):
    items: list[DeliveryOut]
    next_cursor: str | None


class ReplayOut(Out):
    replayed: bool
    status: Literal["running", "done", "retry", "dead"]
    delivery: DeliveryOut | None
