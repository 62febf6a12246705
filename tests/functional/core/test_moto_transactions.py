"""The local stack's and the tests' moto keeps DynamoDB's all-or-nothing transactions with a per-item
undo journal (local/moto_atomic.py) instead of moto's whole-table copies: a cancelled transaction
leaves every item exactly as it was (new ones gone, updated and deleted ones back), and the first
successful write still wins a race."""

from __future__ import annotations

import threading

import pytest
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.core.models import tx_connection
from chalicelib.notifications.models import Notification


def _note(user: str, key: str, title: str) -> Notification:
    return Notification(user_id=user, sort_key=key, kind="test", title=title, body="", read=False, created_at=1)


def test_a_cancelled_transaction_changes_nothing():
    _note("u1", "a", "kept").save()
    _note("u1", "b", "to delete").save()
    with pytest.raises(TransactWriteError) as cancelled:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.save(_note("u1", "new", "never stored"))
            tx.update(Notification(user_id="u1", sort_key="a"), actions=[Notification.title.set("changed")])
            tx.delete(Notification(user_id="u1", sort_key="b"))
            tx.condition_check(Notification, "u1", "missing", condition=Notification.sort_key.exists())
    reasons = [r.code if r else None for r in cancelled.value.cancellation_reasons or []]
    assert sorted(reasons, key=str) == ["ConditionalCheckFailed", None, None, None]  # PynamoDB sends checks first
    assert {n.sort_key: n.title for n in Notification.query("u1")} == {"a": "kept", "b": "to delete"}


def test_a_later_transaction_after_a_cancelled_one_applies_in_full():
    _note("u2", "a", "one").save()
    with pytest.raises(TransactWriteError):
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(Notification(user_id="u2", sort_key="a"), actions=[Notification.title.set("two")])
            tx.save(_note("u2", "a2", "x"), condition=Notification.sort_key.exists())
    with TransactWrite(connection=tx_connection()) as tx:
        tx.update(Notification(user_id="u2", sort_key="a"), actions=[Notification.title.set("three")])
        tx.save(_note("u2", "a3", "y"), condition=Notification.sort_key.does_not_exist())
    assert {n.sort_key: n.title for n in Notification.query("u2")} == {"a": "three", "a3": "y"}


def test_racing_transactions_on_one_item_one_wins():
    wins: list[int] = []

    def claim(i: int) -> None:
        try:
            with TransactWrite(connection=tx_connection()) as tx:
                tx.save(_note("u3", "only", f"by {i}"), condition=Notification.sort_key.does_not_exist())
                tx.save(_note("u3", f"side-{i}", "side effect"))
            wins.append(i)
        except TransactWriteError:
            pass

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = {n.sort_key: n.title for n in Notification.query("u3")}
    assert len(wins) == 1
    assert stored == {"only": f"by {wins[0]}", f"side-{wins[0]}": "side effect"}  # the losers left no side effect
