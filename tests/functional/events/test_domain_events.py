"""Domain events through the real outbox (moto): written with the change, delivered at least once,
each reaction once, failures retried and parked, dead letters replayed by an admin."""

from __future__ import annotations

import json
import time

import pytest
from pynamodb.transactions import TransactWrite

from chalicelib.core import clock, events
from chalicelib.core.events import OutboxEvent
from chalicelib.core.models import tx_connection
from chalicelib.events import dispatch, wiring
from chalicelib.events.models import DEAD, DISPATCHER, DONE, RETRY, Delivery
from tests.functional.conftest import drain_events
from tests.functional.payments_helpers import Payments


@pytest.fixture
def pay(api, client, standin, market, make_admin):
    standin.control(reset=True, settle_delay_ms=0)
    return Payments(api, client, standin, market, make_admin)


def paid(pay, price=30_000, **over):
    b = pay.paid_booking(price, **over)
    r = pay.checkout(b["booking_id"])
    status, data = pay.verify(r)
    assert status == 200 and data["booking"]["status"] == "confirmed", data
    return b, r["order_id"]


def outbox(type_=None):
    return [e for e in OutboxEvent.scan() if type_ is None or e.type == type_]


def deliveries(status=None):
    return [d for d in Delivery.scan() if status is None or d.status == status]


def raw_event(type_, version, payload, event_id):
    item = OutboxEvent(event_id=event_id, type=type_, version=version, aggregate="test#1",
                       payload=json.dumps(payload), correlation_id="corr-1", created_at=clock.now_int(),
                       pending="pending", expires_ttl=clock.now_int() + 3600)
    item.save()
    return item


@pytest.fixture
def counting(monkeypatch):
    """A test-only subscriber on profile.updated that counts its effects and can be told to fail."""
    calls = {"n": 0, "fail": 0, "reenter": None}

    def subscriber(event, meta):
        if event.user_id != "probe":  # real sign-ups in the fixtures publish profile.updated too
            return
        if calls["reenter"] is not None:  # a second dispatcher arrives while this one holds the claim
            record, calls["reenter"] = calls["reenter"], None
            inner = dispatch.deliver(record)
            assert inner.delivered == 0
        if calls["fail"]:
            calls["fail"] -= 1
            raise RuntimeError("downstream is down")
        calls["n"] += 1

    import sys
    import types

    module = types.ModuleType("tests_events_subscriber")
    module.count = subscriber
    monkeypatch.setitem(sys.modules, "tests_events_subscriber", module)
    monkeypatch.setitem(wiring.SUBSCRIBERS, "profile.updated",
                        (*wiring.SUBSCRIBERS["profile.updated"], "tests_events_subscriber:count"))
    return calls


def profile_event(user_id="probe"):
    from chalicelib.accounts.events import ProfileUpdated

    with TransactWrite(connection=tx_connection()) as tx:
        event_id = events.record(tx, ProfileUpdated(user_id=user_id, role="learner"))
    return OutboxEvent.get(event_id)


# ---------- the outbox is the change's transaction ----------

def test_cancelling_a_session_writes_its_event_with_it_and_a_failed_cancel_writes_none(api, market):
    s = market.create()
    token = market.mentor["access_token"]
    assert api.call("POST", f"/sessions/{s['session_id']}/cancel", {"reason": "Unwell"}, token=token)[0] == 200
    assert [json.loads(e.payload)["session_id"] for e in outbox("session.cancelled")] == [s["session_id"]]
    status, data = api.call("POST", f"/sessions/{s['session_id']}/cancel", {"reason": "Again"}, token=token)
    assert status == 409 and data["error"] == "stale_state"
    assert len(outbox("session.cancelled")) == 1
    # every subscriber of session.cancelled ran once, and nothing is left pending
    assert sorted(d.subscriber for d in deliveries(DONE) if d.type == "session.cancelled") == sorted(
        wiring.subscribers("session.cancelled"))
    assert not list(OutboxEvent.by_pending.query("pending"))


