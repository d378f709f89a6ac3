"""The report form's actions, in-process, saving to a real database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from actions import reporting
from assistant.cases.db import make_engine
from assistant.cases.models import Case
from assistant.cases.store import CaseStore

pytestmark = pytest.mark.anyio

ACCOUNT = "Mr X has been sending Year 5 pupils messages on Snapchat late at night"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def store(case_store: CaseStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[CaseStore]:
    monkeypatch.setattr(reporting, "case_store", lambda: case_store)
    yield case_store


def tracker(slots: dict[str, Any], text: str = "yes", **message: Any) -> Tracker:
    latest = {"text": text, "intent": {"name": "affirm"}, "metadata": {}, **message}
    return Tracker("reporter", slots, latest, [], False, None,
                   {"name": "report_form"}, "")  # fmt: skip


FILLED = {
    "report_opening": "I'm worried about a colleague",
    "immediate_danger": False,
    "account": ACCOUNT,
    "involved": "staff",
    "where_when": "Snapchat, last week",
    "reporter_contact": "Sam Jones, 07700 900123",
    "report_confirmed": True,
}


async def run(action: Any, t: Tracker, method: str = "run", *args) -> tuple[list, Any]:
    dispatcher = CollectingDispatcher()
    result = await getattr(action, method)(*args, dispatcher, t, {})
    return dispatcher.messages, result


async def test_a_child_in_danger_is_told_to_call_999_first() -> None:
    messages, slots = await run(
        reporting.ValidateReportForm(), tracker({}), "validate_immediate_danger", True
    )
    assert "999" in messages[0]["text"] and slots == {"immediate_danger": True}


async def test_who_is_involved_is_read_from_plain_words() -> None:
    form = reporting.ValidateReportForm()
    for said, expected in [("a member of staff", "staff"), ("the head", "headteacher"),
                           ("my son's friend, a pupil", "pupil"), ("his mum", "parent"),
                           ("someone else", "other")]:  # fmt: skip
        _, slots = await run(form, tracker({}), "validate_involved", said)
        assert slots == {"involved": expected}
    messages, slots = await run(form, tracker({}), "validate_involved", "hmm")
    assert slots == {"involved": None} and "choose" in messages[0]["text"]


async def test_the_summary_names_the_recipient_and_promises_no_confidentiality() -> None:
    messages, _ = await run(reporting.ActionAskReportConfirmed(), tracker(FILLED))
    text = messages[0]["text"]
    assert ACCOUNT in text and "Headteacher" in text
    assert "shared only with the people who need to know" in text
    assert "confidential" not in text.lower()


async def test_a_confirmed_report_is_saved_before_the_reference_is_given(
    store: CaseStore, case_sessions
) -> None:
    messages, events = await run(reporting.ActionSubmitReport(), tracker(FILLED))
    with case_sessions() as session:
        case = session.scalars(select(Case)).one()
    assert case.account == f"I'm worried about a colleague\n\n{ACCOUNT}"
    assert case.routed_to == "headteacher" and case.possible_lado
    assert case.reference in messages[0]["text"]
    assert "one working day" in messages[0]["text"]
    assert {"event": "slot", "timestamp": None, "name": "case_reference",
            "value": case.reference} in events  # fmt: skip


async def test_when_the_database_is_down_the_reporter_is_told_it_was_not_saved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unreachable = CaseStore(sessionmaker(make_engine("postgresql://nobody@127.0.0.1:1/none")))
    monkeypatch.setattr(reporting, "case_store", lambda: unreachable)
    messages, events = await run(reporting.ActionSubmitReport(), tracker(FILLED))
    assert "could NOT be saved" in messages[0]["text"]
    assert "999" in messages[0]["text"]
    assert {"event": "slot", "timestamp": None, "name": "report_failed", "value": True} in events
    assert not any(e.get("name") == "case_reference" for e in events)


async def test_stopping_part_way_saves_nothing_and_says_so(store: CaseStore, case_sessions) -> None:
    messages, events = await run(reporting.ActionCancelReport(), tracker(FILLED, "stop"))
    assert "Nothing has been saved" in messages[0]["text"]
    assert {"event": "active_loop", "timestamp": None, "name": None} in events
    with case_sessions() as session:
        assert session.scalars(select(Case)).all() == []


async def test_an_anonymous_parent_leaves_no_contact() -> None:
    _, slots = await run(reporting.ValidateReportForm(), tracker({}), "validate_reporter_contact",
                         "anonymous")  # fmt: skip
    assert slots == {"reporter_contact": ""}


async def test_no_report_is_taken_in_a_group_chat() -> None:
    group = tracker({}, "I want to report something", metadata={"group": True, "role": "staff"})
    messages, events = await run(reporting.ActionStartReport(), group)
    assert "private message" in messages[0]["text"]
    assert {"event": "followup", "timestamp": None, "name": "action_listen"} in events


@pytest.mark.parametrize(("text", "starts"), [("", False), ("  \n", False), ("yes", True)])
async def test_only_a_real_yes_takes_up_the_offer_to_report(text: str, starts: bool) -> None:
    # The NLU reads an empty message as "yes"; the offer is asked again instead.
    offered = tracker({"report_offered": True, "report_opening": "a dad keeps messaging me"}, text)
    messages, events = await run(reporting.ActionStartReport(), offered)
    asked_again = {"event": "followup", "timestamp": None, "name": "action_listen"} in events
    assert asked_again is not starts
    assert bool(messages and "report this now" in messages[0]["text"]) is not starts


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("a parent keeps messaging me on facebook about her son, is that ok?", True),
        ("I'm worried a colleague is messaging pupils on Snapchat", False),
        ("how do i report a kid under 13 to facebook", True),
        ("my stepson is in yr3 and we're friends on fb do i need to tell anyone", True),
        ("wud u tell me if my son tried 2 add his teacher on insta", True),
        ("a dad has posted on fb that hes going to sort me out at pick up", False),
    ],
)
async def test_a_concern_is_triaged_into_a_question_or_a_report(text: str, question: bool) -> None:
    told = tracker({}, text, intent={"name": "report_concern"}, metadata={"role": "staff"})
    messages, events = await run(reporting.ActionTriageConcern(), told)
    assert messages == []
    assert events == [{"event": "slot", "timestamp": None, "name": "concern_is_question",
                       "value": question}]  # fmt: skip
