"""Two-stage retrieval over question variants: BM25 recall, then naive Bayes.

Stage one is BM25 (bm25s) over one document per question variant (the
canonical question, each similar question, and the entry's keyword list),
indexed on words *and* character bigrams so a typo or an unusual
segmentation still recalls the right entry. It keeps the best
``RECALL_VARIANTS`` variants; on the validation set the right entry is among
them for 99.8 % of in-scope questions.

Stage two scores the recalled entries with multinomial naive Bayes over
character n-gram and word features (``_scorer``), pooling the evidence of
all of an entry's paraphrases and of the questions written for it in
citizens' words (which are not BM25 documents), and turns the
log-likelihoods into a posterior over the candidates. Alongside the
ranking it reports two signals the decision needs: how much of the best
variant the question covers (a lone topic word covers little) and the
probability that the question is one the knowledge base should answer at
all (the scope classifier's, with the ask check's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from ._ask import AskCheck, LazyEntryPairs, load_answered, load_ask_pairs
from ._bm25 import CountsBM25
from ._config import (
    COVERAGE_WEIGHT,
    MIN_QUERY_CHARS,
    NEIGHBOUR_ENTRIES,
    POSTERIOR_TEMPERATURE,
    RANK_WRITTEN_WEIGHT,
    RECALL_VARIANTS,
)
from ._features import Analyzed, FeatureSpace
from ._models import FaqEntry
from ._neighbours import NearestExamples
from ._normalize import normalize
from ._scope import (
    ScopeClassifier,
    load_negatives,
    load_scope_positives,
    negative_texts,
    scope_positive_texts,
)
from ._scorer import NaiveBayesScorer
from ._spelling import HomophoneSpeller
from ._tokenize import analyze, segment

FloatArray = npt.NDArray[np.float64]

# Negatives scored per sparse product when pairing them with entries: the
# dense block is entries x this many floats (20 MB at 20,000 entries).
_PAIRING_BLOCK = 128


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
    # The scope model's and the ask check's verdict without the neighbour
    # check: a lone topic word ("公积金") is as near to an off-topic message
    # that names it as to any entry, so that check says nothing about it.
    topic_scope: float = 0.0
    # Distinct search tokens of the (mended) question: one names a topic.
    distinct_tokens: int = 0


@dataclass(frozen=True, slots=True)
class _Candidates:
    """Stage two's arrays for one question, aligned by candidate (recall order)."""

    candidates: npt.NDArray[np.int64]
    best_rows: npt.NDArray[np.int64]
    posterior: FloatArray
    coverage: FloatArray
    features: sp.csr_matrix

    @property
    def best_entry(self) -> int:
        """Position of the entry with the highest posterior (the first on a tie)."""
        return int(self.candidates[int(np.argmax(self.posterior))])


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


