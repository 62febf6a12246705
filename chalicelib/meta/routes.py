"""Public metadata: runtime config for the SPA, autocomplete sources, the OpenAPI document, health."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.catalog import taxonomy
from chalicelib.core import money
from chalicelib.core.access import PUBLIC
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.settings import get_settings

bp = Blueprint(__name__)


@api_route(bp, "/health", access=PUBLIC)
def health(ctx: Ctx) -> dict[str, Any]:
    """Liveness."""
    return {"ok": True}


@api_route(bp, "/meta/config", access=PUBLIC, cache="public, max-age=60")
def config(ctx: Ctx) -> dict[str, Any]:
    """Runtime configuration for the SPA (the same build runs everywhere)."""
    s = get_settings()
    return {"ws_url": s.ws_public_url, "stage": s.stage, "local": s.local_mode,
            "mailbox_url": s.mailbox_url if s.local_mode else None,
            "payments": {"razorpay_key_id": None if s.razorpay_key_id in ("", "not-configured") else s.razorpay_key_id,
                         "checkout_url": s.razorpay_checkout_url, "gift_min_paise": money.GIFT_MIN_PAISE,
                         "gift_max_paise": s.gift_max_paise, "withdrawal_min_paise": money.WITHDRAWAL_MIN_PAISE,
                         "max_payment_attempts": money.MAX_FAILED_ATTEMPTS}}


@api_route(bp, "/meta/taxonomy", access=PUBLIC, cache="public, max-age=3600")
def get_taxonomy(ctx: Ctx) -> dict[str, Any]:
    """Categories, skills and email domains for autocomplete and typo hints."""
    return {"categories": taxonomy.CATEGORIES, "skills": taxonomy.SKILLS, "email_domains": taxonomy.EMAIL_DOMAINS}


@api_route(bp, "/meta/openapi.json", access=PUBLIC, cache="public, max-age=300")
def openapi(ctx: Ctx) -> dict[str, Any]:
    """This API's OpenAPI 3.1 document."""
    from chalicelib.meta.openapi import build

    return build()
