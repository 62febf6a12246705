"""Reminders 30 and 10 minutes before a session: to its mentor and every confirmed learner, in the
bell (pushed live, kind `session_reminder`, which the SPA plays a sound for) and by email when the
reminders switch is on, each with the room's link. Scheduled every minute."""

from __future__ import annotations

from functools import partial
from typing import Any

from chalicelib.catalog import service as catalog
from chalicelib.catalog.models import Session
from chalicelib.core import clock
from chalicelib.jobs.common import confirmed_learners, exactly_once
from chalicelib.notifications.service import notify

KIND = "session_reminder"
LEADS = (30, 10)  # minutes before the start
ACTIVE = ("scheduled", "live")  # a mentor may go live up to 15 minutes early


def due_lead(starts_at: int, now: int) -> int | None:
    """Which reminder is due now: T-30 while 30 to 10 minutes are left, T-10 in the last 10 minutes.
    A run that comes late sends the one whose window it is in, never a stale one."""
    left = starts_at - now
    if left < 0 or left > LEADS[0] * 60:
        return None
    return LEADS[1] if left <= LEADS[1] * 60 else LEADS[0]


def _remind(s: Session, lead: int, note_id: str) -> None:
    minutes = max(1, (int(s.starts_at) - clock.now_int() + 59) // 60)
    link = f"/session/{s.room_code}"
    for user_id in [str(s.mentor_id), *confirmed_learners(s.session_id)]:
        notify(user_id, KIND, f"{s.title} starts in {minutes} min", "Starts at {at}. Join the room from here.",
               link, at=int(s.starts_at), once=f"{note_id}-{user_id}", category="reminders",
               email=(f"Reminder: {s.title} starts in {minutes} minutes",
                      f"{s.title} starts in {minutes} minutes. Join the room from PeerLearn."))


def run(event: Any = None) -> dict[str, int]:
    now = clock.now_int()
    sent = 0
    for s in catalog.starting_between(now, now + LEADS[0] * 60):
        lead = due_lead(int(s.starts_at), now)
        if s.status not in ACTIVE or lead is None:
            continue
        key = f"reminder{lead}#{s.session_id}#{int(s.starts_at)}"
        sent += exactly_once(key, partial(_remind, s, lead))
    return {"reminded": sent}
