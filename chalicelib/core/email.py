"""Outgoing email: enqueue now, send from SQS (retries and SES throttling stay off the request path)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from chalicelib.core import correlation
from chalicelib.core.clients import client
from chalicelib.core.settings import get_settings


@lru_cache(maxsize=8)
def _queue_url(name: str, endpoint: str | None, region: str) -> str:
    return str(client("sqs").get_queue_url(QueueName=name)["QueueUrl"])


def queue_url() -> str:
    s = get_settings()
    return _queue_url(s.email_queue_name, s.aws_endpoint_url, s.region)


def queue_email(to: str, subject: str, text: str, *, dedupe_key: str | None = None) -> None:
    message: dict[str, Any] = {"to": to, "subject": subject, "text": text}
    if dedupe_key:
        message["dedupe_key"] = dedupe_key
    carried = correlation.message_attributes()  # the consumer's log lines carry the sender's correlation id
    client("sqs").send_message(QueueUrl=queue_url(), MessageBody=json.dumps(message),
                               **({"MessageAttributes": carried} if carried else {}))


def send_now(message: dict[str, Any]) -> None:
    """Called by the outbox consumer. Raises on failure so SQS redelivers (then dead-letters)."""
    to, subject, text = message["to"], message["subject"], message["text"]
    client("ses").send_email(
        Source=get_settings().email_sender,
        Destination={"ToAddresses": [to]},
        Message={"Subject": {"Data": subject, "Charset": "UTF-8"},
                 "Body": {"Text": {"Data": text, "Charset": "UTF-8"}}},
    )
