"""PeerLearn API: wiring only. Every rule lives in `chalicelib/<context>/`."""

from __future__ import annotations

import os
from typing import Any

from chalice.app import Chalice, Cron, Rate, SQSEvent, WebsocketEvent

from chalicelib.accounts.routes import bp as accounts_bp
from chalicelib.bookings.routes import bp as bookings_bp
from chalicelib.catalog.routes import bp as catalog_bp
from chalicelib.core.logging import logger
from chalicelib.core.observability import middleware as observability
from chalicelib.dashboards.routes import bp as dashboards_bp
from chalicelib.events.routes import bp as events_bp
from chalicelib.jobs.routes import bp as jobs_bp
from chalicelib.live.routes import bp as live_bp
from chalicelib.live_requests.routes import bp as live_requests_bp
from chalicelib.messages.routes import bp as messages_bp
from chalicelib.meta.routes import bp as meta_bp
from chalicelib.notifications.routes import bp as notifications_bp
from chalicelib.payments.routes import bp as payments_bp
from chalicelib.realtime.routes import bp as realtime_bp
from chalicelib.realtime.sender import bind_app
from chalicelib.rooms.routes import bp as rooms_bp

app = Chalice(app_name="peerlearn")
app.experimental_feature_flags.update(["WEBSOCKETS"])
app.log = logger
app.register_middleware(observability, "all")  # correlation id, log keys, metrics flush: every event type
bind_app(app)

app.register_blueprint(meta_bp)
app.register_blueprint(accounts_bp)
app.register_blueprint(notifications_bp)
app.register_blueprint(realtime_bp)
app.register_blueprint(dashboards_bp)
app.register_blueprint(catalog_bp)
app.register_blueprint(bookings_bp)
app.register_blueprint(live_requests_bp)
app.register_blueprint(messages_bp)
app.register_blueprint(rooms_bp)
app.register_blueprint(payments_bp)
app.register_blueprint(events_bp)
app.register_blueprint(jobs_bp)
app.register_blueprint(live_bp)


@app.on_ws_connect()
def ws_connect(event: WebsocketEvent) -> Any:
    from chalicelib.realtime import ws_handlers  # handlers import what they need on first use

    return ws_handlers.on_connect(event)


@app.on_ws_disconnect()
def ws_disconnect(event: WebsocketEvent) -> Any:
    from chalicelib.realtime import ws_handlers

    _wire_realtime(ws_handlers)
    return ws_handlers.on_disconnect(event)


def _unread_welcome(user_id: str) -> dict[str, Any]:
    from chalicelib.notifications.service import unread_count

    return {"type": "unread_count", "unread_count": unread_count(user_id)}


def _wire_realtime(ws_handlers: Any) -> None:
    """The contexts above realtime hook in: the bell's welcome, the room's action ("room"), the
    `sessions:` channel's access rule and the room's leave on disconnect."""
    from chalicelib.rooms import signaling

    ws_handlers.on_subscribe("notifications:", _unread_welcome)
    signaling.register(ws_handlers)


@app.on_ws_message()
def ws_message(event: WebsocketEvent) -> Any:
    from chalicelib.realtime import ws_handlers

    _wire_realtime(ws_handlers)
    return ws_handlers.on_message(event)


@app.on_sqs_message(queue="peerlearn-email-outbox", batch_size=1)
def send_outbox_email(event: SQSEvent) -> Any:
    from chalicelib.notifications import email_outbox

    return email_outbox.handle_batch(event)


@app.on_sqs_message(queue="peerlearn-razorpay-webhooks", batch_size=1)
def process_razorpay_webhook(event: SQSEvent) -> Any:
    from chalicelib.payments import webhooks

    return webhooks.handle_batch(event)


@app.schedule(Cron(30, 20, "*", "*", "?", "*"))  # 02:00 IST: yesterday (IST) is complete at Razorpay
def reconcile_payments(event: Any) -> Any:
    from chalicelib.payments import reconciliation

    return reconciliation.run(event)


@app.schedule(Rate(15, unit=Rate.MINUTES))
def settle_payments(event: Any) -> Any:
    from chalicelib.jobs import earnings  # the release waits for the mentor's attendance (rooms)

    return earnings.settle(event)


@app.schedule(Rate(1, unit=Rate.HOURS))
def purge_unverified_accounts(event: Any) -> Any:
    from chalicelib.accounts import jobs

    return jobs.purge_unverified(event)


@app.schedule(Rate(1, unit=Rate.MINUTES))
def release_expired_holds(event: Any) -> Any:
    from chalicelib.bookings import service

    return service.sweep(event)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def expire_open_requests(event: Any) -> Any:
    from chalicelib.live_requests import service

    return service.expire_open(event)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def complete_ended_sessions(event: Any) -> Any:
    from chalicelib.catalog import service

    return service.complete_ended(event)


# ---------- session jobs (chalicelib/jobs) ----------

@app.schedule(Rate(1, unit=Rate.MINUTES))
def send_session_reminders(event: Any) -> Any:
    from chalicelib.jobs import reminders

    return reminders.run(event)


@app.schedule(Rate(1, unit=Rate.MINUTES))
def handle_no_shows(event: Any) -> Any:
    from chalicelib.jobs import noshows

    return noshows.run(event)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def prompt_for_feedback(event: Any) -> Any:
    from chalicelib.jobs import feedback

    return feedback.run(event)


@app.schedule(Cron(30, 0, "1", "*", "?", "*"))  # 06:00 IST on the 1st: the month that ended (IST)
def send_monthly_report(event: Any) -> Any:
    from chalicelib.jobs import reports

    return reports.run(event)


# ---------- domain events (chalicelib/events) ----------

# The outbox table's stream. Chalice needs the ARN when packaging; infra/ passes the real one
# (see docs/operations.md), and nothing reads it locally, where a poller stands in for the stream.
EVENTS_STREAM_ARN = os.environ.get(
    "PEERLEARN_EVENTS_STREAM_ARN",
    "arn:aws:dynamodb:ap-south-1:000000000000:table/peerlearn-local-events/stream/1970-01-01T00:00:00.000")


@app.on_dynamodb_record(stream_arn=EVENTS_STREAM_ARN, batch_size=25, starting_position="TRIM_HORIZON")
def dispatch_domain_events(event: Any) -> Any:
    from chalicelib.events import dispatch

    dispatch.on_stream(event)


@app.schedule(Rate(1, unit=Rate.MINUTES))
def retry_event_deliveries(event: Any) -> Any:
    from chalicelib.events import dispatch

    return dispatch.retry_due(event)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def sweep_pending_events(event: Any) -> Any:
    from chalicelib.events import dispatch

    return dispatch.sweep_pending(event)
