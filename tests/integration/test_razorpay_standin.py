"""The local Razorpay stand-in, spoken to by the real `razorpay` SDK and a real webhook receiver.

One stand-in and one receiver serve the module; every test works on its own orders / payouts and
filters what it sees by their ids. Waiting is always polling with a deadline.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from local.razorpay_standin import Standin, start_standin

razorpay = pytest.importorskip("razorpay")
from razorpay.errors import BadRequestError, SignatureVerificationError  # noqa: E402

pytestmark = pytest.mark.integration

KEY_ID = "rzp_test_standin01"
KEY_SECRET = "standin-key-secret"
WEBHOOK_SECRET = "standin-webhook-secret"
ACCOUNT_NUMBER = "7878780080316316"


# -- a tiny webhook receiver ------------------------------------------------------------------------------------
@dataclass
class Received:
    event: str
    event_id: str
    signature: str
    body: bytes
    entity_ids: list[str]
    status: int

    @property
    def payload(self) -> dict[str, Any]:
        return dict(json.loads(self.body))


class Receiver:
    """Records every webhook POST; answers 500 to the next `fail(entity_id, n)` deliveries about that entity."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: list[Received] = []
        self.failures: dict[str, int] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                data = json.loads(body)
                ids = [w["entity"]["id"] for w in data["payload"].values()]
                with outer.lock:
                    status = 200
                    for entity_id in ids:
                        if outer.failures.get(entity_id, 0) > 0:
                            outer.failures[entity_id] -= 1
                            status = 500
                    outer.items.append(Received(data["event"], self.headers["x-razorpay-event-id"],
                                                self.headers["X-Razorpay-Signature"], body, ids, status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self) -> None:  # a stand-in for the SPA's pages in the browser test
                body = b"<!doctype html><html lang='en'><title>PeerLearn</title><h1>PeerLearn</h1></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/webhooks/razorpay"

    def fail(self, entity_id: str, times: int) -> None:
        with self.lock:
            self.failures[entity_id] = times

    def about(self, entity_id: str) -> list[Received]:
        with self.lock:
            return [r for r in self.items if entity_id in r.entity_ids]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.stop()


@pytest.fixture(scope="module")
def standin(receiver: Receiver) -> Iterator[Standin]:
    s = start_standin(KEY_ID, KEY_SECRET, WEBHOOK_SECRET, receiver.url, settle_delay_ms=20,
                      retry_delays=(0.05, 0.1, 0.2), account_number=ACCOUNT_NUMBER)
    yield s
    s.stop()


@pytest.fixture(autouse=True)
def quiet_standin(request: pytest.FixtureRequest, poll: Callable[..., Any]) -> Iterator[None]:
    """Every test starts with default controls and nothing in flight from the previous one."""
    if "standin" not in request.fixturenames:
        yield
        return
    s: Standin = request.getfixturevalue("standin")
    s.control(reset=True, settle_delay_ms=20)

    poll(s.idle, timeout=10, message="the stand-in to settle")
    yield


@pytest.fixture
def client(standin: Standin) -> Any:
    return razorpay.Client(auth=(KEY_ID, KEY_SECRET), base_url=standin.url)


def new_order(client: Any, amount: int = 49900, **extra: Any) -> dict[str, Any]:
    return dict(client.order.create({"amount": amount, "currency": "INR", "receipt": "bk_test", **extra}))


def names(items: list[Received]) -> list[str]:
    return [r.event for r in items]


def checkout_fields(result: dict[str, Any]) -> dict[str, str]:
    return {k: result[k] for k in ("razorpay_order_id", "razorpay_payment_id", "razorpay_signature")}


# -- orders and auth ----------------------------------------------------------------------------------------------
def test_orders_create_and_fetch_with_documented_shape(client: Any) -> None:
    # WHEN an order is created through the SDK
    order = new_order(client, 50000, notes={"booking_id": "bk_1"})
    # THEN it has Razorpay's documented shape, and fetch returns the same
    assert order["id"].startswith("order_") and len(order["id"]) == len("order_") + 14
    assert {k: order[k] for k in ("entity", "amount", "amount_paid", "amount_due", "currency", "receipt", "status",
                                  "attempts", "notes")} == {
        "entity": "order", "amount": 50000, "amount_paid": 0, "amount_due": 50000, "currency": "INR",
        "receipt": "bk_test", "status": "created", "attempts": 0, "notes": {"booking_id": "bk_1"}}
    assert isinstance(order["created_at"], int)
    assert client.order.fetch(order["id"]) == order
    assert client.order.payments(order["id"]) == {"entity": "collection", "count": 0, "items": []}
    assert new_order(client)["notes"] == []  # empty notes serialise as an array, as Razorpay does


@pytest.mark.parametrize(("body", "field", "text"), [
    ({"amount": 99, "currency": "INR"}, "amount", "at least INR 1.00"),
    ({"amount": 100.5, "currency": "INR"}, "amount", "must be an integer"),
    ({"currency": "INR"}, "amount", "required"),
    ({"amount": 1000, "currency": "USD"}, "currency", "invalid"),
    ({"amount": 1000, "currency": "INR", "receipt": "x" * 41}, "receipt", "40 characters"),
    ({"amount": 1000, "currency": "INR", "colour": "red"}, "colour", "should not be sent"),
])
def test_order_validation_uses_razorpays_error_format(standin: Standin, client: Any, body: dict[str, Any],
                                                      field: str, text: str) -> None:
    with pytest.raises(BadRequestError, match=text):
        client.order.create(body)
    raw = requests.post(f"{standin.url}/v1/orders", json=body, auth=(KEY_ID, KEY_SECRET), timeout=5)
    assert raw.status_code == 400
    error = raw.json()["error"]
    assert error["code"] == "BAD_REQUEST_ERROR" and error["field"] == field and text in error["description"]


def test_basic_auth_is_required(standin: Standin) -> None:
    missing = requests.get(f"{standin.url}/v1/payments", timeout=5)
    wrong = requests.get(f"{standin.url}/v1/payments", auth=(KEY_ID, "not-the-secret"), timeout=5)
    for answer in (missing, wrong):
        assert answer.status_code == 401
        assert answer.json()["error"]["code"] == "BAD_REQUEST_ERROR"
    with pytest.raises(BadRequestError, match="api key provided is invalid"):
        razorpay.Client(auth=("rzp_test_other", KEY_SECRET), base_url=standin.url).order.all()


def test_unknown_ids_and_paths(client: Any, standin: Standin) -> None:
    with pytest.raises(BadRequestError, match="does not exist"):
        client.order.fetch("order_AAAAAAAAAAAAAA")
    with pytest.raises(BadRequestError, match="not a valid id"):
        client.payment.fetch("order_AAAAAAAAAAAAAA")
    answer = requests.get(f"{standin.url}/v1/nothing-here", auth=(KEY_ID, KEY_SECRET), timeout=5)
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "BAD_REQUEST_ERROR"


# -- checkout, payments and signatures ------------------------------------------------------------------------
def test_successful_checkout_returns_a_signature_the_sdk_verifies(standin: Standin, client: Any) -> None:
    order = new_order(client)
    # WHEN the test API presses "Pay (success)"
    result = requests.post(f"{standin.url}/_standin/orders/{order['id']}/pay", json={"outcome": "success"},
                           timeout=5).json()
    # THEN the checkout triple verifies with the key secret ...
    assert client.utility.verify_payment_signature(checkout_fields(result)) is True
    # ... and a signature for another order does not
    other = new_order(client)
    with pytest.raises(SignatureVerificationError):
        client.utility.verify_payment_signature({**checkout_fields(result), "razorpay_order_id": other["id"]})
    payment = client.payment.fetch(result["razorpay_payment_id"])
    assert {k: payment[k] for k in ("entity", "amount", "currency", "status", "order_id", "captured",
                                    "amount_refunded", "refund_status")} == {
        "entity": "payment", "amount": 49900, "currency": "INR", "status": "captured", "order_id": order["id"],
        "captured": True, "amount_refunded": 0, "refund_status": None}
    assert isinstance(payment["fee"], int) and payment["tax"] < payment["fee"]
    paid = client.order.fetch(order["id"])
    assert (paid["status"], paid["amount_paid"], paid["amount_due"], paid["attempts"]) == ("paid", 49900, 0, 1)
    assert [p["id"] for p in client.order.payments(order["id"])["items"]] == [payment["id"]]
    # AND a paid order cannot be paid again
    again = requests.post(f"{standin.url}/_standin/orders/{order['id']}/pay", json={"outcome": "success"}, timeout=5)
    assert again.status_code == 400 and "already been paid" in again.json()["error"]["description"]


def test_signed_webhooks_for_a_captured_payment(standin: Standin, client: Any, receiver: Receiver,
                                                poll: Callable[..., Any]) -> None:
    order = new_order(client, notes={"booking_id": "bk_hook"})
    payment_id = standin.pay(order["id"])["razorpay_payment_id"]
    got = poll(lambda: receiver.about(payment_id) if len(receiver.about(payment_id)) >= 3 else None,
               message="three payment webhooks")
    assert names(got) == ["payment.authorized", "payment.captured", "order.paid"]
    assert len({r.event_id for r in got}) == 3
    for r in got:
        # the SDK's verifier wants str; the signature covers the raw bytes exactly
        assert client.utility.verify_webhook_signature(r.body.decode(), r.signature, WEBHOOK_SECRET) is True
        data = r.payload
        assert set(data) == {"entity", "account_id", "event", "contains", "payload", "created_at"}
        assert data["entity"] == "event" and data["event"] == r.event and data["account_id"].startswith("acc_")
    authorized, captured, paid = (r.payload for r in got)
    assert authorized["contains"] == ["payment"] and paid["contains"] == ["payment", "order"]
    assert authorized["payload"]["payment"]["entity"]["status"] == "authorized"  # a snapshot, not the latest
    assert captured["payload"]["payment"]["entity"]["status"] == "captured"
    assert paid["payload"]["order"]["entity"]["status"] == "paid"
    assert paid["payload"]["payment"]["entity"]["notes"] == {"booking_id": "bk_hook"}
    tampered = got[1].body.replace(b"captured", b"refunded", 1).decode()
    with pytest.raises(SignatureVerificationError):
        client.utility.verify_webhook_signature(tampered, got[1].signature, WEBHOOK_SECRET)


def test_failed_payment(standin: Standin, client: Any, receiver: Receiver, poll: Callable[..., Any]) -> None:
    order = new_order(client)
    result = standin.pay(order["id"], "failure")
    assert result["error"]["reason"] == "payment_failed"
    assert result["error"]["metadata"] == {"payment_id": result["payment"]["id"], "order_id": order["id"]}
    payment = client.payment.fetch(result["payment"]["id"])
    assert payment["status"] == "failed" and payment["error_code"] == "BAD_REQUEST_ERROR"
    assert client.order.fetch(order["id"])["status"] == "attempted"
    got = poll(lambda: receiver.about(payment["id"]), message="payment.failed")
    assert names(got) == ["payment.failed"]
    # the learner can retry on the same order
    assert standin.pay(order["id"])["outcome"] == "success"


# -- refunds --------------------------------------------------------------------------------------------------------
def paid_payment(standin: Standin, client: Any, amount: int = 100000) -> str:
    return str(standin.pay(new_order(client, amount)["id"])["razorpay_payment_id"])


def test_refunds_never_exceed_the_captured_amount(standin: Standin, client: Any, receiver: Receiver,
                                                  poll: Callable[..., Any]) -> None:
    payment_id = paid_payment(standin, client, 100000)
    # WHEN a partial refund (payment path) and the rest (/v1/refunds) are made
    first = client.payment.refund(payment_id, {"amount": 30000, "notes": {"reason": "mentor cancelled"}})
    assert (first["entity"], first["amount"], first["payment_id"], first["status"]) == (
        "refund", 30000, payment_id, "pending")
    assert client.payment.fetch(payment_id)["refund_status"] == "partial"
    # THEN one paisa more than what is left is refused
    with pytest.raises(BadRequestError, match="greater than amount not refunded"):
        client.payment.refund(payment_id, {"amount": 70001})
    second = client.refund.create({"payment_id": payment_id, "amount": 70000})
    with pytest.raises(BadRequestError, match="fully refunded"):
        client.refund.create({"payment_id": payment_id, "amount": 100})
    payment = client.payment.fetch(payment_id)
    assert (payment["status"], payment["amount_refunded"], payment["refund_status"]) == ("refunded", 100000, "full")
    # AND refunds move to processed by themselves, with their webhooks
    for refund in (first, second):
        poll(lambda r=refund: client.refund.fetch(r["id"])["status"] == "processed", message="refund processed")
        got = poll(lambda r=refund: receiver.about(r["id"]) if len(receiver.about(r["id"])) >= 2 else None,
                   message="refund webhooks")
        assert names(got) == ["refund.created", "refund.processed"]
        assert got[0].payload["contains"] == ["refund", "payment"]
    listed = client.payment.fetch_multiple_refund(payment_id)
    assert {r["id"] for r in listed["items"]} == {first["id"], second["id"]}
    assert client.payment.fetch_refund_id(payment_id, first["id"])["amount"] == 30000


def test_refund_rules(standin: Standin, client: Any) -> None:
    failed = standin.pay(new_order(client)["id"], "failure")["payment"]["id"]
    with pytest.raises(BadRequestError, match="should be captured"):
        client.payment.refund(failed, {"amount": 100})
    payment_id = paid_payment(standin, client)
    with pytest.raises(BadRequestError, match=r"at least INR 1\.00"):
        client.payment.refund(payment_id, {"amount": 50})
    whole = client.payment.refund(payment_id, {})  # no amount: the whole remainder
    assert whole["amount"] == 100000


def test_a_failed_refund_gives_the_amount_back(standin: Standin, client: Any, receiver: Receiver,
                                               poll: Callable[..., Any]) -> None:
    standin.control(refund_outcome="failed")
    payment_id = paid_payment(standin, client)
    refund = client.payment.refund(payment_id, {"amount": 40000})
    got = poll(lambda: receiver.about(refund["id"]) if len(receiver.about(refund["id"])) >= 2 else None,
               message="refund webhooks")
    assert names(got) == ["refund.created", "refund.failed"]
    payment = client.payment.fetch(payment_id)
    assert (payment["amount_refunded"], payment["refund_status"], payment["status"]) == (0, None, "captured")


# -- webhook controls -----------------------------------------------------------------------------------------------
def test_duplicate_delivery_reuses_the_event_id(standin: Standin, client: Any, receiver: Receiver,
                                                poll: Callable[..., Any]) -> None:
    standin.control(duplicate=True)
    payment_id = paid_payment(standin, client)
    got = poll(lambda: receiver.about(payment_id) if len(receiver.about(payment_id)) >= 6 else None,
               message="six deliveries")
    by_id: dict[str, list[Received]] = {}
    for r in got:
        by_id.setdefault(r.event_id, []).append(r)
    assert len(by_id) == 3
    for copies in by_id.values():
        assert len(copies) == 2 and copies[0].body == copies[1].body and copies[0].signature == copies[1].signature


def test_reorder_delivers_one_payments_events_newest_first(standin: Standin, client: Any, receiver: Receiver,
                                                           poll: Callable[..., Any]) -> None:
    standin.control(reorder=True)
    payment_id = paid_payment(standin, client)
    got = poll(lambda: receiver.about(payment_id) if len(receiver.about(payment_id)) >= 3 else None,
               message="three deliveries")
    assert names(got) == ["order.paid", "payment.captured", "payment.authorized"]


def test_reorder_holds_a_payout_until_it_is_final(standin: Standin, client: Any, receiver: Receiver,
                                                   poll: Callable[..., Any]) -> None:
    standin.control(reorder=True)
    payout = create_payout(client, fund_account(client))
    got = poll(lambda: receiver.about(payout["id"]) if len(receiver.about(payout["id"])) >= 3 else None,
               message="payout webhooks")
    assert names(got) == ["payout.processed", "payout.initiated", "payout.queued"]


def test_drop_next_loses_exactly_one_event(standin: Standin, client: Any, receiver: Receiver,
                                           poll: Callable[..., Any]) -> None:
    order = new_order(client)
    standin.control(drop_next=1)
    payment_id = standin.pay(order["id"])["razorpay_payment_id"]
    # deliveries are sequential: once order.paid (released last) has arrived, nothing else is coming
    got = poll(lambda: receiver.about(payment_id) if "order.paid" in names(receiver.about(payment_id)) else None,
               message="order.paid")
    assert names(got) == ["payment.captured", "order.paid"]
    states = {e["event"]: e["state"] for e in standin.events(entity_id=payment_id)}
    assert states == {"payment.authorized": "dropped", "payment.captured": "delivered", "order.paid": "delivered"}
    assert standin.controls.snapshot().drop_next == 0


def test_failed_deliveries_are_retried_with_the_same_id(standin: Standin, client: Any, receiver: Receiver,
                                                        poll: Callable[..., Any]) -> None:
    order = new_order(client)
    receiver.fail(order["id"], 2)  # only order.paid carries the order: it fails twice
    payment_id = standin.pay(order["id"])["razorpay_payment_id"]
    got = poll(lambda: [r for r in receiver.about(payment_id) if r.event == "order.paid" and r.status == 200],
               message="order.paid accepted")
    paid = [r for r in receiver.about(payment_id) if r.event == "order.paid"]
    assert [r.status for r in paid] == [500, 500, 200]
    assert {r.event_id for r in paid} == {got[0].event_id} and {r.body for r in paid} == {got[0].body}
    record = standin.events(event="order.paid", entity_id=payment_id)[0]
    assert record["state"] == "delivered" and [d["status"] for d in record["deliveries"]] == [500, 500, 200]


def test_delay_and_manual_redelivery(standin: Standin, client: Any, receiver: Receiver,
                                     poll: Callable[..., Any]) -> None:
    standin.control(delay_ms=150)
    started = time.monotonic()
    payment_id = paid_payment(standin, client)
    poll(lambda: len(receiver.about(payment_id)) >= 3, message="delayed deliveries")
    assert time.monotonic() - started >= 0.15
    log = requests.get(f"{standin.url}/_standin/events", params={"entity_id": payment_id}, timeout=5).json()
    captured = next(e for e in log if e["event"] == "payment.captured")
    assert captured["headers"]["x-razorpay-event-id"] == captured["id"] and json.loads(captured["body"])
    requests.post(f"{standin.url}/_standin/events/{captured['id']}/redeliver", timeout=5).raise_for_status()
    poll(lambda: len([r for r in receiver.about(payment_id) if r.event_id == captured["id"]]) == 2,
         message="the redelivery")


def test_control_validation(standin: Standin) -> None:
    url = f"{standin.url}/_standin/control"
    for body in ({"duplicate": "yes"}, {"drop_next": -1}, {"payout_outcome": "lost"}, {"volume": 11}):
        answer = requests.post(url, json=body, timeout=5)
        assert answer.status_code == 400 and answer.json()["error"]["field"] == next(iter(body))
    assert requests.post(url, json={"delay_ms": 5}, timeout=5).json()["delay_ms"] == 5
    assert requests.get(url, timeout=5).json()["delay_ms"] == 5
    refused = requests.post(url, json={"delay_ms": 1}, headers={"Origin": "http://evil.example"}, timeout=5)
    assert refused.status_code == 403


# -- RazorpayX --------------------------------------------------------------------------------------------------------
def fund_account(client: Any, **account: Any) -> dict[str, Any]:
    contact = client.post("/v1/contacts", {"name": "Mentor One", "email": "mentor@example.com", "type": "vendor",
                                           "reference_id": "user_42"})
    body = account or {"account_type": "bank_account",
                       "bank_account": {"name": "Mentor One", "ifsc": "HDFC0000053", "account_number": "765432123456789"}}
    return dict(client.fund_account.create({"contact_id": contact["id"], **body}))


def create_payout(client: Any, account: dict[str, Any], key: str | None = None, amount: int = 150000,
                  mode: str = "IMPS") -> dict[str, Any]:
    body = {"account_number": ACCOUNT_NUMBER, "fund_account_id": account["id"], "amount": amount, "currency": "INR",
            "mode": mode, "purpose": "payout", "queue_if_low_balance": True, "reference_id": "wd_1",
            "narration": "PeerLearn withdrawal"}
    headers = {"X-Payout-Idempotency": key or f"wd-{time.monotonic_ns()}"}
    return dict(client.post("/v1/payouts", body, headers=headers))


def test_contacts_and_fund_accounts(client: Any) -> None:
    contact = client.post("/v1/contacts", {"name": "Mentor Two", "email": "m2@example.com", "type": "vendor"})
    assert (contact["entity"], contact["active"]) == ("contact", True) and contact["id"].startswith("cont_")
    assert client.post("/v1/contacts", {"name": "Mentor Two", "email": "m2@example.com", "type": "vendor"}) == contact
    bank = fund_account(client)
    assert bank["bank_account"] == {"ifsc": "HDFC0000053", "bank_name": "HDFC Bank", "name": "Mentor One",
                                    "account_number": "765432123456789", "notes": []}
    vpa = client.fund_account.create({"contact_id": contact["id"], "account_type": "vpa",
                                      "vpa": {"address": "mentor.two@okhdfc"}})
    assert vpa["vpa"] == {"username": "mentor.two", "handle": "okhdfc", "address": "mentor.two@okhdfc"}
    for body, field in (
        ({"account_type": "bank_account", "bank_account": {"name": "Mentor", "ifsc": "HDFC000053",
                                                           "account_number": "765432123456789"}}, "ifsc"),
        ({"account_type": "bank_account", "bank_account": {"name": "Mentor", "ifsc": "HDFC0000053",
                                                           "account_number": "12"}}, "account_number"),
        ({"account_type": "vpa", "vpa": {"address": "not a vpa"}}, "address"),
        ({"account_type": "card"}, "account_type"),
    ):
        with pytest.raises(BadRequestError):
            client.fund_account.create({"contact_id": contact["id"], **body})
        raw = client.session.post(f"{client.base_url}/v1/fund_accounts", json={"contact_id": contact["id"], **body},
                                  auth=(KEY_ID, KEY_SECRET), timeout=5)
        assert raw.json()["error"]["field"] == field
    with pytest.raises(BadRequestError, match="does not exist"):
        client.fund_account.create({"contact_id": "cont_AAAAAAAAAAAAAA", "account_type": "vpa",
                                    "vpa": {"address": "x.y@okaxis"}})


def test_payout_idempotency_same_key_same_payout(standin: Standin, client: Any, receiver: Receiver,
                                                 poll: Callable[..., Any]) -> None:
    account = fund_account(client)
    key = f"withdrawal-{time.monotonic_ns()}"
    # WHEN ten requests race with the same key and body
    results: list[dict[str, Any]] = []
    threads = [threading.Thread(target=lambda: results.append(create_payout(client, account, key)))
               for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    # THEN exactly one payout exists
    assert len(results) == 10 and len({p["id"] for p in results}) == 1
    payout = results[0]
    assert len(standin.events(event="payout.queued", entity_id=payout["id"])) == 1
    assert (payout["entity"], payout["amount"], payout["mode"], payout["purpose"]) == (
        "payout", 150000, "IMPS", "payout")
    # AND the same key with another body is refused; a missing key too
    with pytest.raises(BadRequestError, match="Different request body"):
        create_payout(client, account, key, amount=150001)
    with pytest.raises(BadRequestError, match="Idempotency key is missing"):
        client.post("/v1/payouts", {"account_number": ACCOUNT_NUMBER, "fund_account_id": account["id"],
                                    "amount": 10000, "currency": "INR", "mode": "IMPS", "purpose": "payout"})
    # AND the payout moves on by itself: queued -> processing -> processed, one webhook each
    got = poll(lambda: receiver.about(payout["id"]) if len(receiver.about(payout["id"])) >= 3 else None,
               message="payout webhooks")
    assert names(got) == ["payout.queued", "payout.initiated", "payout.processed"]
    fetched = client.get(f"/v1/payouts/{payout['id']}", {})  # RazorpayX is not in the SDK: its plain client
    assert fetched["status"] == "processed" and fetched["utr"] and fetched["fees"] > 0
    assert create_payout(client, account, key)["status"] == "processed"  # a retry sees the same payout


@pytest.mark.parametrize("outcome", ["reversed", "failed"])
def test_payout_outcome_control(standin: Standin, client: Any, receiver: Receiver, poll: Callable[..., Any],
                                outcome: str) -> None:
    standin.control(payout_outcome=outcome)
    account = fund_account(client, account_type="vpa", vpa={"address": "mentor.one@okicici"})
    with pytest.raises(BadRequestError, match="UPI"):
        create_payout(client, account, mode="IMPS")
    payout = create_payout(client, account, mode="UPI")
    got = poll(lambda: receiver.about(payout["id"]) if len(receiver.about(payout["id"])) >= 3 else None,
               message="payout webhooks")
    assert names(got)[-1] == f"payout.{outcome}"
    final = got[-1].payload["payload"]["payout"]["entity"]
    assert final["status"] == outcome and final["status_details"]["source"] == "beneficiary_bank"


def test_payout_validation(client: Any) -> None:
    account = fund_account(client)
    base = {"account_number": ACCOUNT_NUMBER, "fund_account_id": account["id"], "amount": 10000, "currency": "INR",
            "mode": "NEFT", "purpose": "payout"}
    for change, field in (({"account_number": "111"}, "account_number"), ({"amount": 99}, "amount"),
                          ({"fund_account_id": "fa_AAAAAAAAAAAAAA"}, "fund_account_id"), ({"purpose": ""}, "purpose"),
                          ({"narration": "no-punctuation!"}, "narration")):
        raw = client.session.post(f"{client.base_url}/v1/payouts", json={**base, **change}, auth=(KEY_ID, KEY_SECRET),
                                  headers={"X-Payout-Idempotency": f"k-{time.monotonic_ns()}"}, timeout=5)
        assert raw.status_code == 400 and raw.json()["error"]["field"] == field, raw.text
    bad_key = client.session.post(f"{client.base_url}/v1/payouts", json=base, auth=(KEY_ID, KEY_SECRET),
                                  headers={"X-Payout-Idempotency": "no"}, timeout=5)
    assert bad_key.json()["error"]["field"] == "X-Payout-Idempotency"


# -- the browser-facing test checkout --------------------------------------------------------------------------------
def test_checkout_page_is_labelled_and_has_the_three_buttons(standin: Standin, client: Any) -> None:
    order = new_order(client, 49900)
    page = requests.get(standin.checkout_url(order["id"], "http://127.0.0.1:9/booked"), timeout=5)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    text = page.text
    assert "PeerLearn local test checkout — no real money" in text and "₹499.00" in text
    for label in ("Pay (success)", "Fail payment", "Cancel"):
        assert f">{label}</button>" in text
    assert requests.get(standin.checkout_url("order_AAAAAAAAAAAAAA"), timeout=5).status_code == 404
    assert requests.get(f"{standin.url}/checkout/{order['id']}?callback_url=javascript:alert(1)",
                        timeout=5).status_code == 400


def test_checkout_success_redirects_to_the_callback_with_a_valid_signature(standin: Standin, client: Any) -> None:
    order = new_order(client)
    answer = requests.post(f"{standin.url}/checkout/{order['id']}", allow_redirects=False, timeout=5,
                           data={"outcome": "success", "callback_url": "http://127.0.0.1:9/pay/return?b=1"})
    assert answer.status_code == 303
    location = urlsplit(answer.headers["Location"])
    assert (location.netloc, location.path) == ("127.0.0.1:9", "/pay/return")
    fields = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert fields["b"] == "1" and fields["razorpay_order_id"] == order["id"]
    assert client.utility.verify_payment_signature(fields) is True
    assert client.payment.fetch(fields["razorpay_payment_id"])["status"] == "captured"


@pytest.mark.parametrize(("outcome", "reason", "creates_payment"), [
    ("failure", "payment_failed", True), ("cancel", "payment_cancelled", False)])
def test_checkout_failure_and_cancel_report_razorpays_error(standin: Standin, client: Any, outcome: str,
                                                             reason: str, creates_payment: bool) -> None:
    order = new_order(client)
    answer = requests.post(f"{standin.url}/checkout/{order['id']}", allow_redirects=False, timeout=5,
                           data={"outcome": outcome, "callback_url": "http://127.0.0.1:9/pay/return"})
    fields = {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["Location"]).query).items()}
    assert fields["error[code]"] == "BAD_REQUEST_ERROR" and fields["error[reason]"] == reason
    metadata = json.loads(fields["error[metadata]"])
    assert metadata["order_id"] == order["id"] and ("payment_id" in metadata) is creates_payment
    assert client.order.payments(order["id"])["count"] == int(creates_payment)


