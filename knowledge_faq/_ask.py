"""Does the best entry explain what the question asks, or only its words?

The scope classifier judges a question as a whole. Its hardest cases are
near misses: a question that borrows an entry's words and asks something
else about them ("港澳通行证办好了，去香港玩两天怎么安排"), next to real
questions that wrap an entry's ask in a story ("厂子倒闭了…个体执照咋办").
What tells them apart is what is left once the matched entry's own wording is
taken away: a story and typos, or a different ask.

So the ask check strips from the question every character pair the entry's
question variants and keywords also contain, keeps the pieces left over
(the *residual*), and asks a logistic regression over their character
n-grams whether those pieces belong to an answered question. It learns from
pairs: the written in-scope questions with the entry they were written for
(``scope_positives.yaml`` and the ``answered`` lists of ``ask_pairs.yaml``)
against the near misses written for each entry (``near_misses``) and the
general negatives paired with the entry retrieval ranks first for them.
The decision step weighs its probability together with the scope
classifier's (their geometric mean).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression

from ._config import ASK_PAIRS_PATH, ASK_REGULARISATION
from ._errors import CorpusError
from ._features import Analyzed, SegmentNgrams
from ._normalize import normalize, normalize_corpus_text
from ._scope import scope_positive_texts


def char_pairs(texts: Iterable[str]) -> frozenset[str]:
    """Every pair of adjacent characters in the normalised ``texts``."""
    pairs: set[str] = set()
    for text in texts:
        normal = normalize_corpus_text(text)
        pairs.update(normal[i : i + 2] for i in range(len(normal) - 1))
    return frozenset(pairs)


def written_question_count(faq_id: str) -> int:
    """How many questions the bundled files hold for ``faq_id``.

    Counts ``scope_positives.yaml`` and both lists of ``ask_pairs.yaml``.
    They are keyed by id alone, so an operator who changes what an entry
    answers should know that these still teach the ranker and the scope
    checks about its old meaning.
    """
    pairs = load_ask_pairs()
    return (
        len(scope_positive_texts().get(faq_id, ()))
        + len(pairs.answered.get(faq_id, ()))
        + len(pairs.near_misses.get(faq_id, ()))
    )


class PairsByEntry(Protocol):
    """Each entry's character pairs by entry position (a list will do)."""

    def __getitem__(self, entry: int, /) -> frozenset[str]: ...


class LazyEntryPairs:
    """Each entry's character pairs, computed the first time they are needed.

    Training the ask check needs only the entries that written pairs and
    negatives name, and serving needs one entry per question; computing
    every entry's pairs up front took 0.8 s of a 20,000-entry build.
    """

    def __init__(self, texts: Sequence[tuple[str, ...]]) -> None:
        """``texts[i]``: entry i's question variants and keywords."""
        self._texts = texts
        self._pairs: dict[int, frozenset[str]] = {}

    def __getitem__(self, entry: int, /) -> frozenset[str]:
        """Entry ``entry``'s pairs (computed once; a race only computes them twice)."""
        pairs = self._pairs.get(entry)
        if pairs is None:
            pairs = self._pairs[entry] = char_pairs(self._texts[entry])
        return pairs


def residual(normal_question: str, entry_pairs: frozenset[str]) -> tuple[str, ...]:
    """The pieces of a normalised question that no character pair of the entry covers."""
    covered = [False] * len(normal_question)
    for i in range(len(normal_question) - 1):
        if normal_question[i : i + 2] in entry_pairs:
            covered[i] = covered[i + 1] = True
    pieces: list[str] = []
    piece: list[str] = []
    for char, is_covered in zip(normal_question, covered, strict=True):
        if is_covered:
            if piece:
                pieces.append("".join(piece))
                piece = []
        else:
            piece.append(char)
    if piece:
        pieces.append("".join(piece))
    return tuple(pieces)


@lru_cache(maxsize=1 << 15)
def _pair_residual(text: str, entry_pairs: frozenset[str]) -> tuple[str, ...]:
    """:func:`residual` of a written pair, cached for the process.

    Every build and reload computes the residual of each of ~6,500 pairs;
    an edit changes a handful of entries, so the rest are found here.
    """
    return residual(normalize(text), entry_pairs)


@dataclass(frozen=True, slots=True)
class AskPairs:
    """Written questions by entry id: the ones the entry answers, and its near misses."""

    answered: dict[str, tuple[str, ...]] = field(default_factory=dict)
    near_misses: dict[str, tuple[str, ...]] = field(default_factory=dict)


