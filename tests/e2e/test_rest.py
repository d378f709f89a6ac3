"""The whole assistant over real HTTP: Rasa server -> action server -> policy engine."""

from __future__ import annotations

import sqlite3
import uuid

import pytest

from tests.e2e.servers import Servers


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def test_friend_a_former_pupil_aged_17_is_no_with_the_clause_quoted(servers: Servers) -> None:
    messages = servers.send("can I friend a former pupil aged 17?", sender="done-when")
    reply = texts(messages)
    assert reply.startswith("No: ")
    assert (
        "\u201cNo staff member should have a pupil or former pupil under the age of 18 "
        "as a 'friend' to share information with\u201d"
    ) in reply
    assert "Social Media Policy, Terms of Use, clause 1(g)" in reply
    assert "approved January 2020" in reply
    custom = next(m["custom"]["answer"] for m in messages if "custom" in m)
    assert custom["verdict"] == "not_permitted"
    assert custom["citations"][0]["id"] == "terms-1g"


def test_chitchat_and_help_are_answered_by_rasa(servers: Servers) -> None:
    assert "Social Media Policy" in texts(servers.send("hello", sender="chat"))
    assert "quote the clauses" in texts(servers.send("what can you do?", sender="chat"))
    assert "not a person" in texts(servers.send("are you a bot?", sender="chat"))


def test_the_review_notice_is_given_once_per_conversation(servers: Servers) -> None:
    sender = f"notice-{uuid.uuid4().hex[:6]}"
    first = texts(servers.send("can staff use their phones in lessons?", sender=sender))
    second = texts(servers.send("can I post photos of pupils on facebook?", sender=sender))
    assert "due for review in Spring 2022" in first
    assert "due for review" not in second


def test_out_of_scope_says_so_and_who_to_ask(servers: Servers) -> None:
    reply = texts(servers.send("how much is dinner money this term?", sender="oos"))
    assert "doesn't cover that" in reply


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "a" * 50_000,
        "😀🙈🎉",
        "¿Puedo ser amigo de un alumno en Facebook?",
        "<script>alert('x')</script>",
        "'; DROP TABLE events; --",
        None,
    ],
)
def test_bad_input_gets_a_reply_and_the_server_keeps_serving(
    servers: Servers, message: str | None
) -> None:
    messages = servers.send(message, sender=f"bad-{uuid.uuid4().hex[:6]}")
    assert texts(messages).strip(), "no reply"
    assert "Traceback" not in texts(messages)
    assert texts(servers.send("hi", sender="still-alive")).startswith("Hello")


@pytest.mark.parametrize("message", ["yes", "no", "ok", ""])
def test_a_reply_with_nothing_to_reply_to_is_answered_once(servers: Servers, message: str) -> None:
    messages = servers.send(message, sender=f"once-{uuid.uuid4().hex[:6]}")
    answers = [m for m in messages if "answer" in (m.get("custom") or {})]
    assert len(answers) == 1, texts(messages)


def test_conversations_are_kept_in_the_sqlite_tracker_store(servers: Servers) -> None:
    servers.send("hello", sender="kept-on-disk")
    with sqlite3.connect(servers.tracker_db) as db:
        (count,) = db.execute(
            "select count(*) from events where sender_id = 'kept-on-disk'"
        ).fetchone()
    assert count > 0


def test_when_the_action_server_is_down_rasa_still_gives_contact_routes(servers: Servers) -> None:
    servers.stop("actions")
    try:
        reply = texts(servers.send("can I friend a former pupil aged 17?", sender="down"))
        assert "can't answer right now" in reply
        assert "school office" in reply and "999" in reply
        assert texts(servers.send("hello", sender="down")).startswith("Hello")  # Rasa's own
    finally:
        servers.start_actions()
    reply = texts(servers.send("can I friend a former pupil aged 17?", sender="back-up"))
    assert reply.startswith("No: ")
