"""Configuration, read from the environment at call time.

Chalice's test client applies `.chalice/config.json` variables only while an invocation runs, and
the local stack sets endpoints after import, so nothing here is frozen at import.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _urls(name: str) -> tuple[str, ...]:
    return tuple(u.strip() for u in (os.environ.get(name) or "").split(",") if u.strip())


def _origin(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def _origins(public_url: str) -> tuple[str, ...]:
    """The browser origins the SPA runs on: `PEERLEARN_APP_ORIGINS` (comma separated), else the
    origin of `PEERLEARN_PUBLIC_URL`. The refresh and logout routes refuse any other `Origin`."""
    raw = os.environ.get("PEERLEARN_APP_ORIGINS") or ""
    listed = [o for o in (_origin(part) for part in raw.split(",")) if o]
    return tuple(listed) if listed else tuple(o for o in [_origin(public_url)] if o)


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    aws_endpoint_url: str | None
    table_prefix: str
    uploads_bucket: str
    email_queue_name: str
    email_sender: str
    jwt_secret: str
    jwt_previous_secret: str
    jwt_issuer: str
    jwt_audience: str
    access_token_ttl: int
    refresh_token_ttl: int
    ws_public_url: str
    ws_ticket_ttl: int
    ws_connection_ttl: int
    public_base_url: str
    app_origins: tuple[str, ...]
    cookie_secure: bool
    local_mode: bool
    mailbox_url: str | None
    totp_issuer: str
    razorpay_key_id: str
    razorpay_key_secret: str
    razorpay_webhook_secret: str
    razorpay_webhook_secret_previous: str
    razorpay_base_url: str | None
    razorpay_checkout_url: str | None
    razorpayx_account_number: str
    webhook_queue_name: str
    webhook_max_age: int
    gift_max_paise: int
    events_retry_base_seconds: int
    stun_urls: tuple[str, ...]
    turn_urls: tuple[str, ...]
    turn_secret: str
    turn_ttl_seconds: int
    ice_transport_policy: str


    def table_name(self, base: str) -> str:
        return f"{self.table_prefix}{base}"


def get_settings() -> Settings:
    stage = os.environ.get("PEERLEARN_STAGE", "dev")
    public_url = os.environ.get("PEERLEARN_PUBLIC_URL", "http://localhost:8000")
    local_mode = _bool("PEERLEARN_LOCAL")
    return Settings(
        stage=stage,
        region=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "ap-south-1",
        aws_endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None,
        table_prefix=os.environ.get("PEERLEARN_TABLE_PREFIX", f"peerlearn-{stage}-"),
        uploads_bucket=os.environ.get("PEERLEARN_UPLOADS_BUCKET", f"peerlearn-{stage}-uploads"),
        email_queue_name=os.environ.get("PEERLEARN_EMAIL_QUEUE", "peerlearn-email-outbox"),
        email_sender=os.environ.get("PEERLEARN_EMAIL_SENDER", "PeerLearn <no-reply@peerlearn.in>"),
        jwt_secret=os.environ.get("PEERLEARN_JWT_SECRET", ""),
        jwt_previous_secret=os.environ.get("PEERLEARN_JWT_SECRET_PREVIOUS", ""),
        jwt_issuer=os.environ.get("PEERLEARN_JWT_ISSUER", "peerlearn"),
        jwt_audience=os.environ.get("PEERLEARN_JWT_AUDIENCE", "peerlearn-app"),
        access_token_ttl=_int("PEERLEARN_ACCESS_TOKEN_TTL", 900),
        refresh_token_ttl=_int("PEERLEARN_REFRESH_TOKEN_TTL", 30 * 24 * 3600),
        ws_public_url=os.environ.get("PEERLEARN_WS_URL", ""),
        ws_ticket_ttl=_int("PEERLEARN_WS_TICKET_TTL", 60),
        ws_connection_ttl=_int("PEERLEARN_WS_CONNECTION_TTL", 2 * 3600),
        public_base_url=public_url,
        app_origins=_origins(public_url),
        # The refresh cookie is Secure everywhere; only the local stack may turn that off (plain http
        # from a browser that refuses Secure cookies there, e.g. a LAN address). Chromium keeps them on
        # http://127.0.0.1 and http://localhost, which count as secure contexts.
        cookie_secure=_bool("PEERLEARN_COOKIE_SECURE", True) or not local_mode,
        local_mode=local_mode,
        mailbox_url=os.environ.get("PEERLEARN_MAILBOX_URL") or None,
        totp_issuer=os.environ.get("PEERLEARN_TOTP_ISSUER", "PeerLearn"),
        razorpay_key_id=os.environ.get("RAZORPAY_KEY_ID", ""),
        razorpay_key_secret=os.environ.get("RAZORPAY_KEY_SECRET", ""),
        razorpay_webhook_secret=os.environ.get("RAZORPAY_WEBHOOK_SECRET", ""),
        razorpay_webhook_secret_previous=os.environ.get("RAZORPAY_WEBHOOK_SECRET_PREVIOUS", ""),
        razorpay_base_url=os.environ.get("RAZORPAY_BASE_URL") or None,  # unset → the SDK's api.razorpay.com
        razorpay_checkout_url=os.environ.get("RAZORPAY_CHECKOUT_URL") or None,  # unset → checkout.js
        razorpayx_account_number=os.environ.get("RAZORPAYX_ACCOUNT_NUMBER", ""),
        webhook_queue_name=os.environ.get("PEERLEARN_WEBHOOK_QUEUE", "peerlearn-razorpay-webhooks"),
        webhook_max_age=_int("PEERLEARN_WEBHOOK_MAX_AGE_SECONDS", 24 * 3600),
        gift_max_paise=_int("PEERLEARN_GIFT_MAX_PAISE", 500_000),
        events_retry_base_seconds=_int("PEERLEARN_EVENTS_RETRY_BASE_SECONDS", 30),
        # The room's ICE servers (docs/operations.md, TURN). The TURN secret comes from the
        # environment only (the deployment's secret store), never from config files.
        stun_urls=_urls("PEERLEARN_STUN_URLS"),
        turn_urls=_urls("PEERLEARN_TURN_URLS"),
        turn_secret=os.environ.get("PEERLEARN_TURN_SECRET", ""),
        turn_ttl_seconds=max(60, _int("PEERLEARN_TURN_TTL_SECONDS", 3600)),
        ice_transport_policy="relay" if os.environ.get("PEERLEARN_ICE_TRANSPORT_POLICY", "").strip() == "relay"
        else "all",
    )
