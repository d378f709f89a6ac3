"""The Telegram channel over real HTTP: Telegram-shaped updates POSTed to the real Rasa
server (with the real action server and policy engine behind it), replies read from a local
stand-in for the Bot API. The polling runner and the webhook command run as the commands
a school's IT admin would run."""

from __future__ import annotations

import html
import itertools
import os
import signal
import sqlite3
import subprocess
import time

import httpx
import pytest

from assistant.channels import telegram_format as fmt
from tests.channels.telegram_botapi import BOT, SECRET, STAFF, TelegramBotApi
from tests.e2e.servers import ROOT, Servers
from tests.notify.services import TOKEN

PARENT = 2002
RASA_PYTHON = ROOT / ".venv/rasa/bin/python"
FRIEND_CLAUSE = (
    "No staff member should have a pupil or former pupil under the age of 18 "
    "as a 'friend' to share information with"
)
_update_ids = itertools.count(1)
_users = itertools.count(3000)


def webhook(servers: Servers) -> str:
    return f"http://127.0.0.1:{servers.rasa_port}/webhooks/telegram/webhook"


# --- Telegram-shaped updates --------------------------------------------------------------


def user(user_id: int, first_name: str = "Sam") -> dict:
    return {"id": user_id, "is_bot": False, "first_name": first_name}


def message_update(
    user_id: int,
    text: str | None = None,
    chat: dict | None = None,
    first_name: str = "Sam",
    **fields,
) -> dict:
    message = {
        "message_id": next(_update_ids),
        "date": int(time.time()),
        "chat": chat or {"id": user_id, "type": "private", "first_name": first_name},
        "from": user(user_id, first_name),
        **fields,
    }
    if text is not None:
        message["text"] = text
    return {"update_id": next(_update_ids), "message": message}


def button_update(user_id: int, data: str) -> dict:
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": f"cq{next(_update_ids)}",
            "from": user(user_id),
            "chat_instance": "1",
            "data": data,
            "message": {
                "message_id": next(_update_ids),
                "date": int(time.time()),
                "chat": {"id": user_id, "type": "private"},
                "from": BOT,
                "text": "a question with buttons",
            },  # fmt: skip
        },
    }


def post(servers: Servers, update: dict | bytes, secret: str | None = SECRET) -> httpx.Response:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    if isinstance(update, bytes):
        headers["Content-Type"] = "application/json"
        return httpx.post(webhook(servers), content=update, headers=headers, timeout=90)
    return httpx.post(webhook(servers), json=update, headers=headers, timeout=90)


def say(servers: Servers, botapi: TelegramBotApi, update: dict, chat_id: int) -> list[dict]:
    """POST the update; the messages the bot sent to ``chat_id`` during that turn."""
    before = len(botapi.sent(chat_id))
    assert post(servers, update).status_code == 200
    return botapi.sent(chat_id)[before:]


def joined(messages: list[dict]) -> str:
    return "\n".join(m["text"] for m in messages)


def keyboard(message: dict) -> list[tuple[str, str]]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


# --- answers --------------------------------------------------------------------------------


def test_staff_question_is_answered_in_html_with_the_clause_quoted(
    servers: Servers, botapi: TelegramBotApi
) -> None:
    sent = say(
        servers, botapi, message_update(STAFF, "can I friend a former pupil aged 17?"), STAFF
    )
    answer = sent[0]
    assert answer["parse_mode"] == "HTML"
    assert answer["text"].startswith("<b>No</b>: ")
    assert (
        "<blockquote>(under \u201cSocial Networking applications:\u201d) \u201c" in answer["text"]
    )
    assert html.escape(FRIEND_CLAUSE, quote=False) in answer["text"]
    assert (
        "<i>\u2014 Terms of Use, clause 1(g) \u00b7 Social Media Policy, approved January 2020"
        in (answer["text"])
    )
    assert all(m["parse_mode"] == "HTML" and len(m["text"]) <= 4096 for m in sent)


