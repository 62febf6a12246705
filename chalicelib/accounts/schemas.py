"""Accounts API shapes (pydantic v2, strict, extra fields refused)."""

from __future__ import annotations

from typing import Annotated, Literal
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from chalicelib.accounts.passwords import password_problem

Strict = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)

Name = Annotated[str, StringConstraints(min_length=2, max_length=100)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=60)]
Code = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]

def _email(value: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise ValueError("Enter a valid email address.") from None
    return str(checked.normalized).lower()


def _password(value: str) -> str:
    problem = password_problem(value)
    if problem:
        raise ValueError(problem)
    return value


_TIMEZONES: set[str] | None = None


def _timezone(value: str) -> str:
    global _TIMEZONES
    if _TIMEZONES is None:
        _TIMEZONES = available_timezones()
    if value not in _TIMEZONES:
        raise ValueError("Choose a timezone from the list (e.g. Asia/Kolkata).")
    return value


Email = Annotated[str, AfterValidator(_email)]
NewPassword = Annotated[str, AfterValidator(_password)]
Timezone = Annotated[str, AfterValidator(_timezone)]


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for v in values:
        seen.setdefault(v.casefold(), v)
    return list(seen.values())


class LearnerProfile(BaseModel):
    model_config = Strict
    interests: Annotated[list[Tag], Field(min_length=1, max_length=20)]
    categories: Annotated[list[Tag], Field(max_length=10)] = []
    career_goal: Annotated[str, StringConstraints(max_length=100)] = ""

    _dedupe = field_validator("interests", "categories")(_unique)


class MentorProfile(BaseModel):
    model_config = Strict
    domains: Annotated[list[Tag], Field(min_length=1, max_length=10)]
    skills: Annotated[list[Tag], Field(min_length=1, max_length=30)]
    certifications: Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=120)]],
                              Field(max_length=20)] = []
    bio: Annotated[str, StringConstraints(max_length=2000)] = ""
    qualifications: Annotated[str, StringConstraints(max_length=1000)] = ""

    _dedupe = field_validator("domains", "skills")(_unique)


class LearnerProfilePatch(BaseModel):
    model_config = Strict
    interests: Annotated[list[Tag], Field(min_length=1, max_length=20)] | None = None
    categories: Annotated[list[Tag], Field(max_length=10)] | None = None
    career_goal: Annotated[str, StringConstraints(max_length=100)] | None = None


class MentorProfilePatch(BaseModel):
    model_config = Strict
    domains: Annotated[list[Tag], Field(min_length=1, max_length=10)] | None = None
    skills: Annotated[list[Tag], Field(min_length=1, max_length=30)] | None = None
    certifications: Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=120)]],
                              Field(max_length=20)] | None = None
    bio: Annotated[str, StringConstraints(max_length=2000)] | None = None
    qualifications: Annotated[str, StringConstraints(max_length=1000)] | None = None


class NotificationPrefs(BaseModel):
    model_config = Strict
    email_bookings: bool = True
    email_reminders: bool = True
    email_marketing: bool = False
    push_toasts: bool = True


class NotificationPrefsPatch(BaseModel):
    model_config = Strict
    email_bookings: bool | None = None
    email_reminders: bool | None = None
    email_marketing: bool | None = None
    push_toasts: bool | None = None


class SignupIn(BaseModel):
    model_config = Strict
    role: Literal["learner", "mentor"]
    name: Name
    email: Email
    password: NewPassword
    timezone: Timezone = "Asia/Kolkata"
    profile: dict[str, object]


class EmailCodeIn(BaseModel):
    model_config = Strict
    email: Email
    code: Code


class ResendIn(BaseModel):
    model_config = Strict
    email: Email
    purpose: Literal["verify", "reset"] = "verify"


class LoginIn(BaseModel):
    model_config = Strict
    email: Email
    password: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class TotpIn(BaseModel):
    model_config = Strict
    challenge: Annotated[str, StringConstraints(min_length=10, max_length=200)]
    code: Code


class ForgotIn(BaseModel):
    model_config = Strict
    email: Email


class ResetIn(BaseModel):
    model_config = Strict
    email: Email
    code: Code
    new_password: NewPassword


class MePatch(BaseModel):
    model_config = Strict
    name: Name | None = None
    timezone: Timezone | None = None
    notification_prefs: NotificationPrefsPatch | None = None
    profile: dict[str, object] | None = None


class UploadIn(BaseModel):
    model_config = Strict
    kind: Literal["avatar", "intro_video"]
    content_type: Annotated[str, StringConstraints(min_length=3, max_length=100)]
    size: Annotated[int, Field(ge=1)]


class UploadCompleteIn(BaseModel):
    model_config = Strict
    kind: Literal["avatar", "intro_video"]
    key: Annotated[str, StringConstraints(min_length=5, max_length=300)]


class MeOut(BaseModel):
    user_id: str
    role: str
    name: str
    email: str
    email_verified: bool
    timezone: str
    avatar_url: str | None
    created_at: str
    unread_notifications: int
    notification_prefs: NotificationPrefs
    profile: dict[str, object]
    is_demo: bool = False


class TokensOut(BaseModel):
    """The refresh token is not here: it is set as an HttpOnly cookie (chalicelib.accounts.cookies)."""

    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    user: MeOut


class TotpChallengeOut(BaseModel):
    totp_required: bool = True
    challenge: str


class SignupOut(BaseModel):
    user_id: str
    email: str
    verification: str = "sent"


class SentOut(BaseModel):
    sent: bool = True
    retry_after: int | None = None


class UploadOut(BaseModel):
    url: str
    fields: dict[str, str]
    key: str
    max_bytes: int
    expires_in: int
