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
from collections.abc import Iterator, Mapping, Sequence
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
    "PEERLEARN_WEBHOOK_QUEUE",
    "PEERLEARN_EMAIL_SENDER",
    "PEERLEARN_JWT_SECRET",
    "PEERLEARN_WS_URL",
    "PEERLEARN_WS_DOMAIN",
    "PEERLEARN_WS_STAGE",
    "PEERLEARN_WS_API_ID",
    "PEERLEARN_PUBLIC_URL",
    # The room's ICE servers, only on a stage deployed with -c turn_urls / -c stun_urls (docs/operations.md,
    # TURN); unset = host candidates only. The secret is a dynamic reference to `peerlearn/<stage>/turn-secret`.
    "PEERLEARN_STUN_URLS",
    "PEERLEARN_TURN_URLS",
    "PEERLEARN_TURN_SECRET",
)
ONLY_WHEN_CONFIGURED = ("PEERLEARN_PUBLIC_URL", "PEERLEARN_STUN_URLS", "PEERLEARN_TURN_URLS", "PEERLEARN_TURN_SECRET")
# Set by infra from one Secrets Manager secret, `peerlearn/<stage>/razorpay` (a JSON object): variable →
# the secret's JSON key. The values never appear in the repository or the template, only dynamic references.
RAZORPAY_SECRET_FIELDS = {
    "RAZORPAY_KEY_ID": "key_id",
    "RAZORPAY_KEY_SECRET": "key_secret",
    "RAZORPAY_WEBHOOK_SECRET": "webhook_secret",
    "RAZORPAYX_ACCOUNT_NUMBER": "x_account_number",
}
SECRETS_BY_INFRA = tuple(RAZORPAY_SECRET_FIELDS)
SET_BY_CHALICE_CONFIG = ("PEERLEARN_STAGE", "POWERTOOLS_SERVICE_NAME")
SET_BY_LAMBDA_RUNTIME = ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME")
APP_DEFAULTS_IN_AWS = (
    "PEERLEARN_JWT_ISSUER",
    "PEERLEARN_JWT_AUDIENCE",
    "PEERLEARN_ACCESS_TOKEN_TTL",
    "PEERLEARN_REFRESH_TOKEN_TTL",
    "PEERLEARN_WS_TICKET_TTL",
    "PEERLEARN_WS_CONNECTION_TTL",
    "PEERLEARN_WS_MESSAGES_PER_SECOND",  # default 100: frames one WebSocket connection may send a second
    "PEERLEARN_TOTP_ISSUER",
    "PEERLEARN_JWT_SECRET_PREVIOUS",  # set only while a JWT key rotation is in progress
    "RAZORPAY_WEBHOOK_SECRET_PREVIOUS",  # set only while a webhook-secret rotation is in progress
    "PEERLEARN_MAX_PRICE_PAISE",
    "PEERLEARN_MAX_SEATS",
    "PEERLEARN_MAX_DAYS_AHEAD",
    "PEERLEARN_HOLD_SECONDS",
    "PEERLEARN_CANCEL_FULL_REFUND_HOURS",
    "PEERLEARN_WEBHOOK_MAX_AGE_SECONDS",
    "PEERLEARN_GIFT_MAX_PAISE",
    "PEERLEARN_APPROVAL_HOURS",  # default 12: how long a mentor has to approve a paid booking
    "PEERLEARN_APPROVAL_CLOSE_HOURS",  # default 2: approvals close this long before the start
    "PEERLEARN_DISPUTE_WINDOW_HOURS",  # default 24: earnings wait this long after the end
    "POWERTOOLS_METRICS_NAMESPACE",  # EMF namespace of the business metrics, default PeerLearn
    "PEERLEARN_APP_ORIGINS",  # unset on AWS: the origin of PEERLEARN_PUBLIC_URL
    "PEERLEARN_EVENTS_RETRY_BASE_SECONDS",  # first backoff of a failed event reaction, default 30
    "PEERLEARN_EVENTS_STREAM_ARN",  # packaging placeholder only: the stack points the mapping at the real stream
    "PEERLEARN_CHECK_RESPONSES",  # unset on AWS: answers are not re-validated against their schema in Lambda
    "PEERLEARN_TURN_TTL_SECONDS",  # default 3600
    "PEERLEARN_ICE_TRANSPORT_POLICY",  # "relay" forces relay (tests); default "all"
)
# Never set on AWS (the synth test checks): they point the app at local stand-ins. Unset
# RAZORPAY_BASE_URL = the SDK's https://api.razorpay.com; unset RAZORPAY_CHECKOUT_URL = Razorpay's checkout.js.
LOCAL_STACK_ONLY = (
    "AWS_ENDPOINT_URL",
    "PEERLEARN_LOCAL",
    "PEERLEARN_MAILBOX_URL",
    "PEERLEARN_COOKIE_SECURE",  # honoured only with PEERLEARN_LOCAL: the refresh cookie is Secure on AWS
    "RAZORPAY_BASE_URL",
    "RAZORPAY_CHECKOUT_URL",
)

