"""Hot aggregates (e.g. users per role), kept by atomic ADD in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from chalicelib.core.models import BaseModel, EnvTableMeta


class Counter(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "counters"

    name = UnicodeAttribute(hash_key=True)
    value = NumberAttribute(default=0)


def add_in(tx: Any, name: str, delta: int) -> None:
    """Queue `name += delta` inside an open TransactWrite."""
    tx.update(Counter(name=name), actions=[Counter.value.add(delta)])


def read_many(names: list[str]) -> dict[str, int]:
    out = {n: 0 for n in names}
    for item in Counter.batch_get(names):
        out[item.name] = max(0, int(item.value or 0))
    return out
