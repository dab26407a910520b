"""Immutable value types shared by the loader, the retriever and callers.

They are frozen so that a loaded knowledge base can be shared between threads
and requests without anyone mutating an answer that another caller is about
to read.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Decision = Literal["answer", "suggest", "none"]


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """One FAQ entry with every city placeholder already rendered."""

    id: str
    question: str
    similar_questions: tuple[str, ...]
    answer: str
    topic: str
    department: str
    keywords: tuple[str, ...] = ()
    long_answer: str | None = None
    source_policy: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    source_file: str | None = None

    def is_active(self, today: date) -> bool:
        """Tell whether the entry may be served on ``today``.

        Policies change: an entry outside its validity window could quote a
        rule that no longer (or not yet) applies, so it must not be served.
        """
        started = self.valid_from is None or self.valid_from <= today
        expired = self.valid_until is not None and self.valid_until < today
        return started and not expired

    @property
    def source(self) -> str:
        """Where the answer comes from: the policy if known, else the department."""
        return self.source_policy or self.department


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A candidate entry offered to the caller when no single answer is clear."""

    faq_id: str
    question: str

    def to_dict(self) -> dict[str, str]:
        """Return a JSON-ready mapping."""
        return {"faq_id": self.faq_id, "question": self.question}


@dataclass(frozen=True, slots=True)
class Answer:
    """The outcome of one lookup.

    ``decision`` tells the dialogue layer what to do: read ``answer`` out,
    offer ``suggestions`` to choose from, or fall through to a human agent /
    work-order intake (``none``).
    """

    decision: Decision
    faq_id: str | None = None
    question: str | None = None
    answer: str | None = None
    score: float = 0.0
    suggestions: list[Suggestion] = field(default_factory=list)
    source: str | None = None
    valid_from: date | None = None
    department: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping for channels and logs."""
        return {
            "decision": self.decision,
            "faq_id": self.faq_id,
            "question": self.question,
            "answer": self.answer,
            "score": round(self.score, 4),
            "suggestions": [s.to_dict() for s in self.suggestions],
            "source": self.source,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
        }
