"""Notifications' reactions (wired in chalicelib/events/wiring.py)."""

from __future__ import annotations

from typing import cast

from chalicelib.accounts.events import AccountNotice
from chalicelib.core.events import EventMeta
from chalicelib.notifications.service import EmailCategory, notify


def tell_account_holder(event: AccountNotice, meta: EventMeta) -> None:
    email = (event.email_subject, event.email_text) if event.email_subject and event.email_text else None
    notify(event.user_id, event.kind, event.title, event.body, event.link, email=email,
           category=cast("EmailCategory", event.email_category), once=meta.event_id)
