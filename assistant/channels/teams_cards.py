"""What the Teams channel sends: Bot Framework activities and Adaptive Cards.

Standard library only, so the cards can be built (and tested) in either environment.
"""

from __future__ import annotations

from typing import Any

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.4"  # what Teams renders on desktop, web and mobile
REPORT_TITLE = "Report a concern"
REPORT_TEXT = "I want to report something"  # the report_concern intent's own example
SUBMIT_KEY = "rasa_text"  # where a card button's Rasa text travels in activity.value


def submit_action(title: str, text: str) -> dict[str, Any]:
    """A card button that sends ``text`` to Rasa and shows ``title`` as the user's message.

    ``messageBack`` makes Teams post a message activity with ``text`` and ``value``; the
    value's ``rasa_text`` is what the channel hands to Rasa, whatever the client shows.
    """
    return {
        "type": "Action.Submit",
        "title": title,
        "data": {
            SUBMIT_KEY: text,
            "msteams": {
                "type": "messageBack",
                "displayText": title,
                "text": text,
                "value": {SUBMIT_KEY: text},
            },
        },
    }


def card_attachment(body: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict[str, Any]:
    content: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
    }
    if actions:
        content["actions"] = actions
    return {"contentType": ADAPTIVE_CARD, "content": content}


def text_block(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def answer_card(answer: dict[str, Any]) -> dict[str, Any]:
    """A policy answer (``custom.answer`` from ``action_answer_policy_question``) as a card:
    the summary in bold, each cited clause quoted verbatim with where it comes from, and a
    way to report a concern."""
    policy = answer.get("policy") or {}
    body: list[dict[str, Any]] = []
    if answer.get("note"):
        body.append(text_block(str(answer["note"]), isSubtle=True))
    body.append(text_block(str(answer.get("summary", "")), weight="Bolder"))
    for citation in answer.get("citations") or []:
        quote: list[dict[str, Any]] = []
        if citation.get("lead_in"):
            quote.append(text_block(f"Under \u201c{citation['lead_in']}\u201d:", isSubtle=True))
        quote.append(text_block(f"\u201c{citation.get('text', '')}\u201d", fontType="Default"))
        where = f"{citation.get('section', '')}, clause {citation.get('number', '')}"
        label = f"\u2014 {policy.get('title', 'Policy')}, {where}"
        if policy.get("school") or policy.get("approved"):
            label += f" ({policy.get('school', '')}, approved {policy.get('approved', '')})"
        quote.append(text_block(label, isSubtle=True, size="Small", spacing="None"))
        body.append({"type": "Container", "style": "emphasis", "items": quote, "spacing": "Medium"})
    if policy.get("overdue") and policy.get("review_date"):
        body.append(
            text_block(
                f"This policy was due for review in {policy['review_date']}.",
                isSubtle=True,
                size="Small",
            )
        )
    return card_attachment(body, [submit_action(REPORT_TITLE, REPORT_TEXT)])


def buttons_card(text: str, buttons: list[dict[str, Any]]) -> dict[str, Any]:
    """Rasa's buttons (title + payload) as card buttons; the payload goes back to Rasa."""
    actions = [
        submit_action(str(b.get("title") or b.get("payload")), str(b.get("payload") or ""))
        for b in buttons
        if b.get("payload") or b.get("title")
    ]
    return card_attachment([text_block(text)] if text else [], actions)


def image_card(url: str) -> dict[str, Any]:
    return card_attachment([{"type": "Image", "url": url}], [])


def incoming_text(activity: dict[str, Any]) -> str:
    """The text to give Rasa: a card button's ``rasa_text``, else the typed text with any
    ``<at>bot</at>`` mention (how Teams addresses a bot in a channel) removed."""
    value = activity.get("value")
    if isinstance(value, dict) and isinstance(value.get(SUBMIT_KEY), str):
        return value[SUBMIT_KEY]
    text = activity.get("text")
    if not isinstance(text, str):
        return ""
    entities = activity.get("entities")
    recipient = activity.get("recipient")
    bot = recipient.get("id") if isinstance(recipient, dict) else None
    for entity in entities if isinstance(entities, list) else []:
        if not isinstance(entity, dict) or entity.get("type") != "mention":
            continue
        mentioned, who = entity.get("text"), entity.get("mentioned")
        if isinstance(mentioned, str) and isinstance(who, dict) and who.get("id") == bot:
            text = text.replace(mentioned, "")
    return text.strip()
