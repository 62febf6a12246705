"""A session for `app.websocket_api.session` that sends `@connections` calls to the local gateway.

Chalice builds the management endpoint from the event (`https://{apiId}.execute-api.{region}
.amazonaws.com/{stage}`) and asks its session for an `apigatewaymanagementapi` client with that
`endpoint_url`. This session hands back a real botocore client pointed at the local stack's
`/_ws_mgmt` endpoint instead, so `send()`/`close()`/`info()` travel over real HTTP and a gone
connection raises botocore's real `GoneException` (which Chalice turns into
`WebsocketDisconnectedError`). Every other service is created by a normal boto3 session.
"""

from __future__ import annotations

from typing import Any

from local.aws import DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY


class LocalWebsocketSession:
    """Duck-types the parts of `boto3.session.Session` Chalice's `WebsocketAPI` uses."""

    def __init__(self, management_url: str, region: str) -> None:
        import boto3.session

        self._session = boto3.session.Session(region_name=region, aws_access_key_id=DUMMY_ACCESS_KEY,
                                              aws_secret_access_key=DUMMY_SECRET_KEY)
        self.management_url = management_url
        self.requested_endpoints: list[str] = []

    @property
    def region_name(self) -> str:
        return str(self._session.region_name)

    def client(self, service_name: str, *args: Any, **kwargs: Any) -> Any:
        if service_name == "apigatewaymanagementapi":
            from botocore.config import Config

            requested = kwargs.pop("endpoint_url", None)
            if requested:
                self.requested_endpoints.append(str(requested))
            kwargs["endpoint_url"] = self.management_url
            kwargs.setdefault("config", Config(retries={"max_attempts": 2, "mode": "standard"},
                                               connect_timeout=2, read_timeout=10))
        return self._session.client(service_name, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)
