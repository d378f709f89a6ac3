"""Who hears about a report, from ``safeguarding.yml`` (recipients and rules are data).

The category comes from the reporter's answers: who is involved, and what happened.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from assistant.config import ROOT

CATEGORIES = (
    "staff_conduct",
    "headteacher_conduct",
    "cyber_bullying",
    "pupil_safety",
    "parent_threat",
    "pupil_contact",
)
INVOLVED = ("staff", "headteacher", "pupil", "parent", "other")

_FRIENDING = re.compile(r"\b(friend|add(?:ed|ing|s)?|follow|request)", re.IGNORECASE)
_BULLYING = re.compile(r"\b(bull(?:y|ied|ying)|taunt|nasty|mean|threat|troll|harass)", re.I)


@dataclass(frozen=True)
class Recipient:
    key: str
    name: str
    email: str = ""
    telegram_chat_id: str = ""
    teams_webhook: str = ""

    def channels(self) -> list[str]:
        """The ways this person can be told, in the order they are tried."""
        pairs = [("email", self.email), ("telegram", self.telegram_chat_id),
                 ("teams", self.teams_webhook)]  # fmt: skip
        return [name for name, address in pairs if address]


@dataclass(frozen=True)
class Rule:
    to: str
    lado: bool


@dataclass(frozen=True)
class SafeguardingConfig:
    dashboard_url: str
    recipients: dict[str, Recipient]
    routing: dict[str, Rule]
    acknowledge_within: dt.timedelta
    escalate_to: str


@cache
def safeguarding_config(path: Path | None = None) -> SafeguardingConfig:
    path = path or Path(os.environ.get("SAFEGUARDING_CONFIG", ROOT / "safeguarding.yml"))
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    recipients = {
        key: Recipient(key=key, **{k: str(v or "") for k, v in fields.items()})
        for key, fields in raw["recipients"].items()
    }
    routing = {category: Rule(**rule) for category, rule in raw["routing"].items()}
    missing = set(CATEGORIES) - set(routing)
    unknown = {r.to for r in routing.values()} - set(recipients)
    if missing or unknown or raw["escalate_to"] not in recipients:
        raise ValueError(f"{path}: routing is incomplete ({missing or unknown})")
    return SafeguardingConfig(
        dashboard_url=os.environ.get("DASHBOARD_URL", raw["dashboard_url"]).rstrip("/"),
        recipients=recipients,
        routing=routing,
        acknowledge_within=dt.timedelta(minutes=raw["acknowledge_within_minutes"]),
        escalate_to=raw["escalate_to"],
    )


def categorise(involved: str, account: str) -> str:
    """The category of a report, from who is involved and what the reporter wrote."""
    if involved == "headteacher":
        return "headteacher_conduct"
    if involved == "staff":
        return "staff_conduct"
    if involved == "parent":
        return "parent_threat"
    if involved == "pupil" and _FRIENDING.search(account) and not _BULLYING.search(account):
        return "pupil_contact"
    if _BULLYING.search(account):
        return "cyber_bullying"
    return "pupil_safety"


def route(involved: str, account: str, config: SafeguardingConfig) -> tuple[str, Rule, Recipient]:
    """The category of a report, the rule that applies, and who receives it."""
    category = categorise(involved, account)
    rule = config.routing[category]
    return category, rule, config.recipients[rule.to]


def add_working_day(start: dt.datetime) -> dt.datetime:
    """One working day later (a referral due by the end of the next weekday)."""
    due = start + dt.timedelta(days=1)
    while due.weekday() >= 5:
        due += dt.timedelta(days=1)
    return due
