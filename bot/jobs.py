"""RQ jobs: the only place outbound messages are pushed through a channel.

Workers resolve jobs by dotted path, so every job is a module-level function
taking ids, never objects. Retries are data given at enqueue time.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import TYPE_CHECKING

from rq import Queue, Retry

from bot.config import Settings
from bot.db import Database
from bot.errors import DeliveryError
from bot.models import Message
from bot.state import connect
from channels.base import OutboundMessage
from channels.registry import build_channels

if TYPE_CHECKING:
    import redis

    from channels.base import Channel

log = logging.getLogger(__name__)


class WorkerContext:
    """What a job needs, built once per worker process from the environment."""

    def __init__(self, settings: Settings) -> None:
        self.db = Database(settings.database_url)
        self.redis: redis.Redis = connect(settings.redis_url)
        self.channels: dict[str, Channel] = build_channels(self.redis)


@cache
def _context() -> WorkerContext:
    return WorkerContext(Settings.from_env())


def deliver_message(message_id: int) -> str:
    """Send one stored outbound message through its conversation's channel.

    A message that already has a provider id or was delivered is skipped, so
    a retried job never sends twice.
    """
    ctx = _context()
    with ctx.db.session() as session:
        row = session.get(Message, message_id)
        if row is None:
            raise DeliveryError(f"message {message_id} does not exist")
        if row.provider_message_id or row.delivery_state in ("sent", "delivered"):
            return "skipped"
        channel = ctx.channels.get(row.conversation.channel)
        if channel is None:
            raise DeliveryError(f"no channel {row.conversation.channel!r} for message {message_id}")
        outbound = OutboundMessage(text=row.text, buttons=row.buttons, sender=row.sender, id=row.id)
        row.provider_message_id = channel.send(row.conversation_id, outbound)
        row.delivery_state = "sent"
    log.info("message %s sent on %s", message_id, channel.name)
    return "sent"


def enqueue_delivery(queue: Queue, message_id: int, intervals: tuple[int, ...]) -> None:
    """Queue :func:`deliver_message` with retries spaced by ``intervals`` seconds."""
    queue.enqueue(
        deliver_message,
        message_id,
        retry=Retry(max=len(intervals), interval=list(intervals)),
        job_timeout=30,
    )
