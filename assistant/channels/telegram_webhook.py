"""Register (or remove) the Telegram webhook, with the secret Telegram will send back.

Usage:
    python -m assistant.channels.telegram_webhook set --url https://school.example/webhooks/telegram/webhook
    python -m assistant.channels.telegram_webhook delete
    python -m assistant.channels.telegram_webhook info

Reads TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET and TELEGRAM_API_BASE_URL like the channel.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from urllib.parse import urlsplit

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from assistant.channels.telegram_settings import (
    ALLOWED_UPDATES,
    WEBHOOK_PATH,
    SettingsError,
    TelegramSettings,
)


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise argparse.ArgumentTypeError("Telegram only calls https:// addresses")
    if parts.port not in (None, 443, 80, 88, 8443):
        raise argparse.ArgumentTypeError("Telegram only calls ports 443, 80, 88 and 8443")
    if not parts.path.endswith(WEBHOOK_PATH):
        raise argparse.ArgumentTypeError(f"the address should end with {WEBHOOK_PATH}")
    return url


async def run(args: argparse.Namespace, settings: TelegramSettings) -> str:
    async with Bot(settings.token, base_url=settings.base_url) as bot:
        if args.command == "set":
            await bot.set_webhook(
                args.url,
                secret_token=settings.secret,
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=args.drop_pending,
            )
            return f"webhook set for @{bot.username}: {args.url}"
        if args.command == "delete":
            await bot.delete_webhook(drop_pending_updates=args.drop_pending)
            return f"webhook deleted for @{bot.username} (use the polling runner instead)"
        info = await bot.get_webhook_info()
        error = f"; last error: {info.last_error_message}" if info.last_error_message else ""
        pending = info.pending_update_count
        return f"@{bot.username}: {info.url or 'no webhook'}; {pending} pending{error}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.channels.telegram_webhook")
    commands = parser.add_subparsers(dest="command", required=True)
    set_ = commands.add_parser("set", help="register the webhook with the secret")
    set_.add_argument("--url", required=True, type=check_url,
                      help=f"public https address ending in {WEBHOOK_PATH}")  # fmt: skip
    delete = commands.add_parser("delete", help="remove the webhook (to use polling)")
    for sub in (set_, delete):
        sub.add_argument("--drop-pending", action="store_true",
                         help="discard updates Telegram is holding")  # fmt: skip
    commands.add_parser("info", help="what Telegram has registered")
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its lines carry the token
    try:
        print(asyncio.run(run(args, TelegramSettings.from_env())))
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except InvalidToken:
        print("error: Telegram rejected TELEGRAM_TOKEN", file=sys.stderr)
        return 2
    except TelegramError as exc:
        print(f"error: Telegram said: {exc.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
