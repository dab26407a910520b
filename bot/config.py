"""Every tunable of the gateway, read from the environment in one place.

Secrets come only from the environment; everything else has a default that
makes ``make run`` work on a fresh machine (embedded Redis, SQLite file).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_VAR_DIR = PROJECT_ROOT / "var"
DEFAULT_GATEWAY_PORT = 8000
DEFAULT_RASA_PORT = 5005
DEFAULT_ACTIONS_PORT = 5055
DEFAULT_RASA_TIMEOUT_SECONDS = 10.0
DEFAULT_SESSION_TTL_SECONDS = 7 * 24 * 3600
DEFAULT_DEDUP_TTL_SECONDS = 24 * 3600
DEFAULT_MAX_MESSAGE_CHARS = 2000
DEFAULT_SEND_RETRY_INTERVALS = (5, 30, 120)
DEFAULT_SSE_HEARTBEAT_SECONDS = 15.0
DEFAULT_QUEUE_NAME = "hotline"
DEFAULT_UNCLEAR_TURNS_BEFORE_HANDOFF = 2


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw else default


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Typed settings; build with :meth:`from_env` or override fields in tests."""

    var_dir: Path = DEFAULT_VAR_DIR
    kb_dir: Path = DEFAULT_VAR_DIR / "kb"
    database_url: str = ""
    redis_url: str = ""
    rasa_url: str = f"http://127.0.0.1:{DEFAULT_RASA_PORT}"
    actions_url: str = f"http://127.0.0.1:{DEFAULT_ACTIONS_PORT}"
    gateway_port: int = DEFAULT_GATEWAY_PORT
    rasa_port: int = DEFAULT_RASA_PORT
    actions_port: int = DEFAULT_ACTIONS_PORT
    rasa_timeout_seconds: float = DEFAULT_RASA_TIMEOUT_SECONDS
    session_ttl_seconds: int = DEFAULT_SESSION_TTL_SECONDS
    dedup_ttl_seconds: int = DEFAULT_DEDUP_TTL_SECONDS
    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS
    send_retry_intervals: tuple[int, ...] = DEFAULT_SEND_RETRY_INTERVALS
    sse_heartbeat_seconds: float = DEFAULT_SSE_HEARTBEAT_SECONDS
    queue_name: str = DEFAULT_QUEUE_NAME
    unclear_turns_before_handoff: int = DEFAULT_UNCLEAR_TURNS_BEFORE_HANDOFF
    agent_api_token: str = field(default="", repr=False)

    @classmethod
    def from_env(cls) -> Settings:
        """Read ``HOTLINE_*`` and the conventional ``DATABASE_URL``/``REDIS_URL``."""
        var_dir = Path(os.environ.get("HOTLINE_VAR_DIR", str(DEFAULT_VAR_DIR)))
        rasa_port = _env_int("RASA_PORT", DEFAULT_RASA_PORT)
        actions_port = _env_int("ACTIONS_PORT", DEFAULT_ACTIONS_PORT)
        intervals = os.environ.get("SEND_RETRY_INTERVALS")
        return cls(
            var_dir=var_dir,
            kb_dir=Path(os.environ.get("HOTLINE_KB_DIR", str(var_dir / "kb"))),
            database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{var_dir / 'hotline.db'}",
            redis_url=os.environ.get("REDIS_URL", ""),
            rasa_url=os.environ.get("RASA_URL", f"http://127.0.0.1:{rasa_port}"),
            actions_url=os.environ.get("ACTIONS_URL", f"http://127.0.0.1:{actions_port}"),
            gateway_port=_env_int("GATEWAY_PORT", DEFAULT_GATEWAY_PORT),
            rasa_port=rasa_port,
            actions_port=actions_port,
            rasa_timeout_seconds=_env_float("RASA_TIMEOUT_SECONDS", DEFAULT_RASA_TIMEOUT_SECONDS),
            session_ttl_seconds=_env_int("SESSION_TTL_SECONDS", DEFAULT_SESSION_TTL_SECONDS),
            dedup_ttl_seconds=_env_int("DEDUP_TTL_SECONDS", DEFAULT_DEDUP_TTL_SECONDS),
            max_message_chars=_env_int("MAX_MESSAGE_CHARS", DEFAULT_MAX_MESSAGE_CHARS),
            send_retry_intervals=tuple(int(x) for x in intervals.split(","))
            if intervals
            else DEFAULT_SEND_RETRY_INTERVALS,
            sse_heartbeat_seconds=_env_float(
                "SSE_HEARTBEAT_SECONDS", DEFAULT_SSE_HEARTBEAT_SECONDS
            ),
            queue_name=os.environ.get("HOTLINE_QUEUE", DEFAULT_QUEUE_NAME),
            unclear_turns_before_handoff=_env_int(
                "UNCLEAR_TURNS_BEFORE_HANDOFF", DEFAULT_UNCLEAR_TURNS_BEFORE_HANDOFF
            ),
            agent_api_token=os.environ.get("AGENT_API_TOKEN", ""),
        )
