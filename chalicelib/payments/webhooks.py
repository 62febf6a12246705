"""Razorpay webhooks: accepted fast at the edge, processed from SQS.

The route verifies `X-Razorpay-Signature` over the raw body (constant time), refuses stale or
unsigned events without writing anything, and queues the raw event under its
`x-razorpay-event-id`. The consumer (batch size 1) skips events it has already processed, applies
the event through the forward-only transitions in `capture`, `refunds` and `withdrawals` (each
idempotent by Razorpay's ids), and on its last allowed receive records the event as dead-lettered
— with its body — so an admin can see and replay it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import UpdateError

from chalicelib.core import clock, correlation, metrics
from chalicelib.core.clients import client
from chalicelib.core.errors import BadRequest, Conflict
from chalicelib.core.logging import logger
from chalicelib.core.settings import get_settings

if TYPE_CHECKING:
    from chalicelib.payments.schemas import WebhookAckOut, WebhookEventOut, WebhookEventPage

MAX_RECEIVES = 3  # = the queue's redrive maxReceiveCount (infra and the local stack use 3)
KEEP_PROCESSED_SECONDS = 30 * 24 * 3600
PAYMENT_EVENTS = {"payment.authorized", "payment.captured", "payment.failed", "order.paid"}
REFUND_EVENTS = {"refund.created", "refund.processed", "refund.failed"}
PAYOUT_EVENTS = {"payout.queued", "payout.pending", "payout.initiated", "payout.processing", "payout.processed",
                 "payout.reversed", "payout.failed", "payout.rejected", "payout.updated"}
HANDLED = PAYMENT_EVENTS | REFUND_EVENTS | PAYOUT_EVENTS


class NotYetKnown(RuntimeError):
    """An event about one of *our* orders/refunds that we can't find yet: retry, then dead-letter."""


# ---------- the route ----------

def accept(raw: bytes, headers: dict[str, str]) -> WebhookAckOut:
    from chalicelib.payments.schemas import WebhookAckOut

    signature = headers.get("x-razorpay-signature", "")
    event_id = headers.get("x-razorpay-event-id", "").strip()
    from chalicelib.payments import gateway

    if not signature:
        raise BadRequest("The X-Razorpay-Signature header is missing.", code="bad_signature")
    if not gateway.webhook_signature_ok(raw, signature):
        logger.warning("webhook with a bad signature refused")
        raise BadRequest("The webhook signature doesn't match.", code="bad_signature")
    if not event_id or len(event_id) > 100:
        raise BadRequest("The x-razorpay-event-id header is missing.", code="bad_event_id")
    try:
        event = json.loads(raw)
    except ValueError:
        raise BadRequest("The webhook body is not JSON.", code="bad_json") from None
    if not isinstance(event, dict) or not isinstance(event.get("event"), str):
        raise BadRequest("The webhook body is not a Razorpay event.", code="bad_event")
    created = event.get("created_at")
    if not isinstance(created, int) or created < clock.now_int() - get_settings().webhook_max_age:
        logger.warning("stale webhook refused", extra={"event_id": event_id, "created_at": created})
        raise BadRequest("This event is too old to accept.", code="stale_event")
    if event["event"] not in HANDLED:
        logger.info("webhook event ignored", extra={"event_id": event_id, "event": event["event"]})
        return WebhookAckOut(ignored=True)
    client("sqs").send_message(QueueUrl=queue_url(), MessageBody=raw.decode("utf-8"), MessageAttributes={
        "event_id": {"DataType": "String", "StringValue": event_id},
        "event": {"DataType": "String", "StringValue": event["event"]}, **correlation.message_attributes()})
    return WebhookAckOut()


_queue_urls: dict[tuple[str, str | None], str] = {}


def queue_url() -> str:
    s = get_settings()
    key = (s.webhook_queue_name, s.aws_endpoint_url)
    if key not in _queue_urls:
        _queue_urls[key] = str(client("sqs").get_queue_url(QueueName=s.webhook_queue_name)["QueueUrl"])
    return _queue_urls[key]


# ---------- the consumer ----------

def handle_batch(event: Any) -> None:
    for record in event:
        raw = record.to_dict()
        attributes = raw.get("messageAttributes") or {}
        event_id = str((attributes.get("event_id") or {}).get("stringValue") or raw.get("messageId"))
        receives = int((raw.get("attributes") or {}).get("ApproximateReceiveCount") or 1)
        with correlation.bound(correlation.from_message_attributes(attributes) or correlation.correlation_id()):
            handle_one(event_id, record.body, receives)


def handle_one(event_id: str, body: str, receives: int = 1) -> str:
    from chalicelib.payments.models import WebhookEvent

    existing = _find(event_id)
    if existing is not None and existing.status == "processed":
        return "duplicate"
    try:
        event = json.loads(body)
        outcome = dispatch(event)
    except Exception as exc:
        logger.exception("webhook processing failed", extra={"event_id": event_id, "receives": receives})
        if receives >= MAX_RECEIVES:
            _dead(event_id, body, exc, receives)
        raise
    now = clock.now_int()
    WebhookEvent(event_id=event_id, event=str(event.get("event", "")), entity_id=_entity_id(event),
                 status="processed", admin_state=None, body=None, attempts=receives, received_at=now,
                 processed_at=now, expires_at=now + KEEP_PROCESSED_SECONDS).save()
    logger.info("webhook processed", extra={"event_id": event_id, "event": event.get("event"), "outcome": outcome})
    return outcome


def _entity(event: dict[str, Any], name: str) -> dict[str, Any]:
    entity = ((event.get("payload") or {}).get(name) or {}).get("entity")
    return entity if isinstance(entity, dict) else {}


