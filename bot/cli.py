"""The ``hotline`` command: run the service, train Rasa, inspect tickets and chats."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from bot.config import Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """12345 citizen-service intake bot.

    Configuration comes from the environment (see README, "Configuration"):
    DATABASE_URL and REDIS_URL select servers instead of the embedded defaults.
    """


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Gateway bind address.")
@click.option("--no-train", is_flag=True, help="Use the newest model instead of training.")
def run(host: str, no_train: bool) -> None:
    """Start Redis, Rasa, the action server, a worker and the gateway.

    Ctrl-C stops everything. Logs go to the terminal and to var/logs/.
    """
    from bot.supervisor import Stack

    sys.exit(Stack(host=host, train=not no_train).serve())


@main.command()
@click.option("--force", is_flag=True, help="Retrain even if the model is up to date.")
def train(force: bool) -> None:
    """Train the Rasa model if config.yml, domain.yml or nlu_data/ changed."""
    from bot.training import TrainingFailed, ensure_model

    try:
        path = ensure_model(force=force)
    except TrainingFailed as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(str(path))


@main.group()
def db() -> None:
    """Database schema management."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration (creates a fresh database)."""
    from bot.db import upgrade_database

    upgrade_database(Settings.from_env().database_url)
    click.echo("database is up to date")


@main.group()
def tickets() -> None:
    """Work orders (工单)."""


@tickets.command("show")
@click.argument("number")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--unmask", is_flag=True, help="Show phone and ID numbers in full.")
def tickets_show(number: str, as_json: bool, unmask: bool) -> None:
    """Show the ticket NUMBER (personal data masked unless --unmask)."""
    from bot.db import Database
    from bot.services.tickets import find_ticket, ticket_view

    with Database(Settings.from_env().database_url).session() as session:
        ticket = find_ticket(session, number)
        if ticket is None:
            raise click.ClickException(f"no ticket {number}")
        view = ticket_view(ticket, masked=not unmask)
    _emit(view, as_json)


@main.group()
def conversations() -> None:
    """Conversations and their transcripts."""


@conversations.command("show")
@click.argument("conversation_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def conversations_show(conversation_id: str, as_json: bool) -> None:
    """Show who owns CONVERSATION_ID (bot or human) and its transcript."""
    from bot.db import Database
    from bot.errors import NotFound
    from bot.pii import mask_text
    from bot.services.conversations import get_conversation
    from bot.services.messages import transcript
    from bot.services.tickets import open_ticket_for

    with Database(Settings.from_env().database_url).session() as session:
        try:
            conversation = get_conversation(session, conversation_id)
        except NotFound as exc:
            raise click.ClickException(str(exc)) from exc
        ticket = open_ticket_for(session, conversation_id)
        view = {
            "id": conversation.id,
            "channel": conversation.channel,
            "state": conversation.state,
            "ticket": ticket.number if ticket else None,
            "created_at": conversation.created_at.isoformat(),
            "transcript": [
                {**line, "text": mask_text(line["text"])}
                for line in transcript(session, conversation_id)
            ],
        }
    _emit(view, as_json)


def _emit(view: dict[str, Any], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(view, ensure_ascii=False, indent=2))
        return
    for key, value in view.items():
        if key == "transcript":
            click.echo("transcript:")
            for line in value:
                click.echo(f"  [{line['sender']}] {line['text']}")
        else:
            click.echo(f"{key}: {value}")


@main.group()
def export() -> None:
    """Export data for training and audits."""


@export.command("corrections")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=Path("corrections.yml"),
    show_default=True,
    help="Rasa NLU YAML file to write.",
)
def export_corrections(out: Path) -> None:
    """Write agents' classification corrections as Rasa training data.

    Each corrected work order becomes one example of the intent of its
    (corrected) request type; topic, second level and urgency ride along as
    example metadata. Copy the file into nlu_data/ to train on it.
    """
    from bot.db import Database
    from bot.services.triage import write_corrections
    from bot.triage.taxonomy import load_taxonomy

    database = Database(Settings.from_env().database_url)
    with database.session() as session:
        count = write_corrections(session, out, load_taxonomy().rasa_intents)
    click.echo(f"{count} corrected work orders written to {out}")


def _register_subcommands() -> None:
    from bot.cli_eval import eval_group
    from bot.cli_kb import ask, kb
    from bot.cli_triage import classify

    main.add_command(ask)
    main.add_command(classify)
    main.add_command(kb)
    main.add_command(eval_group)


_register_subcommands()

if __name__ == "__main__":
    main()
