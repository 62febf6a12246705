"""WebSocket fan-out through the local gateway: C users, one live-count change, two notification
waves, 10 % of the sockets dropped in between and recovered by replay.

Starts the local stack (`python -m local` on free loopback ports), creates C verified learners
(the app's `create_user` in-process against the stack's moto — bench/_common.py), fetches each a
ticket over HTTP (`POST /api/realtime/ticket`) and opens C real WebSocket connections through the
gateway, each subscribed to `public:live` and to its own `notifications:{user_id}`. Then:

1. a mentor goes live (`POST /api/sessions/{id}/go-live`): the `session.went_live` subscriber
   publishes one `live.update` on `public:live`, which must reach all C sockets;
2. one notification to each user (the app's `notify()`, called from a thread pool as concurrent
   Lambdas would: store, number, push through the real `@connections` API of the gateway);
3. 10 % of the sockets close; a second notification goes to every user; the dropped users
   reconnect (new ticket, new socket, subscribe) and fetch what they missed with
   `GET /api/realtime/events?since=<last seq they saw>`.

    python bench/ws_fanout.py [--connections 1000] [--drop 0.1] [--workers 8]

Every user must end with exactly three frames of the run (the live change and both
notifications, live or replayed): `delivered` counts distinct (user, frame) pairs, `lost` the
missing ones, `misdelivered` frames that reached a socket of another user (or twice the same
user's), `replayed` the frames that came through the replay. Fan-out latency is from the request
(go-live) or the `notify()` call to the frame's arrival at the client socket. The last line is JSON:
{"connections": C, "delivered": ..., "lost": ..., "misdelivered": ..., "replayed": ...,
 "fanout_p50_ms": ..., "fanout_p95_ms": ...} (+ per-wave figures). Target: delivered = 3×C, lost 0,
misdelivered 0. Exits 1 when the target is missed, 2 when the run itself failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import (  # bench/_common.py (the script's directory is first on sys.path)
    BenchUser,
    Stack,
    create_session,
    create_users,
    http_session,
    log,
    mint_tokens,
    percentile,
    run_on_stack,
    sign_up,
    stack_environment,
)

PROBE = "bench_probe"


@dataclass
class Client:
    user: BenchUser
    ws: Any = None
    reader: asyncio.Task[None] | None = None
    got: dict[str, float] = field(default_factory=dict)  # frame key → arrival (perf_counter)
    foreign: int = 0  # frames for another user, or a frame of ours twice
    closed_early: bool = False  # the socket closed without us closing it
    last_seq: int = 0
    subscribed: set[str] = field(default_factory=set)
    replayed: int = 0
    baseline: int | None = None  # last_seq when first subscribed
    seqs: set[int] = field(default_factory=set)  # every numbered frame seen


def frame_key(frame: dict[str, Any]) -> tuple[str, str] | None:
    """(frame key, addressee) for the frames this bench sends; None for anything else."""
    if frame.get("type") == "live.update":
        return f"live:{frame['session']['session_id']}", ""
    if frame.get("type") == "notification" and frame["notification"]["kind"] == PROBE:
        body = json.loads(frame["notification"]["body"])
        return f"note:{body['wave']}", str(body["to"])
    return None


def record(client: Client, frame: dict[str, Any], at: float, *, replay: bool = False) -> None:
    if isinstance(frame.get("seq"), int):
        client.last_seq = max(client.last_seq, int(frame["seq"]))
        client.seqs.add(int(frame["seq"]))
    found = frame_key(frame)
    if found is None:
        return
    key, to = found
    if (to and to != client.user.user_id) or key in client.got:
        client.foreign += 1
        return
    client.got[key] = at
    if replay:
        client.replayed += 1


async def read(client: Client) -> None:
    try:
        async for raw in client.ws:
            frame = json.loads(raw)
            if frame.get("type") == "subscribed":
                client.subscribed.add(frame["channel"])
                if isinstance(frame.get("last_seq"), int):
                    client.last_seq = max(client.last_seq, frame["last_seq"])
                    if client.baseline is None:
                        client.baseline = int(frame["last_seq"])
                continue
            record(client, frame, time.perf_counter())
    except Exception:  # closed by us (the drop), by the stack at the end, or early (counted)
        client.closed_early = True
        return


def ticket_url(api: str, u: BenchUser) -> str:
    """A fresh ticket (single use, 60 s) over HTTP, as the SPA gets one before each connect."""
    with http_session(pool_size=1) as s:
        r = s.post(f"{api}/realtime/ticket", json={}, timeout=60, headers={"Authorization": f"Bearer {u.token}"})
        if r.status_code != 201:
            raise RuntimeError(f"ticket for {u.email}: {r.status_code} {r.text[:200]}")
        body = r.json()
        return f"{body['url']}?ticket={body['ticket']}"


async def open_all(clients: list[Client], api: str, origin: str, *, timeout: float) -> None:
    import websockets
    from websockets.typing import Origin

    sem = asyncio.Semaphore(32)  # a burst of handshakes, as a deploy's reconnect storm would be

    async def one(c: Client) -> None:
        async with sem:
            url = await asyncio.to_thread(ticket_url, api, c.user)
            # No client pings: on a saturated machine a late pong made the client library close
            # sockets mid-run (keepalive timeout); the SPA's own keepalive is a JSON ping.
            c.ws = await websockets.connect(url, origin=Origin(origin), open_timeout=timeout, max_size=2**20,
                                            ping_interval=None)
            c.subscribed.clear()
            c.reader = asyncio.create_task(read(c))
            for channel in ("public:live", f"notifications:{c.user.user_id}"):
                await c.ws.send(json.dumps({"action": "subscribe", "channel": channel}))
            deadline = time.monotonic() + timeout
            while len(c.subscribed) < 2:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{c.user.email} was not subscribed in {timeout}s")
                await asyncio.sleep(0.05)

    await asyncio.gather(*(one(c) for c in clients))


async def wait_for_key(clients: list[Client], key: str, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(key in c.got for c in clients):
            break
        await asyncio.sleep(0.1)
    return sum(1 for c in clients if key in c.got)


def bind_app_to_stack(info: dict[str, Any]) -> None:
    """The app in this process pushes through the stack's gateway, as its Lambdas would."""
    import app as entry  # importing it binds the sender to this app
    from local.ws_session import LocalWebsocketSession

    ws_api = entry.app.websocket_api
    ws_api.session = LocalWebsocketSession(str(info["ws_management_url"]), str(info["region"]))
    ws_api.configure("localhost", "local")  # the session points every @connections call at the stack