ENV_PREFIXES = ("PEERLEARN", "AWS", "POWERTOOLS", "RAZORPAY", "RAZORPAYX")
_PREFIX_ALTERNATIVES = "|".join(ENV_PREFIXES)
_ENV_NAME = re.compile(rf"""["']((?:{_PREFIX_ALTERNATIVES})_[A-Z0-9_]+)["']""")
# A redrive policy's maxReceiveCount when the consumer module does not declare `MAX_RECEIVES`.
DEFAULT_MAX_RECEIVES = 5


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
    max_receives: int = DEFAULT_MAX_RECEIVES  # the queue's redrive maxReceiveCount


def sqs_sources(chalice_app: Any | None = None) -> list[SqsSource]:
    """Every `@app.on_sqs_message` handler; infra creates each named queue (+ DLQ)."""
    from chalice.app import SQSEventConfig

    chalice_app = chalice_app or load_chalice_app()
    found = []
    for source in chalice_app.event_sources:
        if isinstance(source, SQSEventConfig):
            if not source.queue:
                raise ValueError(f"{source.name}: queue_arn handlers are not managed by infra/; use queue=...")
            found.append(SqsSource(source.name, source.queue, source.batch_size, consumer_max_receives(source.name)))
    return found


def consumer_max_receives(handler: str) -> int:
    """`MAX_RECEIVES` of the module an app.py SQS handler delegates to, else `DEFAULT_MAX_RECEIVES`.

    A consumer that acts on its last allowed receive (the webhook consumer records the event as dead
    and tells the admins) declares `MAX_RECEIVES`; the queue's redrive policy must use the same number.
    The handlers import their module lazily (`from chalicelib.x import y` inside the function), so the
    module is found in the handler's source.
    """
    import ast
    import inspect

    with repo_on_path():
        app_module = importlib.import_module("app")
    func = getattr(app_module, handler)
    func = getattr(func, "func", func)  # chalice wraps the decorated function
    tree = ast.parse(inspect.getsource(func).lstrip())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("chalicelib"):
            for alias in node.names:
                module = importlib.import_module(f"{node.module}.{alias.name}")
                value = getattr(module, "MAX_RECEIVES", None)
                if isinstance(value, int):
                    found.add(value)
    if len(found) > 1:
        raise ValueError(f"{handler}: its modules declare different MAX_RECEIVES {sorted(found)}")
    return found.pop() if found else DEFAULT_MAX_RECEIVES


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


def _deployed_sources() -> list[Path]:
    paths = [REPO_ROOT / "app.py", *sorted((REPO_ROOT / "chalicelib").rglob("*.py"))]
    return [p for p in paths if p.name != "cli.py"]  # operator commands run on a laptop, never in Lambda


