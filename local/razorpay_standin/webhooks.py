"""Signed webhook delivery, with the test controls that make it misbehave on purpose.

Every state change is published as one or more events. Each event gets a unique id (sent as
`x-razorpay-event-id`), its JSON body is serialised once, and `X-Razorpay-Signature` is the hex
HMAC-SHA256 of exactly those bytes with the webhook secret. Retries, duplicates and manual
redeliveries send the same bytes with the same id and signature, as Razorpay does.

Delivery runs on one background thread, so events leave in the order they were released; a failed
attempt (no 2xx, timeout, connection refused) is retried after `retry_delays` without holding up
the events behind it.

Controls (`Controls`):
- `duplicate`  every released event is delivered twice (same id, same body).
- `reorder`    the events of one payment / refund / payout are held until that entity reaches its
               final state, then delivered newest first (`order.paid`, `payment.captured`,
               `payment.authorized`).
- `drop_next`  the next N events are never delivered (marked `dropped`).
- `delay_ms`   every delivery waits this long after its event is released.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import hmac
import itertools
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from local.razorpay_standin.errors import ApiError
from local.razorpay_standin.ids import event_id

log = logging.getLogger("local.razorpay_standin.webhooks")

Json = dict[str, Any]
PAYOUT_OUTCOMES = ("processed", "reversed", "failed")
REFUND_OUTCOMES = ("processed", "failed")
DEFAULT_RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0, 5.0)
USER_AGENT = "Razorpay-Webhook/v1 (PeerLearn local stand-in)"


def sign(body: bytes, secret: str) -> str:
    """`X-Razorpay-Signature`: hex HMAC-SHA256 of the raw body with the webhook secret."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# -- controls ----------------------------------------------------------------------------------------
@dataclass
class Controls:
    duplicate: bool = False
    reorder: bool = False
    drop_next: int = 0
    delay_ms: int = 0
    payout_outcome: str = "processed"
    refund_outcome: str = "processed"
    settle_delay_ms: int = 200  # how long a refund / payout step takes
    clock_offset_s: int = 0  # shifts every created_at (stale events, "yesterday" for reconciliation)


class ControlPanel:
    """Thread-safe holder of `Controls`; `update()` validates like an API would."""

    _BOOLS = ("duplicate", "reorder")
    _COUNTS = ("drop_next", "delay_ms", "settle_delay_ms")
    _CHOICES = {"payout_outcome": PAYOUT_OUTCOMES, "refund_outcome": REFUND_OUTCOMES}

    def __init__(self, **initial: Any) -> None:
        self._lock = threading.Lock()
        self._controls = Controls()
        if initial:
            self.update(initial)

    def snapshot(self) -> Controls:
        with self._lock:
            return Controls(**asdict(self._controls))

    def as_json(self) -> Json:
        return asdict(self.snapshot())

    def update(self, changes: Mapping[str, Any]) -> Json:
        if not isinstance(changes, Mapping):
            raise ApiError("The control body must be a JSON object")
        reset = changes.get("reset", False)
        if not isinstance(reset, bool):
            raise ApiError("reset must be a boolean", field="reset")
        clean = {key: value for key, value in changes.items() if key != "reset"}
        for key, value in clean.items():
            self._validate(key, value)
        with self._lock:
            if reset:
                self._controls = Controls()
            for key, value in clean.items():
                setattr(self._controls, key, value)
            return asdict(self._controls)

    def _validate(self, key: str, value: Any) -> None:
        if key not in {f.name for f in fields(Controls)}:
            raise ApiError(f"{key} is/are not required and should not be sent", field=key)
        if key in self._BOOLS:
            if not isinstance(value, bool):
                raise ApiError(f"{key} must be a boolean", field=key)
        elif key in self._COUNTS:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ApiError(f"{key} must be a whole number >= 0", field=key)
        elif key == "clock_offset_s":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ApiError(f"{key} must be a whole number of seconds", field=key)
        elif value not in self._CHOICES[key]:
            raise ApiError(f"{key} must be one of {', '.join(self._CHOICES[key])}", field=key)

    def take_drop(self) -> bool:
        """True (and one fewer left) if the next event is to be dropped."""
        with self._lock:
            if self._controls.drop_next > 0:
                self._controls.drop_next -= 1
                return True
            return False


