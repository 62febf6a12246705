"""Operator commands. `python -m chalicelib.accounts.cli create-admin --email ops@example.com`

Generates a strong password and a TOTP secret, creates (or resets) the admin in the tables the
environment points at, and prints them once. There is no default admin password anywhere.
"""

from __future__ import annotations

import argparse
import sys

from chalicelib.accounts import totp
from chalicelib.accounts.bootstrap import ensure_admin
from chalicelib.core.ids import new_secret
from chalicelib.core.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="peerlearn-accounts")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create-admin", help="create or reset an admin with a generated password + TOTP")
    create.add_argument("--email", required=True)
    migrate = sub.add_parser("migrate-categories", help="map free-text domains/categories onto the taxonomy")
    migrate.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
    args = parser.parse_args(argv)
    if args.command == "migrate-categories":
        from chalicelib.accounts.migrations import migrate_categories

        done = migrate_categories(dry_run=args.dry_run)
        print(f"users read: {done.scanned}; profiles {'to change' if args.dry_run else 'changed'}: {done.changed}")
        for user_id, value in done.moved:
            print(f"  {user_id}: “{value}” names no category; kept as a skill/interest")
        return 0
    if args.command == "create-admin":
        password = new_secret(18)
        secret = totp.new_secret()
        user_id = ensure_admin(args.email, password, secret)
        uri = totp.provisioning_uri(secret, args.email.lower(), get_settings().totp_issuer)
        print(f"admin user id: {user_id}\nemail:         {args.email.lower()}\npassword:      {password}\n"
              f"TOTP secret:   {secret}\nTOTP URI:      {uri}\nStore these now; they are not shown again.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
