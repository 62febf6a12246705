"""Feedback prompts an hour after a session ended: to every learner who attended (the room's
attendance) and has not given feedback yet (the room's feedback). Scheduled every 5 minutes."""

from __future__ import annotations

from functools import partial
from typing import Any

from chalicelib.catalog import service as catalog
from chalicelib.catalog.models import Session
from chalicelib.core import clock
from chalicelib.jobs.common import confirmed_learners, exactly_once
from chalicelib.notifications.service import notify
from chalicelib.rooms.attendance import attendees, feedback_givers

DELAY_SECONDS = 3600
LOOKBACK_SECONDS = 6 * 3600  # ended this long before the delay: still prompted after a scheduler outage


def _prompt(s: Session, note_id: str) -> None:
    came = attendees(s.room_code)
    given = feedback_givers(s.session_id)
    for learner in confirmed_learners(s.session_id, ("completed",)):
        if learner in came and learner not in given:
            notify(learner, "feedback_prompt", f"How was {s.title}?",
                   "Rate the session and tell your mentor what helped. It takes a minute.",
                   f"/session/{s.room_code}", once=f"{note_id}-{learner}")


def run(event: Any = None) -> dict[str, int]:
    now = clock.now_int()
    prompted = 0
    for s in catalog.closed_between(now - DELAY_SECONDS - LOOKBACK_SECONDS, now - DELAY_SECONDS):
        if s.status == "completed":
            prompted += exactly_once(f"feedback#{s.session_id}", partial(_prompt, s))
    return {"sessions_prompted": prompted}
