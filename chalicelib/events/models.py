"""One row per (event, subscriber): the claim that makes a reaction happen once, its retries and,
when it keeps failing, its dead letter."""

from __future__ import annotations

from typing import Final, Literal

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.core.models import BaseModel, EnvTableMeta

DeliveryStatus = Literal["running", "done", "retry", "dead"]
RUNNING: Final = "running"
DONE: Final = "done"
RETRY: Final = "retry"
DEAD: Final = "dead"
DISPATCHER = "(dispatcher)"  # the subscriber name of an event no subscriber could take (unknown type, bad payload)


class RetryDueIndex(GlobalSecondaryIndex["Delivery"]):
    """Sparse: deliveries waiting for their next attempt, soonest first."""

    class Meta:
        index_name = "retry-due"
        projection = AllProjection()

    retry_key = UnicodeAttribute(hash_key=True)
    lease_until = NumberAttribute(range_key=True)


class DeadLetterIndex(GlobalSecondaryIndex["Delivery"]):
    """Sparse: deliveries parked after their last attempt, newest first (the admin's list)."""

    class Meta:
        index_name = "dead-letters"
        projection = AllProjection()

    dead_key = UnicodeAttribute(hash_key=True)
    updated_at = NumberAttribute(range_key=True)


class Delivery(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "event-deliveries"

    event_id = UnicodeAttribute(hash_key=True)
    subscriber = UnicodeAttribute(range_key=True)
    type = UnicodeAttribute()
    version = NumberAttribute()
    status = UnicodeAttribute()
    attempts = NumberAttribute(default=0)
    lease_until = NumberAttribute(default=0)  # running: the claim's expiry; retry: when the next attempt is due
    reason = UnicodeAttribute(null=True)
    correlation_id = UnicodeAttribute(null=True)
    created_at = NumberAttribute()
    updated_at = NumberAttribute()
    done_ms = NumberAttribute(null=True)  # wall-clock ms when it finished (latency: minus the event's created_ms)
    retry_key = UnicodeAttribute(null=True)
    dead_key = UnicodeAttribute(null=True)
    retry_due = RetryDueIndex()
    dead_letters = DeadLetterIndex()
