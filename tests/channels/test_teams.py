"""The Teams channel over real HTTP: Microsoft's side (OpenID keys, the tenant's token URL,
the Bot Connector) is a local stand-in; Rasa and the action server are the real ones."""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import struct
import time
import uuid
import zipfile
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from assistant.channels import teams_cards, teams_manifest
from tests.channels.microsoft import APP_ID, ISSUER, KEY, OTHER_KEY, TENANT, Microsoft
from tests.channels.rs256 import RsaKey, b64url, jwt
from tests.e2e.servers import Servers

CLAUSE_1G = (
    "No staff member should have a pupil or former pupil under the age of 18 "
    "as a 'friend' to share information with"
)


# --- helpers ----------------------------------------------------------------------------


def activity(
    microsoft: Microsoft, text: str | None = None, conversation: str | None = None, **extra: Any
) -> dict[str, Any]:
    conversation = conversation or f"a:{uuid.uuid4().hex}"
    return {
        "type": "message",
        "id": f"1{uuid.uuid4().int % 10**12}",
        "timestamp": "2025-09-01T09:00:00.000Z",
        "serviceUrl": f"{microsoft.base}/",
        "channelId": "msteams",
        # One person per conversation, so that tests never share a Rasa conversation.
        "from": {"id": f"29:{conversation[-12:]}", "name": "Ms Smith", "aadObjectId": "a-b-c"},
        "conversation": {"id": conversation, "conversationType": "personal", "tenantId": TENANT},
        "recipient": {"id": f"28:{APP_ID}", "name": "Policy Assistant"},
        "channelData": {"tenant": {"id": TENANT}},
        **({"text": text} if text is not None else {}),
        **extra,
    }


def token(microsoft: Microsoft, key: RsaKey = KEY, **claims: Any) -> str:
    now = int(time.time())
    base = {"iss": ISSUER, "aud": APP_ID, "nbf": now - 60, "exp": now + 3600,
            "serviceurl": f"{microsoft.base}/"}  # fmt: skip
    return jwt({k: v for k, v in (base | claims).items() if v is not None}, key)


def post(servers: Servers, body: Any, authorization: str | None) -> httpx.Response:
    url = f"http://127.0.0.1:{servers.rasa_port}/webhooks/teams/webhook"
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.post(url, content=content, headers=headers, timeout=30)


def send(servers: Servers, microsoft: Microsoft, message: dict[str, Any]) -> httpx.Response:
    reply = post(servers, message, f"Bearer {token(microsoft)}")
    assert reply.status_code == 200, reply.text
    return reply


def replies_to(microsoft: Microsoft, message: dict[str, Any], timeout: float = 60) -> list[dict]:
    """The reply activities to ``message``, once they stop coming."""
    conversation = message["conversation"]["id"]
    deadline, seen, settled_at = time.monotonic() + timeout, -1, 0.0
    while time.monotonic() < deadline:
        found = [r for r in microsoft.replies_in(conversation)
                 if r["body"].get("replyToId") == message["id"]]  # fmt: skip
        if len(found) != seen:
            seen, settled_at = len(found), time.monotonic()
        elif found and time.monotonic() - settled_at > 1.5:
            return found
        time.sleep(0.1)
    raise AssertionError(f"no reply within {timeout}s")


def everything(replies: list[dict]) -> str:
    return json.dumps([r["body"] for r in replies], ensure_ascii=False)


def cards(replies: list[dict]) -> list[dict]:
    return [
        a["content"]
        for r in replies
        for a in r["body"].get("attachments", [])
        if a["contentType"] == "application/vnd.microsoft.card.adaptive"
    ]


def assert_only_replies_to(microsoft: Microsoft, message: dict[str, Any]) -> None:
    """Answer ``message`` (sent after some refused ones in the same conversation) and check
    that nothing was ever sent for the refused ones."""
    replies_to(microsoft, message)
    conversation = message["conversation"]["id"]
    assert {r["body"]["replyToId"] for r in microsoft.replies_in(conversation)} == {message["id"]}


# --- the happy path -----------------------------------------------------------------------


