"""The PeerLearn local stack: the whole product on one machine, no AWS account, no Docker.

`python -m local` starts moto (DynamoDB, SQS, S3, SES) in-process, serves the Chalice app's REST
routes under `/api`, runs a WebSocket gateway that calls the app's websocket handlers and answers
the API Gateway `@connections` management API, a scheduler for `@app.schedule` handlers, an SQS
poller for `@app.on_sqs_message` handlers, a dev mailbox, and the built SPA.

Nothing here is deployed; the app code runs unchanged on AWS. See `docs/local-stack.md`.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

__all__ = ["PROJECT_ROOT"]
