/*
 * Hartest CE Primary School policy assistant: the parents' chat widget.
 *
 * Paste one tag into the school's web page:
 *   <script src="https://assistant.school/webhooks/website/widget.js"
 *           data-server="https://assistant.school" defer></script>
 *
 * Talks to the Rasa server's Socket.IO channel (events session_request / session_confirm,
 * user_uttered {message, session_id}, bot_uttered). Everything the server sends is put on
 * the page with textContent, never as HTML.
 */
(function () {
  "use strict";
  if (window.__hartestPolicyWidget) return;
  window.__hartestPolicyWidget = true;

  var script = document.currentScript;
  var server = ((script && script.getAttribute("data-server")) ||
    (script && script.src ? new URL(script.src).origin : window.location.origin)).replace(/\/+$/, "");
  var BASE = server + "/webhooks/website/";
  var REPORT = "I want to report something";
  var SESSION_KEY = "hartest-policy-assistant-session";
  var MAX_LENGTH = 2000;

  var socket = null;
  var sessionId = null;
  var queue = [];
  var started = false;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var css = el("link", { rel: "stylesheet", href: BASE + "widget.css" });
  document.head.appendChild(css);

  // --- the launcher and the panel ---------------------------------------------------------
  var root = el("div", { class: "hpa-root" });
  var launcher = el("button", {
    type: "button", class: "hpa-launcher", "aria-expanded": "false", "aria-controls": "hpa-panel"
  }, "Ask about school policies");

  var panel = el("section", {
    id: "hpa-panel", class: "hpa-panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "hpa-title", "aria-describedby": "hpa-notice", hidden: ""
  });
  var header = el("div", { class: "hpa-header" });
  header.appendChild(el("h2", { id: "hpa-title", class: "hpa-title" }, "School policy assistant"));
  var close = el("button", { type: "button", class: "hpa-close", "aria-label": "Close chat" }, "\u00d7");
  header.appendChild(close);
  panel.appendChild(header);

  var notice = el("div", { id: "hpa-notice", class: "hpa-notice" });
  notice.appendChild(el("h3", {}, "Before you start"));
  [
    "This assistant answers questions about Hartest CE Primary School\u2019s policies by " +
      "quoting them. It is not a person.",
    "What you type here is kept in the school\u2019s records of this conversation. If you " +
      "report a concern, it goes to the headteacher and the Designated Safeguarding Lead " +
      "(DSL), and is shared only with those who need to know to keep children safe. We " +
      "cannot promise to keep a concern secret.",
    "If a child is in immediate danger, call 999 now."
  ].forEach(function (line, i) {
    notice.appendChild(el("p", i === 2 ? { class: "hpa-urgent" } : {}, line));
  });

  var log = el("div", {
    class: "hpa-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-label": "Conversation", tabindex: "0"
  });
  var status = el("p", { class: "hpa-status", role: "status" });

  var form = el("form", { class: "hpa-form" });
  var label = el("label", { for: "hpa-input", class: "hpa-label" }, "Your question");
  var input = el("input", {
    id: "hpa-input", class: "hpa-input", type: "text", autocomplete: "off",
    maxlength: String(MAX_LENGTH), placeholder: "e.g. Can staff be friends with pupils online?"
  });
  var send = el("button", { type: "submit", class: "hpa-send" }, "Send");
  var report = el("button", { type: "button", class: "hpa-report" }, "Report a concern");
  var row = el("div", { class: "hpa-row" });
  row.appendChild(input);
  row.appendChild(send);
  form.appendChild(label);
  form.appendChild(row);

  var body = el("div", { class: "hpa-body" });
  body.appendChild(notice);
  body.appendChild(log);
  panel.appendChild(body);
  panel.appendChild(status);
  panel.appendChild(form);
  panel.appendChild(report);
  root.appendChild(panel);
  root.appendChild(launcher);

  function mount() { document.body.appendChild(root); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);

  // --- open and close ---------------------------------------------------------------------
  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("hpa-open");
    connect();
    input.focus();
  }
  function shut() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("hpa-open");
    launcher.focus();
  }
  launcher.addEventListener("click", function () { if (panel.hidden) open(); else shut(); });
  close.addEventListener("click", shut);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); shut(); }
  });

  // --- messages on the page ---------------------------------------------------------------
  function scroll() { body.scrollTop = body.scrollHeight; }

  function addMessage(who, text) {
    var item = el("div", { class: "hpa-msg hpa-" + who });
    item.appendChild(el("span", { class: "hpa-visually-hidden" }, who === "user" ? "You: " : "Assistant: "));
    item.appendChild(el("span", { class: "hpa-text" }, text));
    log.appendChild(item);
    scroll();
    return item;
  }

  function citationLabel(citation, policy) {
    return policy.title + ", " + citation.section + ", clause " + citation.number +
      " (" + policy.school + ", approved " + policy.approved + ")";
  }

  function addAnswer(answer) {
    var card = el("div", { class: "hpa-msg hpa-bot hpa-answer" });
    card.appendChild(el("span", { class: "hpa-visually-hidden" }, "Assistant: "));
    if (answer.note) card.appendChild(el("p", { class: "hpa-note" }, answer.note));
    card.appendChild(el("p", { class: "hpa-verdict hpa-verdict-" + String(answer.verdict) }, answer.summary));
    (answer.citations || []).forEach(function (citation) {
      var details = el("details", { class: "hpa-citation" });
      details.appendChild(el("summary", {},
        "Read the policy: " + citation.section + ", clause " + citation.number));
      var quote = el("blockquote", { class: "hpa-quote" });
      if (citation.lead_in) quote.appendChild(el("p", { class: "hpa-lead-in" }, "(under \u201c" + citation.lead_in + "\u201d)"));
      quote.appendChild(el("p", {}, "\u201c" + citation.text + "\u201d"));
      details.appendChild(quote);
      details.appendChild(el("p", { class: "hpa-cite" }, "\u2014 " + citationLabel(citation, answer.policy || {})));
      card.appendChild(details);
    });
    log.appendChild(card);
    scroll();
  }

  function addQuickReplies(replies) {
    var group = el("div", { class: "hpa-replies", role: "group", "aria-label": "Quick replies" });
    replies.forEach(function (reply) {
      var button = el("button", { type: "button", class: "hpa-reply" }, reply.title);
      button.addEventListener("click", function () {
        group.remove();
        say(reply.title, reply.payload);
        input.focus();
      });
      group.appendChild(button);
    });
    log.appendChild(group);
    scroll();
  }

  function receive(message) {
    if (!message || typeof message !== "object") return;
    var answer = message.custom && message.custom.answer;
    if (answer && typeof answer === "object" && answer.summary) addAnswer(answer);
    else if (typeof message.text === "string" && message.text.trim()) addMessage("bot", message.text);
    if (Array.isArray(message.quick_replies) && message.quick_replies.length) {
      addQuickReplies(message.quick_replies.filter(function (r) { return r && r.title; }));
    }
  }

  // --- the connection ---------------------------------------------------------------------
  function loadClient(then) {
    if (window.io) return then();
    var tag = el("script", { src: BASE + "socket.io.min.js" });
    tag.onload = then;
    tag.onerror = function () { unreachable(); };
    document.head.appendChild(tag);
  }

  function unreachable() {
    status.textContent = "The assistant can\u2019t be reached just now. Please contact the " +
      "school office. If a child is in immediate danger, call 999.";
  }

  function connect() {
    if (started) return;
    started = true;
    status.textContent = "Connecting\u2026";
    loadClient(function () {
      socket = window.io(server, { path: "/socket.io", transports: ["websocket", "polling"] });
      socket.on("connect", function () {
        var stored = null;
        try { stored = window.sessionStorage.getItem(SESSION_KEY); } catch (e) { /* private mode */ }
        socket.emit("session_request", { session_id: sessionId || stored });
      });
      socket.on("session_confirm", function (id) {
        sessionId = typeof id === "string" ? id : (id && id.session_id) || sessionId;
        try { window.sessionStorage.setItem(SESSION_KEY, sessionId); } catch (e) { /* private mode */ }
        status.textContent = "";
        while (queue.length) {
          var data = queue.shift();
          data.session_id = sessionId;
          socket.emit("user_uttered", data);
        }
      });
      socket.on("bot_uttered", receive);
      socket.on("connect_error", unreachable);
      socket.on("disconnect", function () { status.textContent = "Reconnecting\u2026"; });
    });
  }

  function say(shown, payload) {
    addMessage("user", shown);
    var data = { message: payload, session_id: sessionId };
    if (socket && socket.connected && sessionId) socket.emit("user_uttered", data);
    else queue.push(data);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim().slice(0, MAX_LENGTH);
    if (!text) { input.focus(); return; }
    input.value = "";
    say(text, text);
  });
  report.addEventListener("click", function () { say("Report a concern", REPORT); input.focus(); });
})();
