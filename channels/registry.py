"""Which channels exist: the one list the app factory and the workers share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from channels.webchat import WebChatChannel

if TYPE_CHECKING:
    import redis

    from channels.base import Channel


def build_channels(redis_client: redis.Redis) -> dict[str, Channel]:
    """Instantiate every channel, keyed by its name."""
    channels: list[Channel] = [WebChatChannel(redis_client)]
    return {channel.name: channel for channel in channels}
