"""The serving shortcuts compute exactly what the library calls they replace.

``FeatureSpace.transform_one``, ``ScopeClassifier.probability`` and the
one-regex character filter in ``normalize`` exist only for speed; if any of
them drifted from scikit-learn's result or from Unicode's categories,
retrieval would silently change. These tests pin them to the reference computations.
"""

import sys
import unicodedata
from collections import Counter

import bm25s
import numpy as np
import pytest
import scipy.sparse as sp
from bm25s.tokenization import Tokenized
from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge_faq import KnowledgeBase
from knowledge_faq._features import Analyzed, FeatureSpace, char_ngram_codes, char_ngram_text
from knowledge_faq._normalize import _dropped_chars, _to_simplified, normalize
from knowledge_faq._retrieve import recall_tokens
from knowledge_faq._sparse import best_column, row_dots

QUESTIONS = [
    "租房子能取公积金吗",
    "護照過期了怎麼辦理？",
    "我想问一下身份证丢了咋补办，急用！！",
    "明天会下雨吗",
    "ｅｔｃ卡怎么办",
    "公积金",
    "",
    "xyz 123",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_one_row_features_match_scikit_learn(kb: KnowledgeBase, question: str) -> None:
    index = kb._index
    text = Analyzed.of(question)
    reference = index._features.transform([text])
    fast = index._features.transform_one(text)
    assert fast.shape == reference.shape
    assert np.allclose(fast.toarray(), reference.toarray(), atol=1e-12)
    expected = float(index._scope._model.predict_proba(reference)[0, 1])
    assert index._scope.probability(fast) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("text", "simplified"),
    [
        ("護照過期了怎麼辦", "护照过期了怎么办"),
        ("12345熱線", "12345热线"),
        ("公积金怎么取", "公积金怎么取"),
    ],
)
def test_traditional_text_is_converted(text: str, simplified: str) -> None:
    assert _to_simplified(text) == simplified
    assert normalize(text) == normalize(simplified)


def test_dropped_characters_are_exactly_those_outside_letters_and_digits() -> None:
    pattern = _dropped_chars(frozenset())
    wrong = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if bool(pattern.fullmatch(chr(code))) == (unicodedata.category(chr(code))[0] in "LN")
    ]
    assert wrong == []


def _char_ngram_strings(text: Analyzed) -> list[str]:
    content = text.content
    return [content[i : i + n] for n in (1, 2, 3) for i in range(len(content) - n + 1)]


def _token_list(text: Analyzed) -> list[str]:
    return list(text.tokens)


@pytest.mark.parametrize(
    ("half", "analyzer", "terms"),
    [
        ("_chars", _char_ngram_strings, lambda half: [char_ngram_text(c) for c in half.codes]),
        ("_words", _token_list, lambda half: list(half.vocabulary)),
    ],
)
def test_feature_halves_match_tfidf_vectorizer(kb: KnowledgeBase, half, analyzer, terms) -> None:
    """Both halves weigh the variants as scikit-learn's TfidfVectorizer does."""
    index = kb._index
    documents = [v.text for v in index._variants]
    reference = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True)
    expected = reference.fit_transform(documents).tocsc()
    ours = getattr(index._features, half)
    columns = [reference.vocabulary_[term] for term in terms(ours)]
    assert sorted(columns) == list(range(len(reference.vocabulary_)))
    assert np.allclose(ours.idf, reference.idf_[columns], atol=1e-12)
    offset = 0 if half == "_chars" else len(index._features._chars)
    mine = index._features.matrix[:, offset : offset + len(columns)]
    assert abs(mine - expected[:, columns]).max() < 1e-12


def test_recall_documents_are_tokens_plus_bigrams(kb: KnowledgeBase) -> None:
    """BM25 indexes each variant's search tokens and content bigrams, counted with repeats."""
    index = kb._index
    documents = [v.text for v in index._variants]
    _, recall = FeatureSpace.fit(documents)
    term_of = {i: term for term, i in recall.vocabulary.items()}
    for row, text in enumerate(documents):
        counts = recall.counts[row]
        assert Counter(recall_tokens(text)) == {
            term_of[int(i)]: int(n) for i, n in zip(counts.indices, counts.data, strict=True)
        }


def test_the_bm25_index_is_the_one_bm25s_builds(kb: KnowledgeBase) -> None:
    """``CountsBM25.index_counts`` fills bm25s's score matrix exactly as ``index`` does."""
    _, recall = FeatureSpace.fit([v.text for v in kb._index._variants])
    counts = recall.counts
    documents = [
        np.repeat(counts[row].indices, counts[row].data.astype(np.int64)).tolist()
        for row in range(counts.shape[0])
    ]
    reference = bm25s.BM25()
    reference.index(Tokenized(documents, dict(recall.vocabulary)), show_progress=False)
    ours = kb._index._bm25
    for key in ("data", "indices", "indptr"):
        assert np.array_equal(ours.scores[key], reference.scores[key]), key
    assert ours.scores["data"].dtype == reference.scores["data"].dtype
    assert ours.scores["num_docs"] == reference.scores["num_docs"]
    assert ours.vocab_dict == reference.vocab_dict
    query = ["公积金", "提取", "租房"]
    assert np.array_equal(ours.get_scores(query), reference.get_scores(query))


@pytest.mark.parametrize("content", ["", "a", "公积金", "护照过期了怎么办", "😀x1"])
def test_char_ngram_codes_round_trip(content: str) -> None:
    for n in (1, 2, 3):
        codes = char_ngram_codes(content, n)
        assert [char_ngram_text(c) for c in codes] == [
            content[i : i + n] for i in range(len(content) - n + 1)
        ]


def test_row_dots_and_best_column_match_scipy() -> None:
    rng = np.random.default_rng(7)
    matrix = sp.random(40, 30, density=0.2, format="csr", random_state=rng)
    dense = rng.random(30)
    rows = np.asarray([3, 0, 3, 39, 17], dtype=np.int64)
    assert np.allclose(row_dots(matrix, rows, dense), matrix[rows] @ dense)
    query = sp.random(1, 40, density=0.3, format="csr", random_state=rng)
    expected = float((query @ matrix).toarray().max())
    assert best_column(matrix, query.indices.astype(np.int64), query.data) == pytest.approx(
        max(expected, 0.0)
    )
    assert row_dots(matrix, np.zeros(0, dtype=np.int64), dense).shape == (0,)


def test_naive_bayes_scores_one_question_as_the_block_does(kb: KnowledgeBase) -> None:
    """The per-question path (raw CSR gathers) equals the block path (a sparse product)."""
    index = kb._index
    text = Analyzed.of("租房子住能不能把公积金取出来")
    recalled = index._recall(text)
    assert recalled is not None
    row = index._features.transform_one(text)
    one = index._scorer.log_likelihood(row, recalled[0])
    block = index._scorer.log_likelihoods(row, recalled[0])[0]
    assert np.allclose(one, block, rtol=0, atol=1e-9)
