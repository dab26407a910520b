"""The minimal agent API: list handed-off conversations, reply, hand back.

Everything a citizen wrote is returned masked (phones, ID numbers) and with an
HTML-escaped copy, so a desk that renders HTML never injects citizen text.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from markupsafe import escape
from rq import Queue
from sqlalchemy import select

from bot import state
from bot.copy import say
from bot.db import get_db
from bot.errors import BadRequest, NotFound
from bot.jobs import enqueue_delivery
from bot.models import Conversation, Ticket
from bot.pii import mask_text
from bot.services.conversations import get_conversation, get_owner
from bot.services.handoff import hand_back, hand_off
from bot.services.messages import record_outbound, transcript
from bot.services.tickets import find_ticket, open_ticket_for, ticket_view
from bot.services.triage import (
    CORRECTABLE,
    CorrectionError,
    classification_view,
    correct_classification,
)
from bot.state import get_redis
from bot.triage.taxonomy import load_taxonomy
from channels.base import OutboundMessage

bp = Blueprint("agent", __name__, url_prefix="/agent/api")
MAX_AGENT_CHARS = 64


@bp.before_request
def _require_agent_token() -> None:
    expected = current_app.config["SETTINGS"].agent_api_token
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not expected:
        raise BadRequest("agent_api_disabled", "AGENT_API_TOKEN is not configured", status=401)
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip(), expected):
        raise BadRequest("unauthorized", "missing or wrong agent token", status=401)


@bp.get("/conversations")
def list_conversations() -> Response:
    """Conversations owned by humans (``?state=bot`` lists the others)."""
    wanted = request.args.get("state", state.HUMAN)
    if wanted not in state.CONVERSATION_STATES:
        raise BadRequest("bad_state", f"state must be one of {state.CONVERSATION_STATES}")
    with get_db().session() as session:
        rows = session.scalars(
            select(Conversation)
            .where(Conversation.state == wanted)
            .order_by(Conversation.updated_at.desc())
            .limit(200)
        )
        items = [_summary(session, c) for c in rows]
    return jsonify({"conversations": items})


@bp.get("/conversations/<conversation_id>")
def show_conversation(conversation_id: str) -> Response:
    """One conversation with its whole transcript."""
    with get_db().session() as session:
        conversation = _load(session, conversation_id)
        view = _summary(session, conversation)
        view["messages"] = [_message_view(m) for m in transcript(session, conversation_id)]
    return jsonify(view)


@bp.post("/conversations/<conversation_id>/messages")
def reply(conversation_id: str) -> tuple[Response, int]:
    """Store an agent's reply and queue its delivery on the citizen's channel."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        raise BadRequest("text_required", "body must be JSON with a string 'text'")
    text = payload["text"].strip()
    if not text:
        raise BadRequest("empty_text", "text must not be empty")
    if len(text) > current_app.config["SETTINGS"].max_message_chars:
        raise BadRequest("text_too_long", "text is too long", status=413)
    with get_db().session() as session:
        _load(session, conversation_id)
        if get_owner(get_redis(), session, conversation_id) != state.HUMAN:
            raise BadRequest(
                "not_handed_off", "take the conversation over before replying", status=409
            )
        row = record_outbound(
            session,
            conversation_id=conversation_id,
            message=OutboundMessage(text=text, sender="agent"),
            delivery="push",
        )
        message_id = row.id
    _deliver(message_id)
    return jsonify({"id": message_id, "delivery_state": "pending"}), 201


@bp.post("/conversations/<conversation_id>/takeover")
def takeover(conversation_id: str) -> Response:
    """An agent takes a conversation the bot still owns."""
    with get_db().session() as session:
        _load(session, conversation_id)
        ticket = hand_off(get_redis(), session, conversation_id, reason="agent_takeover")
        number = ticket.number
    return jsonify({"state": state.HUMAN, "ticket": number})


@bp.post("/conversations/<conversation_id>/handback")
def handback(conversation_id: str) -> Response:
    """Give the conversation back to the bot and tell the citizen."""
    with get_db().session() as session:
        _load(session, conversation_id)
        hand_back(get_redis(), session, conversation_id)
        row = record_outbound(
            session,
            conversation_id=conversation_id,
            message=OutboundMessage(text=say("handback"), sender="system"),
            delivery="push",
        )
        message_id = row.id
    _deliver(message_id)
    return jsonify({"state": state.BOT})


