"""The audit log: every read and write by a person, each row chained to the one before by
SHA-256, so that an edited, deleted or inserted row breaks the chain and ``verify`` says
where. Rows are written in the same transaction as the change they record."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from assistant.cases.models import AuditEntry, utcnow

GENESIS = "0" * 64
_LOCK_KEY = 0x5AFE  # PostgreSQL advisory lock: one audit writer at a time


def _digest(prev_hash: str, at: dt.datetime, actor: str, action: str, case_id, detail) -> str:
    body = json.dumps(
        [prev_hash, at.astimezone(dt.UTC).isoformat(), actor, action, case_id, detail],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def record(
    session: Session, actor: str, action: str, case_id: int | None = None, **detail
) -> AuditEntry:
    """Append one row. Call inside the transaction that makes the change."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    prev_hash = last.hash if last else GENESIS
    at = utcnow().replace(microsecond=0)
    entry = AuditEntry(
        at=at,
        actor=actor,
        action=action,
        case_id=case_id,
        detail=detail,
        prev_hash=prev_hash,
        hash=_digest(prev_hash, at, actor, action, case_id, detail),
    )
    session.add(entry)
    session.flush()
    return entry


def verify(session: Session) -> list[str]:
    """Problems found in the chain, oldest first; an empty list means it is intact."""
    problems = []
    expected_prev = GENESIS
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        if entry.prev_hash != expected_prev:
            problems.append(f"row {entry.id}: does not follow the row before it")
        digest = _digest(
            entry.prev_hash, entry.at, entry.actor, entry.action, entry.case_id, entry.detail
        )
        if digest != entry.hash:
            problems.append(f"row {entry.id}: contents changed after it was written")
        expected_prev = entry.hash
    return problems
