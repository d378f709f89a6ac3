"""Notifications: tell the people in ``safeguarding.yml`` that a case needs them.

The case store writes outbox rows in the same transaction as the case; the worker here
delivers them by email, Telegram and Microsoft Teams, retrying with backoff, and records
each delivery in the case's chronology. A message carries only the reference, category,
urgency, reason and dashboard link: never the account or anything about the reporter.

Run it with ``python -m assistant.notify`` (``--once`` for a single pass).
"""

from assistant.notify.base import DeliveryError, Sender
from assistant.notify.message import Notification
from assistant.notify.worker import Cycle, Worker

__all__ = ["Cycle", "DeliveryError", "Notification", "Sender", "Worker"]
