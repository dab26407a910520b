"""Sparse text features shared by the second-stage scorer and the scope check.

A question is represented twice, and the two halves are concatenated:

* character 1-3-grams of its content text (stopwords removed), which survive
  typos (公基金), odd segmentation and colloquial word order;
* its search tokens (jieba words, their domain sub-terms and synonyms), which
  carry the meaning of multi-character terms (异地就医, 港澳通行证).

Each half is TF-IDF weighted exactly as scikit-learn's ``TfidfVectorizer``
with ``sublinear_tf=True`` does (smoothed IDF, unit length per half), so
neither half dominates and a long, rambling question does not outweigh a
short one. The weighting is computed here rather than by scikit-learn
because a 20,000-entry corpus has 120,000 variants: counting their
character n-grams as integer codes in NumPy takes a fraction of a second,
where the vectorizer's per-n-gram Python loop took seconds of every build.
Tests pin both halves to ``TfidfVectorizer``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from ._config import CHAR_NGRAM_MAX
from ._normalize import CORPUS_CACHE_SIZE, normalize, normalize_corpus_text
from ._tokenize import analyze

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# An n-gram's code packs its characters' code points (21 bits each) into one
# int64, first character highest. Code points are >= 1 after normalisation,
# so codes of different lengths never collide: a 1-gram is < 2**21, a 2-gram
# < 2**42, a 3-gram < 2**63.
_BITS = 21
_CHAR_MASK = (1 << _BITS) - 1
if CHAR_NGRAM_MAX * _BITS > 63:
    raise ValueError("CHAR_NGRAM_MAX is too large to pack n-grams into int64")


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


def char_ngram_codes(content: str, n: int) -> list[int]:
    """Codes of ``content``'s character n-grams of length ``n``, in reading order."""
    points = [ord(char) for char in content]
    codes = points[: len(points) - n + 1]
    for offset in range(1, n):
        codes = [
            (code << _BITS) | point for code, point in zip(codes, points[offset:], strict=False)
        ]
    return codes


def char_ngram_text(code: int) -> str:
    """The n-gram a code stands for (the inverse of :func:`char_ngram_codes`)."""
    chars = []
    while code:
        chars.append(chr(code & _CHAR_MASK))
        code >>= _BITS
    return "".join(reversed(chars))


def _corpus_char_codes(contents: Sequence[str], n_max: int) -> tuple[IntArray, IntArray]:
    """Every character n-gram (n = 1 .. n_max) of many texts: (text index, code) pairs.

    Vectorised over the concatenated texts; an n-gram must end inside the
    text it starts in.
    """
    lengths = np.fromiter(map(len, contents), dtype=np.int64, count=len(contents))
    joined = "".join(contents)
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    owner = np.repeat(np.arange(len(contents), dtype=np.int64), lengths)
    room = np.repeat(np.cumsum(lengths), lengths) - np.arange(len(points))  # chars left
    docs, codes = [], []
    for n in range(1, n_max + 1):
        starts = np.flatnonzero(room >= n)
        code = points[starts]
        for offset in range(1, n):
            code = (code << _BITS) | points[starts + offset]
        docs.append(owner[starts])
        codes.append(code)
    return np.concatenate(docs), np.concatenate(codes)


def _counts(docs: IntArray, columns: IntArray, shape: tuple[int, int]) -> sp.csr_matrix:
    """Term counts per document from (document, column) occurrence pairs."""
    counts = sp.csr_matrix((np.ones(len(docs)), (docs, columns)), shape=shape, dtype=np.float64)
    counts.sum_duplicates()
    return counts


def _tfidf(counts: sp.csr_matrix, idf: FloatArray) -> sp.csr_matrix:
    """Sublinear TF times IDF, each row scaled to unit length (zero rows stay zero)."""
    weights = counts.copy()
    weights.data = (1.0 + np.log(weights.data)) * idf[weights.indices]
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    weights.data /= np.repeat(norms, np.diff(weights.indptr))
    return weights


def _smoothed_idf(counts: sp.csr_matrix) -> FloatArray:
    """``ln((1 + n) / (1 + df)) + 1``, scikit-learn's ``smooth_idf`` weighting."""
    n_docs = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    idf: FloatArray = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    return idf


def _vocabulary(codes: IntArray) -> tuple[IntArray, IntArray]:
    """The sorted distinct codes, and each code's position among them.

    ``np.unique(codes, return_inverse=True)`` gives the same, but sorts the
    indices of millions of codes; sorting the codes and searching them back
    takes half the time (0.45 s against 0.9 s for the 4.4 million n-grams of
    a 20,000-entry corpus).
    """
    vocabulary = np.unique(codes)
    return vocabulary, np.searchsorted(vocabulary, codes)


def _unit_weights(columns: list[int], idf: FloatArray) -> tuple[IntArray, FloatArray]:
    """Sorted columns and unit-length sublinear TF-IDF weights of one text's terms."""
    if not columns:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    unique, tf = np.unique(np.asarray(columns, dtype=np.int64), return_counts=True)
    values = (1.0 + np.log(tf)) * idf[unique]
    values /= np.sqrt(values @ values)
    return unique, values


