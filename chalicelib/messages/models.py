"""Direct messages: one conversation item per side, and the messages of each pair.

`dm-conversations` holds one item per (owner, peer): what the owner's list shows (last message,
unread count), the owner's read/delivered marks, the peer's marks (for the ticks on the owner's own
messages) and the owner's block. Both sides' items change in the same transaction as the message.
`dm-messages` holds a pair's messages under one partition (`pair_key`), sorted by time-sortable id.
"""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.core.models import BaseModel, EnvTableMeta


def pair_key(a: str, b: str) -> str:
    """The same key from either side."""
    return "#".join(sorted((a, b)))


class Recent(GlobalSecondaryIndex["Conversation"]):
    """Sparse: conversations with at least one message, by their last message (ids sort by time)."""

    class Meta:
        index_name = "recent"
        projection = AllProjection()

    owner_id = UnicodeAttribute(hash_key=True)
    last_message_id = UnicodeAttribute(range_key=True)


class Conversation(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "dm-conversations"

    owner_id = UnicodeAttribute(hash_key=True)
    peer_id = UnicodeAttribute(range_key=True)
    last_message_id = UnicodeAttribute(null=True)
    last_sender_id = UnicodeAttribute(null=True)
    last_preview = UnicodeAttribute(null=True)
    last_at = NumberAttribute(null=True)
    unread = NumberAttribute(default=0)  # the owner's unread messages from the peer
    read_upto = UnicodeAttribute(null=True)  # the newest message id the owner has read
    delivered_upto = UnicodeAttribute(null=True)  # the newest message id the owner's app received
    peer_read_upto = UnicodeAttribute(null=True)  # mirrors of the peer's marks: ticks on the owner's messages
    peer_delivered_upto = UnicodeAttribute(null=True)
    blocked = BooleanAttribute(null=True)  # the owner blocked the peer
    blocked_by_peer = BooleanAttribute(null=True)  # mirror of the peer's `blocked`

    recent = Recent()


class DirectMessage(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "dm-messages"

    pair_key = UnicodeAttribute(hash_key=True)
    message_id = UnicodeAttribute(range_key=True)
    sender_id = UnicodeAttribute()
    recipient_id = UnicodeAttribute()
    body = UnicodeAttribute()
    created_at = NumberAttribute()
