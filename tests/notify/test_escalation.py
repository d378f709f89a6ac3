"""A case nobody acknowledged in time is sent again, to the head and the deputy DSL,
through the same worker; an acknowledged one is not."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases.models import ChronologyEntry, OutboxMessage, User
from assistant.cases.store import CaseStore
from assistant.notify.worker import Cycle, Worker
from tests.notify.conftest import Clock, report, run_once
from tests.notify.services import SmtpSink, TeamsWebhook, TelegramBotApi

HEAD = User(username="head", display_name="Head", role="headteacher", password_hash="-")


def test_an_unacknowledged_case_reminds_the_head_and_the_deputy_once(
    store: CaseStore,
    worker: Worker,
    clock: Clock,
    case_sessions: sessionmaker[Session],
    smtp: SmtpSink,
    telegram: TelegramBotApi,
    teams: TeamsWebhook,
) -> None:
    receipt = store.submit(report())
    assert run_once(worker) == Cycle(delivered=3)
    clock.advance(minutes=61)
    assert run_once(worker) == Cycle(escalated=1, delivered=6)
    assert run_once(worker) == Cycle()  # within the same hour: no second reminder

    reminders = [e for e in smtp.received if "Reminder" in e.message["Subject"]]
    assert sorted(e.to[0] for e in reminders) == ["deputy@school.test", "head@school.test"]
    assert all(receipt.reference in e.message["Subject"] for e in reminders)
    assert sorted(c.form["chat_id"] for c in telegram.sent()) == ["1001", "1001", "1002"]
    assert all("not yet acknowledged" in c.form["text"] for c in telegram.sent()[1:])
    assert sorted(c.path for c in teams.calls) == [
        "/webhook/deputy_dsl", "/webhook/headteacher", "/webhook/headteacher",
    ]  # fmt: skip
    with case_sessions() as session:
        kinds = [e.kind for e in session.scalars(select(ChronologyEntry).order_by("id"))]
        statuses = {r.status for r in session.scalars(select(OutboxMessage))}
    assert kinds == ["created"] + ["notified"] * 3 + ["reminder"] + ["notified"] * 6
    assert statuses == {"delivered"}


def test_an_acknowledged_case_is_not_escalated(
    store: CaseStore, worker: Worker, clock: Clock, smtp: SmtpSink
) -> None:
    store.submit(report())
    run_once(worker)
    store.acknowledge(store.open_cases(HEAD)[0].id, HEAD)
    clock.advance(minutes=61)
    assert run_once(worker) == Cycle()
    assert len(smtp.received) == 1


def test_a_lado_referral_falling_due_reminds_the_head(
    store: CaseStore, worker: Worker, clock: Clock, smtp: SmtpSink
) -> None:
    store.submit(report())
    store.acknowledge(store.open_cases(HEAD)[0].id, HEAD)
    clock.advance(days=4)  # past one working day, whatever today is
    run_once(worker)
    subjects = [e.message["Subject"] for e in smtp.received]
    assert sum("LADO referral due within one working day" in s for s in subjects) == 1
