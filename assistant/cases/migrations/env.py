"""Alembic environment: runs on the connection ``assistant.cases.db.migrate`` passes in, or
on DATABASE_URL when called as ``alembic -c assistant/cases/alembic.ini ...``."""

from alembic import context

from assistant.cases.db import make_engine
from assistant.cases.models import Base

config = context.config
connection = config.attributes.get("connection")


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    with make_engine().begin() as fresh:
        run(fresh)
