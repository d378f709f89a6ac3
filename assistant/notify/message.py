"""What a notification says. Built from an allow-list of payload fields, so even if the
outbox payload ever carried more (the account, the reporter), none of it would be sent.

The subject line (which shows on lock screens and in mail lists) carries only the
reference, the reason and the urgency; the category is in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.cases.models import OutboxMessage

CATEGORY_WORDS = {
    "staff_conduct": "Concern about a member of staff",
    "headteacher_conduct": "Concern about the headteacher",
    "cyber_bullying": "Cyber-bullying",
    "pupil_safety": "A pupil's safety online",
    "parent_threat": "A parent threatening staff online",
    "pupil_contact": "A pupil contacting staff on social media",
}
URGENCY_WORDS = {"immediate": "Immediate", "high": "High", "normal": "Normal"}
REASON_WORDS = {
    "new_case": "New safeguarding report",
    "reminder": "Reminder: not yet acknowledged",
    "lado_reminder": "LADO referral due within one working day",
}
_NOT_IN_MESSAGE_ID = re.compile(r"[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]")


@dataclass(frozen=True)
class Notification:
    reference: str
    category: str  # a key of CATEGORY_WORDS
    urgency: str  # immediate, high, normal
    reason: str  # new_case, reminder, lado_reminder
    link: str  # the case on the dashboard, where reading it is audited
    idempotency_key: str  # the outbox row's; one delivery per recipient, channel, reason

    @classmethod
    def from_outbox(cls, row: OutboxMessage) -> Notification:
        payload = row.payload
        return cls(
            reference=str(payload["reference"]),
            category=str(payload["category"]),
            urgency=str(payload["urgency"]),
            reason=row.kind,
            link=str(payload["link"]),
            idempotency_key=row.idempotency_key,
        )

    @property
    def category_words(self) -> str:
        return CATEGORY_WORDS.get(self.category, self.category.replace("_", " ").capitalize())

    @property
    def urgency_words(self) -> str:
        return URGENCY_WORDS.get(self.urgency, self.urgency.capitalize())

    @property
    def reason_words(self) -> str:
        return REASON_WORDS.get(self.reason, self.reason.replace("_", " ").capitalize())

    @property
    def subject(self) -> str:
        return f"Safeguarding {self.reference}: {self.reason_words} ({self.urgency_words})"

    def facts(self) -> list[tuple[str, str]]:
        """The message's content as label and value, for senders that lay it out."""
        return [
            ("Reference", self.reference),
            ("Reason", self.reason_words),
            ("Category", self.category_words),
            ("Urgency", self.urgency_words),
        ]

    @property
    def text(self) -> str:
        lines = [f"{label}: {value}" for label, value in self.facts()]
        lines += ["", f"Open the case on the dashboard: {self.link}",
                  "The report itself is only on the dashboard."]  # fmt: skip
        return "\n".join(lines)

    def message_id(self, domain: str) -> str:
        """An RFC 5322 Message-ID that is the same on every retry of this delivery, so a
        mail system (or a person) can drop a duplicate sent after a crash."""
        left = _NOT_IN_MESSAGE_ID.sub(".", self.idempotency_key)
        return f"<{left}@{domain}>"
