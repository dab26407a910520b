"""The web-chat widget channel: a JSON API, an event stream, and the widget files.

Replies go back on the same request; asynchronous messages (an agent's reply)
are stored first and the event stream delivers them from the database, woken
by Redis pub/sub, so a lost wake-up costs at most one heartbeat, never a message.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Request, Response, current_app, jsonify, request, send_from_directory

from bot import state
from bot.copy import say
from bot.errors import BadRequest, NotFound
from bot.services.conversations import create_conversation, get_conversation, token_matches
from bot.services.messages import pushed_after
from channels.base import Channel, InboundMessage, OutboundMessage

if TYPE_CHECKING:
    import redis

    from bot.db import Database

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "bot" / "static" / "webchat"
CHANNEL_NAME = "webchat"


class WebChatChannel(Channel):
    """The embeddable widget on the hotline's own site or any partner site."""

    name = CHANNEL_NAME

    def __init__(self, redis_client: redis.Redis) -> None:
        self._redis = redis_client

    def blueprint(self) -> Blueprint:
        """Routes under ``/webchat``."""
        return bp

    def parse(self, request: Request) -> InboundMessage | None:
        """Validate a message request body; the caller has checked the token."""
        payload = request.get_json(silent=True)
        if payload is None:
            raise BadRequest("not_json", say("error_not_json"))
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise BadRequest("text_required", say("error_text_type"))
        text = payload["text"].strip()
        limit = current_app.config["SETTINGS"].max_message_chars
        if not text:
            raise BadRequest("empty_text", say("error_empty"))
        if len(text) > limit:
            raise BadRequest("text_too_long", say("error_too_long", limit=limit), status=413)
        client_id = payload.get("client_message_id")
        if client_id is not None and (not isinstance(client_id, str) or len(client_id) > 64):
            raise BadRequest("bad_client_message_id", say("error_not_json"))
        conversation_id = request.view_args["session_id"] if request.view_args else ""
        return InboundMessage(
            channel=CHANNEL_NAME,
            conversation_id=conversation_id,
            sender_ref=conversation_id,
            text=text,
            message_id=client_id or None,
        )

    def send_text(self, conversation_id: str, message: OutboundMessage) -> str | None:
        """Wake the conversation's event stream; the stream reads the stored message."""
        self._redis.publish(
            state.conversation_events_channel(conversation_id),
            json.dumps({"id": message.id}),
        )
        return None

    def send_buttons(self, conversation_id: str, message: OutboundMessage) -> str | None:
        """The widget renders buttons itself, so nothing to flatten."""
        return self.send_text(conversation_id, message)


bp = Blueprint("webchat", __name__, url_prefix="/webchat")


@bp.after_request
def _allow_any_origin(response: Response) -> Response:
    # The widget is embedded on other sites; auth is a bearer token, never a cookie.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    return response


@bp.get("/widget.js")
@bp.get("/widget.css")
def widget_file() -> Response:
    """The widget, served from a stable URL for the one-tag embed."""
    response = send_from_directory(STATIC_DIR, request.path.rsplit("/", 1)[-1], max_age=300)
    return response


@bp.post("/api/sessions")
def create_session() -> tuple[Response, int]:
    """Open a conversation and return its id and bearer token."""
    with _db().session() as session:
        conversation, token = create_conversation(session, channel=CHANNEL_NAME, with_token=True)
        conversation_id = conversation.id
    return jsonify({"session_id": conversation_id, "token": token}), 201


@bp.post("/api/sessions/<session_id>/messages")
def post_message(session_id: str) -> Response:
    """Accept one citizen message and answer with the bot's replies."""
    from bot.intake import accept_message

    _authorise(session_id, _bearer_token())
    channel: WebChatChannel = current_app.extensions["channels"][CHANNEL_NAME]
    inbound = channel.parse(request)
    assert inbound is not None
    accepted = accept_message(inbound, db=_db(), router=current_app.extensions["router"])
    return jsonify(
        {
            "message_id": accepted.message_id,
            "duplicate": accepted.duplicate,
            "replies": [reply.to_dict() for reply in accepted.replies],
        }
    )


@bp.get("/api/sessions/<session_id>/events")
def events(session_id: str) -> Response:
    """Server-sent events with every asynchronous message after ``last_event_id``."""
    _authorise(session_id, request.args.get("token") or _bearer_token())
    raw_last = request.headers.get("Last-Event-ID") or request.args.get("last_event_id") or "0"
    if not raw_last.isdigit():
        raise BadRequest("bad_last_event_id", "last_event_id must be a number")
    settings = current_app.config["SETTINGS"]
    stream = _event_stream(
        _db(),
        current_app.extensions["redis"],
        session_id,
        int(raw_last),
        settings.sse_heartbeat_seconds,
    )
    return Response(
        stream,
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _event_stream(
    db: Database, r: redis.Redis, conversation_id: str, last_id: int, heartbeat: float
) -> Iterator[str]:
    pubsub = r.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(state.conversation_events_channel(conversation_id))
    try:
        yield "retry: 3000\n\n"
        while True:
            # Subscribed first, then read: a message stored in between is not missed.
            with db.session() as session:
                for row in pushed_after(session, conversation_id, last_id):
                    data: dict[str, Any] = {"id": row.id, "text": row.text, "sender": row.sender}
                    if row.buttons:
                        data["buttons"] = row.buttons
                    payload = json.dumps(data, ensure_ascii=False)
                    yield f"id: {row.id}\nevent: message\ndata: {payload}\n\n"
                    row.delivery_state = "delivered"
                    last_id = row.id
            if pubsub.get_message(timeout=heartbeat) is None:
                yield ": keep-alive\n\n"
    finally:
        pubsub.close()


def _bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _authorise(session_id: str, token: str) -> None:
    if not token:
        raise BadRequest("unauthorized", say("error_unauthorized"), status=401)
    try:
        with _db().session() as session:
            conversation = get_conversation(session, session_id)
            ok = token_matches(conversation, token)
    except NotFound:
        raise BadRequest("unknown_session", say("error_unknown_session"), status=404) from None
    if not ok:
        raise BadRequest("unauthorized", say("error_unauthorized"), status=401)


def _db() -> Database:
    from bot.db import get_db

    return get_db()
