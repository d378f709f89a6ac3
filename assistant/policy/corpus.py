"""The policy as data: a parser from the school's text to numbered, verbatim clauses.

The source file in ``policy_corpus/`` is the single source of truth. Everything here is
derived from it, and every clause's ``text`` is a slice of it, so a quotation can always
be traced back (tests check both that and that no line of the source is dropped).

Numbering follows the document's own shape: inside a section, each paragraph or
top-level bullet is a clause (1, 2, 3, ...). Bullets that follow a lead-in ending in a
colon ("Staff will not use personal devices:") are its sub-clauses, numbered 4(a), 4(b)
and carrying the lead-in as context.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import yaml

CORPUS_DIR = Path(__file__).resolve().parents[2] / "policy_corpus"
POLICY_FILE = CORPUS_DIR / "hartest-social-media-policy.txt"
SECTIONS_FILE = CORPUS_DIR / "sections.yml"

# The line that separates the cover page (metadata) from the body.
BODY_MARKER = "SOCIAL MEDIA POLICY"
# When a review date names a season, the review is due by the end of it.
SEASON_END_MONTH = {"spring": 5, "summer": 8, "autumn": 11, "winter": 2}


@dataclass(frozen=True)
class PolicyMeta:
    """The cover page: what a citation names and whether the policy is out of date."""

    title: str
    school: str
    trust: str
    prepared_by: str
    approved_by: str
    approved: str  # as written, e.g. "January 2020"
    review_date: str  # as written, e.g. "Spring 2022"

    @property
    def review_due(self) -> dt.date:
        """Last day of the review period ("Spring 2022" -> 31 May 2022)."""
        word, year = self.review_date.split()
        month = SEASON_END_MONTH.get(word.lower())
        if month is None:
            month = dt.datetime.strptime(word[:3], "%b").month
        return dt.date(int(year), month, calendar.monthrange(int(year), month)[1])

    def overdue(self, today: dt.date | None = None) -> bool:
        return (today or dt.date.today()) > self.review_due


@dataclass(frozen=True)
class Clause:
    """One quotable unit of the policy."""

    id: str  # stable: section key + number, e.g. "staff-devices-4a"
    section: str  # the heading as written
    number: str  # as shown to people, e.g. "4(a)"
    text: str  # verbatim from the source
    lead_in: str | None = None  # the sentence a sub-clause completes
    line: int = 0  # 1-based line in the source where the text starts

    @property
    def context_text(self) -> str:
        """The clause as a reader understands it: section, lead-in, then the text."""
        parts = [self.section, self.lead_in, self.text]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Policy:
    meta: PolicyMeta
    clauses: tuple[Clause, ...]
    source: str = field(repr=False)

    @property
    def content_hash(self) -> str:
        """Changes whenever the source text or its structure changes."""
        h = hashlib.sha256(self.source.encode())
        h.update(SECTIONS_FILE.read_bytes())
        return h.hexdigest()[:16]

    def clause(self, clause_id: str) -> Clause:
        return self._by_id[clause_id]

    @cached_property
    def _by_id(self) -> dict[str, Clause]:
        """Built once: every answer looks clauses up by id several times."""
        return {c.id: c for c in self.clauses}


_BULLET = re.compile(r"^( ?)- (.*)$")
_ITALIC = re.compile(r"</?i>")


def _parse_meta(header: list[str]) -> PolicyMeta:
    fields: dict[str, str] = {}
    names: list[list[str]] = [[]]
    for line in header:
        if "\t" in line:
            key, _, value = line.partition("\t")
            fields[key.strip()] = _ITALIC.sub("", value).strip()
        elif line.strip():
            names[-1].append(line.strip())
        elif names[-1]:
            names.append([])
    trust, school, title = (" ".join(n) for n in names[:3])
    return PolicyMeta(
        title=title,
        school=school,
        trust=trust,
        prepared_by=fields["Prepared By"],
        approved_by=fields["Approved by the Committee/Governing body"],
        approved=fields["Date Approved"],
        review_date=fields["Review Date"],
    )


def parse_policy(source: str, sections: list[dict[str, str]]) -> Policy:
    """Split the policy text into metadata and clauses."""
    lines = source.splitlines()
    body_start = next(i for i, line in enumerate(lines) if line.strip() == BODY_MARKER)
    meta = _parse_meta(lines[:body_start])
    keys = {s["heading"]: s["key"] for s in sections}

    clauses: list[Clause] = []
    section = key = ""
    number = letter = 0
    parent = ""  # text of the current top-level clause
    paragraph_lead_in = False  # the current paragraph ends with ":", so bullets complete it
    building: dict | None = None  # the clause being read, so wrapped lines can join it

    def close() -> None:
        nonlocal building
        if building is not None:
            clauses.append(Clause(**building))
            building = None

    for i, line in enumerate(lines[body_start + 1 :], start=body_start + 2):
        stripped = line.strip()
        if not stripped:
            close()
            continue
        if stripped in keys:
            close()
            section, key, number, paragraph_lead_in = stripped, keys[stripped], 0, False
            continue
        if not section:
            raise ValueError(f"line {i}: text before the first known heading: {stripped!r}")
        bullet = _BULLET.match(line)
        if bullet is None and building is not None:
            # A wrapped line (such as a URL) continues the clause above it.
            building["text"] += "\n" + line
            continue
        close()
        text = bullet.group(2) if bullet else line
        nested = bool(bullet and bullet.group(1))
        if nested or (bullet and paragraph_lead_in):
            letter += 1
            suffix = chr(ord("a") + letter - 1)
            building = dict(
                id=f"{key}-{number}{suffix}",
                section=section,
                number=f"{number}({suffix})",
                text=text,
                lead_in=parent,
                line=i,
            )
            continue
        number, letter, parent = number + 1, 0, text
        if not bullet:
            paragraph_lead_in = text.rstrip().endswith(":")
        building = dict(
            id=f"{key}-{number}", section=section, number=str(number), text=text, line=i
        )
    close()
    return Policy(meta=meta, clauses=tuple(clauses), source=source)


@cache
def load_policy(path: Path = POLICY_FILE) -> Policy:
    """The school's policy, parsed once per process."""
    sections = yaml.safe_load(SECTIONS_FILE.read_text(encoding="utf-8"))
    return parse_policy(path.read_text(encoding="utf-8"), sections)
