"""Triage end to end on the fitted model: hotline classify and the classify code path."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.services.triage import Triager
from bot.triage.classify import classify
from bot.triage.model import TriageModel, load_model
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
