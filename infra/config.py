"""Deploy-time configuration of the CDK app, read from CDK context (`-c key=value`) and the environment.

Pure Python (no aws_cdk import) so tests can exercise it without aws-cdk-lib. Nothing here is
committed configuration: account ids, domains, addresses and secrets come from the command line or
the deploying shell, never from the repository.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

STAGES = ("dev", "prod")


class ConfigError(ValueError):
    """The context given to the CDK app is invalid."""


@dataclass(frozen=True)
class DeployConfig:
    stage: str
    region: str
    account: str | None
    # Email: the From header the app uses and the SES identity (domain or address) allowed to send it.
    email_sender: str | None
    ses_identity: str
    # Public URL of the SPA (custom domain). Without it the CloudFront default domain is used where
    # possible; the Lambda env cannot reference the distribution (dependency cycle, see docs).
    public_url: str | None
    domain_name: str | None
    certificate_arn: str | None
    extra_cors_origins: tuple[str, ...]
    alarm_email: str | None
    # Pin the JWT secret version the Lambdas get (rotation: put a new version, deploy with its id).
    jwt_secret_version: str | None
    # Pin the version of the `peerlearn/<stage>/razorpay` secret (keys, webhook secret, RazorpayX account).
    razorpay_secret_version: str | None
    # The room's TURN/STUN servers (docs/operations.md, TURN). With `turn_urls` the stack creates the
    # `peerlearn/<stage>/turn-secret` secret (coturn's static-auth-secret) and hands it to the Lambdas.
    turn_urls: tuple[str, ...] = ()
    stun_urls: tuple[str, ...] = ()
    turn_secret_version: str | None = None
    # Packaging: a prebuilt `chalice package` directory, or skip dependency download (offline synth).
    chalice_package: str | None = None
    offline: bool = False
    # Add .pyc files to the Lambda package (see infra/stacks/chalice_app.py).
    bytecode: bool = True

    @property
    def is_prod(self) -> bool:
        return self.stage == "prod"

    @property
    def resource_prefix(self) -> str:
        return f"peerlearn-{self.stage}"

    @property
    def table_prefix(self) -> str:
        return f"peerlearn-{self.stage}-"

    @property
    def stack_name(self) -> str:
        return f"peerlearn-{self.stage}"

    @property
    def email_address(self) -> str:
        return parseaddr(self.email_sender or "")[1]


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in {"1", "true", "yes", "on"}


def _blank_to_none(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _url_list(value: Any) -> tuple[str, ...]:
    return tuple(u.strip() for u in str(value or "").split(",") if u.strip())


def region_from_env(environ: Mapping[str, str]) -> str | None:
    return environ.get("CDK_DEFAULT_REGION") or environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")


def load_config(
    get_context: Callable[[str], Any],
    environ: Mapping[str, str] | None = None,
    default_sender: str | None = None,
) -> DeployConfig:
    """Build the configuration from a context getter (e.g. `app.node.try_get_context`)."""
    env = os.environ if environ is None else environ
    stage = str(get_context("stage") or "dev")
    if stage not in STAGES:
        raise ConfigError(f"unknown stage {stage!r}: use -c stage=dev or -c stage=prod")
    region = region_from_env(env)
    if not region:
        raise ConfigError("set a region: CDK_DEFAULT_REGION, AWS_REGION or AWS_DEFAULT_REGION")
    sender = _blank_to_none(get_context("email_sender")) or default_sender
    sender_address = parseaddr(sender or "")[1]
    ses_identity = _blank_to_none(get_context("ses_identity"))
    if ses_identity is None:
        if "@" not in sender_address:
            raise ConfigError("set -c email_sender='Name <address@domain>' or -c ses_identity=<domain>")
        ses_identity = sender_address.rsplit("@", 1)[1]
    domain_name = _blank_to_none(get_context("domain_name"))
    certificate_arn = _blank_to_none(get_context("certificate_arn"))
    if bool(domain_name) != bool(certificate_arn):
        raise ConfigError("domain_name and certificate_arn (ACM, us-east-1) go together")
    public_url = _blank_to_none(get_context("public_url")) or (f"https://{domain_name}" if domain_name else None)
    if public_url and not public_url.startswith(("https://", "http://")):
        raise ConfigError(f"public_url must be an absolute URL, got {public_url!r}")
    extra = tuple(o.strip().rstrip("/") for o in str(get_context("extra_cors_origins") or "").split(",") if o.strip())
    turn_urls, stun_urls = _url_list(get_context("turn_urls")), _url_list(get_context("stun_urls"))
    bad = [u for u in turn_urls if not u.startswith(("turn:", "turns:"))] + \
        [u for u in stun_urls if not u.startswith(("stun:", "stuns:"))]
    if bad:
        raise ConfigError(f"turn_urls take turn:/turns: URLs and stun_urls stun: URLs, got {bad}")
    return DeployConfig(
        stage=stage,
        region=region,
        account=env.get("CDK_DEFAULT_ACCOUNT") or None,
        email_sender=sender,
        ses_identity=ses_identity,
        public_url=public_url.rstrip("/") if public_url else None,
        domain_name=domain_name,
        certificate_arn=certificate_arn,
        extra_cors_origins=extra,
        alarm_email=_blank_to_none(get_context("alarm_email")),
        jwt_secret_version=_blank_to_none(get_context("jwt_secret_version")),
        razorpay_secret_version=_blank_to_none(get_context("razorpay_secret_version")),
        turn_urls=turn_urls,
        stun_urls=stun_urls,
        turn_secret_version=_blank_to_none(get_context("turn_secret_version")),
        chalice_package=_blank_to_none(get_context("chalice_package")),
        offline=_truthy(get_context("offline")),
        bytecode=get_context("bytecode") is None or _truthy(get_context("bytecode")),
    )
