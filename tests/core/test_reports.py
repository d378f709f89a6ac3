"""The report conversation's words: open, honest, and never promising secrecy."""

from __future__ import annotations

from assistant import reports
from assistant.cases.store import Receipt
from assistant.config import school_contacts


def test_the_reference_and_what_happens_next_are_given() -> None:
    staff = Receipt("SG-2026-0007", "staff_conduct", "high", "Headteacher", True)
    text = reports.received(staff)
    assert "SG-2026-0007" in text and "Headteacher" in text and "one working day" in text
    bullying = Receipt("SG-2026-0008", "cyber_bullying", "normal", "Designated Safeguarding Lead",
                       False)  # fmt: skip
    assert "LADO" not in reports.received(bullying)


def test_no_reply_promises_confidentiality() -> None:
    contacts = school_contacts()
    texts = [
        reports.summary("something happened", "staff", "fb", None, "Headteacher"),
        reports.received(Receipt("SG-1", "staff_conduct", "high", "Headteacher", True)),
        reports.not_saved(contacts),
        reports.stopped(contacts),
        reports.danger_first(contacts),
    ]
    for text in texts:
        assert "confidential" not in text.lower() and "secret" not in text.lower()


def test_stopping_gives_the_routes_in_a_sentence_that_reads() -> None:
    text = reports.stopped(school_contacts())
    assert "Nothing has been saved" in text and "999" in text
    assert ", You" not in text  # the routes once ran on after a comma with a capital


def test_a_failed_save_is_never_described_as_received() -> None:
    text = reports.not_saved(school_contacts())
    assert "NOT be saved" in text and "nobody has received it" in text
    assert "999" in text


def test_anonymous_answers_are_recognised() -> None:
    for said in ["anonymous", "Anon", "rather not say", "no"]:
        assert reports.ANONYMOUS.match(said)
    assert not reports.ANONYMOUS.match("Nora Jones 07700 900123")
