"""Tables. The reporter's account is written once and never changed; the chronology and
the audit log are append-only (``assistant.cases.guards`` refuses anything else)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every database (SQLite keeps no time zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            value = value.astimezone(dt.UTC)
            return value.replace(tzinfo=None) if dialect.name == "sqlite" else value
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


class Base(DeclarativeBase):
    pass


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(24), unique=True)
    category: Mapped[str] = mapped_column(String(40))
    urgency: Mapped[str] = mapped_column(String(16))  # immediate, high, normal
    status: Mapped[str] = mapped_column(String(16), default="new")
    routed_to: Mapped[str] = mapped_column(String(40))  # a recipient key in safeguarding.yml
    possible_lado: Mapped[bool] = mapped_column(Boolean, default=False)
    lado_due: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # The report, in the reporter's own words, exactly as given.
    account: Mapped[str] = mapped_column(Text)
    involved: Mapped[str] = mapped_column(String(40))
    where_when: Mapped[str] = mapped_column(Text, default="")
    immediate_danger: Mapped[bool] = mapped_column(Boolean, default=False)
    reporter_role: Mapped[str] = mapped_column(String(16))  # staff or parent
    reporter_name: Mapped[str | None] = mapped_column(String(200))
    reporter_contact: Mapped[str | None] = mapped_column(String(300))
    # The policy: "If disclosure comes from a member of staff, try to maintain confidentiality".
    reporter_confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(40), default="rest")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(40))

    chronology: Mapped[list[ChronologyEntry]] = relationship(
        back_populates="case", order_by="ChronologyEntry.id"
    )


class ChronologyEntry(Base):
    """What happened to a case, in order: created, notified, notify_failed, viewed,
    acknowledged, referred_to_lado, note, reminder, closed."""

    __tablename__ = "chronology"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(120))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="chronology")


class AuditEntry(Base):
    """Every read and write by a person, chained by hash so tampering shows."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class OutboxMessage(Base):
    """A notification to deliver, written in the same transaction as what caused it."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(16))  # email, telegram, teams
    kind: Mapped[str] = mapped_column(String(32))  # new_case, reminder, lado_reminder
    # One delivery per recipient, channel and reason, across retries and restarts.
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.now()
    )


class User(Base):
    """A dashboard account: the headteacher, the DSL, deputies, the chair of governors."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(40))  # a recipient key in safeguarding.yml
    password_hash: Mapped[str] = mapped_column(String(200))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
