"""The CDK app's table definitions come 1:1 from `table_specs()`; its Lambda environment covers every
variable the app reads. No aws-cdk-lib needed: infra/tables.py, appmodel.py and config.py are pure."""

from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.core.settings import get_settings
from chalicelib.tables import table_specs
from infra import appmodel
from infra.config import STAGES, ConfigError, load_config
from infra.tables import KeyAttr, SpecError, table_def, table_defs

pytestmark = pytest.mark.infra

REPO = Path(__file__).resolve().parents[2]


def _roles(key_schema):
    return {k["KeyType"]: k["AttributeName"] for k in key_schema}


@pytest.mark.parametrize("stage", STAGES)
def test_every_spec_maps_to_exactly_one_table(stage):
    specs = table_specs()
    defs = {d.base_name: d for d in table_defs(stage)}
    assert sorted(defs) == sorted(s["base_name"] for s in specs)
    assert len({d.table_name for d in defs.values()}) == len(specs)

    for spec in specs:
        d = defs[spec["base_name"]]
        types = {a["AttributeName"]: a["AttributeType"] for a in spec["attribute_definitions"]}
        keys = _roles(spec["key_schema"])
        assert d.partition_key == KeyAttr(keys["HASH"], types[keys["HASH"]])
        assert d.sort_key == (KeyAttr(keys["RANGE"], types[keys["RANGE"]]) if "RANGE" in keys else None)
        assert d.ttl_attribute == spec["ttl_attribute"]
        assert d.billing_mode == "PAY_PER_REQUEST"
        assert d.point_in_time_recovery is True

        indexes = {i.name: i for i in d.global_secondary_indexes}
        assert sorted(indexes) == sorted(g["index_name"] for g in spec["global_secondary_indexes"])
        for gsi in spec["global_secondary_indexes"]:
            index = indexes[gsi["index_name"]]
            gkeys = _roles(gsi["key_schema"])
            assert index.partition_key == KeyAttr(gkeys["HASH"], types[gkeys["HASH"]])
            assert index.sort_key == (KeyAttr(gkeys["RANGE"], types[gkeys["RANGE"]]) if "RANGE" in gkeys else None)
            assert index.projection_type == gsi["projection"]["ProjectionType"]
            assert list(index.non_key_attributes) == list(gsi["projection"].get("NonKeyAttributes", []))


@pytest.mark.parametrize("stage", STAGES)
def test_table_names_are_what_the_app_uses(stage, monkeypatch):
    monkeypatch.setenv("PEERLEARN_STAGE", stage)
    monkeypatch.delenv("PEERLEARN_TABLE_PREFIX", raising=False)
    settings = get_settings()
    for d in table_defs(stage):
        assert d.table_name == settings.table_name(d.base_name) == f"peerlearn-{stage}-{d.base_name}"


def test_mapping_reads_key_roles_not_positions():
    spec = {
        "base_name": "things",
        "key_schema": [{"KeyType": "RANGE", "AttributeName": "sk"}, {"KeyType": "HASH", "AttributeName": "pk"}],
        "attribute_definitions": [
            {"AttributeName": "sk", "AttributeType": "N"},
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "g", "AttributeType": "B"},
        ],
        "global_secondary_indexes": [
            {
                "index_name": "by-g",
                "key_schema": [{"KeyType": "HASH", "AttributeName": "g"}],
                "projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a", "b"]},
            }
        ],
        "ttl_attribute": None,
    }
    d = table_def(spec, "dev")
    assert (d.partition_key, d.sort_key) == (KeyAttr("pk", "S"), KeyAttr("sk", "N"))
    (index,) = d.global_secondary_indexes
    assert (index.partition_key, index.sort_key, index.projection_type, index.non_key_attributes) == (
        KeyAttr("g", "B"),
        None,
        "INCLUDE",
        ("a", "b"),
    )
    assert d.construct_id == "TableThings" and d.table_name == "peerlearn-dev-things"


