"""The SQL database: one engine per process, short sessions, Alembic migrations.

Used by the gateway (through ``init_app``/``get_db``), by the action server
and by the CLI (through :class:`Database` directly), so nothing here needs Flask.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from flask import Flask

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Several processes write (gateway workers, action server, RQ worker):
    # WAL lets readers run beside a writer, busy_timeout waits out the lock.
    # synchronous=NORMAL is SQLite's recommended WAL setting: a committed
    # message survives any crash of the service; only an OS crash or power
    # loss can drop the newest commits. Production runs on PostgreSQL.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine, with the SQLite settings multi-process use needs."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


class Database:
    """An engine plus a session factory for one database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ping(self) -> None:
        """Raise if the database cannot answer a trivial query."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (creates a fresh database)."""
        upgrade_database(self.url)


def upgrade_database(url: str) -> None:
    """Run ``alembic upgrade head`` against ``url`` programmatically."""
    from alembic import command
    from alembic.config import Config

    make_engine(url).dispose()  # creates the SQLite parent directory
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


def init_app(app: Flask) -> None:
    """Attach the database to the app and dispose of it with the app."""
    app.extensions["db"] = Database(app.config["SETTINGS"].database_url)


def get_db() -> Database:
    """The current app's database."""
    from flask import current_app

    db: Database = current_app.extensions["db"]
    return db
