"""Payments API shapes. Amounts are strict integers of paise: 12.5, "1250" and 1250.0 are refused."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, StringConstraints

Strict = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")]
Paise = Annotated[int, Field(ge=1, le=10_000_000_00)]  # ₹1 crore: far above any real amount here
Limit = Annotated[int, Field(ge=1, le=50)]
Cursor = Annotated[str, StringConstraints(max_length=1000)]

IFSC = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")
VPA = re.compile(r"^[a-zA-Z0-9.\-_]{2,256}@[a-zA-Z]{2,64}$")


def _ifsc(value: str) -> str:
    value = value.strip().upper()
    if not IFSC.match(value):
        raise ValueError("Enter a valid IFSC: 4 letters, a zero, then 6 letters or digits (e.g. HDFC0001234).")
    return value


def _account_number(value: str) -> str:
    value = value.replace(" ", "")
    if not value.isdigit() or not 9 <= len(value) <= 18:
        raise ValueError("Enter the account number: 9 to 18 digits.")
    return value


def _vpa(value: str) -> str:
    value = value.strip()
    if not VPA.match(value):
        raise ValueError("Enter a valid UPI id, like name@bank.")
    return value


class OrderIn(BaseModel):
    model_config = Strict
    booking_id: Id


class GiftIn(BaseModel):
    model_config = Strict
    booking_id: Id
    amount_paise: Paise


class VerifyIn(BaseModel):
    model_config = Strict
    razorpay_order_id: Id
    razorpay_payment_id: Id
    razorpay_signature: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class BankAccountIn(BaseModel):
    model_config = Strict
    kind: Literal["bank"]
    holder_name: Annotated[str, StringConstraints(min_length=3, max_length=120)]
    ifsc: Annotated[str, AfterValidator(_ifsc)]
    account_number: Annotated[str, AfterValidator(_account_number)]


class VpaIn(BaseModel):
    model_config = Strict
    kind: Literal["vpa"]
    vpa: Annotated[str, AfterValidator(_vpa)]


class PayoutAccountIn(RootModel[Annotated[BankAccountIn | VpaIn, Field(discriminator="kind")]]):
    """A bank account or a UPI id, told apart by `kind`."""


class WithdrawIn(BaseModel):
    model_config = Strict
    amount_paise: Paise


class AdminRefundIn(BaseModel):
    model_config = Strict
    amount_paise: Paise | None = None
    reason: Annotated[str, StringConstraints(min_length=3, max_length=500)]
    # The same key twice (a double click, a retried request) refunds once.
    idempotency_key: Annotated[str, StringConstraints(min_length=8, max_length=64,
                                                      pattern=r"^[A-Za-z0-9_\-]+$")] | None = None


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cursor: Cursor | None = None
    limit: Limit = 20


class AdminPaymentsQuery(PageQuery):
    status: Literal["created", "failed", "captured", "partially_refunded", "refunded"] | None = None


class RefundsQuery(PageQuery):
    order_id: Id


class SeriesQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days: Annotated[int, Field(ge=7, le=365)] = 30


class DeadLettersQuery(PageQuery):
    status: Literal["dead", "replayed"] = "dead"
