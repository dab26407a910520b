"""The one way in: persist, de-duplicate, route, persist the replies.

Every channel calls :func:`accept_message` after verifying and parsing its
request, so the order of steps that protects the citizen's message is the
same everywhere: nothing is decided before the message is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.services.messages import record_inbound, record_outbound, replies_to
from channels.base import InboundMessage, OutboundMessage

if TYPE_CHECKING:
    from bot.db import Database
    from bot.router import Router


@dataclass(frozen=True, slots=True)
class Accepted:
    """The outcome of accepting one inbound message."""

    message_id: int
    duplicate: bool
    replies: list[OutboundMessage]


def accept_message(inbound: InboundMessage, *, db: Database, router: Router) -> Accepted:
    """Store the message, decide it, and store what we answer.

    A retry of a message already accepted (same ``message_id``) is not routed
    again; it gets the replies stored for the first attempt.
    """
    with db.session() as session:
        message, duplicate = record_inbound(
            session,
            conversation_id=inbound.conversation_id,
            text=inbound.text,
            client_message_id=inbound.message_id,
        )
        message_id = message.id
        if duplicate:
            earlier = [
                OutboundMessage(text=m.text, buttons=m.buttons, sender=m.sender, id=m.id)
                for m in replies_to(session, message_id)
                if m.delivery == "sync"
            ]
            return Accepted(message_id=message_id, duplicate=True, replies=earlier)

    replies = router.route(inbound, message_id)

    stored: list[OutboundMessage] = []
    with db.session() as session:
        for reply in replies:
            row = record_outbound(
                session,
                conversation_id=inbound.conversation_id,
                message=reply,
                reply_to_id=message_id,
            )
            stored.append(
                OutboundMessage(
                    text=reply.text, buttons=reply.buttons, sender=reply.sender, id=row.id
                )
            )
    return Accepted(message_id=message_id, duplicate=False, replies=stored)
