"""`python -m local`: start the whole PeerLearn product on this machine (no AWS, no Docker)."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from types import FrameType
from typing import Any

from local import PROJECT_ROOT, aws, state, testhooks
from local.app_loader import SqsSource, chalice_environment, load_app
from local.events import scheduled_event
from local.http_server import ApiGatewayAdapter, LocalStackHTTPServer, Services
from local.mailbox import Mailbox
from local.outbox_stream import OutboxStream
from local.razorpay_standin import Standin, generate_credentials, start_standin
from local.scheduler import Scheduler
from local.spa import SpaSite
from local.sqs_poller import SqsPoller, Subscription
from local.ws_gateway import WebSocketGateway, new_api_id
from local.ws_session import LocalWebsocketSession

log = logging.getLogger("local")

WS_STAGE = "local"
API_STAGE = "api"
WEBHOOK_QUEUE = "peerlearn-razorpay-webhooks"
WEBHOOK_PATH = "/api/webhooks/razorpay"  # the app's POST /webhooks/razorpay behind the /api prefix
STANDIN_FILE = "razorpay-standin.json"  # this run's stand-in keys (RAZORPAY_* as given to the app)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m local", description=__doc__,
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (keep loopback unless you must)")
    p.add_argument("--port", type=int, default=8000, help="HTTP port: SPA, /api, /_dev (0 = pick a free one)")
    p.add_argument("--ws-port", type=int, default=8001, help="WebSocket port (0 = pick a free one)")
    p.add_argument("--razorpay-port", type=int, default=0,
                   help="port of the Razorpay stand-in (0 = pick a free one); unused when RAZORPAY_KEY_ID is set")
    p.add_argument("--state-dir", default=state.DEFAULT_STATE_DIR, help="where secrets and admin.json are kept")
    p.add_argument("--admin-email", default=None,
                   help=f"first admin's email when admin.json is created (default {state.DEFAULT_ADMIN_EMAIL})")
    p.add_argument("--demo", action="store_true", help="load clearly labelled demo mentors (off by default)")
    p.add_argument("--no-spa", action="store_true", help="do not serve frontend/dist (placeholder page instead)")
    p.add_argument("--spa-dir", default=str(PROJECT_ROOT / "frontend" / "dist"), help="the built SPA")
    p.add_argument("--ready-file", help="write the URLs as JSON here once everything is listening")
    p.add_argument("--allow-origin", action="append", default=[], metavar="ORIGIN",
                   help="extra browser origin allowed on the WebSocket and S3 CORS (repeatable)")
    p.add_argument("--schedule-max-interval", type=float, default=60.0, metavar="SECONDS",
                   help="run rate() schedules at most this far apart (0 = only on demand)")
    p.add_argument("--schedule-interval", action="append", default=[], metavar="NAME=SECONDS",
                   help="run one schedule handler every SECONDS (repeatable)")
    p.add_argument("--sqs-retry-delay", type=int, default=2, metavar="SECONDS",
                   help="how soon a failed SQS message is redelivered")
    p.add_argument("--quiet", action="store_true", help="only warnings and errors on stderr")
    p.add_argument("--verbose", action="store_true", help="debug logging")
    args = p.parse_args(argv)
    for item in args.schedule_interval:
        name, sep, seconds = item.partition("=")
        if not sep or not name:
            p.error(f"--schedule-interval wants NAME=SECONDS, got {item!r}")
        try:
            if float(seconds) <= 0:
                raise ValueError
        except ValueError:
            p.error(f"--schedule-interval {item!r}: SECONDS must be a positive number")
    return args


def _bind(host: str, port: int, what: str) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise SystemExit(f"error: cannot listen on {host}:{port} for the {what} ({exc.strerror}). "
                         f"Is another local stack running? Try --{'ws-' if what == 'WebSocket gateway' else ''}"
                         f"port 0 to pick a free port.") from None
    sock.setblocking(False)
    return sock


@dataclass
class LocalStack:
    args: argparse.Namespace
    timings: dict[str, float] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    admin: state.AdminCredentials | None = None
    admin_error: str | None = None
    demo_count: int | None = None
    _moto: aws.MotoServer | None = None
    _http: LocalStackHTTPServer | None = None
    _http_thread: threading.Thread | None = None
    _ws: WebSocketGateway | None = None
    _scheduler: Scheduler | None = None
    _poller: SqsPoller | None = None
    _outbox: list[OutboxStream] = field(default_factory=list)
    _standin: Standin | None = None
    _standin_file: Path | None = None
    _ready_file: Path | None = None

    def _mark(self, name: str, since: float) -> float:
        now = time.monotonic()
        self.timings[name] = round(now - since, 3)
        return now

    def start(self) -> None:
        t0 = t = time.monotonic()
        a = self.args
        state_dir = state.ensure_state_dir(Path(a.state_dir))
        host = a.host
        public_host = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
        url_host = f"[{public_host}]" if ":" in public_host else public_host

        # 1. sockets first: ports are known (also with 0) and conflicts fail fast
        try:
            self._http = LocalStackHTTPServer(host, a.port)
        except OSError as exc:
            raise SystemExit(f"error: cannot listen on {host}:{a.port} for HTTP ({exc.strerror}). "
                             "Is another local stack running? Try --port 0.") from None
        ws_sock = _bind(host, a.ws_port, "WebSocket gateway")
        http_port, ws_port = self._http.port, int(ws_sock.getsockname()[1])
        public_url = f"http://{url_host}:{http_port}"
        ws_url = f"ws://{url_host}:{ws_port}"
        origins = {public_url, f"http://localhost:{http_port}", f"http://127.0.0.1:{http_port}",
                   "http://localhost:5173", "http://127.0.0.1:5173", *a.allow_origin}
        t = self._mark("sockets", t)

        # 2. moto, and an environment that can only ever reach it
        self._moto = aws.MotoServer(host=host if host not in ("",) else "127.0.0.1", port=0)
        self._moto.start()
        moto_url = f"http://{url_host}:{self._moto.port}"
        region = aws.REGION
        aws.isolate_aws_environment(moto_url, region, str(state_dir))
        t = self._mark("moto", t)

        test_hooks = os.environ.get(testhooks.ENV_FLAG, "") in ("1", "true", "yes")
        ours = {
            "PEERLEARN_STAGE": "local",
            "PEERLEARN_LOCAL": "1",
            "PEERLEARN_TABLE_PREFIX": "peerlearn-local-",
            "PEERLEARN_UPLOADS_BUCKET": "peerlearn-local-uploads",
            "PEERLEARN_WS_URL": ws_url,
            "PEERLEARN_PUBLIC_URL": public_url,
            # the page origins (both loopback names, Vite's dev server, --allow-origin): /auth/refresh and
            # /auth/logout refuse any other Origin
            "PEERLEARN_APP_ORIGINS": ",".join(sorted(origins)),
            "PEERLEARN_MAILBOX_URL": f"{public_url}/_dev/mailbox",
            "PEERLEARN_WS_DOMAIN": f"{url_host}:{ws_port}",
            "PEERLEARN_WS_STAGE": WS_STAGE,
            "PEERLEARN_EMAIL_QUEUE": "peerlearn-email-outbox",
            "PEERLEARN_WEBHOOK_QUEUE": WEBHOOK_QUEUE,
        }
        if not os.environ.get("PEERLEARN_JWT_SECRET"):
            ours["PEERLEARN_JWT_SECRET"] = state.load_or_create_jwt_secret(state_dir)
        # 2b. payments: the Razorpay stand-in unless real keys are configured
        razorpay_info = self._start_razorpay(public_url, state_dir, ours)
        t = self._mark("razorpay", t)
        for key, value in {**chalice_environment(PROJECT_ROOT), **ours}.items():
            os.environ.setdefault(key, value)

        # 3. the app, imported only now that its environment is final
        loaded = load_app(PROJECT_ROOT, region=region)
        fault_rate = float(os.environ.get(testhooks.EVENT_FAULT_ENV) or 0)
        if test_hooks and fault_rate > 0:
            testhooks.install_event_faults(fault_rate)
        t = self._mark("import_app", t)

        # 4. AWS resources the app expects
        aws.create_tables()
        bucket = os.environ["PEERLEARN_UPLOADS_BUCKET"]
        aws.create_bucket(moto_url, region, bucket, origins)
        sender = parseaddr(os.environ.get("PEERLEARN_EMAIL_SENDER") or aws.SES_SENDER)[1] or aws.SES_SENDER
        aws.verify_ses_sender(moto_url, region, sender)
        mailbox = Mailbox(moto_url)
        sqs_sources = loaded.sqs_sources()
        if test_hooks:
            sqs_sources.append(SqsSource(testhooks.SQS_HANDLER, testhooks.TEST_QUEUE, 10, testhooks.sqs_handler()))
        subscriptions = []
        queue_urls: dict[str, str] = {}
        for source in sqs_sources:
            url, arn, dlq_url = aws.create_queue_with_dlq(moto_url, region, source.queue, visibility_timeout=2,
                                                          max_receive_count=3)
            subscriptions.append(Subscription(handler_name=source.name, queue=source.queue,
                                              batch_size=source.batch_size, queue_url=url, queue_arn=arn,
                                              dlq_url=dlq_url))
            queue_urls[source.queue] = url
            queue_urls[source.queue + "-dlq"] = dlq_url
        t = self._mark("aws_resources", t)

        # 5. websocket_api.send() -> our @connections endpoint, from handlers, routes and jobs alike
        mgmt_url = f"http://{url_host}:{http_port}/_ws_mgmt"
        ws_api = loaded.app.websocket_api
        ws_api.session = LocalWebsocketSession(mgmt_url, region)
        ws_api.configure(os.environ["PEERLEARN_WS_DOMAIN"], os.environ["PEERLEARN_WS_STAGE"])

        # 6. first admin (and opt-in demo data)
        self._bootstrap(state_dir)
        t = self._mark("bootstrap", t)

        # 7. the moving parts
        handlers = {s.name: s.handler for s in sqs_sources}
        schedules = {s.name: s.expression for s in loaded.schedule_sources()}
        if test_hooks:
            schedules[testhooks.TICK_HANDLER] = testhooks.TICK_EXPRESSION
            handlers[testhooks.TICK_HANDLER] = testhooks.tick_handler()

        def invoke(name: str, event: dict[str, Any]) -> Any:
            handler = handlers.get(name) or loaded.handler(name)
            return handler(event, loaded.context(name))

        def invoke_ws(route_key: str, event: dict[str, Any]) -> Any:
            config = loaded.app.websocket_handlers.get(route_key)
            if config is None:
                return None
            return invoke(config.name, event)

        self._ws = WebSocketGateway(
            sock=ws_sock, invoke=invoke_ws, route_keys=loaded.websocket_route_keys, allowed_origins=origins,
            api_id=new_api_id(), stage=WS_STAGE, domain_name=os.environ["PEERLEARN_WS_DOMAIN"],
            idle_timeout=float(os.environ.get("PEERLEARN_LOCAL_WS_IDLE_TIMEOUT", "600")),
            max_age=float(os.environ.get("PEERLEARN_LOCAL_WS_MAX_AGE", "7200")),
        )
        overrides = {n: float(s) for n, _, s in (i.partition("=") for i in a.schedule_interval)}
        unknown = sorted(set(overrides) - set(schedules))
        if unknown:
            log.warning("--schedule-interval names no schedule handler: %s (known: %s)", ", ".join(unknown),
                        ", ".join(sorted(schedules)) or "none")
        self._scheduler = Scheduler(schedules, invoke, lambda name: scheduled_event(f"peerlearn-local-{name}",
                                                                                    region=region),
                                    max_interval=a.schedule_max_interval, overrides=overrides)
        sqs_client = aws.boto_client("sqs", moto_url, region)
        self._poller = SqsPoller(sqs_client, subscriptions, invoke, region=region,
                                 retry_delay=max(0, a.sqs_retry_delay))
        events_table = os.environ.get("PEERLEARN_TABLE_PREFIX", "") + "events"
        self._outbox = [OutboxStream(aws.boto_client("dynamodb", moto_url, region), events_table, name, invoke,
                                     region=region, wait_for_writes=aws.table_writes(moto_url, events_table))
                        for name in loaded.dynamodb_sources()]
        spa = SpaSite(Path(a.spa_dir), enabled=not a.no_spa, links={
            "API health — /api/health": "/api/health", "Dev mailbox": "/_dev/mailbox",
            "Runtime config — /api/meta/config": "/api/meta/config", "Dev tools": "/_dev/"})
        api = ApiGatewayAdapter(loaded.app, loaded.chalice_config, stage=API_STAGE,
                                domain_name=f"{url_host}:{http_port}", api_id=new_api_id())
        self.info = {
            "url": public_url, "api_url": f"{public_url}/api", "ws_url": ws_url,
            "mailbox_url": f"{public_url}/_dev/mailbox", "mailbox_json_url": f"{public_url}/_dev/mailbox.json",
            "ws_management_url": mgmt_url, "aws_endpoint_url": moto_url, "region": region,
            "host": host, "port": http_port, "ws_port": ws_port, "moto_port": self._moto.port,
            "pid": os.getpid(), "state_dir": str(state_dir), "admin_file": str(state_dir / state.ADMIN_FILE),
            "admin_email": self.admin.email if self.admin else None, "admin_ready": self.admin_error is None,
            "table_prefix": os.environ.get("PEERLEARN_TABLE_PREFIX"), "uploads_bucket": bucket,
            "queues": queue_urls, "schedules": sorted(schedules), "test_hooks": test_hooks,
            "spa": "served" if spa.available else ("disabled" if a.no_spa else "missing"),
            "demo_mentors": self.demo_count, "unsupported_event_sources": loaded.unsupported_sources(),
            "razorpay": razorpay_info,
        }
        self._http.services = Services(
            api=api, spa=spa, mailbox=mailbox, ws=self._ws, scheduler=self._scheduler, poller=self._poller,
            public_url=public_url, allowed_origins=origins, info=self.info, test_hooks=test_hooks,
            sqs_depths=lambda: aws.queue_depths(moto_url, region, queue_urls),
        )
        self._ws.start()
        self._http_thread = threading.Thread(target=self._http.serve_forever, kwargs={"poll_interval": 0.2},
                                             name="http", daemon=True)
        self._http_thread.start()
        self._scheduler.start()
        self._poller.start()
        for stream in self._outbox:
            stream.start()
        self._mark("serve", t)
        self.timings["total"] = round(time.monotonic() - t0, 3)
        self.info["startup_seconds"] = self.timings["total"]
        self.info["timings"] = dict(self.timings)
        if loaded.unsupported_sources():
            log.warning("event sources not run locally: %s", ", ".join(loaded.unsupported_sources()))
        if a.ready_file:
            self._ready_file = Path(a.ready_file)
            tmp = self._ready_file.with_name(self._ready_file.name + ".tmp")
            tmp.write_text(json.dumps(self.info, indent=2) + "\n")
            os.replace(tmp, self._ready_file)

    def _start_razorpay(self, public_url: str, state_dir: Path, env: dict[str, str]) -> dict[str, Any]:
        """Real Razorpay keys in the environment are used untouched; otherwise start the local stand-in
        (test checkout, signed webhooks to our own /api route) and add its settings to `env`."""
        a = self.args
        if os.environ.get("RAZORPAY_KEY_ID"):
            return {"mode": "real", "url": os.environ.get("RAZORPAY_BASE_URL") or "https://api.razorpay.com",
                    "checkout_url": os.environ.get("RAZORPAY_CHECKOUT_URL") or None}
        creds = generate_credentials()
        webhook_url = public_url + WEBHOOK_PATH
        try:
            self._standin = start_standin(creds.key_id, creds.key_secret, creds.webhook_secret, webhook_url,
                                          host=a.host or "127.0.0.1", port=a.razorpay_port)
        except OSError as exc:
            raise SystemExit(f"error: cannot listen on {a.host}:{a.razorpay_port} for the Razorpay stand-in "
                             f"({exc.strerror}). Try --razorpay-port 0 to pick a free port.") from None
        app_env = self._standin.app_environment()
        env.update(app_env)
        for key in app_env:  # the stand-in's values win over stray RAZORPAY_* settings without a key id
            os.environ.pop(key, None)
        # this run's test keys, for scripts that call the stand-in's /v1 API (mode 600, like admin.json)
        self._standin_file = state_dir / STANDIN_FILE
        state.write_secret_file(self._standin_file, json.dumps(app_env, indent=2) + "\n")
        url = self._standin.url
        return {"mode": "standin", "url": url, "checkout_url": f"{url}/checkout",
                "control_url": f"{url}/_standin/control", "events_url": f"{url}/_standin/events",
                "webhook_url": webhook_url, "key_id": creds.key_id, "port": self._standin.port,
                "credentials_file": str(self._standin_file)}

    def _bootstrap(self, state_dir: Path) -> None:
        wanted = self.args.admin_email
        self.admin, _created = state.load_or_create_admin(state_dir, email=wanted or state.DEFAULT_ADMIN_EMAIL)
        if wanted and self.admin.email != wanted.strip().lower():
            log.warning("admin.json already holds %s; delete %s to create %s instead", self.admin.email,
                        state_dir / state.ADMIN_FILE, self.args.admin_email)
        try:
            bootstrap = importlib.import_module("chalicelib.accounts.bootstrap")
            bootstrap.ensure_admin(email=self.admin.email, password=self.admin.password,
                                   totp_secret=self.admin.totp_secret)
        except Exception as exc:  # keep the rest of the stack usable; say so loudly
            self.admin_error = f"{type(exc).__name__}: {exc}"
            log.exception("could not create the first admin")
        if self.args.demo:
            try:
                bootstrap = importlib.import_module("chalicelib.accounts.bootstrap")
                self.demo_count = int(bootstrap.load_demo_mentors())
            except Exception:
                log.exception("could not load the demo mentors")

    def stop(self) -> None:
        t = time.monotonic()
        stoppers: list[tuple[str, Any]] = [("scheduler", self._scheduler), ("sqs", self._poller),
                                           *(("outbox", o) for o in self._outbox), ("ws", self._ws)]
        for name, stopper in stoppers:
            if stopper is not None:
                try:
                    stopper.stop()
                except Exception:
                    log.exception("stopping %s failed", name)
                t = self._mark(f"stop_{name}", t)
        if self._http is not None:
            if self._http_thread is not None and self._http_thread.is_alive():
                self._http.shutdown()
            self._http.server_close()
            t = self._mark("stop_http", t)
        if self._standin is not None:
            try:
                self._standin.stop()
            except Exception:
                log.exception("stopping the Razorpay stand-in failed")
            t = self._mark("stop_razorpay", t)
        if self._standin_file is not None:
            self._standin_file.unlink(missing_ok=True)
        if self._moto is not None:
            self._moto.stop()
            self._mark("stop_moto", t)
        log.debug("shutdown timings: %s", {k: v for k, v in self.timings.items() if k.startswith("stop_")})
        if self._ready_file is not None:
            try:  # only remove it if it is still ours (another stack may have reused the path)
                if json.loads(self._ready_file.read_text()).get("pid") == os.getpid():
                    self._ready_file.unlink()
            except (OSError, ValueError):
                pass

    def banner(self) -> str:
        i = self.info
        lines = [
            "",
            "  PeerLearn local stack is running — no AWS, no Docker. Data lives in memory until you stop it.",
            "",
            f"  App            {i['url']}" + ("" if i["spa"] == "served" else
                                              f"   (SPA {i['spa']}: a placeholder page is shown)"),
            f"  API            {i['api_url']}",
            f"  WebSocket      {i['ws_url']}",
            f"  Dev mailbox    {i['mailbox_url']}   (sign-up and reset codes land here)",
            f"  Dev tools      {i['url']}/_dev/",
            f"  AWS (moto)     {i['aws_endpoint_url']}  region {i['region']}",
        ]
        rzp = i.get("razorpay") or {}
        if rzp.get("mode") == "standin":
            lines.append(f"  Razorpay stand-in (test checkout, no real money): {rzp['url']}")
        else:
            lines.append(f"  Razorpay       {rzp.get('url')}   (RAZORPAY_KEY_ID is set: real API and Checkout)")
        lines += [
            "",
        ]
        if self.admin is not None:
            lines += [
                "  Admin sign-in (two-factor):",
                f"    email        {self.admin.email}",
                f"    password     {self.admin.password}",
                f"    TOTP secret  {self.admin.totp_secret}",
                f"    TOTP URI     {self.admin.otpauth_uri()}",
                f"    current code python -m local.totp --state-dir {self.args.state_dir}",
            ]
            if self.admin_error:
                lines.append(f"    !! the admin could not be created: {self.admin_error}")
            lines.append(f"    (kept in {i['admin_file']}, mode 600)")
            lines.append("")
        if self.demo_count is not None:
            lines += [f"  Demo data      {self.demo_count} labelled demo mentor(s) loaded (--demo)", ""]
        if i["host"] not in ("127.0.0.1", "localhost", "::1"):
            lines += [f"  !! listening on {i['host']}: the dev mailbox and tools are reachable from the network", ""]
        lines += [f"  Ready in {i['startup_seconds']:.1f}s. Press Ctrl+C to stop.", ""]
        return "\n".join(lines)


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(level=level, stream=sys.stderr, datefmt="%H:%M:%S",
                        format="%(asctime)s %(levelname)-7s %(name)s  %(message)s")
    for noisy in ("botocore", "boto3", "urllib3", "websockets", "werkzeug", "pynamodb"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _configure_logging(args)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            os._exit(130)  # second Ctrl+C: do not wait
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    stack = LocalStack(args)
    try:
        stack.start()
    except SystemExit:
        stack.stop()
        raise
    except Exception:
        log.exception("the local stack failed to start")
        stack.stop()
        return 1
    print(stack.banner(), flush=True)
    while not stop.wait(0.5):
        pass
    log.info("stopping…")
    stack.stop()
    log.debug("threads left: %s", [t.name for t in threading.enumerate() if t is not threading.current_thread()])
    return 0
