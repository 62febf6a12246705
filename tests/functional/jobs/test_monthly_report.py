"""The monthly report on the 1st (IST): figures computed by Query match the ledger, stored once,
emailed once to every admin."""

from __future__ import annotations

import time
from datetime import datetime

from chalicelib.accounts.models import User
from chalicelib.core import clock
from chalicelib.jobs import reports
from chalicelib.payments import ledger
from chalicelib.payments.models import LedgerItem
from tests.functional.conftest import drain_events, sent_emails
from tests.functional.jobs.conftest import run_twice_at_once


def _ledger_figures(month: str) -> dict[str, int]:
    """Test-only: the month read from every ledger item (a full Scan), by the accounts themselves."""
    lo, hi = clock.month_bounds(month)
    legs = [i for i in LedgerItem.scan() if int(i.leg) > 0 and lo <= int(i.posted_at) < hi]
    paid_in = -sum(int(i.amount_paise) for i in legs if str(i.account).startswith("ext:learner:")
                   and i.kind in ("payment_captured", "gift_captured"))
    given_back = sum(int(i.amount_paise) for i in legs if str(i.account).startswith("ext:learner:")
                     and i.kind in ("refund", "refund_failed"))
    fees = sum(int(i.amount_paise) for i in legs if i.account == ledger.PLATFORM_FEES)
    return {"revenue_paise": paid_in, "refunds_paise": given_back, "platform_fees_paise": fees}


def test_the_monthly_report_matches_the_ledger_and_is_sent_once(desk, api, market, make_admin):
    admin = make_admin("boss@peerlearn.in")
    done = desk.session([market.learner], price=50_000)
    gone = desk.session([market.other], price=30_000)
    refunded = desk.session([market.learner], price=20_000)
    order = next(iter(refunded.orders.values()))
    status, _ = api.call("POST", f"/admin/payments/{order}/refunds", {"reason": "Goodwill", "amount_paise": 5_000},
                         token=desk.admin())
    assert status == 201
    assert api.call("POST", f"/sessions/{gone.id}/cancel", {"reason": "Ill"}, token=market.mentor["access_token"])[0] == 200
    for b in (refunded, gone):
        for order in b.orders.values():
            desk.pay.deliver(desk.pay.events(order))
    drain_events()
    month = clock.month(clock.now())
    desk.at(done, 30 * 60)
    assert api.call("POST", f"/sessions/{done.id}/end", {}, token=desk.token(market.mentor))[0] == 200
    assert clock.month(clock.now()) == month, "the test's sessions must close in the month they were paid in"

    lo, hi = clock.month_bounds(month)
    desk.clock_at(hi + 6 * 3600 - time.time())  # 06:00 IST on the 1st of the next month
    assert datetime.fromtimestamp(clock.now(), clock.IST).day == 1
    results = run_twice_at_once(reports.run)
    assert sorted(r["reported"] for r in results) == [False, True] and {r["month"] for r in results} == {month}
    assert reports.run() == {"month": month, "reported": False}

    expected = _ledger_figures(month)
    # the figures the test made: three captures, a ₹50 refund and the cancelled session's full ₹300 refund
    assert expected == {"revenue_paise": 100_000, "refunds_paise": 35_000, "platform_fees_paise": 6_500}
    assert ledger.balance(ledger.PLATFORM_FEES) == expected["platform_fees_paise"]
    joined = {"learners": 0, "mentors": 0}
    for u in User.scan():  # test-only full read
        if lo <= int(u.created_at) < hi and u.role in ("learner", "mentor"):
            joined[f"{u.role}s"] += 1
    status, report = api.call("GET", f"/admin/monthly-reports/{month}", token=desk.admin())
    assert status == 200, report
    assert {k: report[k] for k in expected} == expected
    assert (report["sessions_completed"], report["sessions_cancelled"]) == (1, 1)
    assert report["new_users"] == joined and joined["mentors"] >= 1 and joined["learners"] >= 2
    _, page = api.call("GET", "/admin/monthly-reports", token=desk.admin())
    assert [r["month"] for r in page["items"]] == [month]

    mails = [m for m in sent_emails(admin["email"]) if m["subject"] == f"PeerLearn monthly report: {month}"]
    assert len(mails) == 1
    assert "Revenue: ₹1,000" in mails[0]["body"] and "Refunds: ₹350" in mails[0]["body"]
    assert "Platform fees: ₹65" in mails[0]["body"] and "Sessions completed: 1, cancelled: 1" in mails[0]["body"]


def test_monthly_report_routes_refuse_bad_months_and_non_admins(desk, api, market):
    admin = desk.admin()
    assert api.call("GET", "/admin/monthly-reports/2026-13", token=admin)[0] == 400
    assert api.call("GET", "/admin/monthly-reports/nope", token=admin)[0] == 400
    assert api.call("GET", "/admin/monthly-reports/2020-01", token=admin)[0] == 404
    assert api.call("GET", "/admin/monthly-reports", token=market.learner["access_token"])[0] == 403
    assert api.call("GET", "/admin/monthly-reports?limit=100", token=admin)[0] == 400
