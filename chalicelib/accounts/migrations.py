"""One-off data migrations, run by an operator (`python -m chalicelib.accounts.cli migrate-categories`).

`migrate_categories`: mentor domains and learner categories used to be free text ("Data"), so a
mentor could never appear under the "Data Science" filter. Each value becomes its category (exact
name, a known synonym, or the one category it starts), values that name none move to the
mentor's skills (the learner's interests), and each changed profile records `profile.updated` in
the same transaction, so the mentor directory refreshes. Safe to run again: a migrated profile has
nothing left to change.

It reads the whole users table once, on purpose: an operator's migration, never a user-facing or
scheduled path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pynamodb.transactions import TransactWrite

from chalicelib.accounts.events import ProfileUpdated
from chalicelib.accounts.models import User
from chalicelib.core import clock, events
from chalicelib.core.models import tx_connection
from chalicelib.core.taxonomy import category, closest_category


@dataclass
class Migrated:
    scanned: int = 0
    changed: int = 0
    moved: list[tuple[str, str]] = field(default_factory=list)  # (user id, value moved to skills/interests)


def remap(values: list[str], extra: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(categories, extra with the unmapped values appended, the unmapped values)."""
    mapped: list[str] = []
    unmapped: list[str] = []
    for v in values:
        c = category(v) or closest_category(v)
        if c is None:
            unmapped.append(v)
        elif c not in mapped:
            mapped.append(c)
    folded = {e.casefold() for e in extra}
    return mapped, extra + [u for u in unmapped if u.casefold() not in folded], unmapped


def migrate_categories(dry_run: bool = False) -> Migrated:
    result = Migrated()
    for user in User.scan():
        result.scanned += 1
        raw = user.profile.as_dict() if hasattr(user.profile, "as_dict") else user.profile
        profile: dict[str, Any] = dict(raw or {})
        key, extra_key = ("domains", "skills") if user.role == "mentor" else ("categories", "interests")
        values = [str(v) for v in profile.get(key) or []]
        if not values:
            continue
        mapped, extra, unmapped = remap(values, [str(v) for v in profile.get(extra_key) or []])
        if mapped == values and not unmapped:
            continue
        result.changed += 1
        result.moved += [(user.user_id, u) for u in unmapped]
        if dry_run:
            continue
        profile[key], profile[extra_key] = mapped, extra
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(user, actions=[User.profile.set(profile), User.updated_at.set(clock.now_int())])
            events.record(tx, ProfileUpdated(user_id=user.user_id, role=user.role))
    return result


def backfill_joined_month(dry_run: bool = False) -> int:
    """One-off: `joined_month` (the monthly report's bucket) on users created before it existed."""
    changed = 0
    for u in User.scan():
        if u.joined_month:
            continue
        changed += 1
        if not dry_run:
            u.update(actions=[User.joined_month.set(clock.month(int(u.created_at)))])
    return changed
