"""Which files were imported: a content hash and when, so the same file is not imported
twice by mistake (``borgerdesk import`` refuses it unless told ``--again``).

``imports.json`` holds one record per digest. ``Store.import_inquiries(..., digest=...)``
writes the record in the same transaction as the inquiries, renamed into place after the
year files, so a crash can leave an import unrecorded (and importable again), never
recorded without its inquiries.
"""

from __future__ import annotations

from datetime import datetime

from tinydb import Query
from tinydb.table import Table

from store.ports import StorePort
from store.storage import SharedJSONStorage, transaction

IMPORTS_FILE = "imports.json"


class Imports:
    """The record of imported files, shared by every process."""

    def __init__(self, store: StorePort) -> None:
        self.store = store
        self.storage: SharedJSONStorage = store.storage(IMPORTS_FILE)

    def recorded(self, digest: str) -> datetime | None:
        """When a file with this content hash was last imported, or None."""
        with self.storage.snapshot() as data:
            times = [datetime.fromisoformat(record["at"])
                     for record in data.get("imports", {}).values()
                     if record["digest"] == digest]
        return max(times, default=None)

    def record(self, digest: str, rows: int) -> None:
        """Remember that a file with this hash was imported now, with ``rows`` inquiries."""
        with transaction(self.storage):
            self.record_within(digest, rows)

    def record_within(self, digest: str, rows: int) -> None:
        """``record`` inside a transaction that holds this storage already."""
        Table(self.storage, "imports", cache_size=0).upsert(
            {"digest": digest, "at": self.store.clock().isoformat(), "rows": rows},
            Query().digest == digest)
