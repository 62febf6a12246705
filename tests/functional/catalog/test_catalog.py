"""Mentors publish sessions; anyone discovers them (Query-only listing with filters and cursors)."""

from __future__ import annotations

import pytest

from chalicelib.catalog.models import Session
from tests.functional.conftest import at_quarter, session_body


def sessions_stored() -> int:
    return sum(1 for _ in Session.scan())  # test-only


def test_mentor_creates_a_session_and_it_is_listed(api, market):
    s = market.create()
    assert s["status"] == "scheduled" and s["seats_left"] == 1 and s["room_code"]  # the mentor sees the room code
    assert s["mentor"]["name"] == "Vikram Mentor"
    status, page = api.call("GET", "/sessions")
    assert status == 200 and [x["session_id"] for x in page["items"]] == [s["session_id"]]
    assert page["items"][0]["room_code"] is None  # never to the public
    assert "public, max-age=30" in api.last.headers["Cache-Control"]
    status, landing = api.call("GET", "/landing")
    assert landing["live_upcoming"][0]["session_id"] == s["session_id"]
    assert landing["top_mentors"][0]["name"] == "Vikram Mentor" and landing["top_mentors"][0]["rating"] is None


def test_listing_filters_search_and_pages(api, market, make_user):
    other_mentor = make_user("mentor")
    a = market.create(title="Python for Data", topics=["Python", "Pandas"], category="Data Science",
                      price_paise=50000, starts_at=at_quarter(3600 * 5))
    b = market.create(title="Algebra Basics", topics=["Algebra"], category="Mathematics",
                      starts_at=at_quarter(3600 * 10))
    c = market.create(token=other_mentor["access_token"], title="Calculus Live", topics=["Calculus"],
                      category="Mathematics", price_paise=100000, starts_at=at_quarter(3600 * 20))

    def ids(query: str) -> list[str]:
        status, page = api.call("GET", f"/sessions?{query}")
        assert status == 200, page
        return [x["session_id"] for x in page["items"]]

    assert ids("") == [a["session_id"], b["session_id"], c["session_id"]]  # soonest first
    assert ids("category=Mathematics") == [b["session_id"], c["session_id"]]
    assert ids("price=free") == [b["session_id"]]
    assert ids("price=paid&max_price_paise=60000") == [a["session_id"]]
    assert ids("q=pandas") == [a["session_id"]]
    assert ids("q=calculus%20live") == [c["session_id"]]
    assert ids(f"mentor_id={other_mentor['user']['user_id']}") == [c["session_id"]]
    assert ids(f"from={at_quarter(3600 * 8)}") == [b["session_id"], c["session_id"]]
    # Paging: one at a time, no repeats, no gaps.
    seen, cursor = [], None
    while True:
        _, page = api.call("GET", "/sessions?limit=1" + (f"&cursor={cursor}" if cursor else ""))
        seen += [x["session_id"] for x in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [a["session_id"], b["session_id"], c["session_id"]]
    status, data = api.call("GET", "/sessions?cursor=bm90LWEtY3Vyc29y")
    assert status == 400 and data["error"] == "bad_cursor"


def test_overlapping_sessions_of_one_mentor_are_refused(api, market):
    start = at_quarter(86400)
    market.create(starts_at=start, duration_min=60)
    status, data = api.call("POST", "/sessions", session_body(starts_at=start, duration_min=30),
                            token=market.mentor["access_token"])
    assert status == 409 and data["error"] == "slot_taken"
    # Back to back is fine.
    from datetime import datetime, timedelta

    later = (datetime.fromisoformat(start.replace("Z", "+00:00")) + timedelta(minutes=60)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert api.call("POST", "/sessions", session_body(starts_at=later), token=market.mentor["access_token"])[0] == 201


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"starts_at": "2020-01-01T10:00:00Z"}, "starts_at", "future"),
        ({"starts_at": at_quarter(400 * 86400)}, "starts_at", "a year"),
        ({"starts_at": at_quarter(86400)[:14] + "07:00Z"}, "starts_at", "quarter hour"),
        ({"starts_at": "tomorrow at 10"}, "starts_at", "ISO-8601"),
        ({"price_paise": -100}, "price_paise", "negative"),
        ({"price_paise": 99.5}, "price_paise", ""),
        ({"price_paise": "500"}, "price_paise", ""),
        ({"price_paise": 5_000_001}, "price_paise", "at most"),
        ({"topics": []}, "topics", "Please add topics"),
        ({"seats": 0}, "seats", "between 1"),
        ({"seats": 5}, "seats", "between 1"),  # the mentor + 4 learners is the room's mesh limit
        ({"duration_min": 10}, "duration_min", "15 and 240"),
        ({"duration_min": 255}, "duration_min", "15 and 240"),
        ({"duration_min": 50}, "duration_min", "15-minute"),
        ({"title": ""}, "title", ""),
        ({"surprise": 1}, "surprise", "not allowed"),
    ],
)
def test_bad_session_input_writes_nothing(api, market, over, field, message):
    status, data = api.call("POST", "/sessions", session_body(**over), token=market.mentor["access_token"])
    assert status == 400, data
    assert field in data["fields"] and message in data["fields"][field], data
    assert sessions_stored() == 0


