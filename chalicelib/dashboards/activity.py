"""The learner's Activity feed: requests and bookings merged newest first, one cursor for both.

Each source is a Query on its `by-learner` index; the merged cursor carries each source's own
position, so paging never skips or repeats an item and costs at most two queries per page.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from chalicelib.bookings import service as bookings
from chalicelib.bookings.models import Booking
from chalicelib.core import clock, paging
from chalicelib.core.errors import BadRequest
from chalicelib.live_requests import service as requests
from chalicelib.live_requests.models import LiveRequest

if TYPE_CHECKING:
    from chalicelib.dashboards.schemas import ActivityItemOut, ActivityPage

SOURCES: dict[str, tuple[Any, set[str], str]] = {
    "requests": (LiveRequest, {"request_id", "learner_id"}, "request_id"),
    "bookings": (Booking, {"booking_id", "learner_id"}, "booking_id"),
}
END = "end"


def _decode(cursor: str | None, learner_id: str) -> dict[str, Any]:
    if not cursor:
        return {}
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"=="))
        if not isinstance(raw, dict) or not set(raw) <= set(SOURCES):
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("The cursor is invalid.", code="bad_cursor") from None
    out: dict[str, Any] = {}
    for name, value in raw.items():
        if value == END:
            out[name] = END
        else:
            out[name] = paging.decode(paging.encode(value), SOURCES[name][1], {"learner_id": learner_id})
    return out


def _encode(positions: dict[str, Any]) -> str | None:
    if all(v == END for v in positions.values()):
        return None
    return base64.urlsafe_b64encode(json.dumps(positions, separators=(",", ":")).encode()).decode()


def _key(item: Any, id_attr: str) -> dict[str, Any]:
    return {id_attr: {"S": getattr(item, id_attr)}, "learner_id": {"S": item.learner_id}}


def _booking_statuses(reqs: list[LiveRequest], books: list[Booking]) -> dict[str, str]:
    """The status of each accepted request's booking (paid yet?): from the page when it is there,
    else one BatchGet of the status alone."""
    known = {b.booking_id: str(b.status) for b in books}
    missing = sorted({r.booking_id for r in reqs if r.booking_id and r.booking_id not in known})
    if missing:
        for b in Booking.batch_get(missing, attributes_to_get=["booking_id", "status"]):
            known[b.booking_id] = str(b.status)
    return known


def feed(learner_id: str, kind: str, cursor: str | None, limit: int) -> ActivityPage:
    from chalicelib.dashboards.schemas import ActivityPage, BookingActivityOut, RequestActivityOut

    wanted = list(SOURCES) if kind == "all" else [kind]
    positions = _decode(cursor, learner_id)
    fetched: dict[str, list[Any]] = {}
    exhausted: dict[str, bool] = {}
    for name in wanted:
        if positions.get(name) == END:
            fetched[name], exhausted[name] = [], True
            continue
        model, _names, _id = SOURCES[name]
        result = model.by_learner.query(learner_id, scan_index_forward=False, page_size=limit,
                                        last_evaluated_key=positions.get(name))
        items, last = paging.take(result, limit, max_pages=1)
        fetched[name], exhausted[name] = items, last is None
    # Ids are time-sortable (ms), and each index is sorted by them: merge by id, newest first.
    merged = sorted(((getattr(it, SOURCES[name][2]), name, it) for name in wanted for it in fetched[name]),
                    key=lambda t: t[0], reverse=True)[:limit]
    used: dict[str, Any] = {}
    for _id, name, it in merged:
        used[name] = it  # the last (oldest) taken from each source
    new_positions: dict[str, Any] = {}
    for name in wanted:
        taken_all = len([m for m in merged if m[1] == name]) == len(fetched[name])
        if name in used:
            new_positions[name] = END if (taken_all and exhausted[name]) else _key(used[name], SOURCES[name][2])
        else:
            new_positions[name] = END if exhausted[name] else positions.get(name, None)
            if new_positions[name] is None:
                new_positions.pop(name)
    out: list[ActivityItemOut] = []
    books = [it for _a, n, it in merged if n == "bookings"]
    book_outs = {b.booking_id: d for b, d in zip(books, bookings.shape_many(books, learner_id), strict=True)}
    reqs = [it for _a, n, it in merged if n == "requests"]
    req_outs = {r.request_id: d for r, d in zip(reqs, requests.shape_many(reqs), strict=True)}
    seat = _booking_statuses(reqs, books)
    for _id, name, it in merged:
        at = clock.iso(it.created_at)
        if name == "requests":
            out.append(RequestActivityOut(at=at, request=req_outs[it.request_id],
                                          booking_status=seat.get(it.booking_id) if it.booking_id else None))  # type: ignore[arg-type]  # a stored BookingStatus
        else:
            out.append(BookingActivityOut(at=at, booking=book_outs[it.booking_id]))
    next_cursor = _encode(new_positions) if merged and len(merged) == limit else None
    return ActivityPage(items=out, next_cursor=next_cursor)
