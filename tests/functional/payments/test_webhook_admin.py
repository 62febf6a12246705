"""What support sees and does with Razorpay's webhooks: dead letters (what is kept, who is told),
replaying one (back on the queue exactly like a fresh delivery, processed once), paging the lists,
and payout events applied by the worker. Also the mentor's withdrawal history, page by page.

Direct calls, as the SQS worker and the admin routes make them; the queue is moto's.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.core import clients, clock
from chalicelib.core.errors import BadRequest, Conflict, NotFound
from chalicelib.core.ids import new_id
from chalicelib.notifications.models import Notification
from chalicelib.payments import gateway, ledger, webhooks, withdrawals
from chalicelib.payments.ledger import Leg
from chalicelib.payments.models import Payment, PayoutAccount, WebhookEvent, Withdrawal
from tests.functional.payments_helpers import FIXED_NOW

NOW = FIXED_NOW  # the app clock of `fixed_clock`: stored times are exact
NOW_ISO = "2030-03-17T17:46:40Z"


pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def admin_id(make_admin: Any) -> str:
    from chalicelib.accounts.service import find_by_email

    return str(find_by_email(make_admin("ops@peerlearn.in")["email"]).user_id)


@pytest.fixture
def people(market: Any) -> dict[str, str]:
    return {"learner": market.learner["user"]["user_id"], "mentor": market.mentor["user"]["user_id"]}


def told(user_id: str) -> list[tuple[str, str, str, str | None]]:
    return [(n.kind, n.title, n.body, n.link) for n in Notification.query(user_id) if int(n.created_at) >= NOW]


def failed_payment_event(order_id: str) -> str:
    """`payment.failed` for one of our orders (Checkout copied our notes onto the payment)."""
    return json.dumps({"entity": "event", "event": "payment.failed", "created_at": NOW, "payload": {"payment": {
        "entity": {"id": "pay_Fail0001", "order_id": order_id, "status": "failed", "amount": 10_000,
                   "error_description": "Your bank declined the card.", "notes": {"peerlearn_kind": "booking"}}}}})


def dead_letter(event_id: str, body: str) -> Exception:
    """The worker's last allowed receive of an event it can't apply: recorded, then raised again."""
    with pytest.raises(Exception) as exc:
        webhooks.handle_one(event_id, body, receives=webhooks.MAX_RECEIVES)
    return exc.value


def queued() -> list[dict[str, Any]]:
    sqs = clients.client("sqs")
    got = sqs.receive_message(QueueUrl=webhooks.queue_url(), MaxNumberOfMessages=10, WaitTimeSeconds=0,
                              MessageAttributeNames=["All"], AttributeNames=["All"], VisibilityTimeout=0)
    return list(got.get("Messages", []))


def consume(messages: list[dict[str, Any]]) -> None:
    """What the Lambda event source does with the queue's messages."""
    from chalice.app import SQSEvent

    from local.events import sqs_event

    event = sqs_event(messages, queue_arn="arn:aws:sqs:ap-south-1:123456789012:q", region="ap-south-1")
    webhooks.handle_batch(SQSEvent(event, None))


def created_order(people: dict[str, str], order_id: str) -> None:
    mentor, platform = ledger.split(10_000)
    Payment(order_id=order_id, kind="booking", booking_id=new_id(), session_id="s1", learner_id=people["learner"],
            mentor_id=people["mentor"], amount_paise=10_000, mentor_paise=mentor, platform_paise=platform,
            status="created", created_at=NOW, updated_at=NOW).save()


# ---------- dead letters and replaying them ----------

