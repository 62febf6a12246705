"""The release of mentors' earnings on attendance: payments' settle job, told by the live room
whether each payment's mentor came (rooms sits above payments, so the fact is passed down)."""

from __future__ import annotations

from typing import Any

from chalicelib.catalog import service as catalog
from chalicelib.payments import jobs as payments_jobs
from chalicelib.payments.models import Payment
from chalicelib.rooms.attendance import attendees


def mentor_attended(p: Payment) -> bool:
    s = catalog.load(p.session_id)
    return attendees(s.room_code).get(str(p.mentor_id)) == "mentor"


def release_due(limit: int = 200) -> dict[str, int]:
    return payments_jobs.release_due(attended=mentor_attended, limit=limit)


def settle(event: Any = None) -> dict[str, int]:
    """Scheduled every 15 minutes: releases due on attendance, payouts and refunds resent."""
    return payments_jobs.settle(event, attended=mentor_attended)
