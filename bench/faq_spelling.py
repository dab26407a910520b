"""What the sound-alike mend changes in real text, and what it costs per question.

The mend (``knowledge_faq/_spelling.py``) rewrites a citizen's words, so its
precision is checked on text nobody wrote for it: the real messages of
``../shared/data`` (``citizen_messages.csv``, subject and body, and the
messages of ``message_reply_pairs.csv``) and the FAQ validation questions.
Every change is printed in context, to be read by a person; the counts are
the figures the README quotes. Then the median time of one ``correct`` call
on the first 40 and the first 300 characters of the real messages.

Usage::

    .venv/bin/python bench/faq_spelling.py [--shared DIR] [--quiet]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

from knowledge_faq import KnowledgeBase
from knowledge_faq._config import PACKAGE_DIR
from knowledge_faq._normalize import normalize
from knowledge_faq._spelling import HomophoneSpeller

REPO = Path(__file__).resolve().parents[1]
CONTEXT = 10  # characters shown before a change


def real_messages(shared: Path, name: str, fields: tuple[str, ...]) -> Iterator[str]:
    """The normalised text of each row of one shared CSV (the named fields, joined)."""
    with (shared / "data" / name).open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            yield normalize("".join(row.get(field) or "" for field in fields))


def validation_questions() -> Iterator[str]:
    """Every FAQ validation question, normalised."""
    for path in sorted(PACKAGE_DIR.glob("validation*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield normalize(json.loads(line)["q"])


def changes(speller: HomophoneSpeller, texts: list[str], quiet: bool) -> int:
    """How many of ``texts`` the mend changes; each change is printed unless ``quiet``."""
    changed = 0
    for text in texts:
        mended = speller.correct(text)
        if mended == text:
            continue
        changed += 1
        if not quiet:
            at = next(i for i, (a, b) in enumerate(zip(text, mended, strict=False)) if a != b)
            start = max(0, at - CONTEXT)
            print(f"    {text[start : at + 8]}  ->  {mended[start : at + 8]}")
    return changed


def median_microseconds(speller: HomophoneSpeller, texts: list[str]) -> float:
    """Median time of one ``correct`` call over ``texts``."""
    samples = []
    for text in texts:
        started = time.perf_counter()
        speller.correct(text)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("HOTLINE_SHARED_DIR") or REPO.parent / "shared"),
        help="the shared directory holding data/*.csv [default: $HOTLINE_SHARED_DIR or ../shared]",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the counts and times")
    args = parser.parse_args()
    if not (args.shared / "data" / "citizen_messages.csv").exists():
        parser.error(f"no data/citizen_messages.csv under {args.shared} (see --shared)")

    speller = KnowledgeBase.load()._index._speller
    sets = {
        "citizen_messages.csv": list(
            real_messages(args.shared, "citizen_messages.csv", ("subject", "body"))
        ),
        "message_reply_pairs.csv": list(
            real_messages(args.shared, "message_reply_pairs.csv", ("subject", "body"))
        ),
        "FAQ validation questions": list(validation_questions()),
    }
    for name, texts in sets.items():
        print(f"{name}:")
        print(f"  changed {changes(speller, texts, args.quiet)} of {len(texts)}")
    real = sets["citizen_messages.csv"]
    for length in (40, 300):
        pieces = [text[:length] for text in real]
        print(f"correct() on the first {length} characters: median "
              f"{median_microseconds(speller, pieces):.0f} µs")  # fmt: skip


if __name__ == "__main__":
    main()
