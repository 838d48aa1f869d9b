"""The service's side of the outbox: send the answers the advisor stored, each at most once.

Every second or so the sender asks the store for due answers, claims each (marked *sending*
on disk before the platform is called), hands it to the deliverer of its way and marks it
sent or failed. At start-up, answers left *sending* by a stopped service are marked failed
instead of being sent again (``Outbox.recover``). Logs name the reference, the journal entry
and an error code: never an address or the text.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from intake_bot.delivery import (
    Answer,
    Deliverer,
    DeliveryError,
    EmailDeliverer,
    MailboxDeliverer,
    SlackDeliverer,
    WebChatDeliverer,
)
from intake_bot.settings import BotSettings
from store import BorgerdeskError, Store
from store.outbox import route_of

log = logging.getLogger("borgerdesk.outbox")


class OutboxSender:
    """Sends due answers with the given deliverers, in a thread of the service or on call."""

    def __init__(self, store: Store, deliverers: Iterable[Deliverer],
                 poll_seconds: float = 1.0) -> None:
        self.store = store
        self.deliverers = {deliverer.via: deliverer for deliverer in deliverers}
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def recover(self) -> list[str]:
        refs = self.store.outbox.recover()
        for ref in refs:
            log.warning("answer in %s was interrupted while sending; not sent again", ref)
        return refs

    def send_due(self) -> int:
        """Send every due answer once; how many were sent."""
        sent = 0
        outbox = self.store.outbox
        for inquiry, entry in outbox.due():
            claimed = outbox.claim(inquiry.ref, entry.id)
            if claimed is None:
                continue
            inquiry, entry = claimed
            route = route_of(inquiry)
            deliverer = self.deliverers.get(entry.via)
            try:
                if not entry.text:
                    raise DeliveryError("erased", retry=False)  # anonymised meanwhile
                if route is None or route.via != entry.via:
                    raise DeliveryError("no_route", retry=False)
                if deliverer is None:
                    raise DeliveryError(f"{entry.via}:not_configured", retry=False)
                deliverer.deliver(Answer(inquiry.ref, entry.id, route.address, entry.text))
            except DeliveryError as error:
                outbox.fail(inquiry.ref, entry.id, error.code, retry=error.retry)
                log.warning("answer %s/%s not delivered (%s)", inquiry.ref, entry.id,
                            error.code)
            except Exception as error:  # a bug must not stop the sender nor resend
                outbox.fail(inquiry.ref, entry.id, type(error).__name__, retry=False)
                log.error("answer %s/%s failed (%s)", inquiry.ref, entry.id,
                          type(error).__name__)
            else:
                outbox.confirm(inquiry.ref, entry.id)
                sent += 1
                log.info("answer %s/%s sent by %s", inquiry.ref, entry.id, entry.via)
        return sent

    # -- running in the service -------------------------------------------------------------
    def start(self) -> None:
        self.recover()
        self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                self.send_due()
            except (BorgerdeskError, OSError) as error:  # e.g. a busy lock: next round
                log.warning("outbox round skipped (%s)", type(error).__name__)


def outbox_sender(settings: BotSettings, store: Store) -> OutboxSender:
    """A sender with a deliverer for every way the settings make possible: Slack with a bot
    token, e-mail with an SMTP URL and the office's address, the web mailbox and the
    citizens' chat page always."""
    deliverers: list[Deliverer] = [MailboxDeliverer(store), WebChatDeliverer(store)]
    if settings.slack_bot_token:
        deliverers.append(SlackDeliverer(settings.slack_api_url, settings.slack_bot_token))
    if settings.smtp_url and settings.office_email:
        deliverers.append(EmailDeliverer(settings.smtp_url, settings.office_email,
                                         settings.office_name))
    return OutboxSender(store, deliverers, settings.outbox_poll_seconds)
