"""Labelled messages for training and measuring triage.

Two sources:

* messages written for the project (``nlu_data/triage/*.jsonl``), in the
  repository;
* the 4,326 real citizen messages of ``../shared/data/citizen_messages.csv``
  and the 2,779 of ``message_reply_pairs.csv`` that are not repeats of them,
  labelled by id in ``nlu_data/triage_labels/``. Their text is never copied
  into the repository; it is read from the shared directory
  (``HOTLINE_SHARED_DIR``, by default ``../shared`` beside the checkout), and
  when that is absent, training falls back to the written messages alone.
  The official replies to the training split's messages are training text
  too (``reply_messages``).

A real message belongs to the validation split by a hash of its text, not
of its id: the same complaint posted twice under two ids lands on the same
side, so nothing leaks from training into validation.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
WRITTEN_DIR = REPO_DIR / "nlu_data" / "triage"
LABELS_DIR = REPO_DIR / "nlu_data" / "triage_labels"
# The validation split was labelled twice, blind; where the two disagreed an
# adjudicator decided, and the decision is the gold label.
REVIEW_DIR = LABELS_DIR / "review"
SECOND_ANNOTATION = REVIEW_DIR / "second_annotation.jsonl"
ADJUDICATED = REVIEW_DIR / "adjudicated.jsonl"
WRITTEN_TRAINING_PATTERN = "train_*.jsonl"
# Emergencies and look-alikes the emergency model learns from. Each held-out
# set, by other writers, measured the rules and the model once while it was
# fresh; its mistakes then taught the rules, and it became a development set
# (``emergency_dev_*``) that the model also learns from. The held-out files
# (``emergency_heldout*.jsonl``) are only ever used to measure.
EMERGENCY_TRAINING_PATTERNS = (
    "emergencies.jsonl",
    "emergency_lookalikes.jsonl",
    "emergency_train_*.jsonl",
    "emergency_dev_*.jsonl",
)
EMERGENCY_HELDOUT_PATTERN = "emergency_heldout*.jsonl"
VALIDATION_PERCENT = 25
# The real messages, in ``../shared/data``: the board's messages, and more of
# them with the official reply.
REAL_MESSAGE_FILES = ("citizen_messages.csv", "message_reply_pairs.csv")


@dataclass(frozen=True, slots=True)
class Labelled:
    """One message with its triage labels; ``source`` is "written", "real" or "reply"."""

    text: str
    request_type: str | None
    urgency: str | None
    emergency: str | None
    topic: str | None
    topic_l2: str | None
    source: str


def shared_dir() -> Path:
    """Where ``../shared`` is: ``$HOTLINE_SHARED_DIR`` or beside the checkout."""
    return Path(os.environ.get("HOTLINE_SHARED_DIR") or REPO_DIR.parent / "shared")


def in_validation(text: str) -> bool:
    """Whether a real message is kept apart for validation (about 25 %)."""
    digest = hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < VALIDATION_PERCENT


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                yield json.loads(line)
            except ValueError as exc:
                raise ValueError(f"{path.name}:{number}: not JSON: {exc}") from exc


def _labelled(row: dict[str, object], text: str, source: str) -> Labelled:
    def value(key: str) -> str | None:
        found = row.get(key)
        return None if found is None else str(found)

    return Labelled(
        text=text,
        request_type=value("request_type"),
        urgency=value("urgency"),
        emergency=value("emergency"),
        topic=value("topic"),
        topic_l2=value("topic_l2"),
        source=source,
    )


def written_messages(
    names: tuple[str, ...] | None = None, directory: Path = WRITTEN_DIR
) -> list[Labelled]:
    """The written messages of ``names`` (by default every ``train_*.jsonl``)."""
    if names is None:
        names = tuple(sorted(path.name for path in directory.glob(WRITTEN_TRAINING_PATTERN)))
    return [
        _labelled(row, str(row["text"]), "written")
        for name in names
        for row in _jsonl(directory / name)
    ]


def emergency_training_messages(directory: Path = WRITTEN_DIR) -> list[Labelled]:
    """Written emergencies and look-alikes for training (never the held-out file)."""
    names = sorted(
        {path.name for pattern in EMERGENCY_TRAINING_PATTERNS for path in directory.glob(pattern)}
    )
    return written_messages(tuple(names), directory)


def emergency_heldout_sets(directory: Path = WRITTEN_DIR) -> dict[str, list[Labelled]]:
    """The held-out written emergencies and look-alikes, by file, for measuring only."""
    return {
        path.stem: written_messages((path.name,), directory)
        for path in sorted(directory.glob(EMERGENCY_HELDOUT_PATTERN))
    }


def real_message_texts(
    directory: Path | None = None, files: tuple[str, ...] = REAL_MESSAGE_FILES
) -> dict[int, str]:
    """Subject and body of every real message of ``files``, by id.

    The ids of the two shared files do not overlap. ``FileNotFoundError``
    when the shared data is absent.
    """
    return {int(row["id"]): _text(row) for row in _real_rows(directory, files)}


def _real_rows(
    directory: Path | None, files: tuple[str, ...] = REAL_MESSAGE_FILES
) -> Iterator[dict[str, str]]:
    for name in files:
        path = (directory or shared_dir()) / "data" / name
        with path.open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)


def _text(row: dict[str, str]) -> str:
    return f"{row['subject']}。{row['body']}"


def _labels_by_id(path: Path) -> dict[int, dict[str, object]]:
    return {int(str(row["id"])): row for row in _jsonl(path)} if path.exists() else {}


def _first_annotation(
    directory: Path | None, texts: dict[int, str] | None = None
) -> Iterator[tuple[int, dict[str, object], str]]:
    """``(id, first labels, text)`` of every labelled real message whose text is present.

    ``texts`` are the messages by id when the caller has read them already.
    """
    if texts is None:
        texts = real_message_texts(directory)
    for path in sorted(LABELS_DIR.glob("*.jsonl")):
        for row in _jsonl(path):
            number = int(str(row["id"]))
            if number in texts:
                yield number, row, texts[number]


def real_messages(directory: Path | None = None, *, adjudicated: bool = True) -> list[Labelled]:
    """Every labelled real message with its text from the shared directory.

    With ``adjudicated`` (the default), a message the two annotators
    disagreed on carries the adjudicator's labels; without, the first
    annotation's.
    """
    decided = _labels_by_id(ADJUDICATED) if adjudicated else {}
    return [
        _labelled(decided.get(number, row), text, "real")
        for number, row, text in _first_annotation(directory)
    ]


@dataclass(frozen=True, slots=True)
class DoubleAnnotation:
    """One validation message as each annotator labelled it, and its gold label."""

    first: Labelled
    second: Labelled
    gold: Labelled  # the adjudicator's decision where they disagreed, else the first


def second_annotation(directory: Path | None = None) -> list[DoubleAnnotation]:
    """The validation messages labelled twice, blind, with their gold labels.

    Used to report how far two careful annotators agree: the fairest bar a
    model can be held to.
    """
    second = _labels_by_id(SECOND_ANNOTATION)
    decided = _labels_by_id(ADJUDICATED)
    return [
        DoubleAnnotation(
            first=_labelled(row, text, "real"),
            second=_labelled(second[number], text, "real"),
            gold=_labelled(decided.get(number, row), text, "real"),
        )
        for number, row, text in _first_annotation(directory)
        if number in second
    ]


def training_messages(directory: Path | None = None) -> tuple[list[Labelled], bool]:
    """Written messages plus the real training split; ``False`` when the real ones are absent."""
    written = written_messages()
    try:
        real = real_messages(directory)
    except FileNotFoundError:
        return written, False
    return written + [m for m in real if not in_validation(m.text)], True


def reply_messages(directory: Path | None = None) -> list[Labelled]:
    """The official replies to the real training split, labelled as the message they answer.

    A reply names the matter in the administration's own words (不动产登记,
    市场监管, 征地补偿) where the citizen described it in theirs, so it
    teaches the topic and request-type models vocabulary that the messages
    alone hold too rarely. Replies to validation messages are never used.
    Urgency and emergency are left unset: a reply is written after the fact.
    ``FileNotFoundError`` when the shared data is absent.
    """
    texts: dict[int, str] = {}
    replies: dict[int, str] = {}
    for row in _real_rows(directory):  # one pass: the texts decide the split
        number = int(row["id"])
        texts[number] = _text(row)
        replies[number] = (row.get("official_reply") or "").strip()
    decided = _labels_by_id(ADJUDICATED)
    return [
        replace(
            _labelled(decided.get(number, row), replies[number], "reply"),
            urgency=None,
            emergency=None,
        )
        for number, row, text in _first_annotation(directory, texts)
        if replies[number] and not in_validation(text)
    ]


def validation_messages(directory: Path | None = None) -> list[Labelled]:
    """The real validation split (``FileNotFoundError`` without the shared data)."""
    return [m for m in real_messages(directory) if in_validation(m.text)]
