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
    args = parser.parse_args(argv)
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
