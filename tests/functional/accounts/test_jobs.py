"""Scheduled purge of never-verified signups (through the sparse index, not a Scan)."""

from __future__ import annotations

from chalicelib.accounts.jobs import purge_unverified
from chalicelib.core.counters import read_many
from tests.functional.conftest import signup_body


def test_unverified_signups_are_forgotten_after_seven_days(api, make_user, clock_at):
    api.call("POST", "/auth/signup", signup_body(email="ghost@example.com"))
    kept = make_user(email="real@example.com")
    assert purge_unverified() == {"purged": 0}
    clock_at(8 * 86400)
    assert purge_unverified() == {"purged": 1}
    assert read_many(["users:learner"]) == {"users:learner": 1}
    # The email is free again, and the verified user is untouched.
    assert api.call("POST", "/auth/signup", signup_body(email="ghost@example.com"))[0] == 201
    assert api.call("POST", "/auth/login", {"email": "real@example.com", "password": kept["password"]})[0] == 200


def test_schedule_handler_is_wired(api):
    import app as entry

    event = {"version": "0", "id": "e1", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": "2026-11-23T00:00:00Z", "region": "ap-south-1",
             "resources": ["arn:aws:events:ap-south-1:123456789012:rule/purge"], "detail": {}}
    assert entry.purge_unverified_accounts(event, None) == {"purged": 0}
