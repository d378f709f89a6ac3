"""A new report reaches the head on every channel, once, with nothing of the account."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases.models import ChronologyEntry, OutboxMessage
from assistant.cases.store import CaseStore
from assistant.notify.worker import Worker
from tests.notify.conftest import ACCOUNT, DASHBOARD, REPORTER, report, run_once
from tests.notify.services import SmtpSink, TeamsWebhook, TelegramBotApi

SECRETS = ("Quillfeather", "Zephyrine", "keep-it-secret-7f3a", "Brackenbury", "ottoline@")


def assert_nothing_of_the_report(text: str) -> None:
    for fragment in SECRETS:
        assert fragment not in text


def test_a_new_report_is_emailed_to_the_head_once_without_the_account(
    store: CaseStore, worker: Worker, smtp: SmtpSink, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # ours, and python-telegram-bot's and httpx's
    receipt = store.submit(report())
    cycle = run_once(worker)
    assert cycle.delivered == 3  # email, Telegram, Teams
    assert [e.to for e in smtp.received] == [["head@school.test"]]
    raw = smtp.received[0].raw.decode()
    assert_nothing_of_the_report(raw)
    assert_nothing_of_the_report(caplog.text)
    email = smtp.received[0].message
    assert receipt.reference in email["Subject"] and "New safeguarding report" in email["Subject"]
    assert "Concern about a member of staff" not in email["Subject"]  # lock screens show it
    body = email.get_content()
    assert f"{DASHBOARD}/cases/1" in body and receipt.reference in body
    assert "Concern about a member of staff" in body and "Urgency: High" in body
    assert email["Message-ID"] == f"<{receipt.reference}.headteacher.email.new_case@school.test>"


def test_the_head_gets_one_telegram_message_without_the_account(
    store: CaseStore, worker: Worker, telegram: TelegramBotApi
) -> None:
    receipt = store.submit(report())
    run_once(worker)
    [sent] = telegram.sent()
    assert sent.form["chat_id"] == "1001"
    assert receipt.reference in sent.form["text"] and f"{DASHBOARD}/cases/1" in sent.form["text"]
    assert '"is_disabled": true' in sent.form["link_preview_options"]
    assert_nothing_of_the_report(sent.body.decode())


def test_the_head_gets_one_teams_card_without_the_account(
    store: CaseStore, worker: Worker, teams: TeamsWebhook
) -> None:
    receipt = store.submit(report())
    run_once(worker)
    [posted] = teams.calls
    assert posted.path == "/webhook/headteacher"
    card = posted.json["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    facts = dict((f["title"], f["value"]) for f in card["content"]["body"][1]["facts"])
    assert facts["Reference"] == receipt.reference and facts["Urgency"] == "High"
    assert card["content"]["actions"][0]["url"] == f"{DASHBOARD}/cases/1"
    assert_nothing_of_the_report(posted.body.decode())


def test_each_delivery_is_in_the_chronology_and_never_repeated(
    store: CaseStore,
    worker: Worker,
    case_sessions: sessionmaker[Session],
    smtp: SmtpSink,
    telegram: TelegramBotApi,
    teams: TeamsWebhook,
) -> None:
    store.submit(report())
    run_once(worker)
    again = run_once(worker)
    assert again.delivered == 0
    assert (len(smtp.received), len(telegram.sent()), len(teams.calls)) == (1, 1, 1)
    with case_sessions() as session:
        rows = session.scalars(select(OutboxMessage)).all()
        assert {r.status for r in rows} == {"delivered"} and all(r.delivered_at for r in rows)
        notified = session.scalars(
            select(ChronologyEntry).where(ChronologyEntry.kind == "notified")
        ).all()
    assert sorted(e.detail["channel"] for e in notified) == ["email", "teams", "telegram"]
    assert {(e.actor, e.detail["recipient"], e.detail["reason"]) for e in notified} == {
        ("system", "headteacher", "new_case")
    }


def test_a_payload_that_somehow_carried_the_account_still_sends_none_of_it(
    store: CaseStore, worker: Worker, case_sessions: sessionmaker[Session], smtp: SmtpSink
) -> None:
    """The message is built from an allow-list of fields, not from the whole payload."""
    store.submit(report())
    with case_sessions.begin() as session:
        for row in session.scalars(select(OutboxMessage)):
            row.payload = row.payload | {"account": ACCOUNT, "reporter_name": REPORTER}
    run_once(worker)
    assert len(smtp.received) == 1
    assert_nothing_of_the_report(smtp.received[0].raw.decode())
