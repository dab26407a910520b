"""``hotline classify``: triage JSON lines from standard input.

It runs :func:`bot.triage.classify.classify_many`, the same code the
conversation uses when it opens a work order. Each input line
``{"text": "..."}`` gives one output line in the same order; a line that is
not such an object gives ``{"error": "..."}`` instead, and the run goes on.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any, TextIO

import click

BATCH = 256


def _parse(line: str) -> str | dict[str, str]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"error": f"not JSON: {exc.msg}"}
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        return {"error": 'expected an object with a "text" string'}
    if not row["text"].strip():
        return {"error": "empty text"}
    return str(row["text"])


def _flush(pending: list[str | dict[str, str]], out: TextIO, classify: Any) -> None:
    texts = [item for item in pending if isinstance(item, str)]
    results = iter(classify(texts))
    for item in pending:
        record = item if isinstance(item, dict) else next(results).as_json()
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()


@click.command()
@click.option("--quiet", is_flag=True, help="No progress or summary on standard error.")
def classify(quiet: bool) -> None:
    """Classify JSON lines {"text": ...} from standard input.

    Writes one JSON line per input line to standard output:
    {"request_type", "urgency", "emergency", "topic", "topic_path",
    "department", "confidence"}, or {"error"} for a malformed line.
    The model is trained on first use (a few seconds) and cached.

    Example: echo '{"text": "楼下烧烤店油烟太大"}' | hotline classify
    """
    from bot.services.triage import triager
    from bot.triage.classify import classify_many

    started = time.perf_counter()
    loaded = triager()

    def run(texts: list[str]) -> list[Any]:
        return classify_many(texts, loaded.model, loaded.taxonomy)

    pending: list[str | dict[str, str]] = []
    count = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        pending.append(_parse(line))
        count += 1
        if len(pending) >= BATCH:
            _flush(pending, sys.stdout, run)
            pending.clear()
            if not quiet:
                click.echo(f"\r{count} classified", err=True, nl=False)
    _flush(pending, sys.stdout, run)
    if not quiet:
        seconds = time.perf_counter() - started
        click.echo(f"\r{count} classified in {seconds:.1f} s", err=True)
