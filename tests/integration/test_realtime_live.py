"""Real time through the local gateway with real WebSocket clients: fan-out to every tab and to
nobody else, signed-out sockets on public:live, the idle close and a lossless recovery (replay),
and a connection found gone (GoneException) being deleted."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import websockets
from websockets.asyncio.client import ClientConnection

from bench._common import BenchUser, next_slot, sign_up, soonest_slot, stack_environment

pytestmark = pytest.mark.integration


def ticket_url(stack: Any, token: str | None) -> str:
    path = "/realtime/ticket" if token else "/realtime/ticket/anonymous"
    answer = requests.post(f"{stack.api}{path}", timeout=10,
                           headers={"Authorization": f"Bearer {token}"} if token else {})
    assert answer.status_code == 201, answer.text
    body = answer.json()
    return f"{body['url']}?ticket={body['ticket']}"


class Socket:
    """A real client socket whose frames are collected in the background."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.frames: list[dict[str, Any]] = []
        self.closed: BaseException | None = None
        self.close_code: int | None = None
        self._changed = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                self.frames.append(json.loads(raw))
                self._changed.set()
        except websockets.ConnectionClosed as exc:
            self.closed = exc
        else:
            self.closed = EOFError("closed by the server")
        self.close_code = self.ws.close_code
        self._changed.set()

    async def send(self, frame: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(frame))

    async def until(self, check: Callable[[dict[str, Any]], bool], timeout: float = 15.0,
                    what: str = "a frame") -> dict[str, Any]:
        async def wait() -> dict[str, Any]:
            seen = 0
            while True:
                for frame in self.frames[seen:]:
                    if check(frame):
                        return frame
                seen = len(self.frames)
                if self.closed is not None:
                    raise AssertionError(f"closed ({self.closed}) before {what}: {self.frames}")
                self._changed.clear()
                await self._changed.wait()

        try:
            return await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            raise AssertionError(f"no {what} within {timeout}s; got {self.frames}") from None

    async def subscribe(self, channel: str) -> dict[str, Any]:
        await self.send({"action": "subscribe", "channel": channel})
        return await self.until(lambda f: f.get("channel") == channel and f["type"] in ("subscribed", "error"),
                                what=f"the answer to subscribing to {channel}")

    async def close(self) -> None:
        await self.ws.close()
        with contextlib.suppress(Exception):
            await self._reader


@contextlib.asynccontextmanager
async def connect(stack: Any, token: str | None) -> Any:
    ws = await websockets.connect(ticket_url(stack, token), origin=stack.url)
    sock = Socket(ws)
    try:
        yield sock
    finally:
        await sock.close()


def notified(kind: str) -> Callable[[dict[str, Any]], bool]:
    return lambda f: f.get("type") == "notification" and f["notification"]["kind"] == kind


def call(stack: Any, method: str, path: str, token: str, body: Any = None) -> Any:
    r = requests.request(method, f"{stack.api}{path}", json=body, timeout=30,
                         headers={"Authorization": f"Bearer {token}"})
    assert r.status_code < 300, (method, path, r.status_code, r.text)
    return r.json()


@pytest.fixture(scope="module")
def people(local_stack: Any) -> dict[str, BenchUser]:
    return {role: sign_up(local_stack.info, kind) for role, kind in
            (("mentor", "mentor"), ("learner", "learner"), ("stranger", "learner"))}


def test_a_request_reaches_both_mentor_tabs_the_answer_reaches_the_learner_and_nobody_else(local_stack, people):
    mentor, learner, stranger = people["mentor"], people["learner"], people["stranger"]

    async def scenario() -> None:
        async with connect(local_stack, mentor.token) as tab1, connect(local_stack, mentor.token) as tab2, \
                connect(local_stack, learner.token) as lsock, connect(local_stack, stranger.token) as other:
            for sock, who in ((tab1, mentor), (tab2, mentor), (lsock, learner), (other, stranger)):
                assert (await sock.subscribe(f"notifications:{who.user_id}"))["type"] == "subscribed"
            request = await asyncio.to_thread(call, local_stack, "POST", "/requests", learner.token, {
                "mentor_id": mentor.user_id, "title": "Help with Python decorators", "domain": "Programming",
                "proposed_at": next_slot(2 * 86400), "duration_min": 60, "budget_paise": 0})
            got1 = await tab1.until(notified("request_received"), what="the request in tab 1")
            got2 = await tab2.until(notified("request_received"), what="the request in tab 2")
            assert got1 == got2 and got1["seq"] > 0  # one push, the same numbered frame in every tab
            assert request["title"] in got1["notification"]["title"]

            await asyncio.to_thread(call, local_stack, "POST", f"/requests/{request['request_id']}/decline",
                                    mentor.token, {"reason": "Fully booked that week."})
            answer = await lsock.until(notified("request_declined"), what="the mentor's answer")
            assert request["title"] in answer["notification"]["title"]

            # The stranger's socket is alive and answers; nothing of this exchange ever reached it.
            await other.send({"action": "ping"})
            await other.until(lambda f: f["type"] == "pong", what="the stranger's pong")
            kinds = {f["notification"]["kind"] for f in other.frames if f["type"] == "notification"}
            assert not kinds & {"request_received", "request_declined"}, other.frames
            assert not any(f["type"] == "notification" and f["notification"]["kind"] == "request_declined"
                           for f in tab1.frames + tab2.frames)

    asyncio.run(scenario())


