"""The stand-in's state and rules: orders, payments, refunds, contacts, fund accounts, payouts.

Entities are kept as the JSON Razorpay documents (integer paise, unix `created_at`, empty `notes`
as `[]` the way the real API serialises them). Every change happens under one lock and publishes
its webhooks from inside it, so events leave in the order the changes happened. Refunds and
payouts move on by themselves (`settle_delay_ms`, outcome from the controls), like the real ones.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from local.razorpay_standin import ids
from local.razorpay_standin.errors import ApiError, not_found_id
from local.razorpay_standin.webhooks import ControlPanel, TimerQueue, WebhookDispatcher

Json = dict[str, Any]

MIN_AMOUNT = 100  # paise: "The amount must be at least INR 1.00"
MAX_NOTES = 15
MAX_NOTE_LENGTH = 256
DEFAULT_ACCOUNT_NUMBER = "7878780080316316"  # the RazorpayX test account number in Razorpay's docs
ORDER_KEYS = {"amount", "currency", "receipt", "notes", "partial_payment", "first_payment_min_amount",
              "payment_capture"}
REFUND_KEYS = {"amount", "speed", "notes", "receipt"}
CONTACT_KEYS = {"name", "email", "contact", "type", "reference_id", "notes"}
CONTACT_TYPES = {"vendor", "customer", "employee", "self"}
FUND_ACCOUNT_KEYS = {"contact_id", "account_type", "bank_account", "vpa"}
PAYOUT_KEYS = {"account_number", "fund_account_id", "amount", "currency", "mode", "purpose", "queue_if_low_balance",
               "reference_id", "narration", "notes"}
BANK_MODES = {"IMPS", "NEFT", "RTGS"}
IFSC_RE = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")
ACCOUNT_NUMBER_RE = re.compile(r"^[A-Za-z0-9]{5,35}$")
VPA_RE = re.compile(r"^[A-Za-z0-9.\-_]{2,256}@[A-Za-z][A-Za-z0-9]{1,64}$")
HOLDER_NAME_RE = re.compile(r"^[A-Za-z0-9 '’\-_/(),.]{3,120}$")
IDEMPOTENCY_KEY_RE = re.compile(r"^[A-Za-z0-9 _\-]{4,36}$")
NARRATION_RE = re.compile(r"^[A-Za-z0-9 ]{1,30}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
BANKS = {"HDFC": "HDFC Bank", "SBIN": "State Bank of India", "ICIC": "ICICI Bank", "UTIB": "Axis Bank",
         "KKBK": "Kotak Mahindra Bank", "PUNB": "Punjab National Bank", "BARB": "Bank of Baroda",
         "CNRB": "Canara Bank", "YESB": "Yes Bank", "IDFB": "IDFC FIRST Bank", "RATN": "RBL Bank"}
PAYOUT_FEES, PAYOUT_TAX = 590, 90  # paise, as in Razorpay's sample payout
PAYOUT_STATUS_DETAILS = {
    "processed": {"description": "Payout is processed and the money has been credited into the beneficiaries account",
                  "source": "beneficiary_bank", "reason": "payout_processed"},
    "reversed": {"description": "Payout was reversed by the beneficiary bank and the amount returned to your "
                                "business account (local stand-in)", "source": "beneficiary_bank",
                 "reason": "payout_reversed"},
    "failed": {"description": "Payout failed at the beneficiary bank (local stand-in)",
               "source": "beneficiary_bank", "reason": "payout_failed"},
}
FAILED_PAYMENT_ERROR = {
    "code": "BAD_REQUEST_ERROR",
    "description": "Your payment didn't go through as it was declined by the bank. Try another payment method or "
                   "contact your bank.",
    "source": "bank", "step": "payment_authorization", "reason": "payment_failed",
}
CANCELLED_ERROR = {
    "code": "BAD_REQUEST_ERROR", "description": "Payment processing cancelled by user",
    "source": "customer", "step": "payment_authentication", "reason": "payment_cancelled",
}


# -- small validators ------------------------------------------------------------------------------------------
def _reject_unknown(body: Mapping[str, Any], allowed: Iterable[str]) -> None:
    extra = sorted(set(body) - set(allowed))
    if extra:
        raise ApiError(f"{', '.join(extra)} is/are not required and should not be sent", field=extra[0])


def _amount(body: Mapping[str, Any], name: str = "amount", *, required: bool = True,
            default: int | None = None) -> int:
    value = body.get(name)
    if value is None:
        if not required and default is not None:
            return default
        raise ApiError(f"The {name} field is required.", field=name)
    if isinstance(value, str) and value.isdigit():  # form-encoded bodies
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(f"The {name} must be an integer.", field=name)
    if value < MIN_AMOUNT:
        raise ApiError(f"The {name} must be at least INR 1.00", field=name)
    return value


def _currency(body: Mapping[str, Any]) -> str:
    value = body.get("currency")
    if value is None:
        raise ApiError("The currency field is required.", field="currency")
    if value != "INR":
        raise ApiError("The selected currency is invalid.", field="currency")
    return "INR"


def _optional_str(body: Mapping[str, Any], name: str, max_length: int) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(f"The {name} must be a string.", field=name)
    if len(value) > max_length:
        raise ApiError(f"The {name} may not be greater than {max_length} characters.", field=name)
    return value


def _notes(body: Mapping[str, Any]) -> Json | list[Any]:
    value = body.get("notes")
    if value is None or value == [] or value == {}:
        return []  # Razorpay serialises empty notes as an empty array
    if not isinstance(value, dict):
        raise ApiError("The notes must be an array.", field="notes")
    if len(value) > MAX_NOTES:
        raise ApiError(f"The notes may not have more than {MAX_NOTES} items.", field="notes")
    for key, item in value.items():
        if isinstance(item, dict | list):
            raise ApiError(f"The notes.{key} must be a string.", field=f"notes.{key}")
        if len(str(item)) > MAX_NOTE_LENGTH:
            raise ApiError(f"The notes.{key} may not be greater than {MAX_NOTE_LENGTH} characters.",
                           field=f"notes.{key}")
    return dict(value)


def _flag(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1, "0", "1", "true", "false"):
        return value in (1, "1", "true")
    raise ApiError(f"The {name} field must be true or false.", field=name)


def _check_id(value: str, prefix: str) -> None:
    if not value.startswith(prefix + "_"):
        raise ApiError(f"{value} is not a valid id", reason="NA", source="NA", step="NA")


def signature(order_id: str, payment_id: str, key_secret: str) -> str:
    """`razorpay_signature` as Checkout returns it: HMAC-SHA256(`order_id|payment_id`, key secret), hex."""
    return hmac.new(key_secret.encode(), f"{order_id}|{payment_id}".encode(), hashlib.sha256).hexdigest()


@dataclass
class CheckoutResult:
    """What Checkout hands back: the success triple, or Razorpay's error object."""

    outcome: str  # success | failure | cancel
    order_id: str
    payment: Json | None = None
    fields: dict[str, str] = field(default_factory=dict)  # callback_url parameters, as Razorpay posts them
    error: Json | None = None

    def as_json(self) -> Json:
        data: Json = {"outcome": self.outcome, "razorpay_order_id": self.order_id, "payment": self.payment}
        if self.error is not None:
            data["error"] = self.error
        else:
            data.update(self.fields)
        return data


