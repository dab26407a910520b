"""Two-stage lexical retrieval over question variants.

Stage one is BM25 (bm25s) over one document per question variant: the
canonical question, each similar question, and the entry's keyword list.
Stage two re-scores every variant by blending a *normalised* BM25 score with
character-bigram similarity. Raw BM25 is unbounded and says little about
whether a short colloquial question really matches, so it is turned into
coverage ratios in [0, 1]; bigrams survive typos and segmentation
differences that defeat word matching. Entry score = max over its variants,
so one good paraphrase in the corpus is enough.
"""

from dataclasses import dataclass

import bm25s
import numpy as np
import numpy.typing as npt

from ._config import BIGRAM_WEIGHT, BM25_WEIGHT, MIN_QUERY_CHARS, QUERY_IDF_POWER
from ._models import FaqEntry
from ._normalize import normalize
from ._tokenize import analyze

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ScoredEntry:
    """An entry position with its blended score and the variant that won it.

    ``coverage`` is the share of that variant's own BM25 score the query
    reached; the decision step uses it to tell a real question from a lone
    topic word.
    """

    entry_index: int
    score: float
    variant: str
    coverage: float


@dataclass(frozen=True, slots=True)
class _Variant:
    owner: int
    label: str
    text: str  # content text (no stopwords) used for bigram similarity
    tokens: tuple[str, ...]


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams; a one-character text is its own single "bigram"."""
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _idf(doc_freq: FloatArray, n_docs: int) -> FloatArray:
    """Lucene-style IDF (the variant bm25s uses by default), always positive."""
    result: FloatArray = np.log(1.0 + (n_docs - doc_freq + 0.5) / (doc_freq + 0.5))
    return result


def _variants(entries: list[FaqEntry]) -> list[_Variant]:
    """Expand entries into searchable variants (one BM25 document each)."""
    variants: list[_Variant] = []
    for owner, entry in enumerate(entries):
        for label in (entry.question, *entry.similar_questions):
            words, content = analyze(normalize(label))
            variants.append(_Variant(owner, label, content, tuple(sorted(set(words)))))
        if entry.keywords:
            # Keywords are analysed one by one: joined, they would be
            # segmented across keyword boundaries.
            parts = [analyze(normalize(k)) for k in entry.keywords]
            tokens = {t for part_tokens, _ in parts for t in part_tokens}
            content = "".join(part_content for _, part_content in parts)
            label = " ".join(entry.keywords)
            variants.append(_Variant(owner, label, content, tuple(sorted(tokens))))
    return variants


class FaqIndex:
    """Search structure over the servable entries of a knowledge base."""

    def __init__(self, entries: list[FaqEntry]) -> None:
        """Index ``entries``; every question variant becomes a BM25 document."""
        self._variants = _variants(entries)
        self._owners = np.asarray([v.owner for v in self._variants], dtype=np.int64)
        self._bigrams = [bigrams(v.text) for v in self._variants]
        doc_tokens = [list(v.tokens) or [""] for v in self._variants]

        vocab: dict[str, int] = {}
        for tokens in doc_tokens:
            for token in tokens:
                vocab.setdefault(token, len(vocab))
        self._vocab = vocab
        # Dense variant x term presence matrix: small (hundreds x ~1000) and
        # gives query coverage for all variants in one vectorised product.
        presence = np.zeros((len(doc_tokens), max(len(vocab), 1)))
        for row, tokens in enumerate(doc_tokens):
            presence[row, [vocab[t] for t in tokens]] = 1.0
        self._presence = presence
        # Query coverage weighs terms by how many *entries* use them, not how
        # many variants: a term repeated across one entry's paraphrases (护照)
        # is perfectly discriminative and must not look common.
        n_entries = max(len(entries), 1)
        per_entry = np.zeros((n_entries, presence.shape[1]))
        np.maximum.at(per_entry, self._owners, presence)
        self._idf = _idf(per_entry.sum(axis=0), n_entries) ** QUERY_IDF_POWER
        self._unknown_idf = float(_idf(np.zeros(1), n_entries)[0]) ** QUERY_IDF_POWER

        self._bm25: bm25s.BM25 | None = None
        self._self_scores = np.ones(len(doc_tokens))
        if doc_tokens:
            self._bm25 = bm25s.BM25()
            self._bm25.index(doc_tokens, show_progress=False)
            # A variant queried with its own tokens gets the highest BM25
            # score it can reach; dividing by it maps scores into [0, 1].
            self._self_scores = np.array(
                [self._bm25.get_scores(tokens)[row] for row, tokens in enumerate(doc_tokens)]
            )
            self._self_scores[self._self_scores <= 0] = 1.0

    def __len__(self) -> int:
        """Number of indexed variants (BM25 documents)."""
        return len(self._variants)

    def components(self, text: str) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Per-variant similarity components for normalised ``text``.

        Returns ``(doc_cover, query_cover, bigram)``, each in [0, 1]:
        the share of the variant's own BM25 score the query reaches, the share
        of the query's IDF mass found in the variant (unknown words weigh like
        the rarest term, so off-topic questions stay low even when one common
        word matches), and the bigram Dice coefficient. Exposed for
        diagnostics and threshold calibration.
        """
        n = len(self._variants)
        doc_cover = np.zeros(n)
        query_cover = np.zeros(n)
        token_list, content = analyze(text)
        tokens = sorted(set(token_list))
        known_tokens = [t for t in tokens if t in self._vocab]
        if known_tokens and self._bm25 is not None:
            known = [self._vocab[t] for t in known_tokens]
            raw = np.asarray(self._bm25.get_scores(known_tokens), dtype=np.float64)
            doc_cover = np.minimum(raw / self._self_scores, 1.0)
            unknown = len(tokens) - len(known)
            query_weight = float(self._idf[known].sum()) + unknown * self._unknown_idf
            query_cover = (self._presence[:, known] @ self._idf[known]) / query_weight
        q_bigrams = bigrams(content)
        bigram = np.array(
            [
                2 * len(q_bigrams & b) / (len(q_bigrams) + len(b)) if b else 0.0
                for b in self._bigrams
            ]
        )
        return doc_cover, query_cover, bigram

    def search(self, query: str) -> list[ScoredEntry]:
        """Score every entry against ``query``, best first.

        Returns an empty list when the query has no usable content (empty, a
        greeting, a single character), so callers never have to guess.
        """
        text = normalize(query)
        if len(text) < MIN_QUERY_CHARS or not self._variants:
            return []
        doc_cover, query_cover, bigram = self.components(text)
        denom = doc_cover + query_cover
        lexical = np.divide(
            2 * doc_cover * query_cover, denom, out=np.zeros_like(denom), where=denom > 0
        )
        blended = BM25_WEIGHT * lexical + BIGRAM_WEIGHT * bigram

        best: dict[int, int] = {}
        for row in np.argsort(-blended, kind="stable"):
            best.setdefault(int(self._owners[row]), int(row))
        return [
            ScoredEntry(
                entry_index=owner,
                score=float(blended[row]),
                variant=self._variants[row].label,
                coverage=float(doc_cover[row]),
            )
            for owner, row in best.items()
        ]
