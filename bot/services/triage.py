"""Classifying work orders, agents' corrections, and exporting them for training.

A ticket is classified once, when it is created, from what the citizen
wrote; the due time follows from the request type and urgency (SLA
profile). An agent who disagrees corrects any of request type, urgency,
topic and second level; department and due time are recomputed, and each
changed field is kept as a :class:`ClassificationCorrection`, which
``hotline export corrections`` turns into Rasa training data.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import select

from bot.models import ClassificationCorrection, Ticket, as_utc
from bot.pii import mask_text
from bot.training import models_dir
from bot.triage.classify import EMERGENCY_URGENCY, Triage, classify
from bot.triage.model import TriageModel, load_model
from bot.triage.sla import deadline
from bot.triage.taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CORRECTABLE = ("request_type", "urgency", "topic", "topic_l2")
MODEL = "model"


class CorrectionError(ValueError):
    """A correction names an unknown field or value; the message says which."""


@dataclass(frozen=True, slots=True)
class Triager:
    """The fitted model and the taxonomy, loaded once per process."""

    model: TriageModel
    taxonomy: Taxonomy

    def classify(self, text: str) -> Triage:
        """Classify one citizen text."""
        return classify(text, self.model, self.taxonomy)


def triage_cache_dir() -> Path:
    """Where fitted triage models are cached: ``models/triage`` beside Rasa's models."""
    return models_dir() / "triage"


def sla_zone() -> ZoneInfo:
    """The time zone due times are counted and shown in (the SLA profile's)."""
    return ZoneInfo(load_taxonomy().sla.timezone)


@cache
def triager() -> Triager:
    """The process-wide triager (the model from its cache, fitted on first use)."""
    return Triager(load_model(triage_cache_dir()), load_taxonomy())


# Enough of a long conversation to classify it; the first messages say most.
MAX_CLASSIFIED_CHARS = 2000


def classified_text(ticket: Ticket) -> str:
    """What a ticket is classified from, and what a correction of it keeps (masked).

    An intake ticket has the citizen's description; a handoff ticket, all the
    citizen wrote before the handoff (its description is only the first line).
    """
    if ticket.kind == "handoff" and ticket.transcript:
        lines = [m["text"] for m in ticket.transcript if m.get("direction") == "in"]
        return "\n".join(lines)[:MAX_CLASSIFIED_CHARS]
    return ticket.description[:MAX_CLASSIFIED_CHARS]


def apply_classification(ticket: Ticket, triage: Triage, taxonomy: Taxonomy) -> None:
    """Store ``triage`` on ``ticket`` with its department and due time."""
    ticket.request_type = triage.request_type
    ticket.urgency = triage.urgency
    ticket.emergency = triage.emergency
    ticket.topic_path = list(triage.topic_path)
    ticket.department = triage.department
    ticket.confidence = triage.confidence
    ticket.classified_by = MODEL
    _schedule(ticket, taxonomy)


def classify_ticket(ticket: Ticket, rasa_intent: str | None = None) -> bool:
    """Classify a new ticket from :func:`classified_text`; ``False`` if that failed.

    ``rasa_intent``, when given, is the dialogue's own reading (the confident
    Rasa intent that opened the intake form); a request-type intent wins over
    the model's type. A ticket is never lost to its classification: on any
    error the ticket keeps empty classification fields (an agent sets them)
    and the error is logged.
    """
    try:
        loaded = triager()
        triage = loaded.classify(classified_text(ticket))
        by_intent = {intent: kind for kind, intent in loaded.taxonomy.rasa_intents.items()}
        if rasa_intent in by_intent and str(rasa_intent).startswith("request_"):
            triage = replace(triage, request_type=by_intent[str(rasa_intent)])
        apply_classification(ticket, triage, loaded.taxonomy)
    except Exception:
        log.exception("ticket %s: classification failed", ticket.number)
        return False
    return True


def _schedule(ticket: Ticket, taxonomy: Taxonomy) -> None:
    received = as_utc(ticket.created_at or datetime.now(UTC))
    due = deadline(received, str(ticket.request_type), str(ticket.urgency), taxonomy.sla)
    ticket.due_at = due.due_at
    ticket.time_limit = due.limit


