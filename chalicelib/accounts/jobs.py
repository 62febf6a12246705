"""Scheduled: forget signups never verified within 7 days, so their email can sign up again.

Queries the sparse `unverified-by-day` index one day at a time — never a Scan."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.accounts.models import User
from chalicelib.accounts.service import email_guard_key
from chalicelib.core import clock, counters
from chalicelib.core.guards import Guard
from chalicelib.core.logging import logger
from chalicelib.core.models import tx_connection

KEEP_DAYS = 7
LOOKBACK_DAYS = 14  # the job runs hourly; a two-week window tolerates long outages


def purge_unverified(event: Any = None) -> dict[str, int]:
    now = clock.utcnow()
    cutoff = clock.now_int() - KEEP_DAYS * 86400
    purged = 0
    for back in range(KEEP_DAYS, LOOKBACK_DAYS + 1):
        day = (now - timedelta(days=back)).astimezone(UTC).strftime("%Y-%m-%d")
        for user in User.unverified_by_day.query(day, User.created_at < cutoff):
            try:
                with TransactWrite(connection=tx_connection()) as tx:
                    tx.delete(user, condition=User.email_verified == False)  # noqa: E712
                    tx.delete(Guard(key=email_guard_key(user.email)), condition=Guard.owner_id == user.user_id)
                    counters.add_in(tx, f"users:{user.role}", -1)
                purged += 1
            except TransactWriteError:
                continue  # verified meanwhile, or the guard moved on
    logger.info("purged unverified accounts", extra={"purged": purged})
    return {"purged": purged}


