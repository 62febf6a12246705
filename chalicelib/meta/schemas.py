"""Meta answers: health, the SPA's runtime config, the taxonomy, the OpenAPI document itself."""

from __future__ import annotations

from pydantic import ConfigDict

from chalicelib.core.schemas import Out


class HealthOut(Out):
    ok: bool


class PaymentsConfigOut(Out):
    razorpay_key_id: str | None  # null until Razorpay is configured
    checkout_url: str | None
    gift_min_paise: int
    gift_max_paise: int
    withdrawal_min_paise: int
    max_payment_attempts: int


class ConfigOut(Out):
    ws_url: str
    stage: str
    local: bool
    mailbox_url: str | None  # the local stack's mailbox; null elsewhere
    payments: PaymentsConfigOut


class TaxonomyOut(Out):
    categories: list[str]
    skills: list[str]
    email_domains: list[str]


class OpenApiOut(Out):
    """An OpenAPI 3.1 document (this one)."""

    model_config = ConfigDict(extra="allow")
    openapi: str
    info: dict[str, object]
    servers: list[dict[str, object]]
    paths: dict[str, object]
    components: dict[str, object]
