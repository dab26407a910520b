"""Knowledge-base feedback: the 有帮助/没帮助 buttons and the gaps they reveal.

Every answer offers the two buttons; their payloads come back as messages the
router recognises. Questions that found nothing, and answers judged unhelpful,
are what operators read with ``hotline kb gaps`` to decide what to write next.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from bot.models import KbEvent, Message

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NONE = "none"
HELPFUL = "helpful"
UNHELPFUL = "unhelpful"
_PAYLOAD = re.compile(r'^/faq_feedback\{"faq_id":"([a-z0-9-]{1,128})","helpful":(true|false)\}$')


@dataclass(frozen=True, slots=True)
class Feedback:
    """A citizen's verdict on one answer."""

    faq_id: str
    helpful: bool


def feedback_buttons(faq_id: str) -> list[dict[str, str]]:
    """The two buttons under an answer; the payload names the entry."""
    return [
        {"title": "有帮助", "payload": _payload(faq_id, helpful=True)},
        {"title": "没帮助", "payload": _payload(faq_id, helpful=False)},
    ]


def _payload(faq_id: str, *, helpful: bool) -> str:
    body = json.dumps({"faq_id": faq_id, "helpful": helpful}, separators=(",", ":"))
    return f"/faq_feedback{body}"


def parse_feedback(text: str) -> Feedback | None:
    """The feedback a message carries, if it is a feedback button's payload."""
    found = _PAYLOAD.match(text.strip())
    return Feedback(found.group(1), found.group(2) == "true") if found else None


def record_kb_event(
    session: Session,
    *,
    kind: str,
    question: str,
    conversation_id: str | None,
    faq_id: str | None = None,
) -> None:
    """Store one knowledge-base outcome."""
    session.add(
        KbEvent(conversation_id=conversation_id, kind=kind, faq_id=faq_id, question=question)
    )
    session.flush()


def question_before(session: Session, conversation_id: str, message_id: int) -> str:
    """The citizen's last real message before ``message_id`` (the question answered)."""
    rows = session.scalars(
        select(Message.text)
        .where(
            Message.conversation_id == conversation_id,
            Message.direction == "in",
            Message.id < message_id,
        )
        .order_by(Message.id.desc())
        .limit(5)
    )
    return next((text for text in rows if not text.startswith("/")), "")


@dataclass(frozen=True, slots=True)
class Gap:
    """A question the knowledge base failed, with how often it happened."""

    question: str
    kind: str
    faq_id: str | None
    count: int
    last_at: datetime


def list_gaps(session: Session, *, since: datetime, limit: int = 200) -> list[Gap]:
    """Unanswered questions and unhelpful answers since ``since``, most frequent first."""
    rows = session.execute(
        select(
            KbEvent.question,
            KbEvent.kind,
            KbEvent.faq_id,
            func.count().label("n"),
            func.max(KbEvent.created_at).label("last_at"),
        )
        .where(KbEvent.kind.in_((NONE, UNHELPFUL)), KbEvent.created_at >= since)
        .group_by(KbEvent.question, KbEvent.kind, KbEvent.faq_id)
        .order_by(func.count().desc(), func.max(KbEvent.created_at).desc())
        .limit(limit)
    )
    return [Gap(r.question, r.kind, r.faq_id, r.n, r.last_at) for r in rows]
