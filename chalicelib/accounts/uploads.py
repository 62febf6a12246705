"""Profile media: presigned S3 POSTs with a content-type allow-list and size limits, checked again
on completion (the POST policy is enforced by S3; the head check covers stores that don't)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chalicelib.core.clients import client
from chalicelib.core.errors import Forbidden, ValidationFailed
from chalicelib.core.ids import new_id
from chalicelib.core.settings import get_settings

if TYPE_CHECKING:
    from chalicelib.accounts.schemas import UploadOut

MB = 1024 * 1024
PRESIGN_TTL = 300


@dataclass(frozen=True)
class UploadKind:
    types: dict[str, str]  # content type → extension
    max_bytes: int
    roles: frozenset[str]


KINDS = {
    "avatar": UploadKind({"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}, 5 * MB,
                         frozenset({"learner", "mentor", "admin"})),
    "intro_video": UploadKind({"video/mp4": "mp4", "video/webm": "webm"}, 100 * MB, frozenset({"mentor"})),
    "thumbnail": UploadKind({"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}, 5 * MB,
                            frozenset({"mentor"})),
}


def _check(kind_name: str, role: str, content_type: str, size: int) -> UploadKind:
    kind = KINDS[kind_name]
    if role not in kind.roles:
        raise Forbidden("Only mentors can upload this file.", code="access_denied")
    if content_type not in kind.types:
        allowed = ", ".join(sorted(kind.types))
        raise ValidationFailed({"content_type": f"This file type is not allowed. Use {allowed}."})
    if size > kind.max_bytes:
        raise ValidationFailed({"size": f"The file is too large. The limit is {kind.max_bytes // MB} MB."})
    return kind


def presign(user_id: str, role: str, kind_name: str, content_type: str, size: int) -> UploadOut:
    from chalicelib.accounts.schemas import UploadOut

    kind = _check(kind_name, role, content_type, size)
    key = f"uploads/{user_id}/{kind_name}/{new_id()}.{kind.types[content_type]}"
    post = client("s3").generate_presigned_post(
        Bucket=get_settings().uploads_bucket,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, kind.max_bytes]],
        ExpiresIn=PRESIGN_TTL,
    )
    return UploadOut(url=post["url"], fields=post["fields"], key=key, max_bytes=kind.max_bytes,
                     expires_in=PRESIGN_TTL)


def verify_uploaded(user_id: str, role: str, kind_name: str, key: str) -> None:
    if not key.startswith(f"uploads/{user_id}/{kind_name}/") or ".." in key:
        raise ValidationFailed({"key": "This upload does not belong to you."})
    s3 = client("s3")
    bucket = get_settings().uploads_bucket
    try:
        head = s3.head_object(Bucket=bucket, Key=key)
    except Exception:
        raise ValidationFailed({"key": "The upload was not found. Please upload the file again."}) from None
    try:
        _check(kind_name, role, head.get("ContentType", ""), int(head.get("ContentLength", 0)))
    except ValidationFailed:
        s3.delete_object(Bucket=bucket, Key=key)
        raise


def view_url(key: str | None) -> str | None:
    if not key:
        return None
    url = client("s3").generate_presigned_url(
        "get_object", Params={"Bucket": get_settings().uploads_bucket, "Key": key}, ExpiresIn=3600
    )
    return str(url)
