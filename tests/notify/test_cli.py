"""``python -m assistant.notify`` as cron or Procfile would run it: configured only by the
environment, ``--once`` exits after one pass, and SIGTERM stops the loop cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases.models import OutboxMessage
from assistant.cases.store import CaseStore
from assistant.config import ROOT
from tests.notify.conftest import report
from tests.notify.services import TOKEN, SmtpSink, TelegramBotApi


def environment(database_url: str, config_path: Path, smtp: SmtpSink, telegram: TelegramBotApi):
    return os.environ | {
        "DATABASE_URL": database_url,
        "SAFEGUARDING_CONFIG": str(config_path),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "SMTP_FROM": "safeguarding@school.test",
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"{telegram.url}/bot",
        "NOTIFY_POLL_SECONDS": "0.2",
    }


def test_once_delivers_what_is_due_and_exits(
    store: CaseStore,
    database_url: str,
    config_path: Path,
    smtp: SmtpSink,
    telegram: TelegramBotApi,
) -> None:
    store.submit(report())
    env = environment(database_url, config_path, smtp, telegram)
    done = subprocess.run([sys.executable, "-m", "assistant.notify", "--once"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [e.to for e in smtp.received] == [["head@school.test"]]
    assert len(telegram.sent()) == 1
    assert "delivered" in done.stderr
    for secret in ("Quillfeather", TOKEN):
        assert secret not in done.stderr + done.stdout


def test_the_loop_keeps_delivering_and_stops_cleanly_on_sigterm(
    store: CaseStore,
    database_url: str,
    config_path: Path,
    case_sessions: sessionmaker[Session],
    smtp: SmtpSink,
    telegram: TelegramBotApi,
) -> None:
    env = environment(database_url, config_path, smtp, telegram)
    worker = subprocess.Popen([sys.executable, "-m", "assistant.notify"], cwd=ROOT, env=env,
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        store.submit(report())  # while it is running
        deadline = time.monotonic() + 30
        while not smtp.received and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [e.to for e in smtp.received] == [["head@school.test"]]
        worker.send_signal(signal.SIGTERM)
        _, stderr = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, stderr
    assert "notify worker stopped" in stderr and "Quillfeather" not in stderr
    with case_sessions() as session:
        assert "sending" not in set(session.scalars(select(OutboxMessage.status)))