def env_vars_read_by_app() -> set[str]:
    """Every environment variable name that appears as a string literal in the deployed code."""
    names: set[str] = set()
    for path in _deployed_sources():
        names.update(_ENV_NAME.findall(path.read_text(encoding="utf-8")))
    return names


def _is_environ(node: Any) -> bool:
    import ast

    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def _env_reads_in(source: str) -> set[str]:
    """Literal names read through os.environ / os.getenv, directly or through a local helper
    (`def _int(name, default): os.environ.get(name)` called as `_int("X", 1)`)."""
    import ast

    tree = ast.parse(source)

    def read_arg(node: ast.AST) -> ast.expr | None:
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            method = func.attr if isinstance(func, ast.Attribute) else None
            if method in ("get", "pop", "setdefault") and _is_environ(getattr(func, "value", None)):
                return node.args[0]
            if (isinstance(func, ast.Attribute) and func.attr == "getenv") or (
                isinstance(func, ast.Name) and func.id == "getenv"
            ):
                return node.args[0]
        if isinstance(node, ast.Subscript) and _is_environ(node.value):
            return node.slice
        if isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
            return node.left
        return None

    helpers = set()
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            params = {a.arg for a in fn.args.args}
            for node in ast.walk(fn):
                arg = read_arg(node)
                if isinstance(arg, ast.Name) and arg.id in params:
                    helpers.add(fn.name)
    names = set()
    for node in ast.walk(tree):
        arg = read_arg(node)
        if arg is None and isinstance(node, ast.Call) and node.args:
            name = node.func.id if isinstance(node.func, ast.Name) else None
            arg = node.args[0] if name in helpers else None
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            names.add(arg.value)
    return names


def env_reads_by_app() -> set[str]:
    """Every literal environment variable name the deployed code reads (by syntax, any prefix).

    `env_vars_read_by_app()` finds names by their prefix; this finds reads whatever the name, so a
    test can check that no read escapes the prefixes (e.g. a new vendor's `STRIPE_*`)."""
    names: set[str] = set()
    for path in _deployed_sources():
        names |= _env_reads_in(path.read_text(encoding="utf-8"))
    return names


def lambda_environment(
    *,
    table_prefix: str,
    uploads_bucket: str,
    email_queue: str,
    webhook_queue: str,
    email_sender: str | None,
    jwt_secret: str,
    razorpay_secrets: Mapping[str, str],
    ws_api_id: str,
    ws_domain: str,
    ws_stage: str,
    public_url: str | None,
    turn_urls: Sequence[str] = (),
    stun_urls: Sequence[str] = (),
    turn_secret: str | None = None,
) -> dict[str, str]:
    """The variables infra adds to every Chalice function (values may be CDK tokens).

    `razorpay_secrets` maps each of `SECRETS_BY_INFRA` to its value (a dynamic reference); `turn_secret`
    (a dynamic reference too) comes with `turn_urls`."""
    env = {
        "PEERLEARN_TABLE_PREFIX": table_prefix,
        "PEERLEARN_UPLOADS_BUCKET": uploads_bucket,
        "PEERLEARN_EMAIL_QUEUE": email_queue,
        "PEERLEARN_WEBHOOK_QUEUE": webhook_queue,
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
    if bool(turn_urls) != bool(turn_secret):
        raise AssertionError("turn_urls and turn_secret go together")
    if turn_urls and turn_secret:
        env["PEERLEARN_TURN_URLS"] = ",".join(turn_urls)
        env["PEERLEARN_TURN_SECRET"] = turn_secret
    if stun_urls:
        env["PEERLEARN_STUN_URLS"] = ",".join(stun_urls)
    unknown = set(env) - set(SET_BY_INFRA)
    if unknown:
        raise AssertionError(f"add {sorted(unknown)} to SET_BY_INFRA")
    if set(razorpay_secrets) != set(SECRETS_BY_INFRA):
        raise AssertionError(f"razorpay_secrets must set exactly {sorted(SECRETS_BY_INFRA)}")
    env.update(razorpay_secrets)
    return env
