"""Public metadata: runtime config for the SPA, autocomplete sources, the OpenAPI document, health."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice.app import Blueprint

from chalicelib.core import money, taxonomy
from chalicelib.core.access import PUBLIC
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import schemas
from chalicelib.core.settings import get_settings

if TYPE_CHECKING:
    from chalicelib.meta import schemas as m
else:
    m = schemas("chalicelib.meta.schemas")

bp = Blueprint(__name__)


@api_route(bp, "/health", access=PUBLIC, response=m.HealthOut)
def health(ctx: Ctx) -> m.HealthOut:
    """Liveness."""
    return m.HealthOut(ok=True)


@api_route(bp, "/meta/config", access=PUBLIC, response=m.ConfigOut, cache="public, max-age=60")
def config(ctx: Ctx) -> m.ConfigOut:
    """Runtime configuration for the SPA (the same build runs everywhere)."""
    s = get_settings()
    return m.ConfigOut(
        ws_url=s.ws_public_url, stage=s.stage, local=s.local_mode, mailbox_url=s.mailbox_url if s.local_mode else None,
        payments=m.PaymentsConfigOut(
            razorpay_key_id=None if s.razorpay_key_id in ("", "not-configured") else s.razorpay_key_id,
            checkout_url=s.razorpay_checkout_url, gift_min_paise=money.GIFT_MIN_PAISE, gift_max_paise=s.gift_max_paise,
            withdrawal_min_paise=money.WITHDRAWAL_MIN_PAISE, max_payment_attempts=money.MAX_FAILED_ATTEMPTS))


@api_route(bp, "/meta/taxonomy", access=PUBLIC, response=m.TaxonomyOut, cache="public, max-age=3600")
def get_taxonomy(ctx: Ctx) -> m.TaxonomyOut:
    """Categories, skills and email domains for autocomplete and typo hints."""
    return m.TaxonomyOut(categories=list(taxonomy.CATEGORIES), skills=list(taxonomy.SKILLS),
                         email_domains=list(taxonomy.EMAIL_DOMAINS))


@api_route(bp, "/meta/openapi.json", access=PUBLIC, response=m.OpenApiOut, cache="public, max-age=300")
def openapi(ctx: Ctx) -> dict[str, Any]:
    """This API's OpenAPI 3.1 document."""
    from chalicelib.meta.openapi import build

    return build()
