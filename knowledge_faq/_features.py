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

import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from ._config import CHAR_NGRAM_MAX
from ._normalize import normalize
from ._tokenize import analyze


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
