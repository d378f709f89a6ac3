"""What every sender promises, and how a failure is described without leaking anything.

A sender raises ``DeliveryError`` with a short reason written by us. ``short_error`` turns
any exception into text safe for the outbox's ``last_error`` and for logs: one line, no
URLs (a Teams webhook URL or a Telegram API URL carries a secret), bounded in length.
"""

from __future__ import annotations

import re
from typing import Protocol

from assistant.cases.routing import Recipient
from assistant.notify.message import Notification

_URL = re.compile(r"\b\w+://\S+")
MAX_ERROR_CHARS = 200


class DeliveryError(Exception):
    """A message could not be handed over; it will be retried with backoff."""


class Sender(Protocol):
    """One channel (email, telegram, teams). ``send`` returns once the service accepted
    the message and raises ``DeliveryError`` otherwise; ``aclose`` frees connections."""

    async def send(self, recipient: Recipient, message: Notification) -> None: ...

    async def aclose(self) -> None: ...


def short_error(exc: BaseException, *secrets: str) -> str:
    """One line about what went wrong: the exception's type and first line, with URLs and
    the given secrets (tokens) blanked out."""
    first = (str(exc).strip().splitlines() or [""])[0]
    text = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    text = _URL.sub("<url>", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "<secret>")
    return text[:MAX_ERROR_CHARS]
