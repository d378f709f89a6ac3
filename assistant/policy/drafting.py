"""A first draft of each clause's force, read from its modal verbs.

The reviewed file ``policy_corpus/annotations.yml`` is the authority; this draft is where a
review starts when the policy changes, and ``assistant.cli draft-annotations`` shows where
the reviewer departed from it (and why that was needed) clause by clause.
"""

from __future__ import annotations

import re

from assistant.policy.corpus import Clause

# Checked in order: the first pattern that matches the clause (with its lead-in) wins.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (force, re.compile(pattern, re.IGNORECASE))
    for force, pattern in (
        (
            "permission_with_approval",
            r"unless (?:prior )?permission|must be approved by|unless .*authorised|"
            r"approved by the head ?teacher first|prior permission",
        ),
        ("permission", r"does not need to be approved|may use|is permitted|are permitted to"),
        # A stated duty holds even in a worked example ("these examples might help").
        ("obligation", r"\b(?:has|have) (?:a |the )?duty(?: of care)? to\b"),
        (
            "guidance",
            r"\badvised\b|for example|examples? might|will result in|action will be taken|"
            r"considered as gross misconduct|should be aware",
        ),
        (
            "prohibition",
            r"\bmust not\b|\bshould not\b|\bshould\s+not\b|\bnot permitted\b|\bis forbidden\b|"
            r"\bno (?:staff member|member of staff|pupil|school computers)\b|\bnot (?:use|engage|"
            r"disclose)\b|will not use|\billegal\b|zero tolerance",
        ),
        (
            "obligation",
            r"\bmust\b|\bwill\b|\bis to\b|\bare to\b|\bshould\b|\bensure\b|\bsign\b|"
            r"\bplease (?:inform|report|contact)\b|\binform\b|\brecord\b|\brefer\b",
        ),
        ("guidance", r"\bmight\b|\bcould\b|\bcan\b|\brecommend"),
    )
)


def draft_force(clause: Clause) -> str:
    """The force a reader would guess from the clause's wording (with its lead-in) alone."""
    if clause.text.rstrip().endswith(":"):
        return "information"  # a lead-in says nothing until its sub-clauses do
    wording = f"{clause.lead_in} {clause.text}" if clause.lead_in else clause.text
    return next((force for force, pattern in PATTERNS if pattern.search(wording)), "information")
