"""The neighbour check: nearer to an example of the first entries, or to a negative?"""

from __future__ import annotations

import numpy as np
import pytest

from knowledge_faq import KnowledgeBase
from knowledge_faq._config import MIN_IN_SCOPE
from knowledge_faq._features import Analyzed
from knowledge_faq._neighbours import NearestExamples


def _texts(*texts: str) -> list[Analyzed]:
    return [Analyzed.of(t) for t in texts]


@pytest.fixture(scope="module")
def neighbours() -> NearestExamples:
    """Two entries with two examples each, and two negatives."""
    return NearestExamples(
        _texts("公积金怎么提取", "离职了公积金能取出来吗", "护照怎么办理", "护照过期了怎么换"),
        np.asarray([0, 0, 1, 1], dtype=np.int64),
        2,
        _texts("公积金这个词英语怎么说", "护照封面是什么颜色"),
    )


def test_a_question_near_its_entrys_example_has_a_positive_margin(
    neighbours: NearestExamples,
) -> None:
    text = Analyzed.of("辞职以后公积金能不能取出来")
    assert neighbours.margin(text, np.asarray([0])) > 0
    assert neighbours.factor(text, np.asarray([0])) > 0.5


def test_a_question_near_a_negative_has_a_negative_margin(neighbours: NearestExamples) -> None:
    text = Analyzed.of("公积金用英语怎么说")
    assert neighbours.margin(text, np.asarray([0])) < 0
    assert neighbours.factor(text, np.asarray([0])) < 0.5


def test_only_the_named_entries_examples_count(neighbours: NearestExamples) -> None:
    """A question matching entry 1's example is no nearer when only entry 0 counts."""
    text = Analyzed.of("护照过期了咋换新的")
    own_entry = neighbours.margin(text, np.asarray([1]))
    other_entry = neighbours.margin(text, np.asarray([0]))
    assert own_entry > 0 > other_entry


def test_no_entries_leave_only_the_negatives(neighbours: NearestExamples) -> None:
    text = Analyzed.of("护照封面什么颜色")
    assert neighbours.margin(text, np.asarray([], dtype=np.int64)) < 0


@pytest.mark.parametrize(
    "question",
    ["营业执照上那个二维码是用什么软件生成的", "个人所得税这个税种是哪一年开始征收的"],
)
def test_the_bundled_check_declines_what_the_scope_model_lets_through(question: str) -> None:
    """Off-topic asks made of covered words: scope alone would answer or suggest."""
    kb = KnowledgeBase.load()
    ranking = kb._index.search(question)
    best = sum(entry.score for entry in ranking.entries[:3])
    assert ranking.topic_scope * best >= MIN_IN_SCOPE
    assert ranking.in_scope * best < MIN_IN_SCOPE
    assert kb.ask(question).decision == "none"


def test_a_new_word_counts_against_the_question() -> None:
    """The check's own space keeps words no entry uses; the ranker's drops them."""
    examples = _texts("公积金怎么提取", "离职了公积金能取出来吗")
    negatives = _texts("今天股票大盘怎么样")
    neighbours = NearestExamples(examples, np.asarray([0, 0], dtype=np.int64), 1, negatives)
    plain = neighbours.margin(Analyzed.of("公积金怎么提取"), np.asarray([0]))
    with_stock_words = neighbours.margin(Analyzed.of("公积金股票大盘怎么提取"), np.asarray([0]))
    assert with_stock_words < plain


def test_the_variants_a_question_matched_count_as_examples(neighbours: NearestExamples) -> None:
    """Similar questions are not kept; the ones recall matched are passed in."""
    text = Analyzed.of("护照过期了咋换新的")
    without = neighbours.margin(text, np.asarray([0]))
    with_variant = neighbours.margin(text, np.asarray([0]), _texts("护照过期了怎么换"))
    assert with_variant > 0 > without
