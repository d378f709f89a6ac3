"""How times, ages and codes read on the page. Times are stored in UTC and shown in the
school's own time zone, so "08:15" on screen is 08:15 in the staffroom."""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant.cases.models import Case, utcnow

LABELS = {
    # categories
    "staff_conduct": "Staff conduct",
    "headteacher_conduct": "Headteacher conduct",
    "cyber_bullying": "Cyber-bullying",
    "pupil_safety": "Pupil safety",
    "parent_threat": "Threat from a parent",
    "pupil_contact": "Contact from a pupil",
    # urgencies and statuses
    "immediate": "Immediate",
    "high": "High",
    "normal": "Normal",
    "new": "New",
    "acknowledged": "Acknowledged",
    "referred": "Referred to LADO",
    "closed": "Closed",
    # chronology
    "created": "Report received",
    "notified": "Notified",
    "viewed": "Viewed",
    "referred_to_lado": "Referred to LADO",
    "note": "Note",
    "reminder": "Reminder sent",
    # chronology details
    "category": "Category",
    "routed_to": "Routed to",
    "referred_on": "Referred on",
    "lado_reference": "LADO reference",
    "outcome": "Outcome",
    "reason": "Reason",
    # people involved
    "staff": "A member of staff",
    "headteacher": "The headteacher",
    "pupil": "A pupil",
    "parent": "A parent",
    "other": "Someone else",
}


def label(code: str | None) -> str:
    if code is None:
        return "—"
    return LABELS.get(code, code.replace("_", " ").capitalize())


@cache
def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def local_time(value: dt.datetime | None, zone: str = "Europe/London") -> str:
    if value is None:
        return "—"
    return value.astimezone(_zone(zone)).strftime("%a %d %b %Y, %H:%M")


def age(value: dt.datetime, now: dt.datetime | None = None) -> str:
    """How long ago, in the largest whole unit: "3 days", "5 hours", "under a minute"."""
    seconds = int(((now or utcnow()) - value).total_seconds())
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "under a minute"


def lado_overdue(case: Case, now: dt.datetime | None = None) -> bool:
    """A possible LADO referral whose one-working-day deadline has passed unrecorded."""
    return bool(
        case.possible_lado
        and case.lado_due is not None
        and case.status not in ("referred", "closed")
        and case.lado_due < (now or utcnow())
    )


def local_today(zone: str = "Europe/London") -> dt.date:
    """Today's date at the school, which is what a referral date on a form means."""
    return utcnow().astimezone(_zone(zone)).date()
