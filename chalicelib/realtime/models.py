"""WebSocket tickets, connections and channel subscriptions (all TTL'd, also filtered in code)."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.core.models import BaseModel, EnvTableMeta


class WsTicket(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "ws-tickets"
        ttl_attribute_name = "expires_at"

    ticket_hash = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    role = UnicodeAttribute()
    expires_at = NumberAttribute()


class ConnectionsByUserIndex(GlobalSecondaryIndex["WsConnection"]):
    class Meta:
        index_name = "by-user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    connected_at = NumberAttribute(range_key=True)


class ConnectionsByRoleIndex(GlobalSecondaryIndex["WsConnection"]):
    """Who is online, by role (mentor | learner | admin | anonymous): the admin's online-users view."""

    class Meta:
        index_name = "by-role"
        projection = AllProjection()

    role = UnicodeAttribute(hash_key=True)
    connected_at = NumberAttribute(range_key=True)


class WsConnection(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "ws-connections"
        ttl_attribute_name = "expires_at"

    connection_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    role = UnicodeAttribute()
    connected_at = NumberAttribute()
    expires_at = NumberAttribute()
    channels = UnicodeSetAttribute(null=True)
    by_user = ConnectionsByUserIndex()
    by_role = ConnectionsByRoleIndex()


class WsSubscription(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "ws-subscriptions"
        ttl_attribute_name = "expires_at"

    channel = UnicodeAttribute(hash_key=True)
    connection_id = UnicodeAttribute(range_key=True)
    user_id = UnicodeAttribute()
    expires_at = NumberAttribute()


class WsRateWindow(BaseModel):
    """One fixed one-second window of one connection and message kind: `hits` grows by a conditional
    ADD (never above the limit). Expired by TTL a minute later; never read back."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "ws-rate-windows"
        ttl_attribute_name = "expires_at"

    window_key = UnicodeAttribute(hash_key=True)  # f"{connection_id}#{kind}#{epoch_second}"
    hits = NumberAttribute(null=True)
    expires_at = NumberAttribute(null=True)


class WsUserEvent(BaseModel):
    """A user's pushed frames, for replay after a reconnect. `seq` 0 is the user's counter row
    (`last_seq`, grown by an atomic ADD, never expires); rows 1.. are the frames, kept for a week."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "ws-user-events"
        ttl_attribute_name = "expires_at"

    user_id = UnicodeAttribute(hash_key=True)
    seq = NumberAttribute(range_key=True)
    last_seq = NumberAttribute(null=True)  # counter row only
    frame = UnicodeAttribute(null=True)  # JSON of the frame as pushed (with its `seq`)
    at = NumberAttribute(null=True)
    expires_at = NumberAttribute(null=True)
