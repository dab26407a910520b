"""FAQ evaluation: the systems compared, their thresholds, and the targets.

``hotline`` is our retriever as callers get it; ``bm25`` (here) and the Rasa
ResponseSelector (``response_selector``) are the baselines it must beat.
Each becomes a :class:`Ranked` list and a :class:`Prediction` per question,
so thresholds can be re-tuned on cached rankings without re-running retrieval.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import bm25s
import numpy as np

from bot.evaluation import TOP_K, Example, Metrics, Prediction, Ranked, score
from knowledge_faq import FaqEntry, KnowledgeBase, _decide
from knowledge_faq._normalize import normalize
from knowledge_faq._tokenize import analyze

MAX_FALSE_REJECTION = 0.03
# metric -> (comparison, target), from the issue; every system is marked against them.
TARGETS: dict[str, tuple[str, float]] = {
    "top1_answered": (">=", 0.92),
    "top3": (">=", 0.98),
    "oos_rejection": (">=", 0.95),
    "false_rejection": ("<=", MAX_FALSE_REJECTION),
}


def meets(metric: str, value: float) -> bool | None:
    """Whether ``value`` reaches the target for ``metric``; None if it has none."""
    if metric not in TARGETS:
        return None
    op, target = TARGETS[metric]
    return value >= target if op == ">=" else value <= target


def _best(candidates: Sequence[tuple[Metrics, float]]) -> int:
    """Index of the best ``(metrics, tie_break)`` candidate.

    False rejection must be within bounds if any candidate manages it (else as
    low as any gets); then the highest objective wins, ties going to the lowest
    tie-break value.
    """
    fr_floor = max(MAX_FALSE_REJECTION, min(m.false_rejection for m, _ in candidates))
    feasible = [i for i, (m, _) in enumerate(candidates) if m.false_rejection <= fr_floor]
    return max(feasible, key=lambda i: (candidates[i][0].objective, -candidates[i][1]))


def beats(ours: Metrics, theirs: Metrics) -> tuple[bool, int]:
    """Whether ``ours`` beats ``theirs``, and on how many metrics it is as good or better.

    Beating means a higher top-1 answered + OOS rejection (the sum every
    system's thresholds are tuned for) without turning away more in-scope
    callers than the 3 % bound or the other system does: rejecting more
    in-scope lines raises OOS rejection for free, so the sum alone could be
    won by refusing to answer.
    """
    higher_better = ("top1_answered", "top1_ranked", "top3", "mrr", "oos_rejection")
    as_good = sum(getattr(ours, m) >= getattr(theirs, m) for m in higher_better)
    as_good += ours.false_rejection <= theirs.false_rejection
    fair = ours.false_rejection <= max(MAX_FALSE_REJECTION, theirs.false_rejection)
    return fair and ours.objective > theirs.objective, as_good


def thresholded(ranked: Sequence[Ranked], threshold: float) -> list[Prediction]:
    """Baseline decisions: answer with the top candidate if its score reaches ``threshold``.

    The baselines have no "suggest" step; that is part of what is compared.
    """
    return [
        Prediction("answer", r.ids[0], r)
        if r.ids and r.top >= threshold
        else Prediction("none", None, r)
        for r in ranked
    ]


def calibrate_threshold(examples: Sequence[Example], ranked: Sequence[Ranked]) -> float:
    """The baseline threshold that maximises top-1 answered + OOS rejection.

    False rejection must stay ≤ 3 % if any threshold allows it. Only observed
    top scores can change a decision, so they are the whole grid; on ties the
    lower threshold wins (fewer callers turned away).
    """
    grid = sorted({r.top for r in ranked if r.ids}) or [0.0]
    candidates = [(score(examples, thresholded(ranked, t)), t) for t in grid]
    return grid[_best(candidates)]


class Bm25Baseline:
    """Plain BM25 (bm25s) over the same variants and tokens as ``hotline``.

    One document per question and similar question, entry score = max over
    its variants; no keyword document, no bigram stage, no coverage. The gap
    to ``hotline`` is what those additions are worth.
    """

    def __init__(self, entries: Sequence[FaqEntry]) -> None:
        """Index the question variants of ``entries``."""
        docs: list[list[str]] = []
        owners: list[int] = []
        for owner, entry in enumerate(entries):
            for text in (entry.question, *entry.similar_questions):
                docs.append(analyze(normalize(text))[0] or [""])
                owners.append(owner)
        self._ids = [entry.id for entry in entries]
        self._owners = np.asarray(owners, dtype=np.int64)
        self._vocab = {token for doc in docs for token in doc}
        self._bm25 = bm25s.BM25()
        self._bm25.index(docs, show_progress=False)

    def rank(self, question: str) -> Ranked:
        """Entries with a positive score for ``question``, best first."""
        tokens = sorted({t for t in analyze(normalize(question))[0] if t in self._vocab})
        if not tokens:
            return Ranked()
        per_variant = np.asarray(self._bm25.get_scores(tokens), dtype=np.float64)
        per_entry = np.zeros(len(self._ids))
        np.maximum.at(per_entry, self._owners, per_variant)
        best = [int(i) for i in np.argsort(-per_entry, kind="stable")[:TOP_K] if per_entry[i] > 0]
        return Ranked(tuple(self._ids[i] for i in best), tuple(float(per_entry[i]) for i in best))


def hotline_ranked(kb: KnowledgeBase, questions: Sequence[str]) -> list[Ranked]:
    """``hotline``'s ranking, scores and top coverage for each question.

    ``KnowledgeBase.ask`` reveals only its decision and ≤ 3 suggestions, but
    top-3, MRR and threshold calibration need the ranking. Rather than widen
    knowledge_faq's API for evaluation, this one function reaches into the
    ``FaqIndex`` the knowledge base holds (``kb._index``); its ``entry_index``
    counts entries in the order ``iter(kb)`` yields them.
    """
    ids = [entry.id for entry in kb]
    ranked = []
    for question in questions:
        ranking = kb._index.search(question)
        found = ranking.entries[:TOP_K]
        ranked.append(
            Ranked(
                ids=tuple(ids[s.entry_index] for s in found),
                scores=tuple(s.score for s in found),
                coverage=found[0].coverage if found else 0.0,
                in_scope=ranking.in_scope,
            )
        )
    return ranked


def known_examples(
    examples: Sequence[Example], kb: KnowledgeBase
) -> tuple[list[Example], list[Example]]:
    """``(usable, unknown)``: lines whose gold id ``kb`` serves, and the others.

    The corpus and the validation files are written in parallel; a line for a
    missing entry would measure the data, not the retriever.
    """
    unknown = [e for e in examples if e.faq_id is not None and kb.get(e.faq_id) is None]
    return [e for e in examples if e not in unknown], unknown


def hotline_predictions(
    kb: KnowledgeBase, questions: Sequence[str], ranked: Sequence[Ranked]
) -> list[Prediction]:
    """``hotline`` as callers get it: ``KnowledgeBase.ask``'s own decisions."""
    predictions = []
    for question, ranking in zip(questions, ranked, strict=True):
        answer = kb.ask(question)
        answer_id = answer.faq_id if answer.decision == "answer" else None
        predictions.append(Prediction(answer.decision, answer_id, ranking))
    return predictions


# --- hotline's own thresholds ------------------------------------------------
THRESHOLD_GRID: dict[str, tuple[float, ...]] = {
    "ANSWER_THRESHOLD": tuple(round(0.30 + 0.05 * i, 2) for i in range(14)),  # 0.30-0.95
    "ANSWER_MARGIN": (0.0, 0.05, 0.1, 0.2, 0.3),
    "MIN_ANSWER_COVERAGE": (0.0, 0.2, 0.4, 0.6),
    "SUGGEST_THRESHOLD": (0.0, 0.1, 0.2, 0.3),
    # Finer at the low end, where the scope model's probabilities of in-scope
    # questions pile up.
    "MIN_IN_SCOPE": (0.0, 0.02, *(round(0.05 * i, 2) for i in range(1, 15))),  # 0-0.70
}


def current_thresholds() -> dict[str, float]:
    """The decision constants ``knowledge_faq`` serves with right now."""
    missing = [name for name in THRESHOLD_GRID if not hasattr(_decide, name)]
    if missing:  # the decision rule changed shape: replaying it would be wrong
        raise RuntimeError(f"knowledge_faq._decide no longer uses {', '.join(missing)}")
    return {name: float(getattr(_decide, name)) for name in THRESHOLD_GRID}


@contextmanager
def _decide_with(thresholds: dict[str, float]) -> Iterator[None]:
    saved = current_thresholds()
    for name, value in thresholds.items():
        setattr(_decide, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(_decide, name, value)


def replay(ranked: Sequence[Ranked], thresholds: dict[str, float]) -> list[Prediction]:
    """``hotline``'s decisions under other thresholds, from cached rankings.

    Runs the real ``knowledge_faq._decide.decide`` with its module constants
    swapped in (and restored), not a copy of its logic, so calibration cannot
    drift from the rule that serves callers. ``TOP_K`` cached scores are
    enough: the rule looks at the first three only.
    """
    predictions = []
    with _decide_with(thresholds):
        for r in ranked:
            decision, _ = _decide.decide(list(r.scores), r.coverage, r.in_scope)
            predictions.append(Prediction(decision, r.ids[0] if decision == "answer" else None, r))
    return predictions


def calibrate_hotline(
    examples: Sequence[Example], ranked: Sequence[Ranked]
) -> tuple[dict[str, float], Metrics]:
    """Grid-search hotline's thresholds on ``examples`` (the calibration split).

    Maximises top-1 answered + OOS rejection with false rejection ≤ 3 % (if
    reachable); among equals, the values closest to the current ones win, so
    the constants only move when the data says so. Answering below the
    suggestion threshold makes no sense, so such combinations are skipped.
    """
    current = current_thresholds()
    grid = {name: sorted({*values, current[name]}) for name, values in THRESHOLD_GRID.items()}
    combos = [
        combo
        for values in itertools.product(*grid.values())
        if (combo := dict(zip(grid, values, strict=True)))["ANSWER_THRESHOLD"]
        >= combo["SUGGEST_THRESHOLD"]
    ]
    ranking = score(examples, replay(ranked, current))
    candidates = [
        (
            score(examples, replay(ranked, combo), same_ranking_as=ranking),
            sum(abs(combo[n] - current[n]) for n in combo),
        )
        for combo in combos
    ]
    best = _best(candidates)
    return combos[best], candidates[best][0]


def replay_mismatches(served: Sequence[Prediction], ranked: Sequence[Ranked]) -> int:
    """Lines where replaying the current thresholds disagrees with ``ask``: should be 0.

    Calibration trusts :func:`replay`; this checks that trust on every run.
    """
    replayed = replay(ranked, current_thresholds())
    return sum(a.decision != b.decision for a, b in zip(served, replayed, strict=True))
