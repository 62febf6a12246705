"""The dispatcher: hands each outbox event to its subscribers, at least once, each reaction once.

Sources (all call `deliver`):
- AWS: the outbox table's DynamoDB stream (`on_stream`, Chalice `on_dynamodb_record`);
- locally: `drain()`, a poller over the sparse pending index that behaves like the stream
  (oldest first, in batches; see docs/architecture.md for the differences);
- both: `sweep_pending` (scheduled safety net for events a stream batch gave up on) and
  `retry_due` (scheduled: failed reactions whose backoff has passed).

Each (event, subscriber) pair has a `Delivery` row claimed with a conditional write: a second
dispatcher holding the same event skips it while the first one's lease runs, and a finished
reaction is never run again. A subscriber that raises is retried with exponential backoff and,
after MAX_ATTEMPTS, parked as a dead letter an admin can replay. Subscribers still make their own
writes conditional, so a crash after the effect but before the `done` mark is harmless.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from pynamodb.exceptions import UpdateError

from chalicelib.core import clock, correlation, metrics, paging
from chalicelib.core.errors import Conflict, NotFound
from chalicelib.core.events import (
    PENDING,
    DomainEvent,
    EventMeta,
    OutboxEvent,
    as_record,
)
from chalicelib.core.logging import logger
from chalicelib.core.settings import get_settings
from chalicelib.events import wiring
from chalicelib.events.models import DEAD, DISPATCHER, DONE, RETRY, RUNNING, Delivery

if TYPE_CHECKING:
    from chalicelib.events.schemas import DeadLettersOut, ReplayOut

MAX_ATTEMPTS = 5
LEASE_SECONDS = 60
SWEEP_AFTER_SECONDS = 120  # the stream normally delivers within a second; older pending events were missed
DEAD_KEY, RETRY_KEY = "dead", "due"
CURSOR_KEYS = {"event_id", "subscriber", "dead_key", "updated_at"}


@dataclass
class Outcome:
    delivered: int = 0  # reactions run to completion now
    skipped: int = 0  # already done, dead, not yet due, or leased by another dispatcher
    failed: int = 0  # raised; scheduled for a retry
    dead: int = 0  # parked as dead letters
    timings_ms: list[float] = field(default_factory=list)

    def add(self, other: Outcome) -> None:
        self.delivered += other.delivered
        self.skipped += other.skipped
        self.failed += other.failed
        self.dead += other.dead
        self.timings_ms += other.timings_ms


def backoff_seconds(attempts: int) -> int:
    """base, 2×, 4×, 8× ... capped at an hour (base: PEERLEARN_EVENTS_RETRY_BASE_SECONDS, 30 s)."""
    base = get_settings().events_retry_base_seconds
    return int(min(base * 2 ** max(0, attempts - 1), 3600))


# ---------- delivery ----------

def deliver(record: dict[str, Any]) -> Outcome:
    """Every subscriber of one event; clears the event's pending mark once none is left in flight."""
    with correlation.bound(record.get("correlation_id")):  # the story of the request that wrote it
        outcome = Outcome()
        event = _parse(record, outcome)
        in_flight = False
        if event is not None:
            for name in wiring.subscribers(record["type"]):
                result = _run(record, name, event)
                in_flight = in_flight or result == "leased"
                outcome.add(_as_outcome(result))
        if not in_flight:
            _clear_pending(record["event_id"])
        return outcome


def _parse(record: dict[str, Any], outcome: Outcome) -> DomainEvent | None:
    cls = wiring.event_class(record["type"], int(record["version"]))
    if cls is None:
        reason = f"unknown event type {record['type']!r} version {record['version']}"
    else:
        try:
            return cls.model_validate_json(record["payload"])
        except ValidationError as exc:
            reason = f"payload does not match {record['type']} v{record['version']}: {exc.errors()[0]['msg']}"
    if _park(record, DISPATCHER, reason):
        outcome.dead += 1
    return None


def _park(record: dict[str, Any], name: str, reason: str) -> bool:
    """A dead letter for an event no subscriber can take (never stalls the rest of the batch)."""
    now = clock.now_int()
    logger.error("event dead-lettered", extra={"event_id": record["event_id"], "reason": reason})
    metrics.count(metrics.EVENTS_DEAD_LETTERED, type=str(record["type"]))
    try:
        Delivery(event_id=record["event_id"], subscriber=name).update(
            actions=[Delivery.type.set(record["type"]), Delivery.version.set(int(record["version"])),
                     Delivery.status.set(DEAD), Delivery.reason.set(reason[:500]), Delivery.dead_key.set(DEAD_KEY),
                     Delivery.attempts.add(1), Delivery.created_at.set(Delivery.created_at | now),
                     Delivery.updated_at.set(now), Delivery.correlation_id.set(record.get("correlation_id") or "")],
            condition=Delivery.status.does_not_exist() | (Delivery.status != DONE))
    except UpdateError:
        return False
    return True


