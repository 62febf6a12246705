"""One stage of PeerLearn: the Chalice app (REST + WebSocket APIs, Lambdas) and everything around it.

Dependency cycles to keep in mind when editing: CloudFront → REST API → APIHandler, so nothing the
Lambda environment references may depend on the distribution. That is why the uploads bucket has a
computed physical name (its CORS rules reference the distribution) and why `PEERLEARN_PUBLIC_URL`
comes from context rather than from the distribution's domain.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra import appmodel
from infra.config import DeployConfig
from infra.stacks.chalice_app import PeerLearnChalice
from infra.tables import IndexDef, KeyAttr, TableDef, table_defs

API_PATH = "api"  # the SPA calls /api/*; the REST API stage has the same name, so no path rewrite
# Placeholders of the Razorpay secret until an operator stores the real values (docs/operations.md).
# The webhook secret is generated instead: a known placeholder would let anyone sign webhooks.
RAZORPAY_UNSET = "not-configured"

# Deep links of the SPA (no file extension in the last path segment) are answered with index.html.
# A viewer-request function, not distribution-wide 403/404 error responses: those would also turn the
# API's own 403/404 JSON answers under /api/* into "200 index.html".
SPA_ROUTING_FUNCTION = """
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
""".strip()

_ATTR_TYPES = {
    "S": dynamodb.AttributeType.STRING,
    "N": dynamodb.AttributeType.NUMBER,
    "B": dynamodb.AttributeType.BINARY,
}
_PROJECTIONS = {
    "ALL": dynamodb.ProjectionType.ALL,
    "KEYS_ONLY": dynamodb.ProjectionType.KEYS_ONLY,
    "INCLUDE": dynamodb.ProjectionType.INCLUDE,
}


def _attr(key: KeyAttr | None) -> dynamodb.Attribute | None:
    return dynamodb.Attribute(name=key.name, type=_ATTR_TYPES[key.type]) if key else None


class PeerLearnStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, cfg: DeployConfig, **kwargs: Any) -> None:
        super().__init__(
            scope,
            construct_id,
            stack_name=cfg.stack_name,
            env=cdk.Environment(account=cfg.account, region=cfg.region),
            description=f"PeerLearn ({cfg.stage}): Chalice app, DynamoDB, SQS, S3, CloudFront",
            **kwargs,
        )
        self.cfg = cfg
        cdk.Tags.of(self).add("project", "peerlearn")
        cdk.Tags.of(self).add("stage", cfg.stage)
        self.removal = cdk.RemovalPolicy.RETAIN if cfg.is_prod else cdk.RemovalPolicy.DESTROY

        chalice_app = appmodel.load_chalice_app()
        chalice_config = appmodel.chalice_config(cfg.stage)
        self.api_stage: str = chalice_config.api_gateway_stage
        if self.api_stage != API_PATH:
            raise ValueError(f"api_gateway_stage must be {API_PATH!r} (the SPA and CloudFront use /{API_PATH}/*)")

        self.table_defs = table_defs(cfg.stage)
        self.tables = {d.base_name: self._table(d) for d in self.table_defs}
        self.alarm_topic = self._alarm_topic()
        self.sqs_sources = appmodel.sqs_sources(chalice_app)
        self.queues = {s.queue_name: self._queue_with_dlq(s.queue_name, s.max_receives) for s in self.sqs_sources}
        self.jwt_secret = self._jwt_secret()
        self.razorpay_secret = self._razorpay_secret()
        self.turn_secret = self._turn_secret() if cfg.turn_urls else None
        # A computed name instead of a Ref: the bucket's CORS rules reference the distribution.
        self.uploads_bucket_name = f"{cfg.resource_prefix}-uploads-{self.account}-{self.region}"

        defaults = appmodel.app_defaults()
        for what, name in (("email", defaults.email_queue_name), ("webhook", defaults.webhook_queue_name)):
            if name not in self.queues:
                raise ValueError(f"the app's {what} queue {name!r} has no @app.on_sqs_message consumer")
        # Logical ids chalice gives the WebSocket API (checked after packaging, below).
        ws_api_id = cdk.Fn.ref("WebsocketAPI")
        ws_domain = cdk.Fn.join("", [ws_api_id, ".execute-api.", self.region, ".", self.url_suffix])
        environment = appmodel.lambda_environment(
            table_prefix=cfg.table_prefix,
            uploads_bucket=self.uploads_bucket_name,
            email_queue=self.queues[defaults.email_queue_name][0].queue_name,
            webhook_queue=self.queues[defaults.webhook_queue_name][0].queue_name,
            email_sender=cfg.email_sender,
            jwt_secret=self._jwt_secret_value(),
            razorpay_secrets=self._razorpay_secret_values(),
            ws_api_id=ws_api_id,
            ws_domain=ws_domain,
            ws_stage=self.api_stage,  # chalice deploys the WebSocket API under api_gateway_stage too
            public_url=cfg.public_url,
            turn_urls=cfg.turn_urls,
            stun_urls=cfg.stun_urls,
            turn_secret=self._turn_secret_value(),
        )
        self.chalice = PeerLearnChalice(
            self,
            "ChaliceApp",
            source_dir=str(appmodel.REPO_ROOT),
            stage=cfg.stage,
            stage_config={
                "environment_variables": environment,
                # CloudFront sits in front: an edge-optimized API would add a second CloudFront hop.
                "api_gateway_endpoint_type": "REGIONAL",
            },
            prebuilt_dir=cfg.chalice_package,
            offline=cfg.offline,
            bytecode=cfg.bytecode,
        )
        self._check_packaged_template()
        self._set_queue_visibility()
        self._wire_event_stream()
        self._alarm_on_failed_daily_jobs()

        self.uploads_bucket = self._uploads_bucket()
        self.spa_bucket, self.distribution = self._spa_and_distribution()
        self._configure_uploads_cors()
        self._grant_to_lambda_roles()
        self._outputs(ws_domain)

    # -- DynamoDB ------------------------------------------------------------------------------------

    def _table(self, d: TableDef) -> dynamodb.Table:
        table = dynamodb.Table(
            self,
            d.construct_id,
            table_name=d.table_name,
            partition_key=_attr(d.partition_key),
            sort_key=_attr(d.sort_key),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=d.point_in_time_recovery
            ),
            time_to_live_attribute=d.ttl_attribute,
            stream=dynamodb.StreamViewType[d.stream_view_type] if d.stream_view_type else None,
            deletion_protection=self.cfg.is_prod,
            removal_policy=self.removal,
        )
        for index in d.global_secondary_indexes:
            table.add_global_secondary_index(**self._gsi_props(index))
        return table

    @staticmethod
    def _gsi_props(index: IndexDef) -> dict[str, Any]:
        props: dict[str, Any] = {
            "index_name": index.name,
            "partition_key": _attr(index.partition_key),
            "projection_type": _PROJECTIONS[index.projection_type],
        }
        if index.sort_key:
            props["sort_key"] = _attr(index.sort_key)
        if index.non_key_attributes:
            props["non_key_attributes"] = list(index.non_key_attributes)
        return props

    # -- SQS + alarms -------------------------------------------------------------------------------

    def _alarm_topic(self) -> sns.Topic:
        topic = sns.Topic(self, "AlarmTopic", display_name=f"PeerLearn {self.cfg.stage} alarms", enforce_ssl=True)
        if self.cfg.alarm_email:
            topic.add_subscription(subscriptions.EmailSubscription(self.cfg.alarm_email))
        return topic

    def _queue_with_dlq(self, name: str, max_receives: int) -> tuple[sqs.Queue, sqs.Queue]:
        cid = "".join(p.capitalize() for p in name.split("-"))
        dlq = sqs.Queue(
            self,
            f"{cid}Dlq",
            queue_name=f"{name}-dlq",
            retention_period=cdk.Duration.days(14),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            removal_policy=self.removal,
        )
        queue = sqs.Queue(
            self,
            f"{cid}Queue",
            queue_name=name,  # exactly the name in @app.on_sqs_message(queue=...)
            retention_period=cdk.Duration.days(4),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            # The consumer's own MAX_RECEIVES when it declares one (the webhook consumer: 3).
            dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=max_receives, queue=dlq),
            removal_policy=self.removal,
        )
        action = cw_actions.SnsAction(self.alarm_topic)
        dlq_alarm = cloudwatch.Alarm(
            self,
            f"{cid}DlqDepthAlarm",
            alarm_name=f"{self.cfg.resource_prefix}-{name}-dlq-not-empty",
            alarm_description=f"Messages in {name}-dlq: they failed {max_receives} times. "
            "See docs/operations.md (Alarms and the DLQ).",
            metric=dlq.metric_approximate_number_of_messages_visible(
                period=cdk.Duration.minutes(5), statistic=cloudwatch.Stats.MAXIMUM
            ),
            threshold=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        age_alarm = cloudwatch.Alarm(
            self,
            f"{cid}AgeAlarm",
            alarm_name=f"{self.cfg.resource_prefix}-{name}-backlog",
            alarm_description=f"The oldest message in {name} is older than 15 minutes: the consumer is stuck.",
            metric=queue.metric_approximate_age_of_oldest_message(
                period=cdk.Duration.minutes(5), statistic=cloudwatch.Stats.MAXIMUM
            ),
            threshold=900,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=3,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        for alarm in (dlq_alarm, age_alarm):
            alarm.add_alarm_action(action)
            alarm.add_ok_action(action)
        return queue, dlq

    def _set_queue_visibility(self) -> None:
        """Visibility timeout ≥ 6 × the consumer's Lambda timeout (AWS guidance for SQS event sources)."""
        for logical_id in self.chalice.logical_ids("AWS::Serverless::Function"):
            props = self.chalice.resource_properties(logical_id)
            for event in (props.get("Events") or {}).values():
                if event.get("Type") != "SQS":
                    continue
                queue_name = str(event["Properties"]["Queue"]["Fn::Sub"]).rsplit(":", 1)[-1]
                queue = self.queues[queue_name][0]
                cfn_queue: sqs.CfnQueue = queue.node.default_child  # type: ignore[assignment]
                cfn_queue.visibility_timeout = 6 * int(props.get("Timeout", 60))
                # The event source mapping names the queue by ARN string: create the queue first.
                self.chalice.get_resource(logical_id).add_resource_dependency(cfn_queue)

    def _wire_event_stream(self) -> None:
        """`@app.on_dynamodb_record` is packaged with a placeholder ARN (the table is created in this
        very stack): point each DynamoDB event source at the outbox table's real stream."""
        events_table = self.tables["events"]
        wired = 0
        for logical_id in self.chalice.logical_ids("AWS::Serverless::Function"):
            props = self.chalice.resource_properties(logical_id)
            for name, event in (props.get("Events") or {}).items():
                if event.get("Type") != "DynamoDB":
                    continue
                resource = self.chalice.get_resource(logical_id)
                resource.add_property_override(f"Events.{name}.Properties.Stream", events_table.table_stream_arn)
                # Retry a failing batch a few times, then move on: the dispatcher keeps its own retries,
                # dead letters and the pending sweep, so the shard never blocks on one bad record.
                resource.add_property_override(f"Events.{name}.Properties.MaximumRetryAttempts", 3)
                resource.add_property_override(f"Events.{name}.Properties.BisectBatchOnFunctionError", True)
                wired += 1
        if wired != 1:
            raise ValueError(f"expected one DynamoDB stream consumer (the domain-event dispatcher), found {wired}")

    def _alarm_on_failed_daily_jobs(self) -> None:
        """A `Cron` schedule runs once a day (the payments reconciliation): one failed run is a missed day.

        Lambda retries a failed scheduled (asynchronous) invocation twice; the alarm fires on any error
        so the operator knows before the next day's run. `Rate` sweepers run every few minutes and
        catch up by themselves: the queue/DLQ alarms cover their consequences."""
        action = cw_actions.SnsAction(self.alarm_topic)
        for logical_id in self.chalice.logical_ids("AWS::Serverless::Function"):
            props = self.chalice.resource_properties(logical_id)
            crons = [
                e
                for e in (props.get("Events") or {}).values()
                if e.get("Type") == "Schedule" and str(e["Properties"].get("Schedule", "")).startswith("cron(")
            ]
            if not crons:
                continue
            alarm = cloudwatch.Alarm(
                self,
                f"{logical_id}ErrorsAlarm",
                alarm_name=f"{self.cfg.resource_prefix}-{logical_id}-failed",
                alarm_description=f"The daily job {logical_id} failed (see its logs; docs/operations.md, "
                "Daily reconciliation).",
                metric=cloudwatch.Metric(
                    namespace="AWS/Lambda",
                    metric_name="Errors",
                    dimensions_map={"FunctionName": cdk.Fn.ref(logical_id)},
                    period=cdk.Duration.hours(1),
                    statistic=cloudwatch.Stats.SUM,
                ),
                threshold=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                evaluation_periods=1,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            )
            alarm.add_alarm_action(action)

    # -- secrets --------------------------------------------------------------------------------------

    def _jwt_secret(self) -> secretsmanager.Secret:
        return secretsmanager.Secret(
            self,
            "JwtSecret",
            secret_name=f"peerlearn/{self.cfg.stage}/jwt-secret",
            description="HS256 signing key of PeerLearn access tokens (PEERLEARN_JWT_SECRET).",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=64, exclude_punctuation=True, include_space=False
            ),
            removal_policy=self.removal,
        )

    def _jwt_secret_value(self) -> str:
        """A CloudFormation dynamic reference, resolved at deploy time into the Lambda environment.

        Chosen over a runtime fetch because the app reads `PEERLEARN_JWT_SECRET` from the environment
        (chalicelib/core/settings.py) and adds no Secrets Manager call to the cold start. The cost:
        the value is visible to whoever may call lambda:GetFunctionConfiguration, and a new secret
        version reaches the Lambdas only on a deploy that changes the reference (pin it with
        -c jwt_secret_version=<VersionId>; see docs/operations.md).
        """
        return self._reference(self.jwt_secret, self.cfg.jwt_secret_version)

    @staticmethod
    def _reference(secret: secretsmanager.Secret, version: str | None) -> str:
        """The secret's dynamic reference: AWSCURRENT, or pinned to `version` (a VersionId)."""
        if version:
            return cdk.SecretValue.secrets_manager(secret.secret_arn, version_id=version).unsafe_unwrap()
        return secret.secret_value.unsafe_unwrap()

    def _turn_secret(self) -> secretsmanager.Secret:
        """The TURN REST shared secret: coturn's `static-auth-secret` (or one of its db secrets) and the
        key the app signs room credentials with. Generated here; the operator copies it to coturn
        (docs/operations.md, TURN)."""
        return secretsmanager.Secret(
            self,
            "TurnSecret",
            secret_name=f"peerlearn/{self.cfg.stage}/turn-secret",
            description="TURN REST shared secret of the live room (PEERLEARN_TURN_SECRET = coturn static-auth-secret).",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=48, exclude_punctuation=True, include_space=False
            ),
            removal_policy=self.removal,
        )

    def _turn_secret_value(self) -> str | None:
        """A dynamic reference like the JWT secret's, pinned with -c turn_secret_version=<VersionId>."""
        if self.turn_secret is None:
            return None
        return self._reference(self.turn_secret, self.cfg.turn_secret_version)

    def _razorpay_secret(self) -> secretsmanager.Secret:
        """Razorpay key id + key secret, the webhook secret and the RazorpayX account number, as JSON.

        Created with placeholders (payments answer "refused" until an operator stores the real
        values) and a generated webhook secret; see docs/operations.md (Razorpay)."""
        fields = appmodel.RAZORPAY_SECRET_FIELDS
        template = {key: RAZORPAY_UNSET for key in fields.values() if key != "webhook_secret"}
        return secretsmanager.Secret(
            self,
            "RazorpaySecret",
            secret_name=f"peerlearn/{self.cfg.stage}/razorpay",
            description="Razorpay API key, webhook secret and RazorpayX account number of PeerLearn "
            f"(JSON keys {', '.join(sorted(fields.values()))}).",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                secret_string_template=json.dumps(template),
                generate_string_key="webhook_secret",
                password_length=48,
                exclude_punctuation=True,
                include_space=False,
            ),
            removal_policy=self.removal,
        )

    def _razorpay_secret_values(self) -> dict[str, str]:
        """One dynamic reference per JSON key, pinned like the JWT secret (-c razorpay_secret_version)."""
        version = self.cfg.razorpay_secret_version
        return {
            variable: cdk.SecretValue.secrets_manager(
                self.razorpay_secret.secret_arn, json_field=key, version_id=version
            ).unsafe_unwrap()
            for variable, key in appmodel.RAZORPAY_SECRET_FIELDS.items()
        }

    # -- the packaged Chalice template -----------------------------------------------------------------

    def _check_packaged_template(self) -> None:
        resources = self.chalice.template["Resources"]
        for logical_id, kind in (
            ("RestAPI", "AWS::Serverless::Api"),
            ("WebsocketAPI", "AWS::ApiGatewayV2::Api"),
            ("WebsocketAPIStage", "AWS::ApiGatewayV2::Stage"),
        ):
            if resources.get(logical_id, {}).get("Type") != kind:
                raise ValueError(f"chalice package produced no {kind} named {logical_id}: update infra/")
        ws_stage = resources["WebsocketAPIStage"]["Properties"]["StageName"]
        if ws_stage != self.api_stage:
            raise ValueError(f"WebSocket stage {ws_stage!r} differs from {self.api_stage!r}: update PEERLEARN_WS_STAGE")
        if not self.chalice.logical_ids("AWS::IAM::Role"):
            raise ValueError("chalice created no IAM role (manage_iam_role false?): grant the tables to your role")

    # -- S3 + CloudFront -------------------------------------------------------------------------------

    def _uploads_bucket(self) -> s3.Bucket:
        return s3.Bucket(
            self,
            "UploadsBucket",
            bucket_name=self.uploads_bucket_name,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            versioned=self.cfg.is_prod,
            lifecycle_rules=[
                s3.LifecycleRule(
                    abort_incomplete_multipart_upload_after=cdk.Duration.days(1),
                    noncurrent_version_expiration=cdk.Duration.days(30) if self.cfg.is_prod else None,
                )
            ],
            removal_policy=self.removal,
            auto_delete_objects=not self.cfg.is_prod,
        )

    def _configure_uploads_cors(self) -> None:
        allowed = [f"https://{self.distribution.distribution_domain_name}"]
        if self.cfg.public_url:
            allowed.append(self.cfg.public_url)
        allowed.extend(self.cfg.extra_cors_origins)
        self.uploads_bucket.add_cors_rule(
            # Browsers upload with the presigned POST form (POST) and read back through presigned GETs.
            allowed_methods=[s3.HttpMethods.POST, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
            allowed_origins=allowed,
            allowed_headers=["*"],
            exposed_headers=["ETag"],
            max_age=3000,
        )

    def _spa_and_distribution(self) -> tuple[s3.Bucket, cloudfront.Distribution]:
        spa_bucket = s3.Bucket(
            self,
            "SpaBucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            removal_policy=self.removal,
            auto_delete_objects=not self.cfg.is_prod,
        )
        spa_routing = cloudfront.Function(
            self,
            "SpaRouting",
            code=cloudfront.FunctionCode.from_inline(SPA_ROUTING_FUNCTION),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            comment="SPA deep links -> /index.html (default behaviour only)",
        )
        rest_api_id = self.chalice.get_resource("RestAPI").ref
        api_origin = origins.HttpOrigin(
            cdk.Fn.join("", [rest_api_id, ".execute-api.", self.region, ".", self.url_suffix]),
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
        )
        # Nothing is cached unless the API says so: default TTL 0, and the origin's Cache-Control
        # (max-age / s-maxage) may raise it up to a day. Authorization is part of the cache key so a
        # cacheable answer is never shared between users.
        api_cache = cloudfront.CachePolicy(
            self,
            "ApiCachePolicy",
            comment=f"PeerLearn {self.cfg.stage} API: origin Cache-Control only",
            default_ttl=cdk.Duration.seconds(0),
            min_ttl=cdk.Duration.seconds(0),
            max_ttl=cdk.Duration.days(1),
            header_behavior=cloudfront.CacheHeaderBehavior.allow_list("Authorization"),
            query_string_behavior=cloudfront.CacheQueryStringBehavior.all(),
            cookie_behavior=cloudfront.CacheCookieBehavior.none(),
            enable_accept_encoding_gzip=True,
            enable_accept_encoding_brotli=True,
        )
        certificate = (
            acm.Certificate.from_certificate_arn(self, "Certificate", self.cfg.certificate_arn)
            if self.cfg.certificate_arn
            else None
        )
        distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment=f"PeerLearn {self.cfg.stage}",
            default_root_object="index.html",
            domain_names=[self.cfg.domain_name] if self.cfg.domain_name else None,
            certificate=certificate,
            # Only settable with a custom certificate (the default *.cloudfront.net one is fixed).
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 if certificate else None,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass.PRICE_CLASS_200,  # includes India
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(spa_bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
                function_associations=[
                    cloudfront.FunctionAssociation(
                        function=spa_routing, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
                    )
                ],
                compress=True,
            ),
            additional_behaviors={
                f"/{API_PATH}/*": cloudfront.BehaviorOptions(
                    origin=api_origin,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                    allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                    cache_policy=api_cache,
                    origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                    compress=True,
                )
            },
        )
        return spa_bucket, distribution

    # -- IAM ----------------------------------------------------------------------------------------------

    def _grant_to_lambda_roles(self) -> None:
        """chalice's generated policy has logs, SQS receive and @connections; the rest is granted here."""
        ses_resources = [self.format_arn(service="ses", resource="identity", resource_name=self.cfg.ses_identity)]
        address = self.cfg.email_address
        if address and address != self.cfg.ses_identity:
            ses_resources.append(self.format_arn(service="ses", resource="identity", resource_name=address))
        ses_statement = iam.PolicyStatement(
            actions=["ses:SendEmail", "ses:SendRawEmail"],
            resources=ses_resources,
            conditions={"StringEquals": {"ses:FromAddress": address}} if address else None,
        )
        ws_statement = iam.PolicyStatement(
            actions=["execute-api:ManageConnections"],
            resources=[
                self.format_arn(
                    service="execute-api",
                    resource=cdk.Fn.ref("WebsocketAPI"),
                    resource_name=f"{self.api_stage}/*/@connections/*",
                )
            ],
        )
        for role_id in self.chalice.logical_ids("AWS::IAM::Role"):
            role = self.chalice.get_role(role_id)
            for table in self.tables.values():
                table.grant_read_write_data(role)  # table and its indexes
            self.tables["events"].grant_stream_read(role)  # the dispatcher's event source mapping
            for queue, _dlq in self.queues.values():
                queue.grant_send_messages(role)
                queue.grant_consume_messages(role)
            self.uploads_bucket.grant_read_write(role)
            role.add_to_principal_policy(ses_statement)
            role.add_to_principal_policy(ws_statement)

    # -- outputs ----------------------------------------------------------------------------------------

    def _outputs(self, ws_domain: str) -> None:
        site = self.cfg.public_url or f"https://{self.distribution.distribution_domain_name}"
        outputs = {
            "SiteUrl": site,
            "DistributionDomainName": self.distribution.distribution_domain_name,
            "DistributionId": self.distribution.distribution_id,
            "SpaBucketName": self.spa_bucket.bucket_name,
            "UploadsBucketName": self.uploads_bucket.bucket_name,
            "ApiUrlViaCloudFront": f"{site}/{API_PATH}/",
            "WebsocketUrl": f"wss://{ws_domain}/{self.api_stage}",
            "JwtSecretArn": self.jwt_secret.secret_arn,
            "RazorpaySecretArn": self.razorpay_secret.secret_arn,
            "RazorpayWebhookUrl": f"{site}/{API_PATH}/webhooks/razorpay",
            "AlarmTopicArn": self.alarm_topic.topic_arn,
            "ChalicePackaging": self.chalice.packaging_mode,
        }
        for name, (queue, dlq) in self.queues.items():
            cid = "".join(p.capitalize() for p in name.split("-"))
            outputs[f"{cid}QueueUrl"] = queue.queue_url
            outputs[f"{cid}DlqUrl"] = dlq.queue_url
        for key, value in outputs.items():
            cdk.CfnOutput(self, key, value=value)


def stack_id(stage: str) -> str:
    return f"PeerLearn-{stage}"


def work_dir_for(outdir: str) -> Path:
    """Where chalice writes its per-synth packages (`chalice.out/`): next to the cloud assembly."""
    return Path(outdir).resolve().parent
