// The chat page with JavaScript: send with fetch, poll for new lines every few seconds, and
// announce the end of the session before it comes. Without this file the form still works.
"use strict";
(function () {
  const form = document.getElementById("chat-form");
  const log = document.getElementById("log");
  const notice = document.getElementById("notice");
  const box = document.getElementById("message");
  if (!form || !log || !window.fetch) { return; }
  const send = form.querySelector("button[type=submit]");
  const csrf = form.elements.csrf;
  const lang = form.elements.lang.value;
  const pollMs = Number(log.dataset.pollMs) || 3000;
  let last = Number(log.dataset.last) || 0;
  let polling = last > 0;

  function label(author) {
    return log.dataset["label" + author.charAt(0).toUpperCase() + author.slice(1)] || "";
  }

  function show(messages) {
    for (const message of messages) {
      if (message.number <= last) { continue; }
      const item = document.createElement("div");
      item.className = "msg " + message.author;
      item.dataset.number = String(message.number);
      const who = document.createElement("p");
      who.className = "who";
      who.textContent = label(message.author);
      const text = document.createElement("p");
      text.className = "text";
      text.textContent = message.text;
      item.append(who, text);
      log.append(item);
      last = message.number;
    }
    if (messages.length) { box.scrollIntoView({ block: "nearest" }); }
  }

  function randomId() {
    const bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function poll() {
    if (!polling) { return; }
    try {
      const response = await fetch("/chat/messages?after=" + last,
                                   { credentials: "same-origin" });
      if (response.ok) { show((await response.json()).messages); }
    } catch (error) { /* offline for a moment: the next poll tries again */ }
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const text = box.value;
    if (!text.trim()) { box.focus(); return; }
    send.disabled = true;
    notice.textContent = "";
    try {
      const response = await fetch("/chat/messages", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-Borgerdesk-Csrf": csrf.value },
        body: JSON.stringify({ text: text, id: form.elements.id.value, lang: lang,
                               after: last }),
      });
      const body = await response.json();
      if (!response.ok) {
        notice.textContent = body.message || notice.dataset.failed;
        return;
      }
      csrf.value = body.csrf;
      form.elements.id.value = randomId();
      box.value = "";
      polling = true;
      show(body.messages);
      form.dispatchEvent(new CustomEvent("chat:sent", { detail: body.warn_seconds }));
      if (body.language && body.language !== lang) {
        window.location.assign("/chat?lang=" + body.language);
      }
    } catch (error) {
      notice.textContent = notice.dataset.failed;
    } finally {
      send.disabled = false;
      box.focus();
    }
  });

  window.setInterval(poll, pollMs);

  // WCAG 2.2.1: say before the session ends, and offer to continue. Each message moves it.
  const expiry = document.getElementById("expiry");
  const warning = document.getElementById("expiry-warning");
  const keep = document.getElementById("continue-form");
  let warnTimer = 0;
  function warnIn(seconds) {
    window.clearTimeout(warnTimer);
    if (seconds === null || seconds === undefined || !keep.hidden) { return; }
    warnTimer = window.setTimeout(function () {
      warning.textContent = expiry.dataset.warning;
      keep.hidden = false;
    }, seconds * 1000);
  }
  if (log.dataset.last !== "0") { warnIn(Number(expiry.dataset.warnSeconds)); }
  form.addEventListener("chat:sent", function (event) { warnIn(event.detail); });
}());