def _as_outcome(result: str) -> Outcome:
    o = Outcome()
    if result == "done":
        o.delivered = 1
    elif result == "failed":
        o.failed = 1
    elif result == "dead":
        o.dead = 1
    else:
        o.skipped = 1
    return o


def _run(record: dict[str, Any], name: str, event: DomainEvent) -> str:
    """Claim, run, record. Returns done | failed | dead | skipped | leased."""
    now = clock.now_int()
    claim = Delivery(event_id=record["event_id"], subscriber=name)
    try:
        claim.update(
            actions=[Delivery.status.set(RUNNING), Delivery.lease_until.set(now + LEASE_SECONDS),
                     Delivery.attempts.add(1), Delivery.type.set(record["type"]),
                     Delivery.version.set(int(record["version"])), Delivery.created_at.set(Delivery.created_at | now),
                     Delivery.updated_at.set(now), Delivery.correlation_id.set(record.get("correlation_id") or ""),
                     Delivery.retry_key.remove()],
            condition=Delivery.status.does_not_exist()
            | (Delivery.status.is_in(RUNNING, RETRY) & (Delivery.lease_until <= now)))
    except UpdateError:
        return _why_not(claim, now)
    attempts = int(claim.attempts)
    started = time.perf_counter()
    try:
        wiring.resolve(name)(event, EventMeta(record["event_id"], record.get("correlation_id"),
                                              int(record.get("created_at") or now)))
    except Exception as exc:
        return _failed(claim, attempts, exc)
    _finish(claim, attempts, [Delivery.status.set(DONE), Delivery.reason.remove(), Delivery.lease_until.set(0),
                              Delivery.done_ms.set(int(time.time() * 1000))])
    logger.info("event delivered", extra={"event_id": record["event_id"], "subscriber": name,
                                           "ms": round((time.perf_counter() - started) * 1000, 2)})
    return "done"


def _why_not(claim: Delivery, now: int) -> str:
    try:
        current = Delivery.get(claim.event_id, claim.subscriber, consistent_read=True)
    except Delivery.DoesNotExist:
        return "skipped"
    return "leased" if current.status == RUNNING and int(current.lease_until) > now else "skipped"


def _failed(claim: Delivery, attempts: int, exc: Exception) -> str:
    reason = f"{type(exc).__name__}: {exc}"[:500]
    logger.warning("subscriber failed", extra={"event_id": claim.event_id, "subscriber": claim.subscriber,
                                                "attempt": attempts, "reason": reason})
    metrics.record_subscriber_failure(claim.subscriber)
    if attempts >= MAX_ATTEMPTS:
        metrics.count(metrics.EVENTS_DEAD_LETTERED, type=str(claim.type))
        _finish(claim, attempts, [Delivery.status.set(DEAD), Delivery.reason.set(reason),
                                  Delivery.dead_key.set(DEAD_KEY), Delivery.lease_until.set(0)])
        return "dead"
    _finish(claim, attempts, [Delivery.status.set(RETRY), Delivery.reason.set(reason),
                              Delivery.retry_key.set(RETRY_KEY),
                              Delivery.lease_until.set(clock.now_int() + backoff_seconds(attempts))])
    return "failed"


def _finish(claim: Delivery, attempts: int, actions: list[Any]) -> None:
    try:  # only the holder of this attempt's claim may record its end
        claim.update(actions=[*actions, Delivery.updated_at.set(clock.now_int())],
                     condition=(Delivery.status == RUNNING) & (Delivery.attempts == attempts))
    except UpdateError:
        logger.warning("delivery claim lost", extra={"event_id": claim.event_id, "subscriber": claim.subscriber})


def _clear_pending(event_id: str) -> None:
    with contextlib.suppress(UpdateError):  # another dispatcher cleared it
        OutboxEvent(event_id=event_id).update(actions=[OutboxEvent.pending.remove()],
                                              condition=OutboxEvent.pending.exists())


# ---------- sources ----------

def drain(batch_size: int = 25, max_batches: int = 40, older_than: int = 0) -> Outcome:
    """Deliver pending events, oldest first (the local stream; with `older_than`, the safety net)."""
    total = Outcome()
    for _ in range(max_batches):
        cutoff = clock.now_int() - older_than
        batch = list(OutboxEvent.by_pending.query(PENDING, OutboxEvent.created_at <= cutoff, limit=batch_size))
        if not batch:
            break
        total.add(deliver_batch([as_record(item) for item in batch]))
        if len(batch) < batch_size:
            break
    return total