@lru_cache(maxsize=2)
def load_ask_pairs(path: Path = ASK_PAIRS_PATH) -> AskPairs:
    """``ask_pairs.yaml`` (cached per file); an absent file means none."""
    if not path.exists():
        return AskPairs()
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    entries = (data or {}).get("entries")
    if not isinstance(entries, dict):
        raise CorpusError(f"{path}: expected an 'entries' mapping of faq_id to lists")
    answered: dict[str, tuple[str, ...]] = {}
    near_misses: dict[str, tuple[str, ...]] = {}
    for faq_id, lists in entries.items():
        if not isinstance(lists, dict):
            raise CorpusError(f"{path}: {faq_id}: expected 'answered' and 'near_misses' lists")
        answered[str(faq_id)] = tuple(str(t) for t in lists.get("answered") or [])
        near_misses[str(faq_id)] = tuple(str(t) for t in lists.get("near_misses") or [])
    return AskPairs(answered, near_misses)


@lru_cache(maxsize=2)
def load_answered(path: Path = ASK_PAIRS_PATH) -> dict[str, tuple[Analyzed, ...]]:
    """The ``answered`` lists of :func:`load_ask_pairs`, analysed (cached per file).

    They are questions in citizens' words for their entry, so the ranker
    learns from them as well as the ask check.
    """
    return {
        faq_id: tuple(Analyzed.of(text) for text in texts)
        for faq_id, texts in load_ask_pairs(path).answered.items()
    }


class AskCheck:
    """``P(the entry answers what is asked | question, entry)`` from written pairs."""

    def __init__(
        self,
        entry_pairs: PairsByEntry,
        answered: Sequence[tuple[str, int]],
        unanswered: Sequence[tuple[str, int]],
    ) -> None:
        """Fit on ``(question, entry position)`` pairs, answered and not.

        ``entry_pairs`` holds each entry's character pairs (see
        :func:`char_pairs`). Without examples of both kinds the check is
        neutral: every probability is 1 and :attr:`fitted` is false.
        """
        self._entry_pairs = entry_pairs
        self._model: _AskModel | None = None
        if not answered or not unanswered:
            return
        documents = tuple(
            _pair_residual(text, entry_pairs[entry]) for text, entry in (*answered, *unanswered)
        )
        self._model = _fit(documents, len(answered))

    @property
    def fitted(self) -> bool:
        """Whether there were pairs of both kinds to learn from.

        A knowledge base loaded from elsewhere (``--kb``) has none of the
        bundled entries' written pairs; the scope model then decides alone.
        """
        return self._model is not None

    def probability(self, normal_question: str, entry: int) -> float:
        """How likely the entry at position ``entry`` answers the normalised question."""
        if self._model is None:
            return 1.0
        return self._model.probability(residual(normal_question, self._entry_pairs[entry]))


@dataclass(frozen=True, slots=True)
class _AskModel:
    """The fitted regression over residual n-grams, kept as plain arrays."""

    space: SegmentNgrams
    coef: np.ndarray
    intercept: float

    def probability(self, pieces: tuple[str, ...]) -> float:
        """``P(answered)`` for one residual: one sparse dot product."""
        row = self.space.transform([pieces])
        margin = float(row.data @ self.coef[row.indices]) + self.intercept
        return float(1.0 / (1.0 + np.exp(-margin)))


@lru_cache(maxsize=2)
def _fit(documents: tuple[tuple[str, ...], ...], n_answered: int) -> _AskModel:
    """Fit on residuals, the first ``n_answered`` of them answered (cached for the process).

    A reload after an edit usually trains on exactly the residuals of the
    build before it (the written pairs name the bundled entries, and an
    edit rarely changes which entry a negative pairs with), so the fit
    (about a fifth of a reload at 500 entries) is skipped when nothing it learns from changed.
    """
    space = SegmentNgrams(documents)
    labels = np.r_[np.ones(n_answered), np.zeros(len(documents) - n_answered)]
    model = LogisticRegression(C=ASK_REGULARISATION, class_weight="balanced", solver="liblinear")
    model.fit(space.matrix, labels)
    coef = np.asarray(model.coef_, dtype=np.float64).ravel()
    return _AskModel(space, coef, float(model.intercept_[0]))