def test_the_booking_cascade_runs_through_events_and_keeps_user_visible_behaviour(pay, api, market):
    b, order = paid(pay, seats=2)
    session_id = b["session"]["session_id"]
    assert api.call("POST", f"/sessions/{session_id}/cancel", {"reason": "Unwell"},
                    token=market.mentor["access_token"])[0] == 200
    booking = pay.booking(b["booking_id"])
    assert booking["status"] == "cancelled" and booking["refund_status"] in ("requested", "processed")
    assert pay.payment(order)["refunded_paise"] == 30_000
    kinds = [e.type for e in outbox()]
    assert "session.cancelled" in kinds and "booking.cancelled" in kinds


# ---------- bad input and faults ----------

@pytest.mark.parametrize(("type_", "version", "payload", "reason"), [
    ("session.exploded", 1, {}, "unknown event type 'session.exploded'"),
    ("profile.updated", 9, {"user_id": "u", "role": "learner"}, "unknown event type 'profile.updated' version 9"),
    ("profile.updated", 1, {"user_id": 5}, "payload does not match profile.updated v1"),
])
def test_an_event_nobody_can_read_is_dead_lettered_and_does_not_stall_the_rest(type_, version, payload, reason,
                                                                               counting):
    raw_event(type_, version, payload, "00000000000000000000000001")
    good = profile_event()
    outcome = drain_events()
    assert counting["n"] == 1 and outcome.dead == 1
    (dead,) = deliveries(DEAD)
    assert dead.subscriber == DISPATCHER and reason in dead.reason
    assert not list(OutboxEvent.by_pending.query("pending"))
    assert Delivery.get(good.event_id, "tests_events_subscriber:count").status == DONE


def test_replaying_an_event_already_processed_changes_nothing(counting, api, pay):
    item = profile_event()
    drain_events()
    assert counting["n"] == 1
    status, data = api.call("POST", "/admin/event-deliveries/replay",
                            {"event_id": item.event_id, "subscriber": "tests_events_subscriber:count"}, token=pay.admin)
    assert status == 200 and data["replayed"] is False and data["status"] == DONE
    dispatch.deliver(events.as_record(item))  # and the stream delivering it again
    assert counting["n"] == 1


def test_two_dispatchers_with_the_same_event_react_once(counting):
    item = profile_event()
    counting["reenter"] = events.as_record(item)
    first = dispatch.deliver(events.as_record(item))
    assert counting["n"] == 1 and first.delivered >= 1
    assert dispatch.deliver(events.as_record(item)).delivered == 0
    assert counting["n"] == 1


def test_a_crash_between_the_effect_and_the_done_mark_is_recovered_with_one_effect(api, make_user, monkeypatch):
    from chalicelib.accounts.events import AccountNotice

    user = make_user("learner")
    uid = user["user"]["user_id"]
    before = api.call("GET", "/notifications", token=user["access_token"])[1]["items"]
    with TransactWrite(connection=tx_connection()) as tx:
        event_id = events.record(tx, AccountNotice(user_id=uid, kind="security", title="Heads up", body="b"))

    def crash(*args, **kwargs):
        raise SystemExit("the Lambda died after the effect")

    real_finish = dispatch._finish
    monkeypatch.setattr(dispatch, "_finish", crash)
    with pytest.raises(SystemExit):
        dispatch.deliver(events.as_record(OutboxEvent.get(event_id)))
    monkeypatch.setattr(dispatch, "_finish", real_finish)
    assert list(OutboxEvent.by_pending.query("pending"))  # still pending: the stream/poller comes back
    drain_events()  # the claim is still leased: nothing runs twice meanwhile
    clock.set_clock(lambda: time.time() + dispatch.LEASE_SECONDS + 1)
    drain_events()
    assert Delivery.get(event_id, "chalicelib.notifications.subscribers:tell_account_holder").status == DONE
    after = api.call("GET", "/notifications", token=user["access_token"])[1]["items"]
    assert [n["title"] for n in after if n not in before] == ["Heads up"]


