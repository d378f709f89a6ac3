"""Telegram through python-telegram-bot's ``Bot``.

``make_bot`` is the one place a Bot is built (token and API address from the settings), so
a later Telegram channel for reporters can share it. Link previews are off: a preview
would have Telegram's servers fetch the dashboard link.
"""

from __future__ import annotations

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError

from assistant.cases.routing import Recipient
from assistant.channels import telegram_format as fmt
from assistant.notify.base import DeliveryError, short_error
from assistant.notify.message import Notification
from assistant.notify.settings import NotifySettings


def make_bot(settings: NotifySettings) -> Bot:
    """A Bot for the configured token and Bot API server (Telegram's own by default)."""
    if not settings.telegram_token:
        raise DeliveryError("TELEGRAM_TOKEN is not set")
    return Bot(settings.telegram_token, base_url=settings.telegram_base_url)


class TelegramSender:
    """Builds and initialises the Bot on first use, so a worker whose recipients have no
    Telegram chat needs no token, and an unreachable API at start-up is just a retry."""

    def __init__(self, settings: NotifySettings):
        self.settings = settings
        self._bot: Bot | None = None

    async def send(self, recipient: Recipient, message: Notification) -> None:
        if not recipient.telegram_chat_id:
            raise DeliveryError(f"{recipient.key} has no Telegram chat in safeguarding.yml")
        try:
            bot = await self._ready_bot()
            # The Telegram channel's own formatting: escaped HTML, split under the limit.
            for part in fmt.text_messages(message.text):
                await bot.send_message(
                    chat_id=recipient.telegram_chat_id,
                    text=part,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
        except InvalidToken as exc:  # its message repeats the token
            raise DeliveryError("Telegram rejected the bot token") from exc
        except TelegramError as exc:
            raise DeliveryError(
                f"Telegram: {short_error(exc, self.settings.telegram_token)}"
            ) from exc

    async def _ready_bot(self) -> Bot:
        if self._bot is None:
            self._bot = make_bot(self.settings)
        await self._bot.initialize()  # a no-op once it has succeeded
        return self._bot

    async def aclose(self) -> None:
        if self._bot is not None:
            await self._bot.shutdown()
