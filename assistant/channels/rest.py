"""Rasa's REST and Socket.IO channels, guarded so that no message goes unanswered.

Registered in ``credentials.yml`` under these module paths; they keep the built-in names,
so the URLs stay ``/webhooks/rest/webhook`` and ``/socket.io``.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from rasa.core.channels import rest, socketio
from rasa.core.channels.channel import OutputChannel
from sanic import Blueprint

from assistant.channels.guard import OnNewMessage, never_silent

logger = logging.getLogger(__name__)


class RestInput(rest.RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(never_silent(on_new_message))


class SocketIOInput(socketio.SocketIOInput):
    """The website's channel: whoever writes here is treated as a parent.

    Each client is rate limited: a token bucket per connection (``sid``) and a looser one per
    remote address, so one browser tab cannot flood the assistant and reconnecting does not
    reset much. Over the limit, the client is told once to slow down and the rest is dropped;
    nothing it wrote is logged. A policy answer goes out as one ``bot_uttered`` event,
    ``{"text", "custom": {"answer"}}``, for the widget's cited-answer card (Rasa's own
    ``send_custom_json`` passes the custom keys to ``emit`` as arguments, which fails).
    A tab may only write to the session it was confirmed in, and session ids are the server's.
    """

    SESSION_ID = re.compile(r"[0-9a-f]{32}")
    SLOW_DOWN = "You're sending messages very quickly; please wait a moment and try again."
    # (burst, seconds per message). Per address is looser: families may share one network.
    PER_CLIENT = (10, 2.0)
    PER_ADDRESS = (60, 0.5)

    class Bucket:
        def __init__(self, burst: int, every: float, now: float) -> None:
            self.burst, self.every, self.tokens, self.at = burst, every, float(burst), now
            self.warned = False

        def refill(self, now: float) -> float:
            self.tokens = min(self.burst, self.tokens + (now - self.at) / self.every)
            self.at = now
            return self.tokens

    class Output(socketio.SocketIOOutput):
        async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
            custom = message.get("custom")
            if isinstance(custom, dict) and "answer" in custom and not message.get("buttons"):
                payload = {"text": message.get("text") or "", "custom": custom}
                await self._send_message(recipient_id, payload)
            else:
                await super().send_response(recipient_id, message)

        async def send_custom_json(
            self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
        ) -> None:
            await self._send_message(recipient_id, {"custom": json_message})

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def get_output_channel(self) -> OutputChannel | None:
        return self.Output(self.sio, self.bot_message_evt) if self.sio else None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.buckets: dict[tuple[str, str], SocketIOInput.Bucket] = {}
        self.sessions: dict[str, str] = {}  # sid -> the session it asked for

    def allow(self, sid: str, address: str, now: float | None = None) -> bool:
        """Take a token from this client's bucket and its address's, if both have one."""
        now = time.monotonic() if now is None else now
        if len(self.buckets) > 10_000:  # forget the idle: a full bucket is the same as none
            for key in [k for k, b in self.buckets.items() if b.refill(now) >= b.burst]:
                del self.buckets[key]
        client = self.buckets.setdefault(("sid", sid), self.Bucket(*self.PER_CLIENT, now))
        network = self.buckets.setdefault(("ip", address), self.Bucket(*self.PER_ADDRESS, now))
        if client.refill(now) < 1 or network.refill(now) < 1:
            return False
        if client.tokens >= client.burst / 2:  # calmed down: may be told again next time
            client.warned = False
        client.tokens -= 1
        network.tokens -= 1
        return True

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        async def as_parent(message: Any) -> None:
            message.metadata = {**(message.metadata or {}), "role": "parent"}
            await on_new_message(message)

        guarded = never_silent(as_parent)

        async def with_answer_cards(message: Any) -> None:
            message.output_channel = self.Output(self.sio, self.bot_message_evt)
            await guarded(message)

        webhook = super().blueprint(with_answer_cards)
        sio, namespace = self.sio, self.namespace or "/"
        handle_message = sio.handlers[namespace][self.user_message_evt]

        async def rate_limited(sid: str, data: Any) -> None:
            request = (sio.get_environ(sid, namespace) or {}).get("sanic.request")
            address = (request.remote_addr or request.ip) if request else ""
            if not isinstance(data, dict) or (
                self.session_persistence and data.get("session_id") != self.sessions.get(sid)
            ):
                logger.debug("socketio: dropped a message for a session this client is not in")
                return
            if self.allow(sid, address):
                await handle_message(sid, data)
                return
            bucket = self.buckets[("sid", sid)]
            if not bucket.warned:
                bucket.warned = True
                logger.warning("socketio: a client is over the rate limit; dropping its messages")
                await sio.emit(self.bot_message_evt, {"text": self.SLOW_DOWN}, room=sid)

        async def forget(sid: str, *_: Any) -> None:
            self.buckets.pop(("sid", sid), None)
            self.sessions.pop(sid, None)

        async def session_request(sid: str, data: Any) -> None:
            # Rasa 3.6 calls python-socketio 5's coroutine ``enter_room`` without awaiting it,
            # so the tab never joins its session's room and every reply is lost.
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not isinstance(session_id, str) or not self.SESSION_ID.fullmatch(session_id):
                session_id = uuid.uuid4().hex  # only ids this server could have handed out
            self.sessions[sid] = session_id
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        sio.on("session_request", session_request, namespace=namespace)
        sio.on(self.user_message_evt, rate_limited, namespace=namespace)
        sio.on("disconnect", forget, namespace=namespace)
        return webhook
