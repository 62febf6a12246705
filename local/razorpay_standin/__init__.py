"""A local Razorpay stand-in: the REST endpoints PeerLearn uses, a test checkout and signed webhooks.

Nothing here is deployed. The app talks to it through the real `razorpay` SDK
(`razorpay.Client(auth=(key_id, key_secret), base_url=standin.url)`) or plain HTTP, exactly as it
talks to Razorpay; only the base URL and the keys differ. See `docs/razorpay-standin.md`.

    from local.razorpay_standin import start_standin
    standin = start_standin("rzp_test_x", "secret", "whsec", "http://127.0.0.1:8000/api/webhooks/razorpay")
    ...
    standin.stop()
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from local.razorpay_standin.server import Standin, start_standin
from local.razorpay_standin.store import signature
from local.razorpay_standin.webhooks import sign


@dataclass(frozen=True)
class Credentials:
    key_id: str
    key_secret: str
    webhook_secret: str


def generate_credentials() -> Credentials:
    """Fresh test-mode-looking keys for one run of the local stack."""
    return Credentials(key_id="rzp_test_" + secrets.token_hex(7), key_secret=secrets.token_urlsafe(18),
                       webhook_secret=secrets.token_urlsafe(24))


__all__ = ["Credentials", "Standin", "generate_credentials", "sign", "signature", "start_standin"]
