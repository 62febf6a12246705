"""The moto process counts each table's successful writes, so the local outbox stream can sleep
until its table changes instead of querying it ten times a second."""

from __future__ import annotations

import json
import threading
import time

from local.moto_process import WriteCounter, _written_tables


def test_the_tables_a_write_request_touches():
    tx = {"TransactItems": [{"Put": {"TableName": "events", "Item": {}}},
                            {"Update": {"TableName": "bookings", "Key": {}}},
                            {"ConditionCheck": {"TableName": "sessions", "Key": {}}}]}
    assert sorted(_written_tables("TransactWriteItems", json.dumps(tx).encode())) == ["bookings", "events"]
    assert _written_tables("BatchWriteItem", b'{"RequestItems": {"events": [], "guards": []}}') == ["events", "guards"]
    assert _written_tables("PutItem", b'{"TableName": "events", "Item": {}}') == ["events"]
    assert _written_tables("UpdateItem", b"not json") == []


def test_a_wait_returns_at_the_next_write_of_its_table_or_at_its_timeout():
    counter = WriteCounter()
    assert counter.wait("events", -1, 0) == 0  # what it has seen so far: nothing
    counter.add(["bookings"])
    started = time.monotonic()
    assert counter.wait("events", 0, 0.2) == 0  # another table's write does not wake it
    assert time.monotonic() - started >= 0.15
    woke: list[int] = []
    waiter = threading.Thread(target=lambda: woke.append(counter.wait("events", 0, 10)))
    waiter.start()
    counter.add(["events", "events"])  # one request counts once per table
    waiter.join(5)
    assert woke == [1]
    assert counter.wait("events", 0, 10) == 1  # already past what the caller saw: at once
