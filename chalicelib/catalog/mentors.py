"""The mentor directory: browse, search, filter by domain, profiles, top mentors.

Ratings come from stored reviews only (`rating_sum`/`rating_count`, maintained atomically by the
reviews feature); with no reviews a mentor's rating is `null`, never an invented number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.accounts import uploads
from chalicelib.accounts.models import User
from chalicelib.core import paging
from chalicelib.core.errors import NotFound
from chalicelib.core.models import plain

if TYPE_CHECKING:
    from chalicelib.catalog.schemas import MentorCardOut, MentorPage, MentorProfileOut

DIRECTORY = "mentor"
CURSOR_KEYS = {"user_id", "directory_key", "mentor_rank"}


def rank(rating_sum: int, rating_count: int) -> int:
    """Bayesian-smoothed average ×1000 (a single 5★ review must not beat forty 4.8★ ones)."""
    prior_mean, prior_weight = 4.0, 5
    score = (rating_sum + prior_mean * prior_weight) / (rating_count + prior_weight) if rating_count else 0.0
    return int(score * 1000) * 10_000 + min(int(rating_count), 9_999)


def directory_actions(user: User) -> list[Any]:
    """Update actions putting a mentor in (or taking them out of) the directory."""
    if user.role != "mentor" or not user.email_verified or user.blocked:
        return [User.directory_key.remove()]
    profile = plain(user.profile)
    domains = [str(d) for d in profile.get("domains", [])]
    skills = [str(s) for s in profile.get("skills", [])]
    text = " ".join([user.name, *domains, *skills, str(profile.get("bio", ""))]).casefold()
    return [User.directory_key.set(DIRECTORY),
            User.mentor_rank.set(rank(int(user.rating_sum or 0), int(user.rating_count or 0))),
            User.directory_search.set(text[:2000]),
            User.directory_domains.set("|" + "|".join(d.casefold() for d in domains) + "|")]


def refresh(user_id: str) -> None:
    """Bring a user's directory entry in line with their account (a deleted account has none)."""
    try:
        user = User.get(user_id, consistent_read=True)
    except User.DoesNotExist:
        return
    user.update(actions=directory_actions(user))


def card(u: User) -> MentorCardOut:
    from chalicelib.catalog.schemas import MentorCardOut

    return MentorCardOut.from_model(u, avatar_url=uploads.view_url(u.avatar_key))


def search(q: str | None, domain: str | None, cursor: str | None, limit: int) -> MentorPage:
    from chalicelib.catalog.schemas import MentorPage

    filt = None
    for word in (q or "").casefold().split()[:5]:
        cond = User.directory_search.contains(word)
        filt = cond if filt is None else filt & cond
    if domain:
        cond = User.directory_domains.contains(f"|{domain.casefold()}|")
        filt = cond if filt is None else filt & cond
    result = User.mentor_directory.query(DIRECTORY, filter_condition=filt, scan_index_forward=False,
                                         page_size=max(limit * 2, 25),
                                         last_evaluated_key=paging.decode(cursor, CURSOR_KEYS))
    items, last = paging.take(result, limit)
    return MentorPage(items=[card(u) for u in items], next_cursor=paging.encode(last))


def top(n: int) -> list[MentorCardOut]:
    result = User.mentor_directory.query(DIRECTORY, scan_index_forward=False, limit=n, page_size=n)
    return [card(u) for u in result]


def profile(user_id: str) -> MentorProfileOut:
    from chalicelib.catalog.schemas import MentorProfileOut

    try:
        u = User.get(user_id)
    except User.DoesNotExist:
        raise NotFound("We couldn't find that mentor.") from None
    if u.directory_key != DIRECTORY:
        raise NotFound("We couldn't find that mentor.")
    return MentorProfileOut.from_model(u, avatar_url=uploads.view_url(u.avatar_key),
                                       intro_video_url=uploads.view_url(u.intro_video_key))
