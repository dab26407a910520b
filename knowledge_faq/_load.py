"""Read, validate and render the YAML corpus.

The corpus is edited by hand by non-programmers, so the loader checks every
rule an author can break (schema, topic list, answer length after rendering,
undefined placeholders, duplicate ids or questions) and reports all problems
at once, naming file, entry and field, rather than stopping at the first.
"""

import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml_rs

from ._config import MAX_ANSWER_CHARS, MIN_SIMILAR_QUESTIONS, TOPICS
from ._errors import CorpusError, PlaceholderError
from ._models import FaqEntry
from ._normalize import normalize_corpus_text
from ._profile import render

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REQUIRED = ("id", "question", "similar_questions", "answer", "topic", "department")
_OPTIONAL = ("long_answer", "source_policy", "valid_from", "valid_until", "keywords")
_ALLOWED = frozenset(_REQUIRED + _OPTIONAL)


class _Problems:
    """Collects authoring problems so they can be reported together."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.placeholder_missing = False

    def add(self, message: str) -> None:
        self.messages.append(message)

    def raise_if_any(self) -> None:
        if not self.messages:
            return
        error = PlaceholderError if self.placeholder_missing else CorpusError
        raise error(
            f"{len(self.messages)} problem(s) in the FAQ corpus:\n  " + "\n  ".join(self.messages)
        )


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Return the corpus YAML files in a stable order."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus directory {corpus_dir} does not exist")
    files = sorted([*corpus_dir.glob("*.yaml"), *corpus_dir.glob("*.yml")])
    if not files:
        raise CorpusError(f"corpus directory {corpus_dir} contains no .yaml files")
    return files


def load_corpus(corpus_dir: Path, profile: Mapping[str, str]) -> list[FaqEntry]:
    """Load every entry of every corpus file, rendered with ``profile``.

    All entries are validated, including expired ones: an entry that is wrong
    today will be wrong when someone extends its validity. Filtering by date is
    the caller's job.
    """
    problems = _Problems()
    entries: list[FaqEntry] = []
    for path in corpus_files(corpus_dir):
        for index, raw in enumerate(_read_list(path, problems)):
            entry = _parse_entry(raw, f"{path.name}[{index}]", path.name, profile, problems)
            if entry is not None:
                entries.append(entry)
    _check_uniqueness(entries, problems)
    problems.raise_if_any()
    return entries


def _read_list(path: Path, problems: _Problems) -> list[Any]:
    """One corpus file's entries.

    Parsed by yaml-rs (Rust): about nine times faster than PyYAML with
    libyaml, the same values on this corpus, YAML 1.2 (so ``yes`` in an
    answer stays text), no Python-object tags, and a duplicated key in an
    entry is an error instead of silently keeping the last one.
    """
    try:
        data = yaml_rs.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml_rs.YAMLDecodeError) as exc:
        problems.add(f"{path.name}: cannot parse: {exc}")
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.add(f"{path.name}: top level must be a list of entries")
        return []
    return data


def _parse_entry(
    raw: Any, where: str, file_name: str, profile: Mapping[str, str], problems: _Problems
) -> FaqEntry | None:
    if not isinstance(raw, dict):
        problems.add(f"{where}: entry must be a mapping")
        return None
    if isinstance(raw.get("id"), str):
        where = f"{file_name}:{raw['id']}"
    start = len(problems.messages)

    for key in sorted(set(raw) - _ALLOWED, key=str):
        problems.add(f"{where}: unknown field {key!r}")
    for key in _REQUIRED:
        if raw.get(key) in (None, "", []):
            problems.add(f"{where}: missing required field {key!r}")
    if len(problems.messages) > start:
        return None

    def text(key: str) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            problems.add(f"{where}: {key} must be non-empty text")
            return None
        try:
            return render(value.strip(), profile, f"{where}: {key}")
        except PlaceholderError as exc:
            problems.placeholder_missing = True
            problems.add(str(exc))
            return None

    def text_list(key: str) -> tuple[str, ...]:
        value = raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.add(f"{where}: {key} must be a list of non-empty texts")
            return ()
        rendered = []
        for i, item in enumerate(value):
            try:
                rendered.append(render(item.strip(), profile, f"{where}: {key}[{i}]"))
            except PlaceholderError as exc:
                problems.placeholder_missing = True
                problems.add(str(exc))
        return tuple(rendered)

    entry_id = raw["id"]
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        problems.add(f"{where}: id {entry_id!r} must be kebab-case (a-z, 0-9, '-')")
    question = text("question")
    similar = text_list("similar_questions")
    if len(similar) < MIN_SIMILAR_QUESTIONS:
        problems.add(f"{where}: needs at least {MIN_SIMILAR_QUESTIONS} similar_questions")
    answer = text("answer")
    if answer is not None and len(answer) > MAX_ANSWER_CHARS:
        problems.add(
            f"{where}: answer is {len(answer)} characters after rendering (max {MAX_ANSWER_CHARS})"
        )
    topic = raw["topic"]
    if topic not in TOPICS:
        problems.add(f"{where}: topic {topic!r} is not one of the 15 first-level topics")
    department = text("department")
    long_answer = text("long_answer")
    source_policy = text("source_policy")
    keywords = text_list("keywords")
    valid_from = _date(raw.get("valid_from"), f"{where}: valid_from", problems)
    valid_until = _date(raw.get("valid_until"), f"{where}: valid_until", problems)
    if valid_from and valid_until and valid_until < valid_from:
        problems.add(f"{where}: valid_until is before valid_from")

    if len(problems.messages) > start or question is None or answer is None or department is None:
        return None
    return FaqEntry(
        id=entry_id,
        question=question,
        similar_questions=similar,
        answer=answer,
        topic=topic,
        department=department,
        keywords=keywords,
        long_answer=long_answer,
        source_policy=source_policy,
        valid_from=valid_from,
        valid_until=valid_until,
        source_file=file_name,
    )


def _date(value: Any, where: str, problems: _Problems) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):  # PyYAML already parsed YYYY-MM-DD
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.add(f"{where}: {value!r} is not a YYYY-MM-DD date")
    return None


def _check_uniqueness(entries: list[FaqEntry], problems: _Problems) -> None:
    """Reject duplicate ids and question variants shared by two entries.

    A variant shared by two entries makes retrieval a coin toss between them.
    """
    seen_ids: dict[str, str] = {}
    seen_questions: dict[str, str] = {}
    for entry in entries:
        if entry.id in seen_ids:
            problems.add(
                f"{entry.source_file}:{entry.id}: duplicate id (also in {seen_ids[entry.id]})"
            )
        seen_ids.setdefault(entry.id, entry.source_file or "?")
        for variant in (entry.question, *entry.similar_questions):
            key = normalize_corpus_text(variant)
            owner = seen_questions.setdefault(key, entry.id)
            if owner != entry.id:
                problems.add(
                    f"{entry.source_file}:{entry.id}: question {variant!r} "
                    f"duplicates one in {owner}"
                )