@bp.get("/tickets/<number>")
def show_ticket(number: str) -> Response:
    """One work order with its classification (citizen text masked and escaped)."""
    with get_db().session() as session:
        view = _ticket_view(_ticket(session, number))
    return jsonify(view)


@bp.patch("/tickets/<number>/classification")
def correct_ticket(number: str) -> Response:
    """Correct a work order's classification.

    Body: ``{"agent", "request_type"?, "urgency"?, "topic"?, "topic_l2"?}``.
    Department and due time follow the correction; every changed field is
    kept for ``hotline export corrections``.
    """
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise BadRequest("json_required", "body must be a JSON object")
    agent = payload.pop("agent", None)
    if not isinstance(agent, str) or not agent.strip() or len(agent) > MAX_AGENT_CHARS:
        raise BadRequest("agent_required", "say which agent corrects: a non-empty 'agent' string")
    if not payload:
        raise BadRequest("nothing_to_correct", f"give at least one of {', '.join(CORRECTABLE)}")
    with get_db().session() as session:
        ticket = _ticket(session, number, for_update=True)
        try:
            changed = correct_classification(
                session, ticket, payload, agent.strip(), load_taxonomy()
            )
        except CorrectionError as exc:
            raise BadRequest("bad_correction", str(exc)) from None
        view = _ticket_view(ticket)
    return jsonify({"ticket": view, "corrected": [c.field for c in changed]})


@bp.get("/events")
def agent_events() -> Response:
    """Live notifications for agents: handoffs and citizen messages."""
    r = get_redis()
    heartbeat = current_app.config["SETTINGS"].sse_heartbeat_seconds

    def stream() -> Iterator[str]:
        pubsub = r.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(state.agent_events_channel())
        try:
            yield "retry: 3000\n\n"
            while True:
                message = pubsub.get_message(timeout=heartbeat)
                if message is None:
                    yield ": keep-alive\n\n"
                    continue
                data = message["data"]
                event = json.loads(data.decode() if isinstance(data, bytes) else data)
                yield f"event: {event['type']}\ndata: {json.dumps(event, ensure_ascii=False)}\n\n"
        finally:
            pubsub.close()

    return Response(stream(), mimetype="text/event-stream", headers={"Cache-Control": "no-cache"})


def _deliver(message_id: int) -> None:
    settings = current_app.config["SETTINGS"]
    queue: Queue = current_app.extensions["queue"]
    enqueue_delivery(queue, message_id, settings.send_retry_intervals)


def _ticket(session: Any, number: str, *, for_update: bool = False) -> Ticket:
    ticket = find_ticket(session, number, for_update=for_update)
    if ticket is None:
        raise BadRequest("unknown_ticket", "no such ticket", status=404)
    return ticket


def _load(session: Any, conversation_id: str) -> Conversation:
    try:
        return get_conversation(session, conversation_id)
    except NotFound:
        raise BadRequest("unknown_conversation", "no such conversation", status=404) from None


def _summary(session: Any, conversation: Conversation) -> dict[str, Any]:
    ticket = open_ticket_for(session, conversation.id)
    return {
        "id": conversation.id,
        "channel": conversation.channel,
        "state": conversation.state,
        "ticket": ticket.number if ticket else None,
        "classification": classification_view(ticket) if ticket else None,
        "updated_at": conversation.updated_at.isoformat(),
    }


def _ticket_view(ticket: Ticket) -> dict[str, Any]:
    """A ticket masked, with HTML-escaped copies of everything the citizen wrote."""
    view = ticket_view(ticket)
    view["description_html"] = str(escape(view["description"]))
    view["address_html"] = str(escape(view["address"])) if view["address"] else None
    view["transcript"] = [_message_view(line) for line in view["transcript"]]
    return view


def _message_view(line: dict[str, Any]) -> dict[str, Any]:
    masked = mask_text(line["text"])
    return {**line, "text": masked, "text_html": str(escape(masked))}
