"""The worker against real local services, on SQLite and PostgreSQL (``database_url``)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases.routing import safeguarding_config
from assistant.cases.store import CaseStore, NewReport
from assistant.config import ROOT
from assistant.notify.settings import NotifySettings
from assistant.notify.worker import Cycle, Worker
from tests.notify.services import TOKEN, SmtpSink, TeamsWebhook, TelegramBotApi

# Distinctive, so that finding any of it in a message, a request or a log is unambiguous.
ACCOUNT = "Mr Quillfeather sent pupil Zephyrine a Snapchat at 23:47 saying keep-it-secret-7f3a"
REPORTER = "Ottoline Brackenbury"
DASHBOARD = "https://dashboard.school.test"


def report(account: str = ACCOUNT, **kw) -> NewReport:
    fields = dict(account=account, involved="staff", where_when="Snapchat, last night",
                  immediate_danger=False, reporter_role="staff", reporter_name=REPORTER,
                  reporter_contact="ottoline@home.test", channel="rest")  # fmt: skip
    return NewReport(**(fields | kw))


class Clock:
    """The worker's time: the real time, moved on by the test instead of sleeping."""

    def __init__(self) -> None:
        self.offset = dt.timedelta()

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += dt.timedelta(**delta)


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def telegram() -> Iterator[TelegramBotApi]:
    api = TelegramBotApi()
    api.start()
    yield api
    api.stop()


@pytest.fixture
def teams() -> Iterator[TeamsWebhook]:
    hook = TeamsWebhook()
    hook.start()
    yield hook
    hook.stop()


@pytest.fixture
def config_path(tmp_path: Path, teams: TeamsWebhook) -> Path:
    """The school's routing, with the head and the deputy DSL on all three channels."""
    everywhere = {
        "headteacher": ("Headteacher", "head@school.test", "1001"),
        "deputy_dsl": ("Deputy DSL", "deputy@school.test", "1002"),
    }
    recipients = {
        key: {"name": name, "email": email, "telegram_chat_id": chat,
              "teams_webhook": f"{teams.url}/webhook/{key}"}
        for key, (name, email, chat) in everywhere.items()
    }  # fmt: skip
    recipients["dsl"] = {"name": "Designated Safeguarding Lead", "email": "dsl@school.test"}
    recipients["chair_of_governors"] = {"name": "Chair of Governors", "email": "chair@school.test"}
    raw = yaml.safe_load((ROOT / "safeguarding.yml").read_text(encoding="utf-8"))
    raw |= {"dashboard_url": DASHBOARD, "recipients": recipients}
    path = tmp_path / "safeguarding.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


@pytest.fixture
def store(
    case_sessions: sessionmaker[Session], config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> CaseStore:
    monkeypatch.delenv("DASHBOARD_URL", raising=False)
    return CaseStore(case_sessions, safeguarding_config(config_path))


@pytest.fixture
def settings(smtp: SmtpSink, telegram: TelegramBotApi) -> NotifySettings:
    return NotifySettings(
        smtp_port=smtp.port,
        smtp_from="safeguarding@school.test",
        telegram_token=TOKEN,
        telegram_base_url=f"{telegram.url}/bot",
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def worker(store: CaseStore, settings: NotifySettings, clock: Clock) -> Worker:
    return Worker.from_settings(store, settings, clock=clock)


def run_once(worker: Worker) -> Cycle:
    """One pass in its own event loop, as ``python -m assistant.notify --once`` does."""

    async def once() -> Cycle:
        async with worker:
            return await worker.run_once()

    return asyncio.run(once())
