"""The database: SQLite under var/ by default, PostgreSQL (or any SQLAlchemy URL) through
DATABASE_URL. The schema is Alembic's (``assistant/cases/migrations``), applied on open."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from assistant.config import VAR_DIR

MIGRATIONS = Path(__file__).with_name("migrations")


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'cases.db'}"


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

        # Writers take the lock when they begin, so two reports saved at the same moment
        # queue rather than both reading the same last audit hash.
        @event.listens_for(engine, "connect")
        def _no_implicit_transactions(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None
            dbapi_connection.execute("PRAGMA foreign_keys = ON")

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if url.startswith("postgresql://"):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    # hide_parameters: a database error must never carry a report's text into a log.
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def migrate(engine: Engine) -> None:
    """Bring the schema up to date (idempotent)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@cache
def sessions(url: str | None = None) -> sessionmaker[Session]:
    """A session factory for this process, on a migrated database."""
    engine = make_engine(url)
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)
