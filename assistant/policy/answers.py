"""The answer contract: a question and a role in, a verdict with verbatim citations out.

No Rasa here. The action server, the CLI and the evaluation all call ``PolicyEngine.answer``
and get the same ``Answer``; ``Answer.to_dict()`` is the stable JSON form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from functools import cache
from typing import Literal

from assistant.config import INDEX_DIR, SchoolContacts, school_contacts
from assistant.policy.annotations import Annotation, load_annotations
from assistant.policy.corpus import Policy, load_policy
from assistant.policy.index import ClauseIndex, Hit, load_or_build
from assistant.policy.question import (
    Facts,
    clean,
    escalation,
    extract_facts,
    has_words,
    looks_english,
)

Role = Literal["staff", "parent"]
ROLES: tuple[Role, ...] = ("staff", "parent")
VERDICTS = (
    "permitted",
    "permitted_with_permission",
    "not_permitted",
    "required",
    "guidance",
    "not_covered",
)

# Below this cosine similarity the best clause is not about the question at all.
IN_SCOPE_MIN_DENSE = 0.40
# ...and a higher bar when the NLU already judged the message out of scope.
IN_SCOPE_MIN_DENSE_STRICT = 0.55
# Further clauses are quoted only when they are about the question too.
CITE_MIN_DENSE = 0.35
MAX_CITATIONS = 3

FORCE_VERDICT = {
    "prohibition": "not_permitted",
    "obligation": "required",
    "permission": "permitted",
    "permission_with_approval": "permitted_with_permission",
    "guidance": "guidance",
    "information": "guidance",
}
VERDICT_LEAD = {
    "not_permitted": "No",
    "permitted": "Yes",
    "permitted_with_permission": "Only with the headteacher's permission",
    "required": "Yes, this is required",
    "guidance": "Guidance",
}


@dataclass(frozen=True)
class Citation:
    id: str
    section: str
    number: str
    text: str  # verbatim from the policy
    score: float  # how closely the clause matches the question, 0..1
    lead_in: str | None = None


@dataclass(frozen=True)
class PolicyInfo:
    title: str
    school: str
    trust: str
    approved: str
    review_date: str
    overdue: bool


@dataclass(frozen=True)
class Answer:
    verdict: str
    summary: str
    citations: tuple[Citation, ...]
    policy: PolicyInfo
    escalation: str | None = None  # "disclosure" or "report" when an incident is described

    def to_dict(self) -> dict:
        return asdict(self) | {"citations": [asdict(c) for c in self.citations]}


class PolicyEngine:
    def __init__(
        self,
        policy: Policy,
        index: ClauseIndex,
        annotations: dict[str, Annotation],
        contacts: SchoolContacts,
    ):
        self.policy = policy
        self.index = index
        self.annotations = annotations
        self.contacts = contacts

    def answer(
        self,
        question: str | None,
        role: Role = "staff",
        today: dt.date | None = None,
        strict: bool = False,
    ) -> Answer:
        """Answer one question. ``strict`` asks for stronger evidence that the policy
        covers it (the NLU thought it out of scope)."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, not {role!r}")
        text = clean(question)
        info = self._policy_info(today)
        if not has_words(text):
            return Answer(
                "not_covered",
                "Please type your question in words, for example: "
                "\u201cCan I accept a friend request from a parent?\u201d",
                (),
                info,
            )
        if not looks_english(text):
            return Answer(
                "not_covered",
                "Sorry, I can only answer questions in English. " + self.contacts.who_to_ask(role),
                (),
                info,
            )
        hint = escalation(text)
        hits = self.index.search(text, k=5)
        floor = IN_SCOPE_MIN_DENSE_STRICT if strict else IN_SCOPE_MIN_DENSE
        if not hits or hits[0].dense < floor:
            return Answer(
                "not_covered",
                "The Social Media Policy doesn't cover that. " + self.contacts.who_to_ask(role),
                (),
                info,
                hint,
            )
        verdict, summary, deciding = self._decide(hits, extract_facts(text))
        return Answer(verdict, summary, self._citations(hits, deciding), info, hint)

    # --- the parts of an answer ---------------------------------------------------------

    def _decide(self, hits: list[Hit], facts: Facts) -> tuple[str, str, Hit]:
        """The verdict comes from the best-matching clause that says what to do and whose
        conditions the stated facts do not rule out."""
        relevant = [h for h in hits[:3] if h.dense >= CITE_MIN_DENSE] or hits[:1]
        ruled_out: tuple[Hit, int] | None = None
        for hit in relevant:
            note = self.annotations[hit.clause_id]
            if not note.normative:
                continue
            limit = note.conditions.get("age_under")
            if limit and facts.age is not None and facts.age >= limit:
                ruled_out = ruled_out or (hit, limit)
                continue
            verdict = FORCE_VERDICT[note.force]
            lead = VERDICT_LEAD[verdict]
            if limit and facts.age is None and verdict == "not_permitted":
                lead = f"No, if they are under {limit}"
            return verdict, f"{lead}: {note.summary}", hit
        if ruled_out:
            hit, limit = ruled_out
            return (
                "guidance",
                f"Not under this rule: it applies to anyone under {limit}, and you said "
                f"{facts.age}. Other parts of the policy, such as its rules on private "
                "messaging, may still apply.",
                hit,
            )
        top = relevant[0]
        return "guidance", f"Guidance: {self.annotations[top.clause_id].summary}", top

    def _citations(self, hits: list[Hit], deciding: Hit) -> tuple[Citation, ...]:
        chosen = [deciding] + [
            h for h in hits[:3] if h is not deciding and h.dense >= CITE_MIN_DENSE
        ]
        citations = []
        for hit in chosen[:MAX_CITATIONS]:
            clause = self.policy.clause(hit.clause_id)
            citations.append(
                Citation(
                    id=clause.id,
                    section=clause.section,
                    number=clause.number,
                    text=clause.text,
                    score=round(hit.dense, 3),
                    lead_in=clause.lead_in,
                )
            )
        return tuple(citations)

    def _policy_info(self, today: dt.date | None) -> PolicyInfo:
        meta = self.policy.meta
        return PolicyInfo(
            title=meta.title,
            school=meta.school,
            trust=meta.trust,
            approved=meta.approved,
            review_date=meta.review_date,
            overdue=meta.overdue(today),
        )


@cache
def get_engine(progress: bool = False) -> PolicyEngine:
    """The engine for this process: model and index load once, on first use."""
    from assistant.policy.embedder import Embedder

    policy = load_policy()
    index = load_or_build(INDEX_DIR, policy, Embedder(), progress=progress)
    return PolicyEngine(policy, index, load_annotations(), school_contacts())
