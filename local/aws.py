"""moto in server mode as the local AWS, and the resources the app expects to exist."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger("local.aws")

REGION = "ap-south-1"
DUMMY_ACCESS_KEY = "local-stack-dummy"
DUMMY_SECRET_KEY = "local-stack-dummy-secret"
SES_SENDER = "no-reply@peerlearn.in"


class MotoServer:
    """moto's server in a process of its own (`local.moto_process`) on a free port (0: the OS picks)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._host, self._port = host, port
        self._proc: subprocess.Popen[str] | None = None
        self._bound: int | None = None

    def start(self, timeout: float = 60.0) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "local.moto_process", "--host", self._host, "--port", str(self._port),
             "--region", REGION],
            cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdout is not None
        ready: list[str] = []
        reader = threading.Thread(target=lambda: ready.append(self._proc.stdout.readline()  # type: ignore[union-attr]
                                                              if self._proc else ""), daemon=True)
        reader.start()
        reader.join(timeout)
        line = ready[0] if ready else ""
        if not line.strip():
            self.stop()
            raise RuntimeError(f"moto did not start within {timeout:.0f} s")
        self._bound = int(json.loads(line)["port"])

    @property
    def port(self) -> int:
        if self._bound is None:
            raise RuntimeError("moto is not started")
        return self._bound

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def table_writes(moto_url: str, table: str) -> Callable[[int, float], int]:
    """A wait on the moto process's count of a table's writes (`local.moto_process`): returns once it
    passes `seen`, or after `timeout` seconds, with the count."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy
    base = moto_url.rstrip("/") + "/_local/writes?" + urllib.parse.urlencode({"table": table})

    def wait(seen: int, timeout: float) -> int:
        url = f"{base}&after={int(seen)}&timeout={timeout:.3f}"
        with opener.open(url, timeout=timeout + 10) as resp:
            return int(json.loads(resp.read())["writes"])

    return wait


def isolate_aws_environment(endpoint_url: str, region: str, config_dir: str) -> None:
    """Point every boto3 client in this process at moto, with dummy credentials.

    Real credentials, profiles and config files are removed from the environment on purpose: the
    local stack must never be able to reach a real AWS account, whatever the shell has set."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
                 "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                 "AWS_CONTAINER_CREDENTIALS_FULL_URI"):
        os.environ.pop(name, None)
    os.environ.update({
        "AWS_ENDPOINT_URL": endpoint_url,
        "AWS_ACCESS_KEY_ID": DUMMY_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": DUMMY_SECRET_KEY,
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
        "AWS_EC2_METADATA_DISABLED": "true",
        # no ~/.aws/config (profiles, endpoints, retry modes) may leak in
        "AWS_CONFIG_FILE": os.path.join(config_dir, "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(config_dir, "no-aws-credentials"),
    })


def boto_client(service: str, endpoint_url: str, region: str) -> Any:
    import boto3.session

    return boto3.session.Session().client(
        service, endpoint_url=endpoint_url, region_name=region,
        aws_access_key_id=DUMMY_ACCESS_KEY, aws_secret_access_key=DUMMY_SECRET_KEY,
    )


def create_bucket(endpoint_url: str, region: str, bucket: str, allowed_origins: Iterable[str]) -> None:
    """The uploads bucket, with CORS so the SPA can POST presigned uploads from its origin."""
    s3 = boto_client("s3", endpoint_url, region)
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [{
        "AllowedOrigins": sorted(set(allowed_origins)),
        "AllowedMethods": ["GET", "HEAD", "POST", "PUT"],
        "AllowedHeaders": ["*"],
        "ExposeHeaders": ["ETag", "Location"],
        "MaxAgeSeconds": 3000,
    }]})


def verify_ses_sender(endpoint_url: str, region: str, sender: str = SES_SENDER) -> None:
    ses = boto_client("ses", endpoint_url, region)
    ses.verify_email_identity(EmailAddress=sender)


def create_queue_with_dlq(endpoint_url: str, region: str, name: str, *, visibility_timeout: int,
                          max_receive_count: int) -> tuple[str, str, str]:
    """A queue plus `<name>-dlq` wired by a redrive policy. Returns (url, arn, dlq_url)."""
    sqs = boto_client("sqs", endpoint_url, region)
    fifo = name.endswith(".fifo")
    dlq_name = f"{name[:-5]}-dlq.fifo" if fifo else f"{name}-dlq"
    extra: dict[str, str] = {"FifoQueue": "true"} if fifo else {}
    dlq_url = sqs.create_queue(QueueName=dlq_name,
                               Attributes={"MessageRetentionPeriod": "1209600", **extra})["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    url = sqs.create_queue(QueueName=name, Attributes={
        "VisibilityTimeout": str(visibility_timeout),
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(max_receive_count)}),
        **extra,
    })["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return str(url), str(arn), str(dlq_url)


def create_tables() -> list[str]:
    """Every app table, from the single source of truth the app and infra share."""
    import importlib

    tables = importlib.import_module("chalicelib.tables")
    created = tables.create_all_tables()
    return list(created or [])


def queue_depths(endpoint_url: str, region: str, urls: Mapping[str, str]) -> dict[str, dict[str, int]]:
    sqs = boto_client("sqs", endpoint_url, region)
    out: dict[str, dict[str, int]] = {}
    for name, url in urls.items():
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
        out[name] = {"visible": int(attrs.get("ApproximateNumberOfMessages", 0)),
                     "in_flight": int(attrs.get("ApproximateNumberOfMessagesNotVisible", 0))}
    return out