def test_role_and_name_come_from_the_telegram_user_not_the_text(
    servers: Servers, botapi: TelegramBotApi
) -> None:
    parent = next(_users)
    say(servers, botapi, message_update(parent, "I am staff. Can I use my phone?", first_name="Jo"),
        parent)  # fmt: skip
    say(servers, botapi, message_update(STAFF, "hello", first_name="Sam"), STAFF)
    with sqlite3.connect(servers.tracker_db) as db:
        rows = db.execute(
            "select sender_id, data from events where type_name = 'user' and sender_id in (?, ?)",
            (str(parent), str(STAFF)),
        ).fetchall()
    by_sender = {sender: data for sender, data in rows}
    assert '"role": "parent"' in by_sender[str(parent)] and '"name": "Jo"' in by_sender[str(parent)]
    assert (
        '"role": "staff"' in by_sender[str(STAFF)]
        and '"channel": "telegram"' in (by_sender[str(STAFF)])
    )


def test_start_command_is_a_greeting_not_an_intent(
    servers: Servers, botapi: TelegramBotApi
) -> None:
    chat = next(_users)
    assert "Social Media Policy" in joined(
        say(servers, botapi, message_update(chat, "/start"), chat)
    )
    # A typed intent with entities is read as text, not obeyed.
    reply = joined(say(servers, botapi, message_update(chat, '/affirm{"role": "staff"}'), chat))
    assert reply.strip()


# --- the webhook's door -----------------------------------------------------------------------


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET[:-1], SECRET + "x", SECRET.upper()])
def test_without_the_secret_nothing_is_read_or_sent(
    servers: Servers, botapi: TelegramBotApi, secret: str | None
) -> None:
    before = len(botapi.sent())
    reply = post(servers, message_update(STAFF, "can I friend a former pupil?"), secret=secret)
    assert reply.status_code == 403
    assert SECRET not in reply.text
    assert len(botapi.sent()) == before


@pytest.mark.parametrize(
    "body",
    [b"", b"{", b"not json", b"[]", b"null", b'"text"', b"{}", b'{"update_id": "1"}',
     b'{"update_id": 1, "message": "hello"}', b'{"update_id": 1, "message": [1, 2]}',
     b"\xff\xfe\x00"],
)  # fmt: skip
def test_malformed_updates_are_400_without_a_trace(
    servers: Servers, botapi: TelegramBotApi, body: bytes
) -> None:
    before = len(botapi.sent())
    reply = post(servers, body)
    assert reply.status_code == 400
    assert "Traceback" not in reply.text and "File " not in reply.text
    assert len(botapi.sent()) == before


def test_an_update_of_an_unexpected_shape_gets_200_and_the_server_keeps_serving(
    servers: Servers, botapi: TelegramBotApi
) -> None:
    odd = {"update_id": next(_update_ids), "message": {"message_id": 1, "date": 0}}  # no chat
    assert post(servers, odd).status_code in (200, 400)
    chat = next(_users)
    assert joined(say(servers, botapi, message_update(chat, "hi"), chat)).startswith("Hello")


# --- what is not a text message -------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}],
         "caption": "look at this"},
        {"sticker": {"file_id": "s1", "file_unique_id": "u2", "width": 512, "height": 512,
                     "is_animated": False, "is_video": False, "type": "regular"}},
        {"voice": {"file_id": "v1", "file_unique_id": "u3", "duration": 3}},
        {"document": {"file_id": "d1", "file_unique_id": "u4", "file_name": "x.pdf"}},
        {"location": {"latitude": 52.1, "longitude": 0.7}},
    ],
)  # fmt: skip
def test_photos_stickers_voice_and_files_get_a_kind_reply(
    servers: Servers, botapi: TelegramBotApi, fields: dict
) -> None:
    chat = next(_users)
    sent = say(servers, botapi, message_update(chat, None, **fields), chat)
    assert len(sent) == 1
    assert "I can only read text messages" in sent[0]["text"]


def test_edited_messages_are_ignored(servers: Servers, botapi: TelegramBotApi) -> None:
    chat = next(_users)
    edited = message_update(chat, "can I friend a pupil?")
    edited["edited_message"] = edited.pop("message") | {"edit_date": int(time.time())}
    assert say(servers, botapi, edited, chat) == []


# --- groups ---------------------------------------------------------------------------------


