"""Answers waiting for a web chat citizen to fetch them (the generic ``web`` platform).

A web widget cannot be called by the service; it asks. Delivering an answer to ``web`` puts
it here, keyed by the chat session, and the citizen's next request takes it out: taking
removes it in the same write, so each answer is handed out once. Letters nobody fetched are
dropped after 30 days, and erasing an inquiry's personal data drops its letters too
(``drop``), so this small file never keeps what the inquiry no longer holds.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from tinydb.table import Table

from store.storage import transaction

if TYPE_CHECKING:
    from store.ports import StorePort

MAILBOX_FILE = "mailbox.json"
KEEP = timedelta(days=30)


class Mailbox:
    """Per web chat session, the advisor's answers not yet fetched."""

    def __init__(self, store: StorePort) -> None:
        self.store = store
        self.storage = store.storage(MAILBOX_FILE)

    def _letters(self, now: datetime) -> Table:
        table = Table(self.storage, "letters", cache_size=0)
        old = [doc.doc_id for doc in table.all()
               if datetime.fromisoformat(doc["at"]) + KEEP <= now]
        if old:
            table.remove(doc_ids=old)
        return table

    def put(self, session: str, ref: str, entry_id: int, text: str) -> None:
        """Leave an answer for the session; putting the same answer again changes nothing."""
        now = self.store.clock()
        with transaction(self.storage):
            letters = self._letters(now)
            if not any(doc["ref"] == ref and doc["entry"] == entry_id
                       for doc in letters.all()):
                letters.insert({"session": session, "ref": ref, "entry": entry_id,
                                "text": text, "at": now.isoformat()})

    def take(self, session: str) -> list[str]:
        """The session's answers, oldest first, removed as they are handed out."""
        now = self.store.clock()
        with self.storage.snapshot() as data:  # most requests find nothing: no lock then
            if not any(record["session"] == session
                       for record in data.get("letters", {}).values()):
                return []
        with transaction(self.storage):
            letters = self._letters(now)
            mine = sorted((doc for doc in letters.all() if doc["session"] == session),
                          key=lambda doc: (doc["at"], doc.doc_id))
            if mine:
                letters.remove(doc_ids=[doc.doc_id for doc in mine])
        return [doc["text"] for doc in mine]

    def drop(self, ref: str) -> None:
        """Forget the letters of one inquiry (its personal data was erased)."""
        with transaction(self.storage):
            letters = self._letters(self.store.clock())
            ids = [doc.doc_id for doc in letters.all() if doc["ref"] == ref]
            if ids:
                letters.remove(doc_ids=ids)
