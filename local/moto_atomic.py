"""Make moto's DynamoDB transactions atomic under concurrency, as DynamoDB's are.

moto implements `TransactWriteItems` by deep-copying the tables it touches and restoring that copy
when a condition fails. With concurrent requests (threaded moto server, or racing threads in
tests) the restore clobbers writes made by others in between: a lost update DynamoDB never makes.
One re-entrant lock around moto's write paths restores the guarantee the app relies on. Reads
take it too: moto keeps items in a `defaultdict`, so reading a missing key inserts an empty entry,
which would change a table while a transaction is deep-copying it.

It also honours `TransactWriteItems`' `ClientRequestToken`, which moto ignores. botocore fills the
token in and sends the same one when it retries a request that timed out; DynamoDB answers such a
repeat of a transaction that succeeded with success and changes nothing (for 10 minutes). Without
that, a retry on a loaded local stack ran the transaction twice and failed on its own first write's
conditions (a booking answered 404 "We couldn't find that user." from a notification's
`does_not_exist` check, under bench/events.py's load).
"""

from __future__ import annotations

import functools
import threading
import time
from typing import Any

_LOCK = threading.RLock()
_GUARDED = ("transact_write_items", "put_item", "update_item", "delete_item", "batch_write_item",
           "get_item", "query", "scan", "batch_get_item", "transact_get_items")
_applied = False
TOKEN_TTL_SECONDS = 600
_tokens: dict[str, tuple[float, Any]] = {}  # ClientRequestToken → (when, the successful answer)


def apply() -> None:
    global _applied
    if _applied:
        return
    from moto.dynamodb.models import DynamoDBBackend

    for name in _GUARDED:
        original = getattr(DynamoDBBackend, name)

        def locked(self: Any, *args: Any, __original: Any = original, **kwargs: Any) -> Any:
            with _LOCK:
                return __original(self, *args, **kwargs)

        setattr(DynamoDBBackend, name, functools.wraps(original)(locked))
    _honour_request_tokens()
    _applied = True


def _honour_request_tokens() -> None:
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.transact_write_items

    def transact_write_items(self: Any) -> Any:
        token = self.body.get("ClientRequestToken") if isinstance(self.body, dict) else None
        if not token:
            return original(self)
        with _LOCK:
            now = time.monotonic()
            for stale in [k for k, (at, _) in _tokens.items() if now - at > TOKEN_TTL_SECONDS]:
                del _tokens[stale]
            if token in _tokens:
                return _tokens[token][1]  # a retry of a transaction that succeeded: nothing again
            answer = original(self)  # raises when cancelled: a retry then runs it again, as DynamoDB does
            _tokens[token] = (now, answer)
            return answer

    DynamoHandler.transact_write_items = functools.wraps(original)(transact_write_items)  # type: ignore[method-assign]
