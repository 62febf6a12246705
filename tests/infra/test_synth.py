"""Synthesize the CDK app (offline: code-only package, no credentials) and check the CloudFormation template.

Needs aws-cdk-lib (`pip install -r infra/requirements.txt`, ~430 MB) and Node.js; skipped without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aws_cdk", reason="aws-cdk-lib is not installed: pip install -r infra/requirements.txt")

from chalicelib.tables import table_specs
from infra import appmodel

pytestmark = pytest.mark.infra

REGION = "ap-south-1"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # managed origin request policy


@dataclass
class Synth:
    stack: Any
    template: dict[str, Any]
    errors: list[str]

    def of_type(self, kind: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.template["Resources"].items() if v["Type"] == kind}


def _synth(tmp_path_factory, context: dict[str, str]) -> Synth:
    from infra.app import build_app

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CDK_DEFAULT_REGION", REGION)
        mp.delenv("CDK_DEFAULT_ACCOUNT", raising=False)
        out = tmp_path_factory.mktemp("synth") / "cdk.out"
        app, stack = build_app(context, outdir=str(out))
        artifact = app.synth().get_stack_by_name(stack.stack_name)
    errors = [str(m.entry.data) for m in artifact.messages if m.level.name == "ERROR"]
    return Synth(stack, artifact.template, errors)


@pytest.fixture(scope="module")
def dev(tmp_path_factory) -> Synth:
    return _synth(tmp_path_factory, {"stage": "dev", "offline": "true"})


@pytest.fixture(scope="module")
def prod(tmp_path_factory) -> Synth:
    return _synth(
        tmp_path_factory,
        {
            "stage": "prod",
            "offline": "true",
            "jwt_secret_version": "v-0123",
            "razorpay_secret_version": "rzp-0456",
            "public_url": "https://learn.example.com",
            "turn_urls": "turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349?transport=tcp",
            "stun_urls": "stun:turn.example.com:3478",
            "turn_secret_version": "turn-0789",
        },
    )


# -- DynamoDB --------------------------------------------------------------------------------------------


def _key_set(schema: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(k["AttributeName"], k["KeyType"]) for k in schema}


def test_one_table_per_spec_with_matching_keys_indexes_and_ttl(dev):
    tables = {r["Properties"]["TableName"]: r["Properties"] for r in dev.of_type("AWS::DynamoDB::Table").values()}
    specs = table_specs()
    assert len(tables) == len(specs)
    for spec in specs:
        props = tables.pop(f"peerlearn-dev-{spec['base_name']}")
        assert _key_set(props["KeySchema"]) == _key_set(spec["key_schema"])
        types = {a["AttributeName"]: a["AttributeType"] for a in spec["attribute_definitions"]}
        declared = {a["AttributeName"]: a["AttributeType"] for a in props["AttributeDefinitions"]}
        key_names = {k["AttributeName"] for k in spec["key_schema"]} | {
            k["AttributeName"] for g in spec["global_secondary_indexes"] for k in g["key_schema"]
        }
        assert declared == {name: types[name] for name in key_names}
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        if spec["ttl_attribute"]:
            assert props["TimeToLiveSpecification"] == {"AttributeName": spec["ttl_attribute"], "Enabled": True}
        else:
            assert "TimeToLiveSpecification" not in props
        gsis = {g["IndexName"]: g for g in props.get("GlobalSecondaryIndexes", [])}
        assert sorted(gsis) == sorted(g["index_name"] for g in spec["global_secondary_indexes"])
        for g in spec["global_secondary_indexes"]:
            assert _key_set(gsis[g["index_name"]]["KeySchema"]) == _key_set(g["key_schema"])
            assert gsis[g["index_name"]]["Projection"] == g["projection"]
    assert tables == {}


def test_the_event_dispatcher_reads_the_outbox_tables_own_stream(dev):
    tables = dev.of_type("AWS::DynamoDB::Table")
    (outbox_id,) = [k for k, r in tables.items() if r["Properties"]["TableName"] == "peerlearn-dev-events"]
    assert tables[outbox_id]["Properties"]["StreamSpecification"] == {"StreamViewType": "NEW_IMAGE"}
    sources = [(fid, e["Properties"]) for fid, f in dev.of_type("AWS::Serverless::Function").items()
               for e in (f["Properties"].get("Events") or {}).values() if e.get("Type") == "DynamoDB"]
    assert len(sources) == 1, sources
    _, props = sources[0]
    assert props["Stream"] == {"Fn::GetAtt": [outbox_id, "StreamArn"]}  # not the packaging placeholder
    assert props["MaximumRetryAttempts"] == 3 and props["BisectBatchOnFunctionError"] is True


def test_prod_tables_are_retained_and_protected(prod):
    for resource in prod.of_type("AWS::DynamoDB::Table").values():
        assert resource["DeletionPolicy"] == "Retain"
        assert resource["Properties"]["DeletionProtectionEnabled"] is True
        assert resource["Properties"]["TableName"].startswith("peerlearn-prod-")


MONEY_TABLES = ("ledger", "balances", "payments", "refunds", "withdrawals")


def test_payments_tables_synthesize_with_their_indexes_ttl_and_protection(dev, prod):
    def by_name(synth: Synth, stage: str) -> dict[str, dict[str, Any]]:
        prefix = f"peerlearn-{stage}-"
        return {
            r["Properties"]["TableName"].removeprefix(prefix): r for r in synth.of_type("AWS::DynamoDB::Table").values()
        }

    tables = by_name(dev, "dev")
    for base in (*MONEY_TABLES, "payout-accounts", "webhook-events", "reconciliation"):
        assert base in tables, base
    gsis = {
        base: {g["IndexName"] for g in tables[base]["Properties"].get("GlobalSecondaryIndexes", [])} for base in tables
    }
    assert gsis["payments"] == {"by-learner", "by-mentor", "by-booking", "by-status", "feed", "captured-by-day",
                                 "held-earnings"}
    assert gsis["refunds"] == {"by-order", "by-razorpay-id", "by-day", "unsent"}
    assert gsis["ledger"] == {"by-account", "legs-by-month"}  # the monthly report reads the month's fee and refund legs
    assert gsis["withdrawals"] == {"by-owner", "payouts-to-retry"}
    assert gsis["webhook-events"] == {"by-admin-state"}
    assert gsis["reconciliation"] == {"feed"}
    assert "admins" in gsis["users"]  # sparse: who gets dead-letter and reconciliation alerts
    assert tables["webhook-events"]["Properties"]["TimeToLiveSpecification"] == {
        "AttributeName": "expires_at",
        "Enabled": True,
    }
    prod_tables = by_name(prod, "prod")
    for base in MONEY_TABLES:
        for synth_tables, stage in ((tables, "dev"), (prod_tables, "prod")):
            props = synth_tables[base]["Properties"]
            assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}, (stage, base)
        assert prod_tables[base]["Properties"]["DeletionProtectionEnabled"] is True
        assert prod_tables[base]["DeletionPolicy"] == "Retain"


# -- SQS ---------------------------------------------------------------------------------------------------


def _queues_by_name(synth: Synth) -> dict[str, tuple[str, dict[str, Any]]]:
    return {q["Properties"]["QueueName"]: (lid, q["Properties"]) for lid, q in synth.of_type("AWS::SQS::Queue").items()}


def test_each_app_queue_has_a_dlq_and_an_alarm(dev):
    by_name = _queues_by_name(dev)
    alarms = list(dev.of_type("AWS::CloudWatch::Alarm").values())
    for source in appmodel.sqs_sources():
        _, props = by_name[source.queue_name]
        dlq_id, dlq = by_name[f"{source.queue_name}-dlq"]
        assert props["RedrivePolicy"] == {
            "deadLetterTargetArn": {"Fn::GetAtt": [dlq_id, "Arn"]},
            "maxReceiveCount": source.max_receives,
        }
        assert props["VisibilityTimeout"] >= 6 * 60
        dlq_alarms = [
            a
            for a in alarms
            if a["Properties"]["MetricName"] == "ApproximateNumberOfMessagesVisible"
            and a["Properties"]["Dimensions"][0]["Value"] == {"Fn::GetAtt": [dlq_id, "QueueName"]}
        ]
        assert len(dlq_alarms) == 1
        assert dlq_alarms[0]["Properties"]["Threshold"] == 1
        assert dlq_alarms[0]["Properties"]["AlarmActions"]
    consumer = dev.template["Resources"]["SendOutboxEmail"]
    assert consumer["DependsOn"] == [by_name["peerlearn-email-outbox"][0]]


def test_webhook_queue_and_its_consumer(dev):
    from chalicelib.payments import webhooks

    by_name = _queues_by_name(dev)
    queue_id, queue = by_name["peerlearn-razorpay-webhooks"]
    dlq_id, _dlq = by_name["peerlearn-razorpay-webhooks-dlq"]
    assert queue["RedrivePolicy"]["maxReceiveCount"] == webhooks.MAX_RECEIVES == 3
    consumer = dev.template["Resources"]["ProcessRazorpayWebhook"]
    assert consumer["DependsOn"] == [queue_id]
    (event,) = consumer["Properties"]["Events"].values()
    assert event["Type"] == "SQS" and event["Properties"]["BatchSize"] == 1
    # A message must not become visible again while the consumer still runs.
    assert consumer["Properties"]["Timeout"] < queue["VisibilityTimeout"]
    env = consumer["Properties"]["Environment"]["Variables"]
    assert env["PEERLEARN_WEBHOOK_QUEUE"] == {"Fn::GetAtt": [queue_id, "QueueName"]}
    outputs = dev.template["Outputs"]
    assert outputs["PeerlearnRazorpayWebhooksDlqUrl"]["Value"] == {"Ref": dlq_id}
    assert outputs["RazorpayWebhookUrl"]["Value"]["Fn::Join"][1][-1] == "/api/webhooks/razorpay"


def test_reconciliation_runs_daily_at_two_in_the_morning_ist(dev):
    function = dev.template["Resources"]["ReconcilePayments"]
    (event,) = function["Properties"]["Events"].values()
    assert event["Type"] == "Schedule"
    assert event["Properties"]["Schedule"] == "cron(30 20 * * ? *)"  # 20:30 UTC = 02:00 IST
    alarms = [
        a["Properties"]
        for a in dev.of_type("AWS::CloudWatch::Alarm").values()
        if a["Properties"]["MetricName"] == "Errors"
    ]
    # every cron job (a missed run matters: the daily reconciliation, the monthly report) alarms on errors
    alarmed = sorted(a["Dimensions"][0]["Value"]["Ref"] for a in alarms)
    assert alarmed == ["ReconcilePayments", "SendMonthlyReport"]
    assert all(a["AlarmActions"] and a["Namespace"] == "AWS/Lambda" for a in alarms)
    monthly = dev.template["Resources"]["SendMonthlyReport"]
    (event,) = monthly["Properties"]["Events"].values()
    assert event["Properties"]["Schedule"] == "cron(30 0 1 * ? *)"  # 00:30 UTC on the 1st = 06:00 IST


# -- S3 + CloudFront -------------------------------------------------------------------------------------


def test_buckets_are_private_encrypted_and_uploads_allow_presigned_post(dev):
    buckets = dev.of_type("AWS::S3::Bucket")
    assert len(buckets) == 2
    for bucket in buckets.values():
        props = bucket["Properties"]
        assert props["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }
        assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    uploads = dev.template["Resources"]["UploadsBucket5E5E9B64"]["Properties"]
    (rule,) = uploads["CorsConfiguration"]["CorsRules"]
    assert "POST" in rule["AllowedMethods"]
    assert rule["AllowedOrigins"][0]["Fn::Join"][1][1] == {"Fn::GetAtt": ["Distribution830FAC52", "DomainName"]}


def test_distribution_serves_the_spa_and_proxies_api_to_the_rest_stage(dev):
    (dist,) = dev.of_type("AWS::CloudFront::Distribution").values()
    config = dist["Properties"]["DistributionConfig"]
    origins = {o["Id"]: o for o in config["Origins"]}
    default = config["DefaultCacheBehavior"]
    spa_origin = origins[default["TargetOriginId"]]
    assert "OriginAccessControlId" in spa_origin and spa_origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    assert [f["EventType"] for f in default["FunctionAssociations"]] == ["viewer-request"]
    assert config["DefaultRootObject"] == "index.html"
    # No distribution-wide error pages: they would rewrite the API's 403/404 into index.html.
    assert "CustomErrorResponses" not in config

    (api,) = config["CacheBehaviors"]
    assert api["PathPattern"] == "/api/*"
    assert {"POST", "PUT", "PATCH", "DELETE"} <= set(api["AllowedMethods"])
    assert api["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    api_origin = origins[api["TargetOriginId"]]
    assert api_origin["DomainName"]["Fn::Join"][1][0] == {"Ref": "RestAPI"}
    assert "OriginPath" not in api_origin  # /api/x → stage "api", route /x
    policy = dev.template["Resources"][api["CachePolicyId"]["Ref"]]["Properties"]["CachePolicyConfig"]
    assert (policy["DefaultTTL"], policy["MinTTL"]) == (0, 0)
    assert policy["ParametersInCacheKeyAndForwardedToOrigin"]["HeadersConfig"]["Headers"] == ["Authorization"]
    assert dev.template["Resources"]["RestAPI"]["Properties"]["EndpointConfiguration"] == "REGIONAL"


# -- Lambda environment + IAM ----------------------------------------------------------------------------


def test_every_function_gets_the_infra_environment(dev, prod):
    functions = dev.of_type("AWS::Serverless::Function")
    assert {"APIHandler", "SendOutboxEmail", "WebsocketConnect", "WebsocketMessage", "WebsocketDisconnect"} <= set(
        functions
    )
    expected = set(appmodel.SET_BY_INFRA) - set(appmodel.ONLY_WHEN_CONFIGURED)  # dev: no public_url, no TURN
    for function in functions.values():
        env = function["Properties"]["Environment"]["Variables"]
        assert expected <= set(env)
        assert env["PEERLEARN_STAGE"] == "dev" and env["PEERLEARN_TABLE_PREFIX"] == "peerlearn-dev-"
        assert env["PEERLEARN_WS_STAGE"] == "api"
        assert env["PEERLEARN_WS_API_ID"] == {"Ref": "WebsocketAPI"}
        assert "{{resolve:secretsmanager:" in str(env["PEERLEARN_JWT_SECRET"])
        for name, key in appmodel.RAZORPAY_SECRET_FIELDS.items():
            assert env[name]["Fn::Join"][1][-1] == f":SecretString:{key}::}}}}"  # AWSCURRENT, one JSON key each
        # Local stand-ins only: unset on AWS means the real API and Razorpay's checkout.js.
        assert not set(env) & set(appmodel.LOCAL_STACK_ONLY)
        for value in env.values():
            assert "not-configured" not in str(value)  # no secret value is ever inlined
    for function in prod.of_type("AWS::Serverless::Function").values():
        env = function["Properties"]["Environment"]["Variables"]
        assert env["PEERLEARN_PUBLIC_URL"] == "https://learn.example.com"
        assert env["PEERLEARN_JWT_SECRET"]["Fn::Join"][1][-1] == ":SecretString:::v-0123}}"  # pinned version
        for name, key in appmodel.RAZORPAY_SECRET_FIELDS.items():
            assert env[name]["Fn::Join"][1][-1] == f":SecretString:{key}::rzp-0456}}}}"
        assert env["PEERLEARN_TURN_URLS"] == ("turn:turn.example.com:3478?transport=udp,"
                                              "turns:turn.example.com:5349?transport=tcp")
        assert env["PEERLEARN_STUN_URLS"] == "stun:turn.example.com:3478"
        assert env["PEERLEARN_TURN_SECRET"]["Fn::Join"][1][-1] == ":SecretString:::turn-0789}}"  # never inlined
    dev_secrets = {r["Properties"]["Name"] for r in dev.of_type("AWS::SecretsManager::Secret").values()}
    prod_secrets = {r["Properties"]["Name"] for r in prod.of_type("AWS::SecretsManager::Secret").values()}
    assert "peerlearn/dev/turn-secret" not in dev_secrets and "peerlearn/prod/turn-secret" in prod_secrets


def test_razorpay_secret_is_generated_with_placeholders_and_a_random_webhook_secret(dev, prod):
    import json

    for synth, stage in ((dev, "dev"), (prod, "prod")):
        secrets = {r["Properties"]["Name"]: r for r in synth.of_type("AWS::SecretsManager::Secret").values()}
        secret = secrets[f"peerlearn/{stage}/razorpay"]
        generate = secret["Properties"]["GenerateSecretString"]
        assert generate["GenerateStringKey"] == "webhook_secret"
        template = json.loads(generate["SecretStringTemplate"])
        assert set(template) | {"webhook_secret"} == set(appmodel.RAZORPAY_SECRET_FIELDS.values())
        assert "SecretString" not in secret["Properties"]
        assert secret["DeletionPolicy"] == ("Retain" if stage == "prod" else "Delete")


def test_lambda_role_gets_tables_indexes_queue_bucket_ses_and_connections(dev):
    policies = [
        p["Properties"]
        for p in dev.of_type("AWS::IAM::Policy").values()
        if "DefaultRole" in str(p["Properties"]["Roles"])
    ]
    assert len(policies) == 1
    statements = policies[0]["PolicyDocument"]["Statement"]
    granted = str(statements)
    tables = dev.of_type("AWS::DynamoDB::Table")
    ddb = [s for s in statements if "dynamodb:PutItem" in s["Action"]]
    ddb_resources = str([r for s in ddb for r in s["Resource"]])
    for logical_id, table in tables.items():
        assert str({"Fn::GetAtt": [logical_id, "Arn"]}) in ddb_resources
        if table["Properties"].get("GlobalSecondaryIndexes"):
            assert str([{"Fn::GetAtt": [logical_id, "Arn"]}, "/index/*"]) in ddb_resources
    for action in (
        "dynamodb:DescribeTable",
        "dynamodb:ConditionCheckItem",
        "sqs:SendMessage",
        "s3:PutObject",
        "s3:GetObject*",
        "ses:SendEmail",
        "execute-api:ManageConnections",
    ):
        assert action in granted, action
    # Inline policies of one role share a 10,240-character limit: stay far below it.
    assert len(re.sub(r"\s", "", str(policies[0]))) < 6000


# -- the template as a whole -----------------------------------------------------------------------------


def _refs(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                found.add(value)
            elif key == "Fn::GetAtt":
                found.add(value[0] if isinstance(value, list) else value.split(".")[0])
            elif key == "Fn::Sub":
                text, variables = (value, {}) if isinstance(value, str) else (value[0], value[1])
                found |= {m.split(".")[0] for m in re.findall(r"\$\{([^!][^}]*)\}", text)} - set(variables)
                found |= _refs(variables)
            else:
                found |= _refs(value)
    elif isinstance(node, list):
        for item in node:
            found |= _refs(item)
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> list[str] | None:
        if state.get(node) == 2:
            return None
        if state.get(node) == 1:
            return [*path, node]
        state[node] = 1
        for nxt in sorted(graph[node]):
            found = visit(nxt, [*path, node])
            if found:
                return found
        state[node] = 2
        return None

    for start in sorted(graph):
        found = visit(start, [])
        if found:
            return found
    return None


def test_no_dependency_cycles(dev, prod):
    for synth in (dev, prod):
        resources = synth.template["Resources"]
        graph: dict[str, set[str]] = {}
        for lid, resource in resources.items():
            depends = resource.get("DependsOn", [])
            depends = [depends] if isinstance(depends, str) else depends
            graph[lid] = {r for r in _refs(resource.get("Properties", {})) | set(depends) if r in resources}
        assert _cycle(graph) is None
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_lambda_package_ships_unchecked_hash_bytecode(dev):
    import zipfile

    package = Path(dev.stack.chalice._sam_package_dir, "deployment.zip")
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        pyc = archive.read("__pycache__/app.cpython-311.pyc")
    assert dev.stack.chalice.bytecode_added >= len(
        [n for n in names if n.startswith("chalicelib/") and n.endswith(".py")]
    )
    assert "chalicelib/__pycache__/tables.cpython-311.pyc" in names
    assert int.from_bytes(pyc[4:8], "little") == 0b01  # PEP 552: hash-based, source not checked


def test_offline_package_cannot_be_deployed(dev, prod):
    assert dev.stack.chalice.packaging_mode == "offline"
    assert any("WITHOUT its dependencies" in e for e in dev.errors)


def test_unreachable_index_falls_back_to_the_offline_package(tmp_path_factory, monkeypatch):
    from chalice.deploy.packager import NoSuchPackageError

    import infra.stacks.chalice_app as chalice_app
    from infra.app import build_app

    real = chalice_app.api.package_app

    def no_index(*, project_dir: str, **kwargs: Any) -> None:
        if (Path(project_dir) / "requirements.txt").exists():  # chalice would download the dependencies
            raise NoSuchPackageError("pynamodb==6.1.0")
        real(project_dir=project_dir, **kwargs)

    monkeypatch.setattr(chalice_app.api, "package_app", no_index)
    monkeypatch.setenv("CDK_DEFAULT_REGION", REGION)
    _app, stack = build_app({"stage": "dev"}, outdir=str(tmp_path_factory.mktemp("fallback") / "cdk.out"))
    assert stack.chalice.packaging_mode == "offline"
    assert "not reachable" in (stack.chalice.offline_reason or "")
