"""Racing bookings over real HTTP against the local stack: seats are never oversold.

Learners are created through the app's `create_user` against the stack's moto and get tokens from
the app's issuer (bench/_common.py: the same fast path as bench/booking_race.py); the mentor signs
up through the API and the dev mailbox. Every learner has its own warmed keep-alive connection and
all bookings leave at the same instant (a thread barrier).
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from bench._common import (
    BenchUser,
    create_session,
    create_users,
    http_session,
    mint_tokens,
    sign_up,
    stack_environment,
    stored_open_bookings,
)

pytestmark = pytest.mark.integration


def race(api: str, session_id: str, learners: list[BenchUser]) -> list[tuple[int, str]]:
    """(status, booking status or error code) per learner, all released together."""
    barrier = threading.Barrier(len(learners))
    results: list[tuple[int, str] | None] = [None] * len(learners)

    def book(i: int, learner: BenchUser) -> None:
        with http_session(pool_size=1) as s:
            try:
                assert s.get(f"{api}/sessions/{session_id}", timeout=30).status_code == 200  # warm the connection
                barrier.wait(60)
            except BaseException:
                barrier.abort()
                raise
            r = s.post(f"{api}/sessions/{session_id}/book", json={}, timeout=60,
                       headers={"Authorization": f"Bearer {learner.token}"})
            body = r.json()
            results[i] = (r.status_code, str(body.get("status") if r.status_code == 201 else body.get("error")))

    threads = [threading.Thread(target=book, args=(i, u), daemon=True) for i, u in enumerate(learners)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "booking requests did not finish"
    assert all(r is not None for r in results), "a learner thread failed before booking"
    return [r for r in results if r is not None]


@pytest.fixture(scope="module")
def mentor(local_stack) -> BenchUser:
    return sign_up(local_stack.info, "mentor")


@pytest.fixture(scope="module")
def learners(local_stack) -> list[BenchUser]:
    with stack_environment(local_stack.info):
        users = create_users(80, role="learner", tag="it-race")
        mint_tokens(users)
    return users


def seats_left(api: str, session_id: str) -> int:
    with http_session() as s:
        r = s.get(f"{api}/sessions/{session_id}", timeout=30)
    assert r.status_code == 200, r.text
    return int(r.json()["seats_left"])


@pytest.mark.parametrize(("racers", "seats", "days_ahead"), [(50, 1, 1), (30, 4, 2)], ids=["50-for-1", "30-for-4"])
def test_racing_learners_never_oversell(local_stack, mentor, learners, racers, seats, days_ahead):
    api = local_stack.info["api_url"]
    session = create_session(local_stack.info, mentor, seats=seats, days_ahead=days_ahead,
                             title=f"{racers} learners for {seats} seats")
    sid = session["session_id"]
    group = learners[:racers] if seats == 1 else learners[-racers:]  # distinct learners per session

    results = race(api, sid, group)

    outcomes = Counter(results)
    assert outcomes[(201, "confirmed")] == seats, outcomes
    refused = [r for r in results if r[0] != 201]
    assert len(refused) == racers - seats, outcomes
    assert all(status == 409 and code in ("sold_out", "busy") for status, code in refused), outcomes
    assert seats_left(api, sid) == 0
    assert stored_open_bookings(local_stack.info, sid) == seats
