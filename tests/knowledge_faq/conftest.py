"""Shared fixtures for the FAQ knowledge-base tests.

Loading builds jieba's dictionary once per process (about a second), so the
seed knowledge base is built once per session and shared read-only.
"""

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge_faq import KnowledgeBase
from knowledge_faq._config import PACKAGE_DIR

# A fixed date keeps the tests independent of the calendar: every seed entry
# is valid on it.
TODAY = date(2026, 6, 1)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The bundled seed corpus rendered with the fictional city profile."""
    return KnowledgeBase.load(today=TODAY)


def validation_questions() -> set[str]:
    """Every question of both validation folders: never trained on, never indexed."""
    return {
        json.loads(line)["q"]
        for folder in ("validation", "validation_fresh")
        for path in (PACKAGE_DIR / folder).glob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }


def make_entry(entry_id: str, **overrides: Any) -> dict[str, Any]:
    """Return a valid corpus entry; ``overrides`` replace single fields."""
    entry: dict[str, Any] = {
        "id": entry_id,
        "question": f"{entry_id}测试问题怎么办理？",
        "similar_questions": [f"{entry_id}问法一", f"{entry_id}问法二", f"{entry_id}问法三"],
        "answer": "请到{city_name}政务服务中心办理。",
        "topic": "党务政务",
        "department": "{city_name}测试局",
        "valid_from": date(2024, 1, 1),
        "keywords": ["测试"],
    }
    entry.update(overrides)
    return entry


WriteCorpus = Callable[..., tuple[Path, Path]]


@pytest.fixture
def write_corpus(tmp_path: Path) -> WriteCorpus:
    """Write a temporary corpus directory and city profile; return both paths."""

    def write(
        entries: list[dict[str, Any]], profile: dict[str, str] | None = None
    ) -> tuple[Path, Path]:
        corpus_dir = tmp_path / "corpus"
        corpus_dir.mkdir(exist_ok=True)
        (corpus_dir / "test.yaml").write_text(
            yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8"
        )
        profile_path = tmp_path / "city_profile.yaml"
        profile_path.write_text(
            yaml.safe_dump(profile or {"city_name": "测试市"}, allow_unicode=True),
            encoding="utf-8",
        )
        return corpus_dir, profile_path

    return write
