"""Rasa's REST and Socket.IO channels, guarded so that no message goes unanswered.

Registered in ``credentials.yml`` under these module paths; they keep the built-in names,
so the URLs stay ``/webhooks/rest/webhook`` and ``/socket.io``.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels import rest, socketio
from sanic import Blueprint

from assistant.channels.guard import OnNewMessage, never_silent


class RestInput(rest.RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(never_silent(on_new_message))


class SocketIOInput(socketio.SocketIOInput):
    """The website's channel: whoever writes here is treated as a parent."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        async def as_parent(message: Any) -> None:
            message.metadata = {**(message.metadata or {}), "role": "parent"}
            await on_new_message(message)

        return super().blueprint(never_silent(as_parent))
