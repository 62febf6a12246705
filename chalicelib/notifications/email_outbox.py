"""SQS consumer for the email outbox (batch size 1: a failure redelivers only that email)."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.core.email import send_now
from chalicelib.core.logging import logger


def handle_batch(event: Any) -> None:
    for record in event:
        try:
            message = json.loads(record.body)
        except ValueError:
            # A body that is not JSON can never succeed: drop it loudly instead of looping to the DLQ.
            logger.error("dropping malformed outbox message", extra={"body": record.body[:200]})
            continue
        if not isinstance(message, dict) or not {"to", "subject", "text"} <= message.keys():
            logger.error("dropping incomplete outbox message")
            continue
        send_now(message)
        logger.info("email sent", extra={"subject": message["subject"]})