@pytest.mark.parametrize(
    "broken",
    [
        {"key_schema": [{"KeyType": "HASH", "AttributeName": "missing"}]},
        {"key_schema": [{"KeyType": "RANGE", "AttributeName": "pk"}]},
        {"key_schema": [{"KeyType": "HASH", "AttributeName": "pk"}, {"KeyType": "HASH", "AttributeName": "pk"}]},
    ],
)
def test_unmappable_specs_are_rejected(broken):
    spec = {
        "base_name": "x",
        "attribute_definitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "global_secondary_indexes": [],
        "ttl_attribute": None,
        **broken,
    }
    with pytest.raises(SpecError):
        table_def(spec, "dev")


def test_every_variable_the_app_reads_has_an_owner():
    read = appmodel.env_vars_read_by_app()
    owners = {
        "infra": set(appmodel.SET_BY_INFRA),
        "infra (secret)": set(appmodel.SECRETS_BY_INFRA),
        "chalice config": set(appmodel.SET_BY_CHALICE_CONFIG),
        "lambda runtime": set(appmodel.SET_BY_LAMBDA_RUNTIME),
        "app default": set(appmodel.APP_DEFAULTS_IN_AWS),
        "local stack": set(appmodel.LOCAL_STACK_ONLY),
    }
    everyone = set().union(*owners.values())
    assert sum(len(v) for v in owners.values()) == len(everyone), "a variable is listed under two owners"
    assert read - everyone == set(), "new environment variables: say who sets them in infra/appmodel.py"
    assert set(appmodel.SET_BY_INFRA) - read == set(), "infra sets variables the app no longer reads"
    assert set(appmodel.SECRETS_BY_INFRA) - read == set(), "infra sets secrets the app no longer reads"


def test_no_environment_read_escapes_the_prefix_scan():
    # The owner check above finds names by prefix; this finds every os.environ / os.getenv read by syntax
    # (also through helpers like settings._int), so a read of a new vendor's variable cannot slip past.
    reads = appmodel.env_reads_by_app()
    assert reads - appmodel.env_vars_read_by_app() == set(), "extend appmodel.ENV_PREFIXES"
    assert set(appmodel.SECRETS_BY_INFRA) | {"RAZORPAY_BASE_URL", "RAZORPAY_CHECKOUT_URL"} <= reads
    assert {"PEERLEARN_WEBHOOK_QUEUE", "PEERLEARN_GIFT_MAX_PAISE", "PEERLEARN_MAX_SEATS"} <= reads


def test_env_read_detection_follows_helpers():
    source = """
import os
from os import environ, getenv

def _int(name, default):
    raw = os.environ.get(name)
    return int(raw) if raw else default

A = _int("STRIPE_LIMIT", 3)
B = environ["VENDOR_KEY"]
C = getenv("OTHER_TOKEN")
D = "PLAIN_FLAG" in os.environ
E = os.environ.setdefault("LAST_ONE", "x")
F = str("NOT_AN_ENV_READ")
"""
    assert appmodel._env_reads_in(source) == {"STRIPE_LIMIT", "VENDOR_KEY", "OTHER_TOKEN", "PLAIN_FLAG", "LAST_ONE"}


def test_operations_doc_lists_every_variable():
    doc = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    missing = sorted(name for name in appmodel.env_vars_read_by_app() if f"`{name}`" not in doc)
    assert missing == []


def test_lambda_environment_sets_every_infra_variable():
    env = appmodel.lambda_environment(
        table_prefix="peerlearn-dev-",
        uploads_bucket="b",
        email_queue="q",
        webhook_queue="w",
        email_sender="A <a@x.in>",
        jwt_secret="s" * 64,
        razorpay_secrets={name: "x" for name in appmodel.SECRETS_BY_INFRA},
        ws_api_id="abc",
        ws_domain="abc.execute-api.ap-south-1.amazonaws.com",
        ws_stage="api",
        public_url="https://learn.example.com",
        turn_urls=["turn:t.example.com:3478", "turns:t.example.com:5349?transport=tcp"],
        stun_urls=["stun:t.example.com:3478"],
        turn_secret="{{resolve:secretsmanager:turn}}",
    )
    assert sorted(env) == sorted(appmodel.SET_BY_INFRA + appmodel.SECRETS_BY_INFRA)
    assert env["PEERLEARN_TURN_URLS"] == "turn:t.example.com:3478,turns:t.example.com:5349?transport=tcp"
    assert env["PEERLEARN_WS_URL"] == "wss://abc.execute-api.ap-south-1.amazonaws.com/api"
    assert env["PEERLEARN_WEBHOOK_QUEUE"] == "w"
    assert not set(env) & set(appmodel.LOCAL_STACK_ONLY)  # RAZORPAY_BASE_URL etc. stay unset on AWS
    with pytest.raises(AssertionError):
        appmodel.lambda_environment(
            table_prefix="p",
            uploads_bucket="b",
            email_queue="q",
            webhook_queue="w",
            email_sender=None,
            jwt_secret="s",
            ws_api_id="a",
            ws_domain="d",
            ws_stage="api",
            public_url=None,
            razorpay_secrets={"RAZORPAY_KEY_ID": "x"},
        )