class _CharHalf:
    """Character n-gram half: vocabulary of n-gram codes (sorted) and IDF."""

    def __init__(self, codes: IntArray, idf: FloatArray) -> None:
        self.codes = codes
        self.idf = idf

    @classmethod
    def fit(cls, contents: Sequence[str]) -> tuple[_CharHalf, sp.csr_matrix]:
        """The half fitted on ``contents``, and their n-gram counts."""
        docs, codes = _corpus_char_codes(contents, CHAR_NGRAM_MAX)
        vocabulary, columns = _vocabulary(codes)
        counts = _counts(docs, columns, (len(contents), len(vocabulary)))
        return cls(vocabulary, _smoothed_idf(counts)), counts

    def __len__(self) -> int:
        return len(self.codes)

    def _columns(self, codes: IntArray) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """Columns of ``codes`` and which of them are in the vocabulary."""
        columns = np.searchsorted(self.codes, codes)
        columns[columns == len(self.codes)] = 0
        known = self.codes[columns] == codes if len(self.codes) else np.zeros(len(codes), bool)
        return columns, known

    def transform(self, contents: Sequence[str]) -> sp.csr_matrix:
        docs, codes = _corpus_char_codes(contents, CHAR_NGRAM_MAX)
        columns, known = self._columns(codes)
        counts = _counts(docs[known], columns[known], (len(contents), len(self)))
        return _tfidf(counts, self.idf)

    def weights(self, content: str) -> tuple[IntArray, FloatArray]:
        codes = [c for n in range(1, CHAR_NGRAM_MAX + 1) for c in char_ngram_codes(content, n)]
        columns, known = self._columns(np.asarray(codes, dtype=np.int64))
        return _unit_weights(columns[known].tolist(), self.idf)


class _WordHalf:
    """Search-token half: token -> column, and IDF."""

    def __init__(self, vocabulary: dict[str, int], idf: FloatArray) -> None:
        self.vocabulary = vocabulary
        self.idf = idf

    @classmethod
    def fit(cls, documents: Sequence[tuple[str, ...]]) -> tuple[_WordHalf, sp.csr_matrix]:
        """The half fitted on ``documents``' tokens, and their counts."""
        vocabulary: dict[str, int] = {}
        column = vocabulary.setdefault
        columns = [column(token, len(vocabulary)) for tokens in documents for token in tokens]
        docs = np.repeat(np.arange(len(documents)), [len(tokens) for tokens in documents])
        counts = _counts(
            docs, np.asarray(columns, dtype=np.int64), (len(documents), len(vocabulary))
        )
        return cls(vocabulary, _smoothed_idf(counts)), counts

    def __len__(self) -> int:
        return len(self.vocabulary)

    def transform(self, documents: Sequence[tuple[str, ...]]) -> sp.csr_matrix:
        docs, columns = [], []
        for row, tokens in enumerate(documents):
            for token in tokens:
                column = self.vocabulary.get(token)
                if column is not None:
                    docs.append(row)
                    columns.append(column)
        counts = _counts(
            np.asarray(docs, dtype=np.int64),
            np.asarray(columns, dtype=np.int64),
            (len(documents), len(self)),
        )
        return _tfidf(counts, self.idf)

    def weights(self, tokens: tuple[str, ...]) -> tuple[IntArray, FloatArray]:
        get = self.vocabulary.get
        columns = [c for c in map(get, tokens) if c is not None]
        return _unit_weights(columns, self.idf)


@dataclass(frozen=True, slots=True)
class RecallCorpus:
    """Stage one's documents: each one's term counts (documents x terms) and the vocabulary.

    A document's terms are its search tokens plus its content's character
    bigrams (see ``_retrieve.recall_tokens``); a bigram spelled like a token
    is the same term.
    """

    counts: sp.csr_matrix
    vocabulary: dict[str, int]


