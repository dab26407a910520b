"""Handing a conversation to the human agents, and back to the bot."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

import redis

from bot import state
from bot.services.conversations import get_conversation, set_owner
from bot.services.messages import transcript
from bot.services.tickets import create_ticket, open_ticket_for
from bot.services.triage import classify_ticket

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.models import Ticket

log = logging.getLogger(__name__)


def hand_off(r: redis.Redis, session: Session, conversation_id: str, *, reason: str) -> Ticket:
    """Give the conversation to humans and make sure a ticket carries it.

    An open ticket of the conversation (say, from the intake form) is linked
    and its transcript refreshed; otherwise a ``handoff`` ticket is created.
    Agents are told through the agent pub/sub channel.
    """
    conversation = get_conversation(session, conversation_id)
    set_owner(r, session, conversation_id, state.HUMAN)
    lines = transcript(session, conversation_id)
    ticket = open_ticket_for(session, conversation_id)
    if ticket is None:
        first_words = next((m["text"] for m in lines if m["direction"] == "in"), "")
        ticket = create_ticket(
            session,
            kind="handoff",
            conversation_id=conversation_id,
            description=first_words[:500],
            transcript=lines,
        )
        classify_ticket(ticket)
    else:
        ticket.transcript = lines
    session.flush()
    _notify_agents(
        r,
        {
            "type": "handoff",
            "conversation_id": conversation_id,
            "channel": conversation.channel,
            "ticket": ticket.number,
            "reason": reason,
        },
    )
    log.info("conversation %s handed off (%s), ticket %s", conversation_id, reason, ticket.number)
    return ticket


def hand_back(r: redis.Redis, session: Session, conversation_id: str) -> None:
    """Return the conversation to the bot."""
    set_owner(r, session, conversation_id, state.BOT)
    _notify_agents(r, {"type": "handback", "conversation_id": conversation_id})
    log.info("conversation %s handed back to the bot", conversation_id)


def notify_agents_of_message(r: redis.Redis, conversation_id: str, message_id: int) -> None:
    """Tell agents a citizen wrote in a conversation they own."""
    _notify_agents(
        r, {"type": "message", "conversation_id": conversation_id, "message_id": message_id}
    )


def _notify_agents(r: redis.Redis, event: dict[str, object]) -> None:
    # A missed notice is not a lost message: agents list conversations from the db.
    try:
        r.publish(state.agent_events_channel(), json.dumps(event, ensure_ascii=False))
    except redis.RedisError as exc:
        log.warning("agent notice not published (%s): %s", event.get("type"), exc)
