"""The local stack's HTTP side: the REST API under /api, runtime config, the SPA placeholder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

pytestmark = pytest.mark.integration


def test_health_answers_under_the_api_prefix(local_stack: Any) -> None:
    response = requests.get(f"{local_stack.url}/api/health", timeout=5)
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert response.headers["Content-Type"].startswith("application/json")


def test_unknown_api_route_answers_like_api_gateway(local_stack: Any) -> None:
    response = requests.get(f"{local_stack.url}/api/definitely/not/a/route", timeout=5)
    assert response.status_code == 403
    assert response.json() == {"message": "Missing Authentication Token"}


def test_runtime_config_points_at_the_local_gateway_and_mailbox(local_stack: Any) -> None:
    config = requests.get(f"{local_stack.url}/api/meta/config", timeout=5).json()
    assert config["ws_url"] == local_stack.info["ws_url"]
    assert config["local"] is True
    assert config["stage"] == "local"
    assert config["mailbox_url"] == local_stack.info["mailbox_url"]


def test_query_strings_and_json_bodies_reach_the_app(local_stack: Any) -> None:
    # A bad body gets the app's own 400 (parsed by the app, not by the gateway).
    response = requests.post(f"{local_stack.url}/api/auth/login", data=b"{not json",
                             headers={"Content-Type": "application/json"}, timeout=5)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_json"


def test_without_a_built_spa_a_placeholder_page_is_served(local_stack: Any) -> None:
    for path in ("/", "/mentors/some-client-side-route"):
        response = requests.get(local_stack.url + path, timeout=5)
        assert response.status_code == 200
        assert "PeerLearn local stack is running" in response.text
        assert "--no-spa" in response.text
    assert requests.get(f"{local_stack.url}/assets/missing.js", timeout=5).status_code == 404


def test_ready_file_reports_the_chosen_ports(local_stack: Any) -> None:
    info = local_stack.info
    assert info["port"] > 0 and info["ws_port"] > 0 and info["port"] != info["ws_port"]
    assert info["url"] == f"http://127.0.0.1:{info['port']}"
    assert info["ws_url"] == f"ws://127.0.0.1:{info['ws_port']}"
    assert "peerlearn-email-outbox" in info["queues"]
    assert "purge_unverified_accounts" in info["schedules"]


def test_the_browser_can_upload_to_the_presigned_post_url(local_stack: Any, sign_up: Callable[..., Any]) -> None:
    """The uploads bucket exists and its CORS lets the SPA's origin POST the presigned form."""
    _, token = sign_up(local_stack)
    auth = {"Authorization": f"Bearer {token}"}
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 56
    grant = requests.post(f"{local_stack.url}/api/me/uploads", headers=auth, timeout=10,
                          json={"kind": "avatar", "content_type": "image/png", "size": len(png)})
    assert grant.status_code == 201, grant.text
    form = grant.json()
    assert form["url"].startswith(local_stack.info["aws_endpoint_url"])

    preflight = requests.options(form["url"], timeout=5, headers={
        "Origin": local_stack.url, "Access-Control-Request-Method": "POST"})
    assert preflight.headers.get("Access-Control-Allow-Origin") == local_stack.url
    upload = requests.post(form["url"], data=form["fields"], files={"file": ("me.png", png, "image/png")},
                           headers={"Origin": local_stack.url}, timeout=10)
    assert upload.status_code in (200, 201, 204), upload.text
    assert upload.headers.get("Access-Control-Allow-Origin") == local_stack.url

    done = requests.post(f"{local_stack.url}/api/me/uploads/complete", headers=auth, timeout=10,
                         json={"kind": "avatar", "key": form["key"]})
    assert done.status_code == 200, done.text
    assert requests.get(done.json()["avatar_url"], timeout=5).content == png


def test_the_correlation_id_is_echoed_through_the_local_gateway(local_stack: Any) -> None:
    sent = requests.get(f"{local_stack.url}/api/health", headers={"X-Correlation-Id": "local-1"}, timeout=5)
    assert sent.headers["X-Correlation-Id"] == "local-1"
    bogus = requests.get(f"{local_stack.url}/api/health", headers={"X-Correlation-Id": "no spaces"}, timeout=5)
    # replaced by the gateway's request id (a uuid in the local stack)
    assert bogus.headers["X-Correlation-Id"] not in ("", "no spaces") and len(bogus.headers["X-Correlation-Id"]) == 36
