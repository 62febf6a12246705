"""Lambda-shaped events and contexts, built the way AWS builds them.

Every handler is called through the wrapper Chalice's Lambda entry point uses (`app.handler_map`
holds the same callables Lambda imports as `app.<name>`), with an event dict shaped like the real
one: API Gateway WebSocket events, SQS event-source-mapping batches, EventBridge scheduled events.
"""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

ACCOUNT_ID = "123456789012"  # moto's default account


class FakeLambdaContext:
    """The attributes of the real Lambda context object that handlers may read."""

    def __init__(self, function_name: str, *, region: str, timeout_seconds: int = 900,
                 memory_limit_in_mb: int = 512) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{region}:{ACCOUNT_ID}:function:{function_name}"
        self.memory_limit_in_mb = memory_limit_in_mb
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = f"{datetime.now(UTC):%Y/%m/%d}/[$LATEST]{uuid.uuid4().hex}"
        self.identity: Any = None
        self.client_context: Any = None
        self._deadline = time.monotonic() + timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def _apigw_time(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")


def _single_and_multi(pairs: Sequence[tuple[str, str]]) -> tuple[dict[str, str], dict[str, list[str]]]:
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for key, value in pairs:
        single[key] = value  # API Gateway keeps the last value in the single-value map
        multi.setdefault(key, []).append(value)
    return single, multi


def websocket_event(*, route_key: str, connection_id: str, api_id: str, stage: str, domain_name: str,
                    connected_at_ms: int, source_ip: str, user_agent: str,
                    headers: Sequence[tuple[str, str]] | None = None,
                    query: Sequence[tuple[str, str]] | None = None,
                    body: str | bytes | None = None,
                    disconnect_status_code: int | None = None,
                    disconnect_reason: str | None = None) -> dict[str, Any]:
    """An API Gateway WebSocket event for `$connect`, `$disconnect` or a message route."""
    now = time.time()
    event_type = {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}.get(route_key, "MESSAGE")
    request_id = base64.b64encode(uuid.uuid4().bytes[:6]).decode().rstrip("=") + "="
    context: dict[str, Any] = {
        "routeKey": route_key,
        "eventType": event_type,
        "extendedRequestId": request_id,
        "requestTime": _apigw_time(now),
        "messageDirection": "IN",
        "stage": stage,
        "connectedAt": connected_at_ms,
        "requestTimeEpoch": int(now * 1000),
        "identity": {"sourceIp": source_ip, "userAgent": user_agent},
        "requestId": request_id,
        "domainName": domain_name,
        "connectionId": connection_id,
        "apiId": api_id,
    }
    event: dict[str, Any] = {"requestContext": context, "isBase64Encoded": False}
    if event_type == "MESSAGE":
        context["messageId"] = base64.b64encode(uuid.uuid4().bytes[:9]).decode()
    if event_type == "DISCONNECT":
        context["disconnectStatusCode"] = disconnect_status_code if disconnect_status_code is not None else 1005
        context["disconnectReason"] = disconnect_reason or ""
    if headers is not None:
        event["headers"], event["multiValueHeaders"] = _single_and_multi(headers)
    if query:
        event["queryStringParameters"], event["multiValueQueryStringParameters"] = _single_and_multi(query)
    if isinstance(body, bytes):
        event["body"] = base64.b64encode(body).decode("ascii")
        event["isBase64Encoded"] = True
    elif body is not None:
        event["body"] = body
    return event


def sqs_event(messages: Sequence[Mapping[str, Any]], *, queue_arn: str, region: str) -> dict[str, Any]:
    """A Lambda SQS event (event-source mapping) from `receive_message` results."""
    records = []
    for msg in messages:
        attributes = {str(k): str(v) for k, v in (msg.get("Attributes") or {}).items()}
        records.append({
            "messageId": msg["MessageId"],
            "receiptHandle": msg["ReceiptHandle"],
            "body": msg.get("Body", ""),
            "attributes": attributes,
            "messageAttributes": _lambda_message_attributes(msg.get("MessageAttributes") or {}),
            "md5OfBody": msg.get("MD5OfBody", ""),
            "eventSource": "aws:sqs",
            "eventSourceARN": queue_arn,
            "awsRegion": region,
        })
    return {"Records": records}


def _b64(value: Any) -> str:
    raw = value if isinstance(value, bytes) else str(value).encode()
    return base64.b64encode(raw).decode("ascii")


def _lambda_message_attributes(attrs: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, attr in attrs.items():
        item: dict[str, Any] = {
            "stringListValues": list(attr.get("StringListValues") or []),
            "binaryListValues": [_b64(v) for v in attr.get("BinaryListValues") or []],
            "dataType": attr.get("DataType", "String"),
        }
        if "StringValue" in attr:
            item["stringValue"] = attr["StringValue"]
        if "BinaryValue" in attr:
            item["binaryValue"] = _b64(attr["BinaryValue"])
        out[name] = item
    return out


def scheduled_event(rule_name: str, *, region: str, at: float | None = None) -> dict[str, Any]:
    """An EventBridge "Scheduled Event" as delivered to a Lambda target."""
    when = datetime.fromtimestamp(time.time() if at is None else at, UTC)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [f"arn:aws:events:{region}:{ACCOUNT_ID}:rule/{rule_name}"],
        "detail": {},
    }
