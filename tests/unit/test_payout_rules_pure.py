"""The payout account form's messages, field by field, exactly as the API returns them."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from chalicelib.core.http import field_errors
from chalicelib.payments.schemas import PayoutAccountIn


def errors_of(body: dict[str, str]) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        PayoutAccountIn.model_validate_json(json.dumps(body))
    return field_errors(exc.value)


BANK = {"kind": "bank", "holder_name": "Vikram Rao", "ifsc": "HDFC0001234", "account_number": "123456789012"}


def test_a_bad_ifsc_says_what_an_ifsc_looks_like() -> None:
    assert errors_of({**BANK, "ifsc": "HDFC1234567"}) == {
        "bank.ifsc": "Enter a valid IFSC: 4 letters, a zero, then 6 letters or digits (e.g. HDFC0001234)."}


@pytest.mark.parametrize("number", ["12345678", "1234567890123456789", "12ab5678901"])
def test_a_bad_account_number_says_how_many_digits(number: str) -> None:
    assert errors_of({**BANK, "account_number": number}) == {
        "bank.account_number": "Enter the account number: 9 to 18 digits."}


def test_a_bad_upi_id_shows_an_example() -> None:
    assert errors_of({"kind": "vpa", "vpa": "vikram@ok1"}) == {"vpa.vpa": "Enter a valid UPI id, like name@bank."}


def test_good_details_are_normalised() -> None:
    bank = PayoutAccountIn.model_validate_json(json.dumps({**BANK, "ifsc": " hdfc0001234 ",
                                                           "account_number": "1234 5678 9012"})).root
    assert (bank.ifsc, bank.account_number) == ("HDFC0001234", "123456789012")