def test_a_policy_answer_comes_back_as_an_adaptive_card(
    servers: Servers, microsoft: Microsoft
) -> None:
    message = activity(microsoft, "can I friend a former pupil aged 17?")
    send(servers, microsoft, message)
    replies = replies_to(microsoft, message)

    first = replies[0]
    conversation = message["conversation"]["id"]
    # Path segments are percent-encoded, as Microsoft's own SDKs send them.
    assert (
        first["path"]
        == f"/v3/conversations/{quote(conversation, safe='')}/activities/" + (message["id"])
    )
    assert first["body"]["recipient"] == message["from"]
    assert first["body"]["from"]["id"] == f"28:{APP_ID}"
    [card] = [c for c in cards(replies) if any(
        a.get("title") == "Report a concern" for a in c.get("actions", []))]  # fmt: skip
    blocks = json.dumps(card, ensure_ascii=False)
    summary = card["body"][0]
    assert summary["weight"] == "Bolder" and summary["text"].startswith("No")
    assert f"\u201c{CLAUSE_1G}\u201d" in blocks
    assert "clause 1(g)" in blocks
    [report] = card["actions"]
    assert report["type"] == "Action.Submit"
    assert report["data"]["rasa_text"] == "I want to report something"
    # The card replaces the plain-text copy of the answer.
    assert not any(CLAUSE_1G in r["body"].get("text", "") for r in replies)

    # The reply token came from the tenant's token URL, by client credentials.
    [request] = microsoft.token_requests
    assert request["path"] == f"/{TENANT}/oauth2/v2.0/token"
    assert request["form"] == {
        "grant_type": "client_credentials",
        "client_id": APP_ID,
        "client_secret": "not-a-real-secret",
        "scope": "https://api.botframework.com/.default",
    }
    assert {r["auth"] for r in replies} == {"Bearer reply-token-1"}


def test_the_reply_token_is_reused_and_a_teams_user_is_staff(
    servers: Servers, microsoft: Microsoft
) -> None:
    message = activity(microsoft, "hello")
    send(servers, microsoft, message)
    replies = replies_to(microsoft, message)
    assert "Social Media Policy" in everything(replies)
    assert len(microsoft.token_requests) == 1
    assert {r["auth"] for r in microsoft.replies} == {"Bearer reply-token-1"}

    with sqlite3.connect(servers.tracker_db) as db:
        rows = db.execute(
            "select data from events where sender_id = ? and type_name = 'user'",
            (message["from"]["id"],),
        ).fetchall()
    metadata = [json.loads(data).get("metadata") for (data,) in rows]
    expected = {"role": "staff", "name": "Ms Smith", "channel": "teams"}
    assert any(m and expected.items() <= m.items() for m in metadata)


def test_a_card_submit_starts_a_report(servers: Servers, microsoft: Microsoft) -> None:
    message = activity(microsoft, value={"rasa_text": "I want to report something"})
    send(servers, microsoft, message)
    replies = replies_to(microsoft, message)
    assert "immediate danger" in everything(replies)
    # Rasa's buttons arrive as card buttons that send their payload back.
    payloads = [a["data"]["rasa_text"] for c in cards(replies) for a in c.get("actions", [])]
    assert "/affirm" in payloads and "/deny" in payloads


def test_a_bot_mention_in_a_channel_is_not_part_of_the_question(
    servers: Servers, microsoft: Microsoft
) -> None:
    message = activity(
        microsoft,
        "<at>Policy Assistant</at> can I friend a former pupil aged 17?",
        entities=[{"type": "mention", "text": "<at>Policy Assistant</at>",
                   "mentioned": {"id": f"28:{APP_ID}", "name": "Policy Assistant"}}],
    )  # fmt: skip
    message["conversation"] |= {"conversationType": "channel", "id": "19:abc@thread.tacv2"}
    send(servers, microsoft, message)
    assert CLAUSE_1G in everything(replies_to(microsoft, message))


def test_no_report_is_taken_in_a_team_channel(servers: Servers, microsoft: Microsoft) -> None:
    message = activity(microsoft, value={"rasa_text": "I want to report something"})
    message["conversation"] |= {"conversationType": "channel", "id": f"19:{uuid.uuid4().hex}"}
    send(servers, microsoft, message)
    reply = everything(replies_to(microsoft, message))
    assert "everyone in this group would see it" in reply
    assert "immediate danger right now?" not in reply


def test_conversation_update_is_acknowledged_without_a_reply(
    servers: Servers, microsoft: Microsoft
) -> None:
    update = activity(microsoft, type="conversationUpdate",
                      membersAdded=[{"id": f"28:{APP_ID}"}])  # fmt: skip
    conversation = update["conversation"]["id"]
    assert send(servers, microsoft, update).status_code == 200
    typing = activity(microsoft, conversation=conversation, type="typing")
    assert send(servers, microsoft, typing).status_code == 200
    assert_only_replies_to(microsoft, send_hello(servers, microsoft, conversation))


