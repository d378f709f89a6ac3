"""Settings read once from the environment and ``school.yml``.

Imported by both environments (the Rasa server's channels and the action server), so it
needs nothing beyond PyYAML, which both have.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str = ""
    email: str = ""

    def __str__(self) -> str:
        ways = [w for w in (self.phone, self.email) if w]
        return f"{self.name} ({', '.join(ways)})" if ways else self.name


@dataclass(frozen=True)
class SchoolContacts:
    school: str
    office: Contact
    dsl: Contact
    headteacher: Contact
    emergency: str

    def who_to_ask(self, role: str) -> str:
        """Where a question the policy does not answer should go."""
        if role == "staff":
            return f"Please ask {self.headteacher} or {self.dsl}."
        return f"Please ask {self.office}."

    def routes(self) -> str:
        """The direct routes, for when the assistant itself cannot help."""
        return f"You can contact {self.office}, or for a safeguarding concern {self.dsl}."


@cache
def school_contacts(path: Path | None = None) -> SchoolContacts:
    path = path or Path(os.environ.get("SCHOOL_CONFIG", ROOT / "school.yml"))
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return SchoolContacts(
        school=raw["school"],
        office=Contact(**raw["office"]),
        dsl=Contact(**raw["dsl"]),
        headteacher=Contact(**raw["headteacher"]),
        emergency=raw["emergency"],
    )


VAR_DIR = Path(os.environ.get("ASSISTANT_VAR_DIR", ROOT / "var"))
INDEX_DIR = Path(os.environ.get("ASSISTANT_INDEX_DIR", VAR_DIR / "index"))
MODEL_DIR = Path(os.environ.get("ASSISTANT_MODEL_DIR", VAR_DIR / "model"))
