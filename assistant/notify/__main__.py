"""Run the notification worker.

Usage:
    python -m assistant.notify          # forever, a pass every NOTIFY_POLL_SECONDS (2)
    python -m assistant.notify --once   # what is due now, then exit (tests, cron)

The database is DATABASE_URL's (SQLite under var/ by default), as for the rest of the
assistant. SIGINT or SIGTERM stops it after the pass in progress.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from assistant.cases.store import CaseStore
from assistant.notify.settings import NotifySettings
from assistant.notify.worker import Worker

log = logging.getLogger("assistant.notify")


async def main(once: bool) -> None:
    settings = NotifySettings.from_env()
    worker = Worker.from_settings(CaseStore(), settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with worker:
        if once:
            cycle = await worker.run_once()
            log.info("one pass: %s", cycle)
            return
        log.info("notify worker started, polling every %ss", settings.poll_seconds)
        await worker.run_forever(stop, settings.poll_seconds)
    log.info("notify worker stopped")


def cli() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m assistant.notify",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--once", action="store_true", help="process what is due, then exit")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # httpx logs every request URL at INFO, and Telegram's carries the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    asyncio.run(main(args.once))


if __name__ == "__main__":
    cli()
