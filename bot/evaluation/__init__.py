"""Offline evaluation of the bot's components against labelled question sets.

Kept out of ``knowledge_faq`` and the serving code: evaluation reaches into
internals (the raw ranking, the decision constants) that production callers
must not depend on, and it compares against baselines the service never runs.

This module holds what every evaluation shares: labelled lines read from
JSON-lines files, their deterministic calibration/test split, and the metrics
of a ranking system that may also decline to answer. Every system under test
is reduced to the same two things per question, a best-first candidate list
(:class:`Ranked`) and a decision (:class:`Prediction`), so one function
(:func:`score`) measures them all alike.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from knowledge_faq._models import Decision

CALIBRATION_PERCENT = 25
TOP_K = 10  # candidates kept per question; MRR counts ranks up to here


@dataclass(frozen=True, slots=True)
class Example:
    """One validation line; ``faq_id`` is None for an out-of-scope question."""

    q: str
    faq_id: str | None


def load_validation(directory: Path) -> list[Example]:
    """Read every ``*.jsonl`` file of ``directory``, in name order so runs repeat."""
    examples = []
    for path in sorted(directory.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                gold = row["faq_id"]
                examples.append(Example(str(row["q"]), None if gold is None else str(gold)))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f'{path.name}:{number}: expected {{"q", "faq_id"}}') from exc
    return examples


def in_calibration(question: str) -> bool:
    """Whether ``question`` belongs to the calibration split (about 25 %).

    Decided by a hash of the text alone, not by position or a random seed: the
    split survives reordering and additions to the files, and a duplicated
    question always lands on the same side, so nothing leaks into the test split.
    """
    digest = hashlib.sha256(question.strip().encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < CALIBRATION_PERCENT


def split(examples: Sequence[Example]) -> tuple[list[Example], list[Example]]:
    """``(calibration, test)``; thresholds are fitted on the first, reported on the second."""
    calibration = [e for e in examples if in_calibration(e.q)]
    test = [e for e in examples if not in_calibration(e.q)]
    return calibration, test


@dataclass(frozen=True, slots=True)
class Ranked:
    """A system's best-first candidates for one question (at most ``TOP_K``).

    ``coverage`` and ``in_scope`` are only used by ``hotline``: its decision
    rule needs the coverage of the winning variant and the scope classifier's
    probability, so they are cached with the scores.
    """

    ids: tuple[str, ...] = ()
    scores: tuple[float, ...] = ()
    coverage: float = 0.0
    in_scope: float = 1.0

    @property
    def top(self) -> float:
        """The best score, 0 when there is no candidate."""
        return self.scores[0] if self.scores else 0.0

    def rank_of(self, faq_id: str) -> int | None:
        """1-based rank of ``faq_id``; a zero score is no evidence, so it never ranks."""
        for rank, (candidate, score) in enumerate(zip(self.ids, self.scores, strict=True), 1):
            if score <= 0:
                return None
            if candidate == faq_id:
                return rank
        return None


@dataclass(frozen=True, slots=True)
class Prediction:
    """What a system does with one question: its decision and its ranking."""

    decision: Decision
    answer_id: str | None
    ranked: Ranked


@dataclass(frozen=True, slots=True)
class Metrics:
    """Rates over one set of lines; :func:`score` defines each one."""

    in_scope: int
    out_of_scope: int
    top1_answered: float
    top1_ranked: float
    top3: float
    mrr: float
    oos_rejection: float
    false_rejection: float

    @property
    def objective(self) -> float:
        """What calibration maximises: right direct answers plus rejected off-topic lines."""
        return self.top1_answered + self.oos_rejection


def _rate(count: float, total: int) -> float:
    return count / total if total else 0.0


def score(
    examples: Sequence[Example],
    predictions: Sequence[Prediction],
    *,
    same_ranking_as: Metrics | None = None,
) -> Metrics:
    """Score ``predictions`` against the gold ids of ``examples``.

    In-scope lines: ``top1_answered`` = decision "answer" with the right id
    (what the caller actually gets); ``top1_ranked`` = right id at rank 1
    whatever the decision (retrieval alone); ``top3`` = right id within the
    first 3 candidates; ``mrr`` = mean of 1/rank over ranks ≤ ``TOP_K`` (0
    beyond); ``false_rejection`` = decision "none". Out-of-scope lines:
    ``oos_rejection`` = decision "none". A rate over no lines is 0.

    ``same_ranking_as`` reuses the ranking rates of an earlier score of the
    same rankings: calibration scores thousands of decision variants of one
    ranking, and only the decisions change.
    """
    ranks: list[int | None] = []
    n_in = answered = rejected_in = rejected_out = 0
    for example, prediction in zip(examples, predictions, strict=True):
        rejected = prediction.decision == "none"
        if example.faq_id is None:
            rejected_out += rejected
            continue
        n_in += 1
        answered += prediction.decision == "answer" and prediction.answer_id == example.faq_id
        rejected_in += rejected
        if same_ranking_as is None:
            ranks.append(prediction.ranked.rank_of(example.faq_id))
    n_out = len(examples) - n_in
    hits = [r for r in ranks if r is not None]
    metrics = same_ranking_as or Metrics(
        in_scope=n_in,
        out_of_scope=n_out,
        top1_answered=0.0,
        top1_ranked=_rate(sum(r == 1 for r in hits), n_in),
        top3=_rate(sum(r <= 3 for r in hits), n_in),
        mrr=_rate(sum(1 / r for r in hits if r <= TOP_K), n_in),
        oos_rejection=0.0,
        false_rejection=0.0,
    )
    return replace(
        metrics,
        top1_answered=_rate(answered, n_in),
        oos_rejection=_rate(rejected_out, n_out),
        false_rejection=_rate(rejected_in, n_in),
    )


def per_line(
    examples: Sequence[Example], is_test: Sequence[bool], predictions: dict[str, list[Prediction]]
) -> list[dict[str, Any]]:
    """Every line with each system's decision and top-3 candidates, for error analysis."""
    return [
        {
            "q": example.q,
            "faq_id": example.faq_id,
            "split": "test" if test else "calibration",
            **{
                name: {
                    "decision": preds[i].decision,
                    "answer_id": preds[i].answer_id,
                    "top3": _top3(preds[i].ranked),
                }
                for name, preds in predictions.items()
            },
        }
        for i, (example, test) in enumerate(zip(examples, is_test, strict=True))
    ]


def _top3(ranked: Ranked) -> list[list[Any]]:
    pairs = zip(ranked.ids[:3], ranked.scores[:3], strict=True)
    return [[faq_id, round(value, 4)] for faq_id, value in pairs]
