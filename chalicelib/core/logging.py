"""The structured logger shared by every context (Powertools Logger; Tracer stays out: it is heavy).

Built on first use: importing Powertools costs ~20 ms, which a cold start should not pay before
it has anything to log.
"""

from __future__ import annotations

from typing import Any


class _LazyLogger:
    _real: Any = None

    def _get(self) -> Any:
        if _LazyLogger._real is None:
            from aws_lambda_powertools import Logger

            _LazyLogger._real = Logger(service="peerlearn")
        return _LazyLogger._real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._get(), name)


logger: Any = _LazyLogger()
