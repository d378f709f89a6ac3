"""The actions, run in-process the way rasa_sdk runs them."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.policy_answer import ActionAnswerPolicyQuestion
from assistant.config import school_contacts
from assistant.replies import how_to_report
from tests.core.test_answers import LONG_QUESTION

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def tracker(text: str, slots: dict[str, Any] | None = None, **message: Any) -> Tracker:
    latest = {"text": text, "intent": {"name": "ask_policy", "confidence": 0.9}, **message}
    return Tracker("sender", slots or {}, latest, [], False, None, {}, "")


def slots(events: list[dict]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def run(action: Any, t: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, {})
    return dispatcher.messages, events


async def test_answer_carries_summary_quotes_and_the_whole_answer() -> None:
    messages, events = await run(
        ActionAnswerPolicyQuestion(), tracker("can I friend a former pupil aged 17?")
    )
    answer, notice = messages
    assert answer["text"].startswith("No: ")
    assert (
        "\u201cNo staff member should have a pupil or former pupil under the age of 18"
        in (answer["text"])
    )
    assert "Terms of Use, clause 1(g)" in answer["text"]
    assert answer["custom"]["answer"]["verdict"] == "not_permitted"
    assert answer["custom"]["answer"]["citations"][0]["id"] == "terms-1g"
    assert "Spring 2022" in notice["text"]
    assert slots(events)["review_notice_given"] is True


async def test_review_notice_is_given_once_per_conversation() -> None:
    t = tracker("can I friend a former pupil aged 17?", {"review_notice_given": True})
    messages, events = await run(ActionAnswerPolicyQuestion(), t)
    assert len(messages) == 1 and "review_notice_given" not in slots(events)


async def test_an_answer_that_gives_the_review_date_is_not_followed_by_the_notice() -> None:
    """ "Is the policy up to date?" is answered from the cover page, review date and all."""
    messages, events = await run(ActionAnswerPolicyQuestion(), tracker("is the policy up to date?"))
    assert len(messages) == 1
    assert "Spring 2022" in messages[0]["text"]
    assert slots(events)["review_notice_given"] is True


async def test_role_comes_from_the_channel_metadata() -> None:
    parent = tracker("how much is dinner money", metadata={"role": "parent"})
    messages, _ = await run(ActionAnswerPolicyQuestion(), parent)
    assert messages[0]["custom"]["answer"]["verdict"] == "not_covered"
    assert "school office" in messages[0]["text"]
    claimed = tracker("how much is dinner money", metadata={"role": "governor"})
    messages, _ = await run(ActionAnswerPolicyQuestion(), claimed)
    assert "headteacher" in messages[0]["text"]  # unknown roles fall back to the default


async def test_out_of_scope_intent_needs_stronger_evidence() -> None:
    t = tracker("what time does school start", intent={"name": "out_of_scope"})
    messages, _ = await run(ActionAnswerPolicyQuestion(), t)
    assert messages[0]["custom"]["answer"]["verdict"] == "not_covered"


async def test_described_incident_is_pointed_to_the_dsl_and_999() -> None:
    messages, events = await run(
        ActionAnswerPolicyQuestion(),
        tracker(
            "I'm worried a colleague is messaging pupils on Snapchat", {"review_notice_given": True}
        ),
    )
    assert messages[0]["custom"]["answer"]["escalation"] == "disclosure"
    assert "999" in messages[-2]["text"] and "DSL" in messages[-2]["text"]
    assert "report this now" in messages[-1]["text"]
    assert slots(events)["report_offered"] is True


async def test_a_question_the_nlu_heard_as_a_concern_is_answered_with_the_offer() -> None:
    asked = "a parent keeps messaging me on facebook about her son, is that ok?"
    messages, events = await run(
        ActionAnswerPolicyQuestion(),
        tracker(asked, {"review_notice_given": True}, intent={"name": "report_concern"}),
    )
    answer = messages[0]["custom"]["answer"]
    assert answer["verdict"] == "not_permitted" and answer["citations"]
    assert "999" in messages[-2]["text"]
    assert messages[-1]["buttons"][0]["payload"] == "/affirm"
    assert slots(events)["report_offered"] is True and slots(events)["report_opening"] == asked


async def test_a_concern_the_nlu_heard_in_an_abstract_question_is_not_offered_a_report() -> None:
    asked = "if someone tells me a TA is messaging kids on insta what do i have to do"
    messages, events = await run(
        ActionAnswerPolicyQuestion(),
        tracker(asked, {"review_notice_given": True}, intent={"name": "report_concern"}),
    )
    assert messages[0]["custom"]["answer"]["verdict"] == "required"
    assert not any("report this now" in m.get("text", "") for m in messages)
    assert not slots(events).get("report_offered")


async def test_reporting_routes_never_promise_confidentiality() -> None:
    text = how_to_report(school_contacts()).lower()
    assert "999" in text
    assert "only with the people who need to know" in text
    assert "confidential" not in text and "secret" not in text


async def test_an_empty_message_gets_a_kind_prompt() -> None:
    messages, _ = await run(
        ActionAnswerPolicyQuestion(), tracker("", {"review_notice_given": True})
    )
    assert messages[0]["text"].startswith("Please type your question")


async def test_a_follow_up_is_answered_against_the_previous_question() -> None:
    _, events = await run(
        ActionAnswerPolicyQuestion(),
        tracker("can I friend a former pupil aged 17?", {"review_notice_given": True}),
    )
    remembered = slots(events)
    assert remembered["last_clause"] == "terms-1g"
    follow_up = tracker("what if she's 19?", {"review_notice_given": True, **remembered})
    messages, _ = await run(ActionAnswerPolicyQuestion(), follow_up)
    answer = messages[0]["custom"]["answer"]
    assert answer["verdict"] != "not_permitted"
    assert "19" in answer["summary"]
    assert messages[0]["text"].startswith("Building on your previous question")
    assert "Terms of Use, clause 1(g)" in answer["note"]


async def test_two_questions_in_one_message_get_two_answers() -> None:
    t = tracker(
        "can I friend a former pupil aged 17? and can I use my own phone to take photos of pupils?",
        {"review_notice_given": True},
    )
    messages, _ = await run(ActionAnswerPolicyQuestion(), t)
    cited = [m["custom"]["answer"]["citations"][0]["id"] for m in messages if "custom" in m]
    assert cited == ["terms-1g", "staff-devices-4a"]


async def test_a_very_long_message_is_answered_and_the_reply_says_it_was_cut() -> None:
    t = tracker(LONG_QUESTION, {"review_notice_given": True})
    messages, _ = await run(ActionAnswerPolicyQuestion(), t)
    assert messages[0]["custom"]["answer"]["verdict"] == "not_permitted"
    assert "over 1,000 characters" in messages[0]["text"]
