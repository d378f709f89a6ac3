"""The Telegram channel's settings, read from the environment once, here and nowhere else.

Shared by the channel, the polling runner and the webhook command; no Rasa import, so the
two commands start quickly. The token and the secret live in the environment, never in
``credentials.yml`` (which is committed).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

TELEGRAM_API = "https://api.telegram.org/bot"
WEBHOOK_PATH = "/webhooks/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# What Telegram accepts as a webhook secret_token: 1 to 256 of these characters.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,256}")
# Edited messages are not asked for: a changed question is simply asked again.
ALLOWED_UPDATES = ["message", "callback_query"]


class SettingsError(ValueError):
    """A missing or malformed setting; the message names it and never repeats its value."""


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    secret: str
    base_url: str = TELEGRAM_API
    staff_ids: frozenset[int] = frozenset()
    parents_allowed: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> TelegramSettings:
        env = os.environ if env is None else env
        token = env.get("TELEGRAM_TOKEN", "").strip()
        secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
        if not token:
            raise SettingsError("TELEGRAM_TOKEN is not set (BotFather gives it)")
        if not SECRET_PATTERN.fullmatch(secret):
            raise SettingsError(
                "TELEGRAM_WEBHOOK_SECRET must be 16 to 256 letters, digits, '_' or '-' "
                "(for example: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        return cls(
            token=token,
            secret=secret,
            base_url=env.get("TELEGRAM_API_BASE_URL", "").strip() or TELEGRAM_API,
            staff_ids=parse_ids(env.get("TELEGRAM_STAFF_IDS", "")),
            parents_allowed=env.get("TELEGRAM_PARENTS_ALLOWED", "1").strip().lower()
            not in ("0", "false", "no", "off"),
        )


def parse_ids(raw: str) -> frozenset[int]:
    """Comma- (or space-) separated numeric Telegram user ids."""
    ids = set()
    for item in re.split(r"[,\s]+", raw.strip()):
        if not item:
            continue
        if not re.fullmatch(r"-?\d{1,20}", item):
            raise SettingsError(f"TELEGRAM_STAFF_IDS: {item[:20]!r} is not a numeric user id")
        ids.add(int(item))
    return frozenset(ids)