def send_hello(servers: Servers, microsoft: Microsoft, conversation: str) -> dict[str, Any]:
    message = activity(microsoft, "hello", conversation=conversation)
    send(servers, microsoft, message)
    return message


# --- refused requests ----------------------------------------------------------------------


def forged(m: Microsoft) -> str:
    return token(m, key=OTHER_KEY)


def unsigned(m: Microsoft, alg: str) -> str:
    """The classic algorithm tricks: no signature, or HMAC keyed with the public key."""
    header = b64url(json.dumps({"alg": alg, "typ": "JWT", "kid": KEY.kid}).encode())
    payload = token(m).split(".")[1]
    if alg == "none":
        return f"{header}.{payload}."
    secret = json.dumps(KEY.jwk(endorsements=["msteams"])).encode()
    mac = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(mac)}"


BAD_AUTHORIZATION = {
    "missing": lambda m: None,
    "empty": lambda m: "",
    "not bearer": lambda m: f"Basic {token(m)}",
    "garbage": lambda m: "Bearer not.a.jwt",
    "forged signature": lambda m: f"Bearer {forged(m)}",
    "expired": lambda m: f"Bearer {token(m, exp=int(time.time()) - 3600, nbf=None)}",
    "not yet valid": lambda m: f"Bearer {token(m, nbf=int(time.time()) + 3600)}",
    "no expiry": lambda m: f"Bearer {token(m, exp=None)}",
    "wrong audience": lambda m: f"Bearer {token(m, aud='someone-elses-bot')}",
    "wrong issuer": lambda m: f"Bearer {token(m, iss='https://sts.windows.net/evil/')}",
    "other service url": lambda m: f"Bearer {token(m, serviceurl='https://evil.example/')}",
    "no service url": lambda m: f"Bearer {token(m, serviceurl=None)}",
    "alg none": lambda m: f"Bearer {unsigned(m, 'none')}",
    "alg HS256 keyed with the public key": lambda m: f"Bearer {unsigned(m, 'HS256')}",
}


@pytest.mark.parametrize("case", list(BAD_AUTHORIZATION))
def test_a_request_without_a_valid_token_is_refused_and_nothing_is_sent(
    servers: Servers, microsoft: Microsoft, case: str
) -> None:
    message = activity(microsoft, "can I friend a former pupil aged 17?")
    reply = post(servers, message, BAD_AUTHORIZATION[case](microsoft))
    assert reply.status_code == 401
    assert "Traceback" not in reply.text and "friend" not in reply.text
    assert_only_replies_to(microsoft, send_hello(servers, microsoft, message["conversation"]["id"]))


def test_unknown_key_ids_refetch_the_keys_at_most_once_a_minute(
    servers: Servers, microsoft: Microsoft
) -> None:
    before = microsoft.key_fetches
    for kid in ("unknown-1", "unknown-2", "unknown-3"):
        claims = {"iss": ISSUER, "aud": APP_ID, "exp": int(time.time()) + 600,
                  "serviceurl": f"{microsoft.base}/"}  # fmt: skip
        forged_token = jwt(claims, OTHER_KEY, kid=kid)
        assert post(servers, activity(microsoft, "hi"), f"Bearer {forged_token}").status_code == 401
    assert microsoft.key_fetches - before <= 1


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"", b"[1, 2]", b'"message"', b"\xff\xfe", b'{"type": "message"}',
     json.dumps({"type": "message", "serviceUrl": "x", "conversation": "c"}).encode(),
     json.dumps({"type": 7}).encode()],
)  # fmt: skip
def test_a_malformed_activity_is_a_bad_request(
    servers: Servers, microsoft: Microsoft, body: bytes
) -> None:
    reply = post(servers, body, f"Bearer {token(microsoft)}")
    assert reply.status_code == 400
    assert "Traceback" not in reply.text


def test_a_message_from_another_tenant_or_service_url_is_refused(
    servers: Servers, microsoft: Microsoft
) -> None:
    message = activity(microsoft, "hello", channelData={"tenant": {"id": "another-tenant"}})
    message["conversation"]["tenantId"] = "another-tenant"
    assert post(servers, message, f"Bearer {token(microsoft)}").status_code == 403
    elsewhere = activity(microsoft, "hello", serviceUrl="https://evil.example/")
    auth = f"Bearer {token(microsoft, serviceurl='https://evil.example/')}"
    assert post(servers, elsewhere, auth).status_code == 403
    conversation = message["conversation"]["id"]
    assert_only_replies_to(microsoft, send_hello(servers, microsoft, conversation))


