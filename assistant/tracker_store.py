"""Rasa's SQL tracker store, made to forget a report once the case store has it.

Rasa keeps every message verbatim. A safeguarding account must live in one place only, the
case store, so when a turn sets ``case_reference`` this store rewrites the conversation's
stored events: every text the reporter gave in the report (the slots named in
``SENSITIVE_SLOTS``) is replaced wherever it appears, in user messages, slot values and the
bot's confirmation summary. Imported by the Rasa server (Python 3.10) only.
"""

from __future__ import annotations

import json
import logging

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

SENSITIVE_SLOTS = ("report_opening", "account", "where_when", "reporter_contact")
PLACEHOLDER = "[removed: saved in the school's case store as {reference}]"


class RedactingSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        reference = _just_saved_reference(tracker)
        if reference:
            self.redact(tracker.sender_id, _sensitive_texts(tracker), reference)

    def redact(self, sender_id: str, texts: set[str], reference: str) -> int:
        """Replace ``texts`` in every stored event of this conversation. Returns how many
        event rows changed."""
        if not texts:
            return 0
        placeholder = json.dumps(PLACEHOLDER.format(reference=reference))[1:-1]
        # Longest first, so a text that contains another is replaced whole.
        escaped = sorted((json.dumps(t)[1:-1] for t in texts), key=len, reverse=True)
        changed = 0
        with self.session_scope() as session:
            rows = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id)
            for row in rows:
                data = row.data
                for text in escaped:
                    data = data.replace(text, placeholder)
                if data != row.data:
                    row.data = data
                    changed += 1
            session.commit()
        logger.info("removed a saved report's text from %d stored events", changed)
        return changed


def _just_saved_reference(tracker: DialogueStateTracker) -> str | None:
    """The case reference set since the user's last message, if any."""
    for event in reversed(tracker.events):
        if event.type_name == "user":
            return None
        if isinstance(event, SlotSet) and event.key == "case_reference" and event.value:
            return str(event.value)
    return None


def _sensitive_texts(tracker: DialogueStateTracker) -> set[str]:
    texts = {
        str(event.value)
        for event in tracker.events
        if isinstance(event, SlotSet) and event.key in SENSITIVE_SLOTS and event.value
    }
    # The confirmation summary joins the opening and the account; cover the pieces.
    return {t for t in texts if len(t.strip()) >= 3}
