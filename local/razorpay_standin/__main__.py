"""`python -m local.razorpay_standin`: run the Razorpay stand-in on its own (for poking at it by hand)."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from types import FrameType

from local.razorpay_standin import generate_credentials, start_standin


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m local.razorpay_standin", description=__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 = pick a free port")
    p.add_argument("--webhook-url", default=os.environ.get("RAZORPAY_STANDIN_WEBHOOK_URL"),
                   help="where signed webhooks go (none: they are only recorded)")
    p.add_argument("--key-id", default=os.environ.get("RAZORPAY_KEY_ID"))
    p.add_argument("--key-secret", default=os.environ.get("RAZORPAY_KEY_SECRET"))
    p.add_argument("--webhook-secret", default=os.environ.get("RAZORPAY_WEBHOOK_SECRET"))
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)-7s %(name)s  %(message)s")
    fresh = generate_credentials()
    standin = start_standin(args.key_id or fresh.key_id, args.key_secret or fresh.key_secret,
                            args.webhook_secret or fresh.webhook_secret, args.webhook_url,
                            host=args.host, port=args.port)
    for name, value in standin.app_environment().items():
        print(f"{name}={value}", flush=True)
    print(f"# webhooks -> {args.webhook_url or '(recorded only)'}; events at {standin.url}/_standin/events", flush=True)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    while not stop.wait(0.5):
        pass
    standin.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
