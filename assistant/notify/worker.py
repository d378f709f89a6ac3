"""The delivery loop: escalate what nobody acknowledged, then deliver what is due.

Delivery is exactly once per outbox row in every case but one: if a worker dies after a
service accepted a message and before the row was marked delivered, the lease runs out
and the row is sent again (at-least-once at that crash boundary; never lost). The
duplicate is recognisable: an email's Message-ID is derived from the row's idempotency
key, so mail systems and readers can drop it; Telegram and Teams have no such key, so a
person may rarely see the same short notice twice. A delivered row is never sent again.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from assistant.cases.models import utcnow
from assistant.cases.store import CaseStore
from assistant.notify import outbox
from assistant.notify.base import Sender, short_error
from assistant.notify.message import Notification
from assistant.notify.settings import NotifySettings
from assistant.notify.smtp import SmtpSender
from assistant.notify.teams import TeamsSender
from assistant.notify.telegram_bot import TelegramSender

log = logging.getLogger(__name__)


@dataclass
class Cycle:
    """What one pass did, for logs and tests."""

    escalated: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


class Worker:
    def __init__(
        self,
        store: CaseStore,
        senders: dict[str, Sender],
        clock: Callable[[], dt.datetime] = utcnow,
        max_attempts: int = 12,
        send_timeout: float = 60.0,
        lease: dt.timedelta = dt.timedelta(minutes=5),
        batch: int = 20,
    ):
        if lease.total_seconds() <= send_timeout:
            raise ValueError("the lease must outlast a send, or two workers would both send")
        self.store, self.senders, self.clock = store, senders, clock
        self.max_attempts, self.send_timeout = max_attempts, send_timeout
        self.lease, self.batch = lease, batch

    @classmethod
    def from_settings(cls, store: CaseStore, settings: NotifySettings, **kw) -> Worker:
        senders: dict[str, Sender] = {
            "email": SmtpSender.from_settings(settings),
            "telegram": TelegramSender(settings),
            "teams": TeamsSender(),
        }
        return cls(store, senders, max_attempts=settings.max_attempts, **kw)

    async def __aenter__(self) -> Worker:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        """Close the senders' connections (they reopen on next use, in whatever loop)."""
        for sender in self.senders.values():
            await sender.aclose()

    async def run_forever(self, stop: asyncio.Event, poll_seconds: float = 2.0) -> None:
        """Until ``stop`` is set. A pass in progress is finished first, so no row is left
        ``sending``; a failing pass (database down) is logged and tried again."""
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception as exc:  # noqa: BLE001 - keep going; the database may come back
                log.error("notify pass failed: %s", short_error(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=poll_seconds)

    async def run_once(self) -> Cycle:
        """Escalate, then deliver everything due now, batch by batch."""
        cycle = Cycle()
        try:
            cycle.escalated = await asyncio.to_thread(
                self.store.escalate_unacknowledged, self.clock()
            )
        except IntegrityError:  # another worker queued the same reminders first
            log.info("escalation: another worker got there first")
        while claims := await asyncio.to_thread(
            outbox.claim, self.store.sessions, self.clock(), self.lease, self.batch
        ):
            results = await asyncio.gather(*map(self._deliver, claims), return_exceptions=True)
            for result in results:
                if isinstance(result, BaseException):  # the database, not a send: stop here
                    raise result
                setattr(cycle, result, getattr(cycle, result) + 1)
        return cycle

    async def _deliver(self, claim: outbox.Claim) -> str:
        row, factory = claim.row, self.store.sessions
        where = f"outbox {row.id} ({row.kind}, {row.recipient} by {row.channel})"
        if claim.attempt > self.max_attempts:  # its last attempt was cut short by a crash
            error = row.last_error or "no answer before the lease ran out"
            await asyncio.to_thread(outbox.failed, factory, claim, self.clock(), error, True)
            log.error("%s: gave up after %d attempts", where, self.max_attempts)
            return "failed"
        try:
            recipient = self.store.config.recipients[row.recipient]
            sender = self.senders[row.channel]
            message = Notification.from_outbox(row)
            await asyncio.wait_for(sender.send(recipient, message), self.send_timeout)
        except Exception as exc:  # noqa: BLE001 - every failure is retried, then recorded
            error = short_error(exc)
            give_up = claim.attempt >= self.max_attempts
            await asyncio.to_thread(outbox.failed, factory, claim, self.clock(), error, give_up)
            if give_up:
                log.error("%s: gave up after %d attempts: %s", where, claim.attempt, error)
                return "failed"
            log.warning("%s: attempt %d failed, will retry: %s", where, claim.attempt, error)
            return "retrying"
        if await asyncio.to_thread(outbox.delivered, factory, claim, self.clock()):
            log.info("%s: delivered", where)
        else:
            log.warning("%s: delivered, but another worker had taken the row over", where)
        return "delivered"
