"""``hotline ask`` and ``hotline kb``: the knowledge base from the command line.

The knowledge base is data: these commands change the YAML files of the live
directory (``HOTLINE_KB_DIR``, default ``var/kb``) and a running service picks
the change up within a second, without retraining or restarting.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from bot.config import Settings
from knowledge_faq import (
    Answer,
    CorpusError,
    KbStore,
    KnowledgeBase,
    LiveKnowledgeBase,
    read_import_file,
    written_question_count,
)


def load_kb(kb: Path | None) -> KnowledgeBase:
    """The live knowledge base, or ``--kb`` (a directory or an import file) in isolation."""
    try:
        if kb is None:
            return LiveKnowledgeBase(Settings.from_env().kb_dir).current
        if kb.is_dir():
            corpus = kb / "corpus" if (kb / "corpus").is_dir() else kb
            profile = kb / "city_profile.yaml"
            return KnowledgeBase.load(
                corpus_dir=corpus, city_profile=profile if profile.exists() else None
            )
        return _kb_from_file(kb)
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc


def _kb_from_file(path: Path) -> KnowledgeBase:
    import tempfile

    import yaml

    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch)
        rows = [{**r, "valid_from": r.get("valid_from")} for r in read_import_file(path)]
        (corpus / "imported.yaml").write_text(
            yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        return KnowledgeBase.load(corpus_dir=corpus)


def _emit_answer(answer: Answer, question: str, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"q": question, **answer.to_dict()}, ensure_ascii=False))
        return
    click.echo(f"{answer.decision}  (score {answer.score:.2f})")
    if answer.decision == "answer":
        click.echo(f"[{answer.faq_id}] {answer.question}\n{answer.answer}")
    for suggestion in answer.suggestions:
        click.echo(f"  您是不是想问: [{suggestion.faq_id}] {suggestion.question}")


@click.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--jsonl", is_flag=True, help='Read {"q": ...} lines on stdin, write JSON lines.')
@click.option(
    "--kb",
    type=click.Path(exists=True, path_type=Path),
    help="A knowledge-base directory or import file to use instead of the live one.",
)
def ask(question: str | None, as_json: bool, jsonl: bool, kb: Path | None) -> None:
    """Ask the knowledge base QUESTION (or many, with --jsonl).

    Each answer is {"decision": "answer"|"suggest"|"none", "faq_id", "question",
    "answer", "score", "suggestions": [{"faq_id", "question"}], ...}.
    """
    knowledge = load_kb(kb)
    if jsonl:
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                text = json.loads(line)["q"]
            except (ValueError, KeyError, TypeError):
                raise click.ClickException(f'line {number}: expected {{"q": "..."}}') from None
            _emit_answer(knowledge.ask(str(text)), str(text), as_json=True)
        return
    if not question:
        raise click.UsageError("give a QUESTION or use --jsonl")
    _emit_answer(knowledge.ask(question), question, as_json)


@click.group()
def kb() -> None:
    """Manage the live knowledge base (changes apply to a running service within 1 s)."""


def _store() -> KbStore:
    return KbStore(Settings.from_env().kb_dir)


def _apply(action: Any) -> Any:
    try:
        return action()
    except CorpusError as exc:
        raise click.ClickException(f"nothing was changed:\n{exc}") from exc


@kb.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def kb_import(file: Path) -> None:
    """Add or update entries from FILE (.csv, .json, .jsonl, .yaml).

    Columns: id, question, similar_questions, answer, long_answer, topic,
    department, source_policy, valid_from, valid_until, keywords. In CSV,
    similar_questions and keywords are separated by "|"; dates are
    YYYY-MM-DD. Entries with a known id are updated, new ones are added. The
    whole corpus is validated first: on any problem nothing is written.
    """
    entries = _apply(lambda: read_import_file(file))
    added, updated = _apply(lambda: _store().upsert(entries, new_file=f"{file.stem}.yaml"))
    click.echo(f"{added} added, {updated} updated")


@kb.command("add")
@click.option("--id", "faq_id", required=True, help="Stable kebab-case id.")
@click.option("--question", required=True)
@click.option("--similar", multiple=True, required=True, help="A similar question (repeat, ≥3).")
@click.option("--answer", required=True, help="≤ 300 characters.")
@click.option("--topic", required=True, help="A first-level topic, e.g. 城乡建设.")
@click.option("--department", required=True)
@click.option("--source-policy")
@click.option("--keyword", "keywords", multiple=True)
@click.option("--valid-from", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--valid-until", type=click.DateTime(["%Y-%m-%d"]))
def kb_add(**fields: Any) -> None:
    """Add one entry (to local.yaml in the live directory)."""
    entry = _entry_from_options(fields)
    if entry["id"] in {e.get("id") for e in _store().entries()}:
        raise click.ClickException(f"{entry['id']} exists: use `hotline kb edit`")
    _apply(lambda: _store().upsert([entry], new_file="local.yaml"))
    click.echo(f"added {entry['id']}")


@kb.command("edit")
@click.argument("faq_id")
@click.option("--question")
@click.option("--similar", multiple=True, help="Replaces the similar questions (repeat).")
@click.option("--answer")
@click.option("--topic")
@click.option("--department")
@click.option("--source-policy")
@click.option("--keyword", "keywords", multiple=True, help="Replaces the keywords (repeat).")
@click.option("--valid-from", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--valid-until", type=click.DateTime(["%Y-%m-%d"]))
def kb_edit(faq_id: str, **fields: Any) -> None:
    """Change fields of entry FAQ_ID.

    Questions written for the entry in knowledge_faq/scope_positives.yaml and
    ask_pairs.yaml (by id) keep teaching the ranker; if the entry now
    answers something else, rewrite or remove them there.
    """
    changes = _entry_from_options(fields)
    if not changes:
        raise click.UsageError("nothing to change")
    _apply(lambda: _store().update(faq_id, changes))
    click.echo(f"updated {faq_id}")
    written = written_question_count(faq_id)
    if written and {"question", "answer"} & changes.keys():
        click.echo(
            f"note: {written} questions written for {faq_id} in knowledge_faq/"
            "scope_positives.yaml and ask_pairs.yaml still teach the ranker and the scope "
            "checks; if it now answers something else, rewrite or remove them there",
            err=True,
        )


@kb.command("retire")
@click.argument("faq_id")
def kb_retire(faq_id: str) -> None:
    """Stop serving FAQ_ID from today (it stays on file as history)."""
    _apply(lambda: _store().retire(faq_id, on=date.today() - timedelta(days=1)))
    click.echo(f"retired {faq_id}")


@kb.command("list")
@click.option("--json", "as_json", is_flag=True)
def kb_list(as_json: bool) -> None:
    """List the entries being served."""
    knowledge = load_kb(None)
    for entry in knowledge:
        if as_json:
            click.echo(json.dumps({"id": entry.id, "question": entry.question,
                                   "topic": entry.topic}, ensure_ascii=False))  # fmt: skip
        else:
            click.echo(f"{entry.id:40} {entry.topic:8} {entry.question}")


@kb.command("gaps")
@click.option("--days", default=30, show_default=True, help="Look back this many days.")
@click.option("--json", "as_json", is_flag=True)
def kb_gaps(days: int, as_json: bool) -> None:
    """Questions the knowledge base could not answer, and answers judged 没帮助.

    Most frequent first: what operators should write or fix next.
    """
    from bot.db import Database
    from bot.pii import mask_text
    from bot.services.kb_feedback import list_gaps

    since = datetime.now(UTC) - timedelta(days=days)
    with Database(Settings.from_env().database_url).session() as session:
        gaps = list_gaps(session, since=since)
    if not gaps:
        click.echo(f"no gaps in the last {days} days")
    for gap in gaps:
        question = mask_text(gap.question)
        if as_json:
            click.echo(json.dumps({"question": question, "kind": gap.kind, "faq_id": gap.faq_id,
                                   "count": gap.count, "last_at": gap.last_at.isoformat()},
                                  ensure_ascii=False))  # fmt: skip
        else:
            where = f" [{gap.faq_id}]" if gap.faq_id else ""
            click.echo(f"{gap.count:4}  {gap.kind:9}{where}  {question}")


def _entry_from_options(fields: dict[str, Any]) -> dict[str, Any]:
    renames = {"faq_id": "id", "similar": "similar_questions"}
    entry: dict[str, Any] = {}
    for key, value in fields.items():
        if value is None or value == ():
            continue
        if hasattr(value, "date"):
            value = value.date()
        entry[renames.get(key, key)] = list(value) if isinstance(value, tuple) else value
    return entry
