"""moto in a process of its own: the local AWS, serving its HTTP API on loopback.

On AWS, DynamoDB, SQS, S3 and SES run on machines of their own, beside the Lambdas. Run as threads of
the one local process, moto's request handling shared the app's interpreter lock with every handler,
and a room's signal relay that took ~15 ms alone took 50-160 ms while another handler and moto were
busy (docs/benchmarks.md). In its own process moto runs beside the app, on the other core.

    python -m local.moto_process [--host 127.0.0.1] [--port 0]

prints `{"port": N}` once it serves, and stops on SIGTERM/SIGINT, or when its parent is gone. It also
serves `/_local/mail`, the SES mail moto holds (GET, with `?to=` and `?limit=`; DELETE clears it),
for the dev mailbox (`local.mailbox`).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any
from urllib.parse import parse_qs

MAIL_PATH = "/_local/mail"

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def with_mail_route(app: Wsgi, outbox: Any) -> Wsgi:
    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != MAIL_PATH:
            return app(environ, start_response)
        method = environ.get("REQUEST_METHOD", "GET")
        if method == "DELETE":
            outbox.clear()
            body = b"[]"
        else:
            query = parse_qs(environ.get("QUERY_STRING", ""))
            to = (query.get("to") or [None])[0]
            limit = int((query.get("limit") or ["0"])[0] or 0) or None
            body = json.dumps([asdict(m) for m in outbox.messages(to=to, limit=limit)]).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return serve


def _stop_with_parent(parent: int, stop: Callable[[], None]) -> None:
    """The stack that started this process may die without stopping it (SIGKILL): then stop too."""
    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(1.0)
        stop()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="moto's HTTP API in its own process")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--region", default="ap-south-1")
    a = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's per-request access log

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

    from local import moto_atomic
    from local.mailbox import SesOutbox

    moto_atomic.apply()
    outbox = SesOutbox(a.region)
    outbox.install()
    app = with_mail_route(DomainDispatcherApplication(create_backend_app), outbox)
    server = make_server(a.host, a.port, app, threaded=True, request_handler=MotoRequestHandler)

    def stop(*_: Any) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    _stop_with_parent(os.getppid(), stop)
    print(json.dumps({"port": server.server_port}), flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
