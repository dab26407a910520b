"""Triage end to end on the fitted model: hotline classify and the classify code path."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.services.triage import Triager
from bot.triage.classify import EMERGENCY_RULE_VETO, classify, classify_many
from bot.triage.emergency import detect_emergency
from bot.triage.model import ModelPrediction, TriageModel, load_model
from bot.triage.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TriageModel]:
    """The model on the written data only (no shared real messages), cached per run."""
    cache = tmp_path_factory.mktemp("triage-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("HOTLINE_SHARED_DIR", str(tmp_path_factory.mktemp("no-shared")))
    try:
        yield load_model(cache)
    finally:
        patch.undo()


def test_a_noise_complaint_goes_to_the_environment_bureau(model: TriageModel) -> None:
    triage = classify(
        "楼下烧烤店天天开到凌晨两点，油烟和噪音吵得全家睡不着，投诉好几次都没人管",
        model,
        load_taxonomy(),
    )
    assert triage.topic == "环境保护"
    assert triage.department == load_taxonomy().department_for(*triage.topic_path)
    assert triage.request_type == "投诉"
    assert triage.emergency is None


def test_an_emergency_is_always_most_urgent(model: TriageModel) -> None:
    triage = classify("救命 厨房着火了 火好大", model, load_taxonomy())
    assert triage.emergency == "119"
    assert triage.urgency == "特急"


def test_entities_come_with_the_classification(model: TriageModel) -> None:
    triage = classify(
        "东湖区青石街道枫林小区门口的路灯坏了，电话13800000000", model, load_taxonomy()
    )
    assert triage.entities.phones == ["13800000000"]
    assert triage.entities.address is not None
    assert triage.entities.address.district == "东湖区"


def test_classify_cli_answers_every_line_in_order(
    model: TriageModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.services.triage.triager", lambda: Triager(model, load_taxonomy()))
    lines = [
        {"text": "请问孩子上小学要准备哪些材料"},
        "not json",
        {"no_text": 1},
        {"text": "   "},
        {"text": "路口两辆车撞了 有人躺在地上流血"},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
    result = CliRunner().invoke(main, ["classify", "--quiet"], input=stdin + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == 5
    assert [("error" in row) for row in out] == [False, True, True, True, False]
    taxonomy = load_taxonomy()
    for row in (out[0], out[4]):
        assert set(row) == {
            "request_type",
            "urgency",
            "emergency",
            "topic",
            "topic_path",
            "department",
            "confidence",
        }
        assert row["request_type"] in taxonomy.request_types
        assert row["urgency"] in taxonomy.urgencies
        assert row["topic"] in taxonomy.topics and row["topic_path"][0] == row["topic"]
        assert 0 <= row["confidence"] <= 1
    assert out[4]["emergency"] == "122"


def test_a_lone_surrogate_is_classified_not_a_crash(model: TriageModel) -> None:
    """ "\ud800" is valid JSON; OpenCC's C++ code must never see it."""
    triage = classify("楼下\ud800烧烤店油烟太大", model, load_taxonomy())
    assert triage.topic in load_taxonomy().topics


class _FixedModel:
    """A test double: every message gets the same emergency probability."""

    def __init__(self, probability: float) -> None:
        self.probability = probability

    def predict(self, texts: list[str]) -> list[ModelPrediction]:
        return [
            ModelPrediction(
                topic="城乡建设",
                topic_confidence=0.9,
                topic_l2=None,
                request_type="投诉",
                request_type_confidence=0.9,
                urgency="一般",
                emergency="119",
                emergency_probability=self.probability,
            )
            for _ in texts
        ]


@pytest.mark.parametrize(
    ("probability", "line"),
    [(0.0, None), (EMERGENCY_RULE_VETO / 2, None), (EMERGENCY_RULE_VETO, "119"), (0.05, "119")],
)
def test_the_model_sets_aside_a_rule_alarm_only_below_the_veto(
    probability: float, line: str | None
) -> None:
    """Rules raise "着火了"; only a model that gives it almost no chance sets it aside."""
    fake = cast(TriageModel, _FixedModel(probability))
    triage = classify_many(["厨房着火了"], fake, load_taxonomy())[0]
    assert triage.emergency == line
    assert (triage.urgency == "特急") == (line is not None)


@pytest.mark.parametrize(
    "text",
    [
        "救命，钓了一早上鱼一条没上钩",
        "爬了一天山，腿都断了，明天还要上班",
    ],
)
def test_the_fitted_model_sets_aside_rule_words_in_everyday_talk(
    model: TriageModel, text: str
) -> None:
    """The rules read an emergency word; the model, trained on look-alikes, knows better."""
    assert detect_emergency(text) is not None  # the rules alone would raise it
    assert classify(text, model, load_taxonomy()).emergency is None
