"""Fixtures of the bookings tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.functional.bookings.support import Clock
from tests.functional.payments_helpers import Payments


@pytest.fixture
def frozen() -> Iterator[Clock]:
    yield Clock()  # the functional fixture resets the clock after the test


@pytest.fixture
def pay(api: Any, client: Any, standin: Any, market: Any, make_admin: Any) -> Payments:
    standin.control(reset=True, settle_delay_ms=0)
    return Payments(api, client, standin, market, make_admin)