# -- a tiny timer thread -------------------------------------------------------------------------------
class TimerQueue:
    """Runs callables at (monotonic) due times on one thread; equal due times keep their order."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._counter = itertools.count()
        self._cond = threading.Condition()
        self._stopped = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        with self._cond:
            self._stopped = True
            self._heap.clear()
            self._cond.notify_all()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def call_later(self, delay: float, fn: Callable[[], None]) -> None:
        with self._cond:
            if self._stopped:
                return
            heapq.heappush(self._heap, (time.monotonic() + max(0.0, delay), next(self._counter), fn))
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and (not self._heap or self._heap[0][0] > time.monotonic()):
                    self._cond.wait(None if not self._heap else max(0.0, self._heap[0][0] - time.monotonic()))
                if self._stopped:
                    return
                _, _, fn = heapq.heappop(self._heap)
            try:
                fn()
            except Exception:
                log.exception("%s: a scheduled task failed", self._name)


# -- events ----------------------------------------------------------------------------------------------
@dataclass
class Delivery:
    seq: int  # global order in which attempts were made
    copy: int  # 0 the original, 1 the duplicate, 2+ manual redeliveries
    attempt: int  # 1 the first try, 2+ retries
    at: float  # unix time
    status: int | None
    error: str | None


@dataclass
class EventRecord:
    id: str
    event: str
    created_at: int
    group: str
    body: bytes
    signature: str
    entity_ids: list[str]
    state: str = "queued"  # held | queued | retrying | delivered | failed | dropped | not_sent
    deliveries: list[Delivery] = field(default_factory=list)

    def as_json(self) -> Json:
        return {
            "id": self.id, "event": self.event, "created_at": self.created_at, "group": self.group,
            "entity_ids": list(self.entity_ids), "state": self.state,
            "headers": {"X-Razorpay-Signature": self.signature, "x-razorpay-event-id": self.id},
            "body": self.body.decode(), "payload": json.loads(self.body),
            "deliveries": [asdict(d) for d in self.deliveries],
        }


def _entity_ids(payload: Json) -> list[str]:
    ids: list[str] = []
    for wrapper in payload.values():
        entity = wrapper.get("entity") if isinstance(wrapper, dict) else None
        if isinstance(entity, dict) and isinstance(entity.get("id"), str):
            ids.append(entity["id"])
        for key in ("order_id", "payment_id", "fund_account_id"):
            value = entity.get(key) if isinstance(entity, dict) else None
            if isinstance(value, str) and value not in ids:
                ids.append(value)
    return ids


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:  # a 3xx is a failed delivery
        return None


class WebhookDispatcher:
    def __init__(self, *, secret: str, url: str | None, account_id: str, controls: ControlPanel,
                 retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS, timeout: float = 5.0) -> None:
        self.secret = secret
        self.account_id = account_id
        self._url = url
        self._controls = controls
        self._retry_delays = tuple(retry_delays)
        self._timeout = timeout
        self._lock = threading.Lock()
        self._records: list[EventRecord] = []
        self._by_id: dict[str, EventRecord] = {}
        self._held: dict[str, list[EventRecord]] = {}
        self._seq = itertools.count(1)
        self._copies: dict[str, int] = {}
        self._timers = TimerQueue("razorpay-standin-webhooks")
        # no proxies (HTTP_PROXY must never see local webhooks) and no redirects
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())

    @property
    def url(self) -> str | None:
        with self._lock:
            return self._url

    @url.setter
    def url(self, value: str | None) -> None:
        with self._lock:
            self._url = value

    def start(self) -> None:
        self._timers.start()

    def stop(self) -> None:
        self._timers.stop()

    # -- publishing ------------------------------------------------------------------------------------
    def publish(self, items: Sequence[tuple[str, list[str], Json]], *, group: str, final: bool,
                created_at: int) -> list[str]:
        """Record events (name, contains, payload) of one entity and release them (or hold them)."""
        reorder = self._controls.snapshot().reorder
        with self._lock:
            records = [self._record(name, contains, payload, group, created_at) for name, contains, payload in items]
            if reorder or group in self._held:
                held = self._held.setdefault(group, [])
                for record in records:
                    record.state = "held"
                held.extend(records)
                if final:
                    self._release(list(reversed(self._held.pop(group))))
            else:
                self._release(records)
            return [r.id for r in records]

    def release_held(self) -> None:
        """Deliver every held group now (newest first); used when `reorder` is switched off."""
        with self._lock:
            groups, self._held = self._held, {}
            for records in groups.values():
                self._release(list(reversed(records)))

    def redeliver(self, event_id_: str) -> Json:
        with self._lock:
            record = self._by_id.get(event_id_)
            if record is None:
                raise ApiError("The id provided does not exist", field="event_id")
            copy = self._copies[record.id] = self._copies.get(record.id, 1) + 1
            self._timers.call_later(0, lambda: self._attempt(record, copy, 1))
            return record.as_json()

    def _record(self, name: str, contains: list[str], payload: Json, group: str, created_at: int) -> EventRecord:
        envelope = {"entity": "event", "account_id": self.account_id, "event": name, "contains": contains,
                    "payload": payload, "created_at": created_at}
        body = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()
        record = EventRecord(id=event_id(), event=name, created_at=created_at, group=group, body=body,
                             signature=sign(body, self.secret), entity_ids=_entity_ids(payload))
        self._records.append(record)
        self._by_id[record.id] = record
        return record

    def _release(self, records: list[EventRecord]) -> None:  # caller holds the lock
        controls = self._controls.snapshot()
        for record in records:
            if self._controls.take_drop():
                record.state = "dropped"
                log.info("webhook %s %s dropped (drop_next)", record.event, record.id)
                continue
            record.state = "queued"
            copies = 2 if controls.duplicate else 1
            self._copies[record.id] = copies - 1
            for copy in range(copies):
                self._timers.call_later(controls.delay_ms / 1000, functools.partial(self._attempt, record, copy, 1))

    # -- delivery ----------------------------------------------------------------------------------------
    def _attempt(self, record: EventRecord, copy: int, attempt: int) -> None:
        url = self.url
        if not url:
            with self._lock:
                if record.state != "delivered":
                    record.state = "not_sent"
            return
        with self._lock:
            seq = next(self._seq)
        status, error = self._post(url, record)
        ok = status is not None and 200 <= status < 300
        with self._lock:
            record.deliveries.append(Delivery(seq=seq, copy=copy, attempt=attempt, at=time.time(), status=status,
                                              error=error))
            if ok:
                record.state = "delivered"
            elif attempt <= len(self._retry_delays):
                if record.state != "delivered":
                    record.state = "retrying"
                delay = self._retry_delays[attempt - 1]
                self._timers.call_later(delay, lambda: self._attempt(record, copy, attempt + 1))
            elif record.state != "delivered":
                record.state = "failed"
        if not ok:
            log.warning("webhook %s %s to %s failed (attempt %d): %s", record.event, record.id, url, attempt,
                        error or status)

    def _post(self, url: str, record: EventRecord) -> tuple[int | None, str | None]:
        request = urllib.request.Request(url, data=record.body, method="POST", headers={
            "Content-Type": "application/json", "User-Agent": USER_AGENT,
            "X-Razorpay-Signature": record.signature, "x-razorpay-event-id": record.id,
        })
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                response.read(65536)
                return int(response.status), None
        except urllib.error.HTTPError as exc:
            exc.close()
            return int(exc.code), f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return None, f"{type(exc).__name__}: {reason}"

    # -- inspection ------------------------------------------------------------------------------------
    def records(self, *, event: str | None = None, entity_id: str | None = None) -> list[Json]:
        with self._lock:
            chosen = [r for r in self._records
                      if (event is None or r.event == event) and (entity_id is None or entity_id in r.entity_ids)]
            return [r.as_json() for r in chosen]

    def pending(self) -> list[str]:
        """Ids of events still held, queued or being retried."""
        with self._lock:
            return [r.id for r in self._records if r.state in ("held", "queued", "retrying")]

    def clear(self) -> None:
        with self._lock:
            held = {r.id for records in self._held.values() for r in records}
            self._records = [r for r in self._records if r.id in held]
            self._by_id = {r.id: r for r in self._records}
