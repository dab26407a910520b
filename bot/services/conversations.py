"""Conversations: creation, token checks, and who owns them (bot or human)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import uuid
from typing import TYPE_CHECKING

import redis

from bot import state
from bot.errors import NotFound
from bot.models import Conversation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_conversation(
    session: Session, *, channel: str, sender_ref: str | None = None, with_token: bool
) -> tuple[Conversation, str | None]:
    """Create a conversation; web chat gets a bearer token shown once.

    Returns:
        The conversation and the plain token (``None`` when not requested);
        only the token's hash is stored.
    """
    conversation_id = uuid.uuid4().hex
    token = secrets.token_urlsafe(32) if with_token else None
    conversation = Conversation(
        id=conversation_id,
        channel=channel,
        sender_ref=sender_ref or conversation_id,
        token_hash=_hash_token(token) if token else None,
        state=state.BOT,
    )
    session.add(conversation)
    session.flush()
    return conversation, token


def token_matches(conversation: Conversation, token: str) -> bool:
    """Constant-time check of a presented bearer token."""
    if not conversation.token_hash or not token:
        return False
    return hmac.compare_digest(conversation.token_hash, _hash_token(token))


def get_conversation(session: Session, conversation_id: str) -> Conversation:
    """Load a conversation or raise :class:`NotFound`."""
    conversation = session.get(Conversation, conversation_id) if conversation_id else None
    if conversation is None:
        raise NotFound(f"conversation {conversation_id!r} does not exist")
    return conversation


def get_owner(r: redis.Redis, session: Session, conversation_id: str) -> str:
    """``bot`` or ``human``: the live state in Redis, else the database record.

    The database copy is written on every switch, so a Redis outage or a
    flushed key degrades to a slower read, never to a wrong owner.
    """
    key = state.conversation_state_key(conversation_id)
    try:
        value = r.get(key)
    except redis.RedisError as exc:
        log.warning(
            "conversation %s: redis unavailable, reading state from db: %s", conversation_id, exc
        )
        return get_conversation(session, conversation_id).state
    if value is not None:
        return value.decode() if isinstance(value, bytes) else str(value)
    owner = get_conversation(session, conversation_id).state
    r.set(key, owner, ex=state.STATE_TTL_SECONDS)
    return owner


def set_owner(r: redis.Redis, session: Session, conversation_id: str, owner: str) -> None:
    """Switch ownership: the database record first, then the live Redis state."""
    if owner not in state.CONVERSATION_STATES:
        raise ValueError(f"unknown conversation state {owner!r}")
    get_conversation(session, conversation_id).state = owner
    session.flush()
    try:
        r.set(state.conversation_state_key(conversation_id), owner, ex=state.STATE_TTL_SECONDS)
    except redis.RedisError as exc:
        log.warning("conversation %s: state not cached in redis: %s", conversation_id, exc)
