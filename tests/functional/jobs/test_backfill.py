"""The operator's backfill: items written before the jobs' indexes get their buckets, once."""

from __future__ import annotations

from chalicelib.accounts.models import User
from chalicelib.catalog.models import Session
from chalicelib.jobs import cli, reminders
from tests.functional.jobs.conftest import uid


def test_backfill_buckets_lets_the_jobs_see_old_items(desk, market, capsys):
    b = desk.session([market.learner])
    old = Session.get(b.id)
    old.update(actions=[Session.job_bucket.remove(), Session.job_at.remove()])  # as written before the index existed
    User.get(uid(market.learner)).update(actions=[User.joined_month.remove()])
    desk.at(b, -20 * 60)
    assert reminders.run() == {"reminded": 0}  # invisible to the job
    assert cli.main(["backfill-buckets", "--dry-run"]) == 0
    assert "sessions to change: 1" in capsys.readouterr().out
    assert Session.get(b.id).job_bucket is None  # a dry run changes nothing
    cli.main(["backfill-buckets"])
    out = capsys.readouterr().out
    assert "sessions changed: 1" in out and "users changed: 1" in out
    assert reminders.run() == {"reminded": 1}
    cli.main(["backfill-buckets"])
    assert "sessions changed: 0" in capsys.readouterr().out  # safe to run again
    assert User.get(uid(market.learner)).joined_month
