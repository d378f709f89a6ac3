"""Local stand-ins for the services the worker talks to, each a real server on a free
localhost port: an SMTP server (aiosmtpd), the Telegram Bot API and a Teams webhook
(``http.server`` in a thread). Each records what it received; each can be stopped and
started again on the same port, or made to answer 500, to stage an outage."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller

TOKEN = "123456:TEST-token-not-a-real-one"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Email:
    to: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.raw, policy=policy.default)


class SmtpSink:
    """An SMTP server that keeps every message it accepts."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[Email] = []
        self._controller: Controller | None = None

    async def handle_DATA(self, _server, _session, envelope) -> str:  # aiosmtpd's hook
        self.received.append(Email(list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@dataclass
class Call:
    path: str
    body: bytes
    form: dict[str, str] = field(default_factory=dict)

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class HttpService:
    """A tiny HTTP server that records each POST; ``answer`` says what to reply."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.calls: list[Call] = []
        self.failing = False  # answer 500 to everything, as a service in trouble does
        self.refused = 0  # requests answered 500 while failing
        self._server: ThreadingHTTPServer | None = None

    def answer(self, call: Call) -> tuple[int, object]:
        return 200, "1"

    def start(self) -> None:
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                call = Call(self.path, body)
                if self.headers.get("Content-Type", "").startswith("application/x-www-form"):
                    call.form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                if service.failing:
                    service.refused += 1
                    status, reply = 500, {"ok": False, "error_code": 500, "description": "down"}
                else:
                    service.calls.append(call)
                    status, reply = service.answer(call)
                data = reply.encode() if isinstance(reply, str) else json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class TeamsWebhook(HttpService):
    """Answers like the classic connector webhook: 200 with body "1", or, when
    ``throttled``, 200 with the error in the body as Teams does."""

    throttled = False

    def answer(self, call: Call) -> tuple[int, object]:
        if self.throttled:
            return 200, "Microsoft Teams endpoint returned HTTP error 429 with ContextId x"
        return 200, "1"


class TelegramBotApi(HttpService):
    """The two Bot API methods the worker uses, with Telegram-shaped answers."""

    def answer(self, call: Call) -> tuple[int, object]:
        if not call.path.startswith(f"/bot{TOKEN}/"):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = call.path.rsplit("/", 1)[1]
        if method == "getMe":
            me = {"id": 42, "is_bot": True, "first_name": "School", "username": "school_bot"}
            return 200, {"ok": True, "result": me}
        if method == "sendMessage":
            chat_id = call.form["chat_id"]
            message = {"message_id": len(self.calls), "date": int(time.time()),
                       "chat": {"id": int(chat_id), "type": "private"},
                       "text": call.form["text"]}  # fmt: skip
            return 200, {"ok": True, "result": message}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}

    def sent(self) -> list[Call]:
        return [c for c in self.calls if c.path.endswith("/sendMessage")]
