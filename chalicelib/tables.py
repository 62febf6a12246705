"""The single source of truth for DynamoDB tables.

Every table is a PynamoDB model listed in `all_models()`. `table_specs()` turns them into plain
definitions used by three consumers: the tests and the local stack (`create_all_tables`) and the
CDK app in `infra/` — so keys, indexes and TTL can never drift apart.
"""

from __future__ import annotations

from typing import Any


def all_models() -> list[Any]:
    from chalicelib.accounts.models import LoginChallenge, OneTimeCode, RefreshToken, TokenFamily, User
    from chalicelib.bookings.models import Booking, ProblemReport
    from chalicelib.catalog.models import Session, SessionTerm
    from chalicelib.core.counters import Counter
    from chalicelib.core.events import OutboxEvent
    from chalicelib.core.guards import Guard
    from chalicelib.events.models import Delivery
    from chalicelib.jobs.models import JobMark, MonthlyReport, NoShow
    from chalicelib.live_requests.models import LiveRequest
    from chalicelib.messages.models import Conversation, DirectMessage
    from chalicelib.notifications.models import Notification
    from chalicelib.payments.models import (
        Balance,
        LedgerItem,
        Payment,
        PayoutAccount,
        Reconciliation,
        Refund,
        WebhookEvent,
        Withdrawal,
    )
    from chalicelib.realtime.models import WsConnection, WsRateWindow, WsSubscription, WsTicket, WsUserEvent
    from chalicelib.rooms.models import (
        Attendance,
        ChatMessage,
        Feedback,
        RoomFile,
        RoomPeer,
        RoomState,
        WhiteboardBatch,
    )

    return [
        User, Guard, OneTimeCode, RefreshToken, TokenFamily, LoginChallenge,
        Notification, WsTicket, WsConnection, WsSubscription, Counter,
        Session, SessionTerm, Booking, ProblemReport, LiveRequest, LedgerItem, Balance,
        Payment, Refund, PayoutAccount, Withdrawal, WebhookEvent, Reconciliation,
        OutboxEvent, Delivery, WsRateWindow, WsUserEvent,
        RoomState, RoomPeer, Attendance, ChatMessage, WhiteboardBatch, RoomFile, Feedback,
        Conversation, DirectMessage,
        JobMark, NoShow, MonthlyReport,
    ]


def table_specs() -> list[dict[str, Any]]:
    """Plain, provider-neutral table definitions (base name without stage prefix)."""
    specs = []
    for model in all_models():
        schema = model._get_schema()
        specs.append({
            "base_name": model.Meta.base_name,
            "key_schema": schema["key_schema"],
            "attribute_definitions": schema["attribute_definitions"],
            "global_secondary_indexes": [
                {"index_name": g["index_name"], "key_schema": g["key_schema"],
                 "projection": g["projection"]}
                for g in schema["global_secondary_indexes"]
            ],
            "ttl_attribute": getattr(model.Meta, "ttl_attribute_name", None),
            "stream_view_type": getattr(model.Meta, "stream_view_type", None),
        })
    return specs


def create_all_tables() -> list[str]:
    """Create every table that does not exist yet (tests and the local stack only; AWS uses infra/)."""
    from chalicelib.core.clients import client
    from chalicelib.core.settings import get_settings

    settings = get_settings()
    ddb = client("dynamodb")
    existing = set(ddb.list_tables().get("TableNames", []))
    created = []
    for spec in table_specs():
        name = settings.table_name(spec["base_name"])
        if name in existing:
            continue
        kwargs: dict[str, Any] = {
            "TableName": name, "KeySchema": spec["key_schema"],
            "AttributeDefinitions": spec["attribute_definitions"], "BillingMode": "PAY_PER_REQUEST",
        }
        if spec["global_secondary_indexes"]:
            kwargs["GlobalSecondaryIndexes"] = [
                {"IndexName": g["index_name"], "KeySchema": g["key_schema"], "Projection": g["projection"]}
                for g in spec["global_secondary_indexes"]
            ]
        if spec["stream_view_type"]:
            kwargs["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": spec["stream_view_type"]}
        ddb.create_table(**kwargs)
        ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        if spec["ttl_attribute"]:
            ddb.update_time_to_live(
                TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": spec["ttl_attribute"]}
            )
        created.append(name)
    return created
