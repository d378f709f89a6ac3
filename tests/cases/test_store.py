"""The case store on SQLite and PostgreSQL: what is saved, who sees it, what is recorded."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases import audit
from assistant.cases.guards import ImmutableRecord
from assistant.cases.models import AuditEntry, Case, ChronologyEntry, OutboxMessage, User
from assistant.cases.store import CaseStore, NewReport, NotAllowed, ReportRejected

HEAD = User(username="head", display_name="Head", role="headteacher", password_hash="-")
CHAIR = User(username="chair", display_name="Chair", role="chair_of_governors", password_hash="-")
TEACHER = User(username="teacher", display_name="T", role="staff", password_hash="-")


def report(account: str = "A colleague is messaging pupils on Snapchat", **kw) -> NewReport:
    fields = dict(account=account, involved="staff", where_when="Snapchat, last week",
                  immediate_danger=False, reporter_role="staff", reporter_name="Sam",
                  channel="rest")  # fmt: skip
    return NewReport(**(fields | kw))


def test_a_staff_allegation_goes_to_the_head_as_a_possible_lado_referral(
    case_store: CaseStore, case_sessions: sessionmaker[Session]
) -> None:
    receipt = case_store.submit(report())
    assert receipt.reference.startswith("SG-")
    assert (receipt.category, receipt.routed_to, receipt.possible_lado) == (
        "staff_conduct", "Headteacher", True,
    )  # fmt: skip
    with case_sessions() as session:
        case = session.scalars(select(Case)).one()
        assert case.account == "A colleague is messaging pupils on Snapchat"
        assert case.reporter_confidential is True
        assert case.lado_due - case.created_at >= dt.timedelta(days=1)
        outbox = session.scalars(select(OutboxMessage)).all()
        assert {(o.recipient, o.channel) for o in outbox} == {("headteacher", "email")}
        assert "Snapchat" not in str(outbox[0].payload)  # no account text in notifications


@pytest.mark.parametrize(
    ("involved", "account", "category", "to"),
    [
        ("headteacher", "The head sends pupils messages at night", "headteacher_conduct",
         "Chair of Governors"),
        ("pupil", "My son is being bullied on WhatsApp", "cyber_bullying",
         "Designated Safeguarding Lead"),
        ("parent", "A dad keeps threatening me on Facebook", "parent_threat", "Headteacher"),
        ("pupil", "A pupil keeps sending me friend requests", "pupil_contact", "Headteacher"),
        ("other", "A stranger asked a child for photos", "pupil_safety",
         "Designated Safeguarding Lead"),
    ],
)  # fmt: skip
def test_routing_follows_the_guidance(
    case_store: CaseStore, involved: str, account: str, category: str, to: str
) -> None:
    receipt = case_store.submit(report(account, involved=involved))
    assert (receipt.category, receipt.routed_to) == (category, to)


def test_only_the_right_people_see_a_case(case_store: CaseStore) -> None:
    about_staff = case_store.submit(report())
    about_head = case_store.submit(report("The head DMs pupils", involved="headteacher"))
    assert [c.reference for c in case_store.open_cases(HEAD)] == [about_staff.reference]
    assert [c.reference for c in case_store.open_cases(CHAIR)] == [about_head.reference]
    assert case_store.open_cases(TEACHER) == []
    head_case_id = case_store.open_cases(CHAIR)[0].id
    with pytest.raises(NotAllowed):
        case_store.view(head_case_id, HEAD)
    with case_store.sessions() as session:
        denied = session.scalars(select(AuditEntry).where(AuditEntry.action == "denied")).one()
        assert (denied.actor, denied.case_id) == ("head", head_case_id)
        assert audit.verify(session) == []


def test_open_cases_are_ordered_by_urgency_then_age(case_store: CaseStore) -> None:
    normal = case_store.submit(report("A parent threatened me online", involved="parent"))
    immediate = case_store.submit(report("A pupil is at risk now", involved="other",
                                         immediate_danger=True))  # fmt: skip
    high = case_store.submit(report())
    order = [c.reference for c in case_store.open_cases(HEAD)]
    assert order == [immediate.reference, high.reference, normal.reference]


def test_the_chronology_records_every_step_and_the_audit_chain_verifies(
    case_store: CaseStore, case_sessions: sessionmaker[Session]
) -> None:
    case_id = case_store.submit(report()).reference and case_store.open_cases(HEAD)[0].id
    case_store.view(case_id, HEAD)
    case_store.acknowledge(case_id, HEAD)
    case_store.record_lado_referral(case_id, HEAD, dt.date(2026, 11, 27), "LADO-123")
    case_store.add_note(case_id, HEAD, "Spoke to the LADO; awaiting advice.")
    case_store.close(case_id, HEAD, "unsubstantiated", "LADO advised no further action")
    case = case_store.view(case_id, HEAD)
    kinds = [e.kind for e in case.chronology]
    assert kinds == ["created", "viewed", "acknowledged", "referred_to_lado", "note", "closed",
                     "viewed"]  # fmt: skip
    assert case.status == "closed" and case.outcome == "unsubstantiated"
    with case_sessions() as session:
        assert audit.verify(session) == []
        actions = [a.action for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["create", "list_cases", "view", "acknowledge", "refer_to_lado",
                       "add_note", "close", "view"]  # fmt: skip


def test_tampering_with_the_audit_log_is_detected(
    case_store: CaseStore, case_sessions: sessionmaker[Session]
) -> None:
    case_store.submit(report())
    case_store.open_cases(HEAD)
    with case_sessions.begin() as session:  # behind the application's back
        session.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE id = 1"))
    with case_sessions() as session:
        assert audit.verify(session) == ["row 1: contents changed after it was written"]


def test_the_account_and_the_chronology_cannot_be_rewritten(
    case_store: CaseStore, case_sessions: sessionmaker[Session]
) -> None:
    case_store.submit(report())
    with pytest.raises(ImmutableRecord), case_sessions.begin() as session:
        session.scalars(select(Case)).one().account = "edited"
    with pytest.raises(ImmutableRecord), case_sessions.begin() as session:
        session.delete(session.scalars(select(ChronologyEntry)).first())
    with case_sessions() as session:
        assert session.scalars(select(Case)).one().account.startswith("A colleague")


def test_a_very_long_account_is_stored_whole_and_an_empty_one_refused(
    case_store: CaseStore, case_sessions: sessionmaker[Session]
) -> None:
    long = "They said: " + "x" * 50_000 + " <script>alert(1)</script>"
    case_store.submit(report(long))
    with case_sessions() as session:
        assert session.scalars(select(Case)).one().account == long
    with pytest.raises(ReportRejected):
        case_store.submit(report("   "))
    with pytest.raises(ReportRejected, match="not saved"):
        case_store.submit(report("x" * 100_001))


def test_two_reports_at_the_same_moment_are_both_saved_with_distinct_references(
    case_store: CaseStore, case_sessions: sessionmaker[Session]
) -> None:
    receipts, errors = [], []
    barrier = threading.Barrier(4)

    def send(n: int) -> None:
        barrier.wait()
        try:
            receipts.append(case_store.submit(report(f"report number {n}")))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({r.reference for r in receipts}) == 4
    with case_sessions() as session:
        assert audit.verify(session) == []


def test_unacknowledged_cases_are_escalated_to_the_deputy_once_per_hour(
    case_store: CaseStore, case_sessions: sessionmaker[Session]
) -> None:
    case_store.submit(report())
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    assert case_store.escalate_unacknowledged(later) == 1
    assert case_store.escalate_unacknowledged(later) == 0  # same hour: nothing new
    with case_sessions() as session:
        kinds = {(o.recipient, o.kind) for o in session.scalars(select(OutboxMessage))}
    assert ("deputy_dsl", "reminder") in kinds and ("headteacher", "reminder") in kinds
    assert ("headteacher", "lado_reminder") not in kinds  # not due for a working day
    case_store.escalate_unacknowledged(later + dt.timedelta(days=3))
    with case_sessions() as session:
        kinds = {(o.recipient, o.kind) for o in session.scalars(select(OutboxMessage))}
    assert ("headteacher", "lado_reminder") in kinds
