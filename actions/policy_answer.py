"""``action_answer_policy_question``: the policy engine's answer, as Rasa messages."""

from __future__ import annotations

import os
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant.config import school_contacts
from assistant.policy.answers import ROLES, Role, get_engine
from assistant.policy.render import overdue_notice, render_text
from assistant.replies import how_to_report

DEFAULT_ROLE: Role = os.environ.get("DEFAULT_ROLE", "staff")  # type: ignore[assignment]


def role_of(tracker: Tracker) -> Role:
    """The asker's role comes from the channel (message metadata), never from the text."""
    role = (tracker.latest_message.get("metadata") or {}).get("role")
    return role if role in ROLES else DEFAULT_ROLE


class ActionAnswerPolicyQuestion(Action):
    def name(self) -> str:
        return "action_answer_policy_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message
        strict = (message.get("intent") or {}).get("name") == "out_of_scope"
        answer = get_engine().answer(message.get("text"), role_of(tracker), strict=strict)
        dispatcher.utter_message(
            text=render_text(answer), json_message={"answer": answer.to_dict()}
        )
        events: list[dict[str, Any]] = []
        if answer.policy.overdue and not tracker.get_slot("review_notice_given"):
            dispatcher.utter_message(text=overdue_notice(answer.policy))
            events.append(SlotSet("review_notice_given", True))
        if answer.escalation:
            dispatcher.utter_message(text=how_to_report(school_contacts()))
        return events


class ActionExplainReporting(Action):
    def name(self) -> str:
        return "action_explain_reporting"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=how_to_report(school_contacts()))
        return []
