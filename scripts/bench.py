"""Benchmarks: answer latency in-process and over REST, throughput, memory, start-up.

Usage:
    make bench            (or: .venv/actions/bin/python -m scripts.bench)

Prints one table. Figures depend on the machine; compare runs on the same one.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil
from tabulate import tabulate

from tests.e2e.servers import Servers

QUESTIONS = [
    "can I friend a former pupil aged 17?",
    "am I allowed on facebook during work time",
    "can I use my own phone to take photos of the children",
    "can staff message parents on whatsapp",
    "is my 12 year old allowed on instagram",
    "can I post about the school play on my facebook",
    "should pupils hand in their phones",
    "what happens if a parent threatens a teacher online",
    "can I say where I work on my profile",
    "can pupils use school computers for social media",
    "what should I do if a pupil sends me a friend request",
    "who runs the school twitter account",
]
SEQUENTIAL = 60
CONCURRENT_SENDERS = 16
CONCURRENT_MESSAGES = 160


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(values: list[float], p: float) -> str:
    return f"{percentile(values, p) * 1000:.0f} ms"


def note(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def in_process() -> tuple[float, list[float]]:
    from assistant.policy.answers import get_engine

    started = time.perf_counter()
    engine = get_engine()
    load = time.perf_counter() - started
    timings = []
    for i in range(SEQUENTIAL * 2):
        t = time.perf_counter()
        engine.answer(QUESTIONS[i % len(QUESTIONS)], "staff")
        timings.append(time.perf_counter() - t)
    return load, timings


def rest_sequential(servers: Servers) -> list[float]:
    timings = []
    with httpx.Client(timeout=60) as client:
        for i in range(SEQUENTIAL):
            body = {"sender": f"seq-{i % 4}", "message": QUESTIONS[i % len(QUESTIONS)]}
            t = time.perf_counter()
            client.post(servers.rest_url, json=body).raise_for_status()
            timings.append(time.perf_counter() - t)
    return timings


async def rest_concurrent(servers: Servers) -> tuple[list[float], float]:
    timings: list[float] = []
    per_sender = CONCURRENT_MESSAGES // CONCURRENT_SENDERS

    async def sender(client: httpx.AsyncClient, n: int) -> None:
        for i in range(per_sender):
            body = {"sender": f"load-{n}", "message": QUESTIONS[(n + i) % len(QUESTIONS)]}
            t = time.perf_counter()
            (await client.post(servers.rest_url, json=body)).raise_for_status()
            timings.append(time.perf_counter() - t)

    async with httpx.AsyncClient(timeout=120) as client:
        started = time.perf_counter()
        await asyncio.gather(*(sender(client, n) for n in range(CONCURRENT_SENDERS)))
        elapsed = time.perf_counter() - started
    return timings, len(timings) / elapsed


def rss_mb(process) -> str:
    proc = psutil.Process(process.pid)
    total = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(True))
    return f"{total / 2**20:.0f} MB"


def main() -> None:
    note("in-process answers...")
    load, local = in_process()
    with tempfile.TemporaryDirectory() as scratch:
        note("starting the action server and the Rasa server...")
        servers = Servers(Path(scratch)).start()
        try:
            servers.send("hello", sender="warm-up")
            servers.send(QUESTIONS[0], sender="warm-up")
            note(f"{SEQUENTIAL} sequential REST questions...")
            sequential = rest_sequential(servers)
            note(f"{CONCURRENT_MESSAGES} REST questions from {CONCURRENT_SENDERS} senders...")
            concurrent, throughput = asyncio.run(rest_concurrent(servers))
            memory = {name: rss_mb(p) for name, p in servers.processes.items()}
        finally:
            servers.stop()
    rows = [
        ["in-process answer", "p50 / p95", f"{ms(local, 50)} / {ms(local, 95)}"],
        ["in-process engine load", "model + index", f"{load:.1f} s"],
        ["REST, sequential", "p50 / p95", f"{ms(sequential, 50)} / {ms(sequential, 95)}"],
        [
            f"REST, {CONCURRENT_SENDERS} concurrent senders",
            "p50 / p95",
            f"{ms(concurrent, 50)} / {ms(concurrent, 95)}",
        ],
        [f"REST, {CONCURRENT_SENDERS} concurrent senders", "throughput", f"{throughput:.1f} msg/s"],
        ["action server", "RSS after load", memory["actions"]],
        ["Rasa server", "RSS after load", memory["rasa"]],
        ["action server", "start-up to /health", f"{servers.startup['actions']:.1f} s"],
        ["Rasa server", "start-up to ready", f"{servers.startup['rasa']:.1f} s"],
    ]
    print(tabulate(rows, headers=["what", "measure", "value"], tablefmt="github"))
    print(
        f"\n{len(local)} in-process answers, {len(sequential)} sequential and "
        f"{len(concurrent)} concurrent REST policy questions; {psutil.cpu_count()} cores."
    )


if __name__ == "__main__":
    main()
