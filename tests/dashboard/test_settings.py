"""The dashboard refuses to start without a real session secret, except on a development
machine that says so."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import sessionmaker

from assistant.dashboard.app import create_app
from assistant.dashboard.settings import SettingsError, load_settings


def test_no_secret_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DASHBOARD_SECRET", raising=False)
    monkeypatch.delenv("DASHBOARD_DEV", raising=False)
    with pytest.raises(SettingsError, match="DASHBOARD_SECRET"):
        create_app(sessionmaker())


def test_a_short_secret_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DASHBOARD_DEV", raising=False)
    monkeypatch.setenv("DASHBOARD_SECRET", "changethis")
    with pytest.raises(SettingsError, match="at least"):
        load_settings()


def test_development_makes_up_a_secret_for_this_process_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DASHBOARD_SECRET", raising=False)
    monkeypatch.setenv("DASHBOARD_DEV", "1")
    first, second = load_settings(), load_settings()
    assert len(first.secret) >= 32 and first.secret != second.secret
    assert create_app(sessionmaker()) is not None


def test_cookies_are_secure_outside_development(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DASHBOARD_COOKIE_SECURE", raising=False)
    monkeypatch.delenv("DASHBOARD_DEV", raising=False)
    assert load_settings("s" * 40).cookie_secure is True
    monkeypatch.setenv("DASHBOARD_DEV", "1")
    assert load_settings().cookie_secure is False
    monkeypatch.setenv("DASHBOARD_COOKIE_SECURE", "1")
    assert load_settings().cookie_secure is True
