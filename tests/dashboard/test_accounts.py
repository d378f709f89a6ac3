"""Accounts on SQLite and PostgreSQL: Argon2 hashes, rehash on login, what the audit log
keeps (never a password), and the command line."""

from __future__ import annotations

import json

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases.models import AuditEntry, User
from assistant.dashboard import accounts
from assistant.dashboard.accounts import AccountError, authenticate, create_user
from tests.dashboard.conftest import PASSWORD


def _user(factory: sessionmaker[Session], username: str) -> User:
    with factory() as session:
        return session.scalars(select(User).where(User.username == username)).one()


def _audit_text(factory: sessionmaker[Session]) -> str:
    with factory() as session:
        rows = session.scalars(select(AuditEntry))
        return json.dumps([[r.actor, r.action, r.detail] for r in rows])


def test_passwords_are_stored_as_argon2_hashes_and_never_logged(
    case_sessions: sessionmaker[Session],
) -> None:
    create_user(case_sessions, "Head", "Mrs Head", "headteacher", PASSWORD)
    user = _user(case_sessions, "head")  # usernames are kept in lower case
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    authenticate(case_sessions, "head", PASSWORD)
    authenticate(case_sessions, "head", PASSWORD + "x")
    logged = _audit_text(case_sessions)
    assert "account_created" in logged and "login" in logged and "login_failed" in logged
    assert PASSWORD not in logged


def test_an_outdated_hash_is_upgraded_when_its_owner_signs_in(
    case_sessions: sessionmaker[Session],
) -> None:
    create_user(case_sessions, "head", "Mrs Head", "headteacher", PASSWORD)
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    with case_sessions.begin() as session:
        session.execute(update(User).where(User.username == "head").values(password_hash=weak))
    assert authenticate(case_sessions, "head", PASSWORD) is not None
    upgraded = _user(case_sessions, "head").password_hash
    assert upgraded != weak and not PasswordHasher().check_needs_rehash(upgraded)
    assert authenticate(case_sessions, "head", PASSWORD) is not None


@pytest.mark.parametrize(
    ("username", "role", "password", "message"),
    [
        ("head", "caretaker", PASSWORD, "Unknown role"),
        ("head", "headteacher", "short", "at least 12"),
        ("a b", "headteacher", PASSWORD, "username"),
    ],
)
def test_bad_accounts_are_refused(
    case_sessions: sessionmaker[Session], username: str, role: str, password: str, message: str
) -> None:
    with pytest.raises(AccountError, match=message):
        create_user(case_sessions, username, "Someone", role, password)


def test_a_username_is_taken_once(case_sessions: sessionmaker[Session]) -> None:
    create_user(case_sessions, "head", "Mrs Head", "headteacher", PASSWORD)
    with pytest.raises(AccountError, match="already"):
        create_user(case_sessions, "HEAD", "Another", "dsl", PASSWORD)


def test_the_command_line_adds_an_account_enrols_totp_and_checks_the_audit_chain(
    case_sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DASHBOARD_PASSWORD", PASSWORD)
    argv = ["add", "dsl", "--role", "dsl", "--name", "Ms DSL", "--totp"]
    assert accounts.main(argv, factory=case_sessions) == 0
    shown = capsys.readouterr().out
    assert "Created dsl (Ms DSL) as dsl." in shown and "otpauth://totp/" in shown
    secret = _user(case_sessions, "dsl").totp_secret
    assert secret and secret in shown
    assert accounts.main(["add", "dsl", "--role", "dsl", "--name", "X"], case_sessions) == 2
    assert accounts.main(["totp", "dsl"], factory=case_sessions) == 0
    assert _user(case_sessions, "dsl").totp_secret != secret
    capsys.readouterr()
    assert accounts.main(["verify-audit"], factory=case_sessions) == 0
    assert "Audit chain intact: 2 rows." in capsys.readouterr().out
    with case_sessions.begin() as session:  # behind the application's back
        session.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE id = 1"))
    assert accounts.main(["verify-audit"], factory=case_sessions) == 1
    assert "BROKEN" in capsys.readouterr().out
    assert PASSWORD not in _audit_text(case_sessions)
