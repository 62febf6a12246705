"""Real-time API shapes."""

from __future__ import annotations

from pydantic import BaseModel


class TicketOut(BaseModel):
    ticket: str
    url: str
    expires_in: int
