"""Fixed replies that name the school's contact routes (from ``school.yml``).

Safeguarding wording follows ``shared/docs/safeguarding.md``: 999 first when a child is in
danger, and never a promise of confidentiality.
"""

from __future__ import annotations

from assistant.config import SchoolContacts


def how_to_report(contacts: SchoolContacts) -> str:
    return (
        f"It sounds like something that should be reported. {contacts.emergency} "
        f"Otherwise, please tell {contacts.dsl} or {contacts.headteacher} as soon as you can, "
        "in your own words. They will record it and decide what happens next; it is shared "
        "only with the people who need to know."
    )


def unavailable(contacts: SchoolContacts) -> str:
    return f"Sorry, I can't answer right now. {contacts.routes()} {contacts.emergency}"