def test_an_event_that_keeps_failing_is_kept_for_support_and_replayed_once_its_order_exists(people, admin_id):
    order = "order_NotYet00001"
    body = failed_payment_event(order)
    with pytest.raises(webhooks.NotYetKnown):
        webhooks.handle_one("evt_1", body, receives=1)  # SQS retries: nothing is kept yet
    assert WebhookEvent.count() == 0
    dead_letter("evt_1", body)
    page = webhooks.dead_letters("dead", None, 10)
    assert [e.model_dump() for e in page.items] == [{
        "event_id": "evt_1", "event": "payment.failed", "entity_id": "pay_Fail0001", "status": "dead",
        "error": f"NotYetKnown: order {order} is not recorded yet", "attempts": 3, "received_at": NOW_ISO}]
    assert page.next_cursor is None
    assert WebhookEvent.get("evt_1").body == body
    assert told(admin_id) == [("webhook_dead", "Webhook dead-lettered: payment.failed",
                               f"Event evt_1 failed 3 times: order {order} is not recorded yet",
                               "/dashboard/admin/payments")]

    created_order(people, order)  # the order is recorded at last
    out = webhooks.replay("evt_1")
    assert (out.event_id, out.status) == ("evt_1", "replayed")
    assert WebhookEvent.get("evt_1").admin_state == "replayed"
    [message] = queued()
    assert message["Body"] == body
    attrs = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
    assert (attrs["event_id"], attrs["event"]) == ("evt_1", "payment.failed")
    with pytest.raises(Conflict) as again:
        webhooks.replay("evt_1")  # a second click
    assert (again.value.code, again.value.message) == ("stale_state", "This event was already replayed.")

    consume([message])
    stored = WebhookEvent.get("evt_1")
    assert (stored.status, stored.admin_state, stored.body) == ("processed", None, None)
    assert WebhookEvent.count() == 1  # processed under its own event id, not the queue message's
    assert webhooks.dead_letters("replayed", None, 10).items == []
    assert Payment.get(order).status == "failed"
    assert told(people["learner"]) == [("payment_failed", "Payment failed",
                                        "Your bank declined the card. You can retry 2 more times.",
                                        "/dashboard/learner/activity")]
    with pytest.raises(NotFound) as gone:
        webhooks.replay("evt_1")  # processed: no longer a dead letter
    assert (gone.value.code, gone.value.message) == ("not_found", "There is no dead-lettered event with that id.")


def test_replaying_an_event_that_was_never_dead_lettered_is_not_found():
    with pytest.raises(NotFound) as exc:
        webhooks.replay("evt_never")
    assert (exc.value.status, exc.value.code, exc.value.message) == (
        404, "not_found", "There is no dead-lettered event with that id.")


def test_a_body_that_is_not_an_event_is_kept_as_an_unknown_event_and_replayed_as_one(admin_id):
    exc = dead_letter("evt_list", "[1, 2]")
    assert isinstance(exc, AttributeError)
    [e] = webhooks.dead_letters("dead", None, 10).items
    assert (e.event, e.entity_id, e.status, e.error) == ("", "", "dead", f"AttributeError: {exc}")
    assert told(admin_id) == [("webhook_dead", "Webhook dead-lettered: unknown event",
                               f"Event evt_list failed 3 times: {exc}", "/dashboard/admin/payments")]
    webhooks.replay("evt_list")
    [message] = queued()
    assert message["Body"] == "[1, 2]"
    attrs = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
    assert (attrs["event_id"], attrs["event"]) == ("evt_list", "unknown")


def test_a_long_failure_is_cut_to_500_characters_stored_and_300_told(admin_id):
    order = "order_" + "x" * 600
    dead_letter("evt_long", failed_payment_event(order))
    error = f"NotYetKnown: order {order} is not recorded yet"
    assert WebhookEvent.get("evt_long").error == error[:500]
    [(_, _, body, _)] = told(admin_id)
    assert body == f"Event evt_long failed 3 times: order {order} is not recorded yet"[:300]
    assert len(body) == 300


def test_dead_letters_page_newest_first_and_a_cursor_stays_in_its_own_list():
    for n in range(3):
        clock.set_clock(lambda n=n: float(NOW + n))
        dead_letter(f"evt_{n}", "[]")
    first = webhooks.dead_letters("dead", None, 2)
    assert [e.event_id for e in first.items] == ["evt_2", "evt_1"] and first.next_cursor
    rest = webhooks.dead_letters("dead", first.next_cursor, 2)
    assert ([e.event_id for e in rest.items], rest.next_cursor) == (["evt_0"], None)
    with pytest.raises(BadRequest) as exc:
        webhooks.dead_letters("replayed", first.next_cursor, 2)
    assert exc.value.code == "bad_cursor"


