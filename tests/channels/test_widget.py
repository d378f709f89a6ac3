"""The parents' chat widget in a real browser: Debian's Chromium, driven by Playwright, on the
demo school page served by the real Rasa server (with the real action server behind it),
talking over Socket.IO. The servers are the shared ones, on the project's own
credentials.yml. Never skipped: without Chromium it fails and says how to install it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.servers import Servers

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SCREENSHOTS = ROOT / "var/screenshots"
QUESTION = "can my child's teacher be friends with her on facebook?"
CLAUSE = "No staff member should have a pupil or former pupil under the age of 18 as a 'friend'"
DANGER = "is a child in immediate danger right now?"
SLOW_DOWN = "You're sending messages very quickly; please wait a moment"
XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not (ROOT / "assistant/website/node_modules/socket.io-client/dist").exists():
        pytest.fail("the Socket.IO client is missing: run `npm ci --prefix assistant/website`")
    if not CHROMIUM.exists():
        pytest.fail(
            "Chromium is not installed at /usr/bin/chromium. Install Debian's build with "
            "`apt-get update && apt-get install -y chromium` (CI must do this in .ci/run); "
            "Playwright must never download a browser of its own."
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def base(servers: Servers) -> str:
    return f"http://127.0.0.1:{servers.rasa_port}/webhooks/website"


class Watched:
    """A page whose script errors and dialogs (an injected alert) are collected."""

    def __init__(self, browser: Browser, width: int, height: int) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.dialogs: list[str] = []
        self.problems: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("response", lambda r: self.problems.append(r.url) if r.status >= 400 else None)
        self.page.on(
            "console", lambda m: self.problems.append(m.text) if m.type == "error" else None
        )

    def clean(self) -> None:
        assert self.dialogs == [], f"a script ran: {self.dialogs}"
        assert self.problems == [], f"the browser reported errors: {self.problems}"


def tab_to(page: Page, name: str, limit: int = 40) -> None:
    """Press Tab until the button called ``name`` has the focus: keyboard only."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement && document.activeElement.tagName === 'BUTTON'"
            " ? document.activeElement.textContent : null"
        )
        if focused == name:
            return
    raise AssertionError(f"{name!r} never had the focus after {limit} presses of Tab")


def open_by_keyboard(page: Page) -> None:
    tab_to(page, "Ask about school policies")
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name="School policy assistant")).to_be_visible()
    expect(page.get_by_label("Your question")).to_be_focused()


def ask(page: Page, text: str) -> None:
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_the_files_and_the_demo_page_are_served(servers: Servers) -> None:
    for name, kind in [("widget.js", "javascript"), ("widget.css", "text/css"),
                       ("socket.io.min.js", "javascript")]:  # fmt: skip
        reply = httpx.get(f"{base(servers)}/{name}", timeout=10)
        assert reply.status_code == 200, name
        assert kind in reply.headers["content-type"]
        assert reply.headers["x-content-type-options"] == "nosniff"
    demo = httpx.get(f"{base(servers)}/demo", timeout=10, headers={"Host": '"><script>x'})
    assert "<script>x" not in demo.text  # the Host header is escaped, not echoed
    demo = httpx.get(f"{base(servers)}/demo", timeout=10)
    origin = f"http://127.0.0.1:{servers.rasa_port}"
    assert (
        f'<script src="{origin}/webhooks/website/widget.js" data-server="{origin}" defer></script>'
        in demo.text
    )
    assert "Hartest CE Primary School" in demo.text
    assert httpx.get(f"{base(servers)}/../../credentials.yml", timeout=10).status_code == 404