def test_a_signed_out_socket_hears_the_live_count_and_cannot_subscribe_to_a_user(local_stack, people):
    learner = people["learner"]
    mentor = sign_up(local_stack.info, "mentor")  # its own calendar: the session starts within 15 minutes
    session = call(local_stack, "POST", "/sessions", mentor.token, {
        "title": "Live now: list comprehensions", "description": "Integration.", "topics": ["Python"],
        "category": "Programming", "starts_at": soonest_slot(), "duration_min": 60, "price_paise": 0, "seats": 1,
        "requires_approval": False})

    async def scenario() -> None:
        async with connect(local_stack, None) as anon:
            assert (await anon.subscribe("public:live"))["type"] == "subscribed"
            refused = await anon.subscribe(f"notifications:{learner.user_id}")
            assert refused["type"] == "error" and refused["error"] == "access_denied" and "Sign in" in refused["message"]
            before = requests.get(f"{local_stack.api}/live", timeout=10).json()["live_count"]

            await asyncio.to_thread(call, local_stack, "POST", f"/sessions/{session['session_id']}/go-live",
                                    mentor.token)
            update = await anon.until(lambda f: f["type"] == "live.update"
                                      and f["session"]["session_id"] == session["session_id"],
                                      what="the live counter change")
            assert update["channel"] == "public:live" and update["live_count"] == before + 1
            assert mentor.user_id in update["live_mentor_ids"] and update["session"]["status"] == "live"
            assert requests.get(f"{local_stack.api}/live", timeout=10).json()["live_count"] == before + 1
            assert not [f for f in anon.frames if f["type"] == "notification"]  # nothing private ever came

            await asyncio.to_thread(call, local_stack, "POST", f"/sessions/{session['session_id']}/end", mentor.token)
            done = await anon.until(lambda f: f["type"] == "live.update" and f["session"]["status"] == "completed"
                                    and f["session"]["session_id"] == session["session_id"], what="the end")
            assert done["live_count"] == before

    asyncio.run(scenario())


