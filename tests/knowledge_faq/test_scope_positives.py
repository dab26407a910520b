"""Written in-scope questions: loaded safely, never BM25 documents, never validation lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge_faq import CorpusError
from knowledge_faq._config import SCOPE_POSITIVES_PATH
from knowledge_faq._scope import load_scope_positives

from .conftest import validation_questions


def test_the_bundled_file_names_only_real_entries_and_no_validation_question() -> None:

    import yaml

    from knowledge_faq._config import PACKAGE_DIR

    positives = load_scope_positives(SCOPE_POSITIVES_PATH)
    ids = {
        entry["id"]
        for path in (PACKAGE_DIR / "corpus").glob("*.yaml")
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []
    }
    assert positives and set(positives) <= ids
    assert all(len(questions) >= 3 for questions in positives.values())
    written = yaml.safe_load(SCOPE_POSITIVES_PATH.read_text(encoding="utf-8"))["entries"]
    validation = validation_questions()
    assert not validation & {q for questions in written.values() for q in questions}


def test_an_absent_file_means_none(tmp_path: Path) -> None:
    assert load_scope_positives(tmp_path / "absent.yaml") == {}


def test_a_malformed_file_is_a_corpus_error(tmp_path: Path) -> None:
    path = tmp_path / "positives.yaml"
    path.write_text("entries: [不是, 映射]\n", encoding="utf-8")
    with pytest.raises(CorpusError):
        load_scope_positives(path)


def test_written_questions_are_not_indexed_variants() -> None:
    """They teach scope and ranking; none is also a question variant of the corpus."""
    import yaml

    from knowledge_faq._config import PACKAGE_DIR

    variants = {
        question
        for path in (PACKAGE_DIR / "corpus").glob("*.yaml")
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for question in [entry["question"], *(entry.get("similar_questions") or [])]
    }
    written = yaml.safe_load(SCOPE_POSITIVES_PATH.read_text(encoding="utf-8"))["entries"]
    assert not variants & {q for questions in written.values() for q in questions}
