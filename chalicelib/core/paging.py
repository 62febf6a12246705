"""Opaque cursors over DynamoDB's LastEvaluatedKey, validated on the way back in.

A cursor is base64(JSON(key)). On decode, only the expected attribute names with scalar S/N
values are accepted, and a caller-bound attribute (e.g. the user id) must match — so a cursor can
neither smuggle other keys nor page through someone else's partition.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from chalicelib.core.errors import BadRequest


def encode(key: dict[str, Any] | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":"), sort_keys=True).encode()).decode()


def decode(cursor: str | None, names: set[str], bound: dict[str, str] | None = None) -> dict[str, Any] | None:
    if not cursor:
        return None
    bad = BadRequest("The cursor is invalid.", code="bad_cursor")
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"=="))
    except (ValueError, UnicodeDecodeError):
        raise bad from None
    if not isinstance(key, dict) or set(key) != names:
        raise bad
    for value in key.values():
        if not isinstance(value, dict) or len(value) != 1:
            raise bad
        ((kind, raw),) = value.items()
        if kind not in ("S", "N") or not isinstance(raw, str) or len(raw) > 200:
            raise bad
        if kind == "N":
            try:
                float(raw)
            except ValueError:
                raise bad from None
    for name, expected in (bound or {}).items():
        if key.get(name, {}).get("S") != expected:
            raise bad
    return key


def take(result: Any, limit: int, max_pages: int = 3) -> tuple[list[Any], dict[str, Any] | None]:
    """Up to `limit` items from a PynamoDB query, reading at most `max_pages` pages.

    Filtered queries can skip many items; the page bound keeps every request's DynamoDB cost
    fixed, and the returned cursor resumes exactly after the last item returned (or the last
    page read). Relies on `ResultIterator` internals of the pinned pynamodb 6.1.
    """
    items: list[Any] = []
    pages = 0
    while len(items) < limit:
        if result._index == result._count:  # current page used up
            if pages >= max_pages:
                break
            try:
                result._get_next_page()
            except StopIteration:
                return items, None
            pages += 1
            continue
        items.append(next(result))
    return items, result.last_evaluated_key
