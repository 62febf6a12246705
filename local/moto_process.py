"""moto in a process of its own: the local AWS, serving its HTTP API on loopback.

On AWS, DynamoDB, SQS, S3 and SES run on machines of their own, beside the Lambdas. Run as threads of
the one local process, moto's request handling shared the app's interpreter lock with every handler,
and a room's signal relay that took ~15 ms alone took 50-160 ms while another handler and moto were
busy (docs/benchmarks.md). In its own process moto runs beside the app, on the other core.

    python -m local.moto_process [--host 127.0.0.1] [--port 0]

prints `{"port": N}` once it serves, and stops on SIGTERM/SIGINT, or when its parent is gone. It also
serves `/_local/mail`, the SES mail moto holds (GET, with `?to=` and `?limit=`; DELETE clears it),
for the dev mailbox (`local.mailbox`), and `/_local/writes?table=T&after=N&timeout=S`, which answers
the table's count of successful writes once it passes N (or after S seconds), for the outbox stream.
"""

from __future__ import annotations

import argparse
import io
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
WRITES_PATH = "/_local/writes"
WRITE_TARGETS = ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems")

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


class WriteCounter:
    """How many successful DynamoDB writes each table has had, and a wait for the next one: the
    local outbox stream sleeps on it instead of querying every 100 ms (a DynamoDB stream pushes)."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}
        self._changed = threading.Condition()

    def add(self, tables: Iterable[str]) -> None:
        with self._changed:
            for t in set(tables):
                self._counts[t] = self._counts.get(t, 0) + 1
            self._changed.notify_all()

    def wait(self, table: str, after: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self._counts.get(table, 0) > after, timeout=max(0.0, min(timeout, 30.0)))
            return self._counts.get(table, 0)


def _written_tables(target: str, body: bytes) -> list[str]:
    try:
        req = json.loads(body or b"{}")
    except ValueError:
        return []
    if target == "BatchWriteItem":
        return [str(t) for t in (req.get("RequestItems") or {})]
    if target == "TransactWriteItems":
        return [str(op.get("TableName")) for item in req.get("TransactItems") or [] for kind, op in item.items()
                if kind != "ConditionCheck" and isinstance(op, dict) and op.get("TableName")]
    return [str(req["TableName"])] if req.get("TableName") else []


def with_write_counts(app: Wsgi, counter: WriteCounter) -> Wsgi:
    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == WRITES_PATH:
            query = parse_qs(environ.get("QUERY_STRING", ""))
            count = counter.wait((query.get("table") or [""])[0], int((query.get("after") or ["-1"])[0]),
                                 float((query.get("timeout") or ["0"])[0]))
            body = json.dumps({"writes": count}).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        target = str(environ.get("HTTP_X_AMZ_TARGET", "")).rpartition(".")[2]
        if target not in WRITE_TARGETS:
            return app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(raw)
        status: list[str] = []

        def start(code: str, headers: Any, *exc: Any) -> Any:
            status.append(code)
            return start_response(code, headers, *exc)

        out = app(environ, start)  # moto has applied the write (or refused it) when this returns
        if status and status[0].startswith("200"):
            counter.add(_written_tables(target, raw))
        return out

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
    app = with_write_counts(with_mail_route(DomainDispatcherApplication(create_backend_app), outbox), WriteCounter())
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
