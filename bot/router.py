"""Where a message is decided: emergency, human-owned, knowledge base, or Rasa.

Order matters:
1. emergencies are redirected to 110/119/120/122 before anything else;
2. a human-owned conversation goes to the agents and the bot stays silent;
3. a plain question the knowledge base answers confidently is answered
   here, in about a millisecond, unless the bot is waiting for a specific
   answer (a form slot, a confirmation), the message carries a ticket
   number, or it reads as a report or a request for a person
   (``bot.triage.plain_question``): those only Rasa's dialogue can handle;
4. everything else goes to Rasa.

The router never sees a raw payload and never sends anything itself; it
returns the replies, and the channel decides how they leave.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import redis

from bot import state
from bot.copy import BUTTON_HUMAN, say
from bot.errors import RasaUnavailable
from bot.rasa_client import RasaReply
from bot.services.conversations import get_owner
from bot.services.faq import answer_reply
from bot.services.handoff import hand_off, notify_agents_of_message
from bot.services.kb_feedback import (
    HELPFUL,
    UNHELPFUL,
    Feedback,
    parse_feedback,
    question_before,
    record_kb_event,
)
from bot.services.tickets import ticket_number_in
from bot.triage.emergency import detect_emergency
from bot.triage.plain_question import is_plain_question
from channels.base import InboundMessage, OutboundMessage

if TYPE_CHECKING:
    from bot.db import Database
    from bot.rasa_client import RasaClient
    from knowledge_faq import LiveKnowledgeBase

log = logging.getLogger(__name__)

# Recognised by the gateway itself only when Rasa is down, so a citizen can
# still reach a person; otherwise Rasa's request_human intent handles these.
_HUMAN_REQUEST = re.compile(r"^/request_human$|转人工|人工客服|找人工|真人")


class Router:
    """Decides who answers a message and what the immediate replies are."""

    def __init__(
        self,
        *,
        db: Database,
        redis_client: redis.Redis,
        rasa: RasaClient,
        knowledge_base: LiveKnowledgeBase,
        unclear_turns_before_handoff: int,
    ) -> None:
        self._db = db
        self._redis = redis_client
        self._rasa = rasa
        self._kb = knowledge_base
        self._unclear_limit = unclear_turns_before_handoff

    def route(self, inbound: InboundMessage, message_id: int) -> list[OutboundMessage]:
        """Decide one persisted inbound message.

        Args:
            inbound: the normalised message.
            message_id: its persisted id, so agents can be pointed at it.

        Returns:
            The replies to give the citizen now (empty while a human owns it).
        """
        conversation_id = inbound.conversation_id
        with self._db.session() as session:
            owner = get_owner(self._redis, session, conversation_id)

        emergency = detect_emergency(inbound.text)
        if emergency is not None:
            log.warning(
                "conversation %s: emergency %s (%s)",
                conversation_id,
                emergency.line,
                emergency.trigger,
            )
            if owner == state.HUMAN:
                notify_agents_of_message(self._redis, conversation_id, message_id)
            return [OutboundMessage(text=say(f"emergency_{emergency.line}"), sender="system")]

        if owner == state.HUMAN:
            notify_agents_of_message(self._redis, conversation_id, message_id)
            return []

        feedback = parse_feedback(inbound.text)
        if feedback is not None:
            return [self._record_feedback(conversation_id, message_id, feedback)]

        # A ticket number means a status lookup, and a report or a request
        # for a person starts a form or a handoff: those are Rasa's to answer.
        if (
            is_plain_question(inbound.text)
            and not self._awaiting(conversation_id)
            and not ticket_number_in(inbound.text)
        ):
            answer = self._kb.ask(inbound.text)
            if answer.decision == "answer":
                self._reset_unclear(conversation_id)
                text, buttons = answer_reply(answer)
                return [OutboundMessage(text=text, buttons=buttons)]

        try:
            replies = self._rasa.send(
                conversation_id, inbound.text, metadata={"channel": inbound.channel}
            )
        except RasaUnavailable as exc:
            log.error("conversation %s: %s", conversation_id, exc)
            if _HUMAN_REQUEST.search(inbound.text):
                return [self._hand_off(conversation_id, reason="requested_while_rasa_down")]
            return [
                OutboundMessage(
                    text=say("rasa_unavailable"), buttons=[BUTTON_HUMAN], sender="system"
                )
            ]

        out = [
            OutboundMessage(text=reply.text or "", buttons=reply.buttons)
            for reply in replies
            if reply.text or reply.buttons
        ]
        self._remember_awaiting(conversation_id, replies)
        handoff = next((r.custom["handoff"] for r in replies if r.custom.get("handoff")), None)
        if handoff is not None:
            reason = handoff.get("reason", "bot") if isinstance(handoff, dict) else "bot"
            out.append(self._hand_off(conversation_id, reason=str(reason)))
        elif any(r.custom.get("unclear") for r in replies):
            if self._count_unclear(conversation_id) >= self._unclear_limit:
                out = [OutboundMessage(text=say("not_understood_handoff"), sender="system")]
                out.append(self._hand_off(conversation_id, reason="not_understood"))
        else:
            self._reset_unclear(conversation_id)
        return out

    def _record_feedback(
        self, conversation_id: str, message_id: int, feedback: Feedback
    ) -> OutboundMessage:
        """Store a 有帮助/没帮助 click; an unhelpful answer offers a human."""
        with self._db.session() as session:
            record_kb_event(
                session,
                kind=HELPFUL if feedback.helpful else UNHELPFUL,
                question=question_before(session, conversation_id, message_id),
                conversation_id=conversation_id,
                faq_id=feedback.faq_id,
            )
        if feedback.helpful:
            return OutboundMessage(text=say("faq_feedback_thanks"))
        return OutboundMessage(text=say("faq_feedback_sorry"), buttons=[BUTTON_HUMAN])

    def _awaiting(self, conversation_id: str) -> bool:
        try:
            return bool(self._redis.exists(state.awaiting_key(conversation_id)))
        except redis.RedisError:
            return True  # unsure: let Rasa, which knows the form state, decide

    def _remember_awaiting(self, conversation_id: str, replies: list[RasaReply]) -> None:
        """Domain responses that ask a question carry ``{"awaiting": slot}``."""
        awaiting = next((r.custom["awaiting"] for r in replies if r.custom.get("awaiting")), None)
        key = state.awaiting_key(conversation_id)
        try:
            if awaiting:
                self._redis.set(key, str(awaiting), ex=state.AWAITING_TTL_SECONDS)
            else:
                self._redis.delete(key)
        except redis.RedisError as exc:
            log.warning("conversation %s: awaiting flag not stored: %s", conversation_id, exc)

    def _count_unclear(self, conversation_id: str) -> int:
        """Count one more message in a row that the bot did not understand."""
        key = state.unclear_count_key(conversation_id)
        try:
            with self._redis.pipeline() as pipe:
                pipe.incr(key)
                pipe.expire(key, state.STATE_TTL_SECONDS)
                count, _ = pipe.execute()
        except redis.RedisError as exc:
            log.warning("conversation %s: unclear count unavailable: %s", conversation_id, exc)
            return 0
        return int(count)

    def _reset_unclear(self, conversation_id: str) -> None:
        try:
            self._redis.delete(state.unclear_count_key(conversation_id))
        except redis.RedisError as exc:
            log.warning("conversation %s: unclear count not reset: %s", conversation_id, exc)

    def _hand_off(self, conversation_id: str, *, reason: str) -> OutboundMessage:
        with self._db.session() as session:
            ticket = hand_off(self._redis, session, conversation_id, reason=reason)
            number = ticket.number
        return OutboundMessage(text=say("handoff_started", number=number), sender="system")
