"""Admin shapes for event deliveries that ended as dead letters."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Cursor = Annotated[str, Field(min_length=1, max_length=1000)]


class DeadLettersQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cursor: Cursor | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 20


class ReplayIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    event_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[0-9a-z]+$")]
    subscriber: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:()]+$")]


class DeliveryOut(BaseModel):
    event_id: str
    subscriber: str
    type: str
    version: int
    status: Literal["running", "done", "retry", "dead"]
    attempts: int
    reason: str | None
    correlation_id: str | None
    updated_at: str


class DeadLettersOut(BaseModel):
    items: list[DeliveryOut]
    next_cursor: str | None


class ReplayOut(BaseModel):
    replayed: bool
    status: Literal["running", "done", "retry", "dead"]
    delivery: DeliveryOut | None