def _entity_id(event: Any) -> str:
    if not isinstance(event, dict):
        return ""
    for name in ("payment", "refund", "payout", "order"):
        entity = _entity(event, name)
        if entity.get("id"):
            return str(entity["id"])
    return ""


def _ours(entity: dict[str, Any]) -> bool:
    notes = entity.get("notes")
    return isinstance(notes, dict) and bool(notes.get("peerlearn_kind") or notes.get("peerlearn_refund_id"))


def dispatch(event: dict[str, Any]) -> str:
    name = str(event.get("event", ""))
    if name in PAYMENT_EVENTS:
        return _payment_event(name, event)
    if name in REFUND_EVENTS:
        return _refund_event(name, _entity(event, "refund"))
    if name in PAYOUT_EVENTS:
        return _payout_event(name, _entity(event, "payout"))
    return "ignored"


def _payment_event(name: str, event: dict[str, Any]) -> str:
    from chalicelib.payments import capture, records

    payment = _entity(event, "payment")
    order_id = str(payment.get("order_id") or _entity(event, "order").get("id") or "")
    if records.find(order_id) is None:
        if _ours(payment):
            raise NotYetKnown(f"order {order_id} is not recorded yet")
        logger.info("payment event for an order we don't know", extra={"order_id": order_id})
        return "unknown_order"
    if name in ("payment.captured", "order.paid") and payment.get("status") in ("captured", "refunded", None):
        capture.on_captured(order_id, str(payment["id"]), int(payment.get("amount") or 0))
        return "captured"
    if name == "payment.failed":
        capture.on_failed(order_id, str(payment["id"]), str(payment.get("error_description") or ""))
        return "failed"
    return "noted"  # payment.authorized: auto-capture follows; nothing moves until captured


def _refund_event(name: str, entity: dict[str, Any]) -> str:
    from chalicelib.payments import refunds

    r = refunds.find_for_webhook(entity)
    if r is None:
        if _ours(entity):
            raise NotYetKnown(f"refund {entity.get('id')} is not recorded yet")
        logger.warning("refund we didn't ask for", extra={"refund": entity.get("id")})
        return "unknown_refund"
    if name == "refund.processed":
        refunds.on_processed(r.refund_id, str(entity.get("id") or "") or None)
        return "refund_processed"
    if name == "refund.failed":
        refunds.on_failed(r.refund_id, str(entity.get("id") or "") or None)
        return "refund_failed"
    return "noted"


def _payout_event(name: str, entity: dict[str, Any]) -> str:
    from chalicelib.payments import withdrawals

    status = str(entity.get("status") or name.split(".", 1)[1])
    reference = str(entity.get("reference_id") or "")
    if not reference or withdrawals.apply_payout_status(reference, status, entity, None) is None:
        logger.warning("payout we don't know", extra={"payout": entity.get("id"), "reference_id": reference})
        return "unknown_payout"
    return f"payout_{status}"


# ---------- dead letters ----------

def _find(event_id: str) -> Any:
    from chalicelib.payments.models import WebhookEvent

    try:
        return WebhookEvent.get(event_id, consistent_read=True)
    except WebhookEvent.DoesNotExist:
        return None


def _dead(event_id: str, body: str, exc: Exception, receives: int) -> None:
    from chalicelib.notifications.service import notify_admins
    from chalicelib.payments.models import WebhookEvent

    try:
        event = json.loads(body)
    except ValueError:
        event = {}
    name = str(event.get("event", "")) if isinstance(event, dict) else ""
    WebhookEvent(event_id=event_id, event=name, entity_id=_entity_id(event), status="dead", admin_state="dead",
                 body=body, error=f"{type(exc).__name__}: {exc}"[:500], attempts=receives,
                 received_at=clock.now_int()).save()
    metrics.count(metrics.WEBHOOKS_DEAD_LETTERED)
    notify_admins("webhook_dead", f"Webhook dead-lettered: {name or 'unknown event'}",
                  f"Event {event_id} failed {receives} times: {exc}"[:300], "/dashboard/admin/payments")


def dead_letters(state: str, cursor: str | None, limit: int) -> WebhookEventPage:
    from chalicelib.core import paging
    from chalicelib.payments.models import WebhookEvent
    from chalicelib.payments.schemas import WebhookEventPage

    result = WebhookEvent.by_admin_state.query(
        state, scan_index_forward=False, page_size=limit,
        last_evaluated_key=paging.decode(cursor, {"event_id", "admin_state", "received_at"}, {"admin_state": state}))
    items, last = paging.take(result, limit, max_pages=1)
    return WebhookEventPage(items=[event_out(e) for e in items], next_cursor=paging.encode(last))


def event_out(e: Any) -> WebhookEventOut:
    from chalicelib.payments.schemas import WebhookEventOut

    return WebhookEventOut.from_model(e)


def replay(event_id: str) -> WebhookEventOut:
    """Put a dead-lettered event back on the queue (it is processed like a fresh delivery)."""
    from chalicelib.core.errors import NotFound
    from chalicelib.payments.models import WebhookEvent

    e = _find(event_id)
    if e is None or e.admin_state is None:
        raise NotFound("There is no dead-lettered event with that id.", code="not_found")
    try:
        e.update(actions=[WebhookEvent.status.set("replayed"), WebhookEvent.admin_state.set("replayed")],
                 condition=WebhookEvent.status == "dead")
    except UpdateError:
        raise Conflict("This event was already replayed.", code="stale_state") from None
    client("sqs").send_message(QueueUrl=queue_url(), MessageBody=e.body or "{}", MessageAttributes={
        "event_id": {"DataType": "String", "StringValue": event_id},
        "event": {"DataType": "String", "StringValue": e.event or "unknown"}, **correlation.message_attributes()})
    return event_out(_find(event_id))
