"""The ranker learns from the questions written in citizens' words for each entry."""

from __future__ import annotations

import pytest

from knowledge_faq import KnowledgeBase
from knowledge_faq._config import DEFAULT_CITY_PROFILE, DEFAULT_CORPUS_DIR
from knowledge_faq._features import Analyzed
from knowledge_faq._load import load_corpus
from knowledge_faq._models import FaqEntry
from knowledge_faq._profile import load_city_profile
from knowledge_faq._retrieve import FaqIndex


@pytest.fixture(scope="module")
def entries() -> list[FaqEntry]:
    return load_corpus(DEFAULT_CORPUS_DIR, load_city_profile(DEFAULT_CITY_PROFILE))[:60]


def _rank_of(index: FaqIndex, question: str, position: int) -> int:
    order = [scored.entry_index for scored in index.search(question).entries]
    return order.index(position) + 1 if position in order else len(order) + 1


def test_a_written_question_moves_its_entry_up(
    entries: list[FaqEntry], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without written questions the entry ranks below first; with one, it ranks first."""
    import knowledge_faq._retrieve as retrieve

    monkeypatch.setattr(retrieve, "load_scope_positives", lambda: {})
    monkeypatch.setattr(retrieve, "load_answered", lambda: {})
    plain = FaqIndex(entries)
    question = "我这情况能不能办，办的话找哪个窗口，手续麻烦吗"
    best = plain.search(question).entries[0].entry_index
    target = next(i for i in range(len(entries)) if i != best and _rank_of(plain, question, i) > 1)
    written = {entries[target].id: (Analyzed.of(question + "，" + entries[target].question),)}
    monkeypatch.setattr(retrieve, "load_answered", lambda: written)
    taught = FaqIndex(entries)
    assert _rank_of(taught, question, target) < _rank_of(plain, question, target)


def test_written_questions_are_not_recall_documents(
    entries: list[FaqEntry], monkeypatch: pytest.MonkeyPatch
) -> None:
    """BM25 indexes the corpus's own variants only, whatever was written beside them."""
    import knowledge_faq._retrieve as retrieve

    monkeypatch.setattr(retrieve, "load_scope_positives", lambda: {})
    monkeypatch.setattr(retrieve, "load_answered", lambda: {})
    plain = len(FaqIndex(entries))
    written = {entries[0].id: (Analyzed.of("这是一句只写给排序模型看的问题"),)}
    monkeypatch.setattr(retrieve, "load_answered", lambda: written)
    assert len(FaqIndex(entries)) == plain


def test_the_bundled_ranker_tells_neighbouring_entries_apart() -> None:
    """From the variants alone this ranked gjj-account-sealed first; it is in no file."""
    kb = KnowledgeBase.load()
    answer = kb.ask("辞职以后公积金账户的钱怎么弄")
    assert (answer.decision, answer.faq_id) == ("answer", "gjj-withdraw-resign")
