"""Redis connection and every Redis key the project uses.

Keys are built only here so that a grep finds every one of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import redis

if TYPE_CHECKING:
    from flask import Flask

BOT = "bot"
HUMAN = "human"
CONVERSATION_STATES = (BOT, HUMAN)

_PREFIX = "hotline"

# The live state expires so that a value written before a Redis outage cannot
# outlive the database record for long; it is re-read from the database.
STATE_TTL_SECONDS = 3600
# A form question left unanswered this long no longer blocks the FAQ fast path.
AWAITING_TTL_SECONDS = 1800


def conversation_state_key(conversation_id: str) -> str:
    """Who owns the conversation right now: ``bot`` or ``human``."""
    return f"{_PREFIX}:conv:{conversation_id}:state"


def conversation_events_channel(conversation_id: str) -> str:
    """Pub/sub channel that wakes the citizen's event stream."""
    return f"{_PREFIX}:conv:{conversation_id}:events"


def unclear_count_key(conversation_id: str) -> str:
    """How many consecutive messages in a row the bot did not understand."""
    return f"{_PREFIX}:conv:{conversation_id}:unclear"


def awaiting_key(conversation_id: str) -> str:
    """Set while the bot waits for a specific answer (a form slot, a confirmation)."""
    return f"{_PREFIX}:conv:{conversation_id}:awaiting"


def agent_events_channel() -> str:
    """Pub/sub channel that agents listen on for handoffs and citizen messages."""
    return f"{_PREFIX}:agents:events"


def dedup_key(channel: str, message_id: str) -> str:
    """``SET NX`` marker for a provider message id already accepted."""
    return f"{_PREFIX}:dedup:{channel}:{message_id}"


def connect(url: str) -> redis.Redis:
    """Open a client for ``url`` (``redis://``, ``rediss://`` or ``unix://``)."""
    return redis.Redis.from_url(url, socket_timeout=5, health_check_interval=30)


def init_app(app: Flask) -> None:
    """Attach one client per app; it is a pool, safe to share across threads."""
    app.extensions["redis"] = connect(app.config["SETTINGS"].redis_url)


def get_redis() -> redis.Redis:
    """The current app's Redis client."""
    from flask import current_app

    client: redis.Redis = current_app.extensions["redis"]
    return client
