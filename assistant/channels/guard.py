"""Never silence: every message gets a reply, even when the action server is down or slow.

Rasa logs and swallows a failed custom action, which leaves the user with no answer.
``never_silent`` wraps the channel's ``on_new_message``: if the turn ends (or runs past
``REPLY_TIMEOUT_SECONDS``) without a single bot message, it sends the school's contact
routes. A slow turn is not cancelled, so nothing the user said is lost.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from assistant.config import school_contacts
from assistant.replies import unavailable

logger = logging.getLogger(__name__)

REPLY_TIMEOUT_SECONDS = float(os.environ.get("REPLY_TIMEOUT_SECONDS", "20"))

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class _CountingOutput(OutputChannel):
    """Passes every bot message through and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> str:  # type: ignore[override]  # channel-specific responses need it
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


def never_silent(on_new_message: OnNewMessage, timeout: float | None = None) -> OnNewMessage:
    async def handle(message: UserMessage) -> None:
        output = _CountingOutput(message.output_channel)
        message.output_channel = output
        turn = asyncio.ensure_future(on_new_message(message))
        done, _ = await asyncio.wait({turn}, timeout=timeout or REPLY_TIMEOUT_SECONDS)
        if turn in done and turn.exception() is not None:
            # Log the failure's type only: the message itself may be sensitive.
            logger.error("turn failed: %s", type(turn.exception()).__name__)
        elif turn not in done:
            logger.warning("turn still running after %ss; sent contact routes", timeout)
        if not output.sent:
            await output.inner.send_text_message(message.sender_id, unavailable(school_contacts()))

    return handle
