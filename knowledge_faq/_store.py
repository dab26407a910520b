"""Editing a live knowledge-base directory: import, add, edit, retire.

Every change is validated against the whole corpus before anything is
written (the same rules the loader enforces), then each changed file is
replaced atomically, so a running service never reads a half-written file
and never loads a corpus that breaks a rule.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ._errors import CorpusError
from ._kb import KnowledgeBase
from ._live import ensure_kb_dir, kb_paths

# Columns of an import file (CSV header, or keys of JSON/YAML objects).
IMPORT_FIELDS = (
    "id",
    "question",
    "similar_questions",
    "answer",
    "long_answer",
    "topic",
    "department",
    "source_policy",
    "valid_from",
    "valid_until",
    "keywords",
)
LIST_FIELDS = ("similar_questions", "keywords")
# In CSV cells, list fields are separated by this character.
LIST_SEPARATOR = "|"

RawEntry = dict[str, Any]


def read_import_file(path: Path) -> list[RawEntry]:
    """Entries from a ``.csv``, ``.json``, ``.jsonl``, ``.yaml`` or ``.yml`` file."""
    suffix = path.suffix.lower()
    text = path.read_text(encoding="utf-8-sig")
    if suffix == ".csv":
        rows: list[RawEntry] = list(csv.DictReader(text.splitlines()))
    elif suffix == ".jsonl":
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    elif suffix == ".json":
        data = json.loads(text)
        rows = data if isinstance(data, list) else data.get("entries", [])
    elif suffix in (".yaml", ".yml"):
        data = yaml.safe_load(text) or []
        rows = data if isinstance(data, list) else data.get("entries", [])
    else:
        raise CorpusError(f"{path}: unsupported file type {suffix!r} (csv, json, jsonl, yaml)")
    return [_clean(row, f"{path.name} row {n}") for n, row in enumerate(rows, start=1)]


def _clean(row: Any, where: str) -> RawEntry:
    if not isinstance(row, dict):
        raise CorpusError(f"{where}: expected an object with columns {', '.join(IMPORT_FIELDS)}")
    unknown = set(row) - set(IMPORT_FIELDS)
    if unknown:
        raise CorpusError(f"{where}: unknown column(s) {sorted(unknown)}")
    entry: RawEntry = {}
    for key in IMPORT_FIELDS:
        value = row.get(key)
        if value in (None, ""):
            continue
        if key in LIST_FIELDS and isinstance(value, str):
            value = [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
        if key in ("valid_from", "valid_until") and isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                raise CorpusError(f"{where}: {key} must be YYYY-MM-DD, got {value!r}") from None
        entry[key] = value.strip() if isinstance(value, str) else value
    if "id" not in entry:
        raise CorpusError(f"{where}: every entry needs an id")
    return entry


class KbStore:
    """The YAML files of one live knowledge-base directory."""

    def __init__(self, kb_dir: Path) -> None:
        self.kb_dir = ensure_kb_dir(kb_dir)
        self.corpus_dir, self.profile = kb_paths(self.kb_dir)

    def _read(self) -> dict[Path, list[RawEntry]]:
        files: dict[Path, list[RawEntry]] = {}
        for path in sorted(self.corpus_dir.glob("*.y*ml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            files[path] = list(data)
        return files

    def entries(self) -> list[RawEntry]:
        """Every entry as written, expired ones included."""
        return [entry for rows in self._read().values() for entry in rows]

    def upsert(self, incoming: list[RawEntry], *, new_file: str) -> tuple[int, int]:
        """Update entries with known ids, add the rest to ``new_file``.

        Returns:
            How many entries were added and how many updated.
        """
        files = self._read()
        where = {e["id"]: (path, i) for path, rows in files.items() for i, e in enumerate(rows)}
        target = self.corpus_dir / new_file
        added = updated = 0
        changed: set[Path] = set()
        for entry in incoming:
            if entry["id"] in where:
                path, index = where[entry["id"]]
                files[path][index] = {**files[path][index], **entry}
                updated += 1
            else:
                path = target
                files.setdefault(target, []).append(entry)
                where[entry["id"]] = (target, len(files[target]) - 1)
                added += 1
            changed.add(path)
        self._commit(files, changed)
        return added, updated

    def update(self, faq_id: str, changes: RawEntry) -> None:
        """Change fields of one entry (``None`` removes an optional field)."""
        files = self._read()
        for path, rows in files.items():
            for entry in rows:
                if entry.get("id") == faq_id:
                    entry.update(changes)
                    for key in [k for k, v in changes.items() if v is None]:
                        entry.pop(key, None)
                    self._commit(files, {path})
                    return
        raise CorpusError(f"no entry with id {faq_id!r}")

    def retire(self, faq_id: str, *, on: date) -> None:
        """Stop serving an entry from ``on``: it stays on file as history."""
        self.update(faq_id, {"valid_until": on})

    def _commit(self, files: dict[Path, list[RawEntry]], changed: set[Path]) -> None:
        """Validate the whole corpus as it would be, then swap the changed files in.

        Untouched files are copied to the trial as they are, so their comments
        and layout survive; only changed files are rewritten.
        """
        with tempfile.TemporaryDirectory() as scratch:
            trial = Path(scratch) / "corpus"
            trial.mkdir()
            for path, rows in files.items():
                if path in changed:
                    _dump(trial / path.name, rows)
                else:
                    shutil.copyfile(path, trial / path.name)
            KnowledgeBase.load(corpus_dir=trial, city_profile=self.profile)
            for path in changed:
                _replace(path, trial / path.name)


def _dump(path: Path, rows: list[RawEntry]) -> None:
    path.write_text(
        yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )


def _replace(path: Path, source: Path) -> None:
    staging = path.with_name(f".{path.name}.tmp")
    shutil.copyfile(source, staging)
    os.replace(staging, path)