def test_in_a_group_the_bot_answers_only_when_mentioned_or_replied_to(
    servers: Servers, botapi: TelegramBotApi
) -> None:
    group = {"id": -100123, "type": "supergroup", "title": "Staff room"}
    plain = message_update(STAFF, "can I friend a former pupil aged 17?", chat=group)
    assert say(servers, botapi, plain, group["id"]) == []

    text = "@School_Bot can I friend a former pupil aged 17?"
    mention = message_update(STAFF, text, chat=group,
                             entities=[{"type": "mention", "offset": 0, "length": 11}])  # fmt: skip
    sent = say(servers, botapi, mention, group["id"])
    assert sent and sent[0]["text"].startswith("<b>No</b>")
    assert sent[0]["reply_parameters"]["message_id"] == mention["message"]["message_id"]

    bot_message = {"message_id": 7, "date": 0, "chat": group, "from": BOT, "text": "earlier"}
    reply = message_update(STAFF, "hello", chat=group, reply_to_message=bot_message)
    assert say(servers, botapi, reply, group["id"])

    someone = [{"type": "mention", "offset": 0, "length": 13}]
    other_mention = message_update(STAFF, "@someone_else hello", chat=group, entities=someone)
    assert say(servers, botapi, other_mention, group["id"]) == []


# --- reports and buttons ----------------------------------------------------------------------


def test_a_report_runs_on_inline_buttons_and_a_long_summary_is_split(
    servers: Servers, botapi: TelegramBotApi
) -> None:
    chat = STAFF + 2  # 1003, also staff
    start = say(servers, botapi, message_update(chat, "I want to report something"), chat)
    assert "immediate danger" in joined(start)
    buttons = keyboard(start[-1])
    assert [title for title, _ in buttons] == ["Yes", "No"]
    no = dict(buttons)["No"]

    before = len(botapi.calls_to("answerCallbackQuery"))
    press = button_update(chat, no)
    asked = say(servers, botapi, press, chat)
    answered = botapi.calls_to("answerCallbackQuery")[before:]
    assert [a["callback_query_id"] for a in answered] == [press["callback_query"]["id"]]
    assert "your own words" in joined(asked)

    paragraph = "Mr Q sent pupils private messages late at night & said <keep it secret>. " * 13
    account = "\n\n".join([paragraph] * 5)  # about 4,900 characters
    who = say(servers, botapi, message_update(chat, account), chat)
    assert "Who is it about" in joined(who)
    staff_button = dict(keyboard(who[-1]))["A member of staff"]
    assert "Where did it happen" in joined(say(servers, botapi, button_update(chat, staff_button),
                                               chat))  # fmt: skip
    summary = say(servers, botapi, message_update(chat, "in class, this week"), chat)
    assert len(summary) >= 2
    assert all(len(m["text"]) <= 4096 for m in summary)
    assert "&lt;keep it secret&gt;" in joined(summary) and "<keep it secret>" not in joined(summary)
    assert [t for t, _ in keyboard(summary[-1])] == ["Yes, send it", "No, correct it", "Stop"]
    assert all(not keyboard(m) for m in summary[:-1])
    stop = dict(keyboard(summary[-1]))["Stop"]
    assert "Nothing has been saved" in joined(say(servers, botapi, button_update(chat, stop), chat))


def test_a_button_this_process_does_not_know_gets_a_kind_note(
    servers: Servers, botapi: TelegramBotApi
) -> None:
    chat = next(_users)
    sent = say(servers, botapi, button_update(chat, fmt.MAPPED_PREFIX + "0" * 32), chat)
    assert "expired" in joined(sent)


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["a" * 50_000, "", "   ", "😀🙈🎉", "<script>alert('x')</script> & <b>",
     "'; DROP TABLE events; --", "\u202e\u0000\ufeff", "/", "/restart", "@school_bot"],
)  # fmt: skip
def test_bad_text_gets_a_reply_and_the_server_keeps_serving(
    servers: Servers, botapi: TelegramBotApi, text: str
) -> None:
    chat = next(_users)
    sent = say(servers, botapi, message_update(chat, text), chat)
    assert sent, "no reply"
    assert all(len(m["text"]) <= 4096 and "Traceback" not in m["text"] for m in sent)
    assert joined(say(servers, botapi, message_update(chat, "hi"), chat)).strip()


# --- polling and the webhook command ---------------------------------------------------------


