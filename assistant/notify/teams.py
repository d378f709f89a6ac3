"""Microsoft Teams through an incoming webhook: one Adaptive Card per message.

The card goes in the ``{"type": "message", "attachments": [...]}`` envelope, which both
the classic Office 365 connector webhooks and the Workflows (Power Automate) webhooks
that replace them accept. The webhook URL is a secret, so errors never repeat it. Classic
webhooks answer 200 with the text "1"; when throttled they still answer 200, with the
error in the body, so that counts as a failure too.
"""

from __future__ import annotations

import httpx

from assistant.cases.routing import Recipient
from assistant.channels import teams_cards as cards
from assistant.notify.base import DeliveryError, short_error
from assistant.notify.message import Notification


def adaptive_card(message: Notification) -> dict:
    """The same Adaptive Card construction as the Teams channel's replies."""
    body = [
        cards.text_block(message.subject, weight="Bolder"),
        {
            "type": "FactSet",
            "facts": [{"title": label, "value": value} for label, value in message.facts()],
        },
        cards.text_block("The report itself is only on the dashboard.", isSubtle=True),
    ]
    actions = [{"type": "Action.OpenUrl", "title": "Open the case", "url": message.link}]
    return {"type": "message", "attachments": [cards.card_attachment(body, actions)]}


class TeamsSender:
    def __init__(self, timeout: float = 30.0):
        self.timeout = timeout
        self._client: httpx.AsyncClient | None = None

    async def send(self, recipient: Recipient, message: Notification) -> None:
        if not recipient.teams_webhook:
            raise DeliveryError(f"{recipient.key} has no Teams webhook in safeguarding.yml")
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout)
        try:
            response = await self._client.post(recipient.teams_webhook, json=adaptive_card(message))
        except httpx.HTTPError as exc:
            raise DeliveryError(f"Teams: {short_error(exc)}") from exc
        if not response.is_success:
            raise DeliveryError(f"Teams webhook answered HTTP {response.status_code}")
        if "error" in response.text.lower():  # classic webhooks report throttling in a 200
            raise DeliveryError("Teams webhook accepted the request but reported an error")

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