def test_a_failing_subscriber_is_retried_with_backoff_then_parked_and_replayed_by_an_admin(counting, api, pay):
    admin = pay.admin  # signed in before the clock moves (TOTP follows the real clock)
    counting["fail"] = dispatch.MAX_ATTEMPTS
    item = profile_event()
    drain_events()
    d = Delivery.get(item.event_id, "tests_events_subscriber:count")
    assert d.status == RETRY and d.attempts == 1 and "downstream is down" in d.reason
    assert dispatch.retry_due()["delivered"] == 0  # not due yet: backoff
    now = clock.now_int()
    for attempt in range(2, dispatch.MAX_ATTEMPTS + 1):
        now += dispatch.backoff_seconds(attempt - 1) + 1
        clock.set_clock(lambda now=now: now)
        dispatch.retry_due()
        assert Delivery.get(item.event_id, "tests_events_subscriber:count").attempts == attempt
    d = Delivery.get(item.event_id, "tests_events_subscriber:count")
    assert d.status == DEAD and counting["n"] == 0
    status, page = api.call("GET", "/admin/event-deliveries", token=admin)
    assert status == 200 and [x["subscriber"] for x in page["items"]] == ["tests_events_subscriber:count"]
    status, data = api.call("POST", "/admin/event-deliveries/replay",
                            {"event_id": item.event_id, "subscriber": "tests_events_subscriber:count"}, token=admin)
    assert status == 200 and data["replayed"] is True and data["status"] == DONE and counting["n"] == 1
    assert api.call("GET", "/admin/event-deliveries", token=admin)[1]["items"] == []


def test_a_session_cancelled_while_refunds_fail_refunds_every_learner_once_after_the_retry(pay, api, market,
                                                                                          monkeypatch):
    from chalicelib.payments import refunds

    b1, o1 = paid(pay, 30_000, seats=2)
    session_id = b1["session"]["session_id"]
    _, b2 = market.book(session_id, market.other)
    r2 = pay.checkout(b2["booking_id"], who=market.other)
    assert pay.verify(r2, who=market.other)[0] == 200
    real = refunds.refund_booking
    monkeypatch.setattr(refunds, "refund_booking", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("Razorpay 503")))
    assert api.call("POST", f"/sessions/{session_id}/cancel", {"reason": "Unwell"},
                    token=market.mentor["access_token"])[0] == 200
    assert pay.payment(o1)["refunded_paise"] == 0 and pay.payment(r2["order_id"])["refunded_paise"] == 0
    assert len([d for d in deliveries(RETRY) if d.type == "booking.cancelled"]) == 2
    monkeypatch.setattr(refunds, "refund_booking", real)
    clock.set_clock(lambda: time.time() + dispatch.backoff_seconds(1) + 1)
    assert dispatch.retry_due()["delivered"] == 2
    assert dispatch.retry_due()["delivered"] == 0
    drain_events()
    assert pay.payment(o1)["refunded_paise"] == 30_000 and pay.payment(r2["order_id"])["refunded_paise"] == 30_000
    assert pay.balances() == {"held": 0, "available": 0, "platform": 0, "payouts": 0}


def test_a_bad_replay_request_is_a_4xx_and_changes_nothing(api, pay):
    for body in ({}, {"event_id": "x", "subscriber": "a b"}, {"event_id": "../x", "subscriber": "s"}):
        assert api.call("POST", "/admin/event-deliveries/replay", body, token=pay.admin)[0] == 400
    status, data = api.call("POST", "/admin/event-deliveries/replay", {"event_id": "abc", "subscriber": "nobody"},
                            token=pay.admin)
    assert status == 404


def test_events_and_their_reactions_carry_the_requests_correlation_id(api, market):
    s = market.create()
    status, _ = api.call("POST", f"/sessions/{s['session_id']}/cancel", {"reason": "Unwell"},
                         token=market.mentor["access_token"], headers={"X-Correlation-Id": "story-42"})
    assert status == 200 and api.last.headers.get("X-Correlation-Id") == "story-42"
    (event,) = outbox("session.cancelled")
    assert event.correlation_id == "story-42"
    assert {d.correlation_id for d in Delivery.query(event.event_id)} == {"story-42"}