def test_only_the_owner_edits_and_edits_respect_bookings(api, market, make_user):
    s = market.create()
    intruder = make_user("mentor")
    status, data = api.call("PATCH", f"/sessions/{s['session_id']}", {"title": "Hijacked"}, token=intruder["access_token"])
    assert status == 403 and data["message"] == "Access denied"
    status, data = api.call("PATCH", f"/sessions/{s['session_id']}", {"title": "Algebra, Live"},
                            token=market.mentor["access_token"])
    assert status == 200 and data["title"] == "Algebra, Live"
    assert market.book(s["session_id"])[0] == 201
    status, data = api.call("PATCH", f"/sessions/{s['session_id']}", {"price_paise": 10000},
                            token=market.mentor["access_token"])
    assert status == 409 and data["error"] == "has_bookings"


def test_unknown_session_and_room(api, market):
    assert api.call("GET", "/sessions/nope")[0] == 404
    assert api.call("POST", "/sessions/nope/book", {}, token=market.learner["access_token"])[0] == 404
    status, data = api.call("GET", "/rooms/nope", token=market.learner["access_token"])
    assert status == 404


def test_suggestions_and_spelling(api, market):
    status, data = api.call("POST", "/catalog/suggest", {"topics": ["Aljebra", "Math"]}, token=market.mentor["access_token"])
    assert status == 200
    assert data["corrections"] == {"Aljebra": "Algebra"}
    assert "Master Algebra in 1 Hour" in data["titles"]


def test_mentor_directory(api, market, make_user):
    make_user("mentor")
    status, page = api.call("GET", "/mentors?domain=Programming")
    assert status == 200 and len(page["items"]) == 2
    assert all(m["rating"] is None for m in page["items"])  # no reviews: no invented rating
    status, page = api.call("GET", "/mentors?q=nobody-matches-this")
    assert page["items"] == []
    uid = market.mentor["user"]["user_id"]
    status, profile = api.call("GET", f"/mentors/{uid}")
    assert status == 200 and profile["qualifications"] == "B.Tech"
    assert api.call("GET", f"/mentors/{market.learner['user']['user_id']}")[0] == 404  # learners aren't mentors
    s = market.create()
    _, sessions = api.call("GET", f"/mentors/{uid}/sessions")
    assert [x["session_id"] for x in sessions["items"]] == [s["session_id"]]


def test_text_search_uses_the_word_index_and_follows_edits_and_cancellation(api, market):
    from chalicelib.catalog.models import SessionTerm

    s = market.create(title="Django REST in Practice", topics=["Django", "APIs"], category="Programming")
    terms = {t.term for t in SessionTerm.scan()}  # test-only look at the index
    assert {"django", "rest", "in", "practice", "apis", "programming"} <= terms

    def found(q: str) -> list[str]:
        status, page = api.call("GET", f"/sessions?q={q}")
        assert status == 200, page
        return [x["session_id"] for x in page["items"]]

    assert found("django") == [s["session_id"]]
    assert found("django%20practice") == [s["session_id"]]
    assert found("djan") == [s["session_id"]]  # a half-typed word falls back to substring search
    assert found("flask") == []
    api.call("PATCH", f"/sessions/{s['session_id']}", {"title": "Flask REST in Practice", "topics": ["Flask"]},
             token=market.mentor["access_token"])
    assert found("flask") == [s["session_id"]] and found("django") == []
    api.call("POST", f"/sessions/{s['session_id']}/cancel", {}, token=market.mentor["access_token"])
    assert found("flask") == [] and list(SessionTerm.scan()) == []
