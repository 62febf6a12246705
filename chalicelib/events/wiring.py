"""Who reacts to what: the one place where events meet their subscribers.

Subscribers are named "module:function" and imported on first delivery, so a Lambda that only
serves routes never loads them. A subscriber lives in the context that owns what it changes, at
or above the context whose event it handles (it imports that event's class). Names are stable:
they key the delivery rows, so renaming one means a one-off migration of in-flight deliveries.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any

from chalicelib.core.events import DomainEvent

EVENT_MODULES = (
    "chalicelib.accounts.events",
    "chalicelib.realtime.events",
    "chalicelib.catalog.events",
    "chalicelib.bookings.events",
    "chalicelib.payments.events",
    "chalicelib.rooms.events",
)

SUBSCRIBERS: dict[str, tuple[str, ...]] = {
    "account.notice": ("chalicelib.notifications.subscribers:tell_account_holder",),
    "profile.updated": ("chalicelib.catalog.subscribers:refresh_directory_entry",),
    "session.went_live": ("chalicelib.bookings.subscribers:tell_learners_session_is_live",
                          "chalicelib.live.subscribers:publish_live_figures"),
    "session.cancelled": ("chalicelib.catalog.subscribers:release_mentor_slots",
                          "chalicelib.bookings.subscribers:cancel_bookings_of_session",
                          "chalicelib.rooms.subscribers:close_room_of_finished_session",
                          "chalicelib.live.subscribers:publish_live_figures"),
    "session.completed": ("chalicelib.catalog.subscribers:release_mentor_slots",
                          "chalicelib.bookings.subscribers:complete_bookings_of_session",
                          "chalicelib.rooms.subscribers:close_room_of_finished_session",
                          "chalicelib.live.subscribers:publish_live_figures"),
    "booking.cancelled": ("chalicelib.payments.subscribers:refund_cancelled_booking",
                          "chalicelib.live.subscribers:publish_live_figures"),
    "booking.confirmed": ("chalicelib.live.subscribers:publish_live_figures",),
    "room.attendance.joined": ("chalicelib.live.subscribers:publish_live_figures",
                               "chalicelib.live.subscribers:tell_learners_mentor_is_in"),
    "room.attendance.left": ("chalicelib.live.subscribers:publish_live_figures",),
    "presence.mentor_changed": ("chalicelib.live.subscribers:publish_mentor_presence",),
    "booking.problem_reported": ("chalicelib.payments.subscribers:hold_earning_of_reported_booking",),
    "booking.problem_resolved": ("chalicelib.payments.subscribers:settle_reported_booking",),
    "payment.captured": ("chalicelib.rooms.subscribers:tell_room_of_gift",),
}


@cache
def _classes() -> dict[tuple[str, int], type[DomainEvent]]:
    found: dict[tuple[str, int], type[DomainEvent]] = {}
    for name in EVENT_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DomainEvent) and value is not DomainEvent \
                    and "TYPE" in vars(value):
                found[(value.TYPE, value.VERSION)] = value
    return found


def event_class(type_: str, version: int) -> type[DomainEvent] | None:
    return _classes().get((type_, version))


def event_types() -> list[tuple[str, int]]:
    return sorted(_classes())


def subscribers(type_: str) -> tuple[str, ...]:
    return SUBSCRIBERS.get(type_, ())


def resolve(name: str) -> Callable[[Any, Any], None]:
    module, _, function = name.partition(":")
    fn: Callable[[Any, Any], None] = getattr(importlib.import_module(module), function)
    return fn
