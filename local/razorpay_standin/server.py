"""The stand-in's HTTP server: Razorpay's REST paths, the test checkout and the `/_standin` test API."""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from local.razorpay_standin import checkout, ids
from local.razorpay_standin.errors import ApiError, auth_error, unknown_url
from local.razorpay_standin.store import DEFAULT_ACCOUNT_NUMBER, Store
from local.razorpay_standin.webhooks import DEFAULT_RETRY_DELAYS, ControlPanel, WebhookDispatcher

log = logging.getLogger("local.razorpay_standin")

Json = dict[str, Any]
MAX_BODY_BYTES = 1024 * 1024


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-cased names
    body: Any  # parsed JSON / form (dict), or None
    params: tuple[str, ...]


Handler = Callable[["Standin", Request], Json]

_API_ROUTES: list[tuple[str, re.Pattern[str], Handler]] = []


def _route(method: str, pattern: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _API_ROUTES.append((method, re.compile("^" + pattern.replace("{id}", "([^/]+)") + "$"), fn))
        return fn
    return register


def _body(req: Request) -> Json:
    if req.body is None:
        return {}
    if not isinstance(req.body, dict):
        raise ApiError("The request body must be a JSON object")
    return req.body


# -- Razorpay REST paths (Basic auth) ----------------------------------------------------------------------
@_route("POST", "/v1/orders")
def _create_order(s: Standin, req: Request) -> Json:
    return s.store.create_order(_body(req))


@_route("GET", "/v1/orders")
def _list_orders(s: Standin, req: Request) -> Json:
    return s.store.collection("orders", req.query)


@_route("GET", "/v1/orders/{id}")
def _get_order(s: Standin, req: Request) -> Json:
    return s.store.get("orders", req.params[0])


@_route("GET", "/v1/orders/{id}/payments")
def _order_payments(s: Standin, req: Request) -> Json:
    return s.store.order_payments(req.params[0])


@_route("GET", "/v1/payments")
def _list_payments(s: Standin, req: Request) -> Json:
    return s.store.collection("payments", req.query)


@_route("GET", "/v1/payments/{id}")
def _get_payment(s: Standin, req: Request) -> Json:
    return s.store.get("payments", req.params[0])


@_route("POST", "/v1/payments/{id}/capture")
def _capture(s: Standin, req: Request) -> Json:
    return s.store.capture(req.params[0], _body(req))


@_route("POST", "/v1/payments/{id}/refund")
def _refund_payment(s: Standin, req: Request) -> Json:
    return s.store.create_refund(req.params[0], _body(req))


@_route("GET", "/v1/payments/{id}/refunds")
def _payment_refunds(s: Standin, req: Request) -> Json:
    return s.store.payment_refunds(req.params[0], req.query)


@_route("GET", "/v1/payments/{id}/refunds/{id}")
def _payment_refund(s: Standin, req: Request) -> Json:
    return s.store.payment_refund(req.params[0], req.params[1])


@_route("POST", "/v1/refunds")
def _create_refund(s: Standin, req: Request) -> Json:
    body = dict(_body(req))
    payment_id = body.pop("payment_id", None)
    if not isinstance(payment_id, str) or not payment_id:
        raise ApiError("The payment id field is required.", field="payment_id")
    return s.store.create_refund(payment_id, body)


@_route("GET", "/v1/refunds")
def _list_refunds(s: Standin, req: Request) -> Json:
    return s.store.collection("refunds", req.query)


@_route("GET", "/v1/refunds/{id}")
def _get_refund(s: Standin, req: Request) -> Json:
    return s.store.get("refunds", req.params[0])


@_route("POST", "/v1/contacts")
def _create_contact(s: Standin, req: Request) -> Json:
    return s.store.create_contact(_body(req))


@_route("GET", "/v1/contacts/{id}")
def _get_contact(s: Standin, req: Request) -> Json:
    return s.store.get("contacts", req.params[0])


@_route("POST", "/v1/fund_accounts")
def _create_fund_account(s: Standin, req: Request) -> Json:
    return s.store.create_fund_account(_body(req))


@_route("GET", "/v1/fund_accounts/{id}")
def _get_fund_account(s: Standin, req: Request) -> Json:
    return s.store.get("fund_accounts", req.params[0])


@_route("POST", "/v1/payouts")
def _create_payout(s: Standin, req: Request) -> Json:
    return s.store.create_payout(_body(req), req.headers.get("x-payout-idempotency"))


@_route("GET", "/v1/payouts/{id}")
def _get_payout(s: Standin, req: Request) -> Json:
    return s.store.get("payouts", req.params[0])


# -- HTTP plumbing ----------------------------------------------------------------------------------------------
class StandinHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, host: str, port: int, standin: Standin) -> None:
        super().__init__((host, port), RequestHandler)
        self.standin = standin


