"""What the CDK app needs to know about the Chalice app, read from the app itself.

Pure Python (no aws_cdk import). The queue names come from `@app.on_sqs_message(queue=...)`, the
defaults from `chalicelib.core.settings`, and the Lambda environment is one dict built here, so the
tests can check it against every variable the app reads.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent

# Who sets each variable the deployed app reads (docs/operations.md has the same table in prose).
SET_BY_INFRA = (
    "PEERLEARN_TABLE_PREFIX",
    "PEERLEARN_UPLOADS_BUCKET",
    "PEERLEARN_EMAIL_QUEUE",
    "PEERLEARN_EMAIL_SENDER",
    "PEERLEARN_JWT_SECRET",
    "PEERLEARN_WS_URL",
    "PEERLEARN_WS_DOMAIN",
    "PEERLEARN_WS_STAGE",
    "PEERLEARN_WS_API_ID",
    "PEERLEARN_PUBLIC_URL",
)
SET_BY_CHALICE_CONFIG = ("PEERLEARN_STAGE", "POWERTOOLS_SERVICE_NAME")
SET_BY_LAMBDA_RUNTIME = ("AWS_REGION", "AWS_DEFAULT_REGION")
APP_DEFAULTS_IN_AWS = (
    "PEERLEARN_JWT_ISSUER",
    "PEERLEARN_JWT_AUDIENCE",
    "PEERLEARN_ACCESS_TOKEN_TTL",
    "PEERLEARN_REFRESH_TOKEN_TTL",
    "PEERLEARN_WS_TICKET_TTL",
    "PEERLEARN_WS_CONNECTION_TTL",
    "PEERLEARN_TOTP_ISSUER",
    "PEERLEARN_JWT_SECRET_PREVIOUS",  # set only while a JWT key rotation is in progress
    "PEERLEARN_MAX_PRICE_PAISE",
    "PEERLEARN_MAX_SEATS",
    "PEERLEARN_MAX_DAYS_AHEAD",
    "PEERLEARN_HOLD_SECONDS",
    "PEERLEARN_CANCEL_FULL_REFUND_HOURS",
)
LOCAL_STACK_ONLY = ("AWS_ENDPOINT_URL", "PEERLEARN_LOCAL", "PEERLEARN_MAILBOX_URL")

_ENV_NAME = re.compile(r"""["']((?:PEERLEARN|AWS|POWERTOOLS)_[A-Z0-9_]+)["']""")


@contextmanager
def repo_on_path() -> Iterator[None]:
    """Make `import app` / `import chalicelib` resolve to the repository root (not infra/app.py)."""
    root = str(REPO_ROOT)
    if sys.path[:1] != [root]:
        sys.path.insert(0, root)
    yield


def load_chalice_app() -> Any:
    with repo_on_path():
        module = sys.modules.get("app")
        if module is None or Path(getattr(module, "__file__", "") or "").resolve() != REPO_ROOT / "app.py":
            sys.modules.pop("app", None)
            module = importlib.import_module("app")
        return module.app


@dataclass(frozen=True)
class SqsSource:
    handler: str  # Python function name in app.py
    queue_name: str
    batch_size: int


def sqs_sources(chalice_app: Any | None = None) -> list[SqsSource]:
    """Every `@app.on_sqs_message` handler; infra creates each named queue (+ DLQ)."""
    from chalice.app import SQSEventConfig

    chalice_app = chalice_app or load_chalice_app()
    found = []
    for source in chalice_app.event_sources:
        if isinstance(source, SQSEventConfig):
            if not source.queue:
                raise ValueError(f"{source.name}: queue_arn handlers are not managed by infra/; use queue=...")
            found.append(SqsSource(source.name, source.queue, source.batch_size))
    return found


def chalice_config(stage: str) -> Any:
    """The Chalice `Config` of a stage as `.chalice/config.json` defines it."""
    import json

    from chalice.config import Config

    disk = json.loads((REPO_ROOT / ".chalice" / "config.json").read_text(encoding="utf-8"))
    return Config(chalice_stage=stage, config_from_disk=disk)


def app_defaults() -> Any:
    """`chalicelib.core.settings.get_settings()` with an empty environment: the app's own defaults."""
    from unittest import mock

    with repo_on_path(), mock.patch.dict(os.environ, {}, clear=True):
        from chalicelib.core.settings import get_settings

        return get_settings()


def env_vars_read_by_app() -> set[str]:
    """Every environment variable name that appears as a string literal in the deployed code."""
    names: set[str] = set()
    for path in [REPO_ROOT / "app.py", *sorted((REPO_ROOT / "chalicelib").rglob("*.py"))]:
        if path.name == "cli.py":  # operator commands run on a laptop, never in Lambda
            continue
        names.update(_ENV_NAME.findall(path.read_text(encoding="utf-8")))
    return names


def lambda_environment(
    *,
    table_prefix: str,
    uploads_bucket: str,
    email_queue: str,
    email_sender: str | None,
    jwt_secret: str,
    ws_api_id: str,
    ws_domain: str,
    ws_stage: str,
    public_url: str | None,
) -> dict[str, str]:
    """The variables infra adds to every Chalice function (values may be CDK tokens)."""
    env = {
        "PEERLEARN_TABLE_PREFIX": table_prefix,
        "PEERLEARN_UPLOADS_BUCKET": uploads_bucket,
        "PEERLEARN_EMAIL_QUEUE": email_queue,
        "PEERLEARN_JWT_SECRET": jwt_secret,
        "PEERLEARN_WS_API_ID": ws_api_id,
        "PEERLEARN_WS_DOMAIN": ws_domain,
        "PEERLEARN_WS_STAGE": ws_stage,
        "PEERLEARN_WS_URL": f"wss://{ws_domain}/{ws_stage}",
    }
    if email_sender:
        env["PEERLEARN_EMAIL_SENDER"] = email_sender
    if public_url:
        env["PEERLEARN_PUBLIC_URL"] = public_url
    unknown = set(env) - set(SET_BY_INFRA)
    if unknown:
        raise AssertionError(f"add {sorted(unknown)} to SET_BY_INFRA")
    return env
