"""Make moto's DynamoDB transactions atomic under concurrency, as DynamoDB's are.

moto implements `TransactWriteItems` by deep-copying the tables it touches and restoring that copy
when a condition fails. With concurrent requests (threaded moto server, or racing threads in
tests) the restore clobbers writes made by others in between: a lost update DynamoDB never makes.
One re-entrant lock around moto's write paths restores the guarantee the app relies on. Reads
take it too: moto keeps items in a `defaultdict`, so reading a missing key inserts an empty entry,
which would change a table while a transaction is deep-copying it.

Its rollback copy is also replaced: moto deep-copies every table a transaction touches before it
starts (O(table) per transaction, seconds per write once the outbox and bookings hold thousands of
items under bench/events.py's load, until botocore's 60 s timeouts). `_journaled_transact_write`
keeps instead a copy of each item it is about to change and, when the transaction is cancelled,
puts those back (and drops the stream records it added): the same all-or-nothing outcome, at the
cost of the items written. The lock above already keeps other writers out meanwhile.

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
    journaled = DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        with _LOCK:
            return _journaled_transact_write(self, transact_items)

    DynamoDBBackend.transact_write_items = functools.wraps(journaled)(transact_write_items)  # type: ignore[method-assign]
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


def _rollback(undo: list[tuple[Any, Any, Any, Any]], streams: dict[int, tuple[Any, int]]) -> None:
    """Put back each item as it was before the transaction (newest first) and drop its stream records."""
    for table, hash_value, range_value, before in reversed(undo):
        if range_value is None:
            if before is None:
                table.items.pop(hash_value, None)
            else:
                table.items[hash_value] = before
        elif before is None:
            table.items[hash_value].pop(range_value, None)
            if not table.items[hash_value]:
                table.items.pop(hash_value, None)
        else:
            table.items[hash_value][range_value] = before
    for shard, length in streams.values():
        del shard.items[length:]


def _key_of(table: Any, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    if op_type != "Put":
        return dict(op["Key"])
    attrs = op["Item"]
    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = attrs[table.range_key_attr]
    return key


def _write(backend: Any, op_type: str, op: dict[str, Any], key: dict[str, Any]) -> None:
    common = {"condition_expression": op.get("ConditionExpression"),
              "expression_attribute_names": op.get("ExpressionAttributeNames"),
              "expression_attribute_values": op.get("ExpressionAttributeValues")}
    if op_type == "Put":
        backend.put_item(op["TableName"], op["Item"], **common)
    elif op_type == "Delete":
        backend.delete_item(op["TableName"], key, **common)
    elif op_type == "Update":
        backend.update_item(op["TableName"], key, update_expression=op["UpdateExpression"], **common)


def _journaled_transact_write(backend: Any, transact_items: list[dict[str, Any]]) -> None:
    """moto 5.2's `transact_write_items`, with a per-item undo journal instead of whole-table copies.
    Same checks, same order, same exceptions (and the same cancellation reasons, one per item)."""
    import copy

    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import (
        ConditionalCheckFailed,
        MockValidationException,
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactionCanceledException,
        TransactWriteSingleOpException,
    )
    from moto.dynamodb.models.dynamo_type import DynamoType

    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    undo: list[tuple[Any, Any, Any, Any]] = []  # (table, hash, range, the item before) in write order
    streams: dict[int, tuple[Any, int]] = {}  # id(shard) → (shard, its length before)
    target_items: set[tuple[str, str]] = set()
    errors: list[tuple[str | None, str | None, dict[str, Any] | None]] = []
    for item in transact_items:
        original_item: dict[str, Any] | None = None
        if len(list(item.keys())) > 1:
            raise TransactWriteSingleOpException
        try:
            op_type, op = next(iter(item.items()))
            if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                raise ValueError("Unsupported transaction operation")
            table = backend.get_table(op["TableName"])
            key = _key_of(table, op_type, op)
            unique = (str(op["TableName"]), str(dict(sorted(key.items()))))
            if unique in target_items:
                raise MultipleTransactionsException()
            target_items.add(unique)
            current = backend.get_item(op["TableName"], key)
            if op.get("ConditionExpression") is not None:
                condition = get_filter_expression(op["ConditionExpression"], op.get("ExpressionAttributeNames"),
                                                  op.get("ExpressionAttributeValues"))
                if not condition.expr(current):
                    if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                        original_item = current.to_json()["Attributes"]
                    raise ConditionalCheckFailed(item=original_item)
            if op_type != "ConditionCheck":
                range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
                undo.append((table, DynamoType(key[table.hash_key_attr]), range_value, copy.deepcopy(current)))
                shard = table.stream_shard
                if shard is not None and id(shard) not in streams:
                    streams[id(shard)] = (shard, len(shard.items))
                _write(backend, op_type, op, key)
            errors.append((None, None, None))
        except (MultipleTransactionsException, MockValidationException):
            _rollback(undo, streams)
            raise
        except ConditionalCheckFailed as e:
            errors.append(("ConditionalCheckFailed", str(e.message), original_item))
        except Exception as e:  # as moto: any other failure cancels the transaction with its reason
            errors.append((type(e).__name__, str(e), original_item))
    if any(code is not None for code, _, _ in errors):
        _rollback(undo, streams)
        raise TransactionCanceledException(errors)
