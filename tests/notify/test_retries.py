"""Outages, crashes and competing workers: nothing is lost, nothing is sent twice."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases.models import ChronologyEntry, OutboxMessage
from assistant.cases.store import CaseStore
from assistant.notify.settings import NotifySettings
from assistant.notify.worker import Cycle, Worker
from tests.notify.conftest import Clock, report, run_once
from tests.notify.services import TOKEN, SmtpSink, TeamsWebhook, TelegramBotApi


def outbox(factory: sessionmaker[Session]) -> dict[str, OutboxMessage]:
    with factory() as session:
        return {row.channel: row for row in session.scalars(select(OutboxMessage))}


def test_an_outage_is_retried_with_backoff_and_then_delivered_once(
    store: CaseStore,
    worker: Worker,
    clock: Clock,
    case_sessions: sessionmaker[Session],
    smtp: SmtpSink,
    telegram: TelegramBotApi,
    teams: TeamsWebhook,
) -> None:
    smtp.stop()
    telegram.failing = teams.failing = True
    store.submit(report())

    assert run_once(worker) == Cycle(retrying=3)
    rows = outbox(case_sessions)
    for row in rows.values():
        assert (row.status, row.attempts, row.delivered_at, row.lease_until) == (
            "pending", 1, None, None,
        )  # fmt: skip
        assert clock() < row.next_attempt_at <= clock() + dt.timedelta(seconds=5.6)
        assert row.last_error and "http" not in row.last_error and TOKEN not in row.last_error
    assert "SMTP" in rows["email"].last_error and "500" in rows["teams"].last_error
    assert telegram.refused and teams.refused

    assert run_once(worker) == Cycle()  # not due yet: nothing tried
    assert {r.attempts for r in outbox(case_sessions).values()} == {1}

    smtp.start()
    telegram.failing = teams.failing = False
    clock.advance(minutes=11)
    assert run_once(worker) == Cycle(delivered=3)
    clock.advance(minutes=11)
    assert run_once(worker) == Cycle()
    assert (len(smtp.received), len(telegram.sent()), len(teams.calls)) == (1, 1, 1)
    assert {(r.status, r.attempts) for r in outbox(case_sessions).values()} == {("delivered", 2)}


def test_after_the_last_attempt_a_row_fails_and_the_case_says_so(
    store: CaseStore,
    settings: NotifySettings,
    clock: Clock,
    case_sessions: sessionmaker[Session],
    smtp: SmtpSink,
    caplog: pytest.LogCaptureFixture,
) -> None:
    worker = Worker.from_settings(store, dataclasses.replace(settings, max_attempts=3), clock=clock)
    smtp.stop()
    store.submit(report())
    cycles = []
    for _ in range(4):  # 44 minutes: before any reminder is due
        cycles.append(run_once(worker))
        clock.advance(minutes=11)
    assert [c.retrying for c in cycles] == [1, 1, 0, 0]
    assert [c.failed for c in cycles] == [0, 0, 1, 0]
    row = outbox(case_sessions)["email"]
    assert (row.status, row.attempts) == ("failed", 3)
    assert "gave up after 3 attempts" in caplog.text
    smtp.start()
    run_once(worker)
    assert [e for e in smtp.received if "new_case" in e.message["Message-ID"]] == []
    with case_sessions() as session:
        failed = session.scalars(
            select(ChronologyEntry).where(ChronologyEntry.kind == "notify_failed")
        ).one()
    assert failed.detail == {"recipient": "headteacher", "channel": "email",
                             "reason": "new_case", "attempts": 3}  # fmt: skip


def test_a_row_left_sending_by_a_crashed_worker_is_sent_once_its_lease_runs_out(
    store: CaseStore,
    worker: Worker,
    clock: Clock,
    case_sessions: sessionmaker[Session],
    smtp: SmtpSink,
    telegram: TelegramBotApi,
    teams: TeamsWebhook,
) -> None:
    store.submit(report())
    with case_sessions.begin() as session:  # one worker died mid-send; another is sending
        rows = {r.channel: r for r in session.scalars(select(OutboxMessage))}
        rows["email"].status, rows["email"].attempts = "sending", 1
        rows["email"].lease_until = clock() - dt.timedelta(seconds=1)
        rows["telegram"].status, rows["telegram"].attempts = "sending", 1
        rows["telegram"].lease_until = clock() + dt.timedelta(minutes=4)
    assert run_once(worker) == Cycle(delivered=2)  # email (taken over) and teams
    assert (len(smtp.received), len(telegram.sent()), len(teams.calls)) == (1, 0, 1)
    assert (outbox(case_sessions)["telegram"].status, outbox(case_sessions)["email"].attempts) == (
        "sending", 2,
    )  # fmt: skip
    clock.advance(minutes=5)  # the other worker never finished either
    assert run_once(worker) == Cycle(delivered=1)
    assert (len(smtp.received), len(telegram.sent()), len(teams.calls)) == (1, 1, 1)


def test_two_workers_racing_deliver_each_row_once(
    store: CaseStore,
    settings: NotifySettings,
    case_sessions: sessionmaker[Session],
    smtp: SmtpSink,
    telegram: TelegramBotApi,
    teams: TeamsWebhook,
) -> None:
    for n in range(6):
        store.submit(report(f"report number {n}", involved=("staff", "parent", "pupil")[n % 3]))
    workers = [Worker.from_settings(store, settings, batch=2) for _ in range(2)]
    barrier = threading.Barrier(2)
    cycles: list[Cycle] = []
    errors: list[BaseException] = []

    def race(worker: Worker) -> None:
        async def once() -> Cycle:
            async with worker:
                barrier.wait()
                return await worker.run_once()

        try:
            cycles.append(asyncio.run(once()))
        except BaseException as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=race, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with case_sessions() as session:
        rows = session.scalars(select(OutboxMessage)).all()
        notified = session.scalars(
            select(ChronologyEntry).where(ChronologyEntry.kind == "notified")
        ).all()
    assert {r.status for r in rows} == {"delivered"} and {r.attempts for r in rows} == {1}
    assert sum(c.delivered for c in cycles) == len(rows) == len(notified)
    by_channel = {ch: sum(r.channel == ch for r in rows) for ch in ("email", "telegram", "teams")}
    ids = [e.message["Message-ID"] for e in smtp.received]
    assert len(ids) == len(set(ids)) == by_channel["email"]
    assert len(telegram.sent()) == by_channel["telegram"]
    assert len(teams.calls) == by_channel["teams"]


def test_a_throttled_teams_webhook_is_retried_even_though_it_answered_200(
    store: CaseStore,
    worker: Worker,
    clock: Clock,
    case_sessions: sessionmaker[Session],
    teams: TeamsWebhook,
) -> None:
    teams.throttled = True
    store.submit(report())
    assert run_once(worker) == Cycle(delivered=2, retrying=1)
    assert "reported an error" in outbox(case_sessions)["teams"].last_error
    teams.throttled = False
    clock.advance(seconds=6)
    assert run_once(worker) == Cycle(delivered=1)
    assert [c.path for c in teams.calls] == ["/webhook/headteacher"] * 2  # refused, then taken


def test_a_row_whose_last_attempt_was_cut_short_fails_instead_of_looping(
    store: CaseStore,
    worker: Worker,
    clock: Clock,
    case_sessions: sessionmaker[Session],
    smtp: SmtpSink,
) -> None:
    """A message that crashes the worker every time must not be retried for ever."""
    store.submit(report())
    with case_sessions.begin() as session:
        row = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "email")).one()
        row.status, row.attempts = "sending", worker.max_attempts
        row.lease_until = clock() - dt.timedelta(seconds=1)
    assert run_once(worker) == Cycle(delivered=2, failed=1)
    assert outbox(case_sessions)["email"].status == "failed" and smtp.received == []
