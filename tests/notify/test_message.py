"""What a notification says, and what an error may say, without any database."""

from __future__ import annotations

import datetime as dt

from assistant.cases.models import OutboxMessage
from assistant.notify.base import DeliveryError, short_error
from assistant.notify.message import Notification
from assistant.notify.outbox import backoff
from tests.notify.conftest import ACCOUNT

ROW = OutboxMessage(
    kind="lado_reminder",
    idempotency_key="SG-2026-0007:headteacher:email:lado_reminder",
    payload={
        "reference": "SG-2026-0007",
        "category": "staff_conduct",
        "urgency": "high",
        "kind": "lado_reminder",
        "link": "https://dash.test/cases/7",
        "account": ACCOUNT,
    },  # fmt: skip
)


def test_a_message_holds_the_reference_category_urgency_reason_and_link_only() -> None:
    message = Notification.from_outbox(ROW)
    assert message.text.splitlines() == [
        "Reference: SG-2026-0007",
        "Reason: LADO referral due within one working day",
        "Category: Concern about a member of staff",
        "Urgency: High",
        "",
        "Open the case on the dashboard: https://dash.test/cases/7",
        "The report itself is only on the dashboard.",
    ]
    assert "Quillfeather" not in repr(message)


def test_the_message_id_is_the_same_on_every_retry_and_valid() -> None:
    first = Notification.from_outbox(ROW).message_id("school.test")
    assert first == Notification.from_outbox(ROW).message_id("school.test")
    assert first == "<SG-2026-0007.headteacher.email.lado_reminder@school.test>"


def test_errors_keep_no_urls_tokens_or_second_lines() -> None:
    exc = DeliveryError("posting to https://x.webhook.office.com/abc/secret failed\nDETAIL: x")
    assert short_error(exc) == "DeliveryError: posting to <url> failed"
    assert short_error(ValueError("token 123:ABC rejected"), "123:ABC") == (
        "ValueError: token <secret> rejected"
    )
    assert len(short_error(ValueError("x" * 1000))) == 200


def test_backoff_doubles_from_five_seconds_to_at_most_ten_minutes() -> None:
    delays = [backoff(n) for n in range(1, 13)]
    assert dt.timedelta(seconds=5) <= delays[0] <= dt.timedelta(seconds=5.5)
    assert dt.timedelta(seconds=20) <= delays[2] <= dt.timedelta(seconds=22)
    assert all(dt.timedelta(minutes=10) <= d <= dt.timedelta(minutes=11) for d in delays[7:])
