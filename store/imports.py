"""Which files were imported: a content hash and when, so the same file is not imported
twice by mistake (``borgerdesk import`` refuses it unless told ``--again``).

``imports.json`` holds one record per import (``--again`` adds one too).
``Store.import_inquiries(..., digest=...)`` checks for an earlier record and writes the new one
in the same transaction as the inquiries, under the lock of ``imports.json``, so two processes
importing one file at once cannot both pass the check. The record is renamed into place after
the year files, so a crash can leave an import unrecorded (and importable again), never
recorded without its inquiries. A file without rows is not recorded.
"""

from __future__ import annotations

from datetime import datetime

from tinydb.table import Table

from store.errors import AlreadyImportedError
from store.i18n import _
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

    def refuse_recorded(self, digest: str) -> None:
        """AlreadyImportedError naming when, if a file with this hash was imported before;
        called inside the import's transaction, so no other import can slip in between."""
        imported_at = self.recorded(digest)
        if imported_at is not None:
            raise AlreadyImportedError(_(
                "a file with the same content was imported before, on {when}").format(
                when=f"{self.store.calendar.local(imported_at):%Y-%m-%d %H:%M}"),
                at=imported_at)

    def record(self, digest: str, rows: int) -> None:
        """Remember that a file with this hash was imported now, with ``rows`` inquiries."""
        with transaction(self.storage):
            self.record_within(digest, rows)

    def record_within(self, digest: str, rows: int) -> None:
        """``record`` inside a transaction that holds this storage already."""
        Table(self.storage, "imports", cache_size=0).insert(
            {"digest": digest, "at": self.store.clock().isoformat(), "rows": rows})
