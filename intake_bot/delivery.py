"""The advisor's answers going back out, one ``Deliverer`` per way (``Route.via``).

A deliverer either returns (the platform took the answer) or raises ``DeliveryError`` with
a short code, never the error's text (it could carry an address or the answer), and whether
trying again can help: only when the platform surely did not take it (it could not be
reached, or it answered with an error). A timeout after the request went out is not retried:
the answer may have arrived, and the outbox sends at most once. The citizens' web chat page
plugs in as one more deliverer for its own ``via``.
"""

from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from ipaddress import ip_address
from typing import Protocol
from urllib.parse import unquote, urlsplit

from store import Store
from store.i18n import _
from store.transcripts import Transcripts

SLACK_RETRYABLE = {"ratelimited", "internal_error", "fatal_error", "service_unavailable",
                   "request_timeout"}


@dataclass(frozen=True)
class Answer:
    """One answer to send: the inquiry, the journal entry, the address and the text."""

    ref: str
    entry_id: int
    address: str
    text: str


class DeliveryError(Exception):
    def __init__(self, code: str, *, retry: bool) -> None:
        super().__init__(code)
        self.code, self.retry = code, retry


class Deliverer(Protocol):
    via: str

    def deliver(self, answer: Answer) -> None: ...


def slack_escaped(text: str) -> str:
    """Slack reads ``&``, ``<`` and ``>`` as markup (links, mentions): escape them."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SlackDeliverer:
    """``chat.postMessage`` to the citizen's direct-message channel."""

    via = "slack"

    def __init__(self, api_url: str, token: str, timeout: float = 10.0) -> None:
        if not api_url.startswith(("https://", "http://")):
            raise ValueError("the Slack API URL must be http(s)")
        self.url = api_url.rstrip("/") + "/chat.postMessage"
        self.token, self.timeout = token, timeout

    def deliver(self, answer: Answer) -> None:
        body = json.dumps({"channel": answer.address, "text": slack_escaped(answer.text)})
        post = urllib.request.Request(self.url, data=body.encode(), method="POST", headers={  # noqa: S310 - http(s) only, checked above
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(post, timeout=self.timeout) as response:  # noqa: S310 - as above
                reply = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise DeliveryError(f"slack:http_{error.code}", retry=True) from None
        except TimeoutError:
            raise DeliveryError("slack:timeout", retry=False) from None
        except (urllib.error.URLError, OSError):
            raise DeliveryError("slack:unreachable", retry=True) from None
        except ValueError:
            raise DeliveryError("slack:bad_response", retry=False) from None
        if not reply.get("ok"):
            code = str(reply.get("error", "unknown"))[:40]
            raise DeliveryError(f"slack:{code}", retry=code in SLACK_RETRYABLE)


class EmailDeliverer:
    """E-mail through ``BORGERDESK_SMTP_URL`` (``smtp://user:password@host:587``) from the
    office's address. STARTTLS whenever offered; required unless the server is local."""

    via = "email"

    def __init__(self, smtp_url: str, sender: str, office_name: str) -> None:
        parts = urlsplit(smtp_url)
        if parts.scheme != "smtp" or not parts.hostname:
            raise ValueError("BORGERDESK_SMTP_URL must look like smtp://host:587")
        if "@" not in sender:
            raise ValueError("office.email must be set to send answers by e-mail")
        self.host, self.port = parts.hostname, parts.port or 587
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.sender, self.office_name = sender, office_name

    def _local(self) -> bool:
        try:
            return ip_address(self.host).is_loopback
        except ValueError:
            return self.host == "localhost"

    def deliver(self, answer: Answer) -> None:
        message = EmailMessage()
        message["Subject"] = _("Answer to your inquiry {ref}").format(ref=answer.ref)
        message["From"] = f"{self.office_name} <{self.sender}>"
        message["To"] = answer.address
        message.set_content(answer.text)
        try:
            smtp = smtplib.SMTP(self.host, self.port, timeout=15)
        except OSError:
            raise DeliveryError("smtp:unreachable", retry=True) from None
        try:
            with smtp:
                smtp.ehlo()
                if smtp.has_extn("starttls"):
                    smtp.starttls()
                    smtp.ehlo()
                elif not self._local():
                    raise DeliveryError("smtp:no_starttls", retry=False)
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _reply in error.recipients.values()]
            raise DeliveryError(f"smtp:recipient_{max(codes, default=550)}",
                                retry=all(400 <= code < 500 for code in codes)) from None
        except (smtplib.SMTPServerDisconnected, TimeoutError):
            raise DeliveryError("smtp:interrupted", retry=False) from None
        except smtplib.SMTPResponseException as error:
            raise DeliveryError(f"smtp:{error.smtp_code}",
                                retry=400 <= error.smtp_code < 500) from None
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"smtp:{type(error).__name__}", retry=False) from None


class MailboxDeliverer:
    """The generic web platform: the answer waits in the store for the widget to fetch."""

    via = "web"

    def __init__(self, store: Store) -> None:
        self.store = store

    def deliver(self, answer: Answer) -> None:
        self.store.mailbox.put(answer.address, answer.ref, answer.entry_id, answer.text)


class WebChatDeliverer:
    """The citizens' chat page: the answer joins the session's transcript, where the page
    shows it on its next poll or reload. Added once per journal entry, so a retry after a
    crash never shows it twice."""

    via = "webchat"

    def __init__(self, store: Store) -> None:
        self.transcripts = Transcripts(store)

    def deliver(self, answer: Answer) -> None:
        self.transcripts.append_advisor_message(answer.address, answer.text,
                                                f"answer:{answer.ref}:{answer.entry_id}")
