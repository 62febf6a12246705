"""Admin routes: recorded no-shows and the monthly reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.core.access import ADMIN, allow
from chalicelib.core.errors import BadRequest
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

if TYPE_CHECKING:
    from chalicelib.jobs import noshows, reports
    from chalicelib.jobs import schemas as s
else:
    s = schemas("chalicelib.jobs.schemas")
    noshows = lazy_module("chalicelib.jobs.noshows")
    reports = lazy_module("chalicelib.jobs.reports")

bp = Blueprint(__name__)
ADMIN_ONLY = allow(ADMIN)


@api_route(bp, "/admin/no-shows", access=ADMIN_ONLY, query=s.NoShowsQuery, response=s.NoShowPage)
def no_shows(ctx: Ctx, q: s.NoShowsQuery) -> s.NoShowPage:
    """Missed sessions, newest first: mentors' (cancelled and refunded) or learners' (mentor paid), or one person's."""
    page: s.NoShowPage = noshows.recorded(q.role, q.user_id, q.cursor, q.limit)
    return page


@api_route(bp, "/admin/monthly-reports", access=ADMIN_ONLY, query=s.ReportsQuery, response=s.MonthlyReportPage)
def monthly_reports(ctx: Ctx, q: s.ReportsQuery) -> s.MonthlyReportPage:
    """The monthly reports (IST months), newest first."""
    page: s.MonthlyReportPage = reports.page(q.cursor, q.limit)
    return page


@api_route(bp, "/admin/monthly-reports/{month}", access=ADMIN_ONLY, response=s.MonthlyReportOut)
def monthly_report(ctx: Ctx, month: str) -> s.MonthlyReportOut:
    """One month's report ("YYYY-MM", IST)."""
    import re

    if not re.fullmatch(r"20[0-9]{2}-(0[1-9]|1[0-2])", month):
        raise BadRequest("The month is written YYYY-MM, e.g. 2026-11.", code="bad_month")
    report: s.MonthlyReportOut = reports.get(month)
    return report
