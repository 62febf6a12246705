"""Name cards: what other people see of a user (name, avatar, demo flag)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.accounts import uploads
from chalicelib.accounts.models import User

if TYPE_CHECKING:
    from chalicelib.accounts.schemas import PersonCardOut


def people(user_ids: set[str]) -> dict[str, PersonCardOut]:
    """Name cards for many users in one BatchGetItem."""
    from chalicelib.accounts.schemas import PersonCardOut

    out: dict[str, PersonCardOut] = {}
    if not user_ids:
        return out
    for u in User.batch_get(list(user_ids), attributes_to_get=["user_id", "name", "avatar_key", "is_demo"]):
        out[u.user_id] = PersonCardOut(user_id=u.user_id, name=u.name, avatar_url=uploads.view_url(u.avatar_key),
                                       is_demo=bool(u.is_demo))
    return out


def joined_in_month(month: str) -> dict[str, int]:
    """Accounts created in the IST month "YYYY-MM" that still exist, by role (a Query of one bucket;
    unverified sign-ups the purge removed are not counted)."""
    counts = {"learner": 0, "mentor": 0, "admin": 0}
    for u in User.joined_by_month.query(month):
        counts[str(u.role)] = counts.get(str(u.role), 0) + 1
    return counts
