"""The contract every channel implements, and the two value objects it speaks.

Modelled on Rasa's ``InputChannel``/``OutputChannel``: a channel parses a
provider request into an :class:`InboundMessage` and knows how to send an
:class:`OutboundMessage`; it never knows what the bot decides.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Blueprint, Request


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """A citizen's message, normalised, as every channel hands it over."""

    channel: str
    conversation_id: str
    sender_ref: str
    text: str
    message_id: str | None = None  # provider id, used for de-duplication
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    """What the service says back; buttons are ``{"title","payload"}`` dicts."""

    text: str
    buttons: list[dict[str, str]] | None = None
    sender: str = "bot"  # bot | agent | system
    id: int | None = None  # the persisted message id, once stored

    def to_dict(self) -> dict[str, Any]:
        """JSON shape of the web-chat API: ``{"text","sender","buttons"?}``."""
        out: dict[str, Any] = {"text": self.text, "sender": self.sender}
        if self.buttons:
            out["buttons"] = self.buttons
        return out


class Channel(ABC):
    """One provider: how requests come in and how messages go out."""

    name: str = ""

    @abstractmethod
    def blueprint(self) -> Blueprint:
        """The Flask blueprint with this channel's inbound endpoints."""

    @abstractmethod
    def parse(self, request: Request) -> InboundMessage | None:
        """Turn a verified request into a message, or ``None`` for non-messages."""

    @abstractmethod
    def send_text(self, conversation_id: str, message: OutboundMessage) -> str | None:
        """Deliver a text; returns the provider's message id when there is one."""

    def send_buttons(self, conversation_id: str, message: OutboundMessage) -> str | None:
        """Deliver a text with choices; channels without buttons get a numbered list."""
        if not message.buttons:
            return self.send_text(conversation_id, message)
        lines = [message.text] + [
            f"{i}. {b['title']}" for i, b in enumerate(message.buttons, start=1)
        ]
        return self.send_text(
            conversation_id,
            OutboundMessage(text="\n".join(lines), sender=message.sender, id=message.id),
        )

    def send(self, conversation_id: str, message: OutboundMessage) -> str | None:
        """Route one outbound message to the richest method this channel has."""
        if message.buttons:
            return self.send_buttons(conversation_id, message)
        return self.send_text(conversation_id, message)
