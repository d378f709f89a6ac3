"""The report conversation's words and decisions, free of Rasa: how an answer to "who is
it about?" is read, what the reporter is shown before saving, and what they are told
after. Safeguarding wording follows shared/docs/safeguarding.md: open questions, 999
first, never a promise of confidentiality."""

from __future__ import annotations

import re

from assistant.cases.store import Receipt
from assistant.config import SchoolContacts

_INVOLVED = (
    ("headteacher", r"\b(head ?teacher|the head|head|ht|principal)\b"),
    ("staff", r"\b(staff|teacher|colleague|ta|teaching assistant|coach|tutor|member of staff|"
              r"lunchtime|supervisor|governor|volunteer|adult (?:at|in|from) (?:the )?school)\b"),
    ("parent", r"\b(parent|mum|mom|dad|carer|guardian|father|mother)\b"),
    ("pupil", r"\b(pupil|child|kid|student|learner|son|daughter|boy|girl|year \d|y\d)\b"),
    ("other", r"\b(someone else|stranger|other|don'?t know|not sure|unknown|somebody)\b"),
)  # fmt: skip
ANONYMOUS = re.compile(r"^\s*(anon(?:ymous)?|no name|rather not( say)?|no)\s*\.?\s*$", re.I)
WHO = {
    "staff": "a member of staff",
    "headteacher": "the headteacher",
    "pupil": "a pupil",
    "parent": "a parent or carer",
    "other": "someone else",
}


def read_involved(text: str) -> str | None:
    """staff, headteacher, pupil, parent or other; None when the answer does not say."""
    for key, pattern in _INVOLVED:
        if re.search(pattern, text, re.IGNORECASE):
            return key
    return None


def danger_first(contacts: SchoolContacts) -> str:
    return (
        f"Please call the police on 999 now, then tell {contacts.dsl} in person. When the "
        "child is safe, come back and we'll finish this report together."
    )


def summary(account: str, involved: str, where_when: str, contact: str | None, routed: str) -> str:
    """What the reporter checks before anything is saved."""
    who = WHO.get(involved, involved)
    reporter = contact if contact else "anonymous"
    return (
        "Before I save it, please check your report:\n"
        f"\u2022 What happened: {account}\n"
        f"\u2022 About: {who}\n"
        f"\u2022 Where and when: {where_when}\n"
        f"\u2022 Your details: {reporter}\n\n"
        f"It will go to {routed}, and is shared only with the people who need to know to keep "
        "children safe. Shall I send it? (yes / no to correct it / stop)"
    )


def received(receipt: Receipt) -> str:
    then = (
        " Because it concerns an adult who works with children, the school will discuss it "
        "with the Local Authority Designated Officer (LADO), normally within one working day."
        if receipt.possible_lado
        else ""
    )
    return (
        f"Thank you. Your report is saved. Your reference is {receipt.reference}. "
        f"{receipt.routed_to} has been notified now and will look at it as a priority.{then} "
        "They may contact you if they need to know more. Please keep the reference; you can "
        "quote it if you speak to the school."
    )


def not_saved(contacts: SchoolContacts) -> str:
    return (
        "I'm sorry: your report could NOT be saved just now, so nobody has received it yet. "
        f"Please contact {contacts.dsl} or {contacts.headteacher} directly today. "
        f"{contacts.emergency} You can also reply 'try again' and I will try to save it again."
    )


def stopped(contacts: SchoolContacts) -> str:
    return (
        "I've stopped. Nothing has been saved or sent. If you want to talk to someone: "
        f"{contacts.routes()} {contacts.emergency}"
    )


def declined() -> str:
    return "All right. If you change your mind, just say 'I want to report something'."


def offer() -> str:
    return "Would you like to report this now? I'll take the details and pass them on."


def not_in_groups(contacts: SchoolContacts) -> str:
    return (
        "Please don't describe it here: everyone in this group would see it. Send me a "
        f"private message instead, or speak to {contacts.dsl}. {contacts.emergency}"
    )
