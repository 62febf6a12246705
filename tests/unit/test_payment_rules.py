"""Payments rules that need no storage: validators, masks, shapes, days, CSV safety, webhook parsing, signatures."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from pydantic import ValidationError

from chalicelib.accounts.schemas import PersonCardOut
from chalicelib.core import clock
from chalicelib.payments import capture, gateway, reconciliation, views, webhooks, withdrawals
from chalicelib.payments.models import Payment, Refund, Withdrawal
from chalicelib.payments.schemas import AdminRefundIn, GiftIn, PayoutAccountIn, VerifyIn

T = 1_767_205_800  # 2025-12-31T18:30:00Z = 2026-01-01 00:00 IST


@pytest.fixture(autouse=True)
def _reset_clock():
    yield
    clock.reset_clock()


# ---------- payout account input ----------

def account(**over):
    return PayoutAccountIn.model_validate({"kind": "bank", "holder_name": "Vikram M", "ifsc": "HDFC0001234",
                                          "account_number": "123456789", **over}).root


@pytest.mark.parametrize(("ifsc", "stored"), [("HDFC0001234", "HDFC0001234"), (" hdfc0a1b2c3 ", "HDFC0A1B2C3")])
def test_an_ifsc_is_four_letters_a_zero_and_six_more_upper_cased(ifsc, stored):
    assert account(ifsc=ifsc).ifsc == stored


@pytest.mark.parametrize("ifsc", ["HDFC1001234", "HDF00001234", "HDFC000123", "HDFC00012345", "1DFC0001234",
                                  "HDFC000123-"])
def test_a_malformed_ifsc_is_refused(ifsc):
    with pytest.raises(ValidationError, match="valid IFSC"):
        account(ifsc=ifsc)


@pytest.mark.parametrize(("number", "stored"), [("123456789", "123456789"), ("1234 5678 9012 3456 78",
                                                                             "123456789012345678")])
def test_an_account_number_is_9_to_18_digits_spaces_ignored(number, stored):
    assert account(account_number=number).account_number == stored


@pytest.mark.parametrize("number", ["12345678", "1234567890123456789", "12345678a", "-12345678"])
def test_other_account_numbers_are_refused(number):
    with pytest.raises(ValidationError, match="9 to 18 digits"):
        account(account_number=number)


@pytest.mark.parametrize("vpa", ["vikram@okhdfc", " ab@ybl ", "a.b-c_d@upi"])
def test_a_upi_id_is_name_at_handle(vpa):
    assert PayoutAccountIn.model_validate({"kind": "vpa", "vpa": vpa}).root.vpa == vpa.strip()


@pytest.mark.parametrize("vpa", ["vikram", "v@okhdfc", "vikram@ok1", "vikram@h", "vik ram@okhdfc", "@okhdfc"])
def test_other_upi_ids_are_refused(vpa):
    with pytest.raises(ValidationError, match="valid UPI id"):
        PayoutAccountIn.model_validate({"kind": "vpa", "vpa": vpa})


@pytest.mark.parametrize("amount", [12.5, "1250", 1250.0, 0, 10_000_000_01, True])
def test_amounts_are_strict_whole_paise_in_range(amount):
    with pytest.raises(ValidationError):
        GiftIn.model_validate({"booking_id": "b1", "amount_paise": amount})
    assert GiftIn.model_validate({"booking_id": "b1", "amount_paise": 10_000_000_00}).amount_paise == 10_000_000_00


def test_ids_and_idempotency_keys_are_plain_tokens():
    with pytest.raises(ValidationError):
        VerifyIn.model_validate({"razorpay_order_id": "order 1", "razorpay_payment_id": "p", "razorpay_signature": "s"})
    with pytest.raises(ValidationError):
        AdminRefundIn.model_validate({"reason": "duplicate charge", "idempotency_key": "short"})
    assert AdminRefundIn.model_validate({"reason": "duplicate charge"}).amount_paise is None


# ---------- masks and shapes ----------

def test_an_account_number_is_masked_to_its_last_four_digits():
    assert withdrawals.mask_number("123456789012") == "XXXXXXXX9012"
    assert withdrawals.mask_number("1234") == "1234"
    assert withdrawals.mask_number("123") == "123"


def test_a_upi_id_is_masked_after_two_characters():
    assert withdrawals.mask_vpa("vikram@okhdfc") == "vi****@okhdfc"
    assert withdrawals.mask_vpa("ab@ybl") == "ab***@ybl"  # at least three stars, whatever the length
    assert withdrawals.mask_vpa("abcde@ybl") == "ab***@ybl"


def test_whose_ledger_accounts_a_withdrawal_moves():
    assert withdrawals.accounts_of("m1") == ("mentor:m1:available", "mentor:m1:payouts-pending")
    assert withdrawals.accounts_of("platform") == ("platform:fees", "platform:payouts-pending")


@pytest.mark.parametrize(("payout", "detail"), [
    ({"status_details": {"description": "Bank down", "reason": "bank_error"}}, "Bank down"),
    ({"status_details": {"reason": "bank_error"}}, "bank_error"),
    ({"status_details": {}}, ""), ({"status_details": "text", "failure_reason": "x"}, "x"),
    ({"failure_reason": "Invalid IFSC"}, "Invalid IFSC"), ({}, "")])
def test_a_payouts_failure_detail(payout, detail):
    assert withdrawals._status_detail(payout) == detail


def test_a_withdrawal_is_shown_with_its_status_text():
    w = Withdrawal(withdrawal_id="w1", owner="m1", amount_paise=10_000, status="requested", destination="XX1234",
                   mode="IMPS", fund_account_id="fa", created_at=T, updated_at=T + 60)
    assert withdrawals.to_out(w).model_dump(mode="json") == {
        "withdrawal_id": "w1", "amount_paise": 10_000, "status": "requested",
        "status_text": "Requested — usually processed within 24 hrs", "destination": "XX1234", "utr": None,
        "failure_reason": None, "created_at": "2025-12-31T18:30:00Z", "updated_at": "2025-12-31T18:31:00Z"}
    w.status = "queued"  # a status the contract does not know is refused, never shown half-typed
    with pytest.raises(ValidationError):
        withdrawals.to_out(w)


def test_a_payout_account_is_shown_masked():
    from chalicelib.payments.models import PayoutAccount

    assert withdrawals.account_out(None).model_dump(mode="json") == {"account": None}
    bank = PayoutAccount(owner="m1", kind="bank", holder_name="Vikram", ifsc="HDFC0001234", masked="XXXXX6789")
    assert withdrawals.account_out(bank).model_dump(mode="json") == {"account": {"kind": "bank", "holder_name": "Vikram",
                                                          "ifsc": "HDFC0001234", "masked": "XXXXX6789",
                                                          "account_last4": "6789"}}
    vpa = PayoutAccount(owner="m1", kind="vpa", masked="vi****@okhdfc")
    assert withdrawals.account_out(vpa).model_dump(mode="json") == {"account": {"kind": "vpa", "vpa_masked": "vi****@okhdfc",
                                                         "masked": "vi****@okhdfc"}}


def payment(**over) -> Payment:
    base = dict(order_id="order_1", kind="booking", booking_id="b1", session_id="s1", session_title="Algebra",
                session_starts_at=T + 86_400, learner_id="l1", mentor_id="m1", amount_paise=50_000,
                mentor_paise=45_000, platform_paise=5_000, status="captured", earning_status="held",
                razorpay_payment_id="pay_1", created_at=T, updated_at=T, captured_at=T + 30)
    base.update(over)
    return Payment(**base)


def test_a_payment_is_shown_with_names_and_iso_times():
    cards = {u: PersonCardOut(user_id=u, name=n, avatar_url=None, is_demo=False)
             for u, n in (("l1", "Asha"), ("m1", "Vikram"))}
    assert views.to_out(payment(failed_ids={"pay_0"}), cards).model_dump(mode="json") == {
        "order_id": "order_1", "kind": "booking", "booking_id": "b1",
        "session": {"session_id": "s1", "title": "Algebra", "starts_at": "2026-01-01T18:30:00Z"},
        "learner": {"user_id": "l1", "name": "Asha"}, "mentor": {"user_id": "m1", "name": "Vikram"},
        "amount_paise": 50_000, "mentor_paise": 45_000, "platform_paise": 5_000, "refunded_paise": 0,
        "mentor_reversed_paise": 0, "status": "captured", "earning_status": "held", "on_hold": False, "failed_attempts": 1,
        "razorpay_payment_id": "pay_1", "created_at": "2025-12-31T18:30:00Z", "captured_at": "2025-12-31T18:30:30Z"}


def test_an_uncaptured_gift_has_no_times_to_show_and_unknown_people_have_no_name():
    d = views.to_out(payment(kind="gift", session_starts_at=0, captured_at=None, status="created",
                              refunded_paise=None, mentor_reversed_paise=None)).model_dump(mode="json")
    assert d["session"]["starts_at"] is None and d["captured_at"] is None
    assert d["learner"] == {"user_id": "l1", "name": ""} and d["failed_attempts"] == 0
    assert (d["refunded_paise"], d["mentor_reversed_paise"]) == (0, 0)


def test_a_refund_is_shown_with_its_reason():
    r = Refund(refund_id="rf_1", order_id="order_1", razorpay_payment_id="pay_1", razorpay_refund_id="rfnd_1",
               learner_id="l1", mentor_id="m1", amount_paise=20_000, mentor_paise=18_000, reason="admin",
               note="duplicate", status="processed", created_at=T, updated_at=T, created_day="2026-01-01")
    assert views.refund_out(r).model_dump(mode="json") == {"refund_id": "rf_1", "order_id": "order_1", "razorpay_refund_id": "rfnd_1",
                                    "amount_paise": 20_000, "mentor_paise": 18_000, "reason": "admin",
                                    "note": "duplicate", "status": "processed", "created_at": "2025-12-31T18:30:00Z"}


@pytest.mark.parametrize(("paise", "text"), [(0, "0.00"), (5, "0.05"), (1_250, "12.50"), (123_456, "1234.56")])
def test_csv_amounts_are_rupees_with_two_decimals(paise, text):
    assert views._inr(paise) == text


@pytest.mark.parametrize("text", ["=HYPERLINK(x)", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(text):
    assert views._safe(text) == "'" + text


@pytest.mark.parametrize("text", ["Algebra", "", "a=b", " =x"])
def test_other_csv_cells_are_left_alone(text):
    assert views._safe(text) == text


# ---------- days in IST ----------

def test_the_capture_day_is_the_indian_calendar_day():
    assert capture.ist_day(T) == "2026-01-01"
    assert capture.ist_day(T - 1) == "2025-12-31"
    assert capture.gifts_counter("m1") == "gifts:m1"


def test_a_reconciliation_day_spans_midnight_to_midnight_ist():
    assert reconciliation._day_bounds("2026-01-01") == (T, T + 86_400 - 1)


def test_reconciliation_checks_yesterday_in_ist():
    clock.set_clock(lambda: float(T))  # 00:00 IST on 1 Jan
    assert reconciliation.yesterday() == "2025-12-31"
    clock.set_clock(lambda: float(T - 1))  # 23:59:59 IST on 31 Dec
    assert reconciliation.yesterday() == "2025-12-30"


def test_a_reconciliation_report_shape():
    from chalicelib.payments.models import Reconciliation

    r = Reconciliation(day="2026-01-01", ok=False, differences=[{"kind": "missing"}], checked_payments=3,
                       checked_refunds=None, ran_at=T)
    assert reconciliation.report_dict(r) == {"day": "2026-01-01", "ok": False, "differences": [{"kind": "missing"}],
                                             "checked_payments": 3, "checked_refunds": 0,
                                             "ran_at": "2025-12-31T18:30:00Z"}


# ---------- webhook parsing ----------

def test_the_entity_of_an_event():
    event = {"payload": {"payment": {"entity": {"id": "pay_1"}}, "order": {"entity": {"id": "order_1"}}}}
    assert webhooks._entity(event, "payment") == {"id": "pay_1"}
    assert webhooks._entity(event, "refund") == {}
    assert webhooks._entity({"payload": {"payment": {"entity": "pay_1"}}}, "payment") == {}
    assert webhooks._entity({"payload": None}, "payment") == {}


def test_an_events_entity_id_prefers_payment_refund_payout_then_order():
    assert webhooks._entity_id({"payload": {"order": {"entity": {"id": "order_1"}},
                                            "payment": {"entity": {"id": "pay_1"}}}}) == "pay_1"
    assert webhooks._entity_id({"payload": {"order": {"entity": {"id": "order_1"}},
                                            "refund": {"entity": {"id": ""}}}}) == "order_1"
    assert webhooks._entity_id({"payload": {"payout": {"entity": {"id": 7}}}}) == "7"
    assert webhooks._entity_id({"payload": {}}) == "" and webhooks._entity_id(["not", "an", "event"]) == ""


@pytest.mark.parametrize(("notes", "ours"), [({"peerlearn_kind": "booking"}, True), ({"peerlearn_refund_id": "r"}, True),
                                             ({"peerlearn_kind": ""}, False), ({}, False), (["x"], False), (None, False)])
def test_only_entities_with_our_notes_are_ours(notes, ours):
    assert webhooks._ours({"notes": notes}) is ours


def test_unknown_events_are_ignored_by_the_consumer():
    assert webhooks.dispatch({"event": "subscription.charged"}) == "ignored"
    assert webhooks.dispatch({}) == "ignored"
    assert {"payment.captured", "order.paid", "refund.processed", "payout.reversed"} <= webhooks.HANDLED


def test_a_dead_letter_is_shown_with_its_body():
    from chalicelib.payments.models import WebhookEvent

    e = WebhookEvent(event_id="evt_1", event="payment.captured", entity_id="pay_1", status="dead", admin_state="dead",
                     body="{}", attempts=3, received_at=T, error="boom")
    assert webhooks.event_out(e).model_dump(mode="json") == {"event_id": "evt_1", "event": "payment.captured", "entity_id": "pay_1",
                                      "status": "dead", "error": "boom", "attempts": 3,
                                      "received_at": "2025-12-31T18:30:00Z"}
    e.attempts = None
    assert webhooks.event_out(e).model_dump(mode="json")["attempts"] == 0


# ---------- signatures (HMAC-SHA256, no network) ----------

@pytest.fixture
def keys(monkeypatch):
    monkeypatch.setenv("RAZORPAY_KEY_ID", "rzp_test_1")
    monkeypatch.setenv("RAZORPAY_KEY_SECRET", "key-secret")
    monkeypatch.setenv("RAZORPAY_WEBHOOK_SECRET", "hook-secret")
    monkeypatch.delenv("RAZORPAY_WEBHOOK_SECRET_PREVIOUS", raising=False)
    monkeypatch.delenv("RAZORPAY_BASE_URL", raising=False)
    return monkeypatch


def sign(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


@pytest.mark.parametrize(("key_id", "secret", "ok"), [("rzp_test_1", "s", True), ("", "s", False),
                                                      ("rzp_test_1", "", False), ("not-configured", "s", False),
                                                      ("rzp_test_1", "not-configured", False)])
def test_payments_are_configured_only_with_real_keys(monkeypatch, key_id, secret, ok):
    monkeypatch.setenv("RAZORPAY_KEY_ID", key_id)
    monkeypatch.setenv("RAZORPAY_KEY_SECRET", secret)
    assert gateway.configured() is ok


def test_unconfigured_payments_are_unavailable(monkeypatch):
    monkeypatch.setenv("RAZORPAY_KEY_ID", "")
    with pytest.raises(gateway.PaymentsUnavailable) as exc:
        gateway.client()
    assert exc.value.status == 503
    assert gateway.payment_signature_ok("order_1", "pay_1", "sig") is False


def test_the_checkout_signature_is_over_our_order_id_and_the_payment_id(keys):
    good = sign("key-secret", "order_1|pay_1")
    assert gateway.payment_signature_ok("order_1", "pay_1", good) is True
    assert gateway.payment_signature_ok("order_2", "pay_1", good) is False
    assert gateway.payment_signature_ok("order_1", "pay_1", sign("other", "order_1|pay_1")) is False
    assert gateway.payment_signature_ok("order_1", "pay_1", "") is False


def test_a_webhook_signature_is_checked_against_the_current_then_the_previous_secret(keys):
    body = json.dumps({"event": "payment.captured"}).encode()
    assert gateway.webhook_signature_ok(body, sign("hook-secret", body.decode())) is True
    old = sign("old-secret", body.decode())
    assert gateway.webhook_signature_ok(body, old) is False
    keys.setenv("RAZORPAY_WEBHOOK_SECRET_PREVIOUS", "old-secret")
    assert gateway.webhook_signature_ok(body, old) is True
    assert gateway.webhook_signature_ok(body, "") is False
    assert gateway.webhook_signature_ok(b"\xff\xfe", sign("hook-secret", "x")) is False


@pytest.mark.parametrize("unset", ["", "not-configured"])
def test_no_webhook_is_accepted_without_a_real_secret(keys, unset):
    keys.setenv("RAZORPAY_WEBHOOK_SECRET", unset)
    body = b"{}"
    assert gateway.webhook_signature_ok(body, sign(unset, "{}")) is False


def test_the_sdk_client_talks_to_razorpay_unless_a_base_url_is_set(keys):
    import razorpay

    gateway._clients.clear()
    assert gateway.client().base_url == razorpay.Client.DEFAULTS["base_url"]
    assert gateway.client() is gateway.client()  # one client per key and address
    keys.setenv("RAZORPAY_BASE_URL", "http://127.0.0.1:9/standin")
    assert gateway.client().base_url == "http://127.0.0.1:9/standin"
    gateway._clients.clear()
