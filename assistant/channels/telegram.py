"""Telegram, on python-telegram-bot, as a Rasa custom input channel.

Registered in ``credentials.yml`` as ``assistant.channels.telegram.TelegramInput: {}``; the
URL is ``/webhooks/telegram/webhook``. Telegram (webhook mode) or our polling runner
(``python -m assistant.channels.telegram_polling``) POSTs each Update there with the secret
header, so both modes share this one code path.

Who is asking comes from the update's user, never from the text: ids listed in
``TELEGRAM_STAFF_IDS`` are staff, everyone else a parent (or politely turned away when
``TELEGRAM_PARENTS_ALLOWED=0``). Logs carry update ids and kinds, never what was written.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import json
import logging
import re
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import Bot, Chat, Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from assistant.channels import telegram_format as fmt
from assistant.channels.guard import OnNewMessage, never_silent
from assistant.channels.telegram_settings import SECRET_HEADER, TelegramSettings
from assistant.config import school_contacts

logger = logging.getLogger(__name__)

GROUPS = (Chat.GROUP, Chat.SUPERGROUP)
COMMANDS = {"start": "hello", "help": "what can you do?"}
TEXT_ONLY = (
    "I can only read text messages, so I haven't looked at that. "
    "Please type your question or what you want to tell me."
)
EXPIRED_BUTTON = "That button has expired. Please type your answer instead."
TAGS = re.compile(r"<[^>]+>")
INTENT_PAYLOAD = re.compile(r"/[A-Za-z_]{1,60}")  # our buttons' payloads carry no entities


def parents_refused() -> str:
    contacts = school_contacts()
    return (
        f"Sorry, this assistant is only for staff at {contacts.school}. "
        f"{contacts.routes()} {contacts.emergency}"
    )


class TelegramOutput(OutputChannel):
    """Sends a turn's bot messages to one chat, as Telegram HTML."""

    def __init__(
        self, bot: Bot, chat_id: int, payloads: fmt.Payloads, reply_to: int | None = None
    ) -> None:
        self.bot = bot
        self.chat_id = chat_id
        self.payloads = payloads
        self.reply_to = reply_to  # in a group, answer the message that asked

    @classmethod
    def name(cls) -> str:
        return "telegram"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        custom = message.get("custom")
        answer = custom.get("answer") if isinstance(custom, dict) else None
        if isinstance(answer, dict):
            parts = fmt.answer_messages(answer)
        elif message.get("text"):
            parts = fmt.text_messages(str(message["text"]))
        elif message.get("image"):
            parts = fmt.text_messages(str(message["image"]))
        else:
            return  # other custom payloads are for other channels
        buttons = message.get("buttons") or message.get("quick_replies") or []
        markup = fmt.keyboard(buttons, self.payloads) if buttons else None
        for index, part in enumerate(parts):
            await self._send(part, markup if index == len(parts) - 1 else None)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in fmt.text_messages(text):
            await self._send(part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_response(recipient_id, {"text": text, "buttons": buttons})

    async def _send(self, html_text: str, markup: Any = None) -> None:
        reply = ReplyParameters(self.reply_to, allow_sending_without_reply=True)
        common = {"chat_id": self.chat_id, "reply_markup": markup}
        if self.reply_to is not None:
            common["reply_parameters"] = reply
        try:
            await self.bot.send_message(text=html_text, parse_mode=ParseMode.HTML, **common)
        except BadRequest as exc:
            # Telegram refused the markup: say it plainly rather than not at all.
            logger.warning("telegram refused HTML (%s); sending plain text", type(exc).__name__)
            plain = html.unescape(TAGS.sub("", html_text))
            await self.bot.send_message(text=plain, **common)


class TelegramInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        logging.getLogger("httpx").setLevel(logging.WARNING)  # its lines carry the bot token
        return cls(TelegramSettings.from_env())

    def __init__(self, settings: TelegramSettings) -> None:
        self.settings = settings
        self.payloads = fmt.Payloads()
        self._bot: Bot | None = None
        self._ready = asyncio.Lock()

    async def bot(self) -> Bot:
        """Built and initialised (getMe) on first use, inside the server's event loop."""
        async with self._ready:
            if self._bot is None:
                bot = Bot(self.settings.token, base_url=self.settings.base_url)
                await bot.initialize()
                self._bot = bot
        return self._bot

    def role_of(self, user_id: int) -> str:
        return "staff" if user_id in self.settings.staff_ids else "parent"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        guarded = never_silent(on_new_message)
        hook = Blueprint("telegram_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.settings.secret.encode()):
                logger.warning("telegram webhook: refused an update without the right secret")
                return response.json({"ok": False, "error": "forbidden"}, status=403)
            try:
                data = json.loads(request.body or b"")
                if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                    raise ValueError("not an update")
                update = Update.de_json(data, await self.bot())
            except TelegramError as exc:  # getMe failed: Telegram should try again later
                logger.error("telegram: bot not ready (%s)", type(exc).__name__)
                return response.json({"ok": False, "error": "not ready"}, status=503)
            except Exception:  # noqa: BLE001 - any shape python-telegram-bot cannot read
                logger.warning("telegram webhook: malformed update refused")
                return response.json({"ok": False, "error": "malformed update"}, status=400)
            try:
                await self.handle(update, guarded)
            except Exception as exc:  # noqa: BLE001 - a retry would repeat the turn
                logger.error("telegram update %s failed: %s", update.update_id, type(exc).__name__)
            return response.json({"ok": True})

        return hook

    async def handle(self, update: Update, on_new_message: OnNewMessage) -> None:
        bot = await self.bot()
        if update.callback_query is not None:
            await self._button(update, bot, on_new_message)
        elif update.message is not None:
            await self._message(update.update_id, update.message, bot, on_new_message)
        else:  # edited messages, channel posts, membership changes: nothing to answer
            logger.info("telegram update %s ignored (%s)", update.update_id, _kind(update))

    async def _message(
        self, update_id: int, message: Message, bot: Bot, on_new_message: OnNewMessage
    ) -> None:
        user = message.from_user
        if user is None or user.is_bot:
            return  # anonymous group admins, channels and other bots
        group = message.chat.type in GROUPS
        if group and not _addressed(message, bot):
            return
        output = TelegramOutput(
            bot, message.chat.id, self.payloads, message.message_id if group else None
        )
        role = self.role_of(user.id)
        logger.info("telegram update %s: %s from a %s", update_id, _kind_of(message), role)
        if role == "parent" and not self.settings.parents_allowed:
            await output.send_text_message(str(user.id), parents_refused())
            return
        if message.text is None:
            await output.send_text_message(str(user.id), TEXT_ONLY)
            return
        text = rasa_text(_user_text(message, bot) if group else message.text)
        await self._to_rasa(text, message.chat, user, output, on_new_message)

    async def _button(self, update: Update, bot: Bot, on_new_message: OnNewMessage) -> None:
        query = update.callback_query
        try:
            await query.answer()  # stops the button's spinner
        except TelegramError as exc:  # too old to answer; the press still counts
            logger.info("telegram: callback not answered (%s)", type(exc).__name__)
        user = query.from_user
        chat = query.message.chat if query.message is not None else None
        chat_id = chat.id if chat is not None else user.id
        output = TelegramOutput(bot, chat_id, self.payloads)
        role = self.role_of(user.id)
        logger.info("telegram update %s: button from a %s", update.update_id, role)
        if role == "parent" and not self.settings.parents_allowed:
            await output.send_text_message(str(user.id), parents_refused())
            return
        data = query.data or ""
        payload = self.payloads.from_callback(data)
        if payload is None:
            await output.send_text_message(str(user.id), EXPIRED_BUTTON)
            return
        if payload == data and not INTENT_PAYLOAD.fullmatch(payload):
            payload = rasa_text(payload)  # not a button we sent: treat it as typed text
        await self._to_rasa(payload, chat, user, output, on_new_message)

    async def _to_rasa(
        self,
        text: str,
        chat: Chat | None,
        user: Any,
        output: TelegramOutput,
        on_new_message: OnNewMessage,
    ) -> None:
        in_group = chat is not None and chat.type in GROUPS
        # In a group each member has their own conversation (and their own role).
        sender = f"{chat.id}:{user.id}" if in_group else str(user.id)
        metadata = {"role": self.role_of(user.id), "name": user.first_name, "channel": "telegram",
                    "group": in_group}  # fmt: skip
        await on_new_message(
            UserMessage(text, output, sender, input_channel=self.name(), metadata=metadata)
        )


def _addressed(message: Message, bot: Bot) -> bool:
    """In a group: the bot answers when @mentioned, given a /command@bot, or replied to."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return True
    return bool(_mentions(message, bot))


def _mentions(message: Message, bot: Bot) -> list[MessageEntity]:
    username = (bot.username or "").lower()
    found = []
    for entity, text in message.parse_entities().items():
        mention = entity.type == MessageEntity.MENTION and text[1:].lower() == username
        named = entity.type == MessageEntity.TEXT_MENTION and _id(entity.user) == bot.id
        command = entity.type == MessageEntity.BOT_COMMAND and text.lower().endswith(f"@{username}")
        if mention or named or command:
            found.append(entity)
    return found


def _id(user: Any) -> int | None:
    return getattr(user, "id", None)


def _user_text(message: Message, bot: Bot) -> str:
    """The group message without the bot's @mention (and a /command without @bot)."""
    text = message.text or ""
    for entity, part in sorted(
        message.parse_entities().items(), key=lambda item: item[0].offset, reverse=True
    ):
        if entity not in _mentions(message, bot):
            continue
        keep = part.split("@", 1)[0] if entity.type == MessageEntity.BOT_COMMAND else ""
        text = text.replace(part, keep, 1)
    return " ".join(text.split())


def rasa_text(text: str) -> str:
    """A typed message for Rasa. Telegram's /start and /help become words; any other leading
    '/' is dropped, so typing cannot inject an intent or entities (buttons still can, since
    their payloads are ours)."""
    stripped = text.strip()
    if stripped.startswith("/"):
        command = stripped[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if stripped[1:] else ""
        if command in COMMANDS:
            return COMMANDS[command]
        return stripped.lstrip("/").strip()
    return text


def _kind(update: Update) -> str:
    for kind in ("edited_message", "channel_post", "edited_channel_post", "my_chat_member"):
        if getattr(update, kind, None) is not None:
            return kind
    return "other"


def _kind_of(message: Message) -> str:
    if message.text is not None:
        return "text"
    for kind in ("photo", "sticker", "voice", "document", "video", "audio", "location"):
        if getattr(message, kind, None):
            return kind
    return "non-text"
