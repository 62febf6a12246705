"""One Chalice middleware for every event type (`app.register_middleware(middleware, "all")`).

Per invocation it binds the correlation id (`core/correlation.py`) and the Lambda context keys of
the log lines (`core/logging.py`), collects the business metrics (`core/metrics.py`) and writes
them at the end, also when the handler raised. REST responses echo the id as `X-Correlation-Id`.

Where the id comes from: REST — a sane `X-Correlation-Id` header, else API Gateway's
`requestContext.requestId`, else a fresh uuid; WebSocket — the same (the header only exists on
`$connect` from non-browser clients); SQS — the `correlation_id` message attribute when every
record of the batch carries the same one (consumers of larger batches bind per record), else a
fresh uuid; schedules and anything else — a fresh uuid.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice.app import Request, SQSEvent, WebsocketEvent

from chalicelib.core import correlation, metrics
from chalicelib.core.logging import bound_keys

_cold_start = True


def _lambda_keys(context: Any) -> dict[str, Any]:
    """The fields Powertools' `inject_lambda_context` adds, without importing Powertools."""
    global _cold_start
    cold, _cold_start = _cold_start, False
    return {"function_name": getattr(context, "function_name", None),
            "function_memory_size": getattr(context, "memory_limit_in_mb", None),
            "function_arn": getattr(context, "invoked_function_arn", None) or None,
            "function_request_id": getattr(context, "aws_request_id", None),
            "cold_start": cold}


def _incoming_id(event: Any) -> str:
    if isinstance(event, Request):
        return correlation.choose(event.headers.get(correlation.HEADER), (event.context or {}).get("requestId"))
    if isinstance(event, WebsocketEvent):
        raw = event.to_dict()
        headers = {str(k).lower(): v for k, v in (raw.get("headers") or {}).items()}
        return correlation.choose(headers.get(correlation.HEADER.lower()),
                                  (raw.get("requestContext") or {}).get("requestId"))
    if isinstance(event, SQSEvent):
        found = {correlation.from_message_attributes(r.get("messageAttributes"))
                 for r in event.to_dict().get("Records") or []}
        return correlation.choose(found.pop() if len(found) == 1 else None)
    return correlation.new_correlation_id()


def middleware(event: Any, get_response: Callable[[Any], Any]) -> Any:
    context = event.lambda_context if isinstance(event, Request) else getattr(event, "context", None)
    with correlation.bound(_incoming_id(event)) as cid, bound_keys(**_lambda_keys(context)), metrics.invocation():
        response = get_response(event)
        if isinstance(event, Request):
            response.headers[correlation.HEADER] = cid
        return response
