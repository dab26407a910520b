"""The seed corpus and city profile obey the authoring rules.

These checks read the YAML directly (not only through the loader) so that a
loader bug cannot hide a corpus mistake.
"""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge_faq import DEFAULT_CITY_PROFILE, DEFAULT_CORPUS_DIR, TOPICS, KnowledgeBase

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _raw_entries() -> list[tuple[str, dict[str, Any]]]:
    entries = []
    for path in sorted(Path(DEFAULT_CORPUS_DIR).glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            entries.append((path.name, entry))
    return entries


RAW = _raw_entries()
PROFILE: dict[str, Any] = yaml.safe_load(Path(DEFAULT_CITY_PROFILE).read_text(encoding="utf-8"))


def _render(text: str) -> str:
    return PLACEHOLDER.sub(lambda m: str(PROFILE[m.group(1)]), text)


def test_corpus_size_and_spread() -> None:
    """At least 400 entries (issue #3), spread over the service areas."""
    files = {name for name, _ in RAW}
    assert len(RAW) >= 400
    assert len(files) >= 12


def test_ids_are_unique_and_kebab_case() -> None:
    ids = [entry["id"] for _, entry in RAW]
    assert len(ids) == len(set(ids))
    for entry_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry_id), entry_id


@pytest.mark.parametrize(("file_name", "entry"), RAW, ids=[e["id"] for _, e in RAW])
def test_entry_is_valid(file_name: str, entry: dict[str, Any]) -> None:
    for field in ("question", "answer", "topic", "department"):
        assert isinstance(entry.get(field), str) and entry[field].strip(), field
    assert len(entry["similar_questions"]) >= 3
    assert len(set(entry["similar_questions"])) == len(entry["similar_questions"])
    assert entry["topic"] in TOPICS
    assert len(TOPICS) == 15
    texts = [entry["question"], entry["answer"], entry["department"], *entry["similar_questions"]]
    for text in texts:
        missing = set(PLACEHOLDER.findall(text)) - PROFILE.keys()
        assert not missing, f"{file_name}:{entry['id']} uses undefined {missing}"
    assert len(_render(entry["answer"].strip())) <= 300
    assert "{" not in _render(entry["answer"])


def test_no_question_is_shared_between_entries() -> None:
    seen: dict[str, str] = {}
    for _, entry in RAW:
        for question in [entry["question"], *entry["similar_questions"]]:
            assert seen.setdefault(question, entry["id"]) == entry["id"], question


def test_required_service_areas_are_covered() -> None:
    ids = {entry["id"] for _, entry in RAW}
    for prefix, minimum in {
        "gjj-": 4,
        "si-": 4,
        "mi-": 4,
        "hh-": 4,
        "exit-": 2,
        "traffic-": 3,
        "hotline-": 4,
    }.items():
        assert sum(i.startswith(prefix) for i in ids) >= minimum, prefix


def test_hotline_scope_points_to_emergency_numbers(kb: KnowledgeBase) -> None:
    entry = kb.get("hotline-scope")
    assert entry is not None
    for number in ("110", "119", "120", "122"):
        assert number in entry.answer


def test_default_city_profile_is_obviously_fictional() -> None:
    assert PROFILE["city_name"] == "示例市"
    for key, value in PROFILE.items():
        if key.endswith("hotline"):
            assert str(value).startswith("0000-"), key
        if "address" in key or key.endswith("office"):
            assert "示例" in str(value), key
        assert "http" not in str(value) or "example.org" in str(value), key


def test_loaded_entries_match_raw_corpus(kb: KnowledgeBase) -> None:
    assert len(kb) == len(RAW)
    for _, raw in RAW:
        entry = kb.get(raw["id"])
        assert entry is not None
        assert "{" not in entry.answer and "}" not in entry.answer
        assert "示例市" in entry.department or "{" not in raw["department"]
        assert len(entry.answer) <= 300
