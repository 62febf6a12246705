"""The local stack's HTTP side: the REST API under /api, runtime config, the SPA placeholder."""

from __future__ import annotations

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
