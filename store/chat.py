"""The citizen's messages after filing, and which of them the advisor has not seen yet.

Once an inquiry is filed from a chat, the citizen's later messages in the same chat (the same
sender id) go to that inquiry's journal as incoming chat entries. A platform's retry carries
the same message id, kept on the entry, so a message is added once even if the first
delivery was answered late. "Seen" is the last journal entry the advisor was shown, per
inquiry in ``seen.json`` (an entry number, not a time, so no clock can disagree); the
citizen's messages after it are *unread*. It is a file of
its own so that opening an inquiry never changes the inquiry (nor its version, which would
make a colleague's edit conflict).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from msgspec.structs import replace
from tinydb.table import Table

from store.model import Citizen, Inquiry, JournalEntry
from store.storage import transaction
from store.taxonomy import Channel, Direction, JournalKind

if TYPE_CHECKING:
    from store.ports import StorePort

SEEN_FILE = "seen.json"
CITIZEN = "citizen"  # the journal's "by" of the citizen's own messages
CLOSED_FOLLOW_UP = timedelta(days=30)  # after that, writing again starts a new inquiry


class ChatLog:
    """Citizens' follow-up messages and the advisor's "seen" marks, for one store."""

    def __init__(self, store: StorePort) -> None:
        self.store = store

    def inquiry_of(self, sender: str) -> Inquiry | None:
        """The latest inquiry filed from this chat sender (``slack:T1:U2``, ``web:…``) that
        the chat still belongs to: unfinished, or finished less than 30 days ago."""
        now = self.store.clock()
        candidates = [inquiry for inquiry in self.store.earlier_inquiries(
                          Citizen(chat_id=sender), before=now + timedelta(seconds=1))
                      if inquiry.channel is Channel.CHAT and inquiry.citizen is not None
                      and inquiry.citizen.chat_id == sender]
        if not candidates:
            return None
        latest = candidates[-1]
        if latest.closed_at is not None and latest.closed_at + CLOSED_FOLLOW_UP < now:
            return None
        return latest

    def add_incoming(self, ref: str, text: str, message_id: str | None = None) -> Inquiry:
        """Add the citizen's message (already CPR-masked) to the journal, once per id."""
        now = self.store.clock()

        def add(inquiry: Inquiry) -> Inquiry:
            if message_id and any(entry.source_id == message_id for entry in inquiry.journal):
                return inquiry  # a retry of a message already added
            entry = JournalEntry(id=len(inquiry.journal) + 1, at=now, kind=JournalKind.CHAT,
                                 text=text.strip(), by=CITIZEN, direction=Direction.IN,
                                 source_id=message_id or "")
            return replace(inquiry, journal=(*inquiry.journal, entry))

        return self.store.change(ref, "citizen message", add, by=CITIZEN)

    # -- seen and unread -----------------------------------------------------------------
    def mark_seen(self, ref: str) -> None:
        """The advisor has opened the inquiry: every journal entry so far is read."""
        last = max((entry.id for entry in self.store.get(ref).journal), default=0)
        storage = self.store.storage(SEEN_FILE)
        with transaction(storage):
            table = Table(storage, "seen", cache_size=0)
            current = next((doc for doc in table.all() if doc["ref"] == ref), None)
            if current is None:
                table.insert({"ref": ref, "entry": last})
            elif current["entry"] < last:
                table.update({"entry": last}, doc_ids=[current.doc_id])

    def seen(self) -> dict[str, int]:
        """Per reference, the last journal entry the advisor has seen."""
        with self.store.storage(SEEN_FILE).snapshot() as data:
            return {record["ref"]: record["entry"]
                    for record in data.get("seen", {}).values()}

    def unread(self, inquiries: list[Inquiry] | None = None) -> dict[str, int]:
        """Per reference, the citizen's messages that came after the advisor last opened
        the inquiry (only references that have any)."""
        seen = self.seen()
        counts = {}
        for inquiry in self.store.inquiries() if inquiries is None else inquiries:
            since = seen.get(inquiry.ref, 0)
            count = sum(entry.direction is Direction.IN and entry.id > since
                        for entry in inquiry.journal)
            if count:
                counts[inquiry.ref] = count
        return counts
