"""Command line: ``index``, ``ask`` and ``ask-batch`` (the interface evaluation relies on).

Usage:
    python -m assistant.cli index
    python -m assistant.cli ask "Can I friend a former pupil aged 17?" --role staff
    python -m assistant.cli ask-batch questions.jsonl   # one JSON Answer per line, in order
    python -m assistant.cli draft-annotations            # review aid for annotations.yml
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from assistant.policy.answers import ROLES, get_engine
from assistant.policy.render import overdue_notice, render_text


def _ask(args: argparse.Namespace) -> int:
    answer = get_engine().answer(args.question, args.role)
    print(render_text(answer))
    if answer.policy.overdue:
        print("\n" + overdue_notice(answer.policy))
    if answer.escalation:
        print(f"\n(This sounds like something to report: escalation={answer.escalation}.)")
    return 0


def _ask_batch(args: argparse.Namespace) -> int:
    engine = get_engine()
    failed = 0
    with open(0 if args.file == "-" else args.file, encoding="utf-8") as source:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                answer = engine.answer(item["q"], item.get("role", "staff"))
                print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
            except (ValueError, KeyError, TypeError) as exc:
                failed += 1
                print(f"line {number}: {exc}", file=sys.stderr)
                print(json.dumps({"error": str(exc), "line": number}), flush=True)
    return 1 if failed else 0


def _draft_annotations(args: argparse.Namespace) -> int:
    """Where the reviewed annotations depart from the draft read from modal verbs."""
    from tabulate import tabulate

    from assistant.policy.annotations import load_annotations
    from assistant.policy.corpus import load_policy
    from assistant.policy.drafting import draft_force

    reviewed = load_annotations()
    rows = []
    clauses = load_policy().clauses
    for clause in clauses:
        draft = draft_force(clause)
        if draft != reviewed[clause.id].force:
            rows.append([clause.id, draft, reviewed[clause.id].force, clause.text[:60]])
    print(tabulate(rows, headers=["clause", "draft", "reviewed", "text"], tablefmt="github"))
    agreed = len(clauses) - len(rows)
    print(f"\nthe draft agrees with the review on {agreed} of {len(clauses)} clauses")
    return 0


def _index(args: argparse.Namespace) -> int:
    engine = get_engine(progress=True)
    print(f"index ready: {len(engine.index.documents)} documents", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
    parser = argparse.ArgumentParser(prog="assistant", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--role", choices=ROLES, default="staff")
    ask.set_defaults(run=_ask)
    batch = commands.add_parser("ask-batch", help="answer JSON lines {q, role}")
    batch.add_argument("file", help="a .jsonl file, or - for standard input")
    batch.set_defaults(run=_ask_batch)
    commands.add_parser("index", help="build the clause index if it is stale").set_defaults(
        run=_index
    )
    commands.add_parser(
        "draft-annotations", help="compare the reviewed annotations with a modal-verb draft"
    ).set_defaults(run=_draft_annotations)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
