"""Start the real action server and Rasa server on free ports, for tests and benchmarks.

Each run gets its own endpoints file and SQLite tracker store under a scratch folder, so
tests never touch ``var/`` and can run beside ``make run``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv/rasa/bin/rasa"
PYTHON = ROOT / ".venv/actions/bin/python"
MODEL = ROOT / "models/policy-assistant.tar.gz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(
    url: str, process: subprocess.Popen, launched: float, timeout: float = 240
) -> float:
    """Seconds from ``launched`` until ``url`` answers 200; fails early if the process dies."""
    while time.monotonic() - launched < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return time.monotonic() - launched
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


@dataclass
class Servers:
    workdir: Path
    action_port: int = field(default_factory=free_port)
    rasa_port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    credentials: Path = ROOT / "credentials.yml"  # which input channels Rasa serves
    startup: dict[str, float] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    _actions_launched: float = 0.0
    _env: dict[str, str] = field(default_factory=dict)

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.workdir / 'cases.db'}"

    @property
    def tracker_db(self) -> Path:
        return self.workdir / "tracker.db"

    def start(self) -> Servers:
        if not MODEL.exists():
            raise RuntimeError("no trained model: run `make train` first")
        self.workdir.mkdir(parents=True, exist_ok=True)
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(
            f"action_endpoint:\n  url: http://127.0.0.1:{self.action_port}/webhook\n"
            "tracker_store:\n  type: assistant.tracker_store.RedactingSQLTrackerStore\n"
            f"  dialect: sqlite\n  db: {self.tracker_db}\n"
        )
        env = (
            os.environ
            | {
                "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
                "REPLY_TIMEOUT_SECONDS": "20",
                "DATABASE_URL": self.database_url,
            }
            | self.extra_env
        )
        self._env = env
        self.start_actions(env, wait=False)
        launched = time.monotonic()
        rasa = subprocess.Popen(
            [str(RASA), "run", "--model", str(MODEL), "--endpoints", str(endpoints),
             "--credentials", str(self.credentials), "--port", str(self.rasa_port)],
            cwd=ROOT, env=env, stdout=self._log("rasa"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.processes["rasa"] = rasa
        self.wait_for_actions()
        self.startup["rasa"] = wait_until_up(f"http://127.0.0.1:{self.rasa_port}/", rasa, launched)
        return self

    def start_actions(self, env: dict[str, str] | None = None, wait: bool = True) -> None:
        self._actions_launched = time.monotonic()
        actions = subprocess.Popen(
            [str(PYTHON), "-m", "actions", "--port", str(self.action_port)],
            cwd=ROOT, env=env or self._env, stdout=self._log("actions"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.processes["actions"] = actions
        if wait:
            self.wait_for_actions()

    def restart_actions(self, env: dict[str, str] | None = None) -> None:
        """Restart the action server alone, with ``env`` over the environment it started with
        (another case database, say), or as it started when ``env`` is None. Rasa keeps
        running: a test that needs other action-server settings costs seconds, not a
        half-minute Rasa start."""
        self.stop("actions")
        self.start_actions(self._env | (env or {}))

    def wait_for_actions(self) -> None:
        self.startup["actions"] = wait_until_up(
            f"http://127.0.0.1:{self.action_port}/health",
            self.processes["actions"],
            self._actions_launched,
        )

    def stop(self, name: str | None = None) -> None:
        for key in [name] if name else list(self.processes):
            process = self.processes.pop(key)
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _log(self, name: str):
        return open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 - owned by the process

    def send(self, message: str | None, sender: str = "tester", **extra) -> list[dict]:
        body = {"sender": sender, "message": message, **extra}
        reply = httpx.post(self.rest_url, json=body, timeout=60)
        reply.raise_for_status()
        return reply.json()


def say(servers: Servers, sender: str, message: str) -> str:
    """Send one message over REST; the replies' texts, joined."""
    return "\n".join(m.get("text", "") for m in servers.send(message, sender=sender))


def fill_report(
    servers: Servers, sender: str, opening: str, account: str, where_when: str, contact: str
) -> str:
    """Walk a staff report through the form (no immediate danger, about a member of staff)
    up to the summary the reporter confirms; that summary is returned."""
    for message in (opening, "no", account, "a member of staff", where_when):
        say(servers, sender, message)
    return say(servers, sender, contact)
