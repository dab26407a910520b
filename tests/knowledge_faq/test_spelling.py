"""Sound-alike typos are mended before matching, and nothing else is touched."""

from __future__ import annotations

import pytest

from knowledge_faq import KnowledgeBase
from knowledge_faq._normalize import normalize
from knowledge_faq._spelling import HomophoneSpeller, readings, sound_alike
from knowledge_faq._tokenize import segment


@pytest.fixture(scope="module")
def speller() -> HomophoneSpeller:
    return HomophoneSpeller(["残疾证", "劳动仲裁", "公积金", "公证处", "居住证", "异地"], segment)


def test_readings_drop_tones_and_keep_the_usual_one_first() -> None:
    assert readings("种")[0] == "zhong"
    assert "chong" in readings("种")
    assert readings("A") == ()


def test_sound_alike_needs_the_typed_characters_usual_reading() -> None:
    assert sound_alike("种", "仲")  # zhong
    assert sound_alike("代", "贷")  # dai
    assert not sound_alike("示", "职")  # 示 reads zhi only rarely
    assert not sound_alike("A", "职")


@pytest.mark.parametrize(
    ("typed", "mended"),
    [
        ("我妈想办个残急证怎么申请", "我妈想办个残疾证怎么申请"),
        ("想跟公司打劳动种裁", "想跟公司打劳动仲裁"),
        ("查下公基金还剩多少钱", "查下公积金还剩多少钱"),
        ("想办张居主证要满足啥条件", "想办张居住证要满足啥条件"),
        ("去公正处办个公证", "去公证处办个公证"),
    ],
)
def test_a_misspelt_term_is_mended(speller: HomophoneSpeller, typed: str, mended: str) -> None:
    assert speller.correct(typed) == mended


@pytest.mark.parametrize(
    "text",
    [
        "请交警公正处理划分责任",  # 公正处 ends inside 处理
        "公积金怎么提取",  # already right
        "残疾人证怎么办",  # a different word, not a sound-alike
        "我要去异的办事",  # two-character terms are never mended
        "积金",  # shorter than any term
        "",
    ],
)
def test_anything_else_is_left_alone(speller: HomophoneSpeller, text: str) -> None:
    assert speller.correct(text) == text


def test_the_first_and_last_characters_must_match(speller: HomophoneSpeller) -> None:
    assert speller.correct("攻积金") == "攻积金"
    assert speller.correct("公积今") == "公积今"


def test_an_ambiguous_piece_is_left_alone() -> None:
    ambiguous = HomophoneSpeller(["公积金", "公基金"], segment)
    assert ambiguous.correct("公机金") == "公机金"


def test_a_speller_without_terms_changes_nothing() -> None:
    assert HomophoneSpeller([], segment).correct("公基金") == "公基金"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("我妈想办个残急证", "我妈想办个残疾证"),  # unmended: 急证 → an urgent passport
        ("我想办个居主证", "我想办个居住证"),  # unmended: declined; mended: suggestions
    ],
)
def test_the_bundled_knowledge_base_answers_a_typo_as_the_right_spelling(
    kb: KnowledgeBase, typed: str, meant: str
) -> None:
    by_spelling = kb.ask(meant)
    assert by_spelling.decision != "none"
    assert kb.ask(typed) == by_spelling


def test_the_bundled_speller_leaves_a_right_question_alone(kb: KnowledgeBase) -> None:
    question = normalize("请交警公正处理划分事故责任")
    assert kb._index._speller.correct(question) == question