def correct_classification(
    session: Session, ticket: Ticket, changes: dict[str, Any], agent: str, taxonomy: Taxonomy
) -> list[ClassificationCorrection]:
    """Apply an agent's corrections; returns the corrections recorded (unchanged fields none).

    Raises :class:`CorrectionError` for an unknown field or value, before
    changing anything.
    """
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise CorrectionError(
            f"cannot correct {', '.join(unknown)}; fields: {', '.join(CORRECTABLE)}"
        )
    path = list(ticket.topic_path or [])
    current = {
        "request_type": ticket.request_type,
        "urgency": ticket.urgency,
        "topic": path[0] if path else None,
        "topic_l2": path[1] if len(path) > 1 else None,
    }
    for name, value in changes.items():
        if value is not None and not isinstance(value, str):
            raise CorrectionError(f"{name} must be text")
        if value is None and name != "topic_l2":
            raise CorrectionError(f"{name} cannot be empty")
    wanted = {**current, **changes}
    if changes.get("topic", current["topic"]) != current["topic"] and "topic_l2" not in changes:
        wanted["topic_l2"] = None  # a new topic does not keep the old second level
    if wanted["request_type"] not in taxonomy.request_types:
        raise CorrectionError(f"request_type must be one of {', '.join(taxonomy.request_types)}")
    if wanted["urgency"] not in taxonomy.urgencies:
        raise CorrectionError(f"urgency must be one of {', '.join(taxonomy.urgencies)}")
    topic = taxonomy.topics.get(str(wanted["topic"]))
    if topic is None:
        raise CorrectionError(f"topic must be one of {', '.join(taxonomy.topics)}")
    if wanted["topic_l2"] is not None and wanted["topic_l2"] not in topic.level2:
        raise CorrectionError(f"topic_l2 must be one of {', '.join(topic.level2)} or null")
    corrections = [
        ClassificationCorrection(
            ticket_id=ticket.id,
            field=name,
            old_value=current[name],
            new_value=wanted[name],
            agent=agent,
            text=mask_text(classified_text(ticket)),
        )
        for name in CORRECTABLE
        if wanted[name] != current[name]
    ]
    if not corrections:
        return []
    ticket.request_type = str(wanted["request_type"])
    ticket.urgency = str(wanted["urgency"])
    level2 = None if wanted["topic_l2"] is None else str(wanted["topic_l2"])
    ticket.topic_path = taxonomy.topic_path(topic.name, level2)
    ticket.department = taxonomy.department_for(topic.name, level2)
    ticket.classified_by = agent
    ticket.confidence = None  # an agent's word, not the model's
    if ticket.urgency != EMERGENCY_URGENCY:
        ticket.emergency = None  # an emergency is always 特急
    _schedule(ticket, taxonomy)
    session.add_all(corrections)
    session.flush()
    return corrections


def classification_view(ticket: Ticket) -> dict[str, Any]:
    """The classification part of a ticket's JSON view."""
    return {
        "request_type": ticket.request_type,
        "urgency": ticket.urgency,
        "emergency": ticket.emergency,
        "topic_path": ticket.topic_path,
        "department": ticket.department,
        "due_at": as_utc(ticket.due_at).isoformat() if ticket.due_at else None,
        "time_limit": ticket.time_limit,
        "confidence": ticket.confidence,
        "classified_by": ticket.classified_by,
    }


def corrected_examples(session: Session) -> list[dict[str, Any]]:
    """Each corrected ticket once, with its text and its classification as corrected."""
    rows = session.scalars(
        select(ClassificationCorrection).order_by(ClassificationCorrection.id)
    ).all()
    examples: dict[int, dict[str, Any]] = {}
    for row in rows:
        ticket = session.get(Ticket, row.ticket_id)
        if ticket is None or not row.text.strip():
            continue
        path = list(ticket.topic_path or [])
        examples[row.ticket_id] = {
            "text": row.text,
            "request_type": ticket.request_type,
            "urgency": ticket.urgency,
            "topic": path[0] if path else None,
            "topic_l2": path[1] if len(path) > 1 else None,
        }
    return list(examples.values())


def rasa_nlu_yaml(examples: Iterable[dict[str, Any]], intents: dict[str, str]) -> str:
    """Rasa 3 NLU training data: one intent per request type, the rest as metadata."""
    by_intent: dict[str, list[dict[str, Any]]] = {}
    for example in examples:
        intent = intents.get(str(example["request_type"]))
        if intent is None:
            continue
        metadata = {k: example[k] for k in ("topic", "topic_l2", "urgency") if example.get(k)}
        by_intent.setdefault(intent, []).append({"text": example["text"], "metadata": metadata})
    document = {
        "version": "3.1",
        "nlu": [
            {"intent": intent, "examples": items} for intent, items in sorted(by_intent.items())
        ],
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)


def write_corrections(session: Session, path: Path, intents: dict[str, str]) -> int:
    """Write the corrections as Rasa training data to ``path``; returns how many examples."""
    examples = corrected_examples(session)
    path.write_text(rasa_nlu_yaml(examples, intents), encoding="utf-8")
    return len(examples)
