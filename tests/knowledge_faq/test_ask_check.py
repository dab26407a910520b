"""The ask check: what a question asks beyond the words of its best entry."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from knowledge_faq import CorpusError, KnowledgeBase, normalize
from knowledge_faq._ask import AskCheck, char_pairs, load_ask_pairs, residual
from knowledge_faq._config import ASK_PAIRS_PATH, PACKAGE_DIR

from .conftest import validation_questions


def test_residual_keeps_what_the_entry_does_not_cover() -> None:
    pairs = char_pairs(["公积金提取租房"])
    assert residual(normalize("公积金提取租房"), pairs) == ()
    assert residual(normalize("公积金用英语怎么说"), pairs) == ("用英语怎么说",)
    assert residual(normalize("厂子倒闭了，公积金能提取吗"), pairs) == ("厂子倒闭了", "能", "吗")


def test_residual_of_an_entry_with_no_pairs_is_the_whole_question() -> None:
    assert residual("怎么办", frozenset()) == ("怎么办",)
    assert residual("", frozenset()) == ()


def test_without_both_kinds_of_pairs_the_check_is_neutral() -> None:
    pairs = [char_pairs(["公积金提取"])]
    assert AskCheck(pairs, [("公积金能提取吗", 0)], []).probability("公积金颜色", 0) == 1.0
    assert AskCheck(pairs, [], [("公积金颜色", 0)]).probability("公积金颜色", 0) == 1.0


def test_the_check_learns_asks_from_pairs() -> None:
    pairs = [char_pairs(["公积金提取", "租房提取公积金"]), char_pairs(["护照办理", "办护照"])]
    answered = [
        ("我刚换了工作，房租太贵，公积金能提取吗", 0),
        ("公积金提取要带什么材料", 0),
        ("公积金提取去哪里办", 0),
        ("护照办理需要带什么材料", 1),
        ("孩子要出国读书，护照去哪里办", 1),
        ("护照办理要多久，能加急吗", 1),
    ]
    unanswered = [
        ("公积金用英语怎么说", 0),
        ("公积金是哪一年发明的", 0),
        ("护照封面用英语怎么写", 1),
        ("护照是哪一年发明的", 1),
        ("护照上的图案是什么意思", 1),
    ]
    check = AskCheck(pairs, answered, unanswered)
    assert check.probability(normalize("公积金提取需要什么材料"), 0) > 0.5
    assert check.probability(normalize("公积金提取用英语怎么说"), 0) < 0.5


def test_load_ask_pairs_absent_and_malformed(tmp_path: Path) -> None:
    assert load_ask_pairs(tmp_path / "absent.yaml").answered == {}
    path = tmp_path / "pairs.yaml"
    path.write_text("entries: [不是, 映射]\n", encoding="utf-8")
    with pytest.raises(CorpusError):
        load_ask_pairs(path)
    path.write_text("entries:\n  gjj-withdraw-rent: [不是映射]\n", encoding="utf-8")
    with pytest.raises(CorpusError):
        load_ask_pairs(path)


def test_the_bundled_pairs_name_real_entries_and_no_validation_or_indexed_question() -> None:
    pairs = load_ask_pairs(ASK_PAIRS_PATH)
    entries = [
        entry
        for path in (PACKAGE_DIR / "corpus").glob("*.yaml")
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []
    ]
    ids = {entry["id"] for entry in entries}
    assert set(pairs.answered) <= ids and set(pairs.near_misses) <= ids
    assert sum(map(len, pairs.answered.values())) >= 1000
    assert sum(map(len, pairs.near_misses.values())) >= 1000
    written = {
        q for source in (pairs.answered, pairs.near_misses) for qs in source.values() for q in qs
    }
    validation = validation_questions()
    variants = {
        q for entry in entries for q in [entry["question"], *(entry.get("similar_questions") or [])]
    }
    assert not written & validation
    assert not written & variants


def test_a_near_miss_is_declined_where_its_real_neighbour_is_answered() -> None:
    """Neither line is in any training or validation file."""
    kb = KnowledgeBase.load()
    near_miss = kb.ask("公积金这个制度最早是从新加坡学来的吗")
    real = kb.ask("公司倒闭了我也没工作了，房租都交不起，公积金能不能取出来交房租")
    assert near_miss.decision == "none"
    assert real.decision == "answer" and real.faq_id == "gjj-withdraw-rent"


def test_the_bundled_check_tells_a_near_miss_from_a_story_the_scope_model_cannot() -> None:
    """Both questions look equally in scope as a whole; only what they ask differs."""
    kb = KnowledgeBase.load()
    index = kb._index
    entry = [e.id for e in kb].index("exit-hk-macau-permit")
    story = "孩子暑假要去香港参加夏令营，港澳通行证还没办过，去哪办要带啥"
    near_miss = "港澳通行证的封面是什么材料做的"
    ask = index._ask.probability
    assert ask(normalize(story), entry) > 0.5 > ask(normalize(near_miss), entry)
    assert index.search(story).in_scope > index.search(near_miss).in_scope


def test_a_knowledge_base_without_written_pairs_is_judged_without_the_check(
    tmp_path: Path,
) -> None:
    """An imported corpus shares no ids with the bundled pairs: the check stays out.

    What remains is the scope model and the neighbour check.
    """
    from knowledge_faq._config import DEFAULT_CITY_PROFILE, DEFAULT_CORPUS_DIR
    from knowledge_faq._features import Analyzed
    from knowledge_faq._load import load_corpus
    from knowledge_faq._profile import load_city_profile
    from knowledge_faq._retrieve import FaqIndex

    entries = load_corpus(DEFAULT_CORPUS_DIR, load_city_profile(DEFAULT_CITY_PROFILE))
    renamed = [dataclasses.replace(e, id=f"x-{e.id}") for e in entries[:40]]
    index = FaqIndex(renamed)
    assert not index._ask.fitted
    question = "公积金这个制度最早是从新加坡学来的吗"
    ranking = index.search(question)
    scope = index._scope.probability(index._features.transform_one(Analyzed.of(question)))
    assert ranking.topic_scope == scope
    # The neighbour check's factor is a sigmoid: it always lowers the scope.
    assert 0 < ranking.in_scope < ranking.topic_scope


def test_negatives_are_paired_in_blocks_as_ranking_pairs_them_one_by_one() -> None:
    """The build's block scoring must pick the entry ``search`` would rank first."""
    from knowledge_faq._scope import load_negatives, negative_texts

    index = KnowledgeBase.load()._index
    negatives = load_negatives()
    pairs = index._pair_negatives(index._features.transform(negatives))
    one_by_one = [
        (text, ranked.best_entry)
        for text, question in zip(negative_texts(), negatives, strict=True)
        if (ranked := index._rank(question)) is not None
    ]
    assert len(pairs) > 900
    assert pairs == one_by_one
