"""Sessions a mentor publishes (or that a live request creates, privately)."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.core.models import BaseModel, EnvTableMeta

LISTED = "public"
ACTIVE = "active"
LIVE = "live"


class ListedByStart(GlobalSecondaryIndex["Session"]):
    """Sparse: only public sessions that are scheduled or live carry `listed_key`."""

    class Meta:
        index_name = "listed-by-start"
        projection = AllProjection()

    listed_key = UnicodeAttribute(hash_key=True)
    starts_at = NumberAttribute(range_key=True)


class ListedByCategory(GlobalSecondaryIndex["Session"]):
    class Meta:
        index_name = "listed-by-category"
        projection = AllProjection()

    listed_category = UnicodeAttribute(hash_key=True)
    starts_at = NumberAttribute(range_key=True)


class ByMentor(GlobalSecondaryIndex["Session"]):
    class Meta:
        index_name = "by-mentor"
        projection = AllProjection()

    mentor_id = UnicodeAttribute(hash_key=True)
    starts_at = NumberAttribute(range_key=True)


class ActiveByEnd(GlobalSecondaryIndex["Session"]):
    """Sparse: every scheduled or live session, by its end (the completion sweeper's query)."""

    class Meta:
        index_name = "active-by-end"
        projection = AllProjection()

    active_key = UnicodeAttribute(hash_key=True)
    ends_at = NumberAttribute(range_key=True)


class LiveByStart(GlobalSecondaryIndex["Session"]):
    """Sparse: only sessions that are live now (the public "N Live" figure counts this index)."""

    class Meta:
        index_name = "live-by-start"
        projection = AllProjection()

    live_key = UnicodeAttribute(hash_key=True)
    starts_at = NumberAttribute(range_key=True)


class ByRoom(GlobalSecondaryIndex["Session"]):
    class Meta:
        index_name = "by-room"
        projection = AllProjection()

    room_code = UnicodeAttribute(hash_key=True)


class Session(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "sessions"

    session_id = UnicodeAttribute(hash_key=True)
    mentor_id = UnicodeAttribute()
    title = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    topics = ListAttribute(of=UnicodeAttribute, default=list)
    category = UnicodeAttribute()
    starts_at = NumberAttribute()
    ends_at = NumberAttribute()
    duration_min = NumberAttribute()
    price_paise = NumberAttribute()
    seats = NumberAttribute(default=1)
    seats_taken = NumberAttribute(default=0)
    requires_approval = BooleanAttribute(default=False)
    thumbnail_key = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # scheduled | live | completed | cancelled
    visibility = UnicodeAttribute(default="public")  # public | private
    for_learner_id = UnicodeAttribute(null=True)
    room_code = UnicodeAttribute()
    search_text = UnicodeAttribute(default="")
    cancel_reason = UnicodeAttribute(null=True)
    ended_at = NumberAttribute(null=True)  # when it was completed (by the mentor or at its end)
    ended_early = BooleanAttribute(default=False)  # the mentor ended it well before its scheduled length
    created_at = NumberAttribute()
    updated_at = NumberAttribute()
    listed_key = UnicodeAttribute(null=True)
    listed_category = UnicodeAttribute(null=True)
    active_key = UnicodeAttribute(null=True)
    live_key = UnicodeAttribute(null=True)  # LIVE while status is live, else absent

    listed_by_start = ListedByStart()
    listed_by_category = ListedByCategory()
    by_mentor = ByMentor()
    active_by_end = ActiveByEnd()
    by_room = ByRoom()
    live_by_start = LiveByStart()


class SessionTerm(BaseModel):
    """Word index for text search: one item per (word of title/topics/category, listed session).

    Written and removed in the same transactions as the session's listing, so `q=python` is a
    Query on the word's partition, soonest first, instead of a filter over every listed session.
    """

    class Meta(metaclass=EnvTableMeta):
        base_name = "session-terms"

    term = UnicodeAttribute(hash_key=True)
    sort_key = UnicodeAttribute(range_key=True)  # f"{starts_at:012d}#{session_id}"
    session_id = UnicodeAttribute()
    starts_at = NumberAttribute()
    ends_at = NumberAttribute()
    category = UnicodeAttribute()
    price_paise = NumberAttribute()
    search_text = UnicodeAttribute()
