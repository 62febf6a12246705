"""The outbox table's DynamoDB stream, locally.

moto's in-process DynamoDB Streams answers "Not yet implemented" to DescribeStream with this boto3,
so this poller stands in for the stream + Lambda event-source mapping. It reads the outbox's
sparse `pending-by-time` index (oldest first), shapes each item as a stream INSERT record with its
NewImage, and invokes the app's real `@app.on_dynamodb_record` handler with a batch, like the
mapping does. Differences from AWS, on purpose and documented in docs/architecture.md:
- it sees an event until the dispatcher clears its pending mark, so a batch that raises is simply
  read again on the next tick (AWS retries the batch the same way, blocking the shard);
- order is by creation time across all keys (AWS keeps order per item key only, which is weaker);
- there is no 24 h record expiry (the scheduled `sweep_pending_events` covers that on AWS).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger("local.outbox")

Invoker = Callable[[str, dict[str, Any]], Any]


WaitForWrites = Callable[[int, float], int]  # (writes seen, timeout) -> the table's writes now


class OutboxStream:
    def __init__(self, ddb: Any, table_name: str, handler_name: str, invoke: Invoker, *, region: str,
                 batch_size: int = 25, interval: float = 0.1, wait_for_writes: WaitForWrites | None = None,
                 idle_timeout: float = 1.0) -> None:
        """`wait_for_writes`: block until the table is written to (moto's process counts its writes),
        so an idle stream costs nothing and a new event is read at once; without it, poll every
        `interval`. Either way a quiet stream reads again after `idle_timeout` at the latest (an
        event whose retry came due)."""
        self.ddb, self.table_name, self.handler_name, self.invoke = ddb, table_name, handler_name, invoke
        self.region, self.batch_size, self.interval = region, batch_size, interval
        self.wait_for_writes, self.idle_timeout = wait_for_writes, idle_timeout
        self.arn = f"arn:aws:dynamodb:{region}:000000000000:table/{table_name}/stream/local"
        self.batches = self.records = self.failures = 0
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seq = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="outbox-stream", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def describe(self) -> dict[str, Any]:
        return {"handler": self.handler_name, "table": self.table_name, "batches": self.batches,
                "records": self.records, "failures": self.failures, "last_error": self.last_error}

    def poll_once(self) -> int:
        """One batch: read pending items, invoke the handler. Returns how many records were handed over."""
        resp = self.ddb.query(TableName=self.table_name, IndexName="pending-by-time",
                              KeyConditionExpression="pending = :p", ExpressionAttributeValues={":p": {"S": "pending"}},
                              Limit=self.batch_size, ScanIndexForward=True)
        items = resp.get("Items") or []
        if not items:
            return 0
        records = [self._record(item) for item in items]
        self.batches += 1
        self.records += len(records)
        try:
            self.invoke(self.handler_name, {"Records": records})
        except Exception as exc:  # the next tick reads the same events again
            self.failures += 1
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.warning("outbox stream batch failed: %s", self.last_error)
            self._stop.wait(min(1.0, self.interval * 10))
        return len(records)

    def _record(self, item: dict[str, Any]) -> dict[str, Any]:
        self._seq += 1
        return {"eventID": f"local-{self._seq}", "eventName": "INSERT", "eventVersion": "1.1",
                "eventSource": "aws:dynamodb", "awsRegion": self.region, "eventSourceARN": self.arn,
                "dynamodb": {"ApproximateCreationDateTime": time.time(), "Keys": {"event_id": item["event_id"]},
                             "NewImage": item, "SequenceNumber": f"{self._seq:021d}", "SizeBytes": len(str(item)),
                             "StreamViewType": "NEW_IMAGE"}}

    def _writes(self, seen: int, timeout: float) -> int | None:
        if self.wait_for_writes is None:
            return None
        try:
            return self.wait_for_writes(seen, timeout)
        except Exception as exc:  # moto restarting: poll meanwhile
            self.last_error = f"{type(exc).__name__}: {exc}"
            return None

    def _run(self) -> None:
        seen = self._writes(-1, 0.0)  # taken before each read: a write during the read wakes the wait
        while not self._stop.is_set():
            try:
                handed = self.poll_once()
            except Exception as exc:  # moto restarting, table not there yet: try again shortly
                self.last_error = f"{type(exc).__name__}: {exc}"
                handed = 0
            if handed >= self.batch_size:
                continue
            now = self._writes(seen, self.idle_timeout) if seen is not None else None
            if now is None:
                self._stop.wait(self.interval)
                seen = self._writes(-1, 0.0)
            else:
                seen = now
