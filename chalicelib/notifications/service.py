"""Notifications: stored (bell history + atomic unread count), pushed over WebSocket, emailed when asked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.accounts.models import User
from chalicelib.core import clock, paging
from chalicelib.core.errors import NotFound
from chalicelib.core.ids import new_id
from chalicelib.core.logging import logger
from chalicelib.core.models import plain, tx_connection
from chalicelib.core.settings import get_settings
from chalicelib.notifications.models import Notification

if TYPE_CHECKING:
    from chalicelib.notifications.schemas import NotificationOut, NotificationPage, UnreadCountOut


def to_out(n: Notification) -> NotificationOut:
    from chalicelib.notifications.schemas import NotificationOut

    return NotificationOut.from_model(n)


def unread_count(user_id: str) -> int:
    try:
        user = User.get(user_id, consistent_read=True, attributes_to_get=["unread_notifications"])
    except User.DoesNotExist:
        return 0
    return max(0, int(user.unread_notifications or 0))


CONFLICT_RETRIES = 5

# What an email is about decides whether the user's switch may stop it. Security notices and payment
# receipts (money taken or given back) always go: a switch must never hide a sign-in or a charge.
# `operations` is admins' mail about the platform (reports, alerts), which admins cannot switch off.
EmailCategory = Literal["bookings", "reminders", "marketing", "security", "receipts", "operations"]
SWITCHES: dict[str, str] = {"bookings": "email_bookings", "reminders": "email_reminders",
                            "marketing": "email_marketing"}
ALWAYS_SENT = frozenset({"security", "receipts", "operations"})


def email_allowed(prefs: dict[str, Any], category: str) -> bool:
    """The user's stored switch for this category (the settings' defaults where none is stored)."""
    if category in ALWAYS_SENT:
        return True
    from chalicelib.accounts.schemas import NotificationPrefs

    switch = SWITCHES[category]
    stored = prefs.get(switch)
    return bool(stored) if isinstance(stored, bool) else bool(getattr(NotificationPrefs(), switch))


def _email(user_id: str, category: str, subject: str, text: str, link: str | None) -> bool:
    from chalicelib.core.email import queue_email
    user = User.get(user_id, attributes_to_get=["email", "notification_prefs"])
    if not email_allowed(plain(user.notification_prefs), category):
        return False
    body = text + (f"\n\nOpen it on PeerLearn: {get_settings().public_base_url}{link}\n" if link else "")
    queue_email(user.email, subject, body)
    return True


def _store(n: Notification, user_id: str) -> bool:
    """The notification and the user's unread count, together. Another transaction on the same user
    (two bookings of one mentor at once) cancels ours with TransactionConflict: that is not a refusal,
    so it is tried again at once; a failed condition (stored already, no such user) answers False."""
    for attempt in range(CONFLICT_RETRIES):
        try:
            with TransactWrite(connection=tx_connection()) as tx:
                tx.save(n, condition=Notification.sort_key.does_not_exist())
                tx.update(User(user_id=user_id), actions=[User.unread_notifications.add(1)],
                          condition=User.user_id.exists())
            return True
        except TransactWriteError as exc:
            reasons = {r.code for r in (exc.cancellation_reasons or []) if r is not None}
            if "ConditionalCheckFailed" in reasons:
                return False
            if "TransactionConflict" not in reasons or attempt == CONFLICT_RETRIES - 1:
                raise
    return False


def notify(user_id: str, kind: str, title: str, body: str = "", link: str | None = None,
           *, email: tuple[str, str] | None = None, category: EmailCategory | None = None, once: str | None = None,
           at: int | None = None) -> dict[str, Any] | None:
    """Store, count, push; `email=(subject, text)` also queues an email to the user, when the user's
    switch for `category` allows it (required with `email`: every email says what it is about).

    A time in the text is written `{at}` with the instant in `at` (epoch seconds): each reader's app
    formats it in their own timezone.

    `once` (an event id: time-sortable, so the bell's order holds) makes the notification
    happen at most once: a redelivered event finds it stored and sends nothing again (None).
    """
    if email and category is None:
        raise TypeError("notify(email=...) needs the email's category")
    n = Notification(user_id=user_id, sort_key=once or new_id(), kind=kind, title=title, body=body, link=link,
                     read=False, created_at=clock.now_int(), at=at)
    if not _store(n, user_id):
        if once is None:
            raise NotFound("We couldn't find that user.")
        return None  # sent by an earlier delivery of the same event (or the user is gone)
    payload = to_out(n).model_dump(mode="json")
    count = unread_count(user_id)
    try:
        from chalicelib.realtime.service import push

        push(user_id, {"type": "notification", "notification": payload, "unread_count": count})
    except Exception:  # the stored notification is the record; a failed push is only late
        logger.exception("notification push failed")
    if email and category:
        try:
            _email(user_id, category, email[0], email[1], link)
        except Exception:
            logger.exception("notification email failed")
    return payload


def list_for(user_id: str, limit: int, cursor: str | None) -> NotificationPage:
    from chalicelib.notifications.schemas import NotificationPage

    result = Notification.query(user_id, scan_index_forward=False, limit=limit,
                                last_evaluated_key=paging.decode(cursor, {"user_id", "sort_key"}, {"user_id": user_id}))
    items = [to_out(n) for n in result]
    return NotificationPage(items=items, next_cursor=paging.encode(result.last_evaluated_key),
                            unread_count=unread_count(user_id))


def _mark_one(user_id: str, sort_key: str) -> bool:
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(Notification(user_id=user_id, sort_key=sort_key),
                      actions=[Notification.read.set(True)],
                      condition=Notification.sort_key.exists() & (Notification.read == False))  # noqa: E712
            tx.update(User(user_id=user_id), actions=[User.unread_notifications.add(-1)],
                      condition=User.unread_notifications > 0)
    except TransactWriteError:
        return False  # already read, unknown id or counter at zero: nothing to change
    return True


def mark_read(user_id: str, ids: list[str] | None, all_: bool) -> UnreadCountOut:
    from chalicelib.notifications.schemas import UnreadCountOut

    if all_:
        for n in Notification.query(user_id, filter_condition=Notification.read == False):  # noqa: E712
            _mark_one(user_id, n.sort_key)
    else:
        for sort_key in ids or []:
            _mark_one(user_id, sort_key)
    count = unread_count(user_id)
    try:
        from chalicelib.realtime.service import push

        push(user_id, {"type": "unread_count", "unread_count": count})
    except Exception:
        logger.exception("unread push failed")
    return UnreadCountOut(unread_count=count)


def notify_admins(kind: str, title: str, body: str = "", link: str | None = None) -> int:
    """Operational alerts go to every admin (a Query on the sparse `admins` index)."""
    sent = 0
    for admin in User.admins.query("admin"):
        try:
            notify(admin.user_id, kind, title, body, link)
            sent += 1
        except Exception:
            logger.exception("admin notification failed")
    return sent
