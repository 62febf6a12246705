"""Observability at the seam: the correlation id (header → log lines → SQS → consumer log lines)
and the business metrics written as EMF at the end of each invocation."""

from __future__ import annotations

import contextlib
import io
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from chalice.local import LambdaContext

from chalicelib.core import clients, correlation, metrics
from chalicelib.core.logging import logger
from local.events import sqs_event
from tests.functional.conftest import at_quarter
from tests.functional.payments_helpers import Payments

QUEUE_ARN = "arn:aws:sqs:ap-south-1:123456789012:q"


@pytest.fixture
def logs() -> Iterator[Any]:
    """The JSON lines the shared logger writes from now on."""
    handler = logger.registered_handler
    buf = io.StringIO()
    old = handler.setStream(buf)
    yield lambda: [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]
    handler.setStream(old)


@pytest.fixture
def pay(api, client, standin, market, make_admin):
    return Payments(api, client, standin, market, make_admin)


@contextlib.contextmanager
def emf(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """The EMF documents written to stdout inside the block (metrics enabled for it)."""
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
    logger.registered_handler  # noqa: B018 — build the logger first: its handler must not keep this stdout
    buf, docs = io.StringIO(), []
    with contextlib.redirect_stdout(buf):
        yield docs
    docs.extend(json.loads(line) for line in buf.getvalue().splitlines() if line.startswith('{"_aws"'))


def total(docs: list[dict[str, Any]], name: str) -> float:
    return sum(sum(d[name]) if isinstance(d[name], list) else d[name] for d in docs if name in d)


def echoed(api) -> str:
    return {k.lower(): v for k, v in api.last.headers.items()}["x-correlation-id"]


def refuse_webhook(api, **headers: str) -> int:
    """A request whose route logs a line: a webhook with a bad signature."""
    status, _ = api.call("POST", "/webhooks/razorpay", raw=b"{}", headers={"X-Razorpay-Signature": "ab" * 32, **headers})
    return status


# ---------- correlation id ----------

def test_the_id_goes_from_the_webhook_route_through_sqs_to_every_consumer_line(pay, api, client, logs):
    b = pay.paid_booking(20_000)
    r = pay.checkout(b["booking_id"])
    record = pay.events(r["order_id"], "payment.captured")[0]

    assert refuse_webhook(api, **{"X-Correlation-Id": "story-7.forged"}) == 400
    assert echoed(api) == "story-7.forged"
    refused = [line for line in logs() if line["message"] == "webhook with a bad signature refused"]
    assert refused and refused[-1]["correlation_id"] == "story-7.forged"

    assert pay.post_webhook({**record, "headers": {**record["headers"], "X-Correlation-Id": "story-7"}})[0] == 200
    assert echoed(api) == "story-7"
    before = len(logs())
    pay.consume()
    consumer = logs()[before:]
    processed = [line for line in consumer if line["message"] == "webhook processed"]
    assert processed and processed[0]["outcome"] == "captured"
    assert {line.get("correlation_id") for line in consumer} == {"story-7"}
    assert processed[0]["function_name"] == "process_razorpay_webhook" and "cold_start" in processed[0]
    assert pay.booking(b["booking_id"])["status"] == "confirmed"

    # The confirmation email queued by the consumer carries it on, and the outbox consumer binds it.
    sqs = clients.client("sqs")
    from chalicelib.core import email

    got = sqs.receive_message(QueueUrl=email.queue_url(), MaxNumberOfMessages=10, WaitTimeSeconds=0,
                              AttributeNames=["All"], MessageAttributeNames=["All"])["Messages"]
    confirmed = [m for m in got if "confirmed" in json.loads(m["Body"])["subject"]]
    assert confirmed and confirmed[0]["MessageAttributes"]["correlation_id"]["StringValue"] == "story-7"
    before = len(logs())
    client.lambda_.invoke("send_outbox_email", sqs_event(confirmed[:1], queue_arn=QUEUE_ARN, region="ap-south-1"))
    sent = [line for line in logs()[before:] if line["message"] == "email sent"]
    assert sent and sent[0]["correlation_id"] == "story-7"
    assert correlation.correlation_id() is None  # nothing leaks out of an invocation


@pytest.mark.parametrize("bogus", ["has space", "a" * 129, "semi;colon", "ünïcode", "new\nline", ""])
def test_a_bogus_header_is_replaced_on_the_response_and_the_log_line(api, logs, bogus):
    assert refuse_webhook(api, **{"X-Correlation-Id": bogus}) == 400
    replaced = echoed(api)
    assert replaced != bogus and correlation.sane(replaced) == replaced
    uuid.UUID(replaced)  # the test client's events have no API Gateway request id: a fresh uuid
    assert logs()[-1]["correlation_id"] == replaced


@pytest.mark.parametrize("good", ["A" * 128, "a.b_c-D9", "0"])
def test_a_sane_header_is_kept(api, logs, good):
    assert refuse_webhook(api, **{"X-Correlation-Id": good}) == 400
    assert echoed(api) == good and logs()[-1]["correlation_id"] == good


def test_every_request_without_a_header_gets_its_own_id(api):
    api.call("GET", "/health")
    first = echoed(api)
    api.call("GET", "/health")
    assert echoed(api) != first and correlation.sane(first) == first


def rest_event(headers: dict[str, str], request_id: str | None) -> dict[str, Any]:
    context: dict[str, Any] = {"resourcePath": "/health", "httpMethod": "GET"}
    if request_id:
        context["requestId"] = request_id
    return {"resource": "/health", "path": "/health", "httpMethod": "GET", "headers": headers,
            "multiValueHeaders": {k: [v] for k, v in headers.items()}, "queryStringParameters": None,
            "multiValueQueryStringParameters": None, "pathParameters": None, "stageVariables": None,
            "body": None, "isBase64Encoded": False, "requestContext": context}


@pytest.mark.parametrize(("headers", "request_id", "expected"), [
    ({}, "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"),
    ({"X-Correlation-Id": "from-the-client"}, "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "from-the-client"),
    ({"x-correlation-id": "bad value"}, "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"),
])
def test_api_gateways_request_id_is_the_fallback(headers, request_id, expected):
    from app import app

    response = app(rest_event(headers, request_id), LambdaContext("api_handler", 1024))
    assert response["statusCode"] == 200 and response["headers"]["X-Correlation-Id"] == expected


def test_bind_and_bound():
    assert correlation.correlation_id() is None
    with correlation.bound("outer"):
        assert correlation.bind("not sane!") != "not sane!"
        assert correlation.bind("inner") == "inner" and correlation.correlation_id() == "inner"
        assert correlation.message_attributes() == {"correlation_id": {"DataType": "String", "StringValue": "inner"}}
    assert correlation.correlation_id() is None and correlation.message_attributes() == {}


# ---------- metrics ----------

def test_a_booking_counts_once_per_invocation_as_emf(api, market, monkeypatch):
    free = market.create(price_paise=0, seats=2)
    with emf(monkeypatch) as docs:
        status, _ = market.book(free["session_id"])
    assert status == 201
    assert total(docs, "bookings_created") == 1 and total(docs, "bookings_confirmed") == 1
    doc = next(d for d in docs if "bookings_created" in d)
    cloudwatch = doc["_aws"]["CloudWatchMetrics"][0]
    assert cloudwatch["Namespace"] == "PeerLearn" and cloudwatch["Dimensions"] == [["service"]]
    assert {"Name": "bookings_created", "Unit": "Count"} in cloudwatch["Metrics"]
    assert doc["service"] == "peerlearn" and doc["correlation_id"] == echoed(api)

    paid = market.create(price_paise=10_000, seats=2, starts_at=at_quarter(2 * 86_400))
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "PeerLearnTest")
    with emf(monkeypatch) as docs:
        status, _ = market.book(paid["session_id"])
    assert status == 201
    assert total(docs, "bookings_created") == 1 and total(docs, "bookings_confirmed") == 0  # held, not paid
    assert docs[0]["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "PeerLearnTest"

    with emf(monkeypatch) as docs:
        assert market.book(paid["session_id"])[0] == 409  # already booked: nothing counted
    assert total(docs, "bookings_created") == 0


def test_a_capture_confirms_and_counts_in_the_consumer(pay, monkeypatch):
    b = pay.paid_booking(20_000)
    r = pay.checkout(b["booking_id"])
    records = pay.events(r["order_id"], "payment.captured")
    with emf(monkeypatch) as docs:
        pay.deliver(records * 2)  # a redelivery moves nothing and counts nothing
    assert total(docs, "payments_captured") == 1 and total(docs, "bookings_confirmed") == 1


def test_metrics_are_quiet_when_disabled(market, monkeypatch):
    s = market.create(price_paise=0, seats=2)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert market.book(s["session_id"])[0] == 201
    assert '"_aws"' not in buf.getvalue()


def test_a_dead_letter_is_counted_although_the_consumer_raises(client, logs, monkeypatch):
    message = {"MessageId": "m-1", "ReceiptHandle": "h", "Body": "not json",
               "Attributes": {"ApproximateReceiveCount": "3"},
               "MessageAttributes": {"correlation_id": {"DataType": "String", "StringValue": "dead-1"}}}
    with emf(monkeypatch) as docs, pytest.raises(ValueError):
        client.lambda_.invoke("process_razorpay_webhook", sqs_event([message], queue_arn=QUEUE_ARN, region="ap-south-1"))
    assert total(docs, "webhooks_dead_lettered") == 1 and docs[0]["correlation_id"] == "dead-1"
    failed = [line for line in logs() if line["message"] == "webhook processing failed"]
    assert failed and failed[0]["correlation_id"] == "dead-1"


def test_subscriber_failures_keep_their_own_dimension(monkeypatch):
    with emf(monkeypatch) as docs, pytest.raises(RuntimeError), metrics.invocation():
        metrics.count(metrics.REFUNDS_FAILED)
        metrics.record_subscriber_failure("email_on_booking_confirmed")
        metrics.record_subscriber_failure("email_on_booking_confirmed")
        raise RuntimeError("the handler failed")
    by_name = {name: d for d in docs for name in ("refunds_failed", "subscriber_failures") if name in d}
    assert by_name["refunds_failed"]["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["service"]]
    sub = by_name["subscriber_failures"]
    assert sub["subscriber"] == "email_on_booking_confirmed" and sub["subscriber_failures"] == [2.0]
    assert sorted(sub["_aws"]["CloudWatchMetrics"][0]["Dimensions"][0]) == ["service", "subscriber"]