# ---------- payout events, as the worker applies them ----------

def requested(owner: str, amount: int, monkeypatch: pytest.MonkeyPatch) -> str:
    available, _ = withdrawals.accounts_of(owner)
    ledger.post(f"fund:{new_id()}", "test_funding", [Leg(ledger.external("test"), -amount), Leg(available, amount)])
    PayoutAccount(owner=owner, kind="vpa", masked="vi****@okicici", contact_id="cont_1", fund_account_id="fa_1",
                  updated_at=NOW).save()

    def unreachable(body: dict[str, Any], key: str) -> dict[str, Any]:
        raise gateway.PaymentsUnavailable()

    with monkeypatch.context() as m:
        m.setattr(gateway, "create_payout", unreachable)
        return withdrawals.withdraw(owner, amount).withdrawal_id


def payout_event(name: str, entity: dict[str, Any]) -> str:
    return json.dumps({"entity": "event", "event": name, "created_at": NOW,
                       "payload": {"payout": {"entity": {"id": "pout_1", "entity": "payout", **entity}}}})


def test_a_payout_event_is_applied_by_the_status_it_carries(people, monkeypatch):
    wid = requested(people["mentor"], 20_000, monkeypatch)
    body = payout_event("payout.updated", {"status": "processed", "reference_id": wid, "utr": "UTR55"})
    assert webhooks.handle_one("evt_p1", body) == "payout_processed"
    w = Withdrawal.get(wid)
    assert (w.status, w.utr) == ("processed", "UTR55")


def test_a_payout_event_without_a_status_is_applied_by_its_name(people, monkeypatch):
    wid = requested(people["mentor"], 20_000, monkeypatch)
    assert webhooks.handle_one("evt_p2", payout_event("payout.reversed", {"reference_id": wid})) == "payout_reversed"
    assert Withdrawal.get(wid).status == "reversed"
    available, pending = withdrawals.accounts_of(people["mentor"])
    assert (ledger.balance(available), ledger.balance(pending)) == (20_000, 0)


@pytest.mark.parametrize("entity", [{"status": "processed", "reference_id": "wd_not_ours"}, {"status": "processed"}])
def test_a_payout_we_never_asked_for_is_noted_and_changes_nothing(people, monkeypatch, entity):
    wid = requested(people["mentor"], 20_000, monkeypatch)
    assert webhooks.handle_one("evt_p3", payout_event("payout.processed", entity)) == "unknown_payout"
    assert Withdrawal.get(wid).status == "requested"
    assert WebhookEvent.get("evt_p3").status == "processed"  # applied (as nothing): not retried


# ---------- the mentor's withdrawal history ----------

def a_withdrawal(owner: str, at: int, status: str = "processed") -> str:
    wid = new_id()
    Withdrawal(withdrawal_id=wid, owner=owner, amount_paise=10_000 + at - NOW, status=status,
               destination="vi****@okicici", mode="UPI", fund_account_id="fa_1", created_at=at, updated_at=at).save()
    return wid


def test_withdrawal_history_pages_newest_first_within_the_owners_own_list(people):
    mentor = people["mentor"]
    oldest, middle, newest = (a_withdrawal(mentor, NOW + n) for n in (0, 10, 20))
    a_withdrawal(people["learner"], NOW + 30)  # someone else's
    first = withdrawals.history(mentor, None, 2)
    assert [(w.withdrawal_id, w.amount_paise, w.status_text) for w in first.items] == [
        (newest, 10_020, "Processed"), (middle, 10_010, "Processed")]
    assert first.next_cursor
    rest = withdrawals.history(mentor, first.next_cursor, 2)
    assert ([w.withdrawal_id for w in rest.items], rest.next_cursor) == ([oldest], None)
    with pytest.raises(BadRequest) as exc:
        withdrawals.history(people["learner"], first.next_cursor, 2)  # a cursor can't reach another list
    assert exc.value.code == "bad_cursor"
