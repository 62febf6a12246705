"""Business metrics: counts written as CloudWatch embedded-metric-format (EMF) lines on stdout.

`count(name)` adds to the current invocation's batch; the middleware (`core/observability.py`)
flushes the batch once when the invocation ends (also when it raised), one EMF document per set of
dimensions, with Powertools' EMF provider. Lambda ships stdout to CloudWatch Logs, which turns EMF
into metrics: no AWS call, nothing to configure locally. Outside an invocation (a script, a test
calling a service directly) a count is written at once.

Namespace: `POWERTOOLS_METRICS_NAMESPACE` (default `PeerLearn`); every metric has the dimension
`service` = `peerlearn`, and the document carries the invocation's `correlation_id` as metadata.
`POWERTOOLS_METRICS_DISABLED=true` (the functional tests) writes nothing. Powertools is imported
only when there is something to write.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from chalicelib.core.correlation import correlation_id

SERVICE = "peerlearn"
DEFAULT_NAMESPACE = "PeerLearn"

BOOKINGS_CREATED = "bookings_created"
BOOKINGS_CONFIRMED = "bookings_confirmed"
PAYMENTS_CAPTURED = "payments_captured"
REFUNDS_REQUESTED = "refunds_requested"
REFUNDS_PROCESSED = "refunds_processed"
REFUNDS_FAILED = "refunds_failed"
WEBHOOKS_DEAD_LETTERED = "webhooks_dead_lettered"
SUBSCRIBER_FAILURES = "subscriber_failures"
EVENTS_DEAD_LETTERED = "events_dead_lettered"

Dimensions = tuple[tuple[str, str], ...]
Batch = dict[Dimensions, dict[str, float]]

_batch: ContextVar[Batch | None] = ContextVar("peerlearn_metrics_batch", default=None)


def namespace() -> str:
    return os.environ.get("POWERTOOLS_METRICS_NAMESPACE") or DEFAULT_NAMESPACE


def count(name: str, value: float = 1, **dimensions: str) -> None:
    """Count `value` occurrences of `name`. Extra dimensions must have few distinct values."""
    key: Dimensions = tuple(sorted((k, str(v)) for k, v in dimensions.items()))
    batch = _batch.get()
    if batch is None:
        write({key: {name: value}})
        return
    counts = batch.setdefault(key, {})
    counts[name] = counts.get(name, 0) + value


def record_subscriber_failure(subscriber: str) -> None:
    """A domain-event subscriber raised (dimension `subscriber`: its name, e.g. the function's)."""
    count(SUBSCRIBER_FAILURES, subscriber=subscriber)


@contextmanager
def invocation() -> Iterator[None]:
    """Collect the counts of one invocation and write them when it ends, even if it raised."""
    batch: Batch = {}
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
        write(batch)


def write(batch: Batch) -> None:
    """Print one EMF document per dimension set. Never raises: metrics must not fail a request."""
    if not any(batch.values()):
        return
    try:
        from aws_lambda_powertools.metrics.functions import is_metrics_disabled
        from aws_lambda_powertools.metrics.provider.cloudwatch_emf.cloudwatch import AmazonCloudWatchEMFProvider

        if is_metrics_disabled():
            return
        for dimensions, counts in batch.items():
            if not counts:
                continue
            emf = AmazonCloudWatchEMFProvider(namespace=namespace(), service=SERVICE)
            for dim_name, dim_value in dimensions:
                emf.add_dimension(name=dim_name, value=dim_value)
            for name, value in counts.items():
                emf.add_metric(name=name, unit="Count", value=value)
            current = correlation_id()
            if current:
                emf.add_metadata(key="correlation_id", value=current)
            emf.flush_metrics()
    except Exception:
        from chalicelib.core.logging import logger

        logger.exception("writing metrics failed")