def _written(
    entries: Sequence[FaqEntry], by_id: dict[str, tuple[Analyzed, ...]]
) -> tuple[list[Analyzed], npt.NDArray[np.int64]]:
    """The written questions of the entries served here, and each one's entry position."""
    texts: list[Analyzed] = []
    owners: list[int] = []
    for position, entry in enumerate(entries):
        for text in by_id.get(entry.id, ()):
            texts.append(text)
            owners.append(position)
    return texts, np.asarray(owners, dtype=np.int64)


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
        self._bm25 = CountsBM25()
        self._bm25.index_counts(recall.counts, recall.vocabulary)
        self._vocab = self._bm25.vocab_dict
        self._self_scores = self._bm25_self_scores(len(self._variants))
        self._speller = HomophoneSpeller(self._features.words, segment)

        scope_written, scope_owners = _written(entries, load_scope_positives())
        answered, answered_owners = _written(entries, load_answered())
        scope_rows = self._features.transform(scope_written)
        answered_rows = self._features.transform(answered)
        # The ranker learns from every question written for an entry, in
        # citizens' words; the scope model from the scope positives only
        # (the answered lists, written to look off-topic, made it worse).
        self._scorer = NaiveBayesScorer(
            sp.vstack(
                [
                    self._features.matrix,
                    scope_rows * RANK_WRITTEN_WEIGHT,
                    answered_rows * RANK_WRITTEN_WEIGHT,
                ],
                format="csr",
            ),
            np.concatenate([self._owners, scope_owners, answered_owners]),
            len(entries),
        )
        negatives = self._features.transform(load_negatives())
        positives = sp.vstack([self._features.matrix, scope_rows], format="csr")
        self._scope = ScopeClassifier(positives, negatives)
        # The neighbour check's examples: each entry's canonical question and
        # the questions written for it. Of the similar questions, only those
        # a question matched best join at ask time (see ``search``): keeping
        # them all would fit 120,000 more rows per build at 20,000 entries.
        self._neighbours = NearestExamples(
            [
                *(Analyzed.of_corpus_text(e.question) for e in entries),
                *scope_written,
                *answered,
            ],
            np.concatenate([np.arange(len(entries)), scope_owners, answered_owners]),
            len(entries),
            load_negatives(),
        )
        self._ask = self._fit_ask_check(entries, negatives)

    def _fit_ask_check(self, entries: Sequence[FaqEntry], negative_rows: sp.csr_matrix) -> AskCheck:
        """The ask check, from the written pairs of the entries served here.

        The general negatives were written without an entry in mind; each is
        paired with the entry retrieval ranks first for it, which is the
        entry it would be answered from.
        """
        position = {entry.id: i for i, entry in enumerate(entries)}
        pairs = load_ask_pairs()
        answered = [
            (text, position[faq_id])
            for source in (scope_positive_texts(), pairs.answered)
            for faq_id, texts in source.items()
            if faq_id in position
            for text in texts
        ]
        unanswered = [
            (text, position[faq_id])
            for faq_id, texts in pairs.near_misses.items()
            if faq_id in position
            for text in texts
        ]
        unanswered.extend(self._pair_negatives(negative_rows))
        entry_texts = [(e.question, *e.similar_questions, *e.keywords) for e in entries]
        return AskCheck(LazyEntryPairs(entry_texts), answered, unanswered)

    def _pair_negatives(self, rows: sp.csr_matrix) -> list[tuple[str, int]]:
        """Each general negative with the entry retrieval ranks first for it.

        The same ranking as :meth:`_rank`, but naive Bayes scores the
        negatives in blocks (one sparse product each, over the entries any
        of them recalls) instead of one by one: this runs at every build and
        reload.
        """
        pairs: list[tuple[str, int]] = []
        texts, analyzed = negative_texts(), load_negatives()
        for start in range(0, len(analyzed), _PAIRING_BLOCK):
            block = slice(start, start + _PAIRING_BLOCK)
            recalls = [self._recall(question) for question in analyzed[block]]
            found = [r[0] for r in recalls if r is not None]
            if not found:
                continue
            recalled = np.unique(np.concatenate(found))
            likelihoods = self._scorer.log_likelihoods(rows[block], recalled)
            for text, recall, row in zip(texts[block], recalls, likelihoods, strict=True):
                if recall is None:
                    continue
                candidates, _, coverage = recall
                evidence = row[np.searchsorted(recalled, candidates)] + COVERAGE_WEIGHT * coverage
                pairs.append((text, int(candidates[int(np.argmax(evidence))])))
        return pairs

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
        if not self._variants:
            return Ranking()
        # Sound-alike typos are mended first, so every later step sees the term.
        normal = self._speller.correct(normalize(query or ""))
        tokens, content = analyze(normal)
        text = Analyzed(tuple(tokens), content)
        ranked = self._rank(text)
        if ranked is None:
            return Ranking()
        order = np.argsort(-ranked.posterior, kind="stable")
        in_scope = self._scope.probability(ranked.features)
        if self._ask.fitted:
            # Both must agree: a question in scope in general, and one whose
            # best entry explains what it asks.
            in_scope = float(np.sqrt(in_scope * self._ask.probability(normal, ranked.best_entry)))
        # And the question must be nearer to an example of its first entries
        # than to an off-topic message.
        first = order[:NEIGHBOUR_ENTRIES]
        topic_scope = in_scope
        in_scope *= self._neighbours.factor(
            text,
            ranked.candidates[first],
            [self._variants[row].text for row in ranked.best_rows[first].tolist()],
        )
        return Ranking(
            entries=[
                ScoredEntry(
                    entry_index=int(ranked.candidates[i]),
                    score=float(ranked.posterior[i]),
                    variant=self._variants[ranked.best_rows[i]].label,
                    coverage=float(ranked.coverage[i]),
                )
                for i in order
            ],
            in_scope=in_scope,
            topic_scope=topic_scope,
            distinct_tokens=len(set(tokens)),
        )

    def _rank(self, text: Analyzed) -> _Candidates | None:
        """Stages one and two for an analysed question; None if nothing is recalled."""
        recalled = self._recall(text)
        if recalled is None:
            return None
        candidates, best_rows, coverage = recalled
        features = self._features.transform_one(text)
        # Naive Bayes pools every paraphrase; a variant the question covers
        # almost entirely is evidence it can dilute, so it is added back.
        evidence = self._scorer.log_likelihood(features, candidates) + COVERAGE_WEIGHT * coverage
        scaled = (evidence - evidence.max()) / POSTERIOR_TEMPERATURE
        posterior = np.exp(scaled) / np.exp(scaled).sum()
        return _Candidates(candidates, best_rows, posterior, coverage, features)

    def _recall(
        self, text: Analyzed
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray] | None:
        """Stage one: candidate entries (best first), their best variant rows, coverage."""
        if len(text.content) < MIN_QUERY_CHARS:
            return None
        known = sorted({t for t in recall_tokens(text) if t in self._vocab})
        if not known:
            return None
        raw = np.asarray(self._bm25.get_scores(known), dtype=np.float64)
        # Only variants sharing a term score above 0: selecting the best
        # among those is cheaper than partitioning all 120,000 at 20,000 entries.
        recalled = np.flatnonzero(raw > 0)
        if not len(recalled):
            return None
        if len(recalled) > RECALL_VARIANTS:
            best = np.argpartition(-raw[recalled], RECALL_VARIANTS - 1)[:RECALL_VARIANTS]
            recalled = recalled[best]
        recalled = recalled[np.argsort(-raw[recalled], kind="stable")]

        # Each entry once, at its best variant, in the order recall ranks them.
        owners = self._owners[recalled]
        first = np.sort(np.unique(owners, return_index=True)[1])
        candidates = owners[first]
        best_rows = recalled[first]
        coverage = np.minimum(raw[best_rows] / self._self_scores[best_rows], 1.0)
        return candidates, best_rows, coverage
