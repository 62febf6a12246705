"""Storage for identity: users, one-time codes, refresh tokens (uniqueness guards are in core.guards)."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection, KeysOnlyProjection

from chalicelib.core.models import BaseModel, EnvTableMeta


class UnverifiedByDayIndex(GlobalSecondaryIndex["User"]):
    """Sparse: only unverified users carry `unverified_day`, so the purge job queries one day."""

    class Meta:
        index_name = "unverified-by-day"
        projection = AllProjection()

    unverified_day = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class MentorDirectoryIndex(GlobalSecondaryIndex["User"]):
    """Sparse: verified, unblocked mentors, best ranked first (rank comes from real reviews only)."""

    class Meta:
        index_name = "mentor-directory"
        projection = AllProjection()

    directory_key = UnicodeAttribute(hash_key=True)
    mentor_rank = NumberAttribute(range_key=True)


class JoinedByMonthIndex(GlobalSecondaryIndex["User"]):
    """Sign-ups by their IST month (the monthly report counts them by role; only the role is projected)."""

    class Meta:
        index_name = "joined-by-month"
        projection = IncludeProjection(["role"])

    joined_month = UnicodeAttribute(hash_key=True)  # "YYYY-MM" (IST) of created_at
    created_at = NumberAttribute(range_key=True)


class AdminsIndex(GlobalSecondaryIndex["User"]):
    """Sparse: admins only (who gets operational alerts: dead-lettered webhooks, reconciliation)."""

    class Meta:
        index_name = "admins"
        projection = KeysOnlyProjection()

    admin_key = UnicodeAttribute(hash_key=True)  # "admin"
    user_id = UnicodeAttribute(range_key=True)


class User(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "users"

    user_id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()  # learner | mentor | admin
    admin_key = UnicodeAttribute(null=True)  # "admin" for admins (the sparse `admins` index)
    password_hash = UnicodeAttribute()
    email_verified = BooleanAttribute(default=False)
    created_at = NumberAttribute()
    updated_at = NumberAttribute()
    timezone = UnicodeAttribute(default="Asia/Kolkata")
    profile: MapAttribute[str, object] = MapAttribute(default=dict)  # role-specific fields, validated by schemas
    notification_prefs: MapAttribute[str, object] = MapAttribute(default=dict)
    avatar_key = UnicodeAttribute(null=True)
    intro_video_key = UnicodeAttribute(null=True)
    is_demo = BooleanAttribute(default=False)
    blocked = BooleanAttribute(default=False)
    # Login lockout, maintained with atomic ADD.
    failed_logins = NumberAttribute(default=0)
    locked_until = NumberAttribute(default=0)
    # Admin two-factor: the last accepted TOTP time step; a code is accepted once.
    totp_secret = UnicodeAttribute(null=True)
    totp_last_step = NumberAttribute(default=0)
    # Hot aggregate for the bell, maintained atomically with each notification write.
    unread_notifications = NumberAttribute(default=0)
    unverified_day = UnicodeAttribute(null=True)
    unverified_by_day = UnverifiedByDayIndex()
    # Mentor directory (sparse): set while the mentor is verified and not blocked.
    directory_key = UnicodeAttribute(null=True)
    mentor_rank = NumberAttribute(null=True)
    directory_search = UnicodeAttribute(null=True)
    directory_domains = UnicodeAttribute(null=True)  # "|programming|data science|" for exact domain filters
    rating_sum = NumberAttribute(default=0)
    rating_count = NumberAttribute(default=0)
    mentor_directory = MentorDirectoryIndex()
    admins = AdminsIndex()
    joined_month = UnicodeAttribute(null=True)
    joined_by_month = JoinedByMonthIndex()


class OneTimeCode(BaseModel):
    """A hashed 6-digit code per (purpose, email), with attempt and resend counters."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "one-time-codes"
        ttl_attribute_name = "expires_ttl"

    key = UnicodeAttribute(hash_key=True)  # f"{purpose}#{email}"
    user_id = UnicodeAttribute()
    code_hash = UnicodeAttribute()
    expires_at = NumberAttribute()
    attempts = NumberAttribute(default=0)
    last_sent_at = NumberAttribute()
    window_start = NumberAttribute()
    sends_in_window = NumberAttribute(default=1)
    expires_ttl = NumberAttribute()


class RefreshToken(BaseModel):
    """A refresh token, stored only as its SHA-256. `spent` flips once, conditionally."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "refresh-tokens"
        ttl_attribute_name = "expires_at"

    token_hash = UnicodeAttribute(hash_key=True)
    family_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    spent = BooleanAttribute(default=False)
    created_at = NumberAttribute()
    expires_at = NumberAttribute()


class FamiliesByUserIndex(GlobalSecondaryIndex["TokenFamily"]):
    class Meta:
        index_name = "by-user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class TokenFamily(BaseModel):
    """One login's chain of rotated refresh tokens; revoking it ends that session."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "token-families"
        ttl_attribute_name = "expires_at"

    family_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    revoked = BooleanAttribute(default=False)
    revoked_reason = UnicodeAttribute(null=True)
    created_at = NumberAttribute()
    expires_at = NumberAttribute()
    by_user = FamiliesByUserIndex()


class LoginChallenge(BaseModel):
    """Password accepted, TOTP still owed (admins). Single use, short-lived."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "login-challenges"
        ttl_attribute_name = "expires_at"

    challenge_hash = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    attempts = NumberAttribute(default=0)
    expires_at = NumberAttribute()

