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

from chalicelib.core.tables import table_specs
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
            "public_url": "https://learn.example.com",
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


def test_prod_tables_are_retained_and_protected(prod):
    for resource in prod.of_type("AWS::DynamoDB::Table").values():
        assert resource["DeletionPolicy"] == "Retain"
        assert resource["Properties"]["DeletionProtectionEnabled"] is True
        assert resource["Properties"]["TableName"].startswith("peerlearn-prod-")


# -- SQS ---------------------------------------------------------------------------------------------------


def test_each_app_queue_has_a_dlq_and_an_alarm(dev):
    queues = dev.of_type("AWS::SQS::Queue")
    by_name = {q["Properties"]["QueueName"]: (lid, q["Properties"]) for lid, q in queues.items()}
    alarms = list(dev.of_type("AWS::CloudWatch::Alarm").values())
    for source in appmodel.sqs_sources():
        _, props = by_name[source.queue_name]
        dlq_id, dlq = by_name[f"{source.queue_name}-dlq"]
        assert props["RedrivePolicy"] == {"deadLetterTargetArn": {"Fn::GetAtt": [dlq_id, "Arn"]}, "maxReceiveCount": 5}
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
    expected = set(appmodel.SET_BY_INFRA) - {"PEERLEARN_PUBLIC_URL"}  # dev has no public_url context
    for function in functions.values():
        env = function["Properties"]["Environment"]["Variables"]
        assert expected <= set(env)
        assert env["PEERLEARN_STAGE"] == "dev" and env["PEERLEARN_TABLE_PREFIX"] == "peerlearn-dev-"
        assert env["PEERLEARN_WS_STAGE"] == "api"
        assert env["PEERLEARN_WS_API_ID"] == {"Ref": "WebsocketAPI"}
        assert "{{resolve:secretsmanager:" in str(env["PEERLEARN_JWT_SECRET"])
    for function in prod.of_type("AWS::Serverless::Function").values():
        env = function["Properties"]["Environment"]["Variables"]
        assert env["PEERLEARN_PUBLIC_URL"] == "https://learn.example.com"
        assert env["PEERLEARN_JWT_SECRET"]["Fn::Join"][1][-1] == ":SecretString:::v-0123}}"  # pinned version


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
    assert "chalicelib/core/__pycache__/tables.cpython-311.pyc" in names
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
