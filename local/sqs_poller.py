"""Lambda's SQS event-source mapping, locally.

One thread per `@app.on_sqs_message` source long-polls its queue in moto, hands the batch to the
handler as a real Lambda SQS event, and then behaves like the mapping:
- success: the batch is deleted;
- the handler raises: nothing is deleted; the messages come back after a short delay
  (`retry_delay`, 2 s by default, instead of the queue's full visibility timeout);
- the handler returns `{"batchItemFailures": [{"itemIdentifier": <messageId>}, ...]}`: only those
  are kept for redelivery (a malformed answer fails the whole batch, as on AWS);
- after `maxReceiveCount` (3) receives, SQS itself (moto's redrive policy) moves the message to
  `<queue>-dlq` on the next receive.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from local.events import sqs_event

log = logging.getLogger("local.sqs")

Invoker = Callable[[str, dict[str, Any]], Any]  # (handler name, event) -> result


@dataclass
class Subscription:
    handler_name: str
    queue: str
    batch_size: int
    queue_url: str = ""
    queue_arn: str = ""
    dlq_url: str = ""
    received: int = 0
    succeeded: int = 0
    failed: int = 0
    invocations: int = 0
    last_error: str | None = None
    busy: bool = False  # a batch is being handled right now
    thread: threading.Thread | None = field(default=None, repr=False)

    def describe(self) -> dict[str, Any]:
        return {"handler": self.handler_name, "queue": self.queue, "queue_url": self.queue_url,
                "dlq_url": self.dlq_url, "batch_size": self.batch_size, "invocations": self.invocations,
                "received": self.received, "succeeded": self.succeeded, "failed": self.failed,
                "last_error": self.last_error}


def failed_message_ids(result: Any, batch_ids: Sequence[str]) -> set[str] | None:
    """Message ids to keep after a successful invocation; None means "the whole batch failed".

    Mirrors `ReportBatchItemFailures`: no or non-dict answer, or no `batchItemFailures` key → all
    succeeded; an empty list → all succeeded; an identifier that is empty or not in the batch →
    the whole batch failed."""
    if not isinstance(result, dict) or "batchItemFailures" not in result:
        return set()
    failures = result["batchItemFailures"]
    if failures is None:
        return set()
    if not isinstance(failures, list):
        return None
    ids: set[str] = set()
    for item in failures:
        ident = item.get("itemIdentifier") if isinstance(item, dict) else None
        if not isinstance(ident, str) or not ident or ident not in batch_ids:
            return None
        ids.add(ident)
    return ids


class SqsPoller:
    def __init__(self, sqs_client: Any, subscriptions: Sequence[Subscription], invoke: Invoker, *,
                 region: str, wait_seconds: int = 1, in_flight_timeout: int = 60,
                 retry_delay: int = 2) -> None:
        self._sqs = sqs_client
        self.subscriptions = list(subscriptions)
        self._invoke = invoke
        self._region = region
        self._wait_seconds = wait_seconds
        self._in_flight_timeout = in_flight_timeout
        self._retry_delay = retry_delay
        self._stop = threading.Event()

    def start(self) -> None:
        for sub in self.subscriptions:
            sub.thread = threading.Thread(target=self._poll, args=(sub,), name=f"sqs-{sub.queue}", daemon=True)
            sub.thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop polling; wait (bounded) only for batches being handled, not for idle long polls."""
        self._stop.set()
        deadline = time.monotonic() + timeout
        for sub in self.subscriptions:
            while sub.busy and sub.thread is not None and sub.thread.is_alive() and time.monotonic() < deadline:
                sub.thread.join(0.05)

    def _poll(self, sub: Subscription) -> None:
        while not self._stop.is_set():
            try:
                response = self._sqs.receive_message(
                    QueueUrl=sub.queue_url, MaxNumberOfMessages=max(1, min(sub.batch_size, 10)),
                    WaitTimeSeconds=self._wait_seconds, VisibilityTimeout=self._in_flight_timeout,
                    AttributeNames=["All"], MessageAttributeNames=["All"],
                )
            except Exception as exc:
                if self._stop.is_set():
                    return
                log.warning("receiving from %s failed: %s", sub.queue, exc)
                self._stop.wait(0.5)
                continue
            messages = response.get("Messages") or []
            if messages and not self._stop.is_set():
                sub.busy = True
                try:
                    self._deliver(sub, messages)
                finally:
                    sub.busy = False

    def _deliver(self, sub: Subscription, messages: list[dict[str, Any]]) -> None:
        sub.received += len(messages)
        sub.invocations += 1
        event = sqs_event(messages, queue_arn=sub.queue_arn, region=self._region)
        ids = [m["MessageId"] for m in messages]
        try:
            result = self._invoke(sub.handler_name, event)
        except Exception as exc:
            sub.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("SQS handler %s failed for %d message(s) from %s%s", sub.handler_name, len(messages),
                          sub.queue, self._attempts_note(messages))
            self._retry_later(sub, messages)
            return
        keep = failed_message_ids(result, ids)
        if keep is None:
            sub.last_error = "malformed batchItemFailures response: whole batch retried"
            log.error("SQS handler %s returned a malformed batchItemFailures answer; retrying the whole batch",
                      sub.handler_name)
            self._retry_later(sub, messages)
            return
        done = [m for m in messages if m["MessageId"] not in keep]
        failed = [m for m in messages if m["MessageId"] in keep]
        if failed:
            log.warning("SQS handler %s reported %d failed item(s) from %s%s", sub.handler_name, len(failed),
                        sub.queue, self._attempts_note(failed))
            self._retry_later(sub, failed)
        self._delete(sub, done)

    def _attempts_note(self, messages: list[dict[str, Any]]) -> str:
        counts = sorted({int((m.get("Attributes") or {}).get("ApproximateReceiveCount", "1")) for m in messages})
        return f" (receive count {', '.join(map(str, counts))}; redelivery in {self._retry_delay}s, " \
               f"dead-lettered after the maximum)"

    def _delete(self, sub: Subscription, messages: list[dict[str, Any]]) -> None:
        if not messages:
            return
        entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
        try:
            answer = self._sqs.delete_message_batch(QueueUrl=sub.queue_url, Entries=entries)
        except Exception:
            log.exception("deleting processed messages from %s failed", sub.queue)
            return
        sub.succeeded += len(answer.get("Successful") or [])

    def _retry_later(self, sub: Subscription, messages: list[dict[str, Any]]) -> None:
        sub.failed += len(messages)
        entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": self._retry_delay}
                   for i, m in enumerate(messages)]
        try:
            self._sqs.change_message_visibility_batch(QueueUrl=sub.queue_url, Entries=entries)
        except Exception:
            log.warning("could not shorten visibility for %s; messages return after %ss", sub.queue,
                        self._in_flight_timeout)

    def describe(self) -> list[dict[str, Any]]:
        return [s.describe() for s in self.subscriptions]
