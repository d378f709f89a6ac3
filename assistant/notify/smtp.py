"""Email over SMTP (``smtplib`` in a thread: one short connection per message)."""

from __future__ import annotations

import asyncio
import smtplib
from email.message import EmailMessage
from email.utils import formatdate

from assistant.cases.routing import Recipient
from assistant.notify.base import DeliveryError, short_error
from assistant.notify.message import Notification
from assistant.notify.settings import NotifySettings


class SmtpSender:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 25,
        sender: str = "safeguarding@localhost",
        timeout: float = 30.0,
    ):
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout

    @classmethod
    def from_settings(cls, settings: NotifySettings) -> SmtpSender:
        return cls(settings.smtp_host, settings.smtp_port, settings.smtp_from)

    def compose(self, recipient: Recipient, message: Notification) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = recipient.email
        email["Subject"] = message.subject
        email["Date"] = formatdate(usegmt=True)
        email["Message-ID"] = message.message_id(self.sender.rpartition("@")[2] or "localhost")
        email.set_content(message.text)
        return email

    async def send(self, recipient: Recipient, message: Notification) -> None:
        if not recipient.email:
            raise DeliveryError(f"{recipient.key} has no email address in safeguarding.yml")
        email = self.compose(recipient, message)
        try:
            await asyncio.to_thread(self._send, email)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"SMTP {self.host}:{self.port}: {short_error(exc)}") from exc

    def _send(self, email: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.send_message(email)

    async def aclose(self) -> None:
        """Nothing held open between messages."""
