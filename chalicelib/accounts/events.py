"""What happens to accounts, for the layers above (directory, notifications) to react to."""

from __future__ import annotations

from chalicelib.core.events import DomainEvent


class ProfileUpdated(DomainEvent):
    """A user's public face changed (name, profile, verification): the mentor directory follows."""

    TYPE = "profile.updated"
    VERSION = 1
    user_id: str
    role: str

    def key(self) -> str:
        return f"user#{self.user_id}"


class AccountNotice(DomainEvent):
    """Something the account holder must hear about (welcome, new sign-in, password changed)."""

    TYPE = "account.notice"
    VERSION = 1
    user_id: str
    kind: str
    title: str
    body: str
    link: str | None = None
    email_subject: str | None = None
    email_text: str | None = None
    email_category: str = "security"  # account notices are about the account: never switched off

    def key(self) -> str:
        return f"user#{self.user_id}"
