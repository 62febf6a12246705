"""Every test starts from the same AWS world, whatever ran before it in the process.

The `aws` fixture restores a copy of moto's state per test (`World` in conftest). Each test here
first checks that the world it got is exactly the one the first of them got, then changes every
kind of state a test can leave behind: items in several tables, the market's users, SQS messages,
an S3 object, sent email. Run in any order on one worker, a leak fails the test that runs second.
"""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.core import clients
from tests.functional.conftest import WORLD_ENV, sent_emails

FIRST_SEEN: dict[str, Any] = {}


def fingerprint() -> dict[str, Any]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends
    from moto.ses.models import ses_backends

    tables = dynamodb_backends[DEFAULT_ACCOUNT_ID]["ap-south-1"].tables
    sqs = clients.client("sqs")
    queues = {}
    for name in ("PEERLEARN_EMAIL_QUEUE", "PEERLEARN_WEBHOOK_QUEUE"):
        url = sqs.get_queue_url(QueueName=WORLD_ENV[name])["QueueUrl"]
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
        queues[name] = attrs["Attributes"]["ApproximateNumberOfMessages"]
    objects = clients.client("s3").list_objects_v2(Bucket=WORLD_ENV["PEERLEARN_UPLOADS_BUCKET"]).get("KeyCount", 0)
    return {
        "items": {name: sorted(str(item.to_json()) for item in table.all_items()) for name, table in tables.items()},
        "queues": queues, "objects": objects,
        "sent": len(ses_backends[DEFAULT_ACCOUNT_ID]["ap-south-1"].sent_messages),
    }


def leave_a_mess(api: Any, market: Any | None) -> None:
    sqs, s3 = clients.client("sqs"), clients.client("s3")
    url = sqs.get_queue_url(QueueName=WORLD_ENV["PEERLEARN_WEBHOOK_QUEUE"])["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="{}")
    s3.put_object(Bucket=WORLD_ENV["PEERLEARN_UPLOADS_BUCKET"], Key="left/behind.txt", Body=b"x")
    status, _ = api.call("POST", "/auth/signup", {
        "role": "learner", "name": "Left Behind", "email": "left@example.com", "password": "correct horse battery",
        "timezone": "Asia/Kolkata", "profile": {"interests": ["Python"], "categories": ["Programming"]}})
    assert status == 201
    assert sent_emails("left@example.com")
    if market is not None:
        market.create(title="A session left behind", price_paise=0)
        status, _ = api.call("PATCH", "/me", {"profile": {"bio": "Changed by an earlier test."}},
                             token=market.mentor["access_token"])
        assert status == 200


@pytest.mark.parametrize("run", ["first", "second"])
def test_the_empty_world_is_the_same_for_every_test(api, run):
    seen = fingerprint()
    assert seen == FIRST_SEEN.setdefault("base", seen)
    assert all(not items for items in seen["items"].values()) and seen["sent"] == 0
    leave_a_mess(api, None)
    assert fingerprint() != seen


@pytest.mark.parametrize("run", ["first", "second"])
def test_the_market_world_is_the_same_for_every_test(api, market, run):
    seen = fingerprint()
    assert seen == FIRST_SEEN.setdefault("market", seen)
    _, me = api.call("GET", "/me", token=market.mentor["access_token"])
    assert me["profile"]["bio"] == "I teach Python."
    leave_a_mess(api, market)
    assert fingerprint() != seen
