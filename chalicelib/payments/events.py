"""What happens to payments, for later reactions (receipts, analytics, badges)."""

from __future__ import annotations

from chalicelib.core.events import DomainEvent


class PaymentCaptured(DomainEvent):
    TYPE = "payment.captured"
    VERSION = 1
    order_id: str
    kind: str  # booking | gift
    learner_id: str
    mentor_id: str
    amount_paise: int
    booking_id: str | None = None

    def key(self) -> str:
        return f"payment#{self.order_id}"
