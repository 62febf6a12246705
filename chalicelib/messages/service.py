"""Direct messages between a learner and a mentor who share a booking or a request.

Every change that touches both sides (a message, a read, a block) is one `TransactWrite` over the
two conversation items (and the unread counter), with conditions instead of read-then-write:
a message to someone who blocked you fails its condition and nothing is stored; marking read
subtracts exactly the count it read (`unread = :n`), so a message arriving meanwhile retries the
read instead of being lost from the count. Two writers on one pair at once cancel each other with
`TransactionConflict`; that is not a refusal, so it is tried again at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.accounts.people import people
from chalicelib.bookings.service import shares_booking
from chalicelib.core import clock, paging
from chalicelib.core.access import LEARNER, MENTOR
from chalicelib.core.counters import Counter
from chalicelib.core.errors import Conflict, Forbidden, NotFound
from chalicelib.core.ids import new_id
from chalicelib.core.logging import logger
from chalicelib.core.models import tx_connection
from chalicelib.live_requests.service import shares_request
from chalicelib.messages.models import Conversation, DirectMessage, pair_key

if TYPE_CHECKING:
    from chalicelib.accounts.schemas import PersonCardOut
    from chalicelib.messages.schemas import (
        ConversationOut,
        ConversationPage,
        MessageOut,
        MessagePage,
    )

PREVIEW_CHARS = 120
RETRIES = 5


def unread_name(user_id: str) -> str:
    return f"dm-unread#{user_id}"


class NotEligible(Forbidden):
    code = "not_eligible"
    default_message = "You can message a mentor or learner only after you share a booking or a request."


# ---------- reading ----------

def _item(owner_id: str, peer_id: str) -> Conversation | None:
    try:
        return Conversation.get(owner_id, peer_id, consistent_read=True)
    except Conversation.DoesNotExist:
        return None


def _blank(owner_id: str, peer_id: str) -> Conversation:
    return Conversation(owner_id=owner_id, peer_id=peer_id, unread=0)


def unread_total(user_id: str) -> int:
    try:
        return max(0, int(Counter.get(unread_name(user_id), consistent_read=True).value or 0))
    except Counter.DoesNotExist:
        return 0


def eligible(user_id: str, role: str, peer_id: str) -> bool:
    """A learner and a mentor who share a booking or a request (either side asking)."""
    if peer_id == user_id or not peer_id:
        return False
    if role == LEARNER:
        learner, mentor = user_id, peer_id
    elif role == MENTOR:
        learner, mentor = peer_id, user_id
    else:
        return False
    return shares_booking(learner, mentor) or shares_request(learner, mentor)


def _checked(user_id: str, role: str, peer_id: str) -> Conversation:
    """The caller's side of the conversation, or 403 when the two share nothing. An existing item was
    created by an earlier checked call, and what makes a pair eligible is never deleted."""
    if len(peer_id) > 40:
        raise NotFound("We couldn't find that person.")
    mine = _item(user_id, peer_id)
    if mine is not None:
        return mine
    if not eligible(user_id, role, peer_id):
        raise NotEligible()
    return _blank(user_id, peer_id)


def _card(peer_id: str, cards: dict[str, PersonCardOut] | None = None) -> PersonCardOut:
    """The peer's name card (a removed account still shows as a conversation)."""
    from chalicelib.accounts.schemas import PersonCardOut

    card = (cards if cards is not None else people({peer_id})).get(peer_id)
    return card or PersonCardOut(user_id=peer_id, name="Former member", avatar_url=None, is_demo=False)


def _out(c: Conversation, card: PersonCardOut | None = None) -> ConversationOut:
    from chalicelib.messages.schemas import ConversationOut

    return ConversationOut.from_model(c, card or _card(c.peer_id))


def conversation(user_id: str, role: str, peer_id: str) -> ConversationOut:
    return _out(_checked(user_id, role, peer_id))


def conversations(user_id: str, cursor: str | None, limit: int) -> ConversationPage:
    """The caller's conversations, latest message first. Fetching them counts as delivery."""
    from chalicelib.messages.schemas import ConversationOut, ConversationPage

    names = {"owner_id", "peer_id", "last_message_id"}
    result = Conversation.recent.query(user_id, scan_index_forward=False, limit=limit,
                                       last_evaluated_key=paging.decode(cursor, names, {"owner_id": user_id}))
    items = list(result)
    cards = people({c.peer_id for c in items})
    for c in items:
        _deliver(c)
    return ConversationPage(
        items=[ConversationOut.from_model(c, _card(c.peer_id, cards)) for c in items],
        next_cursor=paging.encode(result.last_evaluated_key), unread_total=unread_total(user_id))


