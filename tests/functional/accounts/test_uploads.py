"""Profile picture and intro video through presigned S3 POST, with type and size limits."""

from __future__ import annotations

import pytest

from chalicelib.core.clients import client
from chalicelib.core.settings import get_settings


def _put(key: str, content_type: str, size: int) -> None:
    client("s3").put_object(Bucket=get_settings().uploads_bucket, Key=key, Body=b"x" * size, ContentType=content_type)


def test_avatar_upload_round_trip(api, make_user):
    token = make_user()["access_token"]
    status, post = api.call("POST", "/me/uploads", {"kind": "avatar", "content_type": "image/png", "size": 2048}, token=token)
    assert status == 201
    assert post["fields"]["Content-Type"] == "image/png" and post["key"].endswith(".png")
    assert post["max_bytes"] == 5 * 1024 * 1024 and "policy" in post["fields"]
    _put(post["key"], "image/png", 2048)
    status, me = api.call("POST", "/me/uploads/complete", {"kind": "avatar", "key": post["key"]}, token=token)
    assert status == 200 and post["key"] in me["avatar_url"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "avatar", "content_type": "image/gif", "size": 100}, "content_type"),
        ({"kind": "avatar", "content_type": "application/x-sh", "size": 100}, "content_type"),
        ({"kind": "avatar", "content_type": "image/png", "size": 5 * 1024 * 1024 + 1}, "size"),
        ({"kind": "avatar", "content_type": "image/png", "size": 0}, "size"),
        ({"kind": "resume", "content_type": "image/png", "size": 10}, "kind"),
    ],
)
def test_wrong_type_or_too_large_is_refused(api, make_user, body, field):
    token = make_user()["access_token"]
    status, data = api.call("POST", "/me/uploads", body, token=token)
    assert status == 400 and field in data["fields"], data


def test_learners_cannot_upload_intro_videos_mentors_can(api, make_user):
    learner, mentor = make_user("learner"), make_user("mentor")
    body = {"kind": "intro_video", "content_type": "video/mp4", "size": 50 * 1024 * 1024}
    assert api.call("POST", "/me/uploads", body, token=learner["access_token"])[0] == 403
    status, post = api.call("POST", "/me/uploads", body, token=mentor["access_token"])
    assert status == 201
    status, _ = api.call("POST", "/me/uploads", {**body, "size": 101 * 1024 * 1024}, token=mentor["access_token"])
    assert status == 400


def test_completion_rechecks_what_actually_arrived(api, make_user):
    token = make_user()["access_token"]
    _, post = api.call("POST", "/me/uploads", {"kind": "avatar", "content_type": "image/png", "size": 10}, token=token)
    _put(post["key"], "text/html", 10)  # a store that ignored the policy
    status, data = api.call("POST", "/me/uploads/complete", {"kind": "avatar", "key": post["key"]}, token=token)
    assert status == 400 and "content_type" in data["fields"]
    _, me = api.call("GET", "/me", token=token)
    assert me["avatar_url"] is None


def test_cannot_attach_someone_elses_or_missing_upload(api, make_user):
    a, b = make_user(), make_user()
    _, post = api.call("POST", "/me/uploads", {"kind": "avatar", "content_type": "image/png", "size": 10},
                       token=a["access_token"])
    _put(post["key"], "image/png", 10)
    status, data = api.call("POST", "/me/uploads/complete", {"kind": "avatar", "key": post["key"]}, token=b["access_token"])
    assert status == 400 and "belong" in data["fields"]["key"]
    uid = a["user"]["user_id"]
    status, data = api.call("POST", "/me/uploads/complete", {"kind": "avatar", "key": f"uploads/{uid}/avatar/nope.png"},
                            token=a["access_token"])
    assert status == 400 and "not found" in data["fields"]["key"]
