"""Is a question one the knowledge base should answer at all?

Ranking always produces a best entry, even for "明天会下雨吗"; deciding that
no entry applies needs evidence of what out-of-scope messages look like.
``negatives.yaml`` holds such messages, written for this project (chit-chat,
weather, shopping advice, lures that mention 社保卡 or 身份证 but ask
nothing a service answers, concrete problem reports that belong in a work
order). A logistic regression separates them from in-scope questions (the
indexed variants, plus ``scope_positives.yaml``: questions in citizens' own
words) over the same features the scorer uses, and its probability is one
of the signals the decision step weighs.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import yaml
from sklearn.linear_model import LogisticRegression

from ._config import (
    NEGATIVES_PATH,
    SCOPE_MAX_POSITIVES,
    SCOPE_POSITIVES_PATH,
    SCOPE_REGULARISATION,
)
from ._errors import CorpusError
from ._features import Analyzed


@lru_cache(maxsize=2)
def negative_texts(path: Path = NEGATIVES_PATH) -> tuple[str, ...]:
    """The out-of-scope training messages as written (cached per file)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    groups = (data or {}).get("groups")
    if not isinstance(groups, dict):
        raise CorpusError(f"{path}: expected a 'groups' mapping of message lists")
    return tuple(str(text) for texts in groups.values() for text in texts or [])


@lru_cache(maxsize=2)
def load_negatives(path: Path = NEGATIVES_PATH) -> tuple[Analyzed, ...]:
    """The out-of-scope training messages, analysed (cached per file)."""
    return tuple(Analyzed.of(text) for text in negative_texts(path))


@lru_cache(maxsize=2)
def scope_positive_texts(path: Path = SCOPE_POSITIVES_PATH) -> dict[str, tuple[str, ...]]:
    """In-scope questions as citizens write them, by the entry that answers them.

    The indexed variants are short and clean; real questions are long,
    colloquial, typo'd or Traditional, and without examples of those the
    scope classifier reads them as out of scope. The ranker learns from them
    too (naive Bayes counts), but they are not BM25 documents. An absent
    file means none.
    """
    if not path.exists():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    entries = (data or {}).get("entries")
    if not isinstance(entries, dict):
        raise CorpusError(f"{path}: expected an 'entries' mapping of faq_id to question lists")
    return {
        str(faq_id): tuple(str(text) for text in texts or []) for faq_id, texts in entries.items()
    }


@lru_cache(maxsize=2)
def load_scope_positives(path: Path = SCOPE_POSITIVES_PATH) -> dict[str, tuple[Analyzed, ...]]:
    """:func:`scope_positive_texts`, analysed (cached per file)."""
    return {
        faq_id: tuple(Analyzed.of(text) for text in texts)
        for faq_id, texts in scope_positive_texts(path).items()
    }


class ScopeClassifier:
    """``P(in scope | question)`` from in-scope questions versus negatives."""

    def __init__(self, positives: sp.csr_matrix, negatives: sp.csr_matrix) -> None:
        """Fit on in-scope rows (variants and written questions) and out-of-scope rows."""
        self._model: LogisticRegression | None = None
        if positives.shape[0] == 0 or negatives.shape[0] == 0:
            return
        if positives.shape[0] > SCOPE_MAX_POSITIVES:
            keep = np.linspace(0, positives.shape[0] - 1, SCOPE_MAX_POSITIVES).astype(np.int64)
            positives = positives[keep]
        features = sp.vstack([positives, negatives], format="csr")
        labels = np.r_[np.ones(positives.shape[0]), np.zeros(negatives.shape[0])]
        self._model = LogisticRegression(
            C=SCOPE_REGULARISATION, class_weight="balanced", solver="liblinear"
        )
        self._model.fit(features, labels)
        # Kept as plain arrays: predict_proba's validation costs more than
        # the dot product on one question.
        self._coef = np.asarray(self._model.coef_, dtype=np.float64).ravel()
        self._intercept = float(self._model.intercept_[0])

    def probability(self, query: sp.csr_matrix) -> float:
        """Probability that the one-row ``query`` is in scope (1.0 without negatives)."""
        if self._model is None:
            return 1.0
        margin = float(query.data @ self._coef[query.indices]) + self._intercept
        return float(1.0 / (1.0 + np.exp(-margin)))