def test_checkout_postmessage_mode_and_foreign_origin(standin: Standin, client: Any) -> None:
    order = new_order(client)
    page = requests.post(f"{standin.url}/checkout/{order['id']}", timeout=5,
                         data={"outcome": "success", "mode": "postmessage", "origin": "http://127.0.0.1:8000"})
    assert page.status_code == 200 and "peerlearn-razorpay-standin" in page.text
    assert '"http://127.0.0.1:8000"' in page.text and "nonce-" in page.headers["Content-Security-Policy"]
    forged = requests.post(f"{standin.url}/checkout/{new_order(client)['id']}", timeout=5,
                           data={"outcome": "success"}, headers={"Origin": "http://evil.example"})
    assert forged.status_code == 403


# -- reconciliation ---------------------------------------------------------------------------------------------------
def test_payments_and_refunds_list_by_time_window(standin: Standin, client: Any) -> None:
    standin.control(clock_offset_s=-86400)  # "yesterday"
    yesterday = paid_payment(standin, client, 20000)
    refund = client.payment.refund(yesterday, {"amount": 5000})
    standin.control(clock_offset_s=0)
    today = paid_payment(standin, client, 30000)
    now = int(time.time())
    window = {"from": now - 86400 - 60, "to": now - 86400 + 60}
    listed = client.payment.all({**window, "count": 100})
    assert listed["entity"] == "collection" and [p["id"] for p in listed["items"]] == [yesterday]
    assert [r["id"] for r in client.refund.all({**window, "count": 100})["items"]] == [refund["id"]]
    recent = client.payment.all({"from": now - 60, "count": 100})["items"]
    assert today in [p["id"] for p in recent] and yesterday not in [p["id"] for p in recent]
    newest_two = client.payment.all({"count": 2})
    assert newest_two["count"] == 2 and newest_two["items"][0]["id"] == today
    assert client.payment.all({"count": 1, "skip": 1})["items"][0]["id"] == newest_two["items"][1]["id"]
    with pytest.raises(BadRequestError, match="may not be greater than 100"):
        client.payment.all({"count": 101})


