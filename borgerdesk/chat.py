"""``borgerdesk chat``: talk to the local intake endpoint as a citizen would, signed like a
real web chat, to try the bot without Slack or Teams."""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request

from borgerdesk.config import Settings
from borgerdesk.console import err, out
from borgerdesk.service import listen_address
from intake_bot.security import web_signature
from store import BorgerdeskError
from store.i18n import _


def send(url: str, secret: str, session: str, text: str) -> list[str]:
    body = json.dumps({"session": session, "text": text, "id": secrets.token_hex(8)}).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(url, data=body, method="POST", headers={  # noqa: S310 - http(s) checked by the caller
        "Content-Type": "application/json", "X-Borgerdesk-Timestamp": timestamp,
        "X-Borgerdesk-Signature": web_signature(secret, timestamp, body)})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - as above
            return json.loads(response.read())["replies"]
    except urllib.error.HTTPError as error:
        try:
            message = json.loads(error.read() or b"{}").get("message", "")
        except ValueError:
            message = ""
        raise BorgerdeskError(_("the bot answered {status}: {message}").format(
            status=error.code, message=message)) from None
    except (urllib.error.URLError, OSError) as error:
        raise BorgerdeskError(_("cannot reach {url} ({reason}); is borgerdesk serve "
                                "running?").format(url=url, reason=error)) from None


def run_chat(settings: Settings, url: str | None, session: str | None) -> int:
    secret = settings.secrets.get("web_secret")
    if not secret:
        raise BorgerdeskError(_("not set in the environment: {names}").format(
            names="BORGERDESK_WEB_SECRET"))
    if url is None:
        host, port = listen_address(settings)
        url = f"http://{host}:{port}/web/messages"
    if not url.startswith(("http://", "https://")):
        raise BorgerdeskError(_("--url must start with http:// or https://"))
    session = session or secrets.token_hex(4)
    err.print(_("Talking to {url} as session {session}. Ctrl+D ends.").format(
        url=url, session=session), markup=False)
    while True:
        try:
            text = input("> ")
        except EOFError:
            return 0
        if text.strip():
            for reply in send(url, secret, session, text):
                out.print(reply, markup=False, highlight=False)
