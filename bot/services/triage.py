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

import yaml
from sqlalchemy import select

from bot.models import ClassificationCorrection, Ticket
from bot.training import models_dir
from bot.triage.classify import Triage, classify
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


@cache
def triager() -> Triager:
    """The process-wide triager (the model from its cache, fitted on first use)."""
    return Triager(load_model(triage_cache_dir()), load_taxonomy())


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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


def classify_ticket(ticket: Ticket, text: str, request_type: str | None = None) -> bool:
    """Classify a new ticket from the citizen's ``text``; ``False`` if that failed.

    ``request_type``, when given, is the dialogue's own reading (the Rasa
    intent that opened the intake form) and wins over the model's.
    A ticket is never lost to its classification: on any error the ticket
    keeps empty classification fields (an agent sets them) and the error is
    logged.
    """
    try:
        loaded = triager()
        triage = loaded.classify(text)
        if request_type in loaded.taxonomy.request_types:
            triage = replace(triage, request_type=str(request_type))
        apply_classification(ticket, triage, loaded.taxonomy)
    except Exception:
        log.exception("ticket %s: classification failed", ticket.number)
        return False
    return True


def _schedule(ticket: Ticket, taxonomy: Taxonomy) -> None:
    received = _as_utc(ticket.created_at or datetime.now(UTC))
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
    wanted = {**current, **changes}
    if "topic" in changes and "topic_l2" not in changes:
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
            text=ticket.description,
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
        "due_at": _as_utc(ticket.due_at).isoformat() if ticket.due_at else None,
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
