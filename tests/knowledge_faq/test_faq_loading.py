"""Loading fails loudly on authoring mistakes and honours validity dates."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from knowledge_faq import CorpusError, KnowledgeBase, PlaceholderError

from .conftest import WriteCorpus, make_entry

TODAY = date(2026, 6, 1)


def test_valid_temp_corpus_loads_and_renders(write_corpus: WriteCorpus) -> None:
    corpus_dir, profile = write_corpus([make_entry("alpha")])
    kb = KnowledgeBase.load(corpus_dir, profile, today=TODAY)
    entry = kb.get("alpha")
    assert entry is not None
    assert entry.answer == "请到测试市政务服务中心办理。"
    assert entry.department == "测试市测试局"


def test_expired_entry_is_never_served(write_corpus: WriteCorpus) -> None:
    corpus_dir, profile = write_corpus(
        [
            make_entry(
                "old-rule",
                question="旧政策补贴怎么申请？",
                similar_questions=["旧补贴在哪领", "老政策补贴还能申请吗", "以前的补贴怎么办"],
                keywords=["旧政策", "补贴"],
                valid_from=date(2020, 1, 1),
                valid_until=date(2024, 12, 31),
            ),
            make_entry("current-rule"),
        ]
    )
    kb = KnowledgeBase.load(corpus_dir, profile, today=TODAY)
    assert kb.get("old-rule") is None
    assert [e.id for e in kb] == ["current-rule"]
    for question in ("旧政策补贴怎么申请？", "旧补贴在哪领", "旧政策补贴"):
        result = kb.ask(question)
        assert result.faq_id != "old-rule"
        assert "old-rule" not in [s.faq_id for s in result.suggestions]

    # The same corpus on a date inside the window serves it.
    earlier = KnowledgeBase.load(corpus_dir, profile, today=date(2024, 6, 1))
    assert earlier.ask("旧政策补贴怎么申请？").faq_id == "old-rule"


def test_entry_not_yet_valid_is_not_served(write_corpus: WriteCorpus) -> None:
    corpus_dir, profile = write_corpus([make_entry("future", valid_from=date(2030, 1, 1))])
    kb = KnowledgeBase.load(corpus_dir, profile, today=TODAY)
    assert kb.get("future") is None
    assert len(kb) == 0
    assert kb.ask("future测试问题怎么办理？").decision == "none"


def test_missing_placeholder_fails_loading(write_corpus: WriteCorpus) -> None:
    corpus_dir, profile = write_corpus(
        [make_entry("needs-phone", answer="请拨打{gjj_hotline}咨询{city_name}公积金中心。")]
    )
    with pytest.raises(PlaceholderError) as excinfo:
        KnowledgeBase.load(corpus_dir, profile, today=TODAY)
    message = str(excinfo.value)
    assert "{gjj_hotline}" in message
    assert "needs-phone" in message and "answer" in message
    assert "{city_name}" not in message


def test_missing_placeholder_fails_even_for_expired_entry(write_corpus: WriteCorpus) -> None:
    corpus_dir, profile = write_corpus(
        [make_entry("old", answer="拨打{old_phone}", valid_until=date(2021, 1, 1))]
    )
    with pytest.raises(PlaceholderError, match="old_phone"):
        KnowledgeBase.load(corpus_dir, profile, today=TODAY)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"topic": "交通"}, "not one of the 15"),
        ({"similar_questions": ["只有一个", "两个"]}, "at least 3"),
        ({"answer": "很长" * 151}, "max 300"),
        ({"id": "Bad_ID"}, "kebab-case"),
        ({"department": None}, "missing required field 'department'"),
        ({"similar_question": ["a", "b", "c"]}, "unknown field 'similar_question'"),
        ({"valid_from": "2024-13-01"}, "not a YYYY-MM-DD date"),
        ({"valid_from": date(2025, 1, 1), "valid_until": date(2024, 1, 1)}, "before valid_from"),
        ({"keywords": "公积金"}, "keywords must be a list"),
    ],
)
def test_authoring_mistakes_fail_loading(
    write_corpus: WriteCorpus, overrides: dict[str, object], expected: str
) -> None:
    corpus_dir, profile = write_corpus([make_entry("broken", **overrides)])
    with pytest.raises(CorpusError, match=expected):
        KnowledgeBase.load(corpus_dir, profile, today=TODAY)


def test_answer_length_is_checked_after_rendering(write_corpus: WriteCorpus) -> None:
    corpus_dir, profile = write_corpus(
        [make_entry("short-raw", answer="详见{long_text}")],
        {"city_name": "测试市", "long_text": "长" * 299},
    )
    with pytest.raises(CorpusError, match="301 characters after rendering"):
        KnowledgeBase.load(corpus_dir, profile, today=TODAY)


def test_duplicate_ids_and_questions_fail_loading(write_corpus: WriteCorpus) -> None:
    twin = make_entry("twin")
    other = make_entry("other", similar_questions=["twin问法一", "别的问法", "另一个问法"])
    corpus_dir, profile = write_corpus([twin, dict(twin), other])
    with pytest.raises(CorpusError) as excinfo:
        KnowledgeBase.load(corpus_dir, profile, today=TODAY)
    assert "duplicate id" in str(excinfo.value)
    assert "duplicates one in twin" in str(excinfo.value)


def test_all_problems_are_reported_together(write_corpus: WriteCorpus) -> None:
    corpus_dir, profile = write_corpus(
        [make_entry("one", topic="无此类别"), make_entry("two", answer="{nope}")]
    )
    with pytest.raises(PlaceholderError) as excinfo:
        KnowledgeBase.load(corpus_dir, profile, today=TODAY)
    assert "2 problem(s)" in str(excinfo.value)


def test_bad_city_profile_fails_loading(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    corpus_dir, profile = write_corpus([make_entry("alpha")])
    profile.write_text(yaml.safe_dump({"city_name": ""}), encoding="utf-8")
    with pytest.raises(CorpusError, match="city_name: value is empty"):
        KnowledgeBase.load(corpus_dir, profile, today=TODAY)
    with pytest.raises(CorpusError, match="cannot read city profile"):
        KnowledgeBase.load(corpus_dir, tmp_path / "missing.yaml", today=TODAY)


def test_missing_or_empty_corpus_dir_fails(tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text("city_name: 测试市\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="does not exist"):
        KnowledgeBase.load(tmp_path / "nope", profile)
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match=r"no \.yaml files"):
        KnowledgeBase.load(tmp_path / "empty", profile)


def test_phone_numbers_stay_text(write_corpus: WriteCorpus) -> None:
    corpus_dir, profile = write_corpus(
        [make_entry("phone", answer="拨打{phone}")], {"city_name": "测试市", "phone": "012345"}
    )
    entry = KnowledgeBase.load(corpus_dir, profile, today=TODAY).get("phone")
    assert entry is not None and entry.answer == "拨打012345"
