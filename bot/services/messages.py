"""Messages: persisting every inbound and outbound one, and reading transcripts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.models import Message

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from channels.base import OutboundMessage


def record_inbound(
    session: Session, *, conversation_id: str, text: str, client_message_id: str | None
) -> tuple[Message, bool]:
    """Store a citizen's message unless this client id was stored already.

    Returns:
        The message and ``True`` when it is a duplicate (a retry of a message
        we already accepted), in which case the earlier row is returned.
    """
    if client_message_id:
        earlier = _find_by_client_id(session, conversation_id, client_message_id)
        if earlier is not None:
            return earlier, True
    message = Message(
        conversation_id=conversation_id,
        direction="in",
        sender="citizen",
        text=text,
        client_message_id=client_message_id,
        delivery="sync",
        delivery_state="received",
    )
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        # Two retries raced past the lookup; the unique constraint picked a winner.
        assert client_message_id is not None
        earlier = _find_by_client_id(session, conversation_id, client_message_id)
        assert earlier is not None
        return earlier, True
    return message, False


def _find_by_client_id(
    session: Session, conversation_id: str, client_message_id: str
) -> Message | None:
    return session.scalar(
        select(Message).where(
            Message.conversation_id == conversation_id,
            Message.client_message_id == client_message_id,
        )
    )


def record_outbound(
    session: Session,
    *,
    conversation_id: str,
    message: OutboundMessage,
    reply_to_id: int | None = None,
    delivery: str = "sync",
) -> Message:
    """Store one outbound message; ``push`` ones are delivered later by a job."""
    row = Message(
        conversation_id=conversation_id,
        direction="out",
        sender=message.sender,
        text=message.text,
        buttons=message.buttons,
        reply_to_id=reply_to_id,
        delivery=delivery,
        delivery_state="sent" if delivery == "sync" else "pending",
    )
    session.add(row)
    session.flush()
    return row


def replies_to(session: Session, message_id: int) -> list[Message]:
    """The outbound messages that answered one inbound message, in order."""
    return list(
        session.scalars(
            select(Message).where(Message.reply_to_id == message_id).order_by(Message.id)
        )
    )


def pushed_after(session: Session, conversation_id: str, after_id: int) -> list[Message]:
    """Asynchronous messages newer than ``after_id``, for the event stream."""
    return list(
        session.scalars(
            select(Message)
            .where(
                Message.conversation_id == conversation_id,
                Message.delivery == "push",
                Message.id > after_id,
            )
            .order_by(Message.id)
        )
    )


def latest_push_id(session: Session, conversation_id: str) -> int:
    """Id of the newest asynchronous message (0 when there is none)."""
    newest = session.scalar(
        select(Message.id)
        .where(Message.conversation_id == conversation_id, Message.delivery == "push")
        .order_by(Message.id.desc())
        .limit(1)
    )
    return newest or 0


def transcript(session: Session, conversation_id: str) -> list[dict[str, Any]]:
    """Every message of a conversation as plain dicts, oldest first."""
    rows = session.scalars(
        select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id)
    )
    return [
        {
            "id": m.id,
            "direction": m.direction,
            "sender": m.sender,
            "text": m.text,
            "buttons": m.buttons,
            "delivery_state": m.delivery_state,
            "at": m.created_at.isoformat(),
        }
        for m in rows
    ]
