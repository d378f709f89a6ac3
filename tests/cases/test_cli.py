"""``make cases`` and ``verify-audit`` as an administrator runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from assistant.cases.store import CaseStore, NewReport

ROOT = Path(__file__).resolve().parents[2]


def run(database_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cases", *args], cwd=ROOT, capture_output=True,
        text=True, env=os.environ | {"DATABASE_URL": database_url}, timeout=120,
    )  # fmt: skip


def test_cases_lists_open_cases_as_json_and_the_audit_verifies(
    case_store: CaseStore, database_url: str, case_sessions
) -> None:
    receipt = case_store.submit(
        NewReport(
            "A colleague is messaging pupils on Snapchat", "staff", "snapchat", False, "staff"
        )  # fmt: skip
    )
    listed = json.loads(run(database_url, "list").stdout)
    assert listed == [listed[0]] and listed[0]["reference"] == receipt.reference
    assert listed[0]["routed_to"] == "Headteacher" and listed[0]["possible_lado_referral"]
    assert "Snapchat" not in json.dumps(listed)  # the account stays on the dashboard
    assert run(database_url, "verify-audit").returncode == 0
    with case_sessions.begin() as session:
        session.execute(text("DELETE FROM audit_log WHERE id = 1"))
    broken = run(database_url, "verify-audit")
    assert broken.returncode == 1 and "does not follow" in broken.stderr
