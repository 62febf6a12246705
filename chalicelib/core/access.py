"""Who may call a route: one rule per route, checked by `chalicelib.core.http.api_route`.

The roles and the unauthenticated auth flows follow the access matrix of spec 000 §8.
"""

from __future__ import annotations

from dataclasses import dataclass

LEARNER = "learner"
MENTOR = "mentor"
ADMIN = "admin"
ROLES = (LEARNER, MENTOR, ADMIN)

DASHBOARD = {LEARNER: "/dashboard/learner", MENTOR: "/dashboard/mentor", ADMIN: "/dashboard/admin"}


@dataclass(frozen=True)
class Access:
    """`roles=None` means public. `auth_flow` tells the SPA where an anonymous caller goes."""

    roles: frozenset[str] | None
    auth_flow: str = "login"

    @property
    def public(self) -> bool:
        return self.roles is None

    def describe(self) -> str:
        return "public" if self.roles is None else ",".join(sorted(self.roles))


PUBLIC = Access(None)


def allow(*roles: str, auth_flow: str = "login") -> Access:
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise ValueError(f"unknown roles {unknown}")
    return Access(frozenset(roles), auth_flow)


ANY_USER = allow(LEARNER, MENTOR, ADMIN)
