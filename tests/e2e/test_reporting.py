"""A report made through the REST webhook, saved in the case store, and forgotten by
Rasa's tracker store once saved."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.servers import Servers, fill_report, say

ACCOUNT = "Mr Q has been sending pupils in Year 6 private messages late at night"


def cases(servers: Servers) -> list[dict]:
    engine = create_engine(servers.database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("select * from cases order by id")).mappings().all()
    engine.dispose()
    return [dict(r) for r in rows]


def stored_events(servers: Servers, sender: str) -> str:
    with sqlite3.connect(servers.tracker_db) as db:
        rows = db.execute("select data from events where sender_id = ?", (sender,)).fetchall()
    return "\n".join(r[0] for r in rows)


def test_a_staff_report_ends_with_a_reference_and_leaves_no_text_in_rasa(
    servers: Servers,
) -> None:
    sender = f"report-{uuid.uuid4().hex[:6]}"
    first = say(servers, sender, "I'm worried a colleague is messaging pupils on Snapchat")
    assert "immediate danger" in first
    assert "your own words" in say(servers, sender, "no")
    assert "Who is it about" in say(servers, sender, ACCOUNT)
    assert "Where did it happen" in say(servers, sender, "a member of staff")
    assert "your name" in say(servers, sender, "Snapchat, most evenings this week")
    summary = say(servers, sender, "Sam Jones, sam@example.invalid")
    assert ACCOUNT in summary and "Headteacher" in summary
    assert "shared only with the people who need to know" in summary
    done = say(servers, sender, "yes")
    saved = cases(servers)[-1]
    assert saved["reference"] in done
    assert saved["account"].endswith(ACCOUNT)
    assert (saved["routed_to"], saved["possible_lado"]) == ("headteacher", True)
    events = stored_events(servers, sender)
    assert "Mr Q" not in events and "most evenings" not in events and "Sam Jones" not in events
    assert f"saved in the school's case store as {saved['reference']}" in events
    for log in ("rasa.log", "actions.log"):  # nor in either server's log
        written = (servers.workdir / log).read_text(errors="replace")
        assert "Mr Q" not in written and "Sam Jones" not in written
    assert say(servers, sender, "thanks").strip()  # the conversation carries on


def test_a_child_in_danger_hears_999_first_and_the_report_goes_on(servers: Servers) -> None:
    sender = f"danger-{uuid.uuid4().hex[:6]}"
    say(servers, sender, "I want to report something")
    reply = say(servers, sender, "yes")
    assert "999" in reply and "your own words" in reply


def test_stopping_part_way_saves_nothing(servers: Servers) -> None:
    before = len(cases(servers))
    sender = f"stop-{uuid.uuid4().hex[:6]}"
    say(servers, sender, "I need to report a parent threatening me on facebook")
    say(servers, sender, "no")
    say(servers, sender, "He posted that he would sort me out")
    assert "Nothing has been saved" in say(servers, sender, "stop")
    assert len(cases(servers)) == before


def test_an_incident_in_a_question_leads_to_a_report(servers: Servers) -> None:
    """Either the NLU hears a report and the form starts, or the answer engine notices the
    incident, answers the rule and offers the report."""
    sender = f"offer-{uuid.uuid4().hex[:6]}"
    reply = say(servers, sender, "a teacher has been sending my daughter messages on instagram, "
                                 "is that allowed?")  # fmt: skip
    if "report this now" in reply:
        assert "999" in reply
        reply = say(servers, sender, "yes")
    assert "immediate danger" in reply


def test_the_action_server_restarting_mid_report_loses_nothing(servers: Servers) -> None:
    sender = f"restart-{uuid.uuid4().hex[:6]}"
    say(servers, sender, "I want to report something")
    say(servers, sender, "no")
    servers.stop("actions")
    try:
        reply = say(servers, sender, ACCOUNT)
        assert "can't answer right now" in reply  # told plainly, nothing half-saved
    finally:
        servers.start_actions()
    assert "Who is it about" in say(servers, sender, ACCOUNT)  # the form carries on


def test_a_question_about_something_happening_is_answered_then_a_report_can_follow(
    servers: Servers,
) -> None:
    sender = f"asks-{uuid.uuid4().hex[:6]}"
    replies = servers.send(
        "a dad keeps sending me messages on facebook about his daughter, is that ok?",
        sender=sender,
        metadata={"role": "staff"},
    )
    answers = [m["custom"]["answer"] for m in replies if "answer" in (m.get("custom") or {})]
    assert answers and answers[0]["citations"]  # the rule, quoted
    assert "999" in "\n".join(m.get("text", "") for m in replies)
    assert "immediate danger" in say(servers, sender, "yes")  # the offer taken up
    assert "nothing has been saved" in say(servers, sender, "stop").lower()


def test_a_question_asked_in_the_abstract_is_answered_without_an_offer_to_report(
    servers: Servers,
) -> None:
    """However the NLU hears it, nothing has happened yet: the rule, and no report offered."""
    replies = servers.send(
        "if someone tells me a TA is messaging kids on insta what do i have to do",
        sender=f"abstract-{uuid.uuid4().hex[:6]}",
        metadata={"role": "staff"},
    )
    answers = [m["custom"]["answer"] for m in replies if "answer" in (m.get("custom") or {})]
    assert answers and answers[0]["verdict"] == "required"
    assert answers[0]["escalation"] is None
    assert "report this now" not in "\n".join(m.get("text", "") for m in replies)


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_message_does_not_take_up_the_offer_to_report(
    servers: Servers, blank: str
) -> None:
    sender = f"blank-{uuid.uuid4().hex[:6]}"
    say(servers, sender, "a dad keeps messaging me on facebook about his daughter, is that ok?")
    reply = say(servers, sender, blank)
    assert "immediate danger" not in reply  # the report did not start on nothing
    assert "report this now" in reply  # the offer is asked again
    assert "immediate danger" in say(servers, sender, "yes")


def test_a_report_that_could_not_be_saved_is_saved_on_try_again(
    servers: Servers, tmp_path: Path
) -> None:
    """The case database cannot be opened at first (a file stands where its folder should
    be): the reporter is told plainly, and "yes" once it is back saves the same report."""
    folder = tmp_path / "not-yet"
    folder.write_text("in the way")
    url = f"sqlite:///{folder / 'cases.db'}"
    servers.restart_actions({"DATABASE_URL": url})
    try:
        sender = f"retry-{uuid.uuid4().hex[:6]}"
        fill_report(servers, sender, "I want to report something", ACCOUNT,
                    "the school trip, yesterday", "Sam Jones, sam@example.invalid")  # fmt: skip
        failed = say(servers, sender, "yes")
        assert "could NOT be saved" in failed and "doesn't cover" not in failed
        folder.unlink()
        saved = say(servers, sender, "yes")
        assert "doesn't cover" not in saved
        engine = create_engine(url)
        with engine.connect() as connection:
            reference, account = connection.execute(
                text("select reference, account from cases")
            ).one()
        engine.dispose()
        assert reference in saved and account.endswith(ACCOUNT)
    finally:
        servers.restart_actions()