def messages(user_id: str, role: str, peer_id: str, cursor: str | None, limit: int) -> MessagePage:
    """A page of the pair's messages, newest first. Fetching them counts as delivery."""
    from chalicelib.messages.schemas import MessageOut, MessagePage

    mine = _checked(user_id, role, peer_id)
    key = pair_key(user_id, peer_id)
    result = DirectMessage.query(key, scan_index_forward=False, limit=limit,
                                 last_evaluated_key=paging.decode(cursor, {"pair_key", "message_id"},
                                                                  {"pair_key": key}))
    items = list(result)
    _deliver(mine)
    # My messages carry my view of the peer's marks; the peer's carry theirs of mine.
    shaped = [MessageOut.from_model(m, delivered_upto=mine.peer_delivered_upto if m.sender_id == user_id
                                    else mine.delivered_upto,
                                    read_upto=mine.peer_read_upto if m.sender_id == user_id else mine.read_upto)
              for m in items]
    return MessagePage(items=shaped, next_cursor=paging.encode(result.last_evaluated_key), conversation=_out(mine))


# ---------- writing ----------

def _transact(build: Callable[[TransactWrite], None]) -> None:
    for attempt in range(RETRIES):
        try:
            with TransactWrite(connection=tx_connection()) as tx:
                build(tx)
            return
        except TransactWriteError as exc:
            codes = {r.code for r in (exc.cancellation_reasons or []) if r is not None}
            if "TransactionConflict" in codes and "ConditionalCheckFailed" not in codes and attempt < RETRIES - 1:
                continue
            raise


def _not_blocked() -> Any:
    return Conversation.blocked.does_not_exist() | (Conversation.blocked == False)  # noqa: E712


def _push(user_id: str, frame: dict[str, Any]) -> None:
    try:
        from chalicelib.realtime.service import push

        push(user_id, frame)
    except Exception:  # the stored message is the record; a failed push is only late
        logger.exception("direct message push failed")


ORDER_RETRIES = 5


def send(user_id: str, role: str, peer_id: str, body: str) -> MessageOut:
    from chalicelib.messages.schemas import DmMessageEvent, MessageOut

    mine = _checked(user_id, role, peer_id)
    if mine.blocked:
        raise Conflict("You blocked this person. Unblock them to send a message.", code="you_blocked")
    if mine.blocked_by_peer:
        raise Forbidden("This person doesn't accept your messages.", code="blocked")
    preview = body if len(body) <= PREVIEW_CHARS else body[: PREVIEW_CHARS - 1] + "…"
    for _attempt in range(ORDER_RETRIES):
        now = clock.now_int()
        m = DirectMessage(pair_key=pair_key(user_id, peer_id), message_id=new_id(), sender_id=user_id,
                          recipient_id=peer_id, body=body, created_at=now)
        last = [Conversation.last_message_id.set(m.message_id), Conversation.last_sender_id.set(user_id),
                Conversation.last_preview.set(preview), Conversation.last_at.set(now)]
        # The last message only moves forward: of two sends racing, the one with the older id may
        # commit second, and must not leave the conversation pointing behind the other (reading
        # "up to the last message" would then skip the newer one). It takes a newer id instead.
        ahead = Conversation.last_message_id.does_not_exist() | (Conversation.last_message_id < m.message_id)

        def build(tx: TransactWrite, m: DirectMessage = m, last: list[Any] = last, ahead: Any = ahead) -> None:
            tx.save(m, condition=DirectMessage.message_id.does_not_exist())
            tx.update(_blank(user_id, peer_id), actions=[*last, Conversation.unread.add(0)],
                      condition=_not_blocked() & ahead)
            tx.update(_blank(peer_id, user_id), actions=[*last, Conversation.unread.add(1)],
                      condition=_not_blocked() & ahead)
            tx.update(Counter(name=unread_name(peer_id)), actions=[Counter.value.add(1)])

        try:
            _transact(build)
            break
        except TransactWriteError:
            # A block landed between the read above and the write (say whose), or a newer message won.
            if (_item(user_id, peer_id) or mine).blocked:
                raise Conflict("You blocked this person. Unblock them to send a message.",
                               code="you_blocked") from None
            theirs_now = _item(peer_id, user_id)
            if theirs_now is not None and theirs_now.blocked:
                raise Forbidden("This person doesn't accept your messages.", code="blocked") from None
    else:
        raise Conflict("Messages crossed; please send again.", code="stale_state")
    out = MessageOut.from_model(m, delivered_upto=None, read_upto=None)
    theirs = _item(peer_id, user_id)
    cards = people({user_id, peer_id})
    names = {u: _card(u, cards).name for u in (user_id, peer_id)}
    unread = int(theirs.unread or 0) if theirs else 1
    _push(peer_id, DmMessageEvent(peer_id=user_id, peer_name=names[user_id], message=out, unread=unread,
                                  unread_total=unread_total(peer_id)).model_dump(mode="json"))
    _push(user_id, DmMessageEvent(peer_id=peer_id, peer_name=names[peer_id], message=out, unread=int(mine.unread or 0),
                                  unread_total=unread_total(user_id)).model_dump(mode="json"))
    return out


