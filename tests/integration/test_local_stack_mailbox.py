"""The dev mailbox: SES mail captured by moto, as JSON for tests and HTML for people."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import boto3
import pytest
import requests

pytestmark = pytest.mark.integration


def ses(stack: Any) -> Any:
    return boto3.session.Session().client("ses", endpoint_url=stack.info["aws_endpoint_url"],
                                          region_name="ap-south-1", aws_access_key_id="test",
                                          aws_secret_access_key="test")


def send_mail(stack: Any, to: str, subject: str, text: str) -> None:
    ses(stack).send_email(Source="PeerLearn <no-reply@peerlearn.in>", Destination={"ToAddresses": [to]},
                          Message={"Subject": {"Data": subject}, "Body": {"Text": {"Data": text}}})


def mailbox(stack: Any, **params: str) -> list[dict[str, Any]]:
    answer = requests.get(f"{stack.url}/_dev/mailbox.json", params=params, timeout=5)
    answer.raise_for_status()
    return list(answer.json())


def test_mail_sent_through_ses_shows_up_newest_first_and_filterable(local_stack: Any) -> None:
    to, other = f"m-{uuid.uuid4().hex[:8]}@example.com", f"o-{uuid.uuid4().hex[:8]}@example.com"
    send_mail(local_stack, to, "First", "Your code is 111222.")
    send_mail(local_stack, other, "Not yours", "Code 999000.")
    send_mail(local_stack, to, "Second", "Your code is 333444. It expires in 10 minutes.")

    mine = mailbox(local_stack, to=to)
    assert [m["subject"] for m in mine] == ["Second", "First"]
    assert mine[0]["to"] == [to]
    assert mine[0]["from"] == "no-reply@peerlearn.in"
    assert mine[0]["body"].startswith("Your code is 333444.")
    assert mine[0]["codes"] == ["333444"]
    assert mine[0]["timestamp"].endswith("Z") and mine[0]["timestamp_epoch"] >= mine[1]["timestamp_epoch"]
    assert mailbox(local_stack, to=to.upper())[0]["subject"] == "Second"  # addresses compare case-insensitively
    everyone = {m["subject"] for m in mailbox(local_stack)}
    assert {"First", "Second", "Not yours"} <= everyone


def test_the_html_mailbox_is_labelled_local_only_and_escapes_content(local_stack: Any) -> None:
    to = f"h-{uuid.uuid4().hex[:8]}@example.com"
    send_mail(local_stack, to, "<script>alert(1)</script> code", "Your code is 123789.")
    page = requests.get(f"{local_stack.url}/_dev/mailbox", params={"to": to}, timeout=5)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "Dev mailbox — local only" in page.text
    assert "123789" in page.text
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_the_apps_signup_email_reaches_the_mailbox_through_sqs_and_ses(local_stack: Any,
                                                                       poll: Callable[..., Any]) -> None:
    email = f"s-{uuid.uuid4().hex[:8]}@example.com"
    answer = requests.post(f"{local_stack.url}/api/auth/signup", timeout=10, json={
        "role": "learner", "name": "Mail Test", "email": email, "password": "a long enough passphrase 42",
        "profile": {"interests": ["maths"]}})
    assert answer.status_code == 201, answer.text
    mails = poll(lambda: mailbox(local_stack, to=email), message="the verification email")
    assert len(mails) == 1
    assert len(mails[0]["codes"]) == 1 and len(mails[0]["codes"][0]) == 6
