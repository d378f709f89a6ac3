"""Labelled example messages, read from the project's Rasa NLU data (one source of truth):
what out-of-scope questions and incident reports look like, as opposed to rule questions.

The engine embeds them beside the clauses and uses their nearest neighbours to tell a
question the policy does not cover, and an incident being described, from a rule question.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from assistant.config import ROOT

NLU_DIR = ROOT / "data" / "nlu"
# Example label -> the NLU intent whose examples carry it.
LABELS = {"~out_of_scope": "out_of_scope", "~incident": "report_concern", "~rule": "ask_policy"}

_ENTITY = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def plain(example: str) -> str:
    """An NLU example without Rasa's entity markup: "[fb](platform)" -> "fb"."""
    return _ENTITY.sub(r"\1", example).strip()


def load_examples(directory: Path = NLU_DIR) -> list[tuple[str, str]]:
    """(label, text) pairs for every example of the intents in ``LABELS``."""
    wanted = {intent: label for label, intent in LABELS.items()}
    pairs = []
    for path in sorted(directory.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            label = wanted.get(block.get("intent"))
            if label:
                for line in block["examples"].splitlines():
                    if line.strip().startswith("- "):
                        pairs.append((label, plain(line.strip()[2:])))
    return pairs
