"""The room's pure rules: the timer from attendance intervals, TURN REST credentials, the window."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from chalicelib.core import clock
from chalicelib.rooms.access import Room
from chalicelib.rooms.ice import turn_credential
from chalicelib.rooms.models import Attendance
from chalicelib.rooms.schemas import WhiteboardIn
from chalicelib.rooms.state import presence


def interval(role: str, joined: float, left: float | None, user: str = "u") -> Attendance:
    return Attendance(room_code="r", interval_key=f"{joined}", session_id="s", user_id=user, role=role,
                      connection_id="c", joined_at=joined, left_at=left)


@pytest.fixture
def at_1000():
    clock.set_clock(lambda: 1000.0)
    yield
    clock.reset_clock()


def test_the_timer_counts_only_time_both_sides_were_in(at_1000):
    items = [interval("mentor", 100, 400), interval("learner", 200, 300, "a"),
             interval("learner", 250, 500, "b"),  # two learners overlapping: counted once
             interval("mentor", 600, None), interval("learner", 700, None, "a")]
    p = presence(items)
    assert p.elapsed_seconds == (400 - 200) + (1000 - 700)
    assert p.call_started_at == 200 and p.both_present is True


def test_the_timer_pauses_while_one_side_is_away(at_1000):
    p = presence([interval("mentor", 100, None), interval("learner", 200, 300)])
    assert p.elapsed_seconds == 100 and p.both_present is False
    assert presence([]).call_started_at is None and presence([]).elapsed_seconds == 0


def test_turn_rest_credentials_follow_the_coturn_scheme():
    user, password = turn_credential("secret", "u1", "room-1", 1_700_000_000)
    assert user == "1700000000:u1:room-1"
    assert password == base64.b64encode(hmac.new(b"secret", user.encode(), hashlib.sha1).digest()).decode()


def test_the_room_opens_15_minutes_before_the_start_or_when_live(at_1000):
    from chalicelib.catalog.models import Session

    def room(status: str, starts_at: int) -> Room:
        return Room(Session(session_id="s", mentor_id="m", room_code="r", status=status, starts_at=starts_at), ("l",))

    assert room("scheduled", 1000 + 900).is_open("learner")
    assert not room("scheduled", 1000 + 901).is_open("learner")
    assert room("live", 5000).is_open("mentor")
    assert not room("completed", 0).is_open("mentor") and not room("cancelled", 0).is_open("learner")
    assert room("live", 0).role_of("m") == "mentor" and room("live", 0).role_of("l") == "learner"
    assert room("live", 0).role_of("x") is None


@pytest.mark.parametrize("ops", [
    [], [{"op": "stroke", "id": "a", "tool": "pen", "color": "#000000", "width": 0, "points": [[0, 0]]}],
    [{"op": "stroke", "id": "a", "tool": "brush", "color": "#000000", "width": 2, "points": [[0, 0]]}],
    [{"op": "stroke", "id": "a", "tool": "pen", "color": "#000000", "width": 2, "points": []}],
    [{"op": "undo"}], [{"op": "clear", "extra": 1}], [{"op": "paint"}],
])
def test_whiteboard_ops_are_typed(ops):
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        WhiteboardIn.model_validate({"ops": ops})
