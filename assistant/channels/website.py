"""The parents' chat widget, served by the Rasa server itself.

Registered in ``credentials.yml`` as ``assistant.channels.website.WebsiteInput``; its
blueprint serves, under ``/webhooks/website/``:

- ``widget.js`` and ``widget.css``: the widget a school's web person adds with one tag,
  ``<script src="https://assistant.school/webhooks/website/widget.js"
  data-server="https://assistant.school" defer></script>``;
- ``socket.io.min.js``: the Socket.IO v4 client, from ``npm ci --prefix assistant/website``;
- ``demo``: a school home page with that tag, to try it.

The widget talks to the Socket.IO channel (``assistant.channels.rest.SocketIOInput``); this
channel handles no messages itself.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

WEBSITE = Path(__file__).resolve().parents[1] / "website"
FILES = {
    "widget.js": (WEBSITE / "static/widget.js", "application/javascript; charset=utf-8"),
    "widget.css": (WEBSITE / "static/widget.css", "text/css; charset=utf-8"),
    "socket.io.min.js": (
        WEBSITE / "node_modules/socket.io-client/dist/socket.io.min.js",
        "application/javascript; charset=utf-8",
    ),
}
HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=300"}
MISSING = "/* The Socket.IO client is not installed: run `npm ci --prefix assistant/website` */"


class WebsiteInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "website"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls()

    def blueprint(self, on_new_message: Any) -> Blueprint:  # messages come by Socket.IO
        if not FILES["socket.io.min.js"][0].exists():
            logger.error("website widget: %s", MISSING.strip("/* "))
        webhook = Blueprint("website_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        def serve(name: str) -> None:
            path, content_type = FILES[name]

            async def static(_: Request) -> HTTPResponse:
                if not path.exists():
                    return response.text(MISSING, status=503, content_type=content_type)
                return await response.file(path, mime_type=content_type, headers=HEADERS)

            webhook.add_route(static, f"/{name}", methods=["GET"], name=name.replace(".", "_"))

        for name in FILES:
            serve(name)

        @webhook.route("/demo", methods=["GET"])
        async def demo(request: Request) -> HTTPResponse:
            server = html.escape(f"{request.scheme}://{request.host}", quote=True)
            return response.html(DEMO.replace("{server}", server), headers=HEADERS)

        return webhook


DEMO = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hartest CE Primary School</title>
<link rel="icon" href="data:,">
<style>
  body { margin: 0; font-family: Georgia, serif; color: #1f1f1f; background: #fbfaf7; }
  header { background: #23395d; color: #fff; padding: 1.25rem 1.5rem; }
  header h1 { margin: 0; font-size: 1.8rem; }
  header p { margin: .25rem 0 0; font-style: italic; }
  nav { background: #e9e4d8; padding: .5rem 1.5rem; }
  nav a { color: #23395d; margin-right: 1.25rem; font-family: Arial, sans-serif; }
  main { max-width: 52rem; margin: 0 auto; padding: 1.5rem; line-height: 1.6; }
  .news { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1rem; }
  .news article { background: #fff; border: 1px solid #d8d2c4; padding: 1rem; }
  footer { padding: 1.5rem; font-size: .9rem; background: #e9e4d8; }
</style>
</head>
<body>
<header>
  <h1>Hartest CE Primary School</h1>
  <p>Growing together in faith, hope and love</p>
</header>
<nav aria-label="Main">
  <a href="#welcome">Welcome</a><a href="#news">News</a><a href="#policies">Policies</a>
  <a href="#contact">Contact us</a>
</nav>
<main>
  <section id="welcome">
    <h2>Welcome from the headteacher</h2>
    <p>Welcome to Hartest CE Primary School, a small village school in the heart of Suffolk
    where every child is known, valued and encouraged to flourish.</p>
  </section>
  <section id="news">
    <h2>News</h2>
    <div class="news">
      <article><h3>Harvest festival</h3><p>Thank you for your generous donations to the
      food bank.</p></article>
      <article><h3>Year 6 residential</h3><p>Letters about the spring trip have gone home
      in book bags.</p></article>
    </div>
  </section>
  <section id="policies">
    <h2>Policies</h2>
    <p>Questions about our policies, such as social media? Use <strong>Ask about school
    policies</strong> at the bottom of the page: the assistant quotes the policy itself.</p>
  </section>
</main>
<footer id="contact">
  <p>Hartest CE Primary School, The Green, Hartest, Suffolk. Telephone the school office in
  school hours. If a child is in immediate danger, call 999.</p>
</footer>
<script src="{server}/webhooks/website/widget.js" data-server="{server}" defer></script>
</body>
</html>
"""