def test_a_parent_asks_gets_a_cited_answer_and_reports_by_keyboard(
    servers: Servers, browser: Browser
) -> None:
    expected = servers.send(QUESTION, sender="widget-reference", metadata={"role": "parent"})
    citations = next(m["custom"]["answer"] for m in expected if "custom" in m)["citations"]
    watched = Watched(browser, 1280, 900)
    page = watched.page
    page.goto(f"{base(servers)}/demo")
    open_by_keyboard(page)
    dialog = page.get_by_role("dialog", name="School policy assistant")
    notice = dialog.locator("#hpa-notice")
    expect(notice).to_be_visible()
    for words in ("kept", "headteacher", "Designated Safeguarding Lead", "need to know", "999"):
        expect(notice).to_contain_text(words)
    assert "confidential" not in notice.text_content().lower()  # never promised
    expect(page.locator(".hpa-log")).to_have_attribute("aria-live", "polite")

    ask(page, QUESTION)
    answer = dialog.locator(".hpa-answer").first
    expect(answer).to_be_visible(timeout=60_000)
    expect(answer.locator(".hpa-verdict")).to_have_text(re.compile(r"^No\b"))
    details = answer.locator("details").first
    assert details.get_attribute("open") is None  # folded until asked for
    details.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    quote = details.locator("blockquote")
    expect(quote).to_be_visible()
    assert CLAUSE in quote.text_content()
    assert f"\u201c{citations[0]['text']}\u201d" in quote.text_content()  # verbatim
    expect(details.locator(".hpa-cite")).to_contain_text(
        f"Social Media Policy, {citations[0]['section']}, clause {citations[0]['number']}"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-answer.png"))

    # Server text is text: an injected tag comes back shown, not run.
    page.get_by_label("Your question").focus()
    ask(page, XSS)
    expect(dialog.locator(".hpa-user").filter(has_text=XSS)).to_have_count(1)
    expect(dialog.locator(".hpa-bot").nth(2)).to_be_visible(timeout=60_000)
    assert page.locator(".hpa-root img, .hpa-root script").count() == 0

    # Escape closes and gives the focus back; the conversation is still there on reopening.
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Ask about school policies")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog.locator(".hpa-answer").first).to_be_visible()

    tab_to(page, "Report a concern")
    page.keyboard.press("Enter")
    expect(dialog.get_by_text(DANGER)).to_be_visible(timeout=60_000)
    replies = dialog.get_by_role("group", name="Quick replies").last
    expect(replies.get_by_role("button", name="Yes", exact=True)).to_be_visible()
    expect(replies.get_by_role("button", name="No", exact=True)).to_be_visible()
    page.close()
    watched.clean()
    assert (SCREENSHOTS / "widget-answer.png").stat().st_size > 10_000


def test_the_widget_fits_a_phone(servers: Servers, browser: Browser) -> None:
    watched = Watched(browser, 375, 740)
    page = watched.page
    page.goto(f"{base(servers)}/demo")
    open_by_keyboard(page)
    dialog = page.get_by_role("dialog", name="School policy assistant")
    ask(page, QUESTION)
    expect(dialog.locator(".hpa-answer").first).to_be_visible(timeout=60_000)
    box = dialog.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    for name in ("Send", "Report a concern", "Close chat"):
        button = dialog.get_by_role("button", name=name).bounding_box()
        assert button is not None and button["height"] >= 44
        assert button["x"] + button["width"] <= 375
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-phone.png"))
    page.close()
    watched.clean()
    assert (SCREENSHOTS / "widget-phone.png").stat().st_size > 10_000


BURST = """
async ([count, question]) => {
  const client = (n) => new Promise((resolve) => {
    const socket = io(location.origin, { forceNew: true, transports: ["websocket"] });
    const got = [];
    socket.on("bot_uttered", (m) => got.push(m));
    socket.on("connect", () => socket.emit("session_request", { session_id: null }));
    socket.on("session_confirm", (id) => {
      for (let i = 0; i < n; i++) {
        socket.emit("user_uttered", { message: question, session_id: id });
      }
      const started = Date.now();
      const done = () => got.filter((m) => m.custom && m.custom.answer).length;
      const wait = setInterval(() => {
        // Enough time for every answer that got through; n is small for the fresh client.
        if (Date.now() - started > (n > 1 ? 25000 : 60000) || (n === 1 && done() >= 1)) {
          clearInterval(wait); socket.close(); resolve(got);
        }
      }, 250);
    });
  });
  const flooded = await client(count);
  const fresh = await client(1);
  return [flooded, fresh];
}
"""


def test_a_burst_is_slowed_down_and_other_parents_are_not(
    servers: Servers, browser: Browser
) -> None:
    page = browser.new_page()
    page.goto(f"{base(servers)}/demo")
    page.wait_for_function("() => document.querySelector('.hpa-launcher')")
    page.add_script_tag(url=f"{base(servers)}/socket.io.min.js")
    flooded, fresh = page.evaluate(BURST, [200, QUESTION])
    page.close()
    slow_downs = [m for m in flooded if SLOW_DOWN in (m.get("text") or "")]
    answers = [m for m in flooded if "answer" in (m.get("custom") or {})]
    assert len(slow_downs) == 1, flooded[:5]
    assert 1 <= len(answers) <= 12, len(answers)  # the burst of 10, at most a refill or two
    assert any("answer" in (m.get("custom") or {}) for m in fresh), fresh
    assert not any(SLOW_DOWN in (m.get("text") or "") for m in fresh)
    log = (servers.workdir / "rasa.log").read_text(errors="replace")
    assert "over the rate limit" in log
    assert "friends with her on facebook" not in log  # no content in the logs
