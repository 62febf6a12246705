"""Shared pytest configuration: strict markers, no real AWS credentials leak into any test."""

from __future__ import annotations

import os

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "ap-south-1")
os.environ.pop("AWS_PROFILE", None)


# ---------- a real TURN server (coturn), shared by the integration and browser tiers ----------

import pytest


@pytest.fixture(scope="session")
def coturn(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Debian's coturn on a free loopback port with the TURN REST shared secret
    (`tests/support/coturn.py`); killed at the end of the session. Point the app at it with
    `coturn.app_environment()`. Without coturn installed it skips locally and fails on CI."""
    from tests.support.coturn import start_coturn, turnserver_path

    if turnserver_path() is None:
        message = "coturn is not installed (make coturn, or apt-get install -y coturn)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = start_coturn(tmp_path_factory.mktemp("coturn"))
    yield server
    server.stop()
