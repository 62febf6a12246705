"""Domains and categories are values of the taxonomy (issue 11 item 4): validated on the server,
stored in its spelling, and old free-text profiles migrated so discovery finds them."""

from __future__ import annotations

from typing import Any

from chalicelib.accounts.migrations import migrate_categories
from chalicelib.accounts.models import User
from tests.functional.conftest import MENTOR_PROFILE, drain_events, last_code, signup_body


def test_a_free_text_domain_is_refused_with_a_clear_error_and_nothing_is_stored(api):
    body = signup_body("mentor", profile={**MENTOR_PROFILE, "domains": ["Data"]})
    status, data = api.call("POST", "/auth/signup", body)
    assert status == 400 and "not a category" in str(data), data
    status, _ = api.call("POST", "/auth/login", {"email": body["email"], "password": body["password"]})
    assert status == 401  # no account was made


def test_a_domain_in_another_letter_case_is_stored_in_the_taxonomys_spelling(api):
    body = signup_body("mentor", profile={**MENTOR_PROFILE, "domains": ["data science"]})
    assert api.call("POST", "/auth/signup", body)[0] == 201
    _, tokens = api.call("POST", "/auth/verify-email", {"email": body["email"], "code": last_code(body["email"])})
    status, me = api.call("GET", "/me", token=tokens["access_token"])
    assert status == 200 and me["profile"]["domains"] == ["Data Science"]
    status, page = api.call("GET", "/mentors?domain=Data%20Science")
    assert [m["name"] for m in page["items"]] == ["Vikram Mentor"]


def test_a_profile_edit_with_a_free_text_domain_is_refused(api, make_user):
    mentor = make_user("mentor")
    status, data = api.call("PATCH", "/me", {"profile": {"domains": ["Webdev"]}}, token=mentor["access_token"])
    assert status == 400, data
    _, me = api.call("GET", "/me", token=mentor["access_token"])
    assert me["profile"]["domains"] == ["Programming"]


def test_learner_categories_are_taxonomy_values_too(api):
    body = signup_body("learner", profile={"interests": ["Python"], "categories": ["Coding"], "career_goal": ""})
    assert api.call("POST", "/auth/signup", body)[0] == 400


def _legacy(make_user: Any, role: str, profile: dict[str, Any]) -> str:
    """A profile stored before validation existed (written straight to the table)."""
    u = make_user(role)
    user_id = str(u["user"]["user_id"])
    User(user_id=user_id).update(actions=[User.profile.set(profile)])
    return user_id


def test_the_migration_maps_free_text_onto_categories_and_the_directory_finds_the_mentor(api, make_user):
    mentor = _legacy(make_user, "mentor", {**MENTOR_PROFILE, "domains": ["Data", "Web Development", "Basket weaving"]})
    learner = _legacy(make_user, "learner", {"interests": ["Python"], "categories": ["maths"], "career_goal": ""})
    dry = migrate_categories(dry_run=True)
    assert dry.changed == 2 and User.get(mentor).profile["domains"] == ["Data", "Web Development", "Basket weaving"]
    done = migrate_categories()
    drain_events()  # profile.updated refreshes the directory entry
    assert done.changed == 2 and done.moved == [(mentor, "Basket weaving")]
    profile = User.get(mentor).profile
    assert profile["domains"] == ["Data Science", "Programming"]
    assert "Basket weaving" in profile["skills"]
    assert User.get(learner).profile["categories"] == ["Mathematics"]
    _, page = api.call("GET", "/mentors?domain=Data%20Science")
    assert [m["user_id"] for m in page["items"]] == [mentor]
    assert migrate_categories().changed == 0  # nothing left to change
