"""What the database must never allow, enforced where every write passes: the reporter's
account is never edited, and chronology and audit rows are never changed or removed."""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from assistant.cases.models import AuditEntry, Case, ChronologyEntry

IMMUTABLE_CASE_FIELDS = ("account", "reference", "created_at", "reporter_role")


class ImmutableRecord(Exception):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_rewrites(session: Session, _context, _instances) -> None:
    for obj in session.dirty:
        if isinstance(obj, (ChronologyEntry, AuditEntry)) and session.is_modified(obj):
            raise ImmutableRecord(f"{type(obj).__name__} rows are append-only")
        if isinstance(obj, Case):
            state = inspect(obj)
            for name in IMMUTABLE_CASE_FIELDS:
                history = state.attrs[name].history
                if history.deleted and history.deleted[0] is not None:
                    raise ImmutableRecord(f"a case's {name} is never changed once saved")
    for obj in session.deleted:
        if isinstance(obj, (Case, ChronologyEntry, AuditEntry)):
            raise ImmutableRecord(f"{type(obj).__name__} rows are never deleted")
