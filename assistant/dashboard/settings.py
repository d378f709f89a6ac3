"""The dashboard's settings, read from the environment once, in one place.

A signing secret protects every session, so the dashboard refuses to start without a
real one; only an explicit development switch lets it make up a throwaway secret.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

MIN_SECRET_CHARS = 32


class SettingsError(RuntimeError):
    """The environment does not describe a dashboard that is safe to start."""


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class DashboardSettings:
    secret: str
    dev: bool
    host: str
    port: int
    # Secure cookies unless in development (DASHBOARD_COOKIE_SECURE overrides). Chromium and
    # Firefox still send them to http://127.0.0.1, a secure context; Safari does not.
    cookie_secure: bool
    timezone: str


def load_settings(secret: str | None = None) -> DashboardSettings:
    """Settings from DASHBOARD_* variables; ``secret`` (from a caller such as a test) wins
    over DASHBOARD_SECRET."""
    dev = _flag("DASHBOARD_DEV")
    secret = secret or os.environ.get("DASHBOARD_SECRET", "")
    if not secret:
        if not dev:
            raise SettingsError(
                "DASHBOARD_SECRET is not set. Set it to a long random value, e.g. "
                '`python -c "import secrets; print(secrets.token_urlsafe(48))"`, or set '
                "DASHBOARD_DEV=1 on a development machine to use a throwaway one."
            )
        secret = secrets.token_urlsafe(48)  # this process only: sessions end on restart
    elif len(secret) < MIN_SECRET_CHARS and not dev:
        raise SettingsError(f"DASHBOARD_SECRET must be at least {MIN_SECRET_CHARS} characters.")
    return DashboardSettings(
        secret=secret,
        dev=dev,
        host=os.environ.get("DASHBOARD_HOST", "127.0.0.1"),
        port=int(os.environ.get("DASHBOARD_PORT", "8000")),
        cookie_secure=_flag("DASHBOARD_COOKIE_SECURE", default=not dev),
        timezone=os.environ.get("DASHBOARD_TIMEZONE", "Europe/London"),
    )