def test_start_and_stop_are_quick(receiver: Receiver) -> None:
    started = time.monotonic()
    s = start_standin("rzp_test_quick", "k", "w", receiver.url)
    assert requests.get(f"{s.url}/_standin/health", timeout=5).json()["ok"] is True
    s.stop()
    assert time.monotonic() - started < 1.5
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{s.url}/_standin/health", timeout=1)


@pytest.mark.e2e
def test_checkout_in_a_real_browser(standin: Standin, client: Any, receiver: Receiver) -> None:
    """Chromium presses the buttons: the redirect carries a valid signature; a popup gets a postMessage."""
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = "/usr/bin/chromium"
    if not os.path.exists(chromium):
        pytest.skip("Debian chromium is not installed (make chromium)")
    return_url = receiver.url.replace("/api/webhooks/razorpay", "/booking/return")
    opener_url = receiver.url.replace("/api/webhooks/razorpay", "/spa")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium)
        try:
            page = browser.new_page()
            # GIVEN the redirect mode the SPA uses by default
            order = new_order(client)
            page.goto(standin.checkout_url(order["id"], return_url))
            assert page.title() == "PeerLearn local test checkout — no real money"
            for name in ("Pay (success)", "Fail payment", "Cancel"):
                assert page.get_by_role("button", name=name, exact=True).count() == 1
            # WHEN "Pay (success)" is pressed THEN the browser lands on the callback with a valid signature
            page.get_by_role("button", name="Pay (success)").click()
            page.wait_for_url(return_url + "?**")
            fields = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
            assert client.utility.verify_payment_signature(fields) is True
            # AND in popup mode the opener receives the result as a message
            failing = new_order(client)
            page.goto(opener_url)
            page.evaluate("() => { window.msgs = []; addEventListener('message', e => window.msgs.push(e.data)); }")
            origin = opener_url.rsplit("/", 1)[0]
            with page.expect_popup() as popup:
                page.evaluate("url => window.open(url, 'checkout')",
                              f"{standin.url}/checkout/{failing['id']}?mode=postmessage&origin={origin}")
            popup.value.get_by_role("button", name="Fail payment").click()
            page.wait_for_function("() => window.msgs.length > 0", timeout=10000)
            message = page.evaluate("() => window.msgs[0]")
            assert message["source"] == "peerlearn-razorpay-standin" and message["outcome"] == "failure"
            assert message["error"]["metadata"]["order_id"] == failing["id"]
        finally:
            browser.close()
