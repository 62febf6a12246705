"""Razorpay (and RazorpayX) through the official SDK — the only module that talks to them.

The same code reaches the real API or the local stand-in: only `RAZORPAY_BASE_URL` and the keys
differ. The SDK (and `requests`) load on first use, keeping them off the API's cold start.
"""

from __future__ import annotations

from typing import Any

from chalicelib.core.errors import DomainError
from chalicelib.core.logging import logger
from chalicelib.core.settings import get_settings


class PaymentsUnavailable(DomainError):
    status = 503
    code = "payments_unavailable"
    default_message = "Payments are unavailable right now. Please try again in a minute."


class GatewayRefused(DomainError):
    status = 409
    code = "payment_provider_refused"
    default_message = "The payment provider refused this request."


UNSET = ("", "not-configured")  # infra's placeholder until an operator stores real keys


def configured() -> bool:
    s = get_settings()
    return s.razorpay_key_id not in UNSET and s.razorpay_key_secret not in UNSET


_clients: dict[tuple[str, str, str | None], Any] = {}


def client() -> Any:
    s = get_settings()
    if not configured():
        raise PaymentsUnavailable("Payments aren't configured on this server.")
    key = (s.razorpay_key_id, s.razorpay_key_secret, s.razorpay_base_url)
    if key not in _clients:
        import razorpay

        options = {"base_url": s.razorpay_base_url} if s.razorpay_base_url else {}
        _clients[key] = razorpay.Client(auth=(s.razorpay_key_id, s.razorpay_key_secret), **options)
    return _clients[key]


def _call(what: str, fn: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    import razorpay.errors
    import requests

    try:
        result = fn(*args, **kwargs)
    except razorpay.errors.BadRequestError as exc:
        logger.warning("razorpay refused", extra={"call": what, "reason": str(exc)})
        raise GatewayRefused(f"The payment provider refused this: {exc}") from None
    except (razorpay.errors.ServerError, razorpay.errors.GatewayError, requests.RequestException, ValueError) as exc:
        logger.warning("razorpay unavailable", extra={"call": what, "reason": str(exc)})
        raise PaymentsUnavailable() from None
    return dict(result)


# ---------- orders and payments ----------

def create_order(amount_paise: int, receipt: str, notes: dict[str, str]) -> dict[str, Any]:
    c = client()
    return _call("order.create", c.order.create,
                 {"amount": amount_paise, "currency": "INR", "receipt": receipt, "notes": notes})


def fetch_payment(payment_id: str) -> dict[str, Any]:
    c = client()
    return _call("payment.fetch", c.payment.fetch, payment_id)


def refund(payment_id: str, amount_paise: int, notes: dict[str, str]) -> dict[str, Any]:
    c = client()
    return _call("payment.refund", c.payment.refund, payment_id, {"amount": amount_paise, "notes": notes})


def refunds_of(payment_id: str) -> list[dict[str, Any]]:
    c = client()
    return list(_call("payment.fetch_multiple_refund", c.payment.fetch_multiple_refund, payment_id,
                      {"count": 100}).get("items") or [])


def list_collection(kind: str, start: int, end: int) -> list[dict[str, Any]]:
    """Every payment or refund created in [start, end] (unix seconds), 100 per page."""
    c = client()
    resource = c.payment if kind == "payments" else c.refund
    items: list[dict[str, Any]] = []
    skip = 0
    while True:
        page = _call(f"{kind}.all", resource.all, {"from": start, "to": end, "count": 100, "skip": skip})
        batch = list(page.get("items") or [])
        items.extend(batch)
        if len(batch) < 100:
            return items
        skip += 100


# ---------- RazorpayX ----------

def create_contact(name: str, contact_type: str, reference_id: str) -> dict[str, Any]:
    c = client()
    return _call("contacts.create", c.post, "/v1/contacts",
                 {"name": name[:50], "type": contact_type, "reference_id": reference_id})


def create_fund_account(contact_id: str, details: dict[str, Any]) -> dict[str, Any]:
    c = client()
    return _call("fund_account.create", c.fund_account.create, {"contact_id": contact_id, **details})


def create_payout(body: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
    c = client()
    s = get_settings()
    return _call("payouts.create", c.post, "/v1/payouts", {"account_number": s.razorpayx_account_number, **body},
                 headers={"X-Payout-Idempotency": idempotency_key})


# ---------- signatures (the SDK's checks: HMAC-SHA256, compared in constant time) ----------

def _verified(check: Any) -> bool:
    import razorpay.errors

    try:
        check()
    except (razorpay.errors.SignatureVerificationError, TypeError, ValueError):
        return False
    return True


def payment_signature_ok(order_id: str, payment_id: str, signature: str) -> bool:
    """Checkout's `razorpay_signature` = HMAC(order_id|payment_id, key secret), for *our* order id."""
    if not signature or not configured():
        return False
    c = client()
    return _verified(lambda: c.utility.verify_payment_signature(
        {"razorpay_order_id": order_id, "razorpay_payment_id": payment_id, "razorpay_signature": signature}))


def webhook_signature_ok(raw_body: bytes, signature: str) -> bool:
    """Checked against the current secret and, during a rotation, the previous one."""
    s = get_settings()
    secrets = [x for x in (s.razorpay_webhook_secret, s.razorpay_webhook_secret_previous) if x not in UNSET]
    if not secrets or not signature:
        return False
    from razorpay.utility.utility import Utility

    try:
        body = raw_body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(_verified(lambda secret=secret: Utility(None).verify_webhook_signature(body, signature, secret))
               for secret in secrets)
