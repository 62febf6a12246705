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
