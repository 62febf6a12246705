"""The WebSocket gateway and the API Gateway `@connections` management API, over real sockets."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
import requests
import websockets
from botocore.exceptions import ClientError
from websockets.asyncio.client import ClientConnection
from websockets.typing import Origin

pytestmark = pytest.mark.integration


def management_client(stack: Any) -> Any:
    """A real botocore client, exactly what the app's `websocket_api` uses."""
    return boto3.session.Session().client(
        "apigatewaymanagementapi", endpoint_url=stack.info["ws_management_url"], region_name="ap-south-1",
        aws_access_key_id="test", aws_secret_access_key="test",
    )


def ticket_url(stack: Any, token: str) -> str:
    answer = requests.post(f"{stack.url}/api/realtime/ticket", headers={"Authorization": f"Bearer {token}"},
                           timeout=10)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["url"] == stack.info["ws_url"]
    return f"{body['url']}?ticket={body['ticket']}"


async def recv_json(ws: ClientConnection, timeout: float = 5.0) -> Any:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def recv_reply(ws: ClientConnection, timeout: float = 5.0) -> Any:
    """The next frame that is not a notice: the sign-up's welcome notification (a domain event,
    dispatched in the background) may arrive at any point of the exchange."""
    while True:
        frame = await recv_json(ws, timeout)
        if frame.get("type") not in ("notification", "unread_count"):
            return frame


def test_post_to_an_unknown_connection_raises_the_real_gone_exception(local_stack: Any) -> None:
    client = management_client(local_stack)
    for call in (lambda cid: client.post_to_connection(ConnectionId=cid, Data=b"{}"),
                 lambda cid: client.get_connection(ConnectionId=cid),
                 lambda cid: client.delete_connection(ConnectionId=cid)):
        with pytest.raises(client.exceptions.GoneException) as caught:
            call("Zm9vYmFyYmF6cXV+/x=")  # `+`, `/` and `=` must survive URL-encoding
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410


def test_unsigned_management_calls_are_refused(local_stack: Any) -> None:
    response = requests.post(f"{local_stack.info['ws_management_url']}/@connections/abc%3D", data=b"x", timeout=5)
    assert response.status_code == 403
    assert response.headers["x-amzn-ErrorType"] == "ForbiddenException"


def test_connect_ping_push_info_and_delete_through_the_real_app(local_stack: Any, sign_up: Callable[..., Any]) -> None:
    url = ticket_url(local_stack, sign_up(local_stack)[1])
    client = management_client(local_stack)

    async def scenario() -> None:
        async with websockets.connect(url, origin=local_stack.url) as ws:
            await ws.send(json.dumps({"action": "ping"}))
            assert await recv_reply(ws) == {"type": "pong"}  # $default handler -> websocket_api.send -> us

            live = requests.get(f"{local_stack.url}/_dev/ws/connections", timeout=5).json()
            assert len(live) >= 1
            mine = [c for c in live if c["user_agent"].startswith("Python")]
            connection_id = mine[-1]["connection_id"]
            assert len(connection_id) == 16 and connection_id.endswith("=")

            await asyncio.to_thread(client.post_to_connection, ConnectionId=connection_id,
                                    Data=json.dumps({"type": "hello"}).encode())
            assert await recv_reply(ws) == {"type": "hello"}

            info = await asyncio.to_thread(client.get_connection, ConnectionId=connection_id)
            assert info["Identity"]["SourceIp"] == "127.0.0.1"
            assert info["ConnectedAt"] <= info["LastActiveAt"]

            await asyncio.to_thread(client.delete_connection, ConnectionId=connection_id)
            with pytest.raises(websockets.ConnectionClosed):
                while True:  # the sign-in notice (a domain event) may still arrive before the close
                    frame = json.loads(await asyncio.wait_for(ws.recv(), 5))
                    assert frame["type"] in ("notification", "unread_count"), frame

        with pytest.raises(ClientError) as gone:
            await asyncio.to_thread(client.post_to_connection, ConnectionId=connection_id, Data=b"{}")
        assert gone.value.response["Error"]["Code"] == "GoneException"

    asyncio.run(scenario())


def test_a_rejected_connect_closes_with_a_4xxx_code_and_reason(local_stack: Any) -> None:
    async def scenario() -> None:
        async with websockets.connect(f"{local_stack.info['ws_url']}?ticket=not-a-ticket",
                                      origin=local_stack.url) as ws:
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 5)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4001
        assert closed.value.rcvd.reason  # the app's message, so the browser can tell the user why

    asyncio.run(scenario())


def test_a_foreign_origin_is_refused_at_the_handshake(local_stack: Any) -> None:
    async def scenario() -> None:
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with websockets.connect(local_stack.info["ws_url"],
                                          origin=Origin("http://evil.example")):
                pass
        assert refused.value.response.status_code == 403

    asyncio.run(scenario())


def test_frames_over_32_kb_are_refused_like_api_gateway(local_stack: Any, sign_up: Callable[..., Any]) -> None:
    url = ticket_url(local_stack, sign_up(local_stack)[1])

    async def scenario() -> None:
        async with websockets.connect(url, origin=local_stack.url) as ws:
            await ws.send("x" * (32 * 1024 + 1))
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009

    asyncio.run(scenario())
