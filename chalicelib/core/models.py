"""PynamoDB base: table names, region and endpoint come from settings at call time.

`Meta` classes use a metaclass whose properties read the environment whenever PynamoDB asks,
so one model class works for the local stack, the tests (a prefix per test) and AWS.
"""

from __future__ import annotations

import threading
from typing import Any, TypeVar

from pynamodb.connection import Connection
from pynamodb.models import Model

from chalicelib.core.settings import get_settings


class EnvTableMeta(type):
    base_name: str

    @property
    def table_name(cls) -> str:
        return get_settings().table_name(cls.base_name)

    @property
    def region(cls) -> str:
        return get_settings().region

    @property
    def host(cls) -> str | None:
        return get_settings().aws_endpoint_url


class BaseModel(Model):
    """Models subclass this and declare `class Meta(metaclass=EnvTableMeta): base_name = "..."`."""

    _connection_host: str | None = None

    class Meta(metaclass=EnvTableMeta):
        base_name = "_abstract"

    @classmethod
    def _get_connection(cls) -> Any:
        # Rebuild the connection when the endpoint moves (tests, local stack restarts).
        conn = cls._connection
        if conn is not None and getattr(cls, "_connection_host", None) != cls.Meta.host:
            cls._connection = None
        cls._connection_host = cls.Meta.host
        return super()._get_connection()


_tx_lock = threading.Lock()
_tx_connections: dict[tuple[str, str | None], Connection] = {}


def tx_connection() -> Connection:
    """The connection for `TransactWrite`, cached per endpoint (building one costs a botocore client)."""
    s = get_settings()
    key = (s.region, s.aws_endpoint_url)
    with _tx_lock:
        conn = _tx_connections.get(key)
        if conn is None:
            conn = Connection(region=s.region, host=s.aws_endpoint_url)
            _tx_connections[key] = conn
        return conn


M = TypeVar("M", bound=Model)


def get_or_404(model: type[M], key: str, what: str) -> M:
    """A consistent read of one item, or a 404 that names what was missing."""
    from chalicelib.core.errors import NotFound

    try:
        return model.get(key, consistent_read=True)
    except model.DoesNotExist:
        raise NotFound(f"We couldn't find that {what}.") from None


def plain(value: Any) -> dict[str, Any]:
    """A raw MapAttribute (or None) as a plain dict."""
    if value is None:
        return {}
    return dict(value.as_dict()) if hasattr(value, "as_dict") else dict(value)