def test_a_50000_character_message_gets_a_reply_and_the_server_keeps_serving(
    servers: Servers, microsoft: Microsoft
) -> None:
    message = activity(microsoft, "a" * 50_000)
    send(servers, microsoft, message)
    replies = replies_to(microsoft, message)
    assert everything(replies).strip() and "Traceback" not in everything(replies)
    after = send_hello(servers, microsoft, f"a:{uuid.uuid4().hex}")
    assert "Social Media Policy" in everything(replies_to(microsoft, after))


@pytest.mark.parametrize(
    "text", ["", "   ", None, "😀🙈🎉", "<script>alert('x')</script>", "'; DROP TABLE events; --"]
)
def test_odd_messages_get_a_reply(servers: Servers, microsoft: Microsoft, text: str | None) -> None:
    message = activity(microsoft, text)
    send(servers, microsoft, message)
    assert everything(replies_to(microsoft, message)).strip()


# --- units: the app package and the cards (no servers) -----------------------------------


def read_png(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and raw scanlines of a PNG, checking its signature and every CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = {}, 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks[kind] = chunks.get(kind, b"") + body
        offset += 12 + length
    assert b"IEND" in chunks
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 6)  # 8-bit RGBA
    rows = zlib.decompress(chunks[b"IDAT"])
    assert len(rows) == height * (1 + 4 * width)
    return width, height, rows


def test_the_app_package_holds_a_manifest_and_two_icons(tmp_path: Path) -> None:
    out = tmp_path / "var" / "teams-app.zip"
    code = teams_manifest.main(
        ["--out", str(out), "--app-id", APP_ID, "--domain", "bot.example-school.org.uk",
         "--school", "Example Primary"]
    )  # fmt: skip
    assert code == 0
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        colour = read_png(package.read("color.png"))
        outline = read_png(package.read("outline.png"))
    assert manifest["manifestVersion"] == "1.17"
    assert "v1.17" in manifest["$schema"]
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert bot["scopes"] == ["personal", "team"]
    assert manifest["validDomains"] == ["bot.example-school.org.uk"]
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80
    assert uuid.UUID(manifest["id"]) and manifest["id"] != APP_ID
    assert colour[:2] == (192, 192)
    assert outline[:2] == (32, 32)
    # The outline icon is white on transparent, as Teams requires.
    rows = outline[2]
    pixels = {rows[1 + y * 129 + 4 * x : 5 + y * 129 + 4 * x] for y in range(32) for x in range(32)}
    assert pixels == {b"\xff\xff\xff\xff", b"\x00\x00\x00\x00"}


@pytest.mark.parametrize(
    "args", [["--app-id", "not-a-guid"], ["--app-id", APP_ID, "--domain", "https://x.org/"]]
)
def test_the_app_package_refuses_bad_ids_and_domains(tmp_path: Path, args: list[str]) -> None:
    assert teams_manifest.main(["--out", str(tmp_path / "app.zip"), *args]) == 2
    assert not (tmp_path / "app.zip").exists()


def test_card_submits_and_mentions_become_rasa_text() -> None:
    report = teams_cards.answer_card({"summary": "No.", "citations": [], "policy": {}})
    [action] = report["content"]["actions"]
    submitted = {"type": "message", "text": "Report a concern", "value": action["data"]}
    assert teams_cards.incoming_text(submitted) == "I want to report something"
    mention = {
        "text": "<at>Bot</at> hello <at>Ms Jones</at>",
        "recipient": {"id": "28:bot"},
        "entities": [
            {"type": "mention", "text": "<at>Bot</at>", "mentioned": {"id": "28:bot"}},
            {"type": "mention", "text": "<at>Ms Jones</at>", "mentioned": {"id": "29:x"}},
        ],
    }
    assert teams_cards.incoming_text(mention) == "hello <at>Ms Jones</at>"
    assert teams_cards.incoming_text({"value": {"other": 1}}) == ""


@pytest.mark.parametrize(
    "extra",
    [{"entities": "x"}, {"entities": [1, {"type": "mention", "mentioned": "bot"}]},
     {"value": [1, 2]}, {"value": {"rasa_text": 5}}, {"channelData": "x"}],
)  # fmt: skip
def test_odd_activity_fields_are_tolerated(
    servers: Servers, microsoft: Microsoft, extra: dict[str, Any]
) -> None:
    message = activity(microsoft, "hello") | extra
    if extra.get("channelData") == "x":  # the tenant still comes from the conversation
        assert message["conversation"]["tenantId"] == TENANT
    send(servers, microsoft, message)
    assert "Social Media Policy" in everything(replies_to(microsoft, message))
