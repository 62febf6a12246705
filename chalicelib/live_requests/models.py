"""A learner's request for a live session with a mentor, and the mentor's counter-offer."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.core.models import BaseModel, EnvTableMeta

OPEN = "open"


class ByMentor(GlobalSecondaryIndex["LiveRequest"]):
    class Meta:
        index_name = "by-mentor"
        projection = AllProjection()

    mentor_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class OpenByMentor(GlobalSecondaryIndex["LiveRequest"]):
    """Sparse: pending and offered requests — the mentor's requests panel."""

    class Meta:
        index_name = "open-by-mentor"
        projection = AllProjection()

    open_mentor_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class ByLearner(GlobalSecondaryIndex["LiveRequest"]):
    """Sorted by the request id, which is time-sortable to the millisecond."""

    class Meta:
        index_name = "by-learner"
        projection = AllProjection()

    learner_id = UnicodeAttribute(hash_key=True)
    request_id = UnicodeAttribute(range_key=True)


class ByPair(GlobalSecondaryIndex["LiveRequest"]):
    """Keys only: has this learner ever asked this mentor (direct-message eligibility)."""

    class Meta:
        index_name = "by-pair"
        projection = KeysOnlyProjection()

    learner_id = UnicodeAttribute(hash_key=True)
    mentor_id = UnicodeAttribute(range_key=True)


class OpenByTime(GlobalSecondaryIndex["LiveRequest"]):
    """Sparse: open requests by the time they are about (the expiry sweeper's query)."""

    class Meta:
        index_name = "open-by-time"
        projection = AllProjection()

    open_key = UnicodeAttribute(hash_key=True)
    expires_at = NumberAttribute(range_key=True)


class LiveRequest(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "live-requests"

    request_id = UnicodeAttribute(hash_key=True)
    learner_id = UnicodeAttribute()
    mentor_id = UnicodeAttribute()
    title = UnicodeAttribute()
    domain = UnicodeAttribute()
    proposed_at = NumberAttribute()
    duration_min = NumberAttribute()
    budget_paise = NumberAttribute()
    message = UnicodeAttribute(default="")
    status = UnicodeAttribute()  # pending | offered | accepted | declined | withdrawn | expired
    offer_proposed_at = NumberAttribute(null=True)
    offer_budget_paise = NumberAttribute(null=True)
    offer_message = UnicodeAttribute(null=True)
    decline_reason = UnicodeAttribute(null=True)
    session_id = UnicodeAttribute(null=True)
    booking_id = UnicodeAttribute(null=True)
    created_at = NumberAttribute()
    updated_at = NumberAttribute()
    expires_at = NumberAttribute()  # when it stops being answerable: the (offered) start time
    open_key = UnicodeAttribute(null=True)
    open_mentor_id = UnicodeAttribute(null=True)

    by_mentor = ByMentor()
    open_by_mentor = OpenByMentor()
    by_learner = ByLearner()
    open_by_time = OpenByTime()
    by_pair = ByPair()
