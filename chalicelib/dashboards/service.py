"""What each role's dashboard shell shows. Every figure comes from stored data."""

from __future__ import annotations

from typing import Any

from chalicelib.accounts.service import get_user, me
from chalicelib.core import counters


def learner(user_id: str) -> dict[str, Any]:
    return {"me": me(get_user(user_id))}


def mentor(user_id: str) -> dict[str, Any]:
    return {"me": me(get_user(user_id))}


def admin(user_id: str) -> dict[str, Any]:
    totals = counters.read_many(["users:learner", "users:mentor", "users:admin"])
    return {"me": me(get_user(user_id)),
            "users": {"learners": totals["users:learner"], "mentors": totals["users:mentor"],
                      "admins": totals["users:admin"]}}
