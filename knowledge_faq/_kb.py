"""The public ``KnowledgeBase`` facade: load once, then ask many times."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ._config import (
    DEFAULT_CITY_PROFILE,
    DEFAULT_CORPUS_DIR,
    LONE_TOPIC_MIN_SCOPE,
    MAX_SUGGESTIONS,
    MIN_ANSWER_TOKENS,
)
from ._decide import decide
from ._load import load_corpus
from ._models import Answer, FaqEntry, Suggestion
from ._profile import load_city_profile
from ._retrieve import FaqIndex


class KnowledgeBase:
    """FAQ lookup for the intake bot.

    Holds only the entries valid on the load date; reload (e.g. daily) to
    pick up entries that start or expire later. Instances are read-only after
    construction and safe to share between threads.
    """

    def __init__(self, entries: list[FaqEntry], today: date) -> None:
        """Index the entries valid on ``today``; prefer :meth:`load`."""
        self.today = today
        self._entries = [e for e in entries if e.is_active(today)]
        self._by_id = {e.id: e for e in self._entries}
        self._index = FaqIndex(self._entries)

    @classmethod
    def load(
        cls,
        corpus_dir: Path | None = None,
        city_profile: Path | None = None,
        today: date | None = None,
    ) -> "KnowledgeBase":
        """Load, validate, render and index a corpus.

        Defaults to the bundled seed corpus and the fictional city profile.
        Raises :class:`CorpusError` (or its subclass ``PlaceholderError``) on
        any authoring mistake, so a broken corpus stops start-up instead of
        reaching callers.
        """
        profile = load_city_profile(Path(city_profile or DEFAULT_CITY_PROFILE))
        entries = load_corpus(Path(corpus_dir or DEFAULT_CORPUS_DIR), profile)
        return cls(entries, today or date.today())

    def __len__(self) -> int:
        """Number of entries that can be served."""
        return len(self._entries)

    def __iter__(self) -> Iterator[FaqEntry]:
        """Iterate over the entries that can be served."""
        return iter(self._entries)

    def get(self, faq_id: str) -> FaqEntry | None:
        """Return a servable entry by id, or ``None`` if unknown or not valid today."""
        return self._by_id.get(faq_id)

    def answer_for(self, faq_id: str) -> Answer:
        """The answer of one entry chosen by id (a "您是不是想问" button).

        An unknown or expired id yields ``decision="none"``, never an old answer.
        """
        entry = self._by_id.get(faq_id)
        return self._answer(entry, 1.0) if entry else Answer(decision="none")

    @staticmethod
    def _answer(entry: FaqEntry, score: float) -> Answer:
        return Answer(
            decision="answer",
            faq_id=entry.id,
            question=entry.question,
            answer=entry.answer,
            score=score,
            source=entry.source,
            valid_from=entry.valid_from,
            department=entry.department,
        )

    def ask(self, question: str) -> Answer:
        """Look up a caller's question and decide how to respond.

        Never raises on odd input: empty strings, greetings and one-character
        utterances simply yield ``decision="none"``.
        """
        ranking = self._index.search(question or "")
        ranked = ranking.entries
        top_coverage = ranked[0].coverage if ranked else 0.0
        decision, used = decide([r.score for r in ranked], top_coverage, ranking.in_scope)
        lone_topic = ranking.distinct_tokens < MIN_ANSWER_TOKENS
        if lone_topic and len(ranked) >= 2 and ranking.topic_scope >= LONE_TOPIC_MIN_SCOPE:
            # One word names a topic, not a question: offer its main entries
            # whether the posterior picked one or spread over many. Scope
            # alone decides here: a word spreads the posterior over its
            # entries, and weighing scope by the scores would decline it.
            decision, used = "suggest", min(MAX_SUGGESTIONS, len(ranked))
        top_score = ranked[0].score if ranked else 0.0
        if decision == "answer":
            return self._answer(self._entries[ranked[0].entry_index], top_score)
        if decision == "suggest":
            suggestions = [
                Suggestion(self._entries[r.entry_index].id, self._entries[r.entry_index].question)
                for r in ranked[:used]
            ]
            return Answer(decision="suggest", score=top_score, suggestions=suggestions)
        return Answer(decision="none", score=top_score)
