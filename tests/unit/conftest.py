"""Pure tier: rules as plain functions. No moto, no AWS clients, no sockets.

Sockets are blocked for every test here (pytest-socket), and a run that imports moto fails collection, so a rule that quietly needs DynamoDB cannot hide in this tier.
"""

from __future__ import annotations

import sys

import pytest
from pytest_socket import disable_socket, enable_socket

FORBIDDEN = ("moto",)  # botocore comes with pynamodb's models; sockets being blocked keeps it idle


@pytest.fixture(autouse=True)
def _no_network() -> object:
    disable_socket(allow_unix_socket=False)
    yield
    enable_socket()


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.pluginmanager.hasplugin("tools.mutation_plugin"):
        return  # `make mutation`: its fork server imported every tier's tests before forking this run
    loaded = [name for name in FORBIDDEN if name in sys.modules]
    if loaded and all("tests/unit" in str(item.path) for item in session.items):
        raise pytest.UsageError(f"the pure unit tier imported {loaded}: move the test to tests/functional")
