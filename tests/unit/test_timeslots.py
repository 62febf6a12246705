"""Quarter-hour slots at their edges: empty, partial, and the keys that make overlaps unique."""

from __future__ import annotations

import pytest

from chalicelib.core import timeslots

Q = timeslots.SLOT_SECONDS


def test_a_slot_is_fifteen_minutes():
    assert Q == 900


def test_nothing_long_covers_no_slot():
    assert timeslots.slots(4 * Q, 4 * Q) == []


def test_a_second_inside_a_slot_covers_it_whole():
    assert timeslots.slots(4 * Q + 1, 4 * Q + 2) == [4]
    assert timeslots.slots(4 * Q - 1, 4 * Q + 1) == [3, 4]  # one second either side of a boundary: two slots


def test_an_hour_from_a_boundary_is_four_slots_ending_before_the_next_boundary():
    assert timeslots.slots(8 * Q, 12 * Q) == [8, 9, 10, 11]


@pytest.mark.parametrize(("epoch", "aligned"), [(0, True), (Q, True), (Q - 1, False), (Q + 1, False),
                                                (1_900_000_800, True), (1_900_000_860, False)])
def test_only_quarter_hours_are_aligned(epoch, aligned):
    assert timeslots.aligned(epoch) is aligned


def test_mentor_and_learner_slot_keys_never_collide():
    assert timeslots.mentor_slot_key("u1", 7) == "mslot#u1#7"
    assert timeslots.learner_slot_key("u1", 7) == "lslot#u1#7"
    assert timeslots.learner_slot_key("u1", 7) != timeslots.learner_slot_key("u1", 8)
