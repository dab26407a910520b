"""The ranker learns from the questions written in citizens' words for each entry."""

from __future__ import annotations

import pytest

import knowledge_faq._retrieve as retrieve
from knowledge_faq import KnowledgeBase
from knowledge_faq._config import DEFAULT_CITY_PROFILE, DEFAULT_CORPUS_DIR
from knowledge_faq._features import Analyzed
from knowledge_faq._load import load_corpus
from knowledge_faq._models import FaqEntry
from knowledge_faq._profile import load_city_profile
from knowledge_faq._retrieve import FaqIndex

LOADERS = ("load_scope_positives", "load_answered")


@pytest.fixture(scope="module")
def entries() -> list[FaqEntry]:
    return load_corpus(DEFAULT_CORPUS_DIR, load_city_profile(DEFAULT_CITY_PROFILE))[:60]


def _without_written(monkeypatch: pytest.MonkeyPatch) -> None:
    for loader in LOADERS:
        monkeypatch.setattr(retrieve, loader, lambda: {})


def _order(index: FaqIndex, question: str) -> list[int]:
    return [scored.entry_index for scored in index.search(question).entries]


@pytest.mark.parametrize("loader", LOADERS)
def test_a_written_question_moves_its_entry_to_first(
    entries: list[FaqEntry], monkeypatch: pytest.MonkeyPatch, loader: str
) -> None:
    """A recalled entry ranked below first ranks first once a question like this is written for it.

    Both files teach the ranker: the scope positives and the answered pairs.
    """
    _without_written(monkeypatch)
    question = "我这情况能不能办，办的话找哪个窗口，手续麻烦吗"
    order = _order(FaqIndex(entries), question)
    assert len(order) >= 2
    target = order[1]
    written = {entries[target].id: (Analyzed.of(question + "，" + entries[target].question),)}
    monkeypatch.setattr(retrieve, loader, lambda: written)
    assert _order(FaqIndex(entries), question)[0] == target


def test_written_questions_are_not_recall_documents(
    entries: list[FaqEntry], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word found only in a written question recalls nothing: BM25 never saw it."""
    _without_written(monkeypatch)
    odd = "鑫淼犇骉"
    written = {entries[0].id: (Analyzed.of(f"{odd}{entries[0].question}"),)}
    monkeypatch.setattr(retrieve, "load_answered", lambda: written)
    index = FaqIndex(entries)
    assert not any(odd[i : i + 2] in index._vocab for i in range(len(odd) - 1))
    assert index.search(odd).entries == []


def test_the_bundled_written_questions_settle_a_neighbour_the_variants_leave_close(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without them this question leads gjj-account-sealed by 0.48 to 0.28; with them, clearly."""
    question = "辞职以后公积金账户的钱怎么弄"  # in no file
    kb = KnowledgeBase.load()
    taught = kb._index.search(question).entries[0]
    _without_written(monkeypatch)
    plain = KnowledgeBase.load()._index.search(question).entries[0]
    resign = [e.id for e in kb].index("gjj-withdraw-resign")
    assert taught.entry_index == plain.entry_index == resign
    assert taught.score > 0.9 > plain.score + 0.3
    answer = kb.ask(question)
    assert (answer.decision, answer.faq_id) == ("answer", "gjj-withdraw-resign")