def _receipt(c: Conversation) -> None:
    """Tell the peer's tabs how far the owner's app received and read their messages."""
    from chalicelib.messages.schemas import DmReceiptEvent

    _push(c.peer_id, DmReceiptEvent(peer_id=c.owner_id, delivered_upto=c.delivered_upto,
                                    read_upto=c.read_upto).model_dump(mode="json"))


def _deliver(c: Conversation, upto: str | None = None) -> None:
    """Move the owner's delivered mark forward to `upto` (default: the last message), never back."""
    if upto is None and not c.unread:
        return  # nothing unread: every message of the peer was read, so delivered, already
    target = upto or c.last_message_id
    if not target:
        return
    if c.delivered_upto and c.delivered_upto >= target:
        return
    if c.last_message_id is None or target > c.last_message_id:
        return  # no such message yet

    forward = Conversation.delivered_upto.does_not_exist() | (Conversation.delivered_upto < target)

    def build(tx: TransactWrite) -> None:
        tx.update(_blank(c.owner_id, c.peer_id), actions=[Conversation.delivered_upto.set(target)],
                  condition=forward & (Conversation.last_message_id >= target))
        tx.update(_blank(c.peer_id, c.owner_id), actions=[Conversation.peer_delivered_upto.set(target)],
                  condition=Conversation.peer_delivered_upto.does_not_exist()
                  | (Conversation.peer_delivered_upto < target))

    try:
        _transact(build)
    except TransactWriteError:
        return  # another tab moved it as far already
    c.delivered_upto = target
    _receipt(c)


def delivered(user_id: str, role: str, peer_id: str, upto: str) -> ConversationOut:
    """The owner's app received messages up to `upto` (a live frame arrived)."""
    mine = _checked(user_id, role, peer_id)
    _deliver(mine, upto)
    return _out(mine)


def mark_read(user_id: str, role: str, peer_id: str) -> ConversationOut:
    """The owner opened the conversation: everything in it so far is read (and delivered)."""
    from chalicelib.messages.schemas import DmUnreadEvent

    mine = _checked(user_id, role, peer_id)
    for _attempt in range(RETRIES):
        n, last = max(0, int(mine.unread or 0)), mine.last_message_id
        if last is None or (n == 0 and mine.read_upto == last):
            return _out(mine)

        def build(tx: TransactWrite, n: int = n, last: str = last) -> None:
            tx.update(_blank(user_id, peer_id),
                      actions=[Conversation.unread.set(0), Conversation.read_upto.set(last),
                               Conversation.delivered_upto.set(last)],
                      condition=(Conversation.unread == n) & (Conversation.last_message_id == last))
            tx.update(_blank(peer_id, user_id),
                      actions=[Conversation.peer_read_upto.set(last), Conversation.peer_delivered_upto.set(last)])
            if n:
                tx.update(Counter(name=unread_name(user_id)), actions=[Counter.value.add(-n)],
                          condition=Counter.value >= n)

        try:
            _transact(build)
        except TransactWriteError:
            fresh = _item(user_id, peer_id)  # a message arrived meanwhile: read again from fresh state
            if fresh is None:
                return _out(mine)
            mine = fresh
            continue
        mine.unread, mine.read_upto, mine.delivered_upto = 0, last, last
        _receipt(mine)
        _push(user_id, DmUnreadEvent(peer_id=peer_id, unread=0, unread_total=unread_total(user_id))
              .model_dump(mode="json"))
        return _out(mine)
    raise Conflict("Messages keep arriving. Try again.", code="busy")


def set_block(user_id: str, role: str, peer_id: str, block: bool) -> ConversationOut:
    from chalicelib.messages.schemas import DmBlockEvent

    mine = _checked(user_id, role, peer_id)

    def build(tx: TransactWrite) -> None:
        tx.update(_blank(user_id, peer_id), actions=[Conversation.blocked.set(block), Conversation.unread.add(0)])
        tx.update(_blank(peer_id, user_id), actions=[Conversation.blocked_by_peer.set(block),
                                                     Conversation.unread.add(0)])

    _transact(build)
    mine = _item(user_id, peer_id) or mine
    theirs = _item(peer_id, user_id)
    _push(user_id, DmBlockEvent(peer_id=peer_id, blocked=block, blocked_by_peer=bool(mine.blocked_by_peer))
          .model_dump(mode="json"))
    _push(peer_id, DmBlockEvent(peer_id=user_id, blocked=bool(theirs.blocked) if theirs else False,
                                blocked_by_peer=block).model_dump(mode="json"))
    return _out(mine)
