"""The persistent record: conversations, every message in and out, and tickets.

Redis holds the live state; these tables are what must never be lost.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Timezone-aware now, the only clock the models use."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored timestamp as aware UTC (SQLite gives back naive UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base; Alembic reads its metadata."""


class Conversation(Base):
    """One citizen's thread on one channel."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    sender_ref: Mapped[str] = mapped_column(String(128))
    token_hash: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="bot")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", order_by="Message.id"
    )

    __table_args__ = (Index("ix_conversations_state", "state"),)


class Message(Base):
    """One inbound or outbound message, persisted before anything can fail."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(8))  # "in" | "out"
    sender: Mapped[str] = mapped_column(String(16))  # citizen | bot | agent | system
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    client_message_id: Mapped[str | None] = mapped_column(String(64))
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    # "sync": returned on the request; "push": delivered through the channel later.
    delivery: Mapped[str] = mapped_column(String(8), default="sync")
    delivery_state: Mapped[str] = mapped_column(String(16), default="pending")
    provider_message_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")

    __table_args__ = (
        UniqueConstraint("conversation_id", "client_message_id", name="uq_messages_client_id"),
        Index("ix_messages_conversation", "conversation_id", "id"),
    )


class Ticket(Base):
    """A work order (工单); ``number`` is what the citizen is told."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    number: Mapped[str | None] = mapped_column(String(20), unique=True)
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(16))  # "intake" | "handoff"
    status: Mapped[str] = mapped_column(String(8), default="受理")
    description: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(32))
    transcript: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # The 12345 classification (bot/triage): set when the ticket is created,
    # correctable by an agent (``classified_by`` then names the agent).
    request_type: Mapped[str | None] = mapped_column(String(8))
    urgency: Mapped[str | None] = mapped_column(String(8))
    emergency: Mapped[str | None] = mapped_column(String(4))
    topic_path: Mapped[list[str] | None] = mapped_column(JSON)
    department: Mapped[str | None] = mapped_column(String(64))
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    time_limit: Mapped[str | None] = mapped_column(String(16))
    confidence: Mapped[float | None] = mapped_column(Float)
    classified_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    __table_args__ = (Index("ix_tickets_conversation", "conversation_id"),)


class ClassificationCorrection(Base):
    """An agent's correction of a ticket's classification: training data for later.

    ``text`` is what was classified (the ticket's description at the time),
    so the correction can be exported without the ticket.
    """

    __tablename__ = "classification_corrections"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(16))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    agent: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_corrections_created", "created_at"),)


class KbEvent(Base):
    """A knowledge-base outcome worth an operator's attention.

    ``kind`` is ``none`` (nothing in the knowledge base fitted), ``helpful``
    or ``unhelpful`` (the citizen's verdict on an answer).
    """

    __tablename__ = "kb_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    faq_id: Mapped[str | None] = mapped_column(String(128))
    question: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_kb_events_kind", "kind", "created_at"),)
