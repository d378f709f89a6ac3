"""Shared fixtures: the real policy, the real engine (model and index load once), the case
store on real databases, and the two servers started for real, once."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases.db import make_engine, migrate
from assistant.cases.store import CaseStore
from assistant.policy.answers import PolicyEngine, get_engine
from assistant.policy.corpus import Policy, load_policy
from tests.channels.telegram_botapi import TelegramBotApi
from tests.e2e.servers import ROOT, Servers

if TYPE_CHECKING:
    from tests.channels.microsoft import Microsoft


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="session")
def engine() -> PolicyEngine:
    return get_engine()


@pytest.fixture(scope="session")
def botapi() -> Iterator[TelegramBotApi]:
    api = TelegramBotApi()
    api.start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def microsoft() -> Iterator[Microsoft]:
    # Imported here: it makes its RSA signing keys on import (about a second), which only
    # the tests that start the servers should pay for.
    from tests.channels.microsoft import Microsoft

    stand_in = Microsoft().start()
    yield stand_in
    stand_in.stop()


@pytest.fixture(scope="session")
def servers(
    tmp_path_factory: pytest.TempPathFactory, botapi: TelegramBotApi, microsoft: Microsoft
) -> Iterator[Servers]:
    """The action server and the Rasa server on every channel (REST, Socket.IO, the website,
    Telegram and Teams, the last two pointed at local stand-ins), started once, as
    ``make run`` starts them for a school that has set up both apps. A Rasa start takes half
    a minute or more, so a test that needs other settings restarts the action server alone
    (``Servers.restart_actions``)."""
    workdir = Path(tmp_path_factory.mktemp("servers"))
    env = botapi.env() | microsoft.env()
    credentials = workdir / "credentials.yml"
    written = subprocess.run([sys.executable, "scripts/credentials.py"], cwd=ROOT, text=True,
                             env=os.environ | env, capture_output=True, check=True)  # fmt: skip
    credentials.write_text(written.stdout)
    running = Servers(workdir, extra_env=env, credentials=credentials).start()
    yield running
    running.stop()


# --- the case store, on SQLite and on a real PostgreSQL server -------------------------

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind (PostgreSQL: a throwaway database on the
    server that .ci/run starts)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cases.db'}"
        return
    name = f"cases_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture
def case_sessions(database_url: str) -> sessionmaker[Session]:
    engine = make_engine(database_url)
    migrate(engine)
    yield sessionmaker(engine, expire_on_commit=False)
    engine.dispose()


@pytest.fixture
def case_store(case_sessions: sessionmaker[Session]) -> CaseStore:
    return CaseStore(case_sessions)
