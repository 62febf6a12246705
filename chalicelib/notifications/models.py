"""Stored notifications: the bell's history, newest first per user."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.core.models import BaseModel, EnvTableMeta


class Notification(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "notifications"

    user_id = UnicodeAttribute(hash_key=True)
    sort_key = UnicodeAttribute(range_key=True)  # the notification id: time-sortable
    kind = UnicodeAttribute()
    title = UnicodeAttribute()
    body = UnicodeAttribute(default="")
    link = UnicodeAttribute(null=True)
    read = BooleanAttribute(default=False)
    at = NumberAttribute(null=True)  # the time the text's "{at}" stands for (the SPA formats it in the reader's zone)
    created_at = NumberAttribute()
