"""Accounts API shapes (pydantic v2, strict, extra fields refused)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, StringConstraints, field_validator

from chalicelib.accounts.passwords import password_problem
from chalicelib.core.clock import iso
from chalicelib.core.schemas import Out, omitted_if_none

if TYPE_CHECKING:
    from chalicelib.accounts.models import User

Strict = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)

Name = Annotated[str, StringConstraints(min_length=2, max_length=100)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=60)]
Code = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]
Role = Literal["learner", "mentor", "admin"]

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


def _categories(values: list[str]) -> list[str]:
    """Domains and preferred categories are values of the taxonomy, in its spelling."""
    from chalicelib.core.taxonomy import category

    out: list[str] = []
    for v in values:
        found = category(v)
        if found is None:
            raise ValueError(f"“{v}” is not a category; choose one from the list.")
        out.append(found)
    return out


def _maybe_categories(values: list[str] | None) -> list[str] | None:
    return None if values is None else _categories(values)


class LearnerProfile(BaseModel):
    model_config = Strict
    interests: Annotated[list[Tag], Field(min_length=1, max_length=20)]
    categories: Annotated[list[Tag], Field(max_length=10)] = []
    career_goal: Annotated[str, StringConstraints(max_length=100)] = ""

    _in_taxonomy = field_validator("categories")(_categories)
    _dedupe = field_validator("interests", "categories")(_unique)


class MentorProfile(BaseModel):
    model_config = Strict
    domains: Annotated[list[Tag], Field(min_length=1, max_length=10)]
    skills: Annotated[list[Tag], Field(min_length=1, max_length=30)]
    certifications: Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=120)]],
                              Field(max_length=20)] = []
    bio: Annotated[str, StringConstraints(max_length=2000)] = ""
    qualifications: Annotated[str, StringConstraints(max_length=1000)] = ""

    _in_taxonomy = field_validator("domains")(_categories)
    _dedupe = field_validator("domains", "skills")(_unique)


class MeMentorProfile(MentorProfile):
    """A mentor's profile as GET /me shows it (documented for the SPA: `MeOut.profile` is a free map)."""

    intro_video_url: str | None = None  # read-only: set by POST /me/uploads/complete


class LearnerProfilePatch(BaseModel):
    model_config = Strict
    interests: Annotated[list[Tag], Field(min_length=1, max_length=20)] | None = None
    categories: Annotated[list[Tag], Field(max_length=10)] | None = None
    career_goal: Annotated[str, StringConstraints(max_length=100)] | None = None

    _in_taxonomy = field_validator("categories")(_maybe_categories)


class MentorProfilePatch(BaseModel):
    model_config = Strict
    domains: Annotated[list[Tag], Field(min_length=1, max_length=10)] | None = None
    skills: Annotated[list[Tag], Field(min_length=1, max_length=30)] | None = None
    certifications: Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=120)]],
                              Field(max_length=20)] | None = None
    bio: Annotated[str, StringConstraints(max_length=2000)] | None = None
    qualifications: Annotated[str, StringConstraints(max_length=1000)] | None = None

    _in_taxonomy = field_validator("domains")(_maybe_categories)


class NotificationPrefs(BaseModel):
    model_config = Strict
    email_bookings: bool = True
    email_reminders: bool = True
    email_marketing: bool = False
    push_toasts: bool = True
    sound: bool = True  # a short sound for new requests, answers, reminders and direct messages


class NotificationPrefsPatch(BaseModel):
    model_config = Strict
    email_bookings: bool | None = None
    email_reminders: bool | None = None
    email_marketing: bool | None = None
    push_toasts: bool | None = None
    sound: bool | None = None


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


class NotificationPrefsOut(Out):
    email_bookings: bool
    email_reminders: bool
    email_marketing: bool
    push_toasts: bool
    sound: bool


class MeOut(Out):
    user_id: str
    role: Role
    name: str
    email: str
    email_verified: bool
    timezone: str
    avatar_url: str | None
    created_at: str
    unread_notifications: int
    notification_prefs: NotificationPrefsOut
    profile: dict[str, object]
    is_demo: bool = False

    @classmethod
    def from_model(cls, user: User, *, avatar_url: str | None, intro_video_url: str | None) -> MeOut:
        """`user` as its owner sees it; the media URLs are presigned by the caller."""
        prefs = NotificationPrefs.model_validate(plain_map(user.notification_prefs), strict=False).model_dump()
        profile = plain_map(user.profile)
        if user.role == "mentor":
            profile["intro_video_url"] = intro_video_url
        return cls(user_id=user.user_id, role=cast("Role", user.role), name=user.name, email=user.email,
                   email_verified=bool(user.email_verified), timezone=user.timezone, avatar_url=avatar_url,
                   created_at=iso(user.created_at), unread_notifications=max(0, int(user.unread_notifications or 0)),
                   notification_prefs=NotificationPrefsOut(**prefs), profile=profile, is_demo=bool(user.is_demo))


class TokensOut(Out):
    """The refresh token is not here: it is set as an HttpOnly cookie (chalicelib.accounts.cookies)."""

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    user: MeOut


class TotpChallengeOut(Out):
    totp_required: Literal[True] = True
    challenge: str


class LoginOut(RootModel[TokensOut | TotpChallengeOut]):
    """Tokens, or for admins the TOTP challenge to answer at /auth/login/totp."""


class SignupOut(Out):
    user_id: str
    email: str
    verification: Literal["sent"] = "sent"


class SentOut(Out):
    sent: Literal[True] = True
    retry_after: int | None = omitted_if_none()


class ResetOut(Out):
    reset: Literal[True] = True


class UploadOut(Out):
    url: str
    fields: dict[str, str]
    key: str
    max_bytes: int
    expires_in: int


def plain_map(value: Any) -> dict[str, Any]:
    """A raw MapAttribute (or None) as a plain dict."""
    if value is None:
        return {}
    return dict(value.as_dict()) if hasattr(value, "as_dict") else dict(value)


class PersonCardOut(Out):
    """A user's name card: who a session's mentor is, whose a booking is."""

    user_id: str
    name: str
    avatar_url: str | None
    is_demo: bool

    @classmethod
    def unknown(cls, user_id: str) -> PersonCardOut:
        return cls(user_id=user_id, name="", avatar_url=None, is_demo=False)


def name_of(cards: Mapping[str, PersonCardOut], user_id: str) -> str:
    card = cards.get(user_id)
    return card.name if card is not None else ""
