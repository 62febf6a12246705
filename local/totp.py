"""`python -m local.totp [--state-dir .local]`: print the local admin's current TOTP code."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from local import state


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.totp", description=__doc__)
    parser.add_argument("--state-dir", default=state.DEFAULT_STATE_DIR)
    parser.add_argument("--uri", action="store_true", help="print the otpauth:// URI instead of a code")
    args = parser.parse_args(argv)
    creds = state.load_admin(Path(args.state_dir).expanduser())
    if creds is None:
        print(f"no admin found in {args.state_dir}/{state.ADMIN_FILE}; start the stack once with "
              "`python -m local` to create one", file=sys.stderr)
        return 1
    if args.uri:
        print(creds.otpauth_uri())
        return 0
    now = time.time()
    print(creds.current_code(now))
    print(f"{creds.email}: valid for about {30 - int(now) % 30}s more", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
