"""A local stand-in for the Telegram Bot API: the methods the channel, the polling runner
and the webhook command use, with Telegram-shaped answers, and a queue of updates that
getUpdates serves. Every call is recorded. Extends the notification tests' pattern."""

from __future__ import annotations

import itertools
import json
import threading
import time
from typing import Any

from tests.notify.services import TOKEN, Call, HttpService

BOT = {"id": 42, "is_bot": True, "first_name": "School", "username": "school_bot"}
SECRET = "test-secret_0123456789abcdef"  # the webhook's secret token
STAFF = 1001  # a Telegram user the school lists as staff
_ids = itertools.count(1)


def params(call: Call) -> dict[str, Any]:
    """A call's parameters, sent as a form (JSON-encoded values) or as JSON."""
    if call.form:
        out: dict[str, Any] = {}
        for key, value in call.form.items():
            try:
                out[key] = json.loads(value)
            except ValueError:
                out[key] = value
        for key in ("text", "url", "secret_token", "callback_query_id"):
            if key in call.form:
                out[key] = call.form[key]  # a string, even when it looks like a number
        return out
    return json.loads(call.body) if call.body else {}


class TelegramBotApi(HttpService):
    def __init__(self) -> None:
        super().__init__()
        self.base_url = f"{self.url}/bot"
        self.queue: list[dict] = []
        self._queued = threading.Condition()

    def env(self) -> dict[str, str]:
        """The Telegram channel's settings that point it at this stand-in."""
        return {
            "TELEGRAM_TOKEN": TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "TELEGRAM_API_BASE_URL": self.base_url,
            "TELEGRAM_STAFF_IDS": f"{STAFF}, 1003",
        }

    def enqueue(self, update: dict) -> None:
        with self._queued:
            self.queue.append(update)
            self._queued.notify_all()

    def answer(self, call: Call) -> tuple[int, object]:
        if not call.path.startswith(f"/bot{TOKEN}/"):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = call.path.rsplit("/", 1)[1]
        args = params(call)
        if method == "getMe":
            return 200, {"ok": True, "result": BOT}
        if method == "sendMessage":
            chat_id = int(args["chat_id"])
            message = {"message_id": next(_ids), "date": int(time.time()), "from": BOT,
                       "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                       "text": args["text"]}  # fmt: skip
            return 200, {"ok": True, "result": message}
        if method in ("answerCallbackQuery", "setWebhook", "deleteWebhook"):
            return 200, {"ok": True, "result": True}
        if method == "getWebhookInfo":
            info = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
            return 200, {"ok": True, "result": info}
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._updates(args)}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}

    def _updates(self, args: dict[str, Any]) -> list[dict]:
        offset = int(args.get("offset") or 0)
        wait = min(float(args.get("timeout") or 0), 1.0)
        with self._queued:
            self.queue = [u for u in self.queue if u["update_id"] >= offset]  # confirmed
            if not self.queue and wait:
                self._queued.wait(wait)
            return list(self.queue[: int(args.get("limit") or 100)])

    # --- what the tests look at ---------------------------------------------------------

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [params(c) for c in list(self.calls) if c.path.endswith(f"/{method}")]

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        return [
            m
            for m in self.calls_to("sendMessage")
            if chat_id is None or int(m["chat_id"]) == chat_id
        ]
