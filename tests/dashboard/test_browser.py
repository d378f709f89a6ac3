"""The real dashboard in a real browser: Debian's Chromium, driven by Playwright, against
``python -m assistant.dashboard`` started as it would be in production (a real secret,
secure cookies, its own SQLite database). Never skipped: without Chromium it fails and
says how to install it."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from assistant.cases import audit
from assistant.cases.db import make_engine, migrate
from assistant.cases.models import AuditEntry
from assistant.cases.store import CaseStore
from tests.dashboard.conftest import PASSWORD, XSS, case_id, report
from tests.e2e.servers import free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SCREENSHOT = ROOT / "var/screenshots/dashboard-case.png"
# Leading newline and indentation too: "exactly as given" includes the whitespace.
ACCOUNT = f"\n  He messaged a Year 6 pupil at 11pm and wrote:\n  {XSS}\nI have kept the screenshot."
NOTE = "Phoned the LADO; advice to follow. <img src=x onerror=alert(2)>"


@dataclass
class Dashboard:
    url: str
    database_url: str
    case_id: int
    reference: str


@pytest.fixture
def dashboard(tmp_path: Path) -> Iterator[Dashboard]:
    database_url = f"sqlite:///{tmp_path / 'cases.db'}"
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    # The account through the real command line, the case through the store.
    subprocess.run(
        [sys.executable, "-m", "assistant.dashboard.accounts", "add", "head",
         "--role", "headteacher", "--name", "Mrs Head"],
        cwd=ROOT, env=base_env | {"DATABASE_URL": database_url, "DASHBOARD_PASSWORD": PASSWORD},
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    engine = make_engine(database_url)
    migrate(engine)
    factory = sessionmaker(engine, expire_on_commit=False)
    reference = CaseStore(factory).submit(report(ACCOUNT)).reference
    port = free_port()
    env = base_env | {"DATABASE_URL": database_url, "DASHBOARD_PORT": str(port),
                      "DASHBOARD_SECRET": secrets.token_urlsafe(48)}  # fmt: skip
    with open(tmp_path / "dashboard.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "assistant.dashboard"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_until_up(f"http://127.0.0.1:{port}/health", server, time.monotonic(), 60)
            yield Dashboard(
                f"http://127.0.0.1:{port}", database_url, case_id(factory, reference), reference
            )
        finally:
            server.terminate()
            server.wait(timeout=20)
            engine.dispose()


def _sign_in(page: Page, url: str) -> None:
    page.goto(url + "/")
    expect(page).to_have_url(re.compile(r"/login$"))
    page.keyboard.press("Tab")  # the first stop is the skip link, and it shows
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.get_by_label("Username").fill("head")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Open cases", level=1)).to_be_visible()


def test_the_head_opens_acknowledges_and_notes_a_case_in_chromium(dashboard: Dashboard) -> None:
    if not CHROMIUM.exists():
        pytest.fail(
            "Chromium is not installed at /usr/bin/chromium. Install Debian's build with "
            "`apt-get update && apt-get install -y chromium` (CI must do this in .ci/run); "
            "Playwright must never download a browser of its own."
        )
    dialogs: list[str] = []
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            _sign_in(page, dashboard.url)

            row = page.get_by_role("row").filter(has_text=dashboard.reference)
            expect(row).to_contain_text("Staff conduct")
            expect(row).to_contain_text("High")
            row.get_by_role("link", name=dashboard.reference).click()
            expect(page.get_by_role("heading", name=f"Case {dashboard.reference}")).to_be_visible()
            account = page.locator("pre.account").first
            assert account.text_content() == ACCOUNT  # whitespace and all
            expect(account).to_contain_text(XSS)  # shown as text, literally
            expect(page.get_by_text("Confidential.")).to_be_visible()

            page.get_by_role("button", name="Acknowledge").click()
            expect(page.get_by_role("status")).to_have_text("Case acknowledged.")
            page.get_by_label("Note", exact=True).fill(NOTE)
            page.get_by_role("button", name="Add note").click()
            expect(page.get_by_role("status")).to_have_text("Note added to the chronology.")
            chronology = page.locator("table.chronology")
            expect(chronology.get_by_role("row").filter(has_text="Acknowledged")).to_have_count(1)
            expect(chronology).to_contain_text(NOTE)
            assert page.locator("script, img").count() == 0  # nothing from the text came alive
            assert not page.get_by_role("button", name="Acknowledge").is_visible()

            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
    assert dialogs == [], f"a script ran: {dialogs}"
    assert problems == [], f"the browser reported errors: {problems}"
    assert SCREENSHOT.stat().st_size > 10_000

    engine = make_engine(dashboard.database_url)
    try:
        with sessionmaker(engine)() as session:
            rows = [(a.actor, a.action, a.case_id) for a in session.scalars(select(AuditEntry))]
            assert audit.verify(session) == []
    finally:
        engine.dispose()
    assert ("head", "login", None) in rows
    assert ("head", "view", dashboard.case_id) in rows
    for action in ("acknowledge", "add_note"):
        assert ("head", action, dashboard.case_id) in rows
