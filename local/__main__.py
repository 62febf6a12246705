"""`python -m local` — start the local stack."""

from __future__ import annotations

import logging
import os
import sys

from local.cli import main

if __name__ == "__main__":
    code = main()
    # Everything is stopped and the state is in memory only: skip the ~1 s interpreter teardown of
    # moto/boto3's module graph so Ctrl+C returns at once.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
