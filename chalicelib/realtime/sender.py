"""Posting to WebSocket connections through the app's `websocket_api` (API Gateway @connections).

Inside a websocket handler Chalice has already configured the endpoint from the event. From a REST
route or a job we configure it from the environment (`PEERLEARN_WS_DOMAIN` + `PEERLEARN_WS_STAGE`,
or `PEERLEARN_WS_API_ID` + stage). The local stack swaps `websocket_api.session` for one pointing
at its own gateway; this module never knows which one it talks to.
"""

from __future__ import annotations

import json
import os
from typing import Any

from chalicelib.core.clients import _boto_session

_app: Any = None


def bind_app(app: Any) -> None:
    global _app
    _app = app


class NotConnected(Exception):
    """The connection is gone (API Gateway answered GoneException)."""


def _api() -> Any:
    if _app is None:
        raise RuntimeError("realtime sender used before bind_app()")
    api = _app.websocket_api
    if api.session is None:
        api.session = _boto_session()
    if api._endpoint is None:
        stage = os.environ.get("PEERLEARN_WS_STAGE", "api")
        domain = os.environ.get("PEERLEARN_WS_DOMAIN")
        api_id = os.environ.get("PEERLEARN_WS_API_ID")
        if domain:
            api.configure(domain, stage)
        elif api_id:
            api.configure_from_api_id(api_id, stage)
        else:
            raise RuntimeError("set PEERLEARN_WS_DOMAIN or PEERLEARN_WS_API_ID to push from REST routes")
    return api


def send(connection_id: str, payload: dict[str, Any]) -> None:
    from chalice.app import WebsocketDisconnectedError

    try:
        _api().send(connection_id, json.dumps(payload, separators=(",", ":"), default=str))
    except WebsocketDisconnectedError:
        raise NotConnected(connection_id) from None
