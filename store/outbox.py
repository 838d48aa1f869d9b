"""Answers to the citizen: stored first, sent by the service, at most once (design.md 5).

The TUI and ``borgerdesk reply`` only add the answer to the journal, marked *pending*; the
service, which alone holds the platform clients, claims each due answer (*sending*, written
before the platform is called), then marks it *sent* or, after a failure, *pending* again
with a later try, or *failed* after the last try. An answer found *sending* when the service
starts was interrupted between the platform call and the mark: it may have arrived, so it
is never sent again but marked failed (``interrupted``) for the advisor to check.

The first response of an inquiry is the moment an answer was *sent*, not stored: an answer
still waiting in the outbox has not reached the citizen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from msgspec.structs import replace

from store import rules
from store.errors import NotFoundError, ValidationError
from store.i18n import _
from store.model import Inquiry, JournalEntry
from store.taxonomy import Channel, Delivery, Direction, JournalKind

if TYPE_CHECKING:
    from store.ports import StorePort

SERVICE_NOTE = "serve.json"  # written by a running ``borgerdesk serve``, removed when it stops

RETRY_AFTER = (timedelta(seconds=10), timedelta(minutes=1), timedelta(minutes=5),
               timedelta(minutes=30))
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class Route:
    """Where an answer goes: ``via`` slack, web or email, and the address there."""

    via: str
    address: str


def route_of(inquiry: Inquiry) -> Route | None:
    """Back in the chat the citizen wrote from, if the platform can take answers; else by
    e-mail if the citizen gave an address; else None (a Teams outgoing webhook cannot send
    on its own, and a phone number needs a call)."""
    citizen = inquiry.citizen
    if citizen is None:
        return None
    platform, _sep, sender = citizen.chat_id.partition(":")
    if inquiry.channel is Channel.CHAT and platform == "slack" and citizen.chat_channel:
        return Route("slack", citizen.chat_channel)
    if inquiry.channel is Channel.CHAT and platform == "web" and sender:
        return Route("web", sender)
    if inquiry.channel is Channel.CHAT and platform == "webchat" and sender:
        return Route("webchat", citizen.chat_id)
    if "@" in citizen.email:
        return Route("email", citizen.email.strip())
    return None


def describe(route: Route | None) -> str:
    """Where the answer will go, for the advisor (no address: the screen shows it)."""
    if route is None:
        return _("This citizen cannot be answered in writing from Borgerdesk (a Teams chat "
                 "cannot be written to, or no e-mail address was given).")
    return {"slack": _("The answer goes to the citizen's Slack direct message."),
            "web": _("The answer goes to the citizen's web chat."),
            "webchat": _("The answer goes to the citizen's chat page; they see it when they "
                         "open the page again in the same browser."),
            "email": _("The answer goes by e-mail to {address}.")}[route.via].format(
        address=route.address)


class Outbox:
    """Outgoing answers in the inquiries' journals, for one store."""

    def __init__(self, store: StorePort) -> None:
        self.store = store

    def answer(self, ref: str, text: str, *, by: str | None = None) -> Inquiry:
        """Store an answer to the citizen, pending; ValidationError if it cannot be sent."""
        if not text.strip():
            raise ValidationError(_("the answer is empty"))
        now = self.store.clock()

        def add(inquiry: Inquiry) -> Inquiry:
            route = route_of(inquiry)
            if route is None:
                raise ValidationError(describe(None))
            entry = JournalEntry(
                id=len(inquiry.journal) + 1, at=now, text=text.strip(),
                kind=JournalKind.EMAIL if route.via == "email" else JournalKind.CHAT,
                by=by or self.store.actor, direction=Direction.OUT, via=route.via,
                delivery=Delivery.PENDING, next_try_at=now)
            return replace(rules.touched(inquiry), journal=(*inquiry.journal, entry))

        return self.store.change(ref, "answer", add, by=by)

    def entries(self, *states: Delivery) -> list[tuple[Inquiry, JournalEntry]]:
        """Outgoing answers in any of ``states``, oldest first."""
        found = [(inquiry, entry) for inquiry in self.store.inquiries()
                 for entry in inquiry.journal
                 if entry.direction is Direction.OUT and entry.delivery in states]
        return sorted(found, key=lambda pair: pair[1].at)

    def due(self, now: datetime | None = None) -> list[tuple[Inquiry, JournalEntry]]:
        """Pending answers whose next try has come."""
        now = now or self.store.clock()
        return [(inquiry, entry) for inquiry, entry in self.entries(Delivery.PENDING)
                if entry.next_try_at is None or entry.next_try_at <= now]

    def sender_running(self) -> bool:
        """Whether a service runs on this data folder to send the answers (its note is
        there): if not, an answer stored now waits until one starts."""
        return (self.store.data_dir / SERVICE_NOTE).exists()

    def waiting(self, older_than: timedelta) -> list[tuple[Inquiry, JournalEntry]]:
        """Pending answers stored longer ago than ``older_than`` (for ``check``)."""
        cutoff = self.store.clock() - older_than
        return [pair for pair in self.entries(Delivery.PENDING) if pair[1].at <= cutoff]

    def claim(self, ref: str, entry_id: int) -> tuple[Inquiry, JournalEntry] | None:
        """Mark a pending answer *sending* before it is handed to the platform; None if it
        is not pending any more (another sender took it, or it was sent)."""
        inquiry = self._move(ref, entry_id, "answer sending", Delivery.PENDING,
                             lambda entry, now: replace(entry, delivery=Delivery.SENDING,
                                                        attempts=entry.attempts + 1))
        if inquiry is None:
            return None
        return inquiry, next(entry for entry in inquiry.journal if entry.id == entry_id)

    def confirm(self, ref: str, entry_id: int) -> Inquiry | None:
        """The platform took the answer: sent now, which is the first response if none."""
        return self._move(ref, entry_id, "answer sent", Delivery.SENDING,
                          lambda entry, now: replace(entry, delivery=Delivery.SENT,
                                                     sent_at=now, next_try_at=None,
                                                     error=""),
                          answered=True)

    def fail(self, ref: str, entry_id: int, code: str, *, retry: bool) -> Inquiry | None:
        """The platform refused or could not be reached: try again later (backoff), or give
        up after the last try or when trying again cannot help."""
        def failed(entry: JournalEntry, now: datetime) -> JournalEntry:
            if retry and entry.attempts < MAX_ATTEMPTS:
                return replace(entry, delivery=Delivery.PENDING, error=code[:80],
                               next_try_at=now + RETRY_AFTER[entry.attempts - 1])
            return replace(entry, delivery=Delivery.FAILED, error=code[:80], next_try_at=None)

        return self._move(ref, entry_id, "answer failed", Delivery.SENDING, failed)

    def recover(self) -> list[str]:
        """At start-up: answers left *sending* may have arrived, so they become failed
        (``interrupted``) instead of being sent twice. Their references."""
        interrupted = self.entries(Delivery.SENDING)
        for inquiry, entry in interrupted:
            self.fail(inquiry.ref, entry.id, INTERRUPTED, retry=False)
        return [inquiry.ref for inquiry, _entry in interrupted]

    def _move(self, ref: str, entry_id: int, action: str, expected: Delivery,
              change: Callable[[JournalEntry, datetime], JournalEntry], *,
              answered: bool = False) -> Inquiry | None:
        now, moved = self.store.clock(), []

        def apply(inquiry: Inquiry) -> Inquiry:
            index = next((index for index, entry in enumerate(inquiry.journal)
                          if entry.id == entry_id), None)
            if index is None:
                raise NotFoundError(_("{ref} has no journal entry {id}").format(
                    ref=inquiry.ref, id=entry_id))
            entry = inquiry.journal[index]
            if entry.direction is not Direction.OUT or entry.delivery is not expected:
                return inquiry
            journal = list(inquiry.journal)
            journal[index] = change(entry, now)
            moved.append(True)
            updated = replace(inquiry, journal=tuple(journal))
            return rules.answered(updated, now) if answered else updated

        inquiry = self.store.change(ref, action, apply, by="service")
        return inquiry if moved else None
