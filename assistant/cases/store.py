"""Saving reports and acting on them. Each public method is one transaction that also
writes its audit row, its chronology entry and any notifications it causes (the outbox),
so either all of it happens or none of it does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case as when
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases import audit, guards  # noqa: F401  (guards registers the listeners)
from assistant.cases.db import sessions
from assistant.cases.models import Case, ChronologyEntry, OutboxMessage, User, utcnow
from assistant.cases.routing import (
    INVOLVED,
    SafeguardingConfig,
    add_working_day,
    route,
    safeguarding_config,
)

MAX_ACCOUNT_CHARS = 100_000  # far beyond any real account; longer is refused, never cut
URGENCY_ORDER = {"immediate": 0, "high": 1, "normal": 2}
OUTCOMES = ("substantiated", "unsubstantiated", "unfounded", "false", "malicious", "resolved")


class ReportRejected(ValueError):
    """The report cannot be saved as given; the message says why, for the reporter."""


class NotAllowed(PermissionError):
    pass


@dataclass(frozen=True)
class NewReport:
    account: str  # in the reporter's own words
    involved: str  # staff, headteacher, pupil, parent, other
    where_when: str
    immediate_danger: bool
    reporter_role: str  # staff or parent, from the channel
    reporter_name: str | None = None
    reporter_contact: str | None = None
    channel: str = "rest"


@dataclass(frozen=True)
class Receipt:
    """What the reporter is told once the report is committed."""

    reference: str
    category: str
    urgency: str
    routed_to: str  # the recipient's name, e.g. "Headteacher"
    possible_lado: bool


def visible_categories(role: str) -> set[str] | None:
    """What a dashboard role may see: the chair sees reports about the headteacher, and
    nobody else does; the headteacher and the DSL team see everything else."""
    if role == "chair_of_governors":
        return {"headteacher_conduct"}
    if role in ("headteacher", "dsl", "deputy_dsl"):
        return None  # all but headteacher_conduct, filtered below
    return set()


class CaseStore:
    def __init__(
        self,
        factory: sessionmaker[Session] | None = None,
        config: SafeguardingConfig | None = None,
    ):
        self.sessions = factory or sessions()
        self.config = config or safeguarding_config()

    # --- reporters ------------------------------------------------------------------

    def submit(self, report: NewReport) -> Receipt:
        account = report.account.strip()
        if not account:
            raise ReportRejected("The report is empty.")
        if len(account) > MAX_ACCOUNT_CHARS:
            raise ReportRejected(
                f"The account is longer than {MAX_ACCOUNT_CHARS:,} characters, so it was not "
                "saved. Please shorten it, or tell the DSL in person."
            )
        if report.involved not in INVOLVED:
            raise ReportRejected(f"Unknown person involved: {report.involved!r}.")
        category, rule, recipient = route(report.involved, account, self.config)
        urgency = (
            "immediate" if report.immediate_danger
            else "high" if category in ("staff_conduct", "headteacher_conduct", "pupil_safety")
            else "normal"
        )  # fmt: skip
        now = utcnow()
        with self.sessions.begin() as session:
            case = Case(
                category=category,
                urgency=urgency,
                routed_to=rule.to,
                possible_lado=rule.lado,
                lado_due=add_working_day(now) if rule.lado else None,
                account=report.account,
                involved=report.involved,
                where_when=report.where_when,
                immediate_danger=report.immediate_danger,
                reporter_role=report.reporter_role,
                reporter_name=report.reporter_name,
                reporter_contact=report.reporter_contact,
                reporter_confidential=report.reporter_role == "staff",
                channel=report.channel,
                created_at=now,
            )
            session.add(case)
            session.flush()
            case.reference = f"SG-{now.year}-{case.id:04d}"
            actor = f"reporter ({report.reporter_role}, {report.channel})"
            self._chronicle(session, case, "created", actor, category=category, routed_to=rule.to)
            audit.record(session, actor, "create", case.id, reference=case.reference)
            self._notify(session, case, rule.to, "new_case")
        return Receipt(case.reference, category, urgency, recipient.name, rule.lado)

    # --- the dashboard ----------------------------------------------------------------

    def open_cases(self, user: User) -> list[Case]:
        """Open cases this user may see, most urgent first, then oldest first."""
        with self.sessions.begin() as session:
            query = select(Case).where(Case.status != "closed")
            query = self._visible(query, user).order_by(
                when(URGENCY_ORDER, value=Case.urgency, else_=9), Case.created_at
            )
            cases = list(session.scalars(query))
            audit.record(session, user.username, "list_cases", count=len(cases))
            return cases

    def view(self, case_id: int, user: User) -> Case:
        """A case with its chronology. Viewing is recorded in both the chronology and the
        audit log."""
        with self.sessions.begin() as session:
            case = self._get(session, case_id, user)
            self._chronicle(session, case, "viewed", user.username)
            audit.record(session, user.username, "view", case.id)
            session.flush()
            session.refresh(case, ["chronology"])
            return case

    def acknowledge(self, case_id: int, user: User) -> None:
        with self.sessions.begin() as session:
            case = self._get(session, case_id, user)
            if case.acknowledged_at is None:
                case.acknowledged_at = utcnow()
                if case.status == "new":
                    case.status = "acknowledged"
                self._chronicle(session, case, "acknowledged", user.username)
                audit.record(session, user.username, "acknowledge", case.id)

    def record_lado_referral(
        self, case_id: int, user: User, referred_on: dt.date, lado_reference: str
    ) -> None:
        with self.sessions.begin() as session:
            case = self._get(session, case_id, user)
            case.status = "referred"
            detail = {"referred_on": referred_on.isoformat(), "lado_reference": lado_reference}
            self._chronicle(session, case, "referred_to_lado", user.username, **detail)
            audit.record(session, user.username, "refer_to_lado", case.id, **detail)

    def add_note(self, case_id: int, user: User, note: str) -> None:
        if not note.strip():
            raise ReportRejected("A note needs some text.")
        with self.sessions.begin() as session:
            case = self._get(session, case_id, user)
            self._chronicle(session, case, "note", user.username, note=note)
            audit.record(session, user.username, "add_note", case.id)

    def close(self, case_id: int, user: User, outcome: str, reason: str) -> None:
        if outcome not in OUTCOMES or not reason.strip():
            raise ReportRejected(f"Closing needs an outcome ({', '.join(OUTCOMES)}) and a reason.")
        with self.sessions.begin() as session:
            case = self._get(session, case_id, user)
            case.status, case.outcome = "closed", outcome
            self._chronicle(session, case, "closed", user.username, outcome=outcome, reason=reason)
            audit.record(session, user.username, "close", case.id, outcome=outcome)

    # --- the worker -------------------------------------------------------------------

    def escalate_unacknowledged(self, now: dt.datetime | None = None) -> int:
        """Notify again (and the deputy DSL) about cases nobody acknowledged in time, and
        remind about LADO referrals that fall due. Returns how many cases were escalated."""
        now = now or utcnow()
        deadline = now - self.config.acknowledge_within
        escalated = 0
        with self.sessions.begin() as session:
            stale = session.scalars(
                select(Case).where(Case.acknowledged_at.is_(None), Case.created_at <= deadline)
            )
            for case in stale:
                added = self._notify(session, case, case.routed_to, "reminder", now)
                if case.routed_to != "chair_of_governors":
                    added += self._notify(session, case, self.config.escalate_to, "reminder", now)
                if added:
                    escalated += 1
                    self._chronicle(session, case, "reminder", "system", reason="not acknowledged")
            due = session.scalars(
                select(Case).where(
                    Case.possible_lado.is_(True),
                    Case.status.not_in(("referred", "closed")),
                    Case.lado_due <= now + dt.timedelta(hours=4),
                )
            )
            for case in due:
                if self._notify(session, case, case.routed_to, "lado_reminder", now):
                    self._chronicle(session, case, "reminder", "system", reason="LADO referral due")
        return escalated

    # --- helpers ----------------------------------------------------------------------

    def _visible(self, query, user: User):
        allowed = visible_categories(user.role)
        if allowed is None:
            return query.where(Case.category != "headteacher_conduct")
        return query.where(Case.category.in_(allowed))

    def _get(self, session: Session, case_id: int, user: User) -> Case:
        case = session.scalars(self._visible(select(Case).where(Case.id == case_id), user)).first()
        if case is None:
            # The refusal is on the record even though the caller's change is not made.
            audit.record(session, user.username, "denied", case_id)
            session.commit()
            raise NotAllowed("No such case, or not one you can see.")
        return case

    @staticmethod
    def _chronicle(session: Session, case: Case, kind: str, actor: str, **detail) -> None:
        session.add(ChronologyEntry(case_id=case.id, kind=kind, actor=actor, detail=detail))

    def _notify(
        self,
        session: Session,
        case: Case,
        recipient_key: str,
        kind: str,
        now: dt.datetime | None = None,
    ) -> int:
        """Queue one message per channel of the recipient; the idempotency key makes a
        second call for the same reason a no-op. Returns how many were queued."""
        recipient = self.config.recipients[recipient_key]
        payload = {
            "reference": case.reference,
            "category": case.category,
            "urgency": case.urgency,
            "kind": kind,
            "link": f"{self.config.dashboard_url}/cases/{case.id}",
        }
        queued = 0
        for channel in recipient.channels():
            suffix = f":{(now or utcnow()):%Y%m%d%H}" if kind == "reminder" else ""
            key = f"{case.reference}:{recipient_key}:{channel}:{kind}{suffix}"
            exists = session.scalars(
                select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)
            ).first()
            if exists is None:
                session.add(
                    OutboxMessage(
                        case_id=case.id, recipient=recipient_key, channel=channel, kind=kind,
                        idempotency_key=key, payload=payload,
                    )
                )  # fmt: skip
                queued += 1
        return queued
