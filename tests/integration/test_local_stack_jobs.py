"""Schedules and the SQS event-source mapping of the local stack."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import boto3
import pytest
import requests

pytestmark = pytest.mark.integration

TEST_QUEUE = "peerlearn-local-test-hooks"


def sqs(stack: Any) -> Any:
    return boto3.session.Session().client("sqs", endpoint_url=stack.info["aws_endpoint_url"],
                                          region_name="ap-south-1", aws_access_key_id="test",
                                          aws_secret_access_key="test")


def deliveries(stack: Any, tag: str) -> list[dict[str, Any]]:
    answer = requests.get(f"{stack.url}/_dev/test-hooks/sqs", params={"tag": tag}, timeout=5)
    answer.raise_for_status()
    return list(answer.json())


def send(stack: Any, **body: Any) -> str:
    tag = uuid.uuid4().hex
    sqs(stack).send_message(QueueUrl=stack.info["queues"][TEST_QUEUE], MessageBody=json.dumps({"tag": tag, **body}))
    return tag


def dlq_bodies(stack: Any) -> list[dict[str, Any]]:
    answer = sqs(stack).receive_message(QueueUrl=stack.info["queues"][TEST_QUEUE + "-dlq"],
                                        MaxNumberOfMessages=10, VisibilityTimeout=0)
    return [json.loads(m["Body"]) for m in answer.get("Messages", [])]


def test_triggering_the_apps_schedule_handler_runs_it_now(local_stack: Any) -> None:
    answer = requests.post(f"{local_stack.url}/_dev/schedule/purge_unverified_accounts", timeout=30)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["ok"] is True and result["error"] is None
    assert result["event"]["detail-type"] == "Scheduled Event" and result["event"]["source"] == "aws.events"
    jobs = {j["name"]: j for j in requests.get(f"{local_stack.url}/_dev/schedule", timeout=5).json()["jobs"]}
    assert jobs["purge_unverified_accounts"]["runs"] >= 1
    assert jobs["purge_unverified_accounts"]["expression"] == "rate(1 hour)"


@pytest.mark.parametrize(("name", "expression"), [
    ("send_session_reminders", "rate(1 minute)"), ("handle_no_shows", "rate(1 minute)"),
    ("prompt_for_feedback", "rate(5 minutes)"), ("settle_payments", "rate(15 minutes)"),
    ("send_monthly_report", "cron(30 0 1 * ? *)"),
])
def test_the_session_jobs_are_scheduled_and_run_cleanly_on_the_stack(local_stack: Any, name: str,
                                                                      expression: str) -> None:
    """The jobs of issue 10 are known to the local scheduler (the cron parses) and run against real
    local DynamoDB without error (their Queries need the new indexes to exist)."""
    jobs = {j["name"]: j for j in requests.get(f"{local_stack.url}/_dev/schedule", timeout=5).json()["jobs"]}
    assert jobs[name]["expression"] == expression
    answer = requests.post(f"{local_stack.url}/_dev/schedule/{name}", timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.json()["ok"] is True and answer.json()["error"] is None, answer.json()


def test_triggering_an_unknown_schedule_is_a_404(local_stack: Any) -> None:
    answer = requests.post(f"{local_stack.url}/_dev/schedule/no_such_job", timeout=5)
    assert answer.status_code == 404
    assert "purge_unverified_accounts" in answer.json()["known"]


def test_the_scheduler_loop_calls_handlers_on_their_interval(local_stack: Any, poll: Callable[..., Any]) -> None:
    def tick_runs() -> int:
        jobs = requests.get(f"{local_stack.url}/_dev/schedule", timeout=5).json()["jobs"]
        return int(next(j["runs"] for j in jobs if j["name"] == "local_test_tick"))

    first = tick_runs()
    poll(lambda: tick_runs() >= first + 2, timeout=10, message="two scheduled ticks")


def test_a_message_that_succeeds_is_delivered_once_and_deleted(local_stack: Any, poll: Callable[..., Any]) -> None:
    tag = send(local_stack, fail="never")
    seen = poll(lambda: deliveries(local_stack, tag), message="the delivery")
    assert [d["receive_count"] for d in seen] == [1]
    assert seen[0]["event_source_arn"].endswith(f":{TEST_QUEUE}")


def test_a_failing_message_is_redelivered_then_succeeds(local_stack: Any, poll: Callable[..., Any]) -> None:
    tag = send(local_stack, fail=1)
    seen = poll(lambda: [d for d in deliveries(local_stack, tag) if d["outcome"] == "ok"], timeout=15,
                message="the successful redelivery")
    outcomes = [(d["receive_count"], d["outcome"]) for d in deliveries(local_stack, tag)]
    assert outcomes == [(1, "failed"), (2, "ok")]
    assert seen


def test_a_message_that_always_fails_ends_in_the_dead_letter_queue(local_stack: Any,
                                                                  poll: Callable[..., Any]) -> None:
    tag = send(local_stack, fail="always")
    dead = poll(lambda: [b for b in dlq_bodies(local_stack) if b.get("tag") == tag], timeout=20,
                message="the message in the DLQ")
    assert dead[0]["fail"] == "always"
    counts = [d["receive_count"] for d in deliveries(local_stack, tag)]
    assert counts == [1, 2, 3]  # maxReceiveCount 3, then SQS's redrive policy moved it


def test_partial_batch_failures_redeliver_only_the_failed_item(local_stack: Any, poll: Callable[..., Any]) -> None:
    ok_tag, bad_tag = uuid.uuid4().hex, uuid.uuid4().hex
    sqs(local_stack).send_message_batch(QueueUrl=local_stack.info["queues"][TEST_QUEUE], Entries=[
        {"Id": "ok", "MessageBody": json.dumps({"tag": ok_tag, "fail": "never"})},
        {"Id": "bad", "MessageBody": json.dumps({"tag": bad_tag, "fail": 1, "partial": True})},
    ])
    poll(lambda: [d for d in deliveries(local_stack, bad_tag) if d["outcome"] == "ok"], timeout=15,
         message="the failed item's redelivery")
    assert [d["receive_count"] for d in deliveries(local_stack, ok_tag)] == [1]
    assert [(d["receive_count"], d["outcome"]) for d in deliveries(local_stack, bad_tag)] == [(1, "failed"), (2, "ok")]