class RequestHandler(BaseHTTPRequestHandler):
    server: StandinHTTPServer
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes; with Nagle on, a keep-alive client's delayed ACK adds ~40 ms
    disable_nagle_algorithm = True

    def version_string(self) -> str:
        return "PeerLearnRazorpayStandin/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json; charset=UTF-8")

    def _html(self, status: int, markup: str, nonce: str | None = None) -> None:
        script = f"'nonce-{nonce}'" if nonce else "'none'"
        csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src {script}; base-uri 'none'"
        self._send(status, markup.encode(), "text/html; charset=utf-8",
                   {"Content-Security-Policy": csp, "Referrer-Policy": "same-origin"})

    def _read_body(self) -> tuple[bytes, Any]:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise ApiError("Invalid Content-Length") from None
        if length > MAX_BODY_BYTES:
            raise ApiError("The request body is too large", status=413)
        raw = self.rfile.read(length) if length > 0 else b""
        if not raw.strip():
            return raw, None
        content_type = (self.headers.get("Content-Type") or "").lower()
        if "application/x-www-form-urlencoded" in content_type:
            return raw, _form(raw.decode("utf-8", "replace"))
        try:
            return raw, json.loads(raw)
        except ValueError:
            raise ApiError("The request body is not valid JSON") from None

    def _dispatch(self) -> None:
        standin = self.server.standin
        split = urlsplit(self.path)
        path = split.path.rstrip("/") or "/"
        query = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        try:
            _, body = self._read_body()
            req = Request(method=self.command, path=path, query=query,
                          headers={k.lower(): v for k, v in self.headers.items()}, body=body, params=())
            if path.startswith("/v1/"):
                self._check_auth(standin)
                self._json(200, self._api(standin, req))
            elif path.startswith("/checkout/"):
                self._checkout(standin, req)
            elif path.startswith("/_standin/"):
                self._test_api(standin, req)
            elif path == "/" and self.command in ("GET", "HEAD"):
                self._html(200, checkout.render_message(
                    "Razorpay stand-in", "Orders, payments, refunds and RazorpayX payouts for local development. "
                    "Open /checkout/{order_id} to pay a test order."))
            else:
                raise unknown_url()
        except ApiError as err:
            self._json(err.status, err.body())
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            log.exception("unhandled error serving %s %s", self.command, self.path)
            self.close_connection = True
            with contextlib.suppress(OSError):
                self._json(500, ApiError("The server encountered an error. The incident has been reported to admins.",
                                         status=500, code="SERVER_ERROR", reason="NA", source="NA",
                                         step="NA").body())

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = _dispatch  # noqa: N815

    def _check_auth(self, standin: Standin) -> None:
        header = self.headers.get("Authorization") or ""
        if not header.startswith("Basic "):
            raise auth_error("Please provide your api key for authentication purposes.")
        try:
            key_id, _, key_secret = base64.b64decode(header[6:], validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise auth_error("The api key provided is invalid") from None
        id_ok = hmac.compare_digest(key_id.encode(), standin.key_id.encode())
        secret_ok = hmac.compare_digest(key_secret.encode(), standin.key_secret.encode())
        if not (id_ok and secret_ok):
            raise auth_error("The api key provided is invalid")

    def _api(self, standin: Standin, req: Request) -> Json:
        for method, pattern, handler in _API_ROUTES:
            match = pattern.match(req.path)
            if match and method == req.method:
                req.params = match.groups()
                return handler(standin, req)
        raise unknown_url()

    def _same_origin(self, standin: Standin) -> bool:
        origin = self.headers.get("Origin")
        return origin is None or origin == standin.url

    # -- /checkout/{order_id} ------------------------------------------------------------------------------
    def _checkout(self, standin: Standin, req: Request) -> None:
        order_id = req.path[len("/checkout/"):]
        if "/" in order_id or not order_id:
            raise unknown_url()
        form = req.body if isinstance(req.body, dict) and req.method == "POST" else req.query
        callback_url = form.get("callback_url") or None
        mode = form.get("mode") or None
        if not checkout.valid_callback(callback_url):
            self._html(400, checkout.render_message("Bad callback_url", "callback_url must be an http(s) URL."))
            return
        if req.method in ("GET", "HEAD"):
            try:
                order = standin.store.get("orders", order_id)
            except ApiError:
                self._html(404, checkout.render_message("Order not found", f"There is no order {order_id}."))
                return
            self._html(200, checkout.render_checkout(
                order, action=f"/checkout/{quote(order_id)}", callback_url=callback_url, mode=mode,
                email=req.query.get("email"), contact=req.query.get("contact"),
                description=req.query.get("description")))
            return
        if req.method != "POST":
            raise unknown_url()
        if not self._same_origin(standin):
            self._html(403, checkout.render_message("Refused", "The test checkout only accepts its own form."))
            return
        try:
            result = standin.store.checkout(order_id, str(form.get("outcome") or ""), email=form.get("email"),
                                            contact=form.get("contact"))
        except ApiError as err:
            self._html(err.status, checkout.render_message("Payment not possible", err.description))
            return
        if callback_url and mode != "postmessage":
            self._send(303, b"", "text/plain", {"Location": checkout.redirect_url(callback_url, result.fields)})
            return
        nonce = checkout.new_nonce()
        target = checkout.origin_of(form.get("origin") or callback_url)
        self._html(200, checkout.render_result(result.as_json(), target_origin=target, nonce=nonce), nonce=nonce)

    # -- /_standin/* -----------------------------------------------------------------------------------------
    def _test_api(self, standin: Standin, req: Request) -> None:
        if req.method not in ("GET", "HEAD") and not self._same_origin(standin):
            raise ApiError("cross-origin requests to /_standin are refused", status=403)
        path, method = req.path, req.method
        pay = re.match(r"^/_standin/orders/([^/]+)/pay$", path)
        redeliver = re.match(r"^/_standin/events/([^/]+)/redeliver$", path)
        if pay and method == "POST":
            body = _body(req)
            result = standin.store.checkout(pay.group(1), str(body.get("outcome", "success")),
                                            email=body.get("email"), contact=body.get("contact"))
            self._json(200, result.as_json())
        elif path == "/_standin/control" and method in ("GET", "HEAD"):
            self._json(200, standin.controls.as_json())
        elif path == "/_standin/control" and method == "POST":
            self._json(200, standin.control(**_body(req)))
        elif path == "/_standin/events" and method in ("GET", "HEAD"):
            self._json(200, standin.events(event=req.query.get("event"), entity_id=req.query.get("entity_id")))
        elif path == "/_standin/events" and method == "DELETE":
            standin.dispatcher.clear()
            self._json(200, {"cleared": True})
        elif redeliver and method == "POST":
            self._json(200, standin.dispatcher.redeliver(redeliver.group(1)))
        elif path == "/_standin/health" and method in ("GET", "HEAD"):
            self._json(200, {"ok": True, "idle": standin.idle(), "webhook_url": standin.dispatcher.url})
        else:
            raise unknown_url()


def _form(text: str) -> Json:
    """A form body as a dict; `notes[key]=value` pairs become a nested `notes` dict."""
    out: Json = {}
    for key, values in parse_qs(text, keep_blank_values=True).items():
        match = re.match(r"^(\w+)\[(\w+)\]$", key)
        if match:
            out.setdefault(match.group(1), {})[match.group(2)] = values[-1]
        else:
            out[key] = values[-1]
    return out


# -- the public API -------------------------------------------------------------------------------------------------
class Standin:
    """A running stand-in. `url` is the base URL (give it to `razorpay.Client(base_url=...)`)."""

    def __init__(self, key_id: str, key_secret: str, webhook_secret: str, webhook_url: str | None, *,
                 host: str = "127.0.0.1", port: int = 0, account_number: str = DEFAULT_ACCOUNT_NUMBER,
                 account_id: str | None = None, settle_delay_ms: int = 200,
                 retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS,
                 clock: Callable[[], float] | None = None) -> None:
        self.key_id = key_id
        self.key_secret = key_secret
        self.webhook_secret = webhook_secret
        self.controls = ControlPanel(settle_delay_ms=settle_delay_ms)
        self.dispatcher = WebhookDispatcher(secret=webhook_secret, url=webhook_url,
                                            account_id=account_id or ids.new_id("acc"), controls=self.controls,
                                            retry_delays=retry_delays)
        store_kwargs: dict[str, Any] = {"clock": clock} if clock is not None else {}
        self.store = Store(key_secret=key_secret, dispatcher=self.dispatcher, controls=self.controls,
                           account_number=account_number, **store_kwargs)
        self._http = StandinHTTPServer(host, port, self)
        bound_host = host if host not in ("", "0.0.0.0", "::") else "127.0.0.1"
        url_host = f"[{bound_host}]" if ":" in bound_host else bound_host
        self.url = f"http://{url_host}:{self._http.server_address[1]}"
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._http.server_address[1])

    @property
    def webhook_url(self) -> str | None:
        return self.dispatcher.url

    @webhook_url.setter
    def webhook_url(self, value: str | None) -> None:
        self.dispatcher.url = value

    def start(self) -> Standin:
        self.dispatcher.start()
        self.store.start()
        self._thread = threading.Thread(target=self._http.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="razorpay-standin-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._http.shutdown()
        self._http.server_close()
        self.store.stop()
        self.dispatcher.stop()

    def __enter__(self) -> Standin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- conveniences for the local stack and tests ------------------------------------------------------
    def control(self, **changes: Any) -> Json:
        """Change the test controls (see `webhooks.Controls`); `reset=True` restores the defaults first."""
        result = self.controls.update(changes)
        if not result["reorder"]:
            self.dispatcher.release_held()
        return result

    def events(self, *, event: str | None = None, entity_id: str | None = None) -> list[Json]:
        return self.dispatcher.records(event=event, entity_id=entity_id)

    def idle(self) -> bool:
        """Nothing in flight: no refund or payout still moving, no webhook held, queued or being retried."""
        return not self.store.in_flight() and not self.dispatcher.pending()

    def pay(self, order_id: str, outcome: str = "success") -> Json:
        """What pressing a checkout button does, without a browser."""
        return self.store.checkout(order_id, outcome).as_json()

    def checkout_url(self, order_id: str, callback_url: str | None = None) -> str:
        url = f"{self.url}/checkout/{quote(order_id)}"
        return f"{url}?callback_url={quote(callback_url, safe='')}" if callback_url else url

    def app_environment(self) -> dict[str, str]:
        """The environment the app needs to talk to this stand-in instead of Razorpay."""
        return {
            "RAZORPAY_KEY_ID": self.key_id, "RAZORPAY_KEY_SECRET": self.key_secret,
            "RAZORPAY_WEBHOOK_SECRET": self.webhook_secret, "RAZORPAY_BASE_URL": self.url,
            "RAZORPAY_CHECKOUT_URL": f"{self.url}/checkout", "RAZORPAYX_ACCOUNT_NUMBER": self.store.account_number,
        }


def start_standin(key_id: str, key_secret: str, webhook_secret: str, webhook_url: str | None,
                  host: str = "127.0.0.1", port: int = 0, **options: Any) -> Standin:
    """Start a stand-in on `host:port` (0 = a free port) and return it; `.stop()` ends it in well under a second.

    Options: `account_number` (the RazorpayX account payouts must name), `account_id` (the webhook
    `account_id`), `settle_delay_ms` (how long refund / payout steps take), `retry_delays`
    (seconds between webhook retries) and `clock` (a `time.time`-like callable).
    """
    return Standin(key_id, key_secret, webhook_secret, webhook_url, host=host, port=port, **options).start()
