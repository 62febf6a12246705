"""ICE servers for the room: STUN as configured, TURN with the TURN REST shared-secret scheme
(coturn's `use-auth-secret`): username = "{expiry}:{user_id}:{room_code}", credential =
base64(HMAC-SHA1(secret, username)). coturn itself refuses the credential after `expiry`."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import TYPE_CHECKING, Literal

from chalicelib.core import clock
from chalicelib.core.settings import get_settings
from chalicelib.rooms.access import member

if TYPE_CHECKING:
    from chalicelib.rooms.schemas import IceServersOut


def turn_credential(secret: str, user_id: str, room_code: str, expiry: int) -> tuple[str, str]:
    username = f"{expiry}:{user_id}:{room_code}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


def ice_servers(user_id: str, role: str, room_code: str) -> IceServersOut:
    from chalicelib.rooms.schemas import IceServerOut, IceServersOut

    room, _ = member(room_code, user_id, role)
    s = get_settings()
    expiry = clock.now_int() + s.turn_ttl_seconds
    servers: list[IceServerOut] = []
    if s.stun_urls:
        servers.append(IceServerOut(urls=list(s.stun_urls)))
    if s.turn_urls and s.turn_secret:
        username, credential = turn_credential(s.turn_secret, user_id, room.code, expiry)
        servers.append(IceServerOut(urls=list(s.turn_urls), username=username, credential=credential))
    policy: Literal["all", "relay"] = "relay" if s.ice_transport_policy == "relay" else "all"
    return IceServersOut(ice_servers=servers, expires_at=clock.iso(expiry), ice_transport_policy=policy)
