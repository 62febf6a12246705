"""Lazily built, cached AWS clients.

boto3 is imported on first use, never at module import: it is the largest part of a cold start.
The cache is keyed by (service, region, endpoint) so the local stack and tests, which change the
endpoint through the environment, get a fresh client instead of a stale one.
"""

from __future__ import annotations

import threading
from typing import Any

from chalicelib.core.settings import get_settings

_lock = threading.Lock()
_clients: dict[tuple[str, str, str | None], Any] = {}
_session: Any = None


def _boto_session() -> Any:
    global _session
    if _session is None:
        import boto3.session

        _session = boto3.session.Session()
    return _session


def client(service: str) -> Any:
    s = get_settings()
    key = (service, s.region, s.aws_endpoint_url)
    found = _clients.get(key)
    if found is not None:
        return found
    with _lock:
        found = _clients.get(key)
        if found is None:
            found = _boto_session().client(service, region_name=s.region, endpoint_url=s.aws_endpoint_url)
            _clients[key] = found
        return found


def reset() -> None:
    """Forget every cached client (tests that swap endpoints)."""
    global _session
    with _lock:
        _clients.clear()
        _session = None
