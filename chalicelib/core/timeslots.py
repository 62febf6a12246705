"""Quarter-hour slots: how overlaps become uniqueness.

Sessions start on a 15-minute boundary and last a multiple of 15 minutes, so "two sessions of
one person overlap" is exactly "they share a slot". One guard item per (person, slot), written
with `attribute_not_exists` in the same transaction as the session or booking, makes overlaps
impossible even under races — no read-then-write.
"""

from __future__ import annotations

SLOT_SECONDS = 15 * 60


def aligned(epoch: int) -> bool:
    return epoch % SLOT_SECONDS == 0


def slots(starts_at: int, ends_at: int) -> list[int]:
    first = starts_at // SLOT_SECONDS
    last = -(-ends_at // SLOT_SECONDS)  # ceil
    return list(range(first, last))


def mentor_slot_key(mentor_id: str, slot: int) -> str:
    return f"mslot#{mentor_id}#{slot}"


def learner_slot_key(learner_id: str, slot: int) -> str:
    return f"lslot#{learner_id}#{slot}"
