"""Bot messages as Telegram HTML: answers with quoted clauses, long text split, buttons.

Pure functions, no Rasa: the channel (Rasa's environment) and the tests (the action
server's environment) both import this. Everything the user or the policy wrote goes
through ``html.escape``; the only markup is the tags added here.
"""

from __future__ import annotations

import hashlib
import html
from collections import OrderedDict
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

MAX_MESSAGE = 4096  # Telegram's limit on a message's text
MAX_CALLBACK_BYTES = 64  # Telegram's limit on a button's callback_data
MAX_BUTTON_TITLE = 64
MAX_LEAD = 80  # a verdict lead ("No", "Only with the headteacher's permission") is short
MAPPED_PREFIX = "#p:"  # callback_data that stands for a longer payload


def escape(text: str) -> str:
    """Telegram's HTML mode needs only <, > and & escaped in text."""
    return html.escape(text, quote=False)


def telegram_length(text: str) -> int:
    """Telegram counts UTF-16 code units; an emoji is two."""
    return len(text.encode("utf-16-le")) // 2


def _split_plain(text: str, limit: int) -> list[str]:
    """Cut ``text`` into pieces whose escaped length fits ``limit``: at blank lines, then
    lines, then spaces, and only as a last resort inside a word."""
    if telegram_length(escape(text)) <= limit:
        return [text]
    for separator in ("\n\n", "\n", " "):
        parts = text.split(separator)
        if len(parts) == 1:
            continue
        pieces: list[str] = []
        current = ""
        for part in parts:
            candidate = f"{current}{separator}{part}" if current else part
            if telegram_length(escape(candidate)) <= limit:
                current = candidate
                continue
            if current:
                pieces.append(current)
            if telegram_length(escape(part)) <= limit:
                current = part
            else:
                *whole, current = _split_plain(part, limit)
                pieces.extend(whole)
        if current:
            pieces.append(current)
        return pieces
    # One long word: cut by characters, so that no escape sequence is broken.
    pieces, current = [], ""
    for char in text:
        if telegram_length(escape(current + char)) > limit:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current] if current else pieces


def block(text: str, open_tag: str = "", close_tag: str = "") -> list[str]:
    """One paragraph as HTML; a paragraph too long for one message becomes several, each
    wrapped in the same tags so that no tag is left open."""
    room = MAX_MESSAGE - len(open_tag) - len(close_tag)
    return [f"{open_tag}{escape(piece)}{close_tag}" for piece in _split_plain(text, room)]


def pack(blocks: list[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Join HTML blocks with blank lines into as few messages as fit ``limit``."""
    messages: list[str] = []
    current = ""
    for item in blocks:
        candidate = f"{current}\n\n{item}" if current else item
        if telegram_length(candidate) <= limit:
            current = candidate
        else:
            if current:
                messages.append(current)
            current = item
    if current:
        messages.append(current)
    return messages


def text_messages(text: str) -> list[str]:
    """A plain bot message as HTML messages, split at paragraph boundaries."""
    blocks = [piece for paragraph in text.split("\n\n") for piece in block(paragraph)]
    return pack([b for b in blocks if b.strip()]) or [escape(text) or "\u2026"]


def _summary(summary: str) -> list[str]:
    lead, colon, rest = summary.partition(": ")
    if colon and len(lead) <= MAX_LEAD:
        prefix = f"<b>{escape(lead)}</b>: "
        first, *more = _split_plain(rest, MAX_MESSAGE - telegram_length(prefix)) or [""]
        return [prefix + escape(first), *(escape(piece) for piece in more)]
    return block(summary, "<b>", "</b>")


def _citation(citation: dict[str, Any], policy: dict[str, Any]) -> list[str]:
    where = f"{citation.get('section', '')}, clause {citation.get('number', '')}"
    title, approved = policy.get("title", ""), policy.get("approved", "")
    label = f"\u2014 {where} \u00b7 {title}, approved {approved}"
    lead_in = citation.get("lead_in")
    quote = f"\u201c{citation.get('text', '')}\u201d"
    if lead_in:
        quote = f"(under \u201c{lead_in}\u201d) {quote}"
    inner = f"{escape(quote)}\n<i>{escape(label)}</i>"
    if telegram_length(inner) + len("<blockquote></blockquote>") <= MAX_MESSAGE:
        return [f"<blockquote>{inner}</blockquote>"]
    return [*block(quote, "<blockquote>", "</blockquote>"), f"<i>{escape(label)}</i>"]


def answer_messages(answer: dict[str, Any]) -> list[str]:
    """The policy engine's answer (``custom.answer``): the verdict in bold, each clause
    quoted verbatim with where it comes from."""
    policy = answer.get("policy") or {}
    blocks: list[str] = []
    if answer.get("note"):
        blocks += block(str(answer["note"]), "<i>", "</i>")
    blocks += _summary(str(answer.get("summary") or ""))
    for citation in answer.get("citations") or []:
        blocks += _citation(citation, policy)
    return pack([b for b in blocks if b])


class Payloads:
    """Button payloads as callback_data. A payload of up to 64 bytes is sent as it is; a
    longer one (or one that looks like a mapped key) is sent as a short key kept here, most
    recent last, so that a pressed button can be turned back into its payload."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._long: OrderedDict[str, str] = OrderedDict()

    def to_callback(self, payload: str) -> str:
        if len(payload.encode()) <= MAX_CALLBACK_BYTES and not payload.startswith(MAPPED_PREFIX):
            return payload
        key = MAPPED_PREFIX + hashlib.sha256(payload.encode()).hexdigest()[:32]
        self._long[key] = payload
        self._long.move_to_end(key)
        while len(self._long) > self.size:
            self._long.popitem(last=False)
        return key

    def from_callback(self, data: str) -> str | None:
        """The payload for a pressed button; None when it is a key this process no
        longer knows (it was restarted, or the button is very old)."""
        if data.startswith(MAPPED_PREFIX):
            return self._long.get(data)
        return data


def keyboard(buttons: list[dict[str, Any]], payloads: Payloads) -> InlineKeyboardMarkup | None:
    """Rasa buttons as an inline keyboard, one button a row (titles are phrases)."""
    rows = []
    for button in buttons:
        title = str(button.get("title") or button.get("payload") or "")[:MAX_BUTTON_TITLE]
        payload = str(button.get("payload") or title)
        if title:
            rows.append([InlineKeyboardButton(title, callback_data=payloads.to_callback(payload))])
    return InlineKeyboardMarkup(rows) if rows else None
