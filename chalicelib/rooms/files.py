"""The room's files in S3: resources and whiteboard snapshots (presigned POST, type and size
limited, HEAD-checked on completion) and recordings (multipart upload, presigned UploadPart).
Downloads are presigned GETs valid for 5 minutes, for participants only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.core import clock
from chalicelib.core import events as outbox
from chalicelib.core.clients import client
from chalicelib.core.errors import BadRequest, Conflict, NotFound, ValidationFailed
from chalicelib.core.ids import new_id
from chalicelib.core.models import tx_connection
from chalicelib.core.settings import get_settings
from chalicelib.rooms import state
from chalicelib.rooms.access import Room, member, mentor_of
from chalicelib.rooms.events import RecordingCompleted
from chalicelib.rooms.models import RoomFile

if TYPE_CHECKING:
    from chalicelib.rooms.schemas import (
        PartDone,
        PartUrlOut,
        RecordingOut,
        RecordingStartOut,
        ResourceIn,
        ResourceOut,
        ResourceUploadOut,
    )

MB = 1024 * 1024
UPLOAD_TTL = 300
DOWNLOAD_TTL = 300
PART_TTL = 900
MAX_LISTED = 100  # a session's files; a page of the partition


@dataclass(frozen=True)
class FileKind:
    types: dict[str, str]  # content type → extension
    max_bytes: int


RESOURCE_TYPES = {
    "application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp",
    "text/plain": "txt", "text/markdown": "md",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/zip": "zip",
}
KINDS = {
    "file": FileKind(RESOURCE_TYPES, 25 * MB),
    "whiteboard": FileKind({"image/png": "png"}, 5 * MB),
}
RECORDING_TYPES = {"video/webm": "webm"}
MAX_RECORDING_BYTES = 5 * 1024 * MB


def _bucket() -> str:
    return get_settings().uploads_bucket


def _safe_name(filename: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._\- ]+", "_", filename).strip(" .") or "file"
    return name[:120]


def _check(kind_name: str, content_type: str, size: int) -> FileKind:
    kind = KINDS[kind_name]
    if content_type not in kind.types:
        allowed = ", ".join(sorted(kind.types.values()))
        raise ValidationFailed({"content_type": f"This file type is not allowed. Use {allowed}."})
    if not 1 <= size <= kind.max_bytes:
        raise ValidationFailed({"size_bytes": f"The file is too large. The limit is {kind.max_bytes // MB} MB."})
    return kind


def _download_url(f: RoomFile) -> str:
    url = client("s3").generate_presigned_url(
        "get_object", ExpiresIn=DOWNLOAD_TTL,
        Params={"Bucket": _bucket(), "Key": f.s3_key,
                "ResponseContentDisposition": f'attachment; filename="{_safe_name(f.filename)}"'})
    return str(url)


def _file_id() -> str:
    return f"{int(clock.now() * 1000):015d}{new_id()[-10:]}"


def _load(room: Room, file_id: str, kinds: tuple[str, ...]) -> RoomFile:
    if not file_id or len(file_id) > 64:
        raise NotFound("We couldn't find that file.")
    try:
        f = RoomFile.get(room.code, file_id, consistent_read=True)
    except RoomFile.DoesNotExist:
        raise NotFound("We couldn't find that file.") from None
    if f.kind not in kinds:
        raise NotFound("We couldn't find that file.")
    return f


# ---------- resources and snapshots ----------

def start_resource(user_id: str, role: str, room_code: str, data: ResourceIn) -> ResourceUploadOut:
    from chalicelib.rooms.schemas import ResourceUploadOut

    room = mentor_of(room_code, user_id, role)
    kind = _check(data.kind, data.content_type, data.size_bytes)
    file_id = _file_id()
    key = f"rooms/{room.code}/{data.kind}/{file_id}.{kind.types[data.content_type]}"
    post = client("s3").generate_presigned_post(
        Bucket=_bucket(), Key=key, Fields={"Content-Type": data.content_type},
        Conditions=[{"Content-Type": data.content_type}, ["content-length-range", 1, kind.max_bytes]],
        ExpiresIn=UPLOAD_TTL)
    RoomFile(room_code=room.code, file_id=file_id, kind=data.kind, status="pending", s3_key=key,
             filename=data.filename, content_type=data.content_type, size_bytes=data.size_bytes, owner_id=user_id,
             created_at=clock.now_int()).save()
    return ResourceUploadOut(resource_id=file_id, url=str(post["url"]),
                             fields={k: str(v) for k, v in post["fields"].items()}, expires_in=UPLOAD_TTL)


def complete_resource(user_id: str, role: str, room_code: str, file_id: str) -> ResourceOut:
    from chalicelib.rooms.schemas import ResourceOut

    room = mentor_of(room_code, user_id, role)
    f = _load(room, file_id, ("file", "whiteboard"))
    if f.status != "ready":
        s3 = client("s3")
        try:
            head = s3.head_object(Bucket=_bucket(), Key=f.s3_key)
        except Exception:
            raise ValidationFailed({"resource_id": "The upload was not found. Please upload the file again."}) from None
        size = int(head.get("ContentLength", 0))
        try:
            _check(f.kind, str(head.get("ContentType", "")), size)
        except ValidationFailed:
            s3.delete_object(Bucket=_bucket(), Key=f.s3_key)
            raise
        now = clock.now_int()
        try:
            f.update(actions=[RoomFile.status.set("ready"), RoomFile.size_bytes.set(size),
                              RoomFile.uploaded_at.set(now)], condition=RoomFile.status == "pending")
        except UpdateError:
            f = _load(room, file_id, ("file", "whiteboard"))
    return ResourceOut.from_model(f, _download_url(f))


def resources_of(room: Room) -> list[ResourceOut]:
    from chalicelib.rooms.schemas import ResourceOut

    return [ResourceOut.from_model(f, _download_url(f))
            for f in RoomFile.query(room.code, limit=MAX_LISTED)
            if f.kind in ("file", "whiteboard") and f.status == "ready"]


def list_resources(user_id: str, role: str, room_code: str) -> list[ResourceOut]:
    room, _ = member(room_code, user_id, role)
    return resources_of(room)


# ---------- recordings ----------

def start_recording(user_id: str, role: str, room_code: str, content_type: str) -> RecordingStartOut:
    from chalicelib.rooms.schemas import RecordingStartOut

    room = mentor_of(room_code, user_id, role)
    st = state.read_state(room)
    if st is None or st.recording_status != "recording":
        raise Conflict("Recording needs everyone's consent first.", code="no_consent")
    if content_type not in RECORDING_TYPES:
        raise ValidationFailed({"content_type": "Recordings are video/webm."})
    file_id = _file_id()
    key = f"rooms/{room.code}/recordings/{file_id}.{RECORDING_TYPES[content_type]}"
    upload = client("s3").create_multipart_upload(Bucket=_bucket(), Key=key, ContentType=content_type)
    RoomFile(room_code=room.code, file_id=file_id, kind="recording", status="pending", s3_key=key,
             filename=f"recording-{room.code}-{file_id}.webm", content_type=content_type, size_bytes=0,
             upload_id=str(upload["UploadId"]), owner_id=user_id, created_at=clock.now_int()).save()
    return RecordingStartOut(recording_id=file_id, upload_id=str(upload["UploadId"]))


def part_url(user_id: str, role: str, room_code: str, recording_id: str, part_number: int) -> PartUrlOut:
    from chalicelib.rooms.schemas import PartUrlOut

    room = mentor_of(room_code, user_id, role)
    f = _load(room, recording_id, ("recording",))
    if f.status != "pending":
        raise Conflict("This recording is already complete.", code="stale_state")
    url = client("s3").generate_presigned_url(
        "upload_part", ExpiresIn=PART_TTL,
        Params={"Bucket": _bucket(), "Key": f.s3_key, "UploadId": f.upload_id, "PartNumber": part_number})
    return PartUrlOut(url=str(url), expires_in=PART_TTL)


def complete_recording(user_id: str, role: str, room_code: str, recording_id: str,
                       parts: list[PartDone]) -> RecordingOut:
    from chalicelib.rooms.schemas import RecordingOut

    room = mentor_of(room_code, user_id, role)
    f = _load(room, recording_id, ("recording",))
    if f.status == "ready":
        return RecordingOut.from_model(f, _download_url(f))
    numbers = [p.part_number for p in parts]
    if len(set(numbers)) != len(numbers):
        raise BadRequest("Each part number once, please.", code="bad_parts")
    s3 = client("s3")
    try:
        s3.complete_multipart_upload(
            Bucket=_bucket(), Key=f.s3_key, UploadId=f.upload_id,
            MultipartUpload={"Parts": [{"PartNumber": p.part_number, "ETag": p.etag}
                                       for p in sorted(parts, key=lambda p: p.part_number)]})
        head = s3.head_object(Bucket=_bucket(), Key=f.s3_key)
    except Exception as exc:
        code = getattr(exc, "response", {}).get("Error", {}).get("Code", "") if hasattr(exc, "response") else ""
        raise BadRequest(f"S3 refused the parts ({code or 'error'}); upload them again.", code="bad_parts") from None
    size = int(head.get("ContentLength", 0))
    if size > MAX_RECORDING_BYTES:
        s3.delete_object(Bucket=_bucket(), Key=f.s3_key)
        raise ValidationFailed({"parts": "The recording is larger than 5 GB."})
    now = clock.now_int()
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.update(f, actions=[RoomFile.status.set("ready"), RoomFile.size_bytes.set(size),
                                  RoomFile.uploaded_at.set(now)], condition=RoomFile.status == "pending")
            outbox.record(tx, RecordingCompleted(session_id=room.session_id, room_code=room.code,
                                                 recording_id=recording_id, size_bytes=size))
    except TransactWriteError:
        pass  # completed by a racing call
    f = _load(room, recording_id, ("recording",))
    return RecordingOut.from_model(f, _download_url(f) if f.status == "ready" else None)


def recordings_of(room: Room) -> list[RecordingOut]:
    from chalicelib.rooms.schemas import RecordingOut

    return [RecordingOut.from_model(f, _download_url(f) if f.status == "ready" else None)
            for f in RoomFile.query(room.code, limit=MAX_LISTED) if f.kind == "recording"]


def list_recordings(user_id: str, role: str, room_code: str) -> list[RecordingOut]:
    room, _ = member(room_code, user_id, role)
    return recordings_of(room)
