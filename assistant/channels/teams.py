"""Microsoft Teams, for staff: a Bot Framework channel for a single-tenant bot registration.

Registered in ``credentials.yml`` as ``assistant.channels.teams.TeamsInput: {}``; the
messaging endpoint is ``https://<host>/webhooks/teams/webhook``. Replaces Rasa 3.6's
``botframework`` channel, which gets its reply token from the multi-tenant tenant and
makes blocking ``requests`` calls inside the event loop.

Configuration (environment):
    TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_TENANT_ID   the bot's Entra ID app registration
    TEAMS_ALLOWED_SERVICE_URLS   comma-separated prefixes that activity.serviceUrl must start
                                 with (default: any https URL the signed token names)
    TEAMS_OPENID_URL, TEAMS_TOKEN_URL, TEAMS_ISSUER   Microsoft's endpoints; tests point them
                                 at local stand-ins. TEAMS_TOKEN_URL may contain ``{tenant}``.

Everyone who reaches the bot through Teams is in the school's tenant, so is treated as staff
(metadata ``role: staff``, ``name`` from Teams, ``channel: teams``). Activities from another
tenant are refused. Replies are sent in the background, so Teams gets its 200 at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant.channels import teams_cards as cards
from assistant.channels.guard import never_silent
from assistant.channels.teams_auth import (
    ReplyToken,
    RequestVerifier,
    SigningKeys,
    Unauthorized,
    check_activity,
)

logger = logging.getLogger(__name__)

DEFAULT_OPENID_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
DEFAULT_ISSUER = "https://api.botframework.com"
MAX_BODY_BYTES = 512 * 1024  # Teams caps messages near 28 KB; a little slack for the rest
HTTP_TIMEOUT = httpx.Timeout(10.0)


@dataclass(frozen=True)
class TeamsSettings:
    app_id: str
    app_password: str
    tenant_id: str
    openid_url: str = DEFAULT_OPENID_URL
    token_url: str = DEFAULT_TOKEN_URL
    issuer: str = DEFAULT_ISSUER
    allowed_service_urls: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> TeamsSettings:
        env = dict(os.environ if env is None else env)
        missing = [
            name
            for name in ("TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "TEAMS_TENANT_ID")
            if not env.get(name, "").strip()
        ]
        if missing:
            raise ValueError(f"the Teams channel needs {', '.join(missing)} to be set")
        tenant = env["TEAMS_TENANT_ID"].strip()
        allowed = env.get("TEAMS_ALLOWED_SERVICE_URLS", "")
        return cls(
            app_id=env["TEAMS_APP_ID"].strip(),
            app_password=env["TEAMS_APP_PASSWORD"],
            tenant_id=tenant,
            openid_url=env.get("TEAMS_OPENID_URL") or DEFAULT_OPENID_URL,
            token_url=(env.get("TEAMS_TOKEN_URL") or DEFAULT_TOKEN_URL).replace(
                "{tenant}", quote(tenant, safe="")
            ),
            issuer=env.get("TEAMS_ISSUER") or DEFAULT_ISSUER,
            allowed_service_urls=tuple(p.strip() for p in allowed.split(",") if p.strip()),
        )

    def service_url_allowed(self, url: str) -> bool:
        if not self.allowed_service_urls:
            return url.startswith("https://")
        url = url.rstrip("/") + "/"
        return any(url.startswith(p.rstrip("/") + "/") for p in self.allowed_service_urls)


class BadActivity(ValueError):
    pass


@dataclass(frozen=True)
class Activity:
    """The parts of an incoming message activity that the channel uses."""

    raw: dict[str, Any]
    type: str
    service_url: str
    conversation: dict[str, Any]
    user: dict[str, Any]
    bot: dict[str, Any]
    id: str | None
    tenant: str | None

    @classmethod
    def parse(cls, body: bytes) -> Activity:
        try:
            raw = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadActivity("not JSON") from exc
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            raise BadActivity("not an activity")
        conversation, user, bot, data = (
            _object(raw.get(k)) for k in ("conversation", "from", "recipient", "channelData")
        )
        tenant = _object(data.get("tenant")).get("id") or conversation.get("tenantId")
        service_url = raw.get("serviceUrl")
        activity = cls(
            raw=raw,
            type=raw["type"],
            service_url=service_url if isinstance(service_url, str) else "",
            conversation=conversation,
            user=user,
            bot=bot,
            id=raw["id"] if isinstance(raw.get("id"), str) else None,
            tenant=tenant if isinstance(tenant, str) else None,
        )
        if activity.type == "message":
            for name, value in (
                ("serviceUrl", activity.service_url),
                ("conversation.id", activity.conversation.get("id")),
                ("from.id", activity.user.get("id")),
            ):
                if not isinstance(value, str) or not value:
                    raise BadActivity(f"message without {name}")
        return activity

    @property
    def personal(self) -> bool:
        return self.conversation.get("conversationType") in (None, "personal")

    @property
    def sender_id(self) -> str:
        """One Rasa conversation per person in a personal chat; in a team channel or group
        chat, one per person there, so a shared thread never continues a private one."""
        user = self.user["id"]
        if self.personal:
            return user
        digest = hashlib.sha256(self.conversation["id"].encode()).hexdigest()[:16]
        return f"{user}@{digest}"


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class TeamsOutput(OutputChannel):
    """Replies to one incoming activity through the Bot Connector."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    def __init__(self, activity: Activity, token: ReplyToken, client: httpx.AsyncClient) -> None:
        self.activity = activity
        self.token = token
        self.client = client
        conversation = quote(activity.conversation["id"], safe="")
        base = f"{activity.service_url.rstrip('/')}/v3/conversations/{conversation}/activities"
        self.url = f"{base}/{quote(activity.id, safe='')}" if activity.id else base

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        custom = message.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("answer"), dict):
            # The card carries the summary and the quotes: the plain-text copy would repeat it.
            await self._send(
                attachments=[cards.answer_card(custom["answer"])],
                summary=str(custom["answer"].get("summary", ""))[:200],
            )
            return
        await super().send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(text=text, textFormat="markdown")

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(attachments=[cards.buttons_card(text, buttons)], summary=text[:200])

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send(attachments=[cards.image_card(image)])

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, str(attachment))

    async def send_elements(self, recipient_id: str, elements: Any, **kwargs: Any) -> None:
        logger.warning("teams: carousels are not supported; elements dropped")

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        """Other custom payloads are taken as Bot Framework activity fields."""
        fields = {k: v for k, v in json_message.items() if k in ("text", "attachments")}
        if fields:
            await self._send(**fields)

    async def _send(self, **fields: Any) -> None:
        activity = {
            "type": "message",
            "from": self.activity.bot,
            "recipient": self.activity.user,
            "conversation": self.activity.conversation,
            **({"replyToId": self.activity.id} if self.activity.id else {}),
            **fields,
        }
        for attempt in (1, 2):
            token = await self.token.get()
            reply = await self.client.post(
                self.url, json=activity, headers={"Authorization": f"Bearer {token}"}
            )
            if reply.status_code == HTTPStatus.UNAUTHORIZED and attempt == 1:
                self.token.forget()  # revoked or rotated: one more try with a fresh token
                continue
            if reply.is_error:
                logger.error("teams: connector refused a reply: HTTP %s", reply.status_code)
            return


OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class TeamsInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(TeamsSettings.from_env())

    def __init__(self, settings: TeamsSettings) -> None:
        self.settings = settings
        self._client: httpx.AsyncClient | None = None
        self._verifier: RequestVerifier | None = None
        self._token: ReplyToken | None = None
        self._turns: set[asyncio.Task] = set()

    def _setup(self) -> None:
        """HTTP clients belong to the server's event loop, so are made on first use."""
        if self._client is None:
            s = self.settings
            self._client = httpx.AsyncClient(timeout=HTTP_TIMEOUT)
            keys = SigningKeys(s.openid_url, self._client)
            self._verifier = RequestVerifier(s.app_id, s.issuer, keys)
            self._token = ReplyToken(s.token_url, s.app_id, s.app_password, self._client)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        teams = Blueprint("teams_webhook", __name__)
        handle = never_silent(on_new_message)

        @teams.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @teams.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            self._setup()
            assert self._verifier and self._token and self._client
            try:
                claims = await self._verifier.verify(request.headers.get("Authorization"))
            except Unauthorized as refusal:
                logger.warning("teams: refused a request: %s", refusal)
                return response.text("Unauthorized", status=HTTPStatus.UNAUTHORIZED)
            if len(request.body or b"") > MAX_BODY_BYTES:
                return response.text("Too large", status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            try:
                activity = Activity.parse(request.body or b"")
            except BadActivity as problem:
                logger.warning("teams: bad activity: %s", problem)
                return response.text("Bad activity", status=HTTPStatus.BAD_REQUEST)
            try:
                check_activity(claims, activity.raw)
            except Unauthorized as refusal:
                logger.warning("teams: refused an activity: %s", refusal)
                return response.text("Unauthorized", status=HTTPStatus.UNAUTHORIZED)
            if activity.type != "message":  # conversationUpdate, typing, ...: nothing to say
                return response.text("", status=HTTPStatus.OK)
            if not self.settings.service_url_allowed(activity.service_url):
                logger.warning("teams: refused a service URL outside the allow-list")
                return response.text("Forbidden", status=HTTPStatus.FORBIDDEN)
            if activity.tenant != self.settings.tenant_id:
                logger.warning("teams: refused a message from another tenant")
                return response.text("Forbidden", status=HTTPStatus.FORBIDDEN)

            message = UserMessage(
                text=cards.incoming_text(activity.raw),
                output_channel=TeamsOutput(activity, self._token, self._client),
                sender_id=activity.sender_id,
                input_channel=self.name(),
                message_id=activity.id,
                metadata={
                    "role": "staff",
                    "name": str(activity.user.get("name") or ""),
                    "channel": "teams",
                    # A team channel or group chat: everyone there reads the replies, so
                    # no report is taken there (actions/reporting.py).
                    "group": not activity.personal,
                },
            )
            turn = asyncio.ensure_future(self._reply(handle, message))
            self._turns.add(turn)  # keep a reference until it is done
            turn.add_done_callback(self._turns.discard)
            return response.text("", status=HTTPStatus.OK)

        return teams

    @staticmethod
    async def _reply(handle: OnNewMessage, message: UserMessage) -> None:
        try:
            await handle(message)
        except Exception as exc:  # even the contact routes could not be sent
            logger.error("teams: no reply could be sent: %s", type(exc).__name__)
