"""The outbox's state changes, each one short transaction.

A claim sets ``status='sending'``, a lease and ``attempts += 1``; the new attempt count is
the claim's token: ``finish`` only touches the row if it is still ``sending`` with that
count, so a worker whose lease ran out (and whose row another worker took over) cannot
overwrite the other's result. On PostgreSQL the claim uses ``FOR UPDATE SKIP LOCKED`` so
workers never wait on, or take, each other's rows; SQLite already serialises writers
(``BEGIN IMMEDIATE`` in ``assistant.cases.db``).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases.models import ChronologyEntry, OutboxMessage

FIRST_RETRY = dt.timedelta(seconds=5)
LONGEST_RETRY = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Claim:
    row: OutboxMessage  # detached: read its fields, never write through it
    attempt: int  # 1 for the first try; the token for finish()


def backoff(attempt: int) -> dt.timedelta:
    """5 s, 10 s, 20 s ... up to 10 minutes, plus up to 10% jitter so workers and
    recipients are not retried in lockstep."""
    delay = min(FIRST_RETRY * 2 ** (attempt - 1), LONGEST_RETRY)
    return delay * (1 + random.uniform(0, 0.1))


def claim(
    factory: sessionmaker[Session], now: dt.datetime, lease: dt.timedelta, limit: int
) -> list[Claim]:
    """Take up to ``limit`` due rows: pending and due, or left ``sending`` by a worker whose
    lease ran out (it crashed, or hung, mid-send)."""
    due = or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.lease_until <= now),
    )
    query = (
        select(OutboxMessage)
        .where(due)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    with factory.begin() as session:
        rows = list(session.scalars(query))
        for row in rows:
            row.status, row.lease_until, row.attempts = "sending", now + lease, row.attempts + 1
        session.flush()
        session.expunge_all()
    return [Claim(row, row.attempts) for row in rows]


def delivered(factory: sessionmaker[Session], done: Claim, now: dt.datetime) -> bool:
    """Mark the row delivered and add "notified" to the case's chronology, together.
    False if the row was no longer ours (see the module docstring)."""
    row = done.row
    with factory.begin() as session:
        if not _finish(session, done, status="delivered", delivered_at=now, last_error=None):
            return False
        detail = {"recipient": row.recipient, "channel": row.channel, "reason": row.kind}
        session.add(
            ChronologyEntry(case_id=row.case_id, at=now, kind="notified", actor="system",
                            detail=detail)
        )  # fmt: skip
    return True


def failed(
    factory: sessionmaker[Session], done: Claim, now: dt.datetime, error: str, give_up: bool
) -> bool:
    """Record a failed attempt: retry later with backoff, or, after the last attempt, mark
    it failed and say so in the case's chronology (a person must then act)."""
    row = done.row
    with factory.begin() as session:
        if give_up:
            if not _finish(session, done, status="failed", last_error=error):
                return False
            detail = {"recipient": row.recipient, "channel": row.channel, "reason": row.kind,
                      "attempts": done.attempt}  # fmt: skip
            session.add(
                ChronologyEntry(case_id=row.case_id, at=now, kind="notify_failed",
                                actor="system", detail=detail)
            )  # fmt: skip
            return True
        retry_at = now + backoff(done.attempt)
        return _finish(session, done, status="pending", next_attempt_at=retry_at, last_error=error)


def _finish(session: Session, done: Claim, **values) -> bool:
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == done.row.id,
            OutboxMessage.status == "sending",
            OutboxMessage.attempts == done.attempt,
        )
        .values(lease_until=None, **values)
    )
    return result.rowcount == 1
