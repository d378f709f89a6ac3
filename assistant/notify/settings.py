"""The worker's settings, read from the environment once, here and nowhere else."""

from __future__ import annotations

import os
from dataclasses import dataclass

TELEGRAM_API = "https://api.telegram.org/bot"


@dataclass(frozen=True)
class NotifySettings:
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_from: str = "safeguarding@localhost"
    telegram_token: str = ""
    telegram_base_url: str = TELEGRAM_API
    poll_seconds: float = 2.0
    max_attempts: int = 12

    @classmethod
    def from_env(cls) -> NotifySettings:
        env = os.environ
        return cls(
            smtp_host=env.get("SMTP_HOST") or cls.smtp_host,
            smtp_port=int(env.get("SMTP_PORT") or cls.smtp_port),
            smtp_from=env.get("SMTP_FROM") or cls.smtp_from,
            telegram_token=env.get("TELEGRAM_TOKEN", ""),
            telegram_base_url=env.get("TELEGRAM_API_BASE_URL") or TELEGRAM_API,
            poll_seconds=float(env.get("NOTIFY_POLL_SECONDS") or cls.poll_seconds),
            max_attempts=int(env.get("NOTIFY_MAX_ATTEMPTS") or cls.max_attempts),
        )