def test_queues_are_the_ones_the_app_consumes():
    sources = appmodel.sqs_sources()
    assert sources, "app.py has no @app.on_sqs_message handler"
    defaults = appmodel.app_defaults()
    assert {defaults.email_queue_name, defaults.webhook_queue_name} <= {s.queue_name for s in sources}


def test_redrive_count_comes_from_the_consumer():
    from chalicelib.payments import webhooks

    by_queue = {s.queue_name: s for s in appmodel.sqs_sources()}
    webhook = by_queue[appmodel.app_defaults().webhook_queue_name]
    # The consumer records the event as dead on its last receive: the queue must give up at the same count.
    assert webhook.max_receives == webhooks.MAX_RECEIVES == 3
    assert webhook.batch_size == 1
    assert by_queue["peerlearn-email-outbox"].max_receives == appmodel.DEFAULT_MAX_RECEIVES


def test_websocket_stage_is_the_api_stage():
    # chalice has no separate websocket stage setting: both APIs deploy under api_gateway_stage.
    assert appmodel.chalice_config("dev").api_gateway_stage == "api"


def _ctx(**values):
    return values.get


def test_config_defaults_and_validation():
    cfg = load_config(_ctx(), {"AWS_REGION": "ap-south-1"}, default_sender="PeerLearn <no-reply@peerlearn.in>")
    assert (cfg.stage, cfg.region, cfg.account, cfg.ses_identity, cfg.offline) == (
        "dev",
        "ap-south-1",
        None,
        "peerlearn.in",
        False,
    )
    assert cfg.table_prefix == "peerlearn-dev-"
    assert cfg.razorpay_secret_version is None and cfg.jwt_secret_version is None
    assert cfg.turn_urls == () and cfg.stun_urls == ()  # no TURN server unless one is named

    prod = load_config(
        _ctx(
            stage="prod",
            domain_name="learn.example.com",
            certificate_arn="arn:cert",
            extra_cors_origins="http://localhost:5173/, ",
            offline="true",
            email_sender="PeerLearn <hello@example.com>",
            turn_urls=" turn:t.example.com:3478 , turns:t.example.com:5349?transport=tcp",
        ),
        {"CDK_DEFAULT_REGION": "ap-south-1", "CDK_DEFAULT_ACCOUNT": "123"},
        default_sender=None,
    )
    assert prod.public_url == "https://learn.example.com" and prod.extra_cors_origins == ("http://localhost:5173",)
    assert prod.is_prod and prod.offline and prod.account == "123"
    assert prod.turn_urls == ("turn:t.example.com:3478", "turns:t.example.com:5349?transport=tcp")

    for context, env in [
        (_ctx(stage="staging"), {"AWS_REGION": "ap-south-1"}),
        (_ctx(), {}),
        (_ctx(domain_name="learn.example.com"), {"AWS_REGION": "ap-south-1"}),
        (_ctx(public_url="learn.example.com"), {"AWS_REGION": "ap-south-1"}),
        (_ctx(turn_urls="https://turn.example.com"), {"AWS_REGION": "ap-south-1"}),
        (_ctx(stun_urls="turn:t.example.com"), {"AWS_REGION": "ap-south-1"}),
    ]:
        with pytest.raises(ConfigError):
            load_config(context, env, default_sender="a@b.in")
