"""Driving the payment flow in unit tests: the stand-in plays Razorpay over real HTTP, the app's
webhook route gets its signed events, and the SQS consumer is invoked like the event source does."""

from __future__ import annotations

import json
import time
from typing import Any

import pyotp

from chalicelib.core import clients
from chalicelib.payments import ledger
from local.events import sqs_event
from tests.functional.conftest import at_quarter, session_body

FIXED_NOW = 1_900_000_000  # 2030-03-17T17:46:40Z: the payments tests' `fixed_clock`


class Payments:
    def __init__(self, api: Any, client: Any, standin: Any, market: Any, make_admin: Any) -> None:
        self.api, self.client, self.standin, self.market = api, client, standin, market
        self._make_admin = make_admin
        self._admin_token: str | None = None

    # ---------- people ----------
    def user_id(self, who: dict[str, Any]) -> str:
        return str(who["user"]["user_id"])

    @property
    def admin(self) -> str:
        if self._admin_token is None:
            a = self._make_admin()
            _, ch = self.api.call("POST", "/auth/login", {"email": a["email"], "password": a["password"]})
            _, at = self.api.call("POST", "/auth/login/totp",
                                  {"challenge": ch["challenge"], "code": pyotp.TOTP(a["secret"]).now()})
            self._admin_token = at["access_token"]
        return self._admin_token

    # ---------- booking and paying ----------
    def paid_booking(self, price: int = 49_900, who: dict[str, Any] | None = None, **over: Any) -> dict[str, Any]:
        self._slot = getattr(self, "_slot", 0) + 1  # each session in its own hour (mentor slots)
        over.setdefault("starts_at", at_quarter(86_400 + self._slot * 3_600))
        s = self.market.create(price_paise=price, seats=over.pop("seats", 3), **over)
        status, b = self.market.book(s["session_id"], who)
        assert status == 201 and b["status"] == "pending_payment", b
        return b

    def order(self, booking_id: str, who: dict[str, Any] | None = None) -> tuple[int, Any]:
        return self.api.call("POST", "/payments/orders", {"booking_id": booking_id},
                             token=(who or self.market.learner)["access_token"])

    def checkout(self, booking_id: str, outcome: str = "success", who: dict[str, Any] | None = None) -> dict[str, Any]:
        status, data = self.order(booking_id, who)
        assert status in (200, 201), data
        return {"order_id": data["checkout"]["order_id"], **self.standin.pay(data["checkout"]["order_id"], outcome)}

    def verify(self, result: dict[str, Any], who: dict[str, Any] | None = None) -> tuple[int, Any]:
        return self.api.call("POST", "/payments/verify", {
            "razorpay_order_id": result["razorpay_order_id"], "razorpay_payment_id": result["razorpay_payment_id"],
            "razorpay_signature": result["razorpay_signature"]}, token=(who or self.market.learner)["access_token"])

    # ---------- webhooks ----------
    def events(self, entity_id: str, event: str | None = None) -> list[dict[str, Any]]:
        self.settle()
        return self.standin.events(entity_id=entity_id, event=event)

    def settle(self) -> None:
        deadline = time.time() + 10
        while not self.standin.idle() and time.time() < deadline:
            time.sleep(0.02)

    def post_webhook(self, record: dict[str, Any]) -> tuple[int, Any]:
        return self.api.call("POST", "/webhooks/razorpay", raw=record["body"].encode(), headers=record["headers"])

    def deliver(self, records: list[dict[str, Any]], consume: bool = True) -> list[int]:
        statuses = [self.post_webhook(r)[0] for r in records]
        if consume:
            self.consume()
        return statuses

    def queue_url(self) -> str:
        from chalicelib.payments import webhooks

        return webhooks.queue_url()

    def consume(self, fail_limit: int = 0) -> list[Any]:
        """Run the SQS consumer over everything queued, as the Lambda event source would: a failed
        message stays on the queue (visible again at once here) until it succeeds."""
        sqs = clients.client("sqs")
        results = []
        while True:
            got = sqs.receive_message(QueueUrl=self.queue_url(), MaxNumberOfMessages=1, WaitTimeSeconds=0,
                                      AttributeNames=["All"], MessageAttributeNames=["All"], VisibilityTimeout=0)
            msgs = got.get("Messages", [])
            if not msgs:
                return results
            event = sqs_event(msgs, queue_arn="arn:aws:sqs:ap-south-1:123456789012:q", region="ap-south-1")
            try:
                results.append(self.client.lambda_.invoke("process_razorpay_webhook", event).payload)
            except Exception as exc:  # what Lambda reports; SQS redelivers
                results.append(exc)
                if int(msgs[0]["Attributes"]["ApproximateReceiveCount"]) >= (fail_limit or 3):
                    sqs.delete_message(QueueUrl=self.queue_url(), ReceiptHandle=msgs[0]["ReceiptHandle"])  # → DLQ
                continue
            sqs.delete_message(QueueUrl=self.queue_url(), ReceiptHandle=msgs[0]["ReceiptHandle"])

    def queued(self) -> int:
        attrs = clients.client("sqs").get_queue_attributes(QueueUrl=self.queue_url(), AttributeNames=["All"])
        return int(attrs["Attributes"]["ApproximateNumberOfMessages"])

    # ---------- the room ----------
    def mentor_attends(self, session_id: str) -> None:
        """The mentor's attendance interval, through the room's own writer (as a `join` frame opens
        it): the release of earnings waits for it. The room tests join through the socket."""
        from chalicelib.catalog.service import load
        from chalicelib.core import clock
        from chalicelib.rooms.access import load_room
        from chalicelib.rooms.attendance import open_interval

        room = load_room(load(session_id).room_code)
        mentor = self.market.mentor["user"]
        open_interval(room, "mentor", f"mentor-{session_id}", mentor["user_id"], mentor["name"],
                      clock.now_int() + 7200)

    # ---------- reading ----------
    def booking(self, booking_id: str, who: dict[str, Any] | None = None) -> dict[str, Any]:
        status, data = self.api.call("GET", f"/bookings/{booking_id}", token=(who or self.market.learner)["access_token"])
        assert status == 200, data
        return data

    def payment(self, order_id: str) -> dict[str, Any]:
        status, data = self.api.call("GET", f"/payments/orders/{order_id}", token=self.admin)
        assert status == 200, data
        return data

    def balances(self) -> dict[str, int]:
        mentor = self.user_id(self.market.mentor)
        return {"held": ledger.balance(ledger.mentor_held(mentor)),
                "available": ledger.balance(ledger.mentor_available(mentor)),
                "platform": ledger.balance(ledger.PLATFORM_FEES),
                "payouts": ledger.balance(ledger.mentor_payouts(mentor))}


def ledger_total() -> int:
    from chalicelib.payments.models import LedgerItem

    return sum(int(i.amount_paise or 0) for i in LedgerItem.scan())  # test-only full read


def body(record: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(record["body"]))


__all__ = ["Payments", "body", "ledger_total", "session_body"]
