"""Uniqueness guards shared by every context (emails, quarter-hour slots, one-per-thing rules)."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from chalicelib.core.models import BaseModel, EnvTableMeta


class Guard(BaseModel):
    """Uniqueness guard: one item per unique key (e.g. `email#a@b.c` → user id).

    Written in the same transaction as the thing it guards, with `attribute_not_exists`.
    """

    class Meta(metaclass=EnvTableMeta):
        base_name = "guards"

    key = UnicodeAttribute(hash_key=True)
    owner_id = UnicodeAttribute()
    created_at = NumberAttribute()
