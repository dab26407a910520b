"""One module per channel, all behind :class:`channels.base.Channel`.

Only this package ever sees a raw provider payload.
"""

from channels.base import Channel, InboundMessage, OutboundMessage

__all__ = ["Channel", "InboundMessage", "OutboundMessage"]
