"""Work orders (工单): creation with a citizen-facing number, lookup, views.

The action server creates intake tickets and the gateway creates handoff
tickets; both call :func:`create_ticket`, so numbering has one home.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.models import Ticket, as_utc
from bot.pii import mask_phone, mask_text
from bot.services.triage import classification_view
from bot.triage.entities import TICKET_NUMBER_PATTERN

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

HOTLINE_TZ = ZoneInfo("Asia/Shanghai")
OPEN_STATUSES = ("受理", "派单", "签收", "办理", "答复", "回访")


def create_ticket(
    session: Session,
    *,
    kind: str,
    conversation_id: str | None,
    description: str,
    address: str | None = None,
    phone: str | None = None,
    transcript: list[dict[str, Any]] | None = None,
) -> Ticket:
    """Create a ticket in status 受理 and give it its number.

    The number is the local date plus the row id, so it is unique by
    construction and needs no counter that could drift from the table.
    """
    ticket = Ticket(
        kind=kind,
        conversation_id=conversation_id,
        description=description,
        address=address,
        phone=phone,
        transcript=transcript,
        status="受理",
    )
    session.add(ticket)
    session.flush()
    today = datetime.now(HOTLINE_TZ).strftime("%Y%m%d")
    ticket.number = f"{today}{ticket.id:06d}"
    session.flush()
    return ticket


def local_time(moment: datetime, zone: ZoneInfo = HOTLINE_TZ) -> datetime:
    """A stored timestamp in hotline local time (SQLite returns naive UTC)."""
    return as_utc(moment).astimezone(zone)


def ticket_number_in(text: str) -> str | None:
    """The first ticket number written in ``text``, if any."""
    found = TICKET_NUMBER_PATTERN.search(text)
    return found.group(1) if found else None


def find_ticket(session: Session, number: str, *, for_update: bool = False) -> Ticket | None:
    """Look a ticket up by the number the citizen was given.

    ``for_update`` locks the row until the session ends (PostgreSQL; SQLite
    serialises writers anyway), for read-modify-write changes such as an
    agent's correction.
    """
    query = select(Ticket).where(Ticket.number == number.strip())
    return session.scalar(query.with_for_update() if for_update else query)


def open_ticket_for(session: Session, conversation_id: str) -> Ticket | None:
    """The newest ticket of a conversation that is not closed yet."""
    return session.scalar(
        select(Ticket)
        .where(Ticket.conversation_id == conversation_id, Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.id.desc())
        .limit(1)
    )


def ticket_view(ticket: Ticket, *, masked: bool = True) -> dict[str, Any]:
    """JSON view of a ticket; personal data is masked unless ``masked`` is off."""
    transcript = ticket.transcript or []
    return {
        "number": ticket.number,
        "kind": ticket.kind,
        "status": ticket.status,
        "conversation_id": ticket.conversation_id,
        "description": mask_text(ticket.description) if masked else ticket.description,
        "address": mask_text(ticket.address) if masked and ticket.address else ticket.address,
        "phone": mask_phone(ticket.phone) if masked else ticket.phone,
        "transcript": [
            {**line, "text": mask_text(line["text"]) if masked else line["text"]}
            for line in transcript
        ],
        "classification": classification_view(ticket),
        "created_at": as_utc(ticket.created_at).isoformat(),
        "updated_at": as_utc(ticket.updated_at).isoformat(),
    }
