"""The local test checkout: a clearly labelled page that stands in for Razorpay Checkout.

`GET /checkout/{order_id}?callback_url=...` shows the order and three buttons — "Pay (success)",
"Fail payment", "Cancel" — in a plain form that POSTs back to the same path. After the press:

- with a `callback_url` (and no `mode=postmessage`), the browser is sent there with a 303 and the
  fields Checkout hands over: `razorpay_payment_id`, `razorpay_order_id`, `razorpay_signature` on
  success; `error[code]`, `error[description]`, `error[source]`, `error[step]`, `error[reason]`,
  `error[metadata]` (JSON) on failure or cancel;
- otherwise a result page posts `{source: "peerlearn-razorpay-standin", ...}` to `window.opener` or
  the parent frame (for a popup or an iframe) and shows the result.
"""

from __future__ import annotations

import html
import json
import secrets
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

TITLE = "PeerLearn local test checkout — no real money"
MESSAGE_SOURCE = "peerlearn-razorpay-standin"

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
.banner{background:#fff3cd;border:2px dashed #b58100;padding:.75rem 1rem;border-radius:.5rem;font-weight:600}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{color:#555}dd{margin:0;font-weight:600}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1.5rem}
button{font:inherit;padding:.6rem 1.1rem;border-radius:.4rem;border:2px solid #333;cursor:pointer;background:#fff}
button:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
button[value=success]{background:#166534;border-color:#166534;color:#fff}
button[value=failure]{background:#991b1b;border-color:#991b1b;color:#fff}
.notice{padding:.75rem 1rem;border-radius:.5rem;background:#eef2ff}
"""


def valid_callback(url: str | None) -> bool:
    if not url:
        return True
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def rupees(paise: int) -> str:
    return f"₹{paise // 100:,}.{paise % 100:02d}"


def _page(body: str, *, nonce: str | None = None, script: str = "") -> str:
    script_tag = f'<script nonce="{nonce}">{script}</script>' if nonce and script else ""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(TITLE)}</title><style>{_STYLE}</style></head>"
            f"<body><main><h1>{html.escape(TITLE)}</h1>"
            f'<p class="banner" role="note">Local development only: nothing is charged and no money moves.</p>'
            f"{body}</main>{script_tag}</body></html>")


def render_checkout(order: dict[str, Any], *, action: str, callback_url: str | None, mode: str | None,
                    email: str | None, contact: str | None, description: str | None) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
        for name, value in (("callback_url", callback_url), ("mode", mode), ("email", email), ("contact", contact))
        if value)
    rows = [("Amount", rupees(int(order["amount"]))), ("Order", order["id"]), ("Receipt", order.get("receipt") or "—")]
    if description:
        rows.insert(0, ("For", description))
    details = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in rows)
    if order["status"] == "paid":
        buttons = '<p class="notice" role="status">This order has already been paid.</p>' \
                  '<button type="submit" name="outcome" value="cancel">Cancel</button>'
    else:
        buttons = ('<button type="submit" name="outcome" value="success">Pay (success)</button>'
                   '<button type="submit" name="outcome" value="failure">Fail payment</button>'
                   '<button type="submit" name="outcome" value="cancel">Cancel</button>')
    form = (f'<form method="post" action="{html.escape(action)}" aria-label="Test payment">{hidden}'
            f'<div class="actions">{buttons}</div></form>')
    return _page(f"<h2>Order summary</h2><dl>{details}</dl>{form}")


def render_result(result: dict[str, Any], *, target_origin: str, nonce: str) -> str:
    outcome = result.get("outcome")
    if outcome == "success":
        text = f"Payment {result.get('razorpay_payment_id')} succeeded. You can close this window."
    elif outcome == "failure":
        text = f"Payment failed: {result.get('error', {}).get('description', '')}"
    else:
        text = "Payment cancelled."
    data = json.dumps({"source": MESSAGE_SOURCE, **result}).replace("<", "\\u003c")
    script = (
        f"const data = {data};"
        f"const target = window.opener || (window.parent !== window ? window.parent : null);"
        f"if (target) {{ target.postMessage(data, {json.dumps(target_origin)});"
        f" if (window.opener) {{ setTimeout(() => window.close(), 50); }} }}"
    )
    body = f'<p class="notice" role="status">{html.escape(text)}</p>'
    return _page(body, nonce=nonce, script=script)


def render_message(title: str, text: str) -> str:
    return _page(f"<h2>{html.escape(title)}</h2><p>{html.escape(text)}</p>")


def redirect_url(callback_url: str, fields: dict[str, str]) -> str:
    parts = urlsplit(callback_url)
    query = f"{parts.query}&{urlencode(fields)}" if parts.query else urlencode(fields)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def origin_of(url: str | None) -> str:
    if not url:
        return "*"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "*"


def new_nonce() -> str:
    return secrets.token_urlsafe(16)
