"""The triage configuration: what it holds, and that broken copies are refused."""

import csv
import os
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.triage.taxonomy import DEFAULT_TRIAGE_CONFIG, TaxonomyError, load_taxonomy, parse_taxonomy

SHARED_SCHEME = (
    Path(os.environ.get("HOTLINE_SHARED_DIR") or Path(__file__).resolve().parents[3] / "shared")
    / "taxonomy"
    / "topic_scheme.csv"
)


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DEFAULT_TRIAGE_CONFIG.read_text(encoding="utf-8"))
    return data


def test_default_taxonomy_has_the_issue_s_lists() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.request_types == ("咨询", "求助", "投诉", "举报", "建议", "表扬", "其他")
    assert taxonomy.urgencies == ("一般", "紧急", "特急")
    assert set(taxonomy.emergency_lines) == {"110", "119", "120", "122"}
    assert len(taxonomy.topics) == 15
    assert taxonomy.sla.working_days["咨询"] == 2
    assert taxonomy.sla.working_days["求助"] == taxonomy.sla.working_days["建议"] == 10
    assert taxonomy.sla.working_days["投诉"] == taxonomy.sla.working_days["举报"] == 15
    assert taxonomy.sla.hours == {"紧急": 24.0, "特急": 2.0}


@pytest.mark.skipif(not SHARED_SCHEME.exists(), reason=f"{SHARED_SCHEME} is not on this machine")
def test_topics_match_the_shared_classification_scheme() -> None:
    with SHARED_SCHEME.open(encoding="utf-8") as handle:
        pairs = {(row["level1"], row["level2"]) for row in csv.DictReader(handle)}
    ours = {(t.name, sub) for t in load_taxonomy().topics.values() for sub in t.level2}
    assert ours == pairs
    assert len({l1 for l1, _ in pairs}) == 15


def test_routing_uses_second_level_overrides_then_the_topic_default() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.department_for("政法", "交通管理") == "示例市公安局交通警察支队"
    assert taxonomy.department_for("政法", "户籍证件") == "示例市公安局"
    assert taxonomy.department_for("政法") == "示例市公安局"
    assert taxonomy.department_for("政法", "不存在的类别") == "示例市公安局"
    assert taxonomy.topic_path("政法", "不存在的类别") == ["政法"]
    assert taxonomy.topic_path("政法", "户籍证件") == ["政法", "户籍证件"]
    with pytest.raises(KeyError):
        taxonomy.department_for("不存在")


def _broken(change: str) -> dict[str, Any]:
    data = _raw()
    if change == "no sla for a type":
        del data["sla"]["working_days"]["咨询"]
    elif change == "negative hours":
        data["sla"]["hours"]["紧急"] = -1
    elif change == "unknown urgency":
        data["sla"]["hours"]["很急"] = 3
    elif change == "missing line":
        del data["emergency_lines"]["122"]
    elif change == "topic without department":
        del data["topics"]["民政"]["department"]
    elif change == "duplicate type":
        data["request_types"].append("咨询")
    return deepcopy(data)


@pytest.mark.parametrize(
    "change",
    [
        "no sla for a type",
        "negative hours",
        "unknown urgency",
        "missing line",
        "topic without department",
        "duplicate type",
    ],
)
def test_a_broken_configuration_is_refused_with_a_reason(change: str) -> None:
    with pytest.raises(TaxonomyError) as error:
        parse_taxonomy(_broken(change))
    assert str(error.value)


def test_the_configuration_file_can_be_replaced(tmp_path: Path, monkeypatch) -> None:
    data = _raw()
    data["topics"]["民政"]["department"] = "另一个城市民政局"
    path = tmp_path / "triage.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("HOTLINE_TRIAGE_CONFIG", str(path))
    assert load_taxonomy().department_for("民政") == "另一个城市民政局"
    monkeypatch.delenv("HOTLINE_TRIAGE_CONFIG")
    assert load_taxonomy().department_for("民政") == "示例市民政局"
