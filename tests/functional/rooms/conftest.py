"""The `room` fixture (see room_helpers.Room)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.functional.rooms.room_helpers import Room


@pytest.fixture
def long_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """Access tokens that outlive the clock moves of a room test (the room opens 15 min before)."""
    monkeypatch.setenv("PEERLEARN_ACCESS_TOKEN_TTL", str(2 * 86400))


@pytest.fixture
def room(long_tokens: None, api: Any, market: Any, make_user: Any, make_admin: Any, clock_at: Any, ws: Any) -> Room:
    return Room(api, market, make_user, make_admin, clock_at, ws)
