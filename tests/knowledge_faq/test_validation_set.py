"""The validation set stays apart from the corpus, so evaluation figures mean something."""

from __future__ import annotations

import json
from pathlib import Path

from knowledge_faq import KnowledgeBase
from knowledge_faq._normalize import normalize

VALIDATION_DIR = Path(__file__).resolve().parents[2] / "knowledge_faq" / "validation"


def _lines() -> list[dict[str, str | None]]:
    return [
        json.loads(line)
        for path in sorted(VALIDATION_DIR.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_validation_set_size() -> None:
    """At least 300 in-scope and 100 out-of-scope questions (issue #3)."""
    lines = _lines()
    assert sum(r["faq_id"] is not None for r in lines) >= 300
    assert sum(r["faq_id"] is None for r in lines) >= 100


def test_validation_questions_are_never_indexed() -> None:
    """No validation question is a corpus question, and every label exists."""
    kb = KnowledgeBase.load()
    indexed = {normalize(q) for e in kb for q in (e.question, *e.similar_questions)}
    ids = {e.id for e in kb}
    for line in _lines():
        assert normalize(str(line["q"])) not in indexed, line
        assert line["faq_id"] is None or line["faq_id"] in ids, line