def sweep_pending(event: Any = None) -> dict[str, int]:
    """Scheduled: events the stream did not finish (a batch that kept failing, an expired record)."""
    o = drain(older_than=SWEEP_AFTER_SECONDS)
    return {"delivered": o.delivered, "failed": o.failed, "dead": o.dead}


def retry_due(event: Any = None, limit: int = 100) -> dict[str, int]:
    """Scheduled: failed reactions whose backoff has passed, and claims whose holder died."""
    o = Outcome()
    for d in Delivery.retry_due.query(RETRY_KEY, Delivery.lease_until <= clock.now_int(), limit=limit):
        o.add(_redeliver(d))
    return {"delivered": o.delivered, "failed": o.failed, "dead": o.dead}


def on_stream(records: Iterable[Any]) -> Outcome:
    """Chalice `on_dynamodb_record`: new outbox items only (the pending mark's removal is a MODIFY)."""
    from boto3.dynamodb.types import TypeDeserializer

    des = TypeDeserializer()
    batch = []
    for r in records:
        if r.event_name != "INSERT" or not r.new_image:
            continue
        image = {k: des.deserialize(v) for k, v in r.new_image.items()}
        batch.append({"event_id": image["event_id"], "type": image["type"], "version": int(image["version"]),
                      "aggregate": image.get("aggregate", ""), "payload": image["payload"],
                      "correlation_id": image.get("correlation_id"), "created_at": int(image.get("created_at") or 0)})
    return deliver_batch(batch)


def deliver_batch(records: list[dict[str, Any]], workers: int = 8) -> Outcome:
    """A batch, in order within each aggregate (what the stream guarantees per key) and in parallel
    across aggregates; a reaction to one session never waits behind another session's."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(str(record.get("aggregate") or record["event_id"]), []).append(record)

    def one_key(group: list[dict[str, Any]]) -> Outcome:
        out = Outcome()
        for record in group:
            started = time.perf_counter()
            out.add(deliver(record))
            out.timings_ms.append((time.perf_counter() - started) * 1000)
        return out

    total = Outcome()
    if len(groups) <= 1:
        for group in groups.values():
            total.add(one_key(group))
        return total
    with ThreadPoolExecutor(min(workers, len(groups))) as pool:
        for out in pool.map(one_key, groups.values()):
            total.add(out)
    return total


def _redeliver(d: Delivery) -> Outcome:
    try:
        item = OutboxEvent.get(d.event_id, consistent_read=True)
    except OutboxEvent.DoesNotExist:
        return Outcome(skipped=1)
    record = as_record(item)
    if d.subscriber == DISPATCHER:
        return deliver(record)
    with correlation.bound(record.get("correlation_id")):
        event = _parse(record, Outcome())
        return _as_outcome(_run(record, d.subscriber, event)) if event is not None else Outcome(dead=1)


# ---------- dead letters (admin) ----------

def dead_letters(cursor: str | None, limit: int) -> DeadLettersOut:
    from chalicelib.events.schemas import DeadLettersOut, DeliveryOut

    start = paging.decode(cursor, CURSOR_KEYS, {"dead_key": DEAD_KEY})
    result = Delivery.dead_letters.query(DEAD_KEY, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    items, last = paging.take(result, limit)
    return DeadLettersOut(items=[DeliveryOut.from_model(d) for d in items], next_cursor=paging.encode(last))


def replay(event_id: str, subscriber: str) -> ReplayOut:
    """Run a dead letter again now. A reaction that already happened is never run twice."""
    from chalicelib.events.schemas import DeliveryOut, ReplayOut

    try:
        d = Delivery.get(event_id, subscriber, consistent_read=True)
    except Delivery.DoesNotExist:
        raise NotFound("No such delivery.", code="not_found") from None
    if d.status == DONE:
        return ReplayOut(replayed=False, status=DONE, delivery=DeliveryOut.from_model(d))
    if d.status != DEAD:
        raise Conflict(f"This delivery is {d.status}, not a dead letter.", code="stale_state")
    try:
        d.update(actions=[Delivery.status.set(RETRY), Delivery.attempts.set(0), Delivery.lease_until.set(0),
                          Delivery.dead_key.remove(), Delivery.updated_at.set(clock.now_int())],
                 condition=Delivery.status == DEAD)
    except UpdateError:
        raise Conflict("This dead letter is being replayed already.", code="stale_state") from None
    if subscriber == DISPATCHER:
        d.delete()  # the dispatcher row only records that nobody could take the event
    _redeliver(d)
    try:
        after = DeliveryOut.from_model(Delivery.get(event_id, subscriber, consistent_read=True))
    except Delivery.DoesNotExist:
        return ReplayOut(replayed=True, status=DONE, delivery=None)
    return ReplayOut(replayed=True, status=after.status, delivery=after)