@pytest.fixture(scope="module")
def idle_stack(stack_factory: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A stack whose gateway closes sockets idle for 2 s (API Gateway: 10 minutes)."""
    stack = stack_factory(tmp_path_factory.mktemp("idle-stack"), "--no-spa", "--schedule-max-interval", "0",
                          env={"PEERLEARN_LOCAL_WS_IDLE_TIMEOUT": "2"})
    yield stack
    stack.stop()


def sign_in_elsewhere(stack: Any, user: BenchUser) -> None:
    """Each sign-in rings the user's bell ("New sign-in to your account"): one pushed frame."""
    from bench._common import PASSWORD

    r = requests.post(f"{stack.api}/auth/login", json={"email": user.email, "password": PASSWORD}, timeout=30)
    assert r.status_code == 200, r.text


def test_the_idle_timeout_closes_a_socket_and_the_client_recovers_everything_it_missed(idle_stack):
    user = sign_up(idle_stack.info, "learner")

    async def scenario() -> None:
        async with connect(idle_stack, user.token) as sock:
            subscribed = await sock.subscribe(f"notifications:{user.user_id}")
            with pytest.raises(AssertionError, match="closed"):
                await sock.until(lambda f: False, timeout=8, what="the idle close")
            assert sock.close_code == 1001  # "going away", as API Gateway closes idle connections
            # the highest sequence this client saw (the sign-up's welcome notice may have come live)
            seen = max([subscribed["last_seq"], *[f.get("seq", 0) for f in sock.frames]])

        for _ in range(3):  # missed while the socket was down
            await asyncio.to_thread(sign_in_elsewhere, idle_stack, user)

        async with connect(idle_stack, user.token) as again:
            resub = await again.subscribe(f"notifications:{user.user_id}")
            # the three notices are dispatched in the background; the reconnecting client sees it is behind
            async def behind() -> int:
                while True:
                    page = await asyncio.to_thread(requests.get, f"{idle_stack.api}/realtime/events",
                                                   params={"since": seen}, timeout=10,
                                                   headers={"Authorization": f"Bearer {user.token}"})
                    items = page.json()["items"]
                    if sum(1 for f in items if f["type"] == "notification"
                           and f["notification"]["title"] == "New sign-in to your account") >= 3:
                        return len(items)
                    await asyncio.sleep(0.2)

            await asyncio.wait_for(behind(), 20)
            page = requests.get(f"{idle_stack.api}/realtime/events", params={"since": seen, "limit": 2},
                                headers={"Authorization": f"Bearer {user.token}"}, timeout=10).json()
            replayed = list(page["items"])
            while page["next_cursor"]:
                page = requests.get(f"{idle_stack.api}/realtime/events", timeout=10,
                                    params={"since": seen, "limit": 2, "cursor": page["next_cursor"]},
                                    headers={"Authorization": f"Bearer {user.token}"}).json()
                replayed += page["items"]
            seqs = [f["seq"] for f in replayed]
            assert seqs == list(range(seen + 1, seen + 1 + len(seqs)))  # in order, none twice, none skipped
            notices = [f for f in replayed if f["type"] == "notification"
                       and f["notification"]["title"] == "New sign-in to your account"]
            assert len(notices) == 3
            assert resub["last_seq"] <= page["last_seq"] == seqs[-1]
            # and from now on it is live again
            await asyncio.to_thread(sign_in_elsewhere, idle_stack, user)
            live = await again.until(lambda f: f["type"] == "notification" and f["seq"] > seqs[-1],
                                     what="a live frame after the replay")
            assert live["notification"]["title"] == "New sign-in to your account"

    asyncio.run(scenario())


def test_a_connection_found_gone_is_deleted(local_stack, people):
    """A connection row whose socket is gone (no $disconnect came): the next push meets
    GoneException from the gateway and deletes it."""
    learner = people["stranger"]
    ghost = "Z2hvc3QtY29ubg=="
    with stack_environment(local_stack.info):
        from chalicelib.core import clock
        from chalicelib.realtime.models import WsConnection

        now = clock.now_int()
        WsConnection(connection_id=ghost, user_id=learner.user_id, role="learner", connected_at=now,
                     expires_at=now + 3600).save()
        sign_in_elsewhere(local_stack, learner)

        def gone() -> bool:
            try:
                WsConnection.get(ghost, consistent_read=True)
            except WsConnection.DoesNotExist:
                return True
            return False

        from local.launch import wait_for

        wait_for(gone, timeout=20, interval=0.2, message="the gone connection to be deleted")


def test_the_gateway_closes_even_a_busy_socket_at_its_maximum_age(stack_factory, tmp_path_factory):
    """API Gateway ends every connection after 2 hours, active or not (here: 3 s)."""
    stack = stack_factory(tmp_path_factory.mktemp("max-age-stack"), "--no-spa", "--schedule-max-interval", "0",
                          env={"PEERLEARN_LOCAL_WS_IDLE_TIMEOUT": "60", "PEERLEARN_LOCAL_WS_MAX_AGE": "3"})
    try:
        user = sign_up(stack.info, "learner")

        async def scenario() -> None:
            async with connect(stack, user.token) as sock:
                pongs = 0
                while sock.closed is None and pongs < 100:  # busy: a ping every 0.2 s, never idle
                    with contextlib.suppress(websockets.ConnectionClosed):
                        await sock.send({"action": "ping"})
                    with contextlib.suppress(AssertionError):  # closed meanwhile: the loop ends
                        await sock.until(lambda f: f["type"] == "pong", timeout=2, what="a pong")
                        pongs += 1
                        sock.frames.clear()
                    await asyncio.sleep(0.2)
                assert sock.closed is not None, "the socket outlived its maximum age"
                assert sock.close_code == 1001 and pongs >= 3  # it was busy, and still closed as "going away"

        asyncio.run(scenario())
    finally:
        stack.stop()
