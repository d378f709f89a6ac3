"""Score the assistant on the evaluation set: ``make eval`` (in-process, with the plain BM25
and dense baselines beside it) or ``make eval E2E=1`` (through the Rasa REST webhook).

Usage:
    .venv/actions/bin/python -m scripts.evaluate [--e2e] [--split dev|heldout|all]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tabulate import tabulate
from tqdm import tqdm

from assistant import reports
from assistant.policy.evaluation import SPLITS, TARGETS, Item, load_split, score
from assistant.policy.question import about_social_media, asks_who_it_covers

METRICS = (
    "hit@1", "hit@3", "MRR", "verdict accuracy", "out-of-scope precision",
    "out-of-scope recall", "in-scope answered", "escalation recall", "false escalations",
)  # fmt: skip


def engines() -> dict:
    from assistant.policy.answers import baseline_engine, get_engine

    return {
        "assistant": get_engine(),
        "plain BM25": baseline_engine("bm25"),
        "plain dense": baseline_engine("dense"),
    }


def run_in_process(splits: list[str]) -> None:
    systems = engines()
    for split in splits:
        items = load_split(split)
        answers = {
            name: [
                engine.answer(i.q, i.role).to_dict()
                for i in tqdm(items, desc=f"{split}: {name}", file=sys.stderr, leave=False)
            ]
            for name, engine in systems.items()
        }
        print_table(split, len(items), {n: score(items, a) for n, a in answers.items()})
        print_by_writer(split, items, answers["assistant"])
    calibration()


def print_by_writer(split: str, items: list[Item], answers: list[dict]) -> None:
    """The assistant on each writer's part, a row each, where the items name writers: the
    first writer also wrote the held-out part, the others show how other voices fare."""
    writers = dict.fromkeys(i.writer for i in items if i.writer)  # in the file's order
    if not writers:
        return
    results = {}
    for writer in writers:
        chosen = [n for n, i in enumerate(items) if i.writer == writer]
        results[f"{writer} ({len(chosen)})"] = score(
            [items[n] for n in chosen], [answers[n] for n in chosen]
        )
    rows = [[name, *(f"{r[m]:.3f}" for m in METRICS)] for name, r in results.items()]
    print(f"\n{split}, the assistant by writer (questions)")
    print(tabulate(rows, headers=["writer", *METRICS], tablefmt="github", disable_numparse=True))


def calibration(split: str = "dev") -> None:
    """The scope trade-off on the development part: how many out-of-scope questions are
    recognised, and how many in-scope ones still answered, for each floor and margin."""
    from assistant.policy import answers

    engine = answers.get_engine()
    items = load_split(split)
    # A question about social media gets the margin raised by as much as the engine raises it.
    social_shift = answers.OUT_OF_SCOPE_MARGIN_SOCIAL - answers.OUT_OF_SCOPE_MARGIN
    seen = []
    for item in items:
        text = engine.read(item.q)
        hits, neighbours = engine._search(text)
        closest = max(h.dense for h in hits)
        shift = social_shift if about_social_media(text) else 0.0
        oos = neighbours.best.get("~out_of_scope", -1.0) - shift
        # "does this policy apply to me?" is answered whatever the scores, as the engine does.
        seen.append((item.in_scope, closest, oos, asks_who_it_covers(text)))
    rows = []
    for floor in (0.30, 0.35, 0.40, 0.45, 0.50):
        for margin in (-0.05, 0.0, 0.05, 0.10):
            covered = [(inside, always or (c >= floor and oos <= c + margin))
                       for inside, c, oos, always in seen]  # fmt: skip
            oos = [not cov for inside, cov in covered if not inside]
            answered = [cov for inside, cov in covered if inside]
            chosen = (floor, margin) == (answers.IN_SCOPE_MIN_DENSE, answers.OUT_OF_SCOPE_MARGIN)
            rows.append([
                f"{floor:.2f}", f"{margin:+.2f}", f"{sum(oos) / len(oos):.3f}",
                f"{sum(answered) / len(answered):.3f}", "<- in use" if chosen else "",
            ])  # fmt: skip
    print(f"\nscope calibration on {split} (not_covered when the closest phrasing < floor, or a")
    print("known out-of-scope question is closer than it by more than the margin)")
    print(tabulate(rows, headers=["floor", "margin", "OOS recall", "in-scope answered", ""],
                   tablefmt="github", disable_numparse=True))  # fmt: skip
    print(f"(a described incident has the floor {answers.INCIDENT_MIN_DENSE:.2f} instead; a "
          f"question that names social media, the margin {social_shift:+.2f} higher)")  # fmt: skip


def run_e2e(splits: list[str]) -> None:
    from tests.e2e.servers import Servers

    with tempfile.TemporaryDirectory() as scratch:
        print("eval: starting the action server and the Rasa server...", file=sys.stderr)
        servers = Servers(Path(scratch)).start()
        try:
            for split in splits:
                items = load_split(split)
                answers = [
                    ask_rest(servers, item, n)
                    for n, item in enumerate(tqdm(items, desc=f"{split}: REST", file=sys.stderr))
                ]
                print_table(split, len(items), {"assistant via Rasa REST": score(items, answers)})
                print_by_writer(split, items, answers)
        finally:
            servers.stop()


def ask_rest(servers, item: Item, n: int) -> dict:
    """The Answer in the reply's custom payload. A report started by the NLU (the form asks
    about immediate danger) is an escalation with no answer, and so is an answer followed
    by the offer to report when the answer itself names none: right where one was expected
    (neither tells disclosure from report), a false escalation where none was."""
    messages = servers.send(item.q, sender=f"eval-{n}", metadata={"role": item.role})
    offered = any(m.get("text") == reports.offer() for m in messages)
    reported = offered or any("immediate danger" in m.get("text", "") for m in messages)
    escalated = (item.escalation or "report") if reported else None
    for message in messages:
        if "answer" in (message.get("custom") or {}):
            answer = message["custom"]["answer"]
            return answer | {"escalation": answer.get("escalation") or escalated}
    return {"verdict": None, "citations": [], "escalation": escalated}


def print_table(split: str, size: int, results: dict[str, dict[str, float]]) -> None:
    names = list(results)
    rows = []
    for metric in METRICS:
        target = TARGETS.get(metric)
        rows.append(
            [metric, *(f"{results[n][metric]:.3f}" for n in names),
             f">= {target:.2f}" if target else ""]
        )  # fmt: skip
    print(f"\n{split} ({size} questions)")
    print(tabulate(rows, headers=["metric", *names, "target (held-out)"], tablefmt="github",
                   disable_numparse=True))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--e2e", action="store_true", help="through the Rasa REST webhook")
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    args = parser.parse_args()
    splits = list(SPLITS) if args.split == "all" else [args.split]
    (run_e2e if args.e2e else run_in_process)(splits)


if __name__ == "__main__":
    main()
