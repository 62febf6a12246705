"""Catalog routes: discovery (public, CDN-cacheable) and the mentor's session management."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.core.access import MENTOR, PUBLIC, allow
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

# Services (and the PynamoDB models behind them) load on the first request, not at cold start;
# mypy sees the real modules, so every route → service call is type checked.
if TYPE_CHECKING:
    from chalicelib.accounts import schemas as accounts_s
    from chalicelib.accounts import uploads
    from chalicelib.catalog import mentors, service
    from chalicelib.catalog import schemas as s
else:
    s = schemas("chalicelib.catalog.schemas")
    accounts_s = schemas("chalicelib.accounts.schemas")
    service = lazy_module("chalicelib.catalog.service")
    mentors = lazy_module("chalicelib.catalog.mentors")
    uploads = lazy_module("chalicelib.accounts.uploads")

bp = Blueprint(__name__)
MENTOR_ONLY = allow(MENTOR, auth_flow="mentor_signup")
LISTING_CACHE = "public, max-age=30, stale-while-revalidate=60"
PROFILE_CACHE = "public, max-age=60, stale-while-revalidate=120"


@api_route(bp, "/landing", access=PUBLIC, query=s.LandingQuery, response=s.LandingOut, cache=LISTING_CACHE)
def landing(ctx: Ctx, q: s.LandingQuery) -> s.LandingOut:
    """Live & upcoming sessions, categories and top mentors for the landing page."""
    return service.landing(q.category)


@api_route(bp, "/sessions", access=PUBLIC, query=s.ListQuery, response=s.SessionPage, cache=LISTING_CACHE)
def list_sessions(ctx: Ctx, q: s.ListQuery) -> s.SessionPage:
    """Upcoming and live public sessions, filtered, soonest first, paged by cursor."""
    return service.list_sessions(q)


@api_route(bp, "/sessions", methods=["POST"], access=MENTOR_ONLY, body=s.SessionIn, response=s.SessionOut,
           status=201)
def create_session(ctx: Ctx, body: s.SessionIn) -> s.SessionOut:
    """Publish a session."""
    return service.create_session(ctx.user.user_id, body)


@api_route(bp, "/sessions/thumbnail", methods=["POST"], access=MENTOR_ONLY, body=s.ThumbnailIn,
           response=accounts_s.UploadOut, status=201)
def thumbnail_upload(ctx: Ctx, body: s.ThumbnailIn) -> accounts_s.UploadOut:
    """A presigned S3 POST for a session thumbnail."""
    return uploads.presign(ctx.user.user_id, ctx.user.role, "thumbnail", body.content_type, body.size)


@api_route(bp, "/catalog/suggest", methods=["POST"], access=MENTOR_ONLY, body=s.SuggestIn, response=s.SuggestOut)
def suggest(ctx: Ctx, body: s.SuggestIn) -> s.SuggestOut:
    """Title suggestions and topic spelling corrections."""
    from chalicelib.catalog.suggest import suggest as run

    return run(body.topics, body.category)


@api_route(bp, "/sessions/{session_id}", access=PUBLIC, response=s.SessionOut)
def get_session(ctx: Ctx, session_id: str) -> s.SessionOut:
    """One session (private ones only for their mentor and learner)."""
    viewer = ctx.principal.user_id if ctx.principal else None
    return service.get_session(session_id, viewer)


@api_route(bp, "/sessions/{session_id}", methods=["PATCH"], access=MENTOR_ONLY, body=s.SessionPatch,
           response=s.SessionOut)
def update_session(ctx: Ctx, body: s.SessionPatch, session_id: str) -> s.SessionOut:
    """Edit one of your sessions."""
    return service.update_session(ctx.user.user_id, session_id, body)


@api_route(bp, "/sessions/{session_id}/cancel", methods=["POST"], access=MENTOR_ONLY, body=s.CancelIn,
           response=s.SessionOut)
def cancel_session(ctx: Ctx, body: s.CancelIn, session_id: str) -> s.SessionOut:
    """Cancel one of your sessions; booked learners are notified and refunded."""
    return service.cancel_session(ctx.user.user_id, session_id, body.reason)


@api_route(bp, "/sessions/{session_id}/go-live", methods=["POST"], access=MENTOR_ONLY, response=s.SessionOut)
def go_live(ctx: Ctx, session_id: str) -> s.SessionOut:
    """Go live (from 15 minutes before the start until the end)."""
    return service.go_live(ctx.user.user_id, session_id)


@api_route(bp, "/sessions/{session_id}/end", methods=["POST"], access=MENTOR_ONLY, response=s.SessionOut)
def end_session(ctx: Ctx, session_id: str) -> s.SessionOut:
    """End a session: it becomes completed."""
    return service.end_session(ctx.user.user_id, session_id)


@api_route(bp, "/mentor/sessions", access=MENTOR_ONLY, query=s.MentorSessionsQuery, response=s.MentorSessionPage)
def my_sessions(ctx: Ctx, q: s.MentorSessionsQuery) -> s.MentorSessionPage:
    """The mentor's sessions: today, upcoming or past."""
    return service.mentor_sessions(ctx.user.user_id, q.tab, q.cursor, q.limit)


@api_route(bp, "/mentors", access=PUBLIC, query=s.MentorsQuery, response=s.MentorPage, cache=LISTING_CACHE)
def list_mentors(ctx: Ctx, q: s.MentorsQuery) -> s.MentorPage:
    """Mentor directory: search and domain filter, best rated first."""
    return mentors.search(q.q, q.domain, q.cursor, q.limit)


@api_route(bp, "/mentors/{user_id}", access=PUBLIC, response=s.MentorProfileOut, cache=PROFILE_CACHE)
def mentor_profile(ctx: Ctx, user_id: str) -> s.MentorProfileOut:
    """A mentor's public profile."""
    return mentors.profile(user_id)


@api_route(bp, "/mentors/{user_id}/sessions", access=PUBLIC, query=s.PageQuery, response=s.SessionPage,
           cache=LISTING_CACHE)
def mentor_public_sessions(ctx: Ctx, q: s.PageQuery, user_id: str) -> s.SessionPage:
    """A mentor's upcoming public sessions."""
    return service.profile_sessions(user_id, q.cursor, q.limit)


@api_route(bp, "/mentors/{user_id}/reviews", access=PUBLIC, query=s.PageQuery, response=s.ReviewPage,
           cache=PROFILE_CACHE)
def mentor_reviews(ctx: Ctx, q: s.PageQuery, user_id: str) -> s.ReviewPage:
    """A mentor's reviews (stored reviews only; none exist before the reviews feature)."""
    mentors.profile(user_id)  # 404 for an unknown mentor
    return s.ReviewPage(items=[], next_cursor=None)


