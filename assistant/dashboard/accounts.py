"""Who may sign in to the dashboard, and how sign-in is checked.

Accounts live in ``assistant.cases.models.User``. Every creation, sign-in, failure and
lock is written to the hash-chained audit log in the same transaction as the change it
records; passwords and codes never are. Five failures lock an account for 15 minutes.

Command line (the password comes from DASHBOARD_PASSWORD, or is asked for)::

    python -m assistant.dashboard.accounts add USERNAME --role headteacher --name "..." [--totp]
    python -m assistant.dashboard.accounts totp USERNAME      # enrol or replace a TOTP secret
    python -m assistant.dashboard.accounts verify-audit       # exit 1 if the chain is broken
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import re
import sys
from collections.abc import Sequence

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases import audit
from assistant.cases.db import sessions
from assistant.cases.models import AuditEntry, User, utcnow
from assistant.dashboard.passwords import (
    burn_time,
    check_password,
    hash_password,
    password_problem,
)

ROLES = ("headteacher", "dsl", "deputy_dsl", "chair_of_governors")
MAX_FAILURES = 5
LOCK_FOR = dt.timedelta(minutes=15)
ISSUER = "School safeguarding dashboard"
# What the audit log calls a sign-in to a name that has no account. The typed name is not
# kept: people sometimes type their password into the username box.
UNKNOWN_ACTOR = "(unknown user)"
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,79}")


class AccountError(ValueError):
    """The account cannot be created or changed as asked; the message says why."""


def normalise_username(username: str) -> str:
    return username.strip().lower()


def create_user(
    factory: sessionmaker[Session],
    username: str,
    display_name: str,
    role: str,
    password: str,
    totp: bool = False,
    actor: str = "command line",
) -> tuple[User, str | None]:
    """A new account, and its TOTP secret when ``totp`` (shown once, to enrol an app)."""
    username = normalise_username(username)
    if not _USERNAME.fullmatch(username):
        raise AccountError("A username is 2-80 letters, digits, dots, dashes or underscores.")
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    if not display_name.strip():
        raise AccountError("A display name is needed.")
    if problem := password_problem(password):
        raise AccountError(problem)
    secret = pyotp.random_base32() if totp else None
    with factory.begin() as session:
        if session.scalars(select(User.id).where(User.username == username)).first():
            raise AccountError(f"There is already an account called {username!r}.")
        user = User(
            username=username,
            display_name=display_name.strip(),
            role=role,
            password_hash=hash_password(password),
            totp_secret=secret,
            failed_logins=0,
        )
        session.add(user)
        session.flush()
        audit.record(
            session, actor, "account_created", username=username, role=role, totp=bool(secret)
        )
    return user, secret


def enrol_totp(factory: sessionmaker[Session], username: str, actor: str = "command line") -> str:
    """Give an existing account a new TOTP secret (replacing any old one) and return it."""
    secret = pyotp.random_base32()
    with factory.begin() as session:
        user = _find(session, normalise_username(username))
        if user is None:
            raise AccountError(f"There is no account called {username!r}.")
        user.totp_secret = secret
        audit.record(session, actor, "totp_enrolled", username=user.username)
    return secret


def provisioning_uri(username: str, secret: str) -> str:
    """The otpauth:// URI an authenticator app reads (as a QR code or pasted)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def authenticate(
    factory: sessionmaker[Session],
    username: str,
    password: str,
    code: str = "",
    now: dt.datetime | None = None,
) -> User | None:
    """The user, if the password (and the TOTP code, for enrolled accounts) is right and
    the account is not locked; otherwise None. Callers show one message for every kind of
    failure, so a failed sign-in never says whether the account exists or is locked."""
    now = now or utcnow()
    username = normalise_username(username)
    with factory.begin() as session:
        user = _find(session, username, for_update=True)
        if user is None:
            burn_time(password)
            audit.record(session, UNKNOWN_ACTOR, "login_failed", reason="unknown_user")
            return None
        if user.locked_until is not None and user.locked_until > now:
            burn_time(password)  # a locked account answers no questions about its password
            audit.record(session, user.username, "login_failed", reason="locked")
            return None
        password_ok, new_hash = check_password(user.password_hash, password)
        code_ok = user.totp_secret is None or _code_ok(user.totp_secret, code)
        if not (password_ok and code_ok):
            user.failed_logins = (user.failed_logins or 0) + 1
            reason = "password" if not password_ok else "totp"
            audit.record(session, user.username, "login_failed", reason=reason)
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until = now + LOCK_FOR
                user.failed_logins = 0  # a fresh allowance once the lock ends
                audit.record(session, user.username, "account_locked", minutes=15)
            return None
        user.failed_logins, user.locked_until = 0, None
        if new_hash:
            user.password_hash = new_hash
        audit.record(session, user.username, "login", rehashed=bool(new_hash))
        return user


def record_logout(factory: sessionmaker[Session], username: str) -> None:
    with factory.begin() as session:
        audit.record(session, username, "logout")


def get_user(factory: sessionmaker[Session], user_id: int) -> User | None:
    with factory() as session:
        return session.get(User, user_id)


def _find(session: Session, username: str, for_update: bool = False) -> User | None:
    query = select(User).where(User.username == username)
    if for_update:  # PostgreSQL: concurrent failures must not lose a count
        query = query.with_for_update()
    return session.scalars(query).first()


def _code_ok(secret: str, code: str) -> bool:
    code = code.replace(" ", "").strip()
    return code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


# --- the command line ---------------------------------------------------------------------


def _read_password() -> str:
    password = os.environ.get("DASHBOARD_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise AccountError("Set DASHBOARD_PASSWORD, or run this in a terminal to be asked.")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise AccountError("The two passwords differ.")
    return password


def _print_totp(username: str, secret: str) -> None:
    print("Add this account to an authenticator app (shown once, keep it private):")
    print(f"  secret: {secret}")
    print(f"  URI:    {provisioning_uri(username, secret)}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant.dashboard.accounts")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create an account")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--name", required=True, help="display name, e.g. 'Mrs A Smith'")
    add.add_argument("--totp", action="store_true", help="require a TOTP code at sign-in")
    totp = commands.add_parser("totp", help="enrol (or replace) TOTP for an account")
    totp.add_argument("username")
    commands.add_parser("verify-audit", help="check the audit log's hash chain")
    return parser


def main(argv: Sequence[str] | None = None, factory: sessionmaker[Session] | None = None) -> int:
    args = _parser().parse_args(argv)
    factory = factory or sessions()
    try:
        if args.command == "add":
            user, secret = create_user(
                factory, args.username, args.name, args.role, _read_password(), args.totp
            )
            print(f"Created {user.username} ({user.display_name}) as {user.role}.")
            if secret:
                _print_totp(user.username, secret)
        elif args.command == "totp":
            _print_totp(normalise_username(args.username), enrol_totp(factory, args.username))
        else:
            with factory() as session:
                problems = audit.verify(session)
                rows = len(session.scalars(select(AuditEntry.id)).all())
            if problems:
                print(f"Audit chain BROKEN ({len(problems)} problems in {rows} rows):")
                for problem in problems:
                    print(f"  {problem}")
                return 1
            print(f"Audit chain intact: {rows} rows.")
    except AccountError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
