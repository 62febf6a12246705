"""`python -m local` — start the local stack."""

from __future__ import annotations

import sys

from local.cli import main

if __name__ == "__main__":
    sys.exit(main())
