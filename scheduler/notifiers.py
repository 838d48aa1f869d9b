"""Where reminders and summaries go: a Slack or Teams webhook, e-mail, or the log.

Each notifier is small and says whether it delivered. Failures are retried with backoff by
``deliver`` and logged without the message's content; they never raise into the scheduler.
"""

from __future__ import annotations

import json
import logging
import smtplib
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from ipaddress import ip_address
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from store.i18n import ngettext

log = logging.getLogger("borgerdesk.notify")


@dataclass(frozen=True)
class Notice:
    """A title and a few lines; ``refs`` are what the log may name."""

    title: str
    lines: tuple[str, ...]
    refs: tuple[str, ...] = ()


class Notifier(Protocol):
    name: str

    def send(self, notice: Notice) -> bool: ...


def _post_json(url: str, payload: dict) -> tuple[int, bytes]:
    if not url.startswith(("https://", "http://")):
        raise ValueError("webhook URLs must be http(s)")
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",  # noqa: S310 - http(s) only, checked above
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - as above
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


SLACK_SECTION = 3000  # characters in one section block
SLACK_SECTIONS = 48  # a message has at most 50 blocks: the header, these, "and N more"


def slack_escaped(text: str) -> str:
    """Slack reads ``<!channel>`` and ``<https://x|label>`` in mrkdwn and in the fallback
    text; escaped, a citizen's name can neither ping a channel nor disguise a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_sections(lines: tuple[str, ...]) -> list[str]:
    """The lines in section-sized pieces, cut between lines (a single overlong line is
    shortened); past the block limit, one last piece says how many lines were left out."""
    sections: list[str] = []
    current: list[str] = []
    for number, line in enumerate(lines):
        line = line if len(line) <= SLACK_SECTION else line[:SLACK_SECTION - 1] + "…"
        if current and len("\n".join([*current, line])) > SLACK_SECTION:
            sections.append("\n".join(current))
            current = []
            if len(sections) == SLACK_SECTIONS:
                left = len(lines) - number
                return [*sections, _n_more(left)]
        current.append(line)
    return [*sections, "\n".join(current)] if current else sections or ["-"]


def _n_more(count: int) -> str:
    return ngettext("… and {count} more line", "… and {count} more lines", count).format(
        count=count)


class SlackWebhook:
    """A Slack incoming webhook: ``{"text", "blocks"}``; success is 200 with body ``ok``."""

    name = "slack"

    def __init__(self, url: str) -> None:
        self.url = url

    def send(self, notice: Notice) -> bool:
        sections = slack_sections(tuple(slack_escaped(line) for line in notice.lines))
        status, body = _post_json(self.url, {
            "text": slack_escaped("\n".join((notice.title, *notice.lines))),
            "blocks": [
                {"type": "header", "text": {"type": "plain_text", "text": notice.title[:150]}},
                *({"type": "section", "text": {"type": "mrkdwn", "text": section}}
                  for section in sections),
            ]})
        return status == 200 and body.strip() == b"ok"


class TeamsWorkflow:
    """A Teams Workflows webhook: an Adaptive Card attachment (plain text makes the flow
    fail); any 2xx is success. Lines go in text runs, which Teams shows as they are: a
    TextBlock would read ``[Åbn sag](https://evil)`` in a name as a link."""

    name = "teams"

    def __init__(self, url: str) -> None:
        self.url = url

    def send(self, notice: Notice) -> bool:
        card = {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard", "version": "1.4",
                "body": [{"type": "TextBlock", "text": notice.title, "weight": "Bolder",
                          "size": "Medium", "wrap": True},
                         *({"type": "RichTextBlock",
                            "inlines": [{"type": "TextRun", "text": line}]}
                           for line in notice.lines)]}
        status, _body = _post_json(self.url, {"type": "message", "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}]})
        return 200 <= status < 300


class Email:
    """E-mail from ``smtp://user:password@host:587/?from=…&to=…``. STARTTLS is used whenever
    the server offers it and required unless the server is on this machine. The body is
    plain text, so nothing in it is read as markup or a link target."""

    name = "email"

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme != "smtp" or not parts.hostname:
            raise ValueError("BORGERDESK_SMTP_URL must look like smtp://host:587/?from=…&to=…")
        query = parse_qs(parts.query)
        self.host, self.port = parts.hostname, parts.port or 587
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.sender = query.get("from", ["borgerdesk@localhost"])[0]
        self.recipients = query.get("to", [])
        if not self.recipients:
            raise ValueError("BORGERDESK_SMTP_URL needs ?to=…")

    def _local(self) -> bool:
        try:
            return ip_address(self.host).is_loopback
        except ValueError:
            return self.host == "localhost"

    def send(self, notice: Notice) -> bool:
        message = EmailMessage()
        message["Subject"], message["From"] = notice.title, self.sender
        message["To"] = ", ".join(self.recipients)
        message.set_content("\n".join(notice.lines))
        with smtplib.SMTP(self.host, self.port, timeout=15) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls()
                smtp.ehlo()
            elif not self._local():
                raise smtplib.SMTPException("the server does not offer STARTTLS")
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(message)
        return True


class Log:
    """The service's log; names references only."""

    name = "log"

    def send(self, notice: Notice) -> bool:
        log.info("%s: %s", notice.title, ", ".join(notice.refs) or "-")
        return True


def deliver(notifier: Notifier, notice: Notice, delays: tuple[float, ...] = (1, 2, 4)) -> bool:
    """Send with retries and backoff; False (and a log line) if every try failed."""
    for delay in (*delays, None):
        try:
            if notifier.send(notice):
                return True
        except (OSError, smtplib.SMTPException, ValueError) as error:
            log.warning("%s notifier failed: %s", notifier.name, type(error).__name__)
        if delay is not None:
            time.sleep(delay)
    log.error("%s notifier gave up on %r", notifier.name, notice.title)
    return False
