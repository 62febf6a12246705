"""Make moto's DynamoDB transactions atomic under concurrency, as DynamoDB's are.

moto implements `TransactWriteItems` by deep-copying the tables it touches and restoring that copy
when a condition fails. With concurrent requests (threaded moto server, or racing threads in
tests) the restore clobbers writes made by others in between: a lost update DynamoDB never makes.
One re-entrant lock around moto's write paths restores the guarantee the app relies on. Reads
take it too: moto keeps items in a `defaultdict`, so reading a missing key inserts an empty entry,
which would change a table while a transaction is deep-copying it.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

_LOCK = threading.RLock()
_GUARDED = ("transact_write_items", "put_item", "update_item", "delete_item", "batch_write_item",
           "get_item", "query", "scan", "batch_get_item", "transact_get_items")
_applied = False


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
    _applied = True
