"""Shared fixtures: the real policy, the real engine (model and index load once), and the
case store on real databases."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases.db import make_engine, migrate
from assistant.cases.store import CaseStore
from assistant.policy.answers import PolicyEngine, get_engine
from assistant.policy.corpus import Policy, load_policy


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="session")
def engine() -> PolicyEngine:
    return get_engine()


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
