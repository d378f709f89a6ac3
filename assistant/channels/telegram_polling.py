"""Long polling, for a school without a public https address.

Usage:
    python -m assistant.channels.telegram_polling

Asks Telegram for updates (getUpdates) and POSTs each one, with the webhook secret, to the
Rasa server's ``/webhooks/telegram/webhook`` (``RASA_URL``, default
http://127.0.0.1:5005), so that webhook and polling share one code path. An update is
confirmed to Telegram only once Rasa has taken it; while Rasa is down the same update is
offered again. Stops cleanly on SIGINT or SIGTERM. Logs update ids, never message text.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys

import httpx
from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut

from assistant.channels.telegram_settings import (
    ALLOWED_UPDATES,
    SECRET_HEADER,
    WEBHOOK_PATH,
    SettingsError,
    TelegramSettings,
)

logger = logging.getLogger("assistant.channels.telegram_polling")

POLL_SECONDS = int(os.environ.get("TELEGRAM_POLL_SECONDS", "25"))  # long-poll timeout
RETRY_SECONDS = 2.0
FORWARD_TIMEOUT = 120.0  # a turn may wait on the action server


class Poller:
    def __init__(self, settings: TelegramSettings, rasa_url: str) -> None:
        self.settings = settings
        self.webhook = rasa_url.rstrip("/") + WEBHOOK_PATH
        self.stopping = asyncio.Event()
        self.offset: int | None = None

    def stop(self) -> None:
        self.stopping.set()

    async def run(self) -> None:
        bot = Bot(self.settings.token, base_url=self.settings.base_url)
        async with bot, httpx.AsyncClient(timeout=FORWARD_TIMEOUT) as client:
            # Telegram refuses getUpdates while a webhook is set: polling replaces it.
            await bot.delete_webhook(drop_pending_updates=False)
            logger.info("polling Telegram as @%s; forwarding to %s", bot.username, self.webhook)
            while not self.stopping.is_set():
                updates = await self._until_stopped(self._fetch(bot))
                for update in updates or []:
                    if self.stopping.is_set():
                        break
                    if await self._until_stopped(self._forward(client, update.to_dict())):
                        self.offset = update.update_id + 1
                    else:
                        break  # fetch again from the update Rasa has not taken
            if self.offset is not None:  # confirm what was delivered, so it is not resent
                with contextlib.suppress(TelegramError):
                    await bot.get_updates(offset=self.offset, timeout=0, limit=1)
        logger.info("stopped")

    async def _until_stopped(self, work):  # type: ignore[no-untyped-def]
        """``work``'s result, or None once a stop is asked for (the work is cancelled)."""
        task = asyncio.ensure_future(work)
        stop = asyncio.ensure_future(self.stopping.wait())
        await asyncio.wait({task, stop}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            return None
        return task.result()

    async def _fetch(self, bot: Bot) -> list:
        try:
            return list(
                await bot.get_updates(
                    offset=self.offset, timeout=POLL_SECONDS, allowed_updates=ALLOWED_UPDATES
                )
            )
        except TimedOut:
            return []
        except InvalidToken:
            raise
        except (NetworkError, TelegramError) as exc:
            logger.warning("getUpdates failed (%s); retrying", type(exc).__name__)
            await asyncio.sleep(RETRY_SECONDS)
            return []

    async def _forward(self, client: httpx.AsyncClient, update: dict) -> bool:
        """True once Rasa has taken the update (or refused it as malformed for good)."""
        while True:
            try:
                reply = await client.post(
                    self.webhook, json=update, headers={SECRET_HEADER: self.settings.secret}
                )
            except httpx.HTTPError as exc:
                logger.warning("Rasa unreachable (%s); retrying", type(exc).__name__)
            else:
                if reply.status_code == 200:
                    logger.info("update %s delivered", update.get("update_id"))
                    return True
                if reply.status_code == 400:
                    logger.warning("update %s refused as malformed", update.get("update_id"))
                    return True
                if reply.status_code == 403:
                    logger.error("Rasa refused the secret: is TELEGRAM_WEBHOOK_SECRET the same?")
                else:
                    logger.warning("Rasa answered %s; retrying", reply.status_code)
            await asyncio.sleep(RETRY_SECONDS)


async def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its lines carry the token
    try:
        settings = TelegramSettings.from_env()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    poller = Poller(settings, os.environ.get("RASA_URL") or "http://127.0.0.1:5005")
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, poller.stop)
    try:
        await poller.run()
    except InvalidToken:
        print("error: Telegram rejected TELEGRAM_TOKEN", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
