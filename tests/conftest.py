"""Shared fixtures: the real policy, and the real engine (model and index load once)."""

from __future__ import annotations

import pytest

from assistant.policy.answers import PolicyEngine, get_engine
from assistant.policy.corpus import Policy, load_policy


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="session")
def engine() -> PolicyEngine:
    return get_engine()
