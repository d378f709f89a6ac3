"""The dashboard in-process (starlette's TestClient) on each database, with helpers that
sign in and post forms the way a browser does: token from the page, then the form."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases.models import AuditEntry, Case, ChronologyEntry
from assistant.cases.store import CaseStore, NewReport
from assistant.dashboard.accounts import create_user
from assistant.dashboard.app import create_app

PASSWORD = "correct horse battery staple"
SECRET = "test-secret-" + "x" * 40
XSS = "<script>alert(1)</script>"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def report(account: str = "A colleague is messaging pupils on Snapchat", **kw) -> NewReport:
    fields = dict(account=account, involved="staff", where_when="Snapchat, last week",
                  immediate_danger=False, reporter_role="staff", reporter_name="Sam Reporter",
                  reporter_contact="sam@example.invalid", channel="rest")  # fmt: skip
    return NewReport(**(fields | kw))


@pytest.fixture
def app(case_sessions: sessionmaker[Session]) -> FastAPI:
    return create_app(case_sessions, secret=SECRET)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    # https: the session cookie is Secure, so a plain-http client would never send it back.
    with TestClient(app, base_url="https://testserver") as client:
        yield client


@pytest.fixture
def head(case_sessions: sessionmaker[Session]) -> str:
    create_user(case_sessions, "head", "Mrs Head", "headteacher", PASSWORD)
    return "head"


@pytest.fixture
def chair(case_sessions: sessionmaker[Session]) -> str:
    create_user(case_sessions, "chair", "Mr Chair", "chair_of_governors", PASSWORD)
    return "chair"


@pytest.fixture
def staff_case(case_store: CaseStore, case_sessions: sessionmaker[Session]) -> int:
    """A case about a member of staff, whose account carries a script tag."""
    reference = case_store.submit(report(f"He sent this: {XSS} & more")).reference
    return case_id(case_sessions, reference)


@pytest.fixture
def head_case(case_store: CaseStore, case_sessions: sessionmaker[Session]) -> int:
    """A case about the headteacher, for the chair of governors only."""
    reference = case_store.submit(report("The head DMs pupils", involved="headteacher")).reference
    return case_id(case_sessions, reference)


def case_id(factory: sessionmaker[Session], reference: str) -> int:
    with factory() as session:
        return session.scalars(select(Case.id).where(Case.reference == reference)).one()


def token(client: TestClient, path: str = "/login") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    found = _TOKEN.search(page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD, code: str = ""):
    form = {"username": username, "password": password, "code": code, "csrf_token": token(client)}
    return client.post("/login", data=form, follow_redirects=False)


def post(client: TestClient, path: str, page: str, **form: str):
    """Post a form found on ``page`` with that page's token (no redirects followed)."""
    return client.post(
        path, data=form | {"csrf_token": token(client, page)}, follow_redirects=False
    )


def audit_actions(factory: sessionmaker[Session]) -> list[tuple[str, str, int | None]]:
    with factory() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(row.actor, row.action, row.case_id) for row in rows]


def chronology(factory: sessionmaker[Session], case: int) -> list[tuple[str, str]]:
    with factory() as session:
        query = select(ChronologyEntry).where(ChronologyEntry.case_id == case)
        return [(e.kind, e.actor) for e in session.scalars(query.order_by(ChronologyEntry.id))]
