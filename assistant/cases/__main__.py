"""Admin commands for the case store.

Usage:
    python -m assistant.cases list            # open cases as JSON (make cases)
    python -m assistant.cases verify-audit    # check the audit log's hash chain
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from sqlalchemy import select

from assistant.cases import audit
from assistant.cases.db import sessions
from assistant.cases.models import Case
from assistant.cases.routing import safeguarding_config


def list_open() -> int:
    recipients = safeguarding_config().recipients
    factory = sessions()
    with factory.begin() as session:
        open_cases = session.scalars(
            select(Case).where(Case.status != "closed").order_by(Case.created_at)
        ).all()
        rows = [
            {
                "reference": c.reference,
                "category": c.category,
                "urgency": c.urgency,
                "status": c.status,
                "created": c.created_at.isoformat(timespec="seconds"),
                "routed_to": recipients[c.routed_to].name,
                "possible_lado_referral": c.possible_lado,
                "lado_due": c.lado_due.isoformat(timespec="seconds") if c.lado_due else None,
            }
            for c in open_cases
        ]
        audit.record(session, f"cli ({getpass.getuser()})", "list_cases", count=len(rows))
    print(json.dumps(rows, indent=2))
    return 0


def verify_audit() -> int:
    with sessions()() as session:
        problems = audit.verify(session)
    for problem in problems:
        print(problem, file=sys.stderr)
    print("audit log intact" if not problems else f"{len(problems)} problem(s) in the audit log")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="assistant.cases", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["list", "verify-audit"])
    args = parser.parse_args(argv)
    return list_open() if args.command == "list" else verify_audit()


if __name__ == "__main__":
    raise SystemExit(main())
