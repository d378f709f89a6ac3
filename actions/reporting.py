"""The report form: start, validate, confirm, save or stop. Thin adapters over
``assistant.reports`` (the words) and ``assistant.cases`` (the store)."""

from __future__ import annotations

import asyncio
import logging
from functools import cache
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.policy_answer import offer_report, role_of
from assistant import reports
from assistant.cases.routing import route, safeguarding_config
from assistant.cases.store import MAX_ACCOUNT_CHARS, CaseStore, NewReport, ReportRejected
from assistant.config import school_contacts
from assistant.policy.question import asks_before_reporting, clean

logger = logging.getLogger(__name__)

FORM_SLOTS = ("immediate_danger", "account", "involved", "where_when", "reporter_contact",
              "report_confirmed")  # fmt: skip
# What the reporter wrote; removed from Rasa's tracker store once the case is saved.
SENSITIVE_SLOTS = ("report_opening", "account", "where_when", "reporter_contact")


@cache
def case_store() -> CaseStore:
    return CaseStore()


def _clear(*names: str) -> list[dict[str, Any]]:
    return [SlotSet(name, None) for name in names]


class ActionTriageConcern(Action):
    """The NLU heard a concern. A statement of what happened goes to the report form; a
    question ("a mum keeps messaging me, is that ok?", "how do i report an under 13 on
    facebook?", "do i need to tell anyone?") is answered from the policy first,
    with the 999 and DSL routes and the offer to report (the rules branch on the slot)."""

    def name(self) -> str:
        return "action_triage_concern"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        question = asks_before_reporting(tracker.latest_message.get("text") or "")
        return [SlotSet("concern_is_question", question)]


class ActionStartReport(Action):
    def name(self) -> str:
        return "action_start_report"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if (tracker.latest_message.get("metadata") or {}).get("group"):
            # Everyone in a group chat would read the report: send the reporter somewhere private.
            dispatcher.utter_message(text=reports.not_in_groups(school_contacts()))
            return [SlotSet("report_offered", False), FollowupAction("action_listen")]
        opening = tracker.latest_message.get("text") or ""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "affirm" and not clean(opening):
            # The NLU reads an empty message as "yes" (a thumbs-up is one); ask again.
            offer_report(dispatcher)
            return [SlotSet("report_offered", True), FollowupAction("action_listen")]
        # The message that started the report is part of the reporter's account.
        keep = opening if intent == "report_concern" else tracker.get_slot("report_opening")
        return [*_clear(*FORM_SLOTS, "case_reference"), SlotSet("report_offered", False),
                SlotSet("report_failed", False), SlotSet("report_opening", keep)]  # fmt: skip


class ValidateReportForm(FormValidationAction):
    def name(self) -> str:
        return "validate_report_form"

    async def validate_immediate_danger(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:  # cleared when the report started: nothing to check yet
            return {"immediate_danger": None}
        if value:
            dispatcher.utter_message(text=reports.danger_first(school_contacts()))
        return {"immediate_danger": bool(value)}

    async def validate_account(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"account": None}
        text = value.strip()
        if not text:
            dispatcher.utter_message(text="Please tell me what happened, in a few words.")
            return {"account": None}
        if len(text) > MAX_ACCOUNT_CHARS:
            dispatcher.utter_message(
                text=f"That is longer than I can save ({MAX_ACCOUNT_CHARS:,} characters). "
                "Please send a shorter account; the DSL can take the rest in person."
            )
            return {"account": None}
        slots: dict[str, Any] = {"account": value}
        metadata = tracker.latest_message.get("metadata") or {}
        if role_of(tracker) == "staff" and metadata.get("name"):
            slots["reporter_contact"] = (
                f"{metadata['name']} (via {metadata.get('channel', 'chat')})"
            )
        return slots

    async def validate_involved(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"involved": None}
        involved = reports.read_involved(value)
        if involved is None:
            dispatcher.utter_message(
                text="Sorry, I didn't catch who it is about. Please choose one of the options."
            )
        return {"involved": involved}

    async def validate_reporter_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"reporter_contact": None}
        text = value.strip()
        return {"reporter_contact": "" if reports.ANONYMOUS.match(text) else text}

    async def validate_report_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None or value:
            return {"report_confirmed": value}
        dispatcher.utter_message(text="Let's put it right. I'll ask again.")
        return {"report_confirmed": None, "account": None, "involved": None, "where_when": None}


class ActionAskReportConfirmed(Action):
    def name(self) -> str:
        return "action_ask_report_confirmed"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        account = _full_account(tracker)
        involved = tracker.get_slot("involved")
        _, _, recipient = route(involved, account, safeguarding_config())
        dispatcher.utter_message(
            text=reports.summary(account, involved, tracker.get_slot("where_when") or "",
                                 tracker.get_slot("reporter_contact"), recipient.name),
            buttons=[{"title": "Yes, send it", "payload": "/affirm"},
                     {"title": "No, correct it", "payload": "/deny"},
                     {"title": "Stop", "payload": "/stop"}],
        )  # fmt: skip
        return []


class ActionSubmitReport(Action):
    def name(self) -> str:
        return "action_submit_report"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        contacts = school_contacts()
        report = NewReport(
            account=_full_account(tracker),
            involved=tracker.get_slot("involved") or "other",
            where_when=tracker.get_slot("where_when") or "",
            immediate_danger=bool(tracker.get_slot("immediate_danger")),
            reporter_role=role_of(tracker),
            reporter_name=tracker.get_slot("reporter_contact") or None,
            channel=tracker.get_latest_input_channel() or "rest",
        )
        try:
            receipt = await asyncio.to_thread(case_store().submit, report)
        except ReportRejected as exc:
            dispatcher.utter_message(text=f"{exc} Nothing was saved.")
            return [SlotSet("report_failed", False), *_clear(*FORM_SLOTS)]
        except (SQLAlchemyError, OSError) as exc:
            # The report was not committed: say so plainly, keep it for "try again".
            logger.error("report not saved: %s", type(exc).__name__)
            dispatcher.utter_message(text=reports.not_saved(contacts))
            # The rules expect a saved report; wait for "try again" rather than guess.
            return [SlotSet("report_failed", True), FollowupAction("action_listen")]
        dispatcher.utter_message(text=reports.received(receipt))
        return [SlotSet("case_reference", receipt.reference), SlotSet("report_failed", False),
                *_clear(*FORM_SLOTS, "report_opening")]  # fmt: skip


class ActionCancelReport(Action):
    def name(self) -> str:
        return "action_cancel_report"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if tracker.active_loop.get("name") == "report_form":
            dispatcher.utter_message(text=reports.stopped(school_contacts()))
        else:
            dispatcher.utter_message(text=reports.declined())
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("report_offered", False),
                *_clear(*FORM_SLOTS, "report_opening")]  # fmt: skip


def _full_account(tracker: Tracker) -> str:
    """The reporter's words: the message that started the report, then their account."""
    parts = [tracker.get_slot("report_opening"), tracker.get_slot("account")]
    return "\n\n".join(p for p in parts if p)
