"""Who may call a route: the roles, the public rule, and where an anonymous caller is sent."""

from __future__ import annotations

import pytest

from chalicelib.core import access
from chalicelib.core.access import ADMIN, ANY_USER, DASHBOARD, LEARNER, MENTOR, PUBLIC, Access, allow


def test_a_rule_lists_exactly_its_roles_and_sends_anonymous_callers_to_login():
    rule = allow(MENTOR, LEARNER)
    assert rule == Access(frozenset({"mentor", "learner"}), "login")
    assert rule.roles == frozenset({"learner", "mentor"}) and rule.auth_flow == "login"
    assert not rule.public
    assert rule.describe() == "learner,mentor"  # sorted, whatever the order given


def test_a_rule_can_name_its_own_auth_flow():
    assert allow(LEARNER, auth_flow="learner_signup") == Access(frozenset({"learner"}), "learner_signup")


@pytest.mark.parametrize("roles", [(), ("root",), (LEARNER, "Learner"), ("",)])
def test_a_rule_with_no_role_or_an_unknown_role_is_a_programming_error(roles):
    with pytest.raises(ValueError, match="unknown roles"):
        allow(*roles)


def test_public_is_the_only_rule_without_roles():
    assert PUBLIC.public and PUBLIC.roles is None and PUBLIC.auth_flow == "login"
    assert PUBLIC.describe() == "public"
    assert Access(None, "x").public and not Access(frozenset(), "x").public


def test_any_user_is_every_role():
    assert ANY_USER.roles == frozenset({"learner", "mentor", "admin"}) and ANY_USER.auth_flow == "login"
    assert ANY_USER.describe() == "admin,learner,mentor"
    assert access.ROLES == (LEARNER, MENTOR, ADMIN) == ("learner", "mentor", "admin")


def test_each_role_has_its_dashboard():
    assert DASHBOARD == {"learner": "/dashboard/learner", "mentor": "/dashboard/mentor", "admin": "/dashboard/admin"}
