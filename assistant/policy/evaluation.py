"""Scoring answers against the labelled evaluation set in ``eval/``.

Works on Answer dicts (``Answer.to_dict()`` or the ``custom`` payload from the REST
webhook), so the in-process engine and the whole Rasa assistant are scored the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from assistant.config import ROOT

EVAL_DIR = ROOT / "eval"
SPLITS = ("dev", "heldout")

# The targets the product is held to, on the held-out part (issue 3).
TARGETS = {
    "hit@3": 0.97,
    "hit@1": 0.90,
    "verdict accuracy": 0.95,
    "out-of-scope recall": 0.95,
    "in-scope answered": 0.97,
}


# What `make test` holds the engine to on the held-out part, so that a change cannot make
# answers worse unnoticed: a little under what it scored when last measured (see the
# closing note of issue 3). Raise these as the engine improves; never lower them to pass.
REGRESSION_FLOORS = {
    "hit@1": 0.90,
    "hit@3": 0.96,
    "verdict accuracy": 0.88,
    "out-of-scope recall": 0.93,
    "in-scope answered": 0.97,
}


@dataclass(frozen=True)
class Item:
    q: str
    role: str
    clauses: tuple[str, ...]
    verdict: str
    escalation: str | None
    writer: str | None = None  # the development part: "first" to "ninetysixth" (eval/README.md)

    @property
    def in_scope(self) -> bool:
        return bool(self.clauses)


def load_split(name: str, directory: Path = EVAL_DIR) -> list[Item]:
    items = []
    for line in (directory / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        raw = json.loads(line)
        items.append(
            Item(
                raw["q"],
                raw["role"],
                tuple(raw["clauses"]),
                raw["verdict"],
                raw["escalation"],
                raw.get("writer"),
            )
        )
    return items


def rank_of(item: Item, answer: dict) -> int | None:
    """1-based position of the first correct citation, if any."""
    cited = [c["id"] for c in answer.get("citations", [])]
    return next((i for i, cid in enumerate(cited, 1) if cid in item.clauses), None)


def score(items: list[Item], answers: list[dict]) -> dict[str, float]:
    """The metrics, each a share in 0..1."""
    in_scope = [(i, a) for i, a in zip(items, answers, strict=True) if i.in_scope]
    out_scope = [(i, a) for i, a in zip(items, answers, strict=True) if not i.in_scope]
    ranks = [rank_of(i, a) for i, a in in_scope]
    said_not_covered = [(i, a) for i, a in zip(items, answers, strict=True)
                        if a.get("verdict") == "not_covered"]  # fmt: skip
    incidents = [(i, a) for i, a in zip(items, answers, strict=True) if i.escalation]

    def share(hits: Iterable[bool], of: int) -> float:
        return sum(hits) / of if of else float("nan")

    return {
        "hit@1": share((r == 1 for r in ranks), len(ranks)),
        "hit@3": share((r is not None and r <= 3 for r in ranks), len(ranks)),
        "MRR": sum(1 / r for r in ranks if r) / len(ranks) if ranks else float("nan"),
        "verdict accuracy": share(
            (a.get("verdict") == i.verdict for i, a in zip(items, answers, strict=True)),
            len(items),
        ),
        "out-of-scope precision": share(
            (not i.in_scope for i, _ in said_not_covered), len(said_not_covered)
        ),
        "out-of-scope recall": share(
            (a.get("verdict") == "not_covered" for _, a in out_scope), len(out_scope)
        ),
        "in-scope answered": share(
            (a.get("verdict") != "not_covered" for _, a in in_scope), len(in_scope)
        ),
        "escalation recall": share(
            (a.get("escalation") == i.escalation for i, a in incidents), len(incidents)
        ),
        "false escalations": share(
            (
                bool(a.get("escalation"))
                for i, a in zip(items, answers, strict=True)
                if not i.escalation
            ),
            len(items) - len(incidents),
        ),  # fmt: skip
    }


def answer_all(items: list[Item], ask: Callable[[Item], dict]) -> list[dict]:
    return [ask(item) for item in items]
