"""Fixtures of the payments tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chalicelib.core import clock
from tests.functional.payments_helpers import FIXED_NOW


@pytest.fixture
def fixed_clock() -> Iterator[int]:
    """The app's clock held at FIXED_NOW, so stored times are exact (a test may move it; reset after)."""
    clock.set_clock(lambda: float(FIXED_NOW))
    yield FIXED_NOW
    clock.reset_clock()
