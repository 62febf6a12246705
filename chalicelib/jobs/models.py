"""What the jobs store: exactly-once marks, recorded no-shows and the monthly reports."""

from __future__ import annotations

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.core.models import BaseModel, EnvTableMeta


class JobMark(BaseModel):
    """One per (job, item): claimed by a conditional write before the job acts, `done` after.

    A second, overlapping run finds the claim and skips; a run that died mid-way leaves a claim whose
    lease runs out, and the next run takes it over with the same `note_id`, so the notifications it
    already sent (keyed by it) are not sent twice. Forgotten after 90 days (TTL)."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "job-marks"
        ttl_attribute_name = "expires_at"

    mark_key = UnicodeAttribute(hash_key=True)  # f"{job}#{item}"
    state = UnicodeAttribute(null=True)  # running | done
    lease_until = NumberAttribute(null=True)
    note_id = UnicodeAttribute(null=True)  # time-sortable: the `once` base of the item's notifications
    attempts = NumberAttribute(null=True)
    created_at = NumberAttribute(null=True)
    updated_at = NumberAttribute(null=True)
    expires_at = NumberAttribute(null=True)


class NoShowsByRole(GlobalSecondaryIndex["NoShow"]):
    """The admins' list: mentors' (or learners') no-shows, newest first."""

    class Meta:
        index_name = "by-role"
        projection = AllProjection()

    role = UnicodeAttribute(hash_key=True)
    recorded_at = NumberAttribute(range_key=True)


class NoShowsByUser(GlobalSecondaryIndex["NoShow"]):
    """One person's record of missed sessions, newest first."""

    class Meta:
        index_name = "by-user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    recorded_at = NumberAttribute(range_key=True)


class NoShow(BaseModel):
    """Someone who never entered the room by start + 10 minutes: one per (session, person)."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "no-shows"

    session_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)
    role = UnicodeAttribute()  # mentor | learner
    mentor_id = UnicodeAttribute()
    title = UnicodeAttribute()
    starts_at = NumberAttribute()
    outcome = UnicodeAttribute()  # cancelled_refunded (mentor) | mentor_paid (learner)
    recorded_at = NumberAttribute()

    by_role = NoShowsByRole()
    by_user = NoShowsByUser()


class ReportsFeed(GlobalSecondaryIndex["MonthlyReport"]):
    class Meta:
        index_name = "feed"
        projection = AllProjection()

    feed_key = UnicodeAttribute(hash_key=True)  # always "reports"
    month = UnicodeAttribute(range_key=True)


class MonthlyReport(BaseModel):
    """The month's figures (IST), computed on the 1st; what the admin analytics read."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "monthly-reports"

    month = UnicodeAttribute(hash_key=True)  # "YYYY-MM" (IST)
    revenue_paise = NumberAttribute()
    platform_fees_paise = NumberAttribute()
    refunds_paise = NumberAttribute()
    sessions_completed = NumberAttribute()
    sessions_cancelled = NumberAttribute()
    new_users = MapAttribute(default=dict)  # type: ignore[var-annotated]  # role → count
    computed_at = NumberAttribute()
    feed_key = UnicodeAttribute(default="reports")

    feed = ReportsFeed()