class Store:
    def __init__(self, *, key_secret: str, dispatcher: WebhookDispatcher, controls: ControlPanel,
                 account_number: str = DEFAULT_ACCOUNT_NUMBER, clock: Callable[[], float] = time.time) -> None:
        self._key_secret = key_secret
        self._dispatcher = dispatcher
        self._controls = controls
        self.account_number = account_number
        self._clock = clock
        self._lock = threading.RLock()
        self._settler = TimerQueue("razorpay-standin-settle")
        self.orders: dict[str, Json] = {}
        self.payments: dict[str, Json] = {}
        self.refunds: dict[str, Json] = {}
        self.contacts: dict[str, Json] = {}
        self.fund_accounts: dict[str, Json] = {}
        self.payouts: dict[str, Json] = {}
        self._auto_capture: dict[str, bool] = {}
        self._payout_keys: dict[str, tuple[str, str]] = {}  # idempotency key -> (body fingerprint, payout id)

    def start(self) -> None:
        self._settler.start()

    def stop(self) -> None:
        self._settler.stop()

    def now(self) -> int:
        return int(self._clock()) + self._controls.snapshot().clock_offset_s

    def in_flight(self) -> list[str]:
        """Ids of refunds and payouts that have not reached a final state yet."""
        with self._lock:
            return ([r["id"] for r in self.refunds.values() if r["status"] == "pending"]
                    + [p["id"] for p in self.payouts.values() if p["status"] in ("queued", "processing")])

    # -- reads -------------------------------------------------------------------------------------------
    def get(self, kind: str, entity_id: str) -> Json:
        prefixes = {"orders": "order", "payments": "pay", "refunds": "rfnd", "contacts": "cont",
                    "fund_accounts": "fa", "payouts": "pout"}
        _check_id(entity_id, prefixes[kind])
        with self._lock:
            entity = getattr(self, kind).get(entity_id)
            if entity is None:
                raise not_found_id()
            return copy.deepcopy(entity)

    def collection(self, kind: str, query: Mapping[str, str], *,
                   where: Callable[[Json], bool] | None = None) -> Json:
        """Razorpay's list shape, newest first, with `from`/`to` (unix, inclusive), `count`, `skip`."""
        count = _query_int(query, "count", 10, low=1, high=100)
        skip = _query_int(query, "skip", 0, low=0, high=None)
        start = _query_int(query, "from", 0, low=0, high=None)
        end = _query_int(query, "to", 2**62, low=0, high=None)
        with self._lock:
            items = [e for e in getattr(self, kind).values()
                     if start <= e["created_at"] <= end and (where is None or where(e))]
            items = copy.deepcopy(list(reversed(items)))  # dicts keep insertion order: newest first
        items.sort(key=lambda e: e["created_at"], reverse=True)
        page = items[skip:skip + count]
        return {"entity": "collection", "count": len(page), "items": page}

    def order_payments(self, order_id: str) -> Json:
        self.get("orders", order_id)
        return self.collection("payments", {"count": "100"}, where=lambda p: p["order_id"] == order_id)

    def payment_refunds(self, payment_id: str, query: Mapping[str, str]) -> Json:
        self.get("payments", payment_id)
        return self.collection("refunds", query, where=lambda r: r["payment_id"] == payment_id)

    def payment_refund(self, payment_id: str, refund_id: str) -> Json:
        refund = self.get("refunds", refund_id)
        if refund["payment_id"] != payment_id:
            raise not_found_id()
        return refund

    # -- orders ------------------------------------------------------------------------------------------
    def create_order(self, body: Mapping[str, Any]) -> Json:
        _reject_unknown(body, ORDER_KEYS)
        amount = _amount(body)
        currency = _currency(body)
        receipt = _optional_str(body, "receipt", 40)
        notes = _notes(body)
        if "partial_payment" in body and _flag(body["partial_payment"], "partial_payment"):
            raise ApiError("partial_payment is not supported by the local Razorpay stand-in", field="partial_payment")
        auto_capture = _flag(body.get("payment_capture", True), "payment_capture")
        with self._lock:
            order: Json = {"id": ids.new_id("order"), "entity": "order", "amount": amount, "amount_paid": 0,
                           "amount_due": amount, "currency": currency, "receipt": receipt, "offer_id": None,
                           "status": "created", "attempts": 0, "notes": notes, "created_at": self.now()}
            self.orders[order["id"]] = order
            self._auto_capture[order["id"]] = auto_capture
            return copy.deepcopy(order)

    # -- checkout ----------------------------------------------------------------------------------------
    def checkout(self, order_id: str, outcome: str, *, email: str | None = None,
                 contact: str | None = None) -> CheckoutResult:
        """What happens when the customer presses a button on the test checkout."""
        if outcome not in ("success", "failure", "cancel"):
            raise ApiError("outcome must be one of success, failure, cancel", field="outcome")
        _check_id(order_id, "order")
        with self._lock:
            order = self.orders.get(order_id)
            if order is None:
                raise not_found_id()
            if order["status"] == "paid":
                raise ApiError("This order has already been paid", field="order_id", reason="order_already_paid",
                               metadata={"order_id": order_id})
            if outcome == "cancel":
                error = {**CANCELLED_ERROR, "metadata": {"order_id": order_id}}
                return CheckoutResult("cancel", order_id, error=error, fields=_error_fields(error))
            payment = self._new_payment(order, success=outcome == "success", email=email, contact=contact)
            order["attempts"] += 1
            order["status"] = "attempted"
            if outcome == "failure":
                self._publish_payment([("payment.failed", ["payment"], {"payment": {"entity": payment}})],
                                      payment["id"], final=True)
                error = {**FAILED_PAYMENT_ERROR, "metadata": {"payment_id": payment["id"], "order_id": order_id}}
                return CheckoutResult("failure", order_id, payment=copy.deepcopy(payment), error=error,
                                      fields=_error_fields(error))
            events: list[tuple[str, list[str], Json]] = [  # a snapshot taken before the capture below
                ("payment.authorized", ["payment"], {"payment": {"entity": copy.deepcopy(payment)}})]
            if self._auto_capture.get(order_id, True):
                events += self._capture(payment, order)
            self._publish_payment(events, payment["id"], final=True)
            fields = {"razorpay_payment_id": payment["id"], "razorpay_order_id": order_id,
                      "razorpay_signature": signature(order_id, payment["id"], self._key_secret)}
            return CheckoutResult("success", order_id, payment=copy.deepcopy(payment), fields=fields)

    def _new_payment(self, order: Json, *, success: bool, email: str | None, contact: str | None) -> Json:
        payment: Json = {
            "id": ids.new_id("pay"), "entity": "payment", "amount": order["amount"], "currency": order["currency"],
            "status": "authorized" if success else "failed", "order_id": order["id"], "invoice_id": None,
            "international": False, "method": "upi", "amount_refunded": 0, "refund_status": None,
            "captured": False, "description": None, "card_id": None, "bank": None, "wallet": None,
            "vpa": "success@razorpay" if success else "failure@razorpay",
            "email": email or "void@razorpay.com", "contact": contact or "+919000090000",
            "notes": copy.deepcopy(order["notes"]), "fee": None, "tax": None,
            "error_code": None, "error_description": None, "error_source": None, "error_step": None,
            "error_reason": None, "acquirer_data": {"rrn": None, "upi_transaction_id": None},
            "created_at": self.now(),
        }
        if success:
            payment["acquirer_data"] = {"rrn": ids.digits(12), "upi_transaction_id": ids.upper_alnum(20)}
        else:
            payment.update({"error_code": FAILED_PAYMENT_ERROR["code"],
                            "error_description": FAILED_PAYMENT_ERROR["description"],
                            "error_source": FAILED_PAYMENT_ERROR["source"],
                            "error_step": FAILED_PAYMENT_ERROR["step"],
                            "error_reason": FAILED_PAYMENT_ERROR["reason"]})
        self.payments[payment["id"]] = payment
        return payment

    def _capture(self, payment: Json, order: Json) -> list[tuple[str, list[str], Json]]:
        """authorized -> captured, order -> paid. Returns the events (snapshots taken now)."""
        fee = payment["amount"] * 236 // 10000  # 2 % + 18 % GST on it, in paise
        payment.update({"status": "captured", "captured": True, "fee": fee, "tax": fee * 18 // 118})
        order.update({"status": "paid", "amount_paid": order["amount"], "amount_due": 0})
        return [("payment.captured", ["payment"], {"payment": {"entity": payment}}),
                ("order.paid", ["payment", "order"], {"payment": {"entity": payment}, "order": {"entity": order}})]

    def capture(self, payment_id: str, body: Mapping[str, Any]) -> Json:
        _reject_unknown(body, {"amount", "currency"})
        _check_id(payment_id, "pay")
        with self._lock:
            payment = self.payments.get(payment_id)
            if payment is None:
                raise not_found_id()
            amount = _amount(body)
            if "currency" in body:
                _currency(body)
            if payment["status"] != "authorized":
                raise ApiError("This payment has already been captured" if payment["captured"]
                               else "Only payments which have been authorized and not yet captured can be captured")
            if amount != payment["amount"]:
                raise ApiError("Capture amount must be equal to the amount authorized", field="amount")
            order = self.orders[payment["order_id"]]
            self._publish_payment(self._capture(payment, order), payment_id, final=True)
            return copy.deepcopy(payment)

    def _publish_payment(self, events: list[tuple[str, list[str], Json]], group: str, *, final: bool) -> None:
        snapshots = [(name, contains, copy.deepcopy(payload)) for name, contains, payload in events]
        self._dispatcher.publish(snapshots, group=group, final=final, created_at=self.now())

    # -- refunds -----------------------------------------------------------------------------------------
    def create_refund(self, payment_id: str, body: Mapping[str, Any]) -> Json:
        _reject_unknown(body, REFUND_KEYS)
        _check_id(payment_id, "pay")
        speed = body.get("speed", "normal")
        if speed not in ("normal", "optimum"):
            raise ApiError("The selected speed is invalid.", field="speed")
        notes = _notes(body)
        receipt = _optional_str(body, "receipt", 40)
        with self._lock:
            payment = self.payments.get(payment_id)
            if payment is None:
                raise not_found_id()
            if payment["status"] not in ("captured", "refunded"):
                raise ApiError("The payment status should be captured for action to be taken", field="payment_id")
            remaining = payment["amount"] - payment["amount_refunded"]
            if remaining <= 0:
                raise ApiError("The payment has been fully refunded already", field="amount")
            amount = _amount(body, required=False, default=remaining)
            if amount > remaining:
                raise ApiError("The refund amount provided is greater than amount not refunded on the payment",
                               field="amount")
            refund: Json = {"id": ids.new_id("rfnd"), "entity": "refund", "amount": amount,
                            "currency": payment["currency"], "payment_id": payment_id, "notes": notes,
                            "receipt": receipt, "acquirer_data": {"arn": None}, "created_at": self.now(),
                            "batch_id": None, "status": "pending", "speed_processed": "normal",
                            "speed_requested": speed}
            self.refunds[refund["id"]] = refund
            payment["amount_refunded"] += amount
            self._refund_status(payment)
            self._publish_refund("refund.created", refund, payment, final=False)
            controls = self._controls.snapshot()
            outcome = controls.refund_outcome
            self._settler.call_later(controls.settle_delay_ms / 1000,
                                     lambda: self._settle_refund(refund["id"], outcome))
            return copy.deepcopy(refund)

    @staticmethod
    def _refund_status(payment: Json) -> None:
        refunded = payment["amount_refunded"]
        payment["refund_status"] = None if refunded == 0 else "full" if refunded >= payment["amount"] else "partial"
        payment["status"] = "refunded" if payment["refund_status"] == "full" else "captured"

    def _settle_refund(self, refund_id: str, outcome: str) -> None:
        with self._lock:
            refund = self.refunds[refund_id]
            if refund["status"] != "pending":
                return
            payment = self.payments[refund["payment_id"]]
            if outcome == "processed":
                refund["status"] = "processed"
                refund["acquirer_data"] = {"arn": ids.digits(23)}
            else:
                refund["status"] = "failed"
                payment["amount_refunded"] -= refund["amount"]
                self._refund_status(payment)
            self._publish_refund(f"refund.{refund['status']}", refund, payment, final=True)

    def _publish_refund(self, name: str, refund: Json, payment: Json, *, final: bool) -> None:
        payload = copy.deepcopy({"refund": {"entity": refund}, "payment": {"entity": payment}})
        self._dispatcher.publish([(name, ["refund", "payment"], payload)], group=refund["id"], final=final,
                                 created_at=self.now())

    # -- RazorpayX: contacts and fund accounts ------------------------------------------------------------
    def create_contact(self, body: Mapping[str, Any]) -> Json:
        _reject_unknown(body, CONTACT_KEYS)
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ApiError("The name field is required.", field="name")
        if len(name) > 50:
            raise ApiError("The name may not be greater than 50 characters.", field="name")
        email = _optional_str(body, "email", 255)
        if email is not None and not EMAIL_RE.match(email):
            raise ApiError("The email must be a valid email address.", field="email")
        phone = _optional_str(body, "contact", 15)
        kind = body.get("type")
        if kind is not None and kind not in CONTACT_TYPES:
            raise ApiError(f"Invalid type: {kind}", field="type")
        reference_id = _optional_str(body, "reference_id", 40)
        notes = _notes(body)
        with self._lock:
            for existing in self.contacts.values():  # same details -> the existing contact
                if (existing["name"], existing["email"], existing["contact"], existing["type"],
                        existing["reference_id"]) == (name, email, phone, kind, reference_id):
                    return copy.deepcopy(existing)
            contact: Json = {"id": ids.new_id("cont"), "entity": "contact", "name": name, "contact": phone,
                             "email": email, "type": kind, "reference_id": reference_id, "batch_id": None,
                             "active": True, "notes": notes, "created_at": self.now()}
            self.contacts[contact["id"]] = contact
            return copy.deepcopy(contact)

    def create_fund_account(self, body: Mapping[str, Any]) -> Json:
        _reject_unknown(body, FUND_ACCOUNT_KEYS)
        contact_id = body.get("contact_id")
        if not isinstance(contact_id, str) or not contact_id:
            raise ApiError("The contact id field is required.", field="contact_id")
        account_type = body.get("account_type")
        if account_type == "bank_account":
            details = self._bank_account(body.get("bank_account"))
        elif account_type == "vpa":
            details = self._vpa(body.get("vpa"))
        else:
            raise ApiError("The selected account type is invalid.", field="account_type")
        with self._lock:
            if contact_id not in self.contacts:
                raise ApiError("The id provided does not exist", field="contact_id")
            for existing in self.fund_accounts.values():
                if (existing["contact_id"], existing["account_type"], existing.get(account_type)) == (
                        contact_id, account_type, details):
                    return copy.deepcopy(existing)
            account: Json = {"id": ids.new_id("fa"), "entity": "fund_account", "contact_id": contact_id,
                             "account_type": account_type, account_type: details, "active": True,
                             "batch_id": None, "created_at": self.now()}
            self.fund_accounts[account["id"]] = account
            return copy.deepcopy(account)

    @staticmethod
    def _bank_account(value: Any) -> Json:
        if not isinstance(value, dict):
            raise ApiError("The bank account field is required.", field="bank_account")
        _reject_unknown(value, {"name", "ifsc", "account_number"})
        name, ifsc, number = value.get("name"), value.get("ifsc"), value.get("account_number")
        if not isinstance(name, str) or not HOLDER_NAME_RE.match(name) or (not name[-1].isalnum() and name[-1] != "."):
            raise ApiError("The name format is invalid.", field="name")
        if not isinstance(ifsc, str) or not IFSC_RE.match(ifsc):
            raise ApiError("Invalid IFSC Code in Bank Account", field="ifsc")
        if not isinstance(number, str) or not ACCOUNT_NUMBER_RE.match(number):
            raise ApiError("The account number format is invalid.", field="account_number")
        return {"ifsc": ifsc, "bank_name": BANKS.get(ifsc[:4], f"{ifsc[:4]} Bank"), "name": name,
                "account_number": number, "notes": []}

    @staticmethod
    def _vpa(value: Any) -> Json:
        if not isinstance(value, dict):
            raise ApiError("The vpa field is required.", field="vpa")
        _reject_unknown(value, {"address"})
        address = value.get("address")
        if not isinstance(address, str) or not VPA_RE.match(address):
            raise ApiError("Invalid VPA. Please enter a valid Virtual Payment Address", field="address")
        username, handle = address.split("@", 1)
        return {"username": username, "handle": handle, "address": address}

    # -- RazorpayX: payouts ------------------------------------------------------------------------------
    def create_payout(self, body: Mapping[str, Any], idempotency_key: str | None) -> Json:
        if not idempotency_key:
            raise ApiError("Idempotency key is missing. Include idempotency header and key in the request.",
                           field="X-Payout-Idempotency", step="NA", reason="NA")
        if not IDEMPOTENCY_KEY_RE.match(idempotency_key):
            raise ApiError("Idempotency key must be 4-36 characters of letters, digits, hyphens, underscores or "
                           "spaces.", field="X-Payout-Idempotency")
        fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
        with self._lock:  # the check and the create are one step: one key can never make two payouts
            seen = self._payout_keys.get(idempotency_key)
            if seen is not None:
                if seen[0] != fingerprint:
                    raise ApiError("Different request body sent for the same Idempotency Header",
                                   field="X-Payout-Idempotency")
                return copy.deepcopy(self.payouts[seen[1]])
            payout = self._new_payout(body)
            self._payout_keys[idempotency_key] = (fingerprint, payout["id"])
            self.payouts[payout["id"]] = payout
            self._publish_payout("payout.queued", payout, final=False)
            controls = self._controls.snapshot()
            delay, outcome = controls.settle_delay_ms / 1000, controls.payout_outcome
            self._settler.call_later(delay, lambda: self._advance_payout(payout["id"], outcome, delay))
            return copy.deepcopy(payout)

    def _new_payout(self, body: Mapping[str, Any]) -> Json:
        _reject_unknown(body, PAYOUT_KEYS)
        if body.get("account_number") != self.account_number:
            raise ApiError("The account number is invalid" if body.get("account_number")
                           else "The account number field is required.", field="account_number")
        fund_account_id = body.get("fund_account_id")
        if not isinstance(fund_account_id, str) or not fund_account_id:
            raise ApiError("The fund account id field is required.", field="fund_account_id")
        account = self.fund_accounts.get(fund_account_id)
        if account is None:
            raise ApiError("The id provided does not exist", field="fund_account_id")
        amount = _amount(body)
        currency = _currency(body)
        mode = body.get("mode")
        if account["account_type"] == "vpa" and mode != "UPI":
            raise ApiError("The mode must be UPI for a vpa fund account", field="mode")
        if account["account_type"] == "bank_account" and mode not in BANK_MODES:
            raise ApiError("The mode must be one of IMPS, NEFT, RTGS for a bank account fund account", field="mode")
        purpose = body.get("purpose")
        if not isinstance(purpose, str) or not purpose:
            raise ApiError("The purpose field is required.", field="purpose")
        if "queue_if_low_balance" in body:
            _flag(body["queue_if_low_balance"], "queue_if_low_balance")
        narration = _optional_str(body, "narration", 30)
        if narration is not None and not NARRATION_RE.match(narration):
            raise ApiError("The narration format is invalid.", field="narration")
        return {"id": ids.new_id("pout"), "entity": "payout", "fund_account_id": fund_account_id, "amount": amount,
                "currency": currency, "notes": _notes(body), "fees": 0, "tax": 0, "status": "queued",
                "purpose": purpose, "utr": None, "mode": mode,
                "reference_id": _optional_str(body, "reference_id", 40), "narration": narration, "batch_id": None,
                "status_details": None, "created_at": self.now(), "fee_type": ""}

    def _advance_payout(self, payout_id: str, outcome: str, delay: float) -> None:
        """queued -> processing (`payout.initiated`) -> processed / reversed / failed."""
        with self._lock:
            payout = self.payouts[payout_id]
            if payout["status"] == "queued":
                payout.update({"status": "processing", "fees": PAYOUT_FEES, "tax": PAYOUT_TAX})
                self._publish_payout("payout.initiated", payout, final=False)
                self._settler.call_later(delay, lambda: self._advance_payout(payout_id, outcome, delay))
            elif payout["status"] == "processing":
                payout["status"] = outcome
                payout["status_details"] = dict(PAYOUT_STATUS_DETAILS[outcome])
                if outcome == "processed":
                    payout["utr"] = f"LOCLN{ids.digits(11)}"
                self._publish_payout(f"payout.{outcome}", payout, final=True)

    def _publish_payout(self, name: str, payout: Json, *, final: bool) -> None:
        self._dispatcher.publish([(name, ["payout"], {"payout": {"entity": copy.deepcopy(payout)}})],
                                 group=payout["id"], final=final, created_at=self.now())


def _error_fields(error: Json) -> dict[str, str]:
    """Checkout's failure parameters for a callback_url: `error[code]`, ..., `error[metadata]` (a JSON string)."""
    out = {f"error[{key}]": str(error[key]) for key in ("code", "description", "source", "step", "reason")}
    out["error[metadata]"] = json.dumps(error.get("metadata", {}), separators=(",", ":"))
    return out


def _query_int(query: Mapping[str, str], name: str, default: int, *, low: int, high: int | None) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(f"The {name} must be an integer.", field=name) from None
    if value < low:
        raise ApiError(f"The {name} must be at least {low}.", field=name)
    if high is not None and value > high:
        raise ApiError(f"The {name} may not be greater than {high}.", field=name)
    return value
