"""Unit behaviour of normalisation, tokenisation and the decision rule."""

import pytest

from knowledge_faq import _decide
from knowledge_faq._config import (
    ANSWER_MARGIN,
    ANSWER_THRESHOLD,
    MIN_ANSWER_COVERAGE,
    MIN_IN_SCOPE,
    SUGGEST_THRESHOLD,
)
from knowledge_faq._decide import decide
from knowledge_faq._normalize import normalize
from knowledge_faq._tokenize import tokenize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("護照怎麼辦理？", "护照怎么办理"),
        ("ＡＢＣ１２３４５", "abc12345"),
        ("你好，我想问一下，公积金怎么取呢？", "公积金怎么取"),
        ("麻烦问一下 身份证 丢了 啊!!", "身份证丢了"),
        ("嗯", ""),
        ("", ""),
        ("哈尔滨的居住证", "哈尔滨的居住证"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_tokenize_keeps_domain_terms_and_drops_stopwords() -> None:
    tokens = tokenize(normalize("我想问一下异地就医怎么备案"))
    assert "异地就医" in tokens and "备案" in tokens
    assert "怎么" not in tokens and "我" not in tokens


def test_tokenize_splits_compounds_into_domain_terms() -> None:
    tokens = tokenize(normalize("住房公积金"))
    assert "住房公积金" in tokens and "公积金" in tokens
    assert "积金" not in tokens  # dictionary fragment, not a concept


def test_tokenize_adds_canonical_synonyms() -> None:
    assert "驾驶证" in tokenize(normalize("驾照到期"))


def test_decide_answers_only_with_score_lead_and_coverage(monkeypatch: pytest.MonkeyPatch) -> None:
    # The calibrated coverage floor may be 0; the rule must still apply when it is not.
    monkeypatch.setattr(_decide, "MIN_ANSWER_COVERAGE", max(MIN_ANSWER_COVERAGE, 0.35))
    high = ANSWER_THRESHOLD + 0.1
    assert decide([high, high - ANSWER_MARGIN - 0.01], 1.0) == ("answer", 1)
    # Too close to the runner-up: let the caller choose.
    decision, count = decide([high, high - ANSWER_MARGIN / 2, 0.0], 1.0)
    assert decision == "suggest" and count == 2
    # A lone topic word covers too little of the matched question.
    assert decide([high, 0.0], _decide.MIN_ANSWER_COVERAGE / 2)[0] == "suggest"


def test_decide_declines_what_the_scope_classifier_rejects() -> None:
    assert decide([1.0, 0.0], 1.0, in_scope=MIN_IN_SCOPE + 0.01)[0] == "answer"
    assert decide([1.0, 0.0], 1.0, in_scope=MIN_IN_SCOPE - 0.01) == ("none", 0)


@pytest.fixture
def calibrated_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The decision constants as calibrated on 2026-12-01, whatever thresholds.yaml says."""
    for name, value in {
        "MIN_IN_SCOPE": 0.4,
        "ANSWER_THRESHOLD": 0.3,
        "ANSWER_MARGIN": 0.03,
        "SUGGEST_THRESHOLD": 0.3,
        "MIN_ANSWER_COVERAGE": 0.0,
    }.items():
        monkeypatch.setattr(_decide, name, value)


@pytest.mark.usefixtures("calibrated_rule")
def test_decide_weighs_scope_by_the_scores_of_the_first_three() -> None:
    """In scope (0.9) but no entry likely (0.35 + 0.05 + 0.02): declined, not answered."""
    assert decide([0.35, 0.05, 0.02], 1.0, in_scope=0.9) == ("none", 0)
    assert decide([0.85, 0.05, 0.02], 1.0, in_scope=0.9) == ("answer", 1)


@pytest.mark.usefixtures("calibrated_rule")
def test_decide_offers_two_neighbours_that_share_the_score() -> None:
    """Neither of two close neighbours is likely alone (0.5 x 0.48); together they are."""
    decision, count = decide([0.48, 0.47, 0.0], 1.0, in_scope=0.5)
    assert decision == "suggest" and count == 2


def test_decide_suggests_two_or_three() -> None:
    # Close candidates (a lead below ANSWER_MARGIN) are offered, not answered.
    top = max(SUGGEST_THRESHOLD, ANSWER_THRESHOLD) + 0.01
    assert decide([top, top - 0.01, top - 0.02, top - 0.03], 1.0) == ("suggest", 3)
    assert decide([top, top - ANSWER_MARGIN / 2, 0.0], 1.0) == ("suggest", 2)


def test_decide_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_decide, "MIN_ANSWER_COVERAGE", max(MIN_ANSWER_COVERAGE, 0.35))
    assert decide([], 1.0) == ("none", 0)
    assert decide([SUGGEST_THRESHOLD - 0.01, 0.0], 1.0) == ("none", 0)
    assert decide([0.99], 0.1) == ("none", 0)
