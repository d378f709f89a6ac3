"""Issue 4's whole path: a report through the REST webhook, the case listed by `make cases`,
one notification each on the headteacher's email and Telegram with no account text, and
the dashboard showing the case with the view in the audit log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from assistant.cases.db import make_engine
from assistant.cases.models import AuditEntry, Case
from assistant.config import ROOT
from assistant.dashboard.accounts import create_user
from assistant.dashboard.app import create_app
from tests.dashboard.conftest import PASSWORD, SECRET, login
from tests.e2e.servers import Servers, fill_report, say
from tests.notify.services import TOKEN, SmtpSink, TelegramBotApi

ACCOUNT = "Mr Pennywhistle keeps messaging Year 6 pupils on Snapchat after 10pm"


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(scope="module")
def telegram() -> Iterator[TelegramBotApi]:
    api = TelegramBotApi()
    api.start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def school(
    servers: Servers, tmp_path_factory: pytest.TempPathFactory, smtp, telegram
) -> Iterator[dict[str, str]]:
    """A school whose headteacher is on email and Telegram, with a case database of its own:
    the action server runs in this environment for the module, then as before."""
    workdir = Path(tmp_path_factory.mktemp("school"))
    raw = yaml.safe_load((ROOT / "safeguarding.yml").read_text())
    raw["recipients"]["headteacher"].update(email="head@school.test", telegram_chat_id="777")
    config = workdir / "safeguarding.yml"
    config.write_text(yaml.safe_dump(raw))
    env = {
        "SAFEGUARDING_CONFIG": str(config),
        "SMTP_PORT": str(smtp.port),
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"{telegram.url}/bot",
        "DATABASE_URL": f"sqlite:///{workdir / 'cases.db'}",
    }
    servers.restart_actions(env)
    yield env
    servers.restart_actions()


def admin(school: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=os.environ | school,
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip


def test_a_report_reaches_the_headteacher_and_nowhere_else(
    servers: Servers, school: dict[str, str], smtp: SmtpSink, telegram: TelegramBotApi
) -> None:
    sender = f"done-{uuid.uuid4().hex[:6]}"
    fill_report(servers, sender, "I'm worried a colleague is messaging pupils on Snapchat",
                ACCOUNT, "Snapchat, this week", "Alex Reporter, 07700 900456")  # fmt: skip
    done = say(servers, sender, "yes")

    listed = json.loads(admin(school, "assistant.cases", "list").stdout)
    case = next(c for c in listed if c["reference"] in done)
    assert case["routed_to"] == "Headteacher" and case["possible_lado_referral"] is True

    admin(school, "assistant.notify", "--once")
    emails = [e for e in smtp.received if "head@school.test" in e.to]
    assert len(emails) == 1 and case["reference"] in emails[0].raw.decode()
    chats = [c for c in telegram.sent() if c.form["chat_id"] == "777"]
    assert len(chats) == 1 and case["reference"] in chats[0].form["text"]
    for delivered in [e.raw.decode() for e in emails] + [c.form["text"] for c in chats]:
        assert "Pennywhistle" not in delivered and "Alex Reporter" not in delivered
    admin(school, "assistant.notify", "--once")  # again: nothing is sent twice
    assert len(smtp.received) == 1 and len(telegram.sent()) == 1

    factory = sessionmaker(make_engine(school["DATABASE_URL"]), expire_on_commit=False)
    create_user(factory, "head", "Mrs Head", "headteacher", PASSWORD)
    with TestClient(create_app(factory, secret=SECRET), base_url="https://testserver") as client:
        assert login(client, "head").status_code == 303
        assert case["reference"] in client.get("/").text
        with factory() as session:
            case_id = session.scalars(
                select(Case.id).where(Case.reference == case["reference"])
            ).one()
        page = client.get(f"/cases/{case_id}")
        assert page.status_code == 200 and ACCOUNT in page.text
    with factory() as session:
        views = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "view", AuditEntry.case_id == case_id)
        ).all()
    assert [v.actor for v in views] == ["head"]
