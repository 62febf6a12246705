"""Catalog's reactions (wired in chalicelib/events/wiring.py)."""

from __future__ import annotations

from chalicelib.accounts.events import ProfileUpdated
from chalicelib.catalog import mentors, service
from chalicelib.catalog.events import SessionCancelled, SessionCompleted
from chalicelib.core.events import EventMeta


def release_mentor_slots(event: SessionCancelled | SessionCompleted, meta: EventMeta) -> None:
    service.release_mentor_slots(service.load(event.session_id))


def refresh_directory_entry(event: ProfileUpdated, meta: EventMeta) -> None:
    """The mentor directory mirrors the profile (name, domains, skills, bio, verification, blocks)."""
    if event.role == "mentor":
        mentors.refresh(event.user_id)
