"""Two-stage retrieval over question variants: BM25 recall, then naive Bayes.

Stage one is BM25 (bm25s) over one document per question variant (the
canonical question, each similar question, and the entry's keyword list),
indexed on words *and* character bigrams so a typo or an unusual
segmentation still recalls the right entry. It keeps the best
``RECALL_VARIANTS`` variants; on the validation set the right entry is among
them for 99.8 % of in-scope questions.

Stage two scores the recalled entries with multinomial naive Bayes over
character n-gram and word features (``_scorer``), pooling the evidence of
all of an entry's paraphrases, and turns the log-likelihoods into a
posterior over the candidates. Alongside the ranking it reports two signals
the decision needs: how much of the best variant the question covers
(a lone topic word covers little) and the scope classifier's probability
that the question is one the knowledge base should answer at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import bm25s
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from bm25s.tokenization import Tokenized

from ._config import COVERAGE_WEIGHT, MIN_QUERY_CHARS, POSTERIOR_TEMPERATURE, RECALL_VARIANTS
from ._features import Analyzed, FeatureSpace
from ._models import FaqEntry
from ._scope import ScopeClassifier, load_negatives, load_scope_positives
from ._scorer import NaiveBayesScorer

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ScoredEntry:
    """An entry position with its posterior score and its best-matching variant.

    ``coverage`` is the share of that variant's own BM25 score the question
    reached; the decision step uses it to tell a real question from a lone
    topic word.
    """

    entry_index: int
    score: float
    variant: str
    coverage: float


@dataclass(frozen=True, slots=True)
class Ranking:
    """Stage two's verdict on one question: candidates best first, and its scope."""

    entries: list[ScoredEntry] = field(default_factory=list)
    in_scope: float = 0.0


@dataclass(frozen=True, slots=True)
class _Variant:
    owner: int
    label: str
    text: Analyzed


def recall_tokens(text: Analyzed) -> list[str]:
    """Stage one's terms: the search tokens plus the content's character bigrams."""
    content = text.content
    return [*text.tokens, *(content[i : i + 2] for i in range(len(content) - 1))]


def _variants(entries: Sequence[FaqEntry]) -> list[_Variant]:
    """Expand entries into searchable variants (one document each)."""
    variants: list[_Variant] = []
    for owner, entry in enumerate(entries):
        for label in (entry.question, *entry.similar_questions):
            variants.append(_Variant(owner, label, Analyzed.of_corpus_text(label)))
        if entry.keywords:
            # Keywords are analysed one by one: joined, they would be
            # segmented across keyword boundaries.
            parts = [Analyzed.of_corpus_text(k) for k in entry.keywords]
            tokens = tuple(t for part in parts for t in part.tokens)
            content = "".join(part.content for part in parts)
            variants.append(_Variant(owner, " ".join(entry.keywords), Analyzed(tokens, content)))
    return [v for v in variants if v.text.tokens or v.text.content]


class FaqIndex:
    """Search structure over the servable entries of a knowledge base."""

    def __init__(self, entries: Sequence[FaqEntry]) -> None:
        """Index ``entries``: BM25 over variants, naive Bayes per entry, scope model."""
        self._variants = _variants(entries)
        self._owners = np.asarray([v.owner for v in self._variants], dtype=np.int64)
        if not self._variants:
            return
        # One pass counts every variant's terms for both stages: the
        # feature space's n-gram and token counts also give BM25 its documents
        # (tokens plus character bigrams, as ``recall_tokens`` spells them).
        self._features, recall = FeatureSpace.fit([v.text for v in self._variants])
        self._bm25 = bm25s.BM25()
        self._bm25.index(Tokenized(recall.ids, recall.vocabulary), show_progress=False)
        self._vocab = self._bm25.vocab_dict
        self._self_scores = self._bm25_self_scores(len(self._variants))

        self._scorer = NaiveBayesScorer(self._features.matrix, self._owners, len(entries))
        negatives = self._features.transform(load_negatives())
        written = load_scope_positives()
        in_scope = [text for entry in entries for text in written.get(entry.id, ())]
        positives = self._features.matrix
        if in_scope:
            positives = sp.vstack([positives, self._features.transform(in_scope)], format="csr")
        self._scope = ScopeClassifier(positives, negatives)

    def _bm25_self_scores(self, n_docs: int) -> FloatArray:
        """Each variant's BM25 score for its own terms: the most it can reach.

        bm25s stores the score of every (term, document) pair, so a document's
        self-score is the sum of its column; no query has to be run per variant.
        """
        scores = self._bm25.scores
        totals = np.bincount(
            np.asarray(scores["indices"]), weights=np.asarray(scores["data"]), minlength=n_docs
        ).astype(np.float64)
        totals[totals <= 0] = 1.0
        return totals

    def __len__(self) -> int:
        """Number of indexed variants (BM25 documents)."""
        return len(self._variants)

    def search(self, query: str) -> Ranking:
        """Rank the entries that may answer ``query``, best first.

        Returns an empty ranking when the query has no usable content (empty,
        a greeting, a single character) or shares nothing with the corpus.
        """
        text = Analyzed.of(query or "")
        if not self._variants or len(text.content) < MIN_QUERY_CHARS:
            return Ranking()
        known = sorted({t for t in recall_tokens(text) if t in self._vocab})
        if not known:
            return Ranking()
        raw = np.asarray(self._bm25.get_scores(known), dtype=np.float64)
        recalled = np.argpartition(-raw, min(RECALL_VARIANTS, len(raw)) - 1)[:RECALL_VARIANTS]
        recalled = recalled[raw[recalled] > 0]
        if not len(recalled):
            return Ranking()
        recalled = recalled[np.argsort(-raw[recalled], kind="stable")]

        best_variant: dict[int, int] = {}
        for row in recalled:
            best_variant.setdefault(int(self._owners[row]), int(row))
        candidates = np.fromiter(best_variant, dtype=np.int64)

        features = self._features.transform_one(text)
        coverage = np.minimum(raw / self._self_scores, 1.0)
        best_rows = np.fromiter(best_variant.values(), dtype=np.int64)
        # Naive Bayes pools every paraphrase; a variant the question covers
        # almost entirely is evidence it can dilute, so it is added back.
        evidence = self._scorer.log_likelihood(features, candidates) + (
            COVERAGE_WEIGHT * coverage[best_rows]
        )
        scaled = (evidence - evidence.max()) / POSTERIOR_TEMPERATURE
        posterior = np.exp(scaled) / np.exp(scaled).sum()

        order = np.argsort(-posterior, kind="stable")
        return Ranking(
            entries=[
                ScoredEntry(
                    entry_index=int(candidates[i]),
                    score=float(posterior[i]),
                    variant=self._variants[best_variant[int(candidates[i])]].label,
                    coverage=float(coverage[best_variant[int(candidates[i])]]),
                )
                for i in order
            ],
            in_scope=self._scope.probability(features),
        )
