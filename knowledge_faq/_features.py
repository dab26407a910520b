"""Sparse text features shared by the second-stage scorer and the scope check.

A question is represented twice, and the two halves are concatenated:

* character 1-3-grams of its content text (stopwords removed), which survive
  typos (公基金), odd segmentation and colloquial word order;
* its search tokens (jieba words, their domain sub-terms and synonyms), which
  carry the meaning of multi-character terms (异地就医, 港澳通行证).

Each half is TF-IDF weighted with sublinear term frequency and scaled to unit
length, so neither dominates and a long, rambling question does not outweigh
a short one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from ._config import CHAR_NGRAM_MAX
from ._normalize import CORPUS_CACHE_SIZE, normalize, normalize_corpus_text
from ._tokenize import analyze

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class Analyzed:
    """A text as both feature halves need it."""

    tokens: tuple[str, ...]
    content: str

    @classmethod
    def of(cls, text: str) -> Analyzed:
        """Normalise and analyse raw text (a question or a caller's message)."""
        tokens, content = analyze(normalize(text))
        return cls(tuple(tokens), content)

    @classmethod
    def of_corpus_text(cls, text: str) -> Analyzed:
        """Like :meth:`of`, cached for the corpus's own questions and keywords.

        A reload analyses the whole corpus again although an edit changes a
        handful of questions; segmenting is most of a reload's cost.
        """
        return _corpus_analysis(text)


@lru_cache(maxsize=CORPUS_CACHE_SIZE)
def _corpus_analysis(text: str) -> Analyzed:
    tokens, content = analyze(normalize_corpus_text(text))
    return Analyzed(tuple(tokens), content)


def char_ngrams(content: str) -> list[str]:
    """Character n-grams of ``content`` for n = 1 .. CHAR_NGRAM_MAX."""
    return [
        content[i : i + n]
        for n in range(1, CHAR_NGRAM_MAX + 1)
        for i in range(len(content) - n + 1)
    ]


def _tokens(text: Analyzed) -> list[str]:
    return list(text.tokens)


def _chars(text: Analyzed) -> list[str]:
    return char_ngrams(text.content)


class FeatureSpace:
    """TF-IDF vocabulary fitted on the indexed question variants."""

    def __init__(self, documents: Sequence[Analyzed]) -> None:
        """Fit both vocabularies and IDF weights on ``documents``."""
        self._chars = TfidfVectorizer(analyzer=_chars, sublinear_tf=True)
        self._words = TfidfVectorizer(analyzer=_tokens, sublinear_tf=True)
        self.matrix = self._stack(
            self._chars.fit_transform(documents), self._words.fit_transform(documents)
        )
        self._char_half = _Half(self._chars.vocabulary_, self._chars.idf_, 0)
        self._word_half = _Half(
            self._words.vocabulary_, self._words.idf_, len(self._chars.vocabulary_)
        )

    @staticmethod
    def _stack(chars: sp.spmatrix, words: sp.spmatrix) -> sp.csr_matrix:
        return sp.hstack([chars, words], format="csr", dtype="float64")

    @property
    def size(self) -> int:
        """Number of features (both halves)."""
        return int(self.matrix.shape[1])

    def transform(self, texts: Sequence[Analyzed]) -> sp.csr_matrix:
        """Feature rows for ``texts``; unseen n-grams and words are ignored."""
        return self._stack(self._chars.transform(texts), self._words.transform(texts))

    def transform_one(self, text: Analyzed) -> sp.csr_matrix:
        """The feature row of one question, as :meth:`transform` computes it.

        Computed directly from the fitted vocabularies and IDF weights: on a
        single short question, scikit-learn's input validation costs more
        than the arithmetic, and this runs on every citizen's question.
        """
        char_columns, char_values = self._char_half.weights(_chars(text))
        word_columns, word_values = self._word_half.weights(_tokens(text))
        indices = np.concatenate([char_columns, word_columns])
        data = np.concatenate([char_values, word_values])
        return sp.csr_matrix(
            (data, indices, np.array([0, len(indices)])), shape=(1, self.size), dtype="float64"
        )


class _Half:
    """One fitted half of the feature space: term -> column, and IDF weights."""

    def __init__(self, vocabulary: dict[str, int], idf: FloatArray, offset: int) -> None:
        self._vocabulary = vocabulary
        self._idf = idf
        self._offset = offset

    def weights(self, terms: list[str]) -> tuple[IntArray, FloatArray]:
        """Sorted columns and unit-length sublinear TF-IDF weights of ``terms``."""
        counts: dict[int, int] = {}
        for term in terms:
            column = self._vocabulary.get(term)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        if not counts:
            return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float64)
        columns = np.fromiter(sorted(counts), dtype=np.int32, count=len(counts))
        tf = np.fromiter((counts[c] for c in columns.tolist()), dtype=np.float64, count=len(counts))
        values = (1.0 + np.log(tf)) * self._idf[columns]
        values /= np.sqrt(values @ values)
        return columns + self._offset, values
