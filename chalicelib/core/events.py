"""Domain events and the transactional outbox.

A context that changes state and wants the layers above it to react declares a typed, versioned
event (a pydantic model, in its own `events.py`) and writes it with `record(tx, event)` inside the
very TransactWrite that makes the change: the change and its event commit together or not at all.
Delivery to subscribers (at least once, idempotent per event id) is `chalicelib.events`' job; this
module knows nothing about who listens, so every context may use it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel as Schema
from pydantic import ConfigDict
from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.transactions import TransactWrite

from chalicelib.core import clock
from chalicelib.core.correlation import correlation_id
from chalicelib.core.ids import new_id
from chalicelib.core.models import BaseModel, EnvTableMeta

PENDING = "pending"
RETENTION_SECONDS = 30 * 86400  # kept for replay and audit, then expired by TTL

class DomainEvent(Schema):
    """Base of every event. Subclasses set TYPE ("session.cancelled") and VERSION, and carry ids and
    the facts a subscriber needs, never whole models (subscribers re-read what they change)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    TYPE: ClassVar[str]
    VERSION: ClassVar[int] = 1

    def key(self) -> str:
        """The aggregate this event is about (delivery order is kept per key)."""
        raise NotImplementedError


@dataclass(frozen=True)
class EventMeta:
    """What a subscriber gets besides the event: its id (the idempotency key) and correlation id."""

    event_id: str
    correlation_id: str | None
    created_at: int


class PendingIndex(GlobalSecondaryIndex["OutboxEvent"]):
    """Sparse: events not yet handed to every subscriber, oldest first (the poller's and the
    safety-net sweep's Query; the DynamoDB stream needs no index)."""

    class Meta:
        index_name = "pending-by-time"
        projection = AllProjection()

    pending = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class OutboxEvent(BaseModel):
    """One domain event, written in the transaction of the change it describes. The table's stream
    (NEW_IMAGE) feeds the dispatcher on AWS."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "events"
        ttl_attribute_name = "expires_ttl"
        stream_view_type = "NEW_IMAGE"

    event_id = UnicodeAttribute(hash_key=True)
    type = UnicodeAttribute()
    version = NumberAttribute()
    aggregate = UnicodeAttribute()
    payload = UnicodeAttribute()
    correlation_id = UnicodeAttribute(null=True)
    created_at = NumberAttribute()
    created_ms = NumberAttribute(null=True)  # wall-clock ms, for dispatch latency
    pending = UnicodeAttribute(null=True)
    expires_ttl = NumberAttribute()
    by_pending = PendingIndex()


def outbox_item(event: DomainEvent, event_id: str | None = None) -> OutboxEvent:
    now = clock.now_int()
    return OutboxEvent(event_id=event_id or new_id(), type=event.TYPE, version=event.VERSION, aggregate=event.key(),
                       payload=json.dumps(event.model_dump(mode="json"), separators=(",", ":"), sort_keys=True),
                       correlation_id=correlation_id(), created_at=now, created_ms=int(time.time() * 1000),
                       pending=PENDING,
                       expires_ttl=now + RETENTION_SECONDS)


def record(tx: TransactWrite, event: DomainEvent, event_id: str | None = None) -> str:
    """Add the event to the caller's transaction; returns its id. A fixed `event_id` makes the
    event itself once-only (the transaction fails if it was already recorded)."""
    item = outbox_item(event, event_id)
    tx.save(item, condition=OutboxEvent.event_id.does_not_exist())
    return str(item.event_id)


def as_record(item: OutboxEvent) -> dict[str, Any]:
    """The fields a dispatcher needs, the same whether read from the stream or from the table."""
    return {"event_id": item.event_id, "type": item.type, "version": int(item.version),
            "aggregate": item.aggregate, "payload": item.payload, "correlation_id": item.correlation_id,
            "created_at": int(item.created_at)}


def publish(event: DomainEvent, event_id: str | None = None) -> str:
    """An event on its own, for a fact whose change is not a write of ours to join (a notice)."""
    item = outbox_item(event, event_id)
    item.save(condition=OutboxEvent.event_id.does_not_exist())
    return str(item.event_id)
