"""Password hashing with Argon2 (argon2-cffi's defaults, Argon2id).

Hashes made with older parameters are upgraded the next time their owner signs in, and
sign-ins for unknown usernames still pay for one verification, so the time a failed
sign-in takes does not reveal whether the account exists.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 1024  # long passphrases welcome; megabytes of input are not

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(stored_hash: str, password: str) -> tuple[bool, str | None]:
    """Whether ``password`` matches, and a fresh hash to store when the stored one uses
    outdated parameters (None when it is current or the password is wrong)."""
    try:
        _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False, None
    return True, (_hasher.hash(password) if _hasher.check_needs_rehash(stored_hash) else None)


@cache
def _dummy_hash() -> str:
    # Made on first use, not at import: hashing takes tens of milliseconds.
    return _hasher.hash("not a password anybody has")


def burn_time(password: str) -> None:
    """Spend what a real verification would cost, for unknown or locked accounts."""
    check_password(_dummy_hash(), password)


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None if it is acceptable."""
    if len(password) < MIN_PASSWORD_CHARS:
        return f"A password needs at least {MIN_PASSWORD_CHARS} characters."
    if len(password) > MAX_PASSWORD_CHARS:
        return f"A password can have at most {MAX_PASSWORD_CHARS} characters."
    return None
