"""Import the Chalice app and find its handlers generically (no knowledge of chalicelib internals).

Handlers are resolved through `app.handler_map`, which holds exactly the callables Lambda would
import as `app.<name>` (`EventSourceHandler`, `WebsocketEventSourceHandler`): calling them with
`(event, context)` runs the same wrapper, middleware and websocket-API configuration as on AWS.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from local.events import FakeLambdaContext

LambdaHandler = Callable[[dict[str, Any], Any], Any]


@dataclass(frozen=True)
class ScheduleSource:
    name: str
    expression: str
    handler: LambdaHandler


@dataclass(frozen=True)
class SqsSource:
    name: str
    queue: str
    batch_size: int
    handler: LambdaHandler


@dataclass
class LoadedApp:
    module: Any
    app: Any
    chalice_config: Any
    region: str

    # -- handlers -------------------------------------------------------------------------------
    def handler(self, name: str) -> LambdaHandler:
        found = self.app.handler_map.get(name)
        if found is None:
            raise KeyError(f"no handler named {name!r} in the app")
        return cast(LambdaHandler, found)

    def websocket_handler(self, route_key: str) -> LambdaHandler | None:
        config = self.app.websocket_handlers.get(route_key)
        if config is None:
            return None
        return self.handler(config.name)

    def websocket_route_keys(self) -> set[str]:
        return set(self.app.websocket_handlers)

    def schedule_sources(self) -> list[ScheduleSource]:
        from chalice.app import ScheduledEventConfig

        out = []
        for source in self.app.event_sources:
            if isinstance(source, ScheduledEventConfig):
                expr = source.schedule_expression
                text = expr if isinstance(expr, str) else expr.to_string()
                out.append(ScheduleSource(name=source.name, expression=text, handler=self.handler(source.name)))
        return out

    def sqs_sources(self) -> list[SqsSource]:
        from chalice.app import SQSEventConfig

        out = []
        for source in self.app.event_sources:
            if isinstance(source, SQSEventConfig):
                queue = source.queue or str(source.queue_arn).rsplit(":", 1)[-1]
                out.append(SqsSource(name=source.name, queue=queue, batch_size=int(source.batch_size or 10),
                                     handler=self.handler(source.name)))
        return out

    def dynamodb_sources(self) -> list[str]:
        """Handlers of DynamoDB streams (the domain-event outbox), run by local/outbox_stream.py."""
        from chalice.app import DynamoDBEventConfig

        return [s.name for s in self.app.event_sources if isinstance(s, DynamoDBEventConfig)]

    def unsupported_sources(self) -> list[str]:
        from chalice.app import DynamoDBEventConfig, ScheduledEventConfig, SQSEventConfig

        return [f"{type(s).__name__}:{s.name}" for s in self.app.event_sources
                if not isinstance(s, (ScheduledEventConfig, SQSEventConfig, DynamoDBEventConfig))]

    # -- invocation -----------------------------------------------------------------------------
    def context(self, handler_name: str) -> FakeLambdaContext:
        timeout = self.chalice_config.lambda_timeout if self.chalice_config is not None else None
        memory = self.chalice_config.lambda_memory_size if self.chalice_config is not None else None
        return FakeLambdaContext(f"{self.app.app_name}-local-{handler_name}", region=self.region,
                                 timeout_seconds=int(timeout or 900), memory_limit_in_mb=int(memory or 512))

    def invoke(self, handler_name: str, event: dict[str, Any]) -> Any:
        """Invoke a non-REST handler like Lambda would: `app.<name>(event, context)`."""
        return self.handler(handler_name)(event, self.context(handler_name))


def read_chalice_disk_config(project_root: Path) -> dict[str, Any]:
    path = project_root / ".chalice" / "config.json"
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def chalice_environment(project_root: Path, stage: str = "local") -> dict[str, str]:
    """Environment variables `.chalice/config.json` gives the app (top level + the `local` stage)."""
    disk = read_chalice_disk_config(project_root)
    env: dict[str, str] = {}
    for scope in (disk, (disk.get("stages") or {}).get(stage) or {}):
        for key, value in (scope.get("environment_variables") or {}).items():
            env[str(key)] = str(value)
    return env


def _make_request_thread_local(app: Any) -> None:
    """Chalice keeps `app.current_request` on the app object; a threaded server needs it per thread.

    `chalice local` solves this by swapping in `LocalChalice`; do the same, once."""
    from chalice.local import LocalChalice

    cls = type(app)
    if issubclass(cls, LocalChalice):
        return
    app.__class__ = type(f"LocalStack{cls.__name__}", (LocalChalice, cls), {})


def load_app(project_root: Path, *, region: str, app_module: str = "app") -> LoadedApp:
    root = str(project_root)
    if root not in sys.path:
        sys.path.insert(0, root)
    module = importlib.import_module(app_module)
    app = module.app
    _make_request_thread_local(app)
    from chalice.config import Config

    disk = read_chalice_disk_config(project_root)
    stage = "local" if "local" in (disk.get("stages") or {}) else "dev"
    config = Config(chalice_stage=stage, user_provided_params={"project_dir": root, "chalice_app": app},
                    config_from_disk=disk)
    return LoadedApp(module=module, app=app, chalice_config=config, region=region)