class FeatureSpace:
    """TF-IDF vocabulary fitted on the indexed question variants."""

    def __init__(self, documents: Sequence[Analyzed]) -> None:
        """Fit both vocabularies and IDF weights on ``documents``; see also :meth:`fit`."""
        self._chars, self._words, self.matrix = self._fit(documents)[:3]

    @classmethod
    def fit(cls, documents: Sequence[Analyzed]) -> tuple[FeatureSpace, RecallCorpus]:
        """The feature space of ``documents`` and, from the same counts, stage one's corpus."""
        chars, words, matrix, char_counts, word_counts = cls._fit(documents)
        space = cls.__new__(cls)
        space._chars, space._words, space.matrix = chars, words, matrix
        return space, _recall_corpus(chars, char_counts, words, word_counts)

    @classmethod
    def _fit(
        cls, documents: Sequence[Analyzed]
    ) -> tuple[_CharHalf, _WordHalf, sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
        chars, char_counts = _CharHalf.fit([d.content for d in documents])
        words, word_counts = _WordHalf.fit([d.tokens for d in documents])
        matrix = cls._stack(_tfidf(char_counts, chars.idf), _tfidf(word_counts, words.idf))
        return chars, words, matrix, char_counts, word_counts

    @staticmethod
    def _stack(chars: sp.spmatrix, words: sp.spmatrix) -> sp.csr_matrix:
        return sp.hstack([chars, words], format="csr", dtype="float64")

    @property
    def words(self) -> Iterable[str]:
        """The word half's vocabulary: every search token of the fitted texts."""
        return self._words.vocabulary.keys()

    @property
    def size(self) -> int:
        """Number of features (both halves)."""
        return int(self.matrix.shape[1])

    def transform(self, texts: Sequence[Analyzed]) -> sp.csr_matrix:
        """Feature rows for ``texts``; unseen n-grams and words are ignored."""
        return self._stack(
            self._chars.transform([t.content for t in texts]),
            self._words.transform([t.tokens for t in texts]),
        )

    def transform_one(self, text: Analyzed) -> sp.csr_matrix:
        """The feature row of one question, as :meth:`transform` computes it.

        Computed directly, without building sparse matrices for a batch: this
        runs on every citizen's question.
        """
        indices, data = self.weights_one(text)
        return sp.csr_matrix(
            (data, indices, np.array([0, len(indices)])), shape=(1, self.size), dtype="float64"
        )

    def weights_one(self, text: Analyzed) -> tuple[IntArray, FloatArray]:
        """:meth:`transform_one`'s columns and values, without the matrix around them."""
        char_columns, char_values = self._chars.weights(text.content)
        word_columns, word_values = self._words.weights(text.tokens)
        return (
            np.concatenate([char_columns, word_columns + len(self._chars)]),
            np.concatenate([char_values, word_values]),
        )


def _recall_corpus(
    chars: _CharHalf, char_counts: sp.csr_matrix, words: _WordHalf, word_counts: sp.csr_matrix
) -> RecallCorpus:
    """Stage one's documents from the feature counts: tokens plus character bigrams."""
    vocabulary = dict(words.vocabulary)
    codes = chars.codes
    bigrams = np.flatnonzero((codes >> _BITS > 0) & (codes >> (2 * _BITS) == 0))
    bigram_ids = np.full(len(codes), -1, dtype=np.int64)
    term_id = vocabulary.setdefault
    bigram_ids[bigrams] = [
        term_id(char_ngram_text(code), len(vocabulary)) for code in codes[bigrams].tolist()
    ]
    word_part, char_part = word_counts.tocoo(), char_counts.tocoo()
    is_bigram = bigram_ids[char_part.col] >= 0
    rows = np.concatenate([word_part.row, char_part.row[is_bigram]])
    terms = np.concatenate([word_part.col, bigram_ids[char_part.col[is_bigram]]])
    counts = np.concatenate([word_part.data, char_part.data[is_bigram]])
    shape = (char_counts.shape[0], len(vocabulary))
    matrix = sp.csr_matrix((counts, (rows, terms)), shape=shape, dtype=np.float64)
    matrix.sum_duplicates()  # a bigram spelled like a token adds to its count
    return RecallCorpus(matrix, vocabulary)


_PAD = " "


def _segment_codes(documents: Sequence[Sequence[str]]) -> tuple[IntArray, IntArray]:
    """(document, n-gram code) pairs of every segment, padded by one space on each side.

    Like scikit-learn's ``char_wb`` analyzer: n-grams never cross from one
    segment into the next, and a segment's edges are marked. The lone pad is
    not a feature.
    """
    segments = [f"{_PAD}{s}{_PAD}" for segs in documents for s in segs if s]
    owners = np.repeat(
        np.arange(len(documents), dtype=np.int64), [sum(1 for s in segs if s) for segs in documents]
    )
    if not segments:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    docs, codes = _corpus_char_codes(segments, CHAR_NGRAM_MAX)
    keep = codes != ord(_PAD)
    return owners[docs[keep]], codes[keep]


class SegmentNgrams:
    """TF-IDF character 1-3-grams of texts given as separate segments.

    The ask check describes a question by the pieces the matched entry does
    not explain; those pieces are not adjacent in any meaningful way, so
    their n-grams are counted within each piece only.
    """

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        """Fit the vocabulary and IDF on ``documents``; their rows are ``matrix``."""
        docs, codes = _segment_codes(documents)
        vocabulary, columns = _vocabulary(codes)
        counts = _counts(docs, columns, (len(documents), len(vocabulary)))
        self._half = _CharHalf(vocabulary, _smoothed_idf(counts))
        self.matrix = _tfidf(counts, self._half.idf)

    def transform(self, documents: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """Rows for ``documents``; n-grams outside the vocabulary are ignored."""
        docs, codes = _segment_codes(documents)
        columns, known = self._half._columns(codes)
        counts = _counts(docs[known], columns[known], (len(documents), len(self._half)))
        return _tfidf(counts, self._half.idf)
