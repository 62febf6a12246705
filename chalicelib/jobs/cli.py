"""Operator command: `python -m chalicelib.jobs.cli backfill-buckets [--dry-run]`.

Writes the jobs' bucket attributes (sessions' `job_bucket`, users' `joined_month`,
the reported ledger legs' `posted_month`) on items written before those indexes existed, so the
reminders, no-shows, prompts and monthly reports see them. Once per stage after the release; safe
to run again."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="peerlearn-jobs")
    sub = parser.add_subparsers(dest="command", required=True)
    backfill = sub.add_parser("backfill-buckets", help="bucket attributes on items older than the jobs' indexes")
    backfill.add_argument("--dry-run", action="store_true", help="count what would change, change nothing")
    args = parser.parse_args(argv)
    from chalicelib.accounts.migrations import backfill_joined_month
    from chalicelib.catalog.migrations import backfill_session_buckets
    from chalicelib.payments.ledger import backfill_posted_month

    verb = "to change" if args.dry_run else "changed"
    print(f"sessions {verb}: {backfill_session_buckets(args.dry_run)}")
    print(f"users {verb}: {backfill_joined_month(args.dry_run)}")
    print(f"ledger legs {verb}: {backfill_posted_month(args.dry_run)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
