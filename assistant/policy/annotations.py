"""Reviewed, per-clause annotations (``policy_corpus/annotations.yml``): what each clause
requires of whom, under which conditions, and how to say it in one plain sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from assistant.policy.corpus import CORPUS_DIR

ANNOTATIONS_FILE = CORPUS_DIR / "annotations.yml"

FORCES = (
    "prohibition",
    "obligation",
    "permission",
    "permission_with_approval",
    "guidance",
    "information",
)
BINDS = ("staff", "pupils", "parents", "school", "everyone")
# Who is asking (assistant.policy.answers.Role) -> the party a clause's duty falls on.
PARTY = {"staff": "staff", "parent": "parents"}
CONDITION_KEYS = (
    "age_under",
    "when",
    "device",
    "family_link",
    "former_pupil",
    "approval",
    "with_learners",  # used directly with pupils, as a tool for the class
    "group_chat",  # a messaging group run with pupils or families
    "promotion",  # selling, advertising, fundraising or campaigning for oneself
)


@dataclass(frozen=True)
class Annotation:
    force: str
    binds: tuple[str, ...]
    summary: str
    conditions: dict = field(default_factory=dict)
    # Where one party's duty differs from the main one: a pupil must not try to friend
    # staff (prohibition), and the staff member it happens to must tell the head (obligation).
    force_for: dict = field(default_factory=dict)
    # Where a stated fact points at another duty in the clause: tell the head about family
    # links (obligation), but do not network with them on school equipment (prohibition).
    force_when: dict = field(default_factory=dict)

    def force_on(self, role: str, stated: frozenset[str] = frozenset()) -> str:
        """The clause's force for the person asking, given the facts their question states
        (names from ``question.STATED_FACTS``)."""
        picked = next((f for fact, f in self.force_when.items() if fact in stated), None)
        return picked or self.force_for.get(PARTY[role], self.force)

    @property
    def obliges_someone(self) -> bool:
        """Does the clause put a duty on anyone ("... parents will be informed")?"""
        return "obligation" in (self.force, *self.force_for.values())

    @property
    def normative(self) -> bool:
        """Does the clause say what someone may or must do (rather than explain)?"""
        return self.force != "information"


@cache
def load_annotations(path: Path = ANNOTATIONS_FILE) -> dict[str, Annotation]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        cid: Annotation(
            force=a["force"],
            binds=tuple(a["binds"]),
            summary=a["summary"],
            conditions=dict(a.get("conditions") or {}),
            force_for=dict(a.get("force_for") or {}),
            force_when=dict(a.get("force_when") or {}),
        )
        for cid, a in raw.items()
    }
