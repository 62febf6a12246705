"""What each role's dashboard shell shows. Every figure comes from stored data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.accounts.service import get_user, me
from chalicelib.core import counters

if TYPE_CHECKING:
    from chalicelib.dashboards.schemas import AdminDashboardOut, DashboardOut


def learner(user_id: str) -> DashboardOut:
    from chalicelib.dashboards.schemas import DashboardOut

    return DashboardOut(me=me(get_user(user_id)))


def mentor(user_id: str) -> DashboardOut:
    from chalicelib.dashboards.schemas import DashboardOut

    return DashboardOut(me=me(get_user(user_id)))


def admin(user_id: str) -> AdminDashboardOut:
    from chalicelib.dashboards.schemas import AdminDashboardOut, UserTotalsOut

    totals = counters.read_many(["users:learner", "users:mentor", "users:admin"])
    return AdminDashboardOut(me=me(get_user(user_id)),
                             users=UserTotalsOut(learners=totals["users:learner"], mentors=totals["users:mentor"],
                                                 admins=totals["users:admin"]))