def notify_all(users: list[BenchUser], wave: int, workers: int) -> dict[str, float]:
    from chalicelib.notifications.service import notify

    sent: dict[str, float] = {}

    def one(u: BenchUser) -> None:
        sent[u.user_id] = time.perf_counter()
        notify(u.user_id, PROBE, f"Bench wave {wave}", json.dumps({"wave": wave, "to": u.user_id}))

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, users))
    return sent


def replay(api: str, c: Client, since: int) -> None:
    cursor: str | None = None
    with http_session(pool_size=1) as s:
        while True:
            params: dict[str, Any] = {"since": since, "limit": 100, **({"cursor": cursor} if cursor else {})}
            r = s.get(f"{api}/realtime/events", params=params, timeout=60,
                      headers={"Authorization": f"Bearer {c.user.token}"})
            if r.status_code != 200:
                raise RuntimeError(f"replay for {c.user.email}: {r.status_code} {r.text[:200]}")
            page = r.json()
            for frame in page["items"]:
                record(c, frame, time.perf_counter(), replay=True)
            cursor = page["next_cursor"]
            if not cursor:
                return


def ms(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50": None, "p95": None}
    return {"p50": round(percentile(values, 50) * 1000, 1), "p95": round(percentile(values, 95) * 1000, 1)}


def run(stack: Stack, args: argparse.Namespace, t0: float) -> int:
    log(f"stack up in {time.monotonic() - t0:.1f} s at {stack.url}")
    c_count = args.connections
    t = time.monotonic()
    mentor = sign_up(stack.info, "mentor")
    session = create_session(stack.info, mentor, seats=1, days_ahead=0, title="Fan-out live session")
    with stack_environment(stack.info):
        users = create_users(c_count, role="learner", workers=args.workers, tag="fanout")
        mint_tokens(users)
    log(f"{c_count} learners created in {time.monotonic() - t:.1f} s")
    clients = [Client(u) for u in users]
    # the session starts at the next quarter hour: going live is allowed from 15 minutes before
    return asyncio.run(scenario(stack, args, clients, mentor, str(session["session_id"])))


async def scenario(stack: Stack, args: argparse.Namespace, clients: list[Client], mentor: BenchUser,
                   sid: str) -> int:
    c_count = len(clients)
    t = time.monotonic()
    await open_all(clients, stack.api, stack.url, timeout=args.timeout)
    log(f"{c_count} sockets open and subscribed in {time.monotonic() - t:.1f} s")

    # 1. one live-count change, published once on public:live
    with http_session() as s:
        sent_live = time.perf_counter()
        r = await asyncio.to_thread(s.post, f"{stack.api}/sessions/{sid}/go-live", json={}, timeout=60,
                                    headers={"Authorization": f"Bearer {mentor.token}"})
    if r.status_code != 200:
        raise RuntimeError(f"go-live answered {r.status_code}: {r.text[:300]}")
    live_key = f"live:{sid}"
    reached = await wait_for_key(clients, live_key, args.timeout)
    live_lat = [c.got[live_key] - sent_live for c in clients if live_key in c.got]
    log(f"live change reached {reached}/{c_count}: {ms(live_lat)} ms")

    # 2. one notification to each user (after one warm-up call: imports and clients of this process)
    await asyncio.to_thread(notify_all, [mentor], 0, 1)
    sent1 = await asyncio.to_thread(notify_all, [c.user for c in clients], 1, args.workers)
    reached = await wait_for_key(clients, "note:1", args.timeout)
    wave1 = [c.got["note:1"] - sent1[c.user.user_id] for c in clients if "note:1" in c.got]
    log(f"notification 1 reached {reached}/{c_count}: {ms(wave1)} ms")

    # 3. drop 10 %, notify everyone, reconnect the dropped ones and replay
    dropped = random.Random(7).sample(clients, max(1, round(c_count * args.drop)) if args.drop > 0 else 0)
    early = sum(1 for c in clients if c.closed_early)
    for c in dropped:
        await c.ws.close()
        if c.reader is not None:
            await c.reader
            c.closed_early = False
    stayed = [c for c in clients if c not in dropped]
    sent2 = await asyncio.to_thread(notify_all, [c.user for c in clients], 2, args.workers)
    reached = await wait_for_key(stayed, "note:2", args.timeout)
    wave2 = [c.got["note:2"] - sent2[c.user.user_id] for c in stayed if "note:2" in c.got]
    log(f"notification 2 reached {reached}/{len(stayed)} connected users live: {ms(wave2)} ms")

    t = time.monotonic()
    mint_tokens([c.user for c in dropped])  # a run at C=1000 outlives a 15-minute access token
    seen = {c.user.user_id: c.last_seq for c in dropped}
    await open_all(dropped, stack.api, stack.url, timeout=args.timeout)
    with ThreadPoolExecutor(args.workers) as pool:
        list(pool.map(lambda c: replay(stack.api, c, seen[c.user.user_id]), dropped))
    log(f"{len(dropped)} dropped users reconnected and replayed in {time.monotonic() - t:.1f} s")

    # A connected client that sees a hole in its sequence (a post to its socket failed while the
    # socket stayed up) fetches the hole, as the SPA's client does (lib/ws-client.ts, watchGap).
    before_fill = sum(c.replayed for c in clients)
    holes = [c for c in stayed if c.baseline is not None
             and any(s not in c.seqs for s in range(c.baseline + 1, c.last_seq + 1))]
    mint_tokens([c.user for c in holes])
    for c in holes:
        base = c.baseline or 0
        first_missing = next(s for s in range(base + 1, c.last_seq + 1) if s not in c.seqs)
        await asyncio.to_thread(replay, stack.api, c, first_missing - 1)
    gap_filled = sum(c.replayed for c in clients) - before_fill
    if holes:
        log(f"{len(holes)} connected clients had a hole in their sequence; {gap_filled} frames fetched")

    for c in clients:
        await c.ws.close()
    delivered = sum(len(c.got) for c in clients)
    fanout = live_lat + wave1 + wave2
    result = {
        "connections": c_count,
        "delivered": delivered,
        "lost": 3 * c_count - delivered,
        "misdelivered": sum(c.foreign for c in clients),
        "replayed": sum(c.replayed for c in clients),
        "fanout_p50_ms": ms(fanout)["p50"],
        "fanout_p95_ms": ms(fanout)["p95"],
        "dropped": len(dropped),
        "gap_filled": gap_filled,  # frames a connected socket missed (failed post) and fetched by its seq gap
        "closed_early": early + sum(1 for c in stayed if c.closed_early),  # sockets that died mid-run
        "live_change_p50_ms": ms(live_lat)["p50"], "live_change_p95_ms": ms(live_lat)["p95"],
        "notify_p50_ms": ms(wave1 + wave2)["p50"], "notify_p95_ms": ms(wave1 + wave2)["p95"],
    }
    print(json.dumps(result), flush=True)
    ok = result["lost"] == 0 and result["misdelivered"] == 0
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=1000, help="WebSocket connections = distinct users (C)")
    parser.add_argument("--drop", type=float, default=0.1, help="share of the connections dropped before wave 2")
    parser.add_argument("--workers", type=int, default=8, help="threads creating users and sending notifications")
    parser.add_argument("--timeout", type=float, default=180.0, help="deadline for each wave, seconds")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the stack's logs here")
    args = parser.parse_args(argv)
    if args.connections < 1 or not 0 <= args.drop < 1:
        parser.error("--connections must be at least 1 and --drop in [0, 1)")
    with tempfile.TemporaryDirectory(prefix="ws-fanout-") as tmp:
        workdir = args.workdir or Path(tmp)
        t0 = time.monotonic()

        def body(stack: Stack) -> int:
            with stack_environment(stack.info):
                bind_app_to_stack(stack.info)
                return run(stack, args, t0)

        # Idle sockets stay open for the whole run (API Gateway's 10 minutes would do too).
        return run_on_stack("ws fan-out", workdir, body, env={"PEERLEARN_LOCAL_WS_IDLE_TIMEOUT": "3600"})


if __name__ == "__main__":
    raise SystemExit(main())
