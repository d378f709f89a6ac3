"""Signing in over HTTP on SQLite and PostgreSQL: passwords, throttling, TOTP, CSRF,
sessions and redirects, as a browser would meet them."""

from __future__ import annotations

import datetime as dt

import pyotp
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases.models import User
from assistant.dashboard.accounts import create_user
from tests.dashboard.conftest import PASSWORD, audit_actions, chronology, login, post, token


def test_a_user_signs_in_and_sees_the_open_cases(
    client: TestClient, head: str, case_sessions: sessionmaker[Session]
) -> None:
    response = login(client, head)
    assert response.status_code == 303 and response.headers["location"] == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "<h1>Open cases</h1>" in page.text and "Mrs Head" in page.text
    assert ("head", "login", None) in audit_actions(case_sessions)


def test_the_session_cookie_is_httponly_samesite_strict_and_secure(
    client: TestClient, head: str
) -> None:
    cookie = login(client, head).headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie


def test_a_wrong_password_is_refused_with_a_message_that_gives_nothing_away(
    client: TestClient, head: str, case_sessions: sessionmaker[Session]
) -> None:
    wrong = login(client, head, "not the password at all")
    unknown = login(client, "nobody", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "Those details were not accepted" in wrong.text
    message = wrong.text.split('role="alert"')[1].split("</div>")[0]
    assert message == unknown.text.split('role="alert"')[1].split("</div>")[0]
    assert client.get("/", follow_redirects=False).status_code == 303  # still signed out
    actions = audit_actions(case_sessions)
    assert ("head", "login_failed", None) in actions
    assert ("(unknown user)", "login_failed", None) in actions
    assert not any(actor == "nobody" for actor, _, _ in actions)  # typed names are not kept


def test_five_failures_lock_the_account_for_fifteen_minutes(
    client: TestClient, head: str, case_sessions: sessionmaker[Session]
) -> None:
    for _ in range(5):
        assert login(client, head, "wrong password!").status_code == 401
    with case_sessions() as session:
        user = session.scalars(select(User).where(User.username == head)).one()
        remaining = user.locked_until - dt.datetime.now(dt.UTC)
    assert dt.timedelta(minutes=14) < remaining <= dt.timedelta(minutes=15)
    assert login(client, head).status_code == 401  # even the right password, while locked
    actions = [action for _, action, _ in audit_actions(case_sessions)]
    assert actions.count("account_locked") == 1
    with case_sessions.begin() as session:  # fifteen minutes later
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        session.execute(update(User).where(User.username == head).values(locked_until=past))
    assert login(client, head).status_code == 303
    with case_sessions() as session:
        user = session.scalars(select(User).where(User.username == head)).one()
        assert (user.failed_logins, user.locked_until) == (0, None)


def test_an_enrolled_account_needs_its_totp_code(
    client: TestClient, case_sessions: sessionmaker[Session]
) -> None:
    _, secret = create_user(case_sessions, "dsl", "Ms DSL", "dsl", PASSWORD, totp=True)
    assert secret
    assert login(client, "dsl").status_code == 401  # no code
    assert login(client, "dsl", code="000000").status_code == 401  # wrong code
    assert login(client, "dsl", code=pyotp.TOTP(secret).now()).status_code == 303
    assert client.get("/").status_code == 200


def test_a_post_without_the_csrf_token_is_refused(
    client: TestClient, head: str, staff_case: int, case_sessions: sessionmaker[Session]
) -> None:
    form = {"username": head, "password": PASSWORD}
    assert client.post("/login", data=form).status_code == 403
    assert client.post("/login", data=form | {"csrf_token": "forged"}).status_code == 403
    assert login(client, head).status_code == 303
    refused = client.post(f"/cases/{staff_case}/notes", data={"note": "forged note"})
    assert refused.status_code == 403
    forged = {"note": "forged note", "csrf_token": "guess"}
    assert client.post(f"/cases/{staff_case}/notes", data=forged).status_code == 403
    assert client.post(f"/cases/{staff_case}/acknowledge").status_code == 403
    assert client.post("/logout").status_code == 403
    assert [kind for kind, _ in chronology(case_sessions, staff_case)] == ["created"]


def test_signed_out_requests_go_to_the_login_page_and_come_back(
    client: TestClient, head: str, staff_case: int
) -> None:
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    to_case = client.get(f"/cases/{staff_case}", follow_redirects=False)
    assert to_case.status_code == 303
    assert to_case.headers["location"] == f"/login?next=/cases/{staff_case}"
    form = {"username": head, "password": PASSWORD, "next": f"/cases/{staff_case}",
            "csrf_token": token(client, to_case.headers["location"])}  # fmt: skip
    signed_in = client.post("/login", data=form, follow_redirects=False)
    assert signed_in.headers["location"] == f"/cases/{staff_case}"


def test_login_never_redirects_off_the_site(client: TestClient, head: str) -> None:
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"):
        form = {"username": head, "password": PASSWORD, "next": target,
                "csrf_token": token(client)}  # fmt: skip
        assert client.post("/login", data=form, follow_redirects=False).headers["location"] == "/"


def test_signing_out_ends_the_session(
    client: TestClient, head: str, case_sessions: sessionmaker[Session]
) -> None:
    login(client, head)
    signed_out = post(client, "/logout", "/login")
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303
    assert ("head", "logout", None) in audit_actions(case_sessions)
