"""End-to-end lookup behaviour on the seed corpus.

The paraphrases below are written fresh for the tests, not copied from the
corpus, so they measure generalisation rather than memorisation.
"""

import json
from datetime import date

import pytest

from knowledge_faq import KnowledgeBase
from knowledge_faq._normalize import normalize

PARAPHRASES = [
    ("辞职了公积金能取吗", "gjj-withdraw-resign"),
    ("用公积金贷款要满足啥条件", "gjj-loan"),
    ("社保跨省怎么转移", "si-pension-transfer"),
    ("养老金资格认证怎么做", "si-pension-certification"),
    ("失业保险金怎么申请", "si-unemployment-benefit"),
    ("灵活就业社保怎么缴", "si-flexible-employment"),
    ("去外省看病要备案吗", "mi-remote-filing"),
    ("社保卡丢了去哪补", "mi-card-lost"),
    ("电子医保卡怎么开通", "mi-e-card"),
    ("新生儿上户口要带什么", "hh-newborn-registration"),
    ("身份证到期了在哪换", "hh-id-card-renewal"),
    ("你好，请问身份证丢了怎么办呢？", "hh-id-card-lost"),
    ("身分证过期了去哪换", "hh-id-card-renewal"),  # variant spelling (lexicon)
    ("办居住证要什么材料", "hh-residence-permit"),
    ("出国旅游护照怎么办", "exit-passport"),
    ("港澳通行证怎么签注", "exit-hk-macau-permit"),
    ("驾照到期怎么换新的", "traffic-license-renewal"),
    ("违章了罚款怎么交", "traffic-fine-payment"),
    ("买了二手房怎么过户", "realestate-transfer"),
    ("个体户执照在哪办", "biz-individual-license"),
    # Known misses of the current scorer, kept visible rather than deleted:
    # a sibling entry sharing most words wins (see the README's figures).
    pytest.param(
        "个税退税在哪弄",
        "tax-annual-settlement",
        marks=pytest.mark.xfail(reason="ranks tax-refund-time first", strict=False),
    ),
    ("小学报名需要什么材料", "edu-primary-enrollment"),
    ("我们要结婚去领证要带什么", "civil-marriage-registration"),
    ("申请低保要什么条件", "civil-dibao"),
    ("过期药品属于什么垃圾", "city-garbage-sorting"),
    ("办狗证要什么材料", "city-dog-registration"),
    ("怎么交电费", "city-utility-payment"),
    ("家里着火了打12345吗", "hotline-scope"),
    ("工单进度怎么查", "hotline-ticket-progress"),
    # Traditional Chinese.
    ("護照怎麼申請", "exit-passport"),
    ("醫保電子憑證怎麼激活", "mi-e-card"),
    # Full-width digits and punctuation.
    ("１２３４５几点上班？？", "hotline-service-hours"),
    # Typo: 公积斤 for 公积金.
    ("租房能提取公积斤吗", "gjj-withdraw-rent"),
]

OUT_OF_SCOPE = [
    "今天股票会涨吗",
    "帮我写首诗",
    "你喜欢吃什么",
    "明天天气怎么样",
    "给我讲个笑话",
    "比特币怎么买",
    "推荐一部电影",
]

TINY = ["", " ", "你好", "嗯", "谢谢", "？", "请问", "嗯嗯嗯", "a"]


def test_paraphrases_are_fresh(kb: KnowledgeBase) -> None:
    """Guard against test questions drifting into the corpus verbatim."""
    corpus = {normalize(q) for e in kb for q in (e.question, *e.similar_questions)}
    questions = [getattr(p, "values", p)[0] for p in PARAPHRASES]
    copied = [q for q in questions if normalize(q) in corpus]
    assert not copied


@pytest.mark.parametrize(("question", "faq_id"), PARAPHRASES)
def test_paraphrase_is_answered(kb: KnowledgeBase, question: str, faq_id: str) -> None:
    result = kb.ask(question)
    assert result.decision == "answer", (question, result.to_dict())
    assert result.faq_id == faq_id


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_gets_none(kb: KnowledgeBase, question: str) -> None:
    result = kb.ask(question)
    assert result.decision == "none", result.to_dict()
    assert result.faq_id is None and result.answer is None and not result.suggestions


@pytest.mark.parametrize("question", TINY)
def test_tiny_inputs_get_none(kb: KnowledgeBase, question: str) -> None:
    assert kb.ask(question).decision == "none"


@pytest.mark.parametrize(
    "question", ["😀😀", "x" * 5000, "公积金" * 300, "ABC def 123", "\n\t\u3000", "🙂你好🙂"]
)
def test_odd_inputs_never_crash(kb: KnowledgeBase, question: str) -> None:
    result = kb.ask(question)
    assert result.decision in ("answer", "suggest", "none")
    json.dumps(result.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize("topic_word", ["公积金", "身份证", "社保"])
def test_lone_topic_word_suggests_distinct_entries(kb: KnowledgeBase, topic_word: str) -> None:
    result = kb.ask(topic_word)
    assert result.decision == "suggest", result.to_dict()
    ids = [s.faq_id for s in result.suggestions]
    assert 2 <= len(ids) <= 3
    assert len(set(ids)) == len(ids)
    assert result.faq_id is None and result.answer is None
    for suggestion in result.suggestions:
        entry = kb.get(suggestion.faq_id)
        assert entry is not None and suggestion.question == entry.question


def test_answer_carries_entry_metadata(kb: KnowledgeBase) -> None:
    result = kb.ask("失业保险金怎么申请")
    entry = kb.get("si-unemployment-benefit")
    assert entry is not None
    assert result.decision == "answer"
    assert result.question == entry.question
    assert result.answer == entry.answer
    assert result.source == entry.source_policy
    assert result.department == entry.department == "示例市人力资源和社会保障局"
    assert result.valid_from == date(2024, 1, 1)
    assert 0.0 < result.score <= 1.0


def test_source_falls_back_to_department(kb: KnowledgeBase) -> None:
    result = kb.ask("医保卡弄丢了")
    assert result.decision == "answer"
    assert result.source == result.department == "示例市人力资源和社会保障局"


def test_to_dict_is_json_ready(kb: KnowledgeBase) -> None:
    data = kb.ask("违章了罚款怎么交").to_dict()
    assert set(data) == {
        "decision",
        "faq_id",
        "question",
        "answer",
        "score",
        "suggestions",
        "source",
        "valid_from",
    }
    assert data["valid_from"] == "2024-01-01"
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    suggested = kb.ask("公积金").to_dict()
    assert all(set(s) == {"faq_id", "question"} for s in suggested["suggestions"])


def test_get_and_len(kb: KnowledgeBase) -> None:
    assert len(kb) == len(list(kb)) >= 30
    entry = kb.get("gjj-withdraw-rent")
    assert entry is not None and entry.topic == "城乡建设"
    assert "0000-12345601" in entry.answer
    assert kb.get("no-such-entry") is None


def test_default_load_uses_today() -> None:
    loaded = KnowledgeBase.load()
    assert loaded.today == date.today()
    assert len(loaded) > 0


def test_answer_for_a_chosen_suggestion() -> None:
    """A suggestion button resolves by id; an unknown id never answers."""
    from knowledge_faq import KnowledgeBase

    kb = KnowledgeBase.load()
    chosen = kb.answer_for("gjj-withdraw-rent")
    assert chosen.decision == "answer" and chosen.faq_id == "gjj-withdraw-rent"
    assert kb.answer_for("no-such-entry").decision == "none"