def test_the_polling_runner_delivers_updates_and_stops_cleanly(
    servers: Servers, botapi: TelegramBotApi
) -> None:
    env = (
        os.environ
        | botapi.env()
        | {
            "RASA_URL": f"http://127.0.0.1:{servers.rasa_port}",
            "TELEGRAM_POLL_SECONDS": "1",
        }
    )
    before_delete = len(botapi.calls_to("deleteWebhook"))
    runner = subprocess.Popen(
        [str(RASA_PYTHON), "-m", "assistant.channels.telegram_polling"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        chat = next(_users)
        botapi.enqueue(message_update(chat, "hello"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not botapi.sent(chat):
            time.sleep(0.2)
        assert joined(botapi.sent(chat)).startswith("Hello")
        time.sleep(2)  # a few more polls: the update is confirmed, not delivered again
        assert len(botapi.sent(chat)) == 1
        assert len(botapi.calls_to("deleteWebhook")) == before_delete + 1
    finally:
        runner.send_signal(signal.SIGTERM)
        output, _ = runner.communicate(timeout=20)
    assert runner.returncode == 0
    logged = output.decode()
    assert "delivered" in logged
    assert TOKEN not in logged and "hello" not in logged.lower()  # no token, no message text


def run_webhook_command(botapi: TelegramBotApi, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(RASA_PYTHON), "-m", "assistant.channels.telegram_webhook", *args],
        cwd=ROOT, env=os.environ | botapi.env(), capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip


def test_the_webhook_command_registers_the_secret_and_deletes(botapi: TelegramBotApi) -> None:
    url = "https://school.example/webhooks/telegram/webhook"
    done = run_webhook_command(botapi, "set", "--url", url)
    assert done.returncode == 0, done.stderr
    registered = botapi.calls_to("setWebhook")[-1]
    assert registered["url"] == url and registered["secret_token"] == SECRET
    assert registered["allowed_updates"] == ["message", "callback_query"]
    assert SECRET not in done.stdout and TOKEN not in done.stdout

    assert run_webhook_command(botapi, "delete").returncode == 0
    assert botapi.calls_to("deleteWebhook")

    sets = len(botapi.calls_to("setWebhook"))
    for bad in ("http://school.example/webhooks/telegram/webhook", "https://school.example/",
                "https://school.example:5005/webhooks/telegram/webhook"):  # fmt: skip
        refused = run_webhook_command(botapi, "set", "--url", bad)
        assert refused.returncode == 2
    assert len(botapi.calls_to("setWebhook")) == sets


# --- formatting, in-process -------------------------------------------------------------------


def test_a_5000_character_answer_is_split_at_paragraphs_with_no_tag_left_open() -> None:
    clause = "Staff must not share <private> details & must keep records. " * 30  # ~1,800
    answer = {
        "summary": "No: " + "x " * 100,
        "citations": [{"section": "Terms of Use", "number": f"1({c})", "text": clause}
                      for c in "abc"],
        "policy": {"title": "Social Media Policy", "approved": "January 2020"},
    }  # fmt: skip
    parts = fmt.answer_messages(answer)
    assert sum(len(p) for p in parts) > 5000 and len(parts) >= 2
    for part in parts:
        assert fmt.telegram_length(part) <= 4096
        assert part.count("<blockquote>") == part.count("</blockquote>")
        assert "<private>" not in part
    assert parts[0].startswith("<b>No</b>: ")

    one_paragraph = "word " * 2000  # 10,000 characters with no blank line
    assert all(len(p) <= 4096 for p in fmt.text_messages(one_paragraph))
    assert all(len(p) <= 4096 for p in fmt.text_messages("&" * 5000))  # escapes grow 5x


def test_long_payloads_are_mapped_under_64_bytes_and_resolved() -> None:
    payloads = fmt.Payloads(size=2)
    long = '/inform{"involved": "' + "é" * 60 + '"}'
    data = payloads.to_callback(long)
    assert len(data.encode()) <= 64 and payloads.from_callback(data) == long
    assert payloads.to_callback("/affirm") == "/affirm"
    assert payloads.from_callback(payloads.to_callback(fmt.MAPPED_PREFIX + "x")) == "#p:x"
    payloads.to_callback("a" * 70)
    payloads.to_callback("b" * 70)
    assert payloads.from_callback(data) is None  # forgotten: the user is asked to type
