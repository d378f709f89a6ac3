"""``action_answer_policy_question``: the policy engine's answer, as Rasa messages."""

from __future__ import annotations

import os
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant import reports
from assistant.config import school_contacts
from assistant.policy.answers import ROLES, Previous, Role, get_engine
from assistant.policy.question import clean, escalation, split_questions
from assistant.policy.render import overdue_notice, render_text
from assistant.replies import how_to_report

DEFAULT_ROLE: Role = os.environ.get("DEFAULT_ROLE", "staff")  # type: ignore[assignment]
MAX_QUESTIONS_PER_MESSAGE = 3


def role_of(tracker: Tracker) -> Role:
    """The asker's role comes from the channel (message metadata), never from the text."""
    role = (tracker.latest_message.get("metadata") or {}).get("role")
    return role if role in ROLES else DEFAULT_ROLE


def previous_of(tracker: Tracker) -> Previous | None:
    question = tracker.get_slot("last_question")
    return Previous(question, tracker.get_slot("last_clause")) if question else None


def offer_report(dispatcher: CollectingDispatcher) -> None:
    """Ask whether to report what was described, with yes/no buttons (the rules in
    data/rules/reporting.yml take the answer)."""
    dispatcher.utter_message(
        text=reports.offer(),
        buttons=[{"title": "Yes, report it", "payload": "/affirm"},
                 {"title": "No", "payload": "/deny"}],
    )  # fmt: skip


class ActionAnswerPolicyQuestion(Action):
    def name(self) -> str:
        return "action_answer_policy_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        engine = get_engine()
        message = tracker.latest_message
        strict = (message.get("intent") or {}).get("name") == "out_of_scope"
        role, previous = role_of(tracker), previous_of(tracker)
        text = clean(message.get("text"), limit=None)
        questions = split_questions(text)
        events: list[dict[str, Any]] = []
        # The NLU heard a concern in this question (see action_triage_concern): offer a
        # report, unless it asks in the abstract ("if a parent tells me..., what do I do?").
        concern = (message.get("intent") or {}).get("name") == "report_concern"
        escalate = concern and escalation(text, sounds_like_incident=True) is not None
        overdue = told_review_date = False
        for question in questions[:MAX_QUESTIONS_PER_MESSAGE]:
            answer = engine.answer(question, role, strict=strict, previous=previous)
            text = render_text(answer)
            dispatcher.utter_message(text=text, json_message={"answer": answer.to_dict()})
            escalate = escalate or bool(answer.escalation)
            overdue = answer.policy.overdue
            # "Is the policy up to date?" is answered with the review date: no notice after.
            told_review_date = told_review_date or answer.policy.review_date in answer.summary
            if answer.verdict != "not_covered":
                previous = engine.context_after(question, answer, previous)
        if len(questions) > MAX_QUESTIONS_PER_MESSAGE:
            dispatcher.utter_message(
                text=f"I answered the first {MAX_QUESTIONS_PER_MESSAGE} questions; "
                "please send the others separately."
            )
        if overdue and not tracker.get_slot("review_notice_given"):
            if not told_review_date:
                dispatcher.utter_message(text=overdue_notice(answer.policy))
            events.append(SlotSet("review_notice_given", True))
        if escalate:
            dispatcher.utter_message(text=how_to_report(school_contacts()))
            offer_report(dispatcher)
            events += [SlotSet("report_offered", True),
                       SlotSet("report_opening", message.get("text"))]  # fmt: skip
        if previous:
            events += [
                SlotSet("last_question", previous.question),
                SlotSet("last_clause", previous.clause_id),
            ]
        # One answer per message: the turn ends here even where the dialogue policy has not
        # learnt what follows (a "yes" with nothing to agree to would be answered ten times).
        return [*events, FollowupAction("action_listen")]
