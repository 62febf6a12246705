"""The monthly report, on the 1st (IST): the previous month's revenue, platform fees, refunds,
sessions and new users, each computed by Query over a month- or day-bucketed index, stored for the
admin analytics and emailed to every admin. Once per month, whatever the number of runs."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import PutError

from chalicelib.accounts.models import User
from chalicelib.accounts.people import joined_in_month
from chalicelib.catalog import service as catalog
from chalicelib.core import clock, paging
from chalicelib.core.errors import NotFound
from chalicelib.core.money import rupees
from chalicelib.jobs.common import exactly_once
from chalicelib.jobs.models import MonthlyReport
from chalicelib.notifications.service import notify
from chalicelib.payments.ledger import month_totals


def previous_month(now: float) -> str:
    first = datetime.fromtimestamp(now, clock.IST).replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


def compute(month: str) -> MonthlyReport:
    money = month_totals(month)
    sessions = catalog.closed_in_month(month)
    users = joined_in_month(month)
    return MonthlyReport(month=month, revenue_paise=money["revenue_paise"],
                         platform_fees_paise=money["platform_fees_paise"], refunds_paise=money["refunds_paise"],
                         sessions_completed=sessions["completed"], sessions_cancelled=sessions["cancelled"],
                         new_users=users, computed_at=clock.now_int())


def _text(r: MonthlyReport) -> str:
    users = dict(r.new_users.as_dict() if hasattr(r.new_users, "as_dict") else r.new_users)
    return (f"PeerLearn, {r.month} (IST)\n\n"
            f"Revenue: {rupees(int(r.revenue_paise))}\nPlatform fees: {rupees(int(r.platform_fees_paise))}\n"
            f"Refunds: {rupees(int(r.refunds_paise))}\n"
            f"Sessions completed: {int(r.sessions_completed)}, cancelled: {int(r.sessions_cancelled)}\n"
            f"New learners: {int(users.get('learner', 0))}, new mentors: {int(users.get('mentor', 0))}\n")


def _store_and_send(month: str, note_id: str) -> None:
    report = compute(month)
    try:
        report.save(condition=MonthlyReport.month.does_not_exist())  # a report, once computed, stays as sent
    except PutError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
        report = MonthlyReport.get(month, consistent_read=True)
    for admin in User.admins.query("admin"):
        notify(admin.user_id, "monthly_report", f"Monthly report: {month}",
               f"Revenue {rupees(int(report.revenue_paise))}, fees {rupees(int(report.platform_fees_paise))}, "
               f"refunds {rupees(int(report.refunds_paise))}.", "/dashboard/admin",
               email=(f"PeerLearn monthly report: {month}", _text(report)), category="operations",
               once=f"{note_id}-{admin.user_id}")


def run(event: Any = None) -> dict[str, Any]:
    """Scheduled on the 1st (IST): the month that just ended."""
    month = previous_month(clock.now())
    made = exactly_once(f"report#{month}", lambda note_id: _store_and_send(month, note_id))
    return {"month": month, "reported": made}


def get(month: str) -> Any:
    from chalicelib.jobs.schemas import MonthlyReportOut

    try:
        return MonthlyReportOut.from_model(MonthlyReport.get(month, consistent_read=True))
    except MonthlyReport.DoesNotExist:
        raise NotFound("There is no report for that month yet.", code="not_found") from None


def page(cursor: str | None, limit: int) -> Any:
    from chalicelib.jobs.schemas import MonthlyReportOut, MonthlyReportPage

    start = paging.decode(cursor, {"month", "feed_key"}, {"feed_key": "reports"})
    result = MonthlyReport.feed.query("reports", scan_index_forward=False, limit=limit, last_evaluated_key=start)
    items, last = paging.take(result, limit)
    return MonthlyReportPage(items=[MonthlyReportOut.from_model(r) for r in items], next_cursor=paging.encode(last))
